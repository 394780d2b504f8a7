//! Chapter 4 in one run: loss functions, numerical differentiation (and its rounding trap),
//! the numerical gradient, gradient descent and the book's simpleNet — each headline number
//! with one line on what it means. The per-topic examples `ch04_*` show more.
//!
//! Run: `cargo run --release --example ch04_tour` (no flags: the per-topic examples take them).

#[path = "common/cli.rs"]
mod cli;

use dldw::differentiation::{numerical_diff, numerical_diff_forward_bad};
use dldw::gradient::numerical_gradient;
use dldw::gradient_descent::gradient_descent;
use dldw::loss::{CrossEntropyError, Labels, Loss, OneHot, SumSquaredError};
use dldw::simple_net::SimpleNet;
use nalgebra::{Matrix2x3, RowSVector, RowVector2, RowVector3};

/// Chapter 4's headline numbers in one run.
#[derive(clap::Parser)]
struct Args {}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _: Args = cli::parse();
    println!("4.2 Loss: how wrong is the answer? Target class 2.");
    let t = Labels::<1, 10>::new([2])?;
    let right = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    let wrong = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
    for (name, y, note) in [
        ("0.6 on class 2 (right)", &right, "small: the answer got most probability"),
        ("0.6 on class 7 (wrong)", &wrong, "larger: the loss punishes the wrong answer"),
    ] {
        let (sse, cee) = (SumSquaredError.loss(y, &t), CrossEntropyError.loss(y, &t));
        println!("  {name}: SSE {sse:.4}, CEE {cee:.4}  ({note})");
    }

    println!("\n4.3 Numerical differentiation of f(x) = 0.01x² + 0.1x at x = 5 (true slope 0.2).");
    let f = |x: f64| 0.01 * (x * x) + 0.1 * x;
    let bad = numerical_diff_forward_bad(f, 5.0);
    println!("  forward difference, h = 1e-50: {bad}  (5 + 1e-50 rounds to 5: never make h that small)");
    println!("  central difference, h = 1e-4:  {}  (the book's value)", numerical_diff(f, 5.0));

    println!("\n4.4 The gradient of f(x0, x1) = x0² + x1²: all partial derivatives at once.");
    let f2 = |x: &RowVector2<f64>| x[0] * x[0] + x[1] * x[1];
    let g = numerical_gradient(f2, &RowVector2::new(3.0, 4.0));
    println!("  at (3, 4): ({:.8}, {:.8})  (= (2x0, 2x1); −gradient points downhill)", g[0], g[1]);

    println!("\n4.4.1 Gradient descent from (−3, 4): x ← x − lr·gradient.");
    let start = RowVector2::new(-3.0, 4.0);
    for (lr, steps, note) in [
        (0.1, 20, "walks to the minimum (0, 0)"),
        (10.0, 100, "too large: overshoots and diverges"),
        (1e-10, 100, "too small: stays put"),
    ] {
        let x = gradient_descent(f2, start, lr, steps)?.x;
        println!("  lr {lr:e}, {steps} steps: ({:.8e}, {:.8e})  {note}", x[0], x[1]);
    }

    println!("\n4.4.2 simpleNet: one 2×3 weight matrix, softmax, cross-entropy, and ∂L/∂W.");
    let net =
        SimpleNet::new(Matrix2x3::new(0.47355232, 0.9977393, 0.84668094, 0.85557411, 0.03563661, 0.69422093));
    let x = RowVector2::new(0.6, 0.9);
    let t = OneHot::new(RowVector3::new(0.0, 0.0, 1.0))?;
    let p = net.predict(&x);
    println!("  predict: {:.8?}, class {}", p.as_slice(), p.transpose().argmax().0);
    println!("  loss: {:.8}  (−log of the probability given to the answer)", net.loss(&x, &t));
    let dw = net.numerical_gradient(&x, &t);
    println!("  dW row 0: {:.8?}", dw.row(0).iter().collect::<Vec<_>>());
    println!("  dW row 1: {:.8?}", dw.row(1).iter().collect::<Vec<_>>());
    println!("  (negative on the answer's column: raising those weights lowers the loss)");
    Ok(())
}
