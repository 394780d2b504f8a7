//! Cross-entropy error (book 4.2.2): E = −Σₖ tₖ log(yₖ + 1e-7).

use super::{Loss, Target};
use crate::Float;
use nalgebra::SMatrix;

/// The `delta` the book adds inside the logarithm so that `log 0` never happens.
pub const DELTA: f64 = 1e-7;

/// Cross-entropy error, E = −Σₖ tₖ log(yₖ + δ) with δ = 1e-7, averaged over the rows of a batch:
/// E = −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ).
///
/// Terms with `tₙₖ = 0` are skipped rather than multiplied by zero, so a probability of exactly
/// 0 elsewhere in the row cannot turn the loss into NaN.
///
/// ```
/// use dldw::loss::{CrossEntropyError, Labels, Loss};
/// use nalgebra::RowSVector;
/// let y = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
/// let e = CrossEntropyError.loss(&y, &Labels::<1, 10>::new([2]).unwrap());
/// assert!((e - 0.510825457099338).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CrossEntropyError;

impl Loss for CrossEntropyError {
    fn loss<T: Float, const N: usize, const C: usize>(
        &self,
        y: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T {
        let delta = T::lit(DELTA);
        let mut total = T::zero();
        for n in 0..N {
            for k in 0..C {
                let tk = t.value(n, k);
                if tk != T::zero() {
                    total -= tk * (y[(n, k)] + delta).ln();
                }
            }
        }
        total / T::lit(N as f64)
    }
}
