//! Widths at the level of types: what lets the compiler check a model where it is written.
//!
//! [`Layer`](super::Layer) is implemented for batches, `SMatrix<T, N, W>`, so a tuple of layers
//! whose widths do not line up is only rejected where a batch goes through it. The traits here
//! state the same facts without the batch size `N`, so that [`Network`](crate::Network) can ask
//! for them on its type parameters: a mismatched model is then an error at the line that writes
//! it (`Network::new(…)`, a struct field, a function signature), whether or not it is ever run.
//!
//! - [`Width<W>`] is a batch's width as a type; [`AnyWidth`] is "whatever width it is given",
//!   the input of an activation.
//! - [`Shape`]: a layer's own float type and the width it takes.
//! - [`Takes<T, W>`]: the layer can follow a layer that gives width `W` in `T`, and gives
//!   [`Takes::Gives`]. An activation takes every width in its float type and gives it back; an
//!   `Affine<I, O, T>` takes `Width<I>` (and [`AnyWidth`]) in `T` and gives `Width<O>`. A tuple
//!   takes what its first element takes, each further element takes what the one before it
//!   gives, and it gives what its last element gives.
//! - [`Model`]: a layer or tuple that takes its own input, that is, whose widths and float types
//!   line up. Nothing implements it by hand: every `Shape + Takes<Self::Float, Self::Input>` is a
//!   `Model`.
//! - [`model`] checks a bare tuple of layers the way `Network::new` checks a network.
//!
//! The float type is a parameter of [`Takes`], not of [`Width`], so that it is inferred:
//! in `(Affine::<784, 100, f32>::new(…), Relu::new(), …)` the `Relu` must take `f32`, and
//! only `Relu<f32>` does.
//!
//! # A layer of your own
//! A layer implements [`Layer`](super::Layer) for the batches it takes, and states their
//! widths next to its `Layer` impl:
//!
//! - an activation (any width in, the same width out) implements
//!   [`Activation`](super::Activation), as `Relu` does, and has [`Shape`] and [`Takes`] with
//!   it (`Activation` shows a whole `Tanh`);
//! - a layer of fixed width, as below and as `Affine` does (`affine.rs`), implements [`Shape`]
//!   with `type Input = Width<D>`, and `Takes<T, Width<D>>` and `Takes<T, AnyWidth>` (so that it
//!   may follow an activation that starts a model), both with `type Gives = Width<…>`, its
//!   output's width; `#[diagnostic::do_not_recommend]` on the `AnyWidth` impl keeps it out of
//!   error messages. To start a network as well, it implements
//!   [`FirstLayer`](super::FirstLayer) for the batches it takes first.
//!
//! ```
//! use dldw::Float;
//! use dldw::layers::{AnyWidth, FirstLayer, Layer, Relu, Shape, SoftmaxWithLoss, Takes, Width};
//! use nalgebra::SMatrix;
//!
//! /// y = s ⊙ x, one fixed factor per feature, for batches of one sample of width D.
//! #[derive(Clone, Debug)]
//! struct Scale<const D: usize, T: Float> {
//!     s: SMatrix<T, 1, D>,
//!     out: SMatrix<T, 1, D>,
//!     dx: SMatrix<T, 1, D>,
//! }
//!
//! impl<const D: usize, T: Float> Layer<SMatrix<T, 1, D>> for Scale<D, T> {
//!     type Output = SMatrix<T, 1, D>;
//!     fn forward(&mut self, x: &SMatrix<T, 1, D>) -> &SMatrix<T, 1, D> {
//!         self.out = x.component_mul(&self.s);
//!         &self.out
//!     }
//!     /// dx = s ⊙ dout.
//!     fn backward(&mut self, dout: &SMatrix<T, 1, D>) -> &SMatrix<T, 1, D> {
//!         self.dx = dout.component_mul(&self.s);
//!         &self.dx
//!     }
//! }
//!
//! // Takes width D in T, also after an activation that starts a model; gives width D.
//! impl<const D: usize, T: Float> Shape for Scale<D, T> {
//!     type Float = T;
//!     type Input = Width<D>;
//! }
//! impl<const D: usize, T: Float> Takes<T, Width<D>> for Scale<D, T> {
//!     type Gives = Width<D>;
//! }
//! // Kept out of the list of what `Scale` takes in an error message, which is about widths.
//! #[diagnostic::do_not_recommend]
//! impl<const D: usize, T: Float> Takes<T, AnyWidth> for Scale<D, T> {
//!     type Gives = Width<D>;
//! }
//!
//! // To start a network too: given the batch, as its `Layer` impl, its dx not needed.
//! impl<const D: usize, T: Float> FirstLayer<SMatrix<T, 1, D>, T> for Scale<D, T> {
//!     type Output = SMatrix<T, 1, D>;
//!     fn forward_first(&mut self, x: &SMatrix<T, 1, D>) -> &SMatrix<T, 1, D> {
//!         self.forward(x)
//!     }
//!     fn predict_first(&mut self, x: &SMatrix<T, 1, D>) -> &SMatrix<T, 1, D> {
//!         self.predict(x)
//!     }
//!     fn backward_first(&mut self, _x: &SMatrix<T, 1, D>, dout: &SMatrix<T, 1, D>) {
//!         self.backward(dout);
//!     }
//! }
//!
//! let s = SMatrix::<f64, 1, 3>::new(1.0, 2.0, 3.0);
//! let scale = Scale { s, out: s, dx: s };
//! let mut net = dldw::Network::new((Relu::new(), scale.clone()), SoftmaxWithLoss::new());
//! let y = *net.predict(&SMatrix::<f64, 1, 3>::new(-1.0, 1.0, 1.0));
//! assert_eq!(y, SMatrix::<f64, 1, 3>::new(0.0, 2.0, 3.0));
//! let mut first = dldw::Network::new((scale, Relu::new()), SoftmaxWithLoss::new());
//! let y = *first.predict(&SMatrix::<f64, 1, 3>::new(-1.0, 1.0, 1.0));
//! assert_eq!(y, SMatrix::<f64, 1, 3>::new(0.0, 2.0, 3.0));
//! ```
//!
//! Written with `Scale<4, f64>` after an `Affine<2, 3, f64>`, the same model is rejected where
//! it is written: `` `Scale<4, f64>` cannot follow a layer that gives `Width<3>` of `f64` ``.
//!
//! # What the compiler says
//! A model whose second Affine takes 50 after a layer that gives 100 (`docs/shape-errors.md`
//! has every case):
//!
//! ```text
//! error[E0277]: `Affine<50, 10>` cannot follow a layer that gives `Width<100>` of `f32`
//! ```
//!
//! The message is [`Takes`]'s `#[diagnostic::on_unimplemented]`, and it names the element at
//! fault because rustc reports the innermost bound that fails: the tuple impls do not carry
//! `#[diagnostic::do_not_recommend]`, which would make rustc name the whole tuple instead
//! (measured on rustc 1.95). The attribute is on `Affine`'s [`AnyWidth`] impl, only so that the
//! error's list of what `Affine` does take shows the one impl that matters.

