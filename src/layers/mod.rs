//! Chapter 5's layers: each a `forward` and a `backward` over statically sized matrices.
//!
//! | book | here | file |
//! |---|---|---|
//! | 5.5.1 `Relu` | [`Relu`] | `relu.rs` |
//! | 5.5.2 `Sigmoid` | [`Sigmoid`] | `sigmoid.rs` |
//! | 5.6.2 `Affine` | [`Affine`] | `affine.rs` |
//! | 5.6.3 `SoftmaxWithLoss` | [`SoftmaxWithLoss`] | `softmax_with_loss.rs` |
//! | 5.6.3 identity + sum of squared errors | [`IdentityWithLoss`] | `identity_with_loss.rs` |
//! | 6.3 Batch Normalization | [`BatchNorm`] | `batch_norm.rs` |
//! | 6.4.3 Dropout | [`Dropout`] | `dropout.rs` |
//! | 7.2, 7.4.3 `Convolution` | [`Convolution`] ([`Convolution!`](crate::Convolution!)) | `convolution.rs` |
//! | 7.3, 7.4.4 `Pooling` (max) | [`Pooling`] ([`Pooling!`](crate::Pooling!)) | `pooling.rs` |
//! | 7.2 images (C × H × W), flattened for an Affine; the output size 7.2.4 | [`Image`], [`ImageShape`], [`out_size`], [`GivesImage`] | `image.rs` |
//! | — a model's shapes and parameter counts, from its types | [`summary`], [`Summary`] | `summary.rs` |
//! | 5.7.1 `OrderedDict` of layers | tuples `(A, B, …)`, see [`sequential`] | `sequential.rs` |
//! | — widths as types, checked where a model is written | [`Model`], [`Takes`], [`Shape`], [`model`] | `shape.rs` |
//! | — what every activation is: any width in, the same width out | [`Activation`] | `activation.rs` |
//! | — the first layer, given the batch (dense or sparse) itself | [`FirstLayer`] | `first_layer.rs`, `affine/sparse.rs` |
//!
//! A layer's input and output are `SMatrix<T, N, width>`: `N` rows, one sample per row, as in
//! the book's NumPy arrays. The batch size `N` is chosen by each call; the widths are fixed by
//! the layer's type, so a model whose widths do not line up does not compile. [`shape`] states
//! the widths without the batch size, so that [`Network`](crate::Network) rejects such a model
//! where it is written, before any batch is given to it.
//!
//! # Training and test mode
//! [`Layer::forward`] is training mode; [`Layer::predict`] is test mode. The two differ only
//! for [`Dropout`] (drops units at random / keeps them all, scaled) and [`BatchNorm`]
//! (normalises by the batch's statistics and updates the running ones / uses the running
//! ones): for every other layer `predict` is `forward`. Training calls `forward` then
//! `backward`; everything that measures a model — [`Network::predict`](crate::Network::predict),
//! [`Classifier::predict`](crate::train::Classifier::predict), and so
//! [`evaluate`](crate::train::evaluate), the trainer's accuracies and a loaded model's
//! scores — calls `predict`. There is no flag to set or forget: the mode is the method.

use crate::Float;
use crate::loss::Target;
use nalgebra::SMatrix;

mod activation;
mod affine;
mod batch_norm;
mod convolution;
mod dropout;
mod first_layer;
mod identity_with_loss;
mod image;
mod pooling;
mod relu;
pub mod sequential;
pub mod shape;
mod sigmoid;
mod softmax_with_loss;
mod summary;

pub use activation::Activation;
pub use affine::Affine;
pub use batch_norm::BatchNorm;
pub use convolution::{Convolution, ConvolutionError};
pub use dropout::Dropout;
pub use first_layer::FirstLayer;
pub use identity_with_loss::IdentityWithLoss;
pub use image::{GivesImage, Image, ImageShape, flat_width, out_size};
pub use pooling::Pooling;
pub use relu::Relu;
pub use shape::{AnyWidth, Model, Shape, Takes, Width, model};
pub use sigmoid::Sigmoid;
pub use softmax_with_loss::SoftmaxWithLoss;
pub use summary::{Row, ShapeName, Summarize, Summary, summary};

