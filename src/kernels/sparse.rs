//! Batches that are mostly zeros, stored as their nonzeros only.
//!
//! An MNIST image is 81 % background: a batch of them multiplied densely by the first
//! layer's weights spends four fifths of the work on zeros. [`SparseRows`] keeps, for each of
//! its `N` rows, the columns and values of the nonzeros (compressed sparse rows); its shape
//! stays in the type like an `SMatrix`'s, so `Affine<784, 50>` as a network's first layer
//! ([`FirstLayer`](crate::layers::FirstLayer)) takes a `SparseRows<T, N, 784>` as it takes an
//! `SMatrix<T, N, 784>`, with the same results up to rounding. The MNIST set fills such batches for the trainer
//! ([`mnist::ImageSet::gather_ink`](crate::mnist::ImageSet::gather_ink)).

use super::matmul::Columns;
use crate::Float;
use nalgebra::SMatrix;

/// A batch of `N` rows of width `I` holding only each row's nonzeros, in increasing column
/// order (compressed sparse rows).
///
/// ```
/// use dldw::sparse::SparseRows;
/// use nalgebra::Matrix2x3;
/// let x = Matrix2x3::new(0.0, 0.5, 0.0, 1.0, 0.0, 2.0);
/// let rows = SparseRows::from_dense(&x);
/// assert_eq!(rows.nonzeros(), 3);
/// assert_eq!(rows.row(1), (&[0, 2][..], &[1.0, 2.0][..]));
/// assert_eq!(*rows.to_dense(), x);
/// ```
#[derive(Clone, Debug)]
pub struct SparseRows<T, const N: usize, const I: usize> {
    /// `ends[n]`: one past row n's last entry in `cols` and `values`.
    ends: Vec<usize>,
    cols: Vec<u32>,
    values: Vec<T>,
    /// The same nonzeros by columns, for `Affine`'s dW, as [`SparseRows::sort_columns`] last
    /// made them (their buffers are reused, so sorting allocates nothing once they are grown).
    columns: Columns<T>,
    /// Whether `columns` is of the current rows: set by a sort, cleared by every fill.
    sorted: bool,
}

/// Two batches are equal when they hold the same nonzeros, whether or not either has them by
/// columns too.
impl<T: PartialEq, const N: usize, const I: usize> PartialEq for SparseRows<T, N, I> {
    fn eq(&self, other: &Self) -> bool {
        (&self.ends, &self.cols, &self.values) == (&other.ends, &other.cols, &other.values)
    }
}

impl<T: Float, const N: usize, const I: usize> Default for SparseRows<T, N, I> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Float, const N: usize, const I: usize> SparseRows<T, N, I> {
    /// A batch of zeros: every row empty.
    ///
    /// ```
    /// let x = dldw::sparse::SparseRows::<f32, 100, 784>::new();
    /// assert_eq!(x.nonzeros(), 0);
    /// assert_eq!(x.to_dense().sum(), 0.0);
    /// ```
    pub fn new() -> Self {
        // Column indices are u32, which bounds I; the check is on constants and costs nothing.
        assert!(u32::try_from(I).is_ok(), "a sparse batch is at most 2³² columns wide, not {I}");
        SparseRows {
            ends: vec![0; N],
            cols: Vec::new(),
            values: Vec::new(),
            columns: Columns::new(),
            sorted: false,
        }
    }

    /// The nonzeros of `x`.
    ///
    /// ```
    /// let x = nalgebra::Matrix2::new(0.0, 3.0, 0.0, 0.0);
    /// assert_eq!(dldw::sparse::SparseRows::from_dense(&x).nonzeros(), 1);
    /// ```
    pub fn from_dense(x: &SMatrix<T, N, I>) -> Self {
        let mut rows = Self::new();
        rows.fill((0..N).map(|n| (0..I).map(move |p| (p, x[(n, p)])).filter(|&(_, v)| v != T::zero())));
        rows
    }

    /// Replaces the batch by `rows`: row n's nonzeros as `(column, value)` pairs in increasing
    /// column order. Storage is reused, so refilling a batch of the same size allocates
    /// nothing.
    ///
    /// # Panics
    /// If `rows` does not yield `N` rows, or a row's columns are not increasing and below `I`:
    /// the batch would not be the matrix the caller meant.
    ///
    /// ```
    /// let mut x = dldw::sparse::SparseRows::<f64, 2, 4>::new();
    /// x.fill([vec![(1, 0.5), (3, 1.0)], vec![]]);
    /// assert_eq!(x.to_dense()[(0, 3)], 1.0);
    /// assert_eq!(x.row(1).0.len(), 0);
    /// ```
    pub fn fill<R: IntoIterator<Item = (usize, T)>>(&mut self, rows: impl IntoIterator<Item = R>) {
        let mut rows = rows.into_iter();
        self.fill_with(|n, cols, values| {
            let row = rows.next().unwrap_or_else(|| panic!("a batch of {N} rows was given {n}"));
            for (p, v) in row {
                assert!(p < I, "row {n}: column {p} is not below {I}");
                cols.push(p as u32);
                values.push(v);
            }
        });
        assert!(rows.next().is_none(), "a batch of {N} rows was given more rows");
    }

