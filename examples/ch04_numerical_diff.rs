//! Numerical differentiation (book 4.3): why the forward difference with a tiny h gives 0, the
//! central difference with h = 1e-4 on f(x) = 0.01x² + 0.1x, and the partial derivatives of
//! f(x₀, x₁) = x₀² + x₁² at (3, 4).
//!
//! Run: `cargo run --release --example ch04_numerical_diff`

use dldw::differentiation::{H_TOO_SMALL, numerical_diff, numerical_diff_forward_bad};

/// The book's function_1 (`0.01*x**2 + 0.1*x`: square first, as `x**2` does).
fn function_1(x: f64) -> f64 {
    0.01 * (x * x) + 0.1 * x
}

fn main() {
    println!("The wrong way: (f(x + h) - f(x)) / h with h = {H_TOO_SMALL:e}");
    let bad = numerical_diff_forward_bad(function_1, 5.0);
    println!("  f64: 5 + 1e-50 == 5 is {}, so the slope at 5 comes out {bad}", 5.0 + H_TOO_SMALL == 5.0);
    println!(
        "  f32: 1e-50 rounds to {} (book: np.float32(1e-50) is 0.0), so the slope is {}",
        H_TOO_SMALL as f32,
        numerical_diff_forward_bad(|x: f32| 0.01 * (x * x) + 0.1 * x, 5.0)
    );

    println!("\nThe central difference (f(x + h) - f(x - h)) / 2h with h = 1e-4, f'(x) = 0.02x + 0.1:");
    println!("  f'(5)  ≈ {}  (book 0.1999999999990898, true 0.2)", numerical_diff(function_1, 5.0));
    println!("  f'(10) ≈ {}  (book 0.2999999999986347, true 0.3)", numerical_diff(function_1, 10.0));

    println!("\nPartial derivatives of x0² + x1² at (3, 4), each a 1-D slice with the other fixed:");
    let df_dx0 = numerical_diff(|x0: f64| x0 * x0 + 4.0 * 4.0, 3.0);
    let df_dx1 = numerical_diff(|x1: f64| 3.0 * 3.0 + x1 * x1, 4.0);
    println!("  ∂f/∂x0 ≈ {df_dx0}  (book 6.00000000000378, true 6)");
    println!("  ∂f/∂x1 ≈ {df_dx1}  (book 7.999999999999119, true 8)");
}
