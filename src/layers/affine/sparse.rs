//! `Affine` given a batch of mostly zeros ([`SparseRows`]): the same forward and parameter
//! gradients as for a dense batch, multiplying only the nonzeros.

use super::Affine;
use crate::Float;
use crate::layers::FirstLayer;
use crate::matmul::{Columns, Lines, sparse_mul, sparse_tmul};
use crate::sparse::SparseRows;
use nalgebra::SMatrix;

/// What the sparse way keeps between forward and backward.
#[derive(Clone, Debug)]
pub(super) struct Cache<T> {
    /// W's rows in forward, dW's in backward.
    w: Lines<T>,
    /// dY's rows.
    d: Lines<T>,
    /// The batch by columns, for dW, when it does not come sorted so.
    columns: Columns<T>,
}

impl<T: Float> Cache<T> {
    /// Empty caches; they allocate on first use.
    pub(super) fn new() -> Self {
        Cache { w: Lines::new(), d: Lines::new(), columns: Columns::new() }
    }
}

/// The first layer of a network, given a sparse batch: Y = X·W + b and dW, db as for a dense
/// batch, through X's nonzeros only (no dX: the input is data).
///
/// ```
/// use dldw::layers::{Affine, FirstLayer};
/// use dldw::sparse::SparseRows;
/// use nalgebra::{Matrix2x3, Matrix1x2, Matrix1x3};
/// let w = Box::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
/// let mut affine = Affine::<2, 3, f64>::from_weights(w, Matrix1x3::new(0.1, 0.2, 0.3));
/// let x = SparseRows::from_dense(&Matrix1x2::new(0.0, 1.0));
/// assert_eq!(*affine.forward_first(&x), Matrix1x3::new(4.1, 5.2, 6.3));
/// affine.backward_first(&x, &Matrix1x3::new(1.0, 1.0, 2.0));
/// assert_eq!(*affine.dW, Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 2.0));
/// ```
impl<const N: usize, const I: usize, const O: usize, T: Float> FirstLayer<SparseRows<T, N, I>, T>
    for Affine<I, O, T>
{
    type Output = SMatrix<T, N, O>;

    fn forward_first(&mut self, x: &SparseRows<T, N, I>) -> &SMatrix<T, N, O> {
        let w = &mut self.sparse.w;
        w.copy_rows_of(&*self.W);
        let out = self.out.get_mut::<N, O>();
        sparse_mul(x.csr(), w, self.b.as_slice(), out.as_mut_slice());
        out
    }

    fn predict_first(&mut self, x: &SparseRows<T, N, I>) -> &SMatrix<T, N, O> {
        self.forward_first(x)
    }

    /// dW = Xᵀ·dY and db = Σ over the batch of dY, as for a dense batch (book 5.6.2).
    fn backward_first(&mut self, x: &SparseRows<T, N, I>, dout: &SMatrix<T, N, O>) {
        let Cache { w, d, columns } = &mut self.sparse;
        d.copy_rows_of(dout);
        let columns = match x.columns() {
            Some(sorted) => sorted,
            None => {
                columns.fill_from(x.csr(), I);
                columns
            }
        };
        sparse_tmul(columns, d, w);
        w.copy_rows_to(&mut *self.dW);
        self.bias_grad(dout);
    }
}