/// A layer of the network: `forward` computes the output from the input and remembers what
/// `backward` will need; `backward` takes ∂L/∂output (`dout`) and returns ∂L/∂input (`dx`),
/// storing the gradients of the layer's own parameters on the way.
///
/// `X` is the input matrix type, `SMatrix<T, N, I>`. Results are returned by reference into
/// buffers the layer owns and reuses, so nothing large is copied through the stack and a
/// training loop allocates nothing after its first step.
///
/// ```
/// use dldw::layers::{Layer, Relu};
/// use nalgebra::Matrix2;
/// let mut relu = Relu::<f64>::new();
/// let x = Matrix2::new(1.0, -0.5, -2.0, 3.0);
/// assert_eq!(*relu.forward(&x), Matrix2::new(1.0, 0.0, 0.0, 3.0));
/// let dout = Matrix2::new(10.0, 10.0, 10.0, 10.0);
/// assert_eq!(*relu.backward(&dout), Matrix2::new(10.0, 0.0, 0.0, 10.0));
/// ```
#[diagnostic::on_unimplemented(
    message = "the layer `{Self}` cannot take `{X}` as its input",
    label = "a layer of this model is given a width or float type it does not take",
    note = "`Matrix<T, Const<N>, Const<W>, …>` is a batch of N rows of width W in T; each layer \
            takes the width the layer before it gives (the first layer, the data's), in the same T"
)]
pub trait Layer<X> {
    /// The output matrix type, `SMatrix<T, N, O>`.
    type Output;

    /// Computes the output for input `x` in training mode, caching what `backward` needs.
    fn forward(&mut self, x: &X) -> &Self::Output;

    /// Computes the output for input `x` in test mode (the book's `train_flg=False`): no unit
    /// dropped, running statistics instead of the batch's. Nothing is learned from `x`, and
    /// `backward` is not meant to follow. The default is [`Layer::forward`], right for every
    /// layer that behaves the same in both modes; [`Dropout`] and [`BatchNorm`] override it,
    /// [`Affine`] and [`Relu`] only to skip the caches `backward` would need, and a tuple of
    /// layers calls `predict` on each.
    ///
    /// ```
    /// use dldw::layers::{Dropout, Layer, Relu};
    /// use nalgebra::Matrix1x2;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut model = (Relu::<f64>::new(), Dropout::new(0.5, &mut rng).unwrap());
    /// assert_eq!(*model.predict(&Matrix1x2::new(-1.0, 4.0)), Matrix1x2::new(0.0, 2.0));
    /// ```
    fn predict(&mut self, x: &X) -> &Self::Output {
        self.forward(x)
    }

    /// Given `dout` = ∂L/∂output for the last `forward`, stores the gradients of this layer's
    /// parameters and returns `dx` = ∂L/∂input.
    ///
    /// # Panics
    /// If called before `forward`, or with another batch size than the last `forward`.
    fn backward(&mut self, dout: &Self::Output) -> &X;
}

/// The last layer of a network: it takes the scores and the target and returns the loss `L`;
/// its `backward` starts the reverse pass with `dout = 1` and returns ∂L/∂scores.
///
/// The target is any [`Target`]: [`OneHot`](crate::loss::OneHot) rows or class
/// [`Labels`](crate::loss::Labels), so the kind of target is stated by its type. `backward`
/// takes no argument, so its shape is named at the call: `last.backward::<N, C>()` (or
/// inferred where the result is used).
///
/// ```
/// use dldw::layers::{LossLayer, SoftmaxWithLoss};
/// use dldw::loss::Labels;
/// use nalgebra::RowSVector;
/// let mut last = SoftmaxWithLoss::<f64>::new();
/// let x = RowSVector::<f64, 3>::new(0.0, 0.0, 0.0);
/// let t = Labels::<1, 3>::new([1]).unwrap();
/// let loss = last.forward(&x, &t);
/// assert!((loss - 3.0_f64.ln()).abs() < 1e-6);
/// let dx = last.backward::<1, 3>();
/// assert!((dx[1] - (1.0 / 3.0 - 1.0)).abs() < 1e-12);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot end a model that computes in `{T}`",
    label = "the loss layer's float type is not the model's",
    note = "a model's layers and its loss layer all compute in one float type"
)]
pub trait LossLayer<T: Float> {
    /// The loss `L` (averaged over the batch) for scores `x` and target `t`, caching what
    /// `backward` needs.
    fn forward<const N: usize, const C: usize>(
        &mut self,
        x: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T;

    /// ∂L/∂x for the last `forward`, with `dout = 1`.
    ///
    /// # Panics
    /// If called before `forward` with the same shape.
    fn backward<const N: usize, const C: usize>(&mut self) -> &SMatrix<T, N, C>;
}