    /// Replaces the batch row by row: `row(n, cols, values)` appends row n's nonzeros, their
    /// columns to `cols` and their values to `values`, in increasing column order. The
    /// fastest way to fill a batch from stored rows (as MNIST does): whole runs are appended.
    ///
    /// # Panics
    /// If `row` appends a different number of columns and values, or columns that are not
    /// increasing and below `I`.
    ///
    /// ```
    /// let mut x = dldw::sparse::SparseRows::<f32, 2, 4>::new();
    /// x.fill_with(|n, cols, values| {
    ///     cols.extend([n as u32, 3]);
    ///     values.extend([1.0, 2.0]);
    /// });
    /// assert_eq!(x.row(1), (&[1, 3][..], &[1.0, 2.0][..]));
    /// ```
    pub fn fill_with(&mut self, mut row: impl FnMut(usize, &mut Vec<u32>, &mut Vec<T>)) {
        self.fill_rows(|n, cols, values| {
            let start = cols.len();
            row(n, cols, values);
            assert_eq!(cols.len(), values.len(), "row {n}: as many columns as values");
            check_row(n, &cols[start..], I);
        });
    }

    /// [`SparseRows::fill_with`] from rows known to be in increasing column order and below
    /// `I`, such as MNIST's, which [`mnist::ImageSet::new`](crate::mnist::ImageSet::new) stored
    /// so: the check was a third of the time of filling a batch.
    pub(crate) fn fill_sorted_with(&mut self, mut row: impl FnMut(usize, &mut Vec<u32>, &mut Vec<T>)) {
        self.fill_rows(|n, cols, values| {
            row(n, cols, values);
            assert_eq!(cols.len(), values.len(), "row {n}: as many columns as values");
        });
        debug_assert!((0..N).all(|n| self.row(n).0.windows(2).all(|w| w[0] < w[1])));
        debug_assert!(self.cols.iter().all(|&p| (p as usize) < I));
    }

    fn fill_rows(&mut self, mut row: impl FnMut(usize, &mut Vec<u32>, &mut Vec<T>)) {
        self.sorted = false;
        self.cols.clear();
        self.values.clear();
        for n in 0..N {
            row(n, &mut self.cols, &mut self.values);
            self.ends[n] = self.cols.len();
        }
    }

    /// Row n's nonzeros: their columns and their values.
    ///
    /// ```
    /// let x = dldw::sparse::SparseRows::from_dense(&nalgebra::Matrix1x3::new(0.0, 0.0, 4.0));
    /// assert_eq!(x.row(0), (&[2][..], &[4.0][..]));
    /// ```
    pub fn row(&self, n: usize) -> (&[u32], &[T]) {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        (&self.cols[start..self.ends[n]], &self.values[start..self.ends[n]])
    }

    /// All stored values, row after row (the order of [`SparseRows::row`]).
    ///
    /// ```
    /// let x = dldw::sparse::SparseRows::from_dense(&nalgebra::Matrix2::new(1.0, 0.0, 0.0, 2.0));
    /// assert_eq!(x.values(), &[1.0, 2.0]);
    /// ```
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The number of stored nonzeros.
    ///
    /// ```
    /// let x = dldw::sparse::SparseRows::from_dense(&nalgebra::Matrix2::new(1.0, 0.0, 0.0, 2.0));
    /// assert_eq!(x.nonzeros(), 2);
    /// ```
    pub fn nonzeros(&self) -> usize {
        self.values.len()
    }

