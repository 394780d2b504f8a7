//! ReLU (book 3.2.7) and its derivative, decided here once for the whole crate.

use crate::Float;

/// max(0, x).
///
/// ```
/// use dldw::activation::relu;
/// assert_eq!(relu(-2.0_f64), 0.0);
/// assert_eq!(relu(3.0_f32), 3.0);
/// ```
pub fn relu<T: Float>(x: T) -> T {
    if x > T::zero() { x } else { T::zero() }
}

/// The derivative of ReLU: 1 for x > 0, else 0 — **including at x = 0**.
///
/// ReLU has no derivative at 0; like the book's `Relu` layer (`mask = (x <= 0)`), dldw uses 0
/// there. Every place that needs it (the `Relu` layer's mask) calls this function, so the
/// choice is made in one place.
///
/// ```
/// use dldw::activation::relu_grad;
/// assert_eq!(relu_grad(0.0_f64), 0.0);
/// assert_eq!(relu_grad(1e-30_f64), 1.0);
/// assert_eq!(relu_grad(-1.0_f32), 0.0);
/// ```
pub fn relu_grad<T: Float>(x: T) -> T {
    if x > T::zero() { T::one() } else { T::zero() }
}
