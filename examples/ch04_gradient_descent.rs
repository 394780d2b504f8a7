//! The numerical gradient of f(x₀, x₁) = x₀² + x₁² at the book's three points, then gradient
//! descent from (−3, 4) (book 4.4–4.4.1) with the learning rate and number of steps you give.
//!
//! Run: `cargo run --release --example ch04_gradient_descent` (the book's lr = 0.1, 20 steps),
//! then the book's experiments: `-- --lr 10 --steps 100` (too large) and
//! `-- --lr 1e-10 --steps 100` (too small).

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::gradient::numerical_gradient_rows;
use dldw::gradient_descent::gradient_descent;
use nalgebra::{Matrix3x2, RowVector2};

/// Gradient descent on the book's function_2.
#[derive(Parser)]
struct Args {
    /// Learning rate η (finite, > 0).
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    lr: f64,
    /// Number of steps (the book's step_num).
    #[arg(long, default_value_t = 20)]
    steps: usize,
    /// Starting x₀.
    #[arg(long, default_value_t = -3.0, allow_negative_numbers = true)]
    x0: f64,
    /// Starting x₁.
    #[arg(long, default_value_t = 4.0, allow_negative_numbers = true)]
    x1: f64,
}

/// The book's function_2.
fn f(x: &RowVector2<f64>) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

fn main() {
    let args: Args = cli::parse();
    if let Err(e) = dldw::check_learning_rate(args.lr) {
        cli::fail(&format!("--lr {}: {e}", args.lr));
    }
    for (flag, v) in [("x0", args.x0), ("x1", args.x1)] {
        cli::check(v.is_finite(), flag, v, "give a finite number");
    }

    let points = Matrix3x2::new(3.0, 4.0, 0.0, 2.0, 3.0, 0.0);
    let grads = numerical_gradient_rows(f, &points);
    println!("Gradient of x0² + x1² (the book prints [6. 8.], [0. 4.], [6. 0.]):");
    for (p, g) in points.row_iter().zip(grads.row_iter()) {
        println!("  at ({}, {}): ({:.8}, {:.8})", p[0], p[1], g[0], g[1]);
    }

    let init = RowVector2::new(args.x0, args.x1);
    let d = gradient_descent(f, init, args.lr, args.steps).unwrap_or_else(|e| cli::fail(&e.to_string()));
    println!("\nGradient descent from ({}, {}), lr = {:e}, {} steps:", args.x0, args.x1, args.lr, args.steps);
    println!("  x = ({:.8e}, {:.8e})", d.x[0], d.x[1]);
    println!("  Each step multiplies x by 1 - 2·lr = {}.", 1.0 - 2.0 * args.lr);
    println!("  The book, from (-3, 4): lr 0.1, 20 steps [-0.03458765  0.04611686];");
    println!(
        "  100 steps [-6.11110793e-10  8.14814391e-10]; lr 10, 100 steps [-2.58983747e+13 -1.29524862e+12];"
    );
    println!("  lr 1e-10, 100 steps [-2.99999994  3.99999992].");

    println!("\nThe path (the book's x_history, the point before each step):");
    for (i, x) in d.history.iter().enumerate() {
        println!("  step {i:>2}: ({:+.8e}, {:+.8e})", x[0], x[1]);
    }
}