use crate::Float;

/// A batch's width `W`, as a type: what a layer takes and gives in [`Takes`].
///
/// ```
/// use dldw::layers::{Affine, Takes, Width};
/// fn gives<L: Takes<f32, Width<784>, Gives = Width<100>>>(_: &L) {}
/// gives(&Affine::<784, 100, f32>::from_weights(dldw::zeros_boxed(), nalgebra::zero()));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Width<const W: usize>;

/// Any width: the [`Shape::Input`] of a layer that takes every width (an activation), and what
/// a model that starts with such a layer gives the layers after it until one fixes a width.
///
/// ```
/// use dldw::layers::{AnyWidth, Relu, Shape};
/// fn takes_any<L: Shape<Input = AnyWidth>>(_: &L) {}
/// takes_any(&Relu::<f32>::new());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnyWidth;

/// A layer's own float type and the width it takes: [`Width<I>`] for an `Affine<I, O, T>`,
/// [`AnyWidth`] for an activation. A tuple has its first element's.
///
/// ```
/// use dldw::layers::{Affine, Relu, Shape, Width};
/// fn input<M: Shape<Float = f64, Input = Width<4>>>(_: &M) {}
/// let affine = Affine::<4, 3, f64>::from_weights(dldw::zeros_boxed(), nalgebra::zero());
/// input(&(affine, Relu::<f64>::new()));
/// ```
pub trait Shape {
    /// The float type the layer computes in.
    type Float: Float;
    /// The width it takes: [`Width<I>`] or [`AnyWidth`].
    type Input;
}

