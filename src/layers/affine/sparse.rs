//! `Affine` given a batch of mostly zeros ([`SparseRows`]): the same forward and parameter
//! gradients as for a dense batch, multiplying only the nonzeros.

use super::Affine;
use crate::Float;
use crate::buffer::Buffer;
use crate::layers::SparseInput;
use crate::matmul::{sparse_mul, sparse_tmul, transpose};
use crate::sparse::SparseRows;
use nalgebra::SMatrix;

/// What the sparse way keeps between forward and backward.
#[derive(Clone, Debug)]
pub(super) struct Cache<T> {
    /// Wᵀ in forward, dWᵀ in backward (rows of W contiguous).
    wt: Buffer<T>,
    /// dYᵀ (rows of dY contiguous).
    dt: Buffer<T>,
    /// Where each row of the batch is in the product for dW.
    cursors: Vec<usize>,
}

impl<T: Float> Cache<T> {
    /// Empty caches; they allocate on first use.
    pub(super) fn new() -> Self {
        Cache { wt: Buffer::new(), dt: Buffer::new(), cursors: Vec::new() }
    }
}

/// Y = X·W + b as for a dense batch, through X's nonzeros only.
///
/// ```
/// use dldw::layers::{Affine, SparseInput};
/// use dldw::sparse::SparseRows;
/// use nalgebra::{Matrix2x3, Matrix1x2, Matrix1x3};
/// let w = Box::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
/// let mut affine = Affine::<2, 3, f64>::from_weights(w, Matrix1x3::new(0.1, 0.2, 0.3));
/// let x = SparseRows::from_dense(&Matrix1x2::new(0.0, 1.0));
/// assert_eq!(*affine.forward_sparse(&x), Matrix1x3::new(4.1, 5.2, 6.3));
/// affine.backward_sparse(&x, &Matrix1x3::new(1.0, 1.0, 2.0));
/// assert_eq!(*affine.dW, Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 2.0));
/// ```
impl<const N: usize, const I: usize, const O: usize, T: Float> SparseInput<T, N, I> for Affine<I, O, T> {
    type Output = SMatrix<T, N, O>;

    fn forward_sparse(&mut self, x: &SparseRows<T, N, I>) -> &SMatrix<T, N, O> {
        let wt = self.sparse.wt.get_mut::<O, I>();
        transpose(&self.W, wt);
        let out = self.out.get_mut::<N, O>();
        sparse_mul(x, wt, &self.b, out);
        out
    }

    /// dW = Xᵀ·dY and db = Σ over the batch of dY, as for a dense batch (book 5.6.2).
    fn backward_sparse(&mut self, x: &SparseRows<T, N, I>, dout: &SMatrix<T, N, O>) {
        let Cache { wt, dt, cursors } = &mut self.sparse;
        let dt = dt.get_mut::<O, N>();
        transpose(dout, dt);
        let gt = wt.get_mut::<O, I>();
        sparse_tmul(x, dt, gt, cursors);
        transpose(gt, &mut self.dW);
        self.bias_grad(dout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Init;
    use crate::layers::Layer;
    use proptest::prelude::*;
    use rand::SeedableRng;

    // Mostly zeros, like an image's background; the rest in (0, 1], like scaled pixels.
    fn batch<const N: usize, const I: usize>() -> impl Strategy<Value = SMatrix<f64, N, I>> {
        proptest::collection::vec(prop_oneof![3 => Just(0.0), 1 => 0.01f64..1.0], N * I)
            .prop_map(SMatrix::from_vec)
    }

    proptest! {
        // The sparse way sums the same products in another order: 1e-12 allows for rounding
        // of sums of at most 13 terms of size ≤ 1 (each error ≤ 13 · 2⁻⁵³ ≈ 1.4e-15), with
        // room for the rounding of the weights' products.
        #[test]
        fn sparse_and_dense_batches_give_the_same_results(x in batch::<17, 13>(), dy in batch::<17, 5>(), seed in 0u64..1000) {
            let mut dense = Affine::<13, 5, f64>::new(Init::std(0.5).unwrap(), &mut rand::rngs::StdRng::seed_from_u64(seed));
            let mut sparse = dense.clone();
            let rows = SparseRows::from_dense(&x);
            let y = *dense.forward(&x);
            prop_assert!((sparse.forward_sparse(&rows) - y).amax() < 1e-12);
            dense.backward_params(&dy);
            sparse.backward_sparse(&rows, &dy);
            prop_assert!((*sparse.dW - *dense.dW).amax() < 1e-12);
            prop_assert!((sparse.db - dense.db).amax() < 1e-12);
        }
    }
}
