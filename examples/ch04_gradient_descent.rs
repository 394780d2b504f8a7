//! The numerical gradient of f(x₀, x₁) = x₀² + x₁² at the book's three points, then gradient
//! descent from (−3, 4) with a good learning rate (0.1), one too large (10) and one too small
//! (1e-10) (book 4.4–4.4.1).
//!
//! Run: `cargo run --release --example ch04_gradient_descent`

use dldw::gradient::numerical_gradient_rows;
use dldw::gradient_descent::gradient_descent;
use nalgebra::{Matrix3x2, RowVector2};

/// The book's function_2.
fn f(x: &RowVector2<f64>) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

fn main() -> Result<(), dldw::HyperParamError> {
    let points = Matrix3x2::new(3.0, 4.0, 0.0, 2.0, 3.0, 0.0);
    let grads = numerical_gradient_rows(f, &points);
    println!("Gradient of x0² + x1² (the book prints [6. 8.], [0. 4.], [6. 0.]):");
    for (p, g) in points.row_iter().zip(grads.row_iter()) {
        println!("  at ({}, {}): ({:.8}, {:.8})", p[0], p[1], g[0], g[1]);
    }

    let init = RowVector2::new(-3.0, 4.0);
    println!("\nGradient descent from (-3, 4):");
    for (lr, steps, what) in [
        (0.1, 20, "a good rate: close to the minimum (0, 0); book: [-0.03458765  0.04611686]"),
        (0.1, 100, "the same for 100 steps; book: [-6.11110793e-10  8.14814391e-10]"),
        (
            10.0,
            100,
            "too large: x grows ×19 a step until x ± 1e-4 rounds to x and the numerical\n      gradient is 0 (from step 10 on); book: [-2.58983747e+13 -1.29524862e+12]",
        ),
        (1e-10, 100, "too small: it barely moves; book: [-2.99999994  3.99999992]"),
    ] {
        let d = gradient_descent(f, init, lr, steps)?;
        println!("  lr = {lr:<5e} {steps:>3} steps -> ({:.8e}, {:.8e})", d.x[0], d.x[1]);
        println!("      {what}");
    }

    let d = gradient_descent(f, init, 0.1, 20)?;
    println!("\nThe path at lr = 0.1 (the book's x_history, the point before each step):");
    for (i, x) in d.history.iter().enumerate() {
        println!("  step {i:>2}: ({:+.8}, {:+.8})", x[0], x[1]);
    }
    Ok(())
}