    /// The batch as the sparse kernels read it.
    pub(crate) fn csr(&self) -> super::matmul::Csr<'_, T> {
        super::matmul::Csr { ends: &self.ends, cols: &self.cols, values: &self.values }
    }

    /// Sorts the nonzeros by column too, as [`Affine`](crate::layers::Affine)'s dW = Xᵀ·dY reads
    /// them, until the next fill. The trainer has it done on its helper thread, beside
    /// training ([`Batch::prepare`](crate::train::Batch::prepare)); a batch not sorted is sorted
    /// by the layer itself.
    pub(crate) fn sort_columns(&mut self) {
        let csr = super::matmul::Csr { ends: &self.ends, cols: &self.cols, values: &self.values };
        self.columns.fill_from(csr, I);
        self.sorted = true;
    }

    /// The nonzeros by column, if [`SparseRows::sort_columns`] sorted them since the last fill.
    pub(crate) fn columns(&self) -> Option<&Columns<T>> {
        self.sorted.then_some(&self.columns)
    }

    /// The batch as a dense matrix, on the heap.
    ///
    /// ```
    /// let x = dldw::sparse::SparseRows::<f32, 3, 784>::new();
    /// assert_eq!(x.to_dense().shape(), (3, 784));
    /// ```
    pub fn to_dense(&self) -> Box<SMatrix<T, N, I>> {
        let mut x = crate::zeros_boxed::<T, N, I>();
        for n in 0..N {
            let (cols, values) = self.row(n);
            for (&p, &v) in cols.iter().zip(values) {
                x[(n, p as usize)] = v;
            }
        }
        x
    }
}

/// Panics unless `cols`, the columns of row `n`, are increasing and below `width`.
fn check_row(n: usize, cols: &[u32], width: usize) {
    let increasing = cols.windows(2).all(|w| w[0] < w[1]);
    assert!(
        increasing && cols.last().is_none_or(|&p| (p as usize) < width),
        "row {n}: columns {cols:?} are not increasing and below {width}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns a batch sorts for dW are those of its current rows: a sorted batch gives
    /// the unsorted one's dW = Xᵀ·dY bit for bit, and a batch filled again after being sorted
    /// gives the dW of its new rows, not of the old sort.
    #[test]
    fn columns_sorted_for_dw_follow_the_rows() {
        use super::super::matmul::{Lines, sparse_tmul};
        let dense = |seed: usize| {
            SMatrix::<f32, 5, 9>::from_fn(|n, p| {
                let h = (n * 31 + p * 17 + seed * 7) % 11;
                if h < 4 { h as f32 * 0.5 + 0.5 } else { 0.0 } // exact in f32: so are dW's sums
            })
        };
        let dout = SMatrix::<f32, 5, 3>::from_fn(|n, j| (n * 3 + j) as f32 * 0.25 - 1.0);
        // dW as the sparse first layer computes it: from the batch's own sort if it has one.
        let dw = |x: &SparseRows<f32, 5, 9>| {
            let (mut d, mut g, mut fresh) = (Lines::new(), Lines::new(), Columns::new());
            d.copy_rows_of(&dout);
            let columns = x.columns().unwrap_or_else(|| {
                fresh.fill_from(x.csr(), 9);
                &fresh
            });
            sparse_tmul(columns, &d, &mut g);
            let mut dw = SMatrix::<f32, 9, 3>::zeros();
            g.copy_rows_to(&mut dw);
            dw
        };
        let x = SparseRows::from_dense(&dense(0));
        let mut sorted = x.clone();
        sorted.sort_columns();
        assert!(sorted.columns().is_some() && x.columns().is_none());
        assert_eq!(dw(&sorted), dw(&x));
        assert_eq!(dw(&x), dense(0).transpose() * dout);

        let next = SparseRows::from_dense(&dense(1));
        sorted.fill(
            (0..5).map(|n| next.row(n).0.iter().map(|&p| p as usize).zip(next.row(n).1.iter().copied())),
        );
        assert!(sorted.columns().is_none(), "a fill leaves the old sort behind");
        assert_eq!(dw(&sorted), dw(&next));
        assert_ne!(dw(&next), dw(&x));
    }

    #[test]
    #[should_panic(expected = "columns [3, 2] are not increasing and below 4")]
    fn columns_out_of_order_are_refused() {
        SparseRows::<f64, 1, 4>::new().fill([[(3, 1.0), (2, 1.0)]]);
    }

    #[test]
    #[should_panic(expected = "a batch of 2 rows was given 1")]
    fn too_few_rows_are_refused() {
        SparseRows::<f64, 2, 4>::new().fill([[(0, 1.0)]]);
    }

    #[test]
    fn refilling_reuses_the_rows() {
        let mut x = SparseRows::<f64, 2, 3>::new();
        x.fill([vec![(0, 1.0), (2, 2.0)], vec![(1, 3.0)]]);
        x.fill([vec![], vec![(2, 4.0)]]);
        assert_eq!(*x.to_dense(), nalgebra::Matrix2x3::new(0.0, 0.0, 0.0, 0.0, 0.0, 4.0));
    }
}
