//! What the trainer needs of a batch, dense or sparse: room to fill, and a check of the data.

use crate::Float;
use crate::kernels::first_non_finite;
use crate::kernels::sparse::SparseRows;
use nalgebra::SMatrix;

/// A batch a [`Dataset`](super::Dataset) fills: the trainer allocates one before its loop and
/// refills it at every step, and refuses data that is not finite.
///
/// ```
/// use dldw::data::Batch;
/// let mut x = nalgebra::SMatrix::<f64, 100, 784>::empty_batch();
/// assert_eq!(x.first_non_finite(), None);
/// x[(7, 300)] = f64::NAN;
/// assert!(matches!(x.first_non_finite(), Some((7, v)) if v.is_nan()));
/// ```
pub trait Batch: Send {
    /// A batch of zeros on the heap (a 100×784 `f64` batch is 627 KB, too big for a test
    /// thread's stack).
    fn empty_batch() -> Box<Self>;

    /// The row and value of the first element that is NaN or infinite, if any.
    fn first_non_finite(&self) -> Option<(usize, f64)>;

    /// Work on a gathered batch that the trainer does on its helper thread, beside training,
    /// before the model learns from it. Nothing for a dense batch; a
    /// [`SparseRows`](crate::kernels::sparse::SparseRows) batch sorts its nonzeros by column too, as
    /// the first layer's dW = Xᵀ·dY reads them, which then needs no sort of its own. The batch
    /// holds the same samples either way.
    ///
    /// ```
    /// use dldw::data::Batch;
    /// use dldw::sparse::SparseRows;
    /// let x = SparseRows::<f64, 2, 3>::from_dense(&nalgebra::Matrix2x3::new(1.0, 0.0, 2.0, 0.0, 3.0, 0.0));
    /// let mut prepared = x.clone();
    /// prepared.prepare();
    /// assert_eq!(prepared, x);
    /// assert_eq!(prepared.to_dense(), x.to_dense());
    /// ```
    fn prepare(&mut self) {}
}

impl<T: Float, const N: usize, const I: usize> Batch for SMatrix<T, N, I> {
    fn empty_batch() -> Box<Self> {
        crate::zeros_boxed()
    }

    fn first_non_finite(&self) -> Option<(usize, f64)> {
        // nalgebra stores column by column: element k is in row k mod N.
        first_non_finite(self.as_slice()).map(|k| (k % N, self.as_slice()[k].as_f64()))
    }
}

impl<T: Float, const N: usize, const I: usize> Batch for SparseRows<T, N, I> {
    fn empty_batch() -> Box<Self> {
        Box::default()
    }

    fn prepare(&mut self) {
        self.sort_columns();
    }

    fn first_non_finite(&self) -> Option<(usize, f64)> {
        let k = first_non_finite(self.values())?;
        // Rows are stored one after the other: value k is in the first row ending past it.
        let mut end = 0;
        let row = (0..N).find(|&n| {
            end += self.row(n).1.len();
            k < end
        });
        row.map(|n| (n, self.values()[k].as_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_are_found_in_sparse_batches_by_row() {
        let mut x = SparseRows::<f32, 3, 4>::new();
        x.fill([vec![(0, 1.0)], vec![], vec![(1, 2.0), (3, f32::INFINITY)]]);
        assert_eq!(x.first_non_finite(), Some((2, f64::INFINITY)));
        x.fill([vec![(0, 1.0)], vec![], vec![(1, 2.0), (3, 3.0)]]);
        assert_eq!(x.first_non_finite(), None);
    }

    #[test]
    fn non_finite_values_are_found_anywhere_in_dense_batches() {
        for k in [0, 7, 8, 16 * 9 - 1] {
            let mut x = SMatrix::<f64, 16, 9>::zeros();
            x.as_mut_slice()[k] = f64::NEG_INFINITY;
            assert_eq!(x.first_non_finite(), Some((k % 16, f64::NEG_INFINITY)), "at {k}");
        }
    }
}
