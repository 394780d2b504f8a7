//! Loss functions (book 4.2): how far the network's answer `y` is from the target `t`.
//!
//! | book | here |
//! |---|---|
//! | 4.2.1 sum of squared errors, E = ½Σ(y − t)² | [`SumSquaredError`] |
//! | 4.2.2 cross-entropy error, E = −Σ t·log(y + 1e-7) | [`CrossEntropyError`] |
//! | 4.2.3–4.2.4 mini-batch average, E = −(1/N)ΣΣ t·log y | every [`Loss`], over `N` rows |
//! | one-hot vs class-index `t` | [`OneHot`], [`Labels`] (kept with the data, in [`data`](crate::data)) |

use crate::Float;
use nalgebra::SMatrix;

mod cross_entropy_error;
mod sum_squared_error;

pub use crate::data::{Labels, OneHot, Target, TargetError};
pub use cross_entropy_error::CrossEntropyError;
pub use sum_squared_error::SumSquaredError;

/// A loss function: the per-sample error averaged over the `N` rows of a batch.
///
/// One sample is a batch of one: `RowSVector<T, C>` is `SMatrix<T, 1, C>`.
///
/// ```
/// use dldw::loss::{CrossEntropyError, Labels, Loss, SumSquaredError};
/// use nalgebra::RowSVector;
/// let y = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
/// let t = Labels::<1, 10>::new([2]).unwrap();
/// assert!((SumSquaredError.loss(&y, &t) - 0.0975).abs() < 1e-12);
/// assert!((CrossEntropyError.loss(&y, &t) - 0.510825457099338).abs() < 1e-12);
/// ```
pub trait Loss {
    /// The error of each row of `y` against `t`, averaged over the `N` rows.
    fn loss<T: Float, const N: usize, const C: usize>(
        &self,
        y: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T;
}
