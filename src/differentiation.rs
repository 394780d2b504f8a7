//! Numerical differentiation (book 4.3.1–4.3.3): the slope of a function measured with a small
//! step, and why the step must not be too small.
//!
//! The derivative is the limit df/dx = lim_{h→0} (f(x + h) − f(x)) / h. A computer cannot take
//! the limit, and the book's lesson is that it cannot take *very* small `h` either:
//!
//! * [`numerical_diff_forward_bad`] uses the definition as written with h = 1e-50. In f64,
//!   `5.0 + 1e-50 == 5.0` (the step is far below the spacing of f64 numbers near 5, about
//!   8.9e-16), so the numerator is exactly 0 and the "derivative" is 0. In f32, `1e-50` itself
//!   rounds to 0 (the book's `np.float32(1e-50)` is `0.0`), and the result is 0/0 = NaN.
//! * [`numerical_diff`] uses h = 1e-4 and the *central* difference (f(x + h) − f(x − h)) / 2h,
//!   whose error shrinks like h² instead of h. This is what the rest of the crate uses.
//!
//! ```
//! use dldw::differentiation::{numerical_diff, numerical_diff_forward_bad};
//! let f = |x: f64| 0.01 * (x * x) + 0.1 * x; // the book's function_1; f'(x) = 0.02x + 0.1
//! assert_eq!(numerical_diff_forward_bad(f, 5.0), 0.0); // wrong: rounding ate the step
//! assert_eq!(numerical_diff(f, 5.0), 0.1999999999990898); // true value 0.2
//! ```

use crate::Float;

/// The step the book uses for every numerical derivative and gradient: h = 1e-4.
///
/// Large enough that x ± h differs from x in f64 for the values networks use, small enough
/// that the central difference's h² error term stays near 1e-8 for smooth functions.
pub const H: f64 = 1e-4;

/// The step of the bad example: h = 1e-50, far below what a float can add to a number near 1.
///
/// (The book writes `10e-50`, which is 1e-49; the result is the same.)
pub const H_TOO_SMALL: f64 = 1e-50;

/// The derivative df/dx at `x` by the central difference with h = [`H`] = 1e-4 (book 4.3.2):
///
/// df/dx ≈ (f(x + h) − f(x − h)) / 2h.
///
/// The book's function_1, f(x) = 0.01x² + 0.1x, has f'(5) = 0.2 and f'(10) = 0.3; the numerical
/// values are the book's to the last digit — when f is written as the book writes it:
/// `0.01*x**2` squares first, so `0.01 * (x * x)`, not `0.01 * x * x`, whose different rounding
/// gives 0.2999999999997449 at x = 10. For a quadratic the central difference is exact in
/// real arithmetic, so what remains is rounding in f(x ± h), about ε·|f(x)|/h.
///
/// ```
/// use dldw::differentiation::numerical_diff;
/// let f = |x: f64| 0.01 * (x * x) + 0.1 * x;
/// assert_eq!(numerical_diff(f, 5.0), 0.1999999999990898);
/// assert_eq!(numerical_diff(f, 10.0), 0.2999999999986347);
/// // Generic over the float type; f32 rounding makes the answer far rougher.
/// assert!((numerical_diff(|x: f32| 0.01 * (x * x) + 0.1 * x, 5.0) - 0.2).abs() < 0.02);
/// ```
pub fn numerical_diff<T: Float>(mut f: impl FnMut(T) -> T, x: T) -> T {
    let h = T::lit(H);
    let fxh1 = f(x + h);
    central_difference(fxh1, f(x - h))
}

/// **The wrong way, kept to teach why** (book 4.3.1): the forward difference
/// (f(x + h) − f(x)) / h with h = [`H_TOO_SMALL`] = 1e-50.
///
/// It returns 0 in f64 for any ordinary `x`, because x + 1e-50 rounds back to x; in f32 it
/// returns NaN, because 1e-50 rounds to 0 and the division is 0/0. Even with a representable
/// `h`, the forward difference is biased by about h·f''(x)/2. Use [`numerical_diff`].
///
/// ```
/// use dldw::differentiation::numerical_diff_forward_bad;
/// let f = |x: f64| 0.01 * (x * x) + 0.1 * x;
/// assert_eq!(numerical_diff_forward_bad(f, 5.0), 0.0); // the true slope is 0.2
/// assert!(numerical_diff_forward_bad(|x: f32| 0.01 * (x * x) + 0.1 * x, 5.0).is_nan());
/// ```
pub fn numerical_diff_forward_bad<T: Float>(f: impl Fn(T) -> T, x: T) -> T {
    let h = T::lit(H_TOO_SMALL);
    (f(x + h) - f(x)) / h
}

/// (f(x + h) − f(x − h)) / 2h from the two function values, shared with the gradient so that
/// both compute the book's formula in the same order of operations.
pub(crate) fn central_difference<T: Float>(fxh1: T, fxh2: T) -> T {
    let h = T::lit(H);
    (fxh1 - fxh2) / (T::lit(2.0) * h)
}
