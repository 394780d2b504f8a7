//! The sigmoid function (book 3.2.4).

use crate::Float;

/// σ(x) = 1 / (1 + exp(−x)), computed so that it stays finite and exact at the extremes.
///
/// For x < 0 it evaluates exp(x) / (1 + exp(x)) instead, so exp never overflows: σ(−1e4) is 0
/// and σ(1e4) is 1, in f32 and f64.
///
/// ```
/// use dldw::activation::sigmoid;
/// assert_eq!(sigmoid(0.0_f64), 0.5);
/// assert!((sigmoid(1.0_f64) - 0.7310585786300049).abs() < 1e-15);
/// assert_eq!(sigmoid(-1e4_f32), 0.0);
/// assert_eq!(sigmoid(1e4_f32), 1.0);
/// ```
pub fn sigmoid<T: Float>(x: T) -> T {
    if x >= T::zero() {
        T::one() / (T::one() + (-x).exp())
    } else {
        let e = x.exp();
        e / (T::one() + e)
    }
}
