//! Where batches come from: a labelled set of samples.

use super::Batch;
use super::Labels;
use crate::Float;

/// A labelled set of samples of `I` features in `C` classes that can fill a batch.
///
/// The set chooses how a batch of `N` samples is held: most sets fill an `SMatrix<T, N, I>`;
/// MNIST fills a [`SparseRows<T, N, 784>`](crate::sparse::SparseRows), its nonzeros only. The
/// trainer asks the model to take whichever it is.
///
/// ```
/// use dldw::data::Dataset;
/// use dldw::loss::Labels;
/// use nalgebra::SMatrix;
/// /// Points on a line, labelled by their sign.
/// struct Signs(Vec<f64>);
/// impl Dataset<f64, 1, 2> for Signs {
///     type Batch<const N: usize> = SMatrix<f64, N, 1>;
///     fn len(&self) -> usize { self.0.len() }
///     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 1>) -> Labels<N, 2> {
///         for (n, &i) in idx.iter().enumerate() { x[n] = self.0[i]; }
///         Labels::new(idx.map(|i| usize::from(self.0[i] > 0.0))).expect("0 or 1 < 2 classes")
///     }
/// }
/// let data = Signs(vec![-1.0, 2.0]);
/// let mut x = SMatrix::<f64, 2, 1>::zeros();
/// assert_eq!(data.gather(&[1, 0], &mut x).classes(), &[1, 0]);
/// assert_eq!(x[0], 2.0);
/// ```
pub trait Dataset<T: Float, const I: usize, const C: usize> {
    /// How a batch of `N` samples is held: `SMatrix<T, N, I>`, or `SparseRows<T, N, I>` for
    /// data that is mostly zeros.
    type Batch<const N: usize>: Batch;

    /// The number of samples.
    fn len(&self) -> usize;

    /// Whether the set has no samples.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes samples `idx` into the rows of `x` and returns their labels.
    ///
    /// # Panics
    /// May panic if an index is not below [`Dataset::len`] (a programming error).
    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut Self::Batch<N>) -> Labels<N, C>;
}
