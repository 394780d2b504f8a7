//! Numerical differentiation (book 4.3): why the forward difference with a tiny h gives 0, the
//! central difference with h = 1e-4 on f(x) = 0.01x² + 0.1x, and the partial derivatives of
//! f(x₀, x₁) = x₀² + x₁² at (3, 4).
//!
//! Run: `cargo run --release --example ch04_numerical_diff` (the book's h = 1e-4), or try
//! another step: `cargo run --release --example ch04_numerical_diff -- --h 1e-50` (or `--h 1e-2`,
//! `--x 10`).

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::differentiation::{H, H_TOO_SMALL, numerical_diff, numerical_diff_forward_bad};

/// Numerical derivatives of the book's function_1 and function_2.
#[derive(Parser)]
struct Args {
    /// The step h of the differences in the second part (the book's good choice is 1e-4).
    #[arg(long, default_value_t = H)]
    h: f64,
    /// Where to take the slope of function_1 (the book: 5 and 10).
    #[arg(long, default_value_t = 5.0, allow_negative_numbers = true)]
    x: f64,
}

/// The book's function_1 (`0.01*x**2 + 0.1*x`: square first, as `x**2` does).
fn function_1(x: f64) -> f64 {
    0.01 * (x * x) + 0.1 * x
}

fn main() {
    let args: Args = cli::parse();
    cli::check(args.h.is_finite() && args.h > 0.0, "h", args.h, "the step must be a finite number > 0");
    cli::check(args.x.is_finite(), "x", args.x, "give a finite number");
    let (h, x) = (args.h, args.x);

    println!("The wrong way: (f(x + h) - f(x)) / h with h = {H_TOO_SMALL:e}");
    let bad = numerical_diff_forward_bad(function_1, 5.0);
    println!("  f64: 5 + 1e-50 == 5 is {}, so the slope at 5 comes out {bad}", 5.0 + H_TOO_SMALL == 5.0);
    println!(
        "  f32: 1e-50 rounds to {} (book: np.float32(1e-50) is 0.0), so the slope is {}",
        H_TOO_SMALL as f32,
        numerical_diff_forward_bad(|x: f32| 0.01 * (x * x) + 0.1 * x, 5.0)
    );

    // The two formulas written out, so that --h can change the step (the library's functions
    // use the book's fixed h).
    let forward = (function_1(x + h) - function_1(x)) / h;
    let central = (function_1(x + h) - function_1(x - h)) / (2.0 * h);
    let truth = 0.02 * x + 0.1;
    println!("\nf(x) = 0.01x² + 0.1x at x = {x}, h = {h:e}; the true slope f'(x) = 0.02x + 0.1 = {truth}");
    println!("  forward difference (f(x + h) - f(x)) / h      = {forward}  (error {:.1e})", forward - truth);
    println!("  central difference (f(x + h) - f(x - h)) / 2h = {central}  (error {:.1e})", central - truth);
    if h == H {
        println!(
            "  the library's numerical_diff: f'(5) ≈ {}  (book 0.1999999999990898)",
            numerical_diff(function_1, 5.0)
        );
        println!(
            "                                f'(10) ≈ {}  (book 0.2999999999986347)",
            numerical_diff(function_1, 10.0)
        );
    }

    println!(
        "\nPartial derivatives of x0² + x1² at (3, 4) with h = {h:e}, each a 1-D slice with the other fixed:"
    );
    let df_dx0 = ((3.0 + h) * (3.0 + h) + 4.0 * 4.0 - ((3.0 - h) * (3.0 - h) + 4.0 * 4.0)) / (2.0 * h);
    let df_dx1 = (3.0 * 3.0 + (4.0 + h) * (4.0 + h) - (3.0 * 3.0 + (4.0 - h) * (4.0 - h))) / (2.0 * h);
    println!("  ∂f/∂x0 ≈ {df_dx0}  (book, h = 1e-4: 6.00000000000378; true 6)");
    println!("  ∂f/∂x1 ≈ {df_dx1}  (book, h = 1e-4: 7.999999999999119; true 8)");
}
