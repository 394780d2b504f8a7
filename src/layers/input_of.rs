//! The batches a network takes, stated so that a wrong one is blamed on the layer that takes it.
//!
//! [`Network::predict`](crate::Network::predict), [`loss`](crate::Network::loss) and
//! [`gradient`](crate::Network::gradient) take any `x: &X` with `X: InputOf<M, N, C>` rather than
//! an `&SMatrix<T, N, I>` with its own `T` and `I`. With the matrix type in the signature, rustc
//! fixed `T` and `I` from the model's only `Layer` impl before it looked at the argument, and an
//! f64 batch given to an f32 model was an `E0308 mismatched types` that named no layer. With `X`
//! free, rustc takes `X` from the argument first; the bound then fails inside the model, and the
//! first error names the layer that takes the batch, in the `Layer` trait's words:
//!
//! ```text
//! error[E0277]: the layer `Affine<784, 50>` cannot take `Matrix<f64, Const<2>, Const<784>, …>` as its input
//! ```
//!
//! (`Affine<784, 50>` is `Affine<784, 50, f32>`: rustc leaves out a default type argument; the
//! error's next lines say "expected `f32`, found `f64`".)

use super::{Layer, Model, SparseInput};
use crate::sparse::SparseRows;
use nalgebra::SMatrix;

/// A batch that the layers `M` take, giving `N`×`C` scores: an `SMatrix<T, N, I>` that `M`
/// takes (a [`Layer`] over it), a [`SparseRows<T, N, I>`] that it takes (a [`SparseInput`]), or
/// a `Box` of either. Nothing implements it by hand.
///
/// ```
/// use dldw::layers::{Affine, InputOf, Relu};
/// use nalgebra::SMatrix;
/// fn scores<M: dldw::layers::Model, X: InputOf<M, 2, 3>>(m: &mut M, x: &X) -> SMatrix<M::Float, 2, 3> {
///     *x.predict(m)
/// }
/// let mut m = (Affine::<4, 3, f64>::from_weights(dldw::zeros_boxed(), nalgebra::zero()), Relu::new());
/// let x = dldw::zeros_boxed::<f64, 2, 4>();
/// assert_eq!(scores(&mut m, &x), scores(&mut m, &*x)); // a box or the matrix in it
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a batch that `{M}` takes",
    label = "a batch is an `SMatrix<T, N, I>` or a `SparseRows<T, N, I>` (or a `Box` of either)"
)]
pub trait InputOf<M: Model, const N: usize, const C: usize> {
    /// The scores in training mode: every layer's [`Layer::forward`], in order.
    fn forward<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C>;
    /// The scores in test mode: every layer's [`Layer::predict`], in order.
    fn predict<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C>;
    /// The scores in training mode for [`InputOf::backward_params`] to follow with this batch:
    /// the first layer keeps no copy of it ([`Layer::forward_first`]), the others run forward.
    fn forward_first<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C>;
    /// Every layer's parameter gradients from `dout`, in reverse, the first layer given this
    /// batch ([`Layer::backward_first`]), after [`InputOf::forward`] or
    /// [`InputOf::forward_first`].
    fn backward_params(&self, model: &mut M, dout: &SMatrix<M::Float, N, C>);
}

impl<M, T, const N: usize, const I: usize, const C: usize> InputOf<M, N, C> for SMatrix<T, N, I>
where
    M: Model + Layer<SMatrix<T, N, I>, Output = SMatrix<M::Float, N, C>>,
{
    fn forward<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.forward(self)
    }
    fn predict<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.predict(self)
    }
    fn forward_first<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.forward_first(self)
    }
    fn backward_params(&self, model: &mut M, dout: &SMatrix<M::Float, N, C>) {
        model.backward_first(self, dout);
    }
}

impl<M, T, const N: usize, const I: usize, const C: usize> InputOf<M, N, C> for SparseRows<T, N, I>
where
    M: Model + SparseInput<T, N, I, Output = SMatrix<M::Float, N, C>>,
{
    fn forward<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.forward_sparse(self)
    }
    fn predict<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.predict_sparse(self)
    }
    /// The sparse way keeps no copy of the batch anyway: [`SparseInput::backward_sparse`] is
    /// given it.
    fn forward_first<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        model.forward_sparse(self)
    }
    fn backward_params(&self, model: &mut M, dout: &SMatrix<M::Float, N, C>) {
        model.backward_sparse(self, dout);
    }
}

/// A boxed batch (as [`zeros_boxed`](crate::zeros_boxed) gives) is taken as the matrix in it, so
/// `net.gradient(&x, &t)` needs no `&*x`.
impl<M: Model, X: InputOf<M, N, C>, const N: usize, const C: usize> InputOf<M, N, C> for Box<X> {
    fn forward<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        (**self).forward(model)
    }
    fn predict<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        (**self).predict(model)
    }
    fn forward_first<'m>(&self, model: &'m mut M) -> &'m SMatrix<M::Float, N, C> {
        (**self).forward_first(model)
    }
    fn backward_params(&self, model: &mut M, dout: &SMatrix<M::Float, N, C>) {
        (**self).backward_params(model, dout);
    }
}
