//! The first layer of a network, given the batch itself: the one door through which a
//! network's input comes in, dense or sparse.

/// A layer, or a tuple of layers, that can start a network given batches of type `X` while
/// computing in `T`: an `SMatrix<T, N, I>`, a [`SparseRows<T, N, I>`](crate::sparse::SparseRows)
/// or a `Box` of either.
///
/// The network's input is data, not a variable: nobody asks for ∂L/∂x, and the caller holds
/// `x` anyway. So the first layer is run differently from the others: its forward need not
/// keep a copy of `x`, and its backward is given `x` back and stores only the gradients of the
/// parameters, with no dX to return. [`Network`](crate::Network) and
/// [`TwoLayerNet`](crate::TwoLayerNet) run their first layer through this trait and every
/// other layer through [`Layer`](super::Layer).
///
/// Who implements it:
/// - [`Affine`](super::Affine), for a dense batch (it keeps no copy of X and computes no
///   dX = dY·Wᵀ), for a sparse one (only the nonzeros are multiplied, `affine/sparse.rs`),
///   and for a `Box` of either;
/// - every [`Activation`](super::Activation), for a dense batch or a `Box` of one, through its
///   [`Layer`](super::Layer) impl (its backward's dx is dropped);
/// - a tuple of layers, from its first element: `(A, B, …)` takes what `A` takes, and the
///   others run as [`Layer`](super::Layer)s.
///
/// A layer of one's own that should start a network implements it beside its `Layer` impl;
/// `forward_first` may simply be its `forward`, `predict_first` its `predict`, and
/// `backward_first` its `backward` with the dx dropped.
///
/// `T` is the layer's float type. It is a parameter, although the batch's type also says it,
/// so that an f64 batch given to an f32 model is an error that names both: rustc leaves a
/// default type argument out of a type's name (`Affine<784, 50>` is `Affine<784, 50, f32>`).
///
/// ```
/// use dldw::layers::{Affine, FirstLayer, Relu};
/// use dldw::sparse::SparseRows;
/// use nalgebra::{Matrix1x2, Matrix1x3, Matrix2x3};
/// let w = Box::new(Matrix2x3::new(1.0, -2.0, 3.0, 4.0, 5.0, -6.0));
/// let mut model = (Affine::<2, 3, f64>::from_weights(w, Matrix1x3::zeros()), Relu::new());
/// let x = Matrix1x2::new(0.0, 1.0);
/// assert_eq!(*model.forward_first(&x), Matrix1x3::new(4.0, 5.0, 0.0));
/// model.backward_first(&x, &Matrix1x3::new(1.0, 1.0, 1.0)); // the Relu stops the third
/// assert_eq!(*model.0.dW, Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 0.0));
///
/// let sparse = SparseRows::from_dense(&x); // the same batch, stored as its nonzeros
/// assert_eq!(*model.forward_first(&sparse), Matrix1x3::new(4.0, 5.0, 0.0));
/// model.backward_first(&sparse, &Matrix1x3::new(1.0, 1.0, 1.0));
/// assert_eq!(*model.0.dW, Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 0.0));
/// ```
#[diagnostic::on_unimplemented(
    message = "the layer `{Self}` computes in `{T}` and cannot take `{X}` as its input",
    label = "the first layer of this model does not take this batch's width or float type",
    note = "`Matrix<T, Const<N>, Const<I>, …>` is a batch of N rows of width I in T; the first layer \
            takes the data's width, in its own float type (`Affine<I, O>` is `Affine<I, O, f32>`)"
)]
pub trait FirstLayer<X, T> {
    /// The output matrix type, `SMatrix<T, N, O>`.
    type Output;

    /// The output for the batch `x` in training mode, caching what
    /// [`backward_first`](FirstLayer::backward_first) needs, which may leave `x` out: it is
    /// given back.
    fn forward_first(&mut self, x: &X) -> &Self::Output;

    /// The output for the batch `x` in test mode, as [`Layer::predict`](super::Layer::predict)
    /// is to `forward`.
    fn predict_first(&mut self, x: &X) -> &Self::Output;

    /// Given the batch `x` of the last [`forward_first`](FirstLayer::forward_first) and
    /// `dout` = ∂L/∂output, stores the gradients of the parameters. No dx: the input is data.
    ///
    /// Given another `x` than the last forward's, the gradients mix the two batches.
    ///
    /// # Panics
    /// If called before `forward_first` with a batch of the same size.
    fn backward_first(&mut self, x: &X, dout: &Self::Output);
}
