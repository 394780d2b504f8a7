//! The check that keeps NaN and infinities out of training: in a batch, in a parameter.

use super::matmul::all_finite;
use crate::Float;

/// The index of the first value that is NaN or infinite, if any (in a batch, or in a
/// parameter). The trainer checks every batch, so this first asks whether there is one at all,
/// with the CPU's widest vectors, and looks for where only when there is.
///
/// ```
/// use dldw::kernels::first_non_finite;
/// assert_eq!(first_non_finite(&[1.0_f32, 2.0, 3.0]), None);
/// assert_eq!(first_non_finite(&[1.0, f64::NAN, f64::INFINITY]), Some(1));
/// ```
pub fn first_non_finite<T: Float>(values: &[T]) -> Option<usize> {
    if all_finite(values) { None } else { values.iter().position(|v| !v.is_finite()) }
}
