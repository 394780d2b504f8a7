//! The first layer of a network fed with batches stored as their nonzeros ([`SparseRows`]).

use crate::sparse::SparseRows;

/// A layer, or a tuple of layers, that can start a network whose input batches are stored as
/// their nonzeros, such as MNIST's: [`Affine`](super::Affine) multiplies only the nonzeros, and
/// a tuple passes the first layer's output on as [`Layer`](super::Layer) does.
///
/// The input is data, not a variable, so there is no dX: `backward_sparse` only stores the
/// parameters' gradients, like [`Layer::backward_params`](super::Layer::backward_params). It
/// is given the batch again (the caller holds it anyway), so that forward need not copy it.
///
/// ```
/// use dldw::layers::{Affine, Relu, SparseInput};
/// use dldw::sparse::SparseRows;
/// use nalgebra::{Matrix1x2, Matrix1x3, Matrix2x3};
/// let w = Box::new(Matrix2x3::new(1.0, -2.0, 3.0, 4.0, 5.0, -6.0));
/// let mut model = (Affine::<2, 3, f64>::from_weights(w, Matrix1x3::zeros()), Relu::new());
/// let x = SparseRows::from_dense(&Matrix1x2::new(0.0, 1.0));
/// assert_eq!(*model.forward_sparse(&x), Matrix1x3::new(4.0, 5.0, 0.0));
/// model.backward_sparse(&x, &Matrix1x3::new(1.0, 1.0, 1.0));
/// assert_eq!(*model.0.dW, Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 0.0));
/// ```
#[diagnostic::on_unimplemented(
    message = "the layer `{Self}` cannot take a sparse batch of width {I} in `{T}` as its input",
    label = "the first layer of this model does not take the data set's width or float type",
    note = "`Affine<I, O, T>` takes `SparseRows<T, N, I>`: the data's width is `I`, its float type `T`"
)]
pub trait SparseInput<T, const N: usize, const I: usize> {
    /// The output matrix type, `SMatrix<T, N, O>`.
    type Output;

    /// Computes the output for the batch `x`, caching what `backward_sparse` needs.
    fn forward_sparse(&mut self, x: &SparseRows<T, N, I>) -> &Self::Output;

    /// [`forward_sparse`](SparseInput::forward_sparse) in test mode, as
    /// [`Layer::predict`](super::Layer::predict) is to `forward`: a tuple runs `predict` on
    /// the layers after the first. The default is `forward_sparse`.
    fn predict_sparse(&mut self, x: &SparseRows<T, N, I>) -> &Self::Output {
        self.forward_sparse(x)
    }

    /// Given the batch `x` of the last `forward_sparse` and `dout` = ∂L/∂output, stores the
    /// gradients of the parameters.
    ///
    /// # Panics
    /// If called before `forward_sparse` (the layers after the first have no output to go
    /// back through).
    fn backward_sparse(&mut self, x: &SparseRows<T, N, I>, dout: &Self::Output);
}