/// `Self` can follow a layer that gives width `W` (a [`Width`] or [`AnyWidth`]) in the float
/// type `T`, and then gives [`Takes::Gives`].
///
/// ```
/// use dldw::layers::{Affine, Relu, Takes, Width};
/// fn after_100<L: Takes<f32, Width<100>, Gives = Width<10>>>(_: &L) {}
/// let affine = Affine::<100, 10, f32>::from_weights(dldw::zeros_boxed(), nalgebra::zero());
/// after_100(&(Relu::new(), affine));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot follow a layer that gives `{W}` of `{T}`",
    label = "a layer of this model does not take the width or float type the layer before it gives",
    note = "`Affine<I, O, T>` takes `Width<I>` of `T`, or an image of `I` values \
            (`Image<C, H, W, I>`, flattened channel by channel), and gives `Width<O>`; \
            `Convolution` and `Pooling` take the image they were written for; an activation such \
            as `Relu<T>` gives the width it is given; a model's layers all compute in one float type"
)]
pub trait Takes<T, W> {
    /// The width it gives the next layer: [`Width<O>`], or for an activation the `W` it is
    /// given.
    type Gives;
}

/// A layer, or a tuple of layers, whose widths and float types line up: it takes its own
/// [`Shape::Input`] in its own [`Shape::Float`]. [`Network`](crate::Network) asks it of its
/// layers. Every type that can implements it already; there is nothing to implement.
///
/// ```
/// use dldw::layers::{Affine, Model, Relu};
/// fn model<M: Model>(m: M) -> M { m }
/// use dldw::zeros_boxed;
/// let m = model((
///     Affine::<4, 8, f32>::from_weights(zeros_boxed(), nalgebra::zero()),
///     Relu::new(), // inferred: Relu<f32>
///     Affine::<8, 3, f32>::from_weights(zeros_boxed(), nalgebra::zero()),
/// ));
/// # let _ = m;
/// ```
pub trait Model: Shape + Takes<<Self as Shape>::Float, <Self as Shape>::Input> {}

impl<M: Shape + Takes<M::Float, M::Input>> Model for M {}

/// The layers `layers`, unchanged, once the compiler has checked that they line up: for a bare
/// tuple of layers what [`Network::new`](crate::Network::new) is for a network. It gives a
/// model used without a loss layer the same error, naming the layer at fault, at the element
/// that is wrong, instead of the `E0599` of a method call on a tuple that is not a layer; and
/// it infers the float type of the layers that do not fix it.
///
/// ```
/// use dldw::layers::{Affine, Layer, Relu, model};
/// use nalgebra::SMatrix;
/// let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
/// let init = dldw::init::Init::he();
/// let mut m = model((
///     Affine::<4, 8, f32>::new(init, &mut rng),
///     Relu::new(), // Relu<f32>
///     Affine::<8, 3, f32>::new(init, &mut rng),
/// ));
/// assert_eq!(m.forward(&SMatrix::<f32, 2, 4>::zeros()).shape(), (2, 3));
/// ```
///
/// With `Affine::<9, 3, f32>` as the last layer, the first error is
/// `` `Affine<9, 3>` cannot follow a layer that gives `Width<8>` of `f32` ``, pointing at that
/// element.
pub fn model<M: Model>(layers: M) -> M {
    layers
}
