//! The step function (book 3.2.2).

use crate::Float;

/// 1 for x > 0, else 0: the perceptron's activation, whose derivative is 0 almost everywhere
/// (which is why a network trained by gradients cannot use it, book 4.2.5).
///
/// ```
/// use dldw::activation::step_function;
/// use nalgebra::RowSVector;
/// let x = RowSVector::<f64, 3>::new(-1.0, 0.0, 2.0);
/// assert_eq!(x.map(step_function), RowSVector::<f64, 3>::new(0.0, 0.0, 1.0));
/// ```
pub fn step_function<T: Float>(x: T) -> T {
    if x > T::zero() { T::one() } else { T::zero() }
}
