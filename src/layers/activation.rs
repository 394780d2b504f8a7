//! What a layer that takes any width and gives it back gets for free.

use super::{AnyWidth, FirstLayer, Layer, Shape};
use crate::Float;
use crate::params::{Name, Param, Parameters};
use nalgebra::SMatrix;

/// An activation: a layer that takes a batch of any width in [`Activation::Float`] and gives
/// a batch of the same width ([`Relu`](super::Relu), [`Sigmoid`](super::Sigmoid),
/// [`Dropout`](super::Dropout)).
///
/// Saying so, with [`Takes`](super::Takes) (it gives the width it is given), is all an
/// activation needs beside its [`Layer`] impl: it then has the width-level fact [`Shape`] that
/// lets a [`Network`](crate::Network) check a model where it is written, no
/// [`Parameters`], and [`FirstLayer`] so that it may start a network. (An activation with
/// parameters of its own implements these three by hand, as a layer of fixed width does.)
///
/// `Takes` stays an impl of its own so that an error about a model's widths names the layer
/// at fault: rustc descends into a tuple's `Takes` only when no other impl could match it.
///
/// A user-written Tanh, y = tanh x, used between two `Affine` layers of a network. Its caches
/// are [`Buffer`](crate::Buffer)s, which lend themselves as a matrix of each call's batch size:
///
/// ```
/// use dldw::layers::{Activation, Affine, Layer, SoftmaxWithLoss, Takes};
/// use dldw::{Buffer, Float, Network};
/// use nalgebra::SMatrix;
///
/// /// y = tanh x, element by element, for a batch of any width.
/// #[derive(Clone, Debug, Default)]
/// struct Tanh<T> {
///     y: Buffer<T>,
///     dx: Buffer<T>,
/// }
///
/// impl<T: Float, const N: usize, const D: usize> Layer<SMatrix<T, N, D>> for Tanh<T> {
///     type Output = SMatrix<T, N, D>;
///
///     fn forward(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
///         let y = self.y.get_mut::<N, D>();
///         y.zip_apply(x, |y, x| *y = x.tanh());
///         y
///     }
///
///     /// dx = dout · (1 − y²).
///     fn backward(&mut self, dout: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
///         let y = self.y.get::<N, D>();
///         let dx = self.dx.get_mut::<N, D>();
///         dx.zip_zip_apply(dout, y, |dx, d, y| *dx = d * (T::one() - y * y));
///         dx
///     }
/// }
///
/// impl<T: Float> Activation for Tanh<T> {
///     type Float = T;
/// }
///
/// impl<T: Float, W> Takes<T, W> for Tanh<T> {
///     type Gives = W; // the width it is given
/// }
///
/// // Three impls, and it is a layer like Relu: checked where the model is written, trained
/// // by backprop.
/// let w1 = Box::new(SMatrix::<f64, 2, 3>::new(1.0, 0.0, -1.0, 0.5, 2.0, 0.0));
/// let w2 = Box::new(SMatrix::<f64, 3, 2>::new(1.0, 0.0, 0.0, 1.0, 1.0, 1.0));
/// let mut net = Network::new(
///     (Affine::from_weights(w1, nalgebra::zero()), Tanh::default(), Affine::from_weights(w2, nalgebra::zero())),
///     SoftmaxWithLoss::new(),
/// );
/// let x = SMatrix::<f64, 1, 2>::new(0.5, -0.5);
/// let t = dldw::loss::Labels::<1, 2>::new([1]).unwrap();
/// net.gradient(&x, &t);
/// // h = tanh(x·W1) = tanh([0.25, −1, −0.5]); dh = dout·W2ᵀ; dW1 = xᵀ·(dh ⊙ (1 − h²)).
/// let h = (x * *net.layers.0.W).map(f64::tanh);
/// let y = h * *net.layers.2.W;
/// let p = y.map(f64::exp) / y.map(f64::exp).sum();
/// let dout = p - SMatrix::<f64, 1, 2>::new(0.0, 1.0);
/// let dh = (dout * net.layers.2.W.transpose()).component_mul(&h.map(|h| 1.0 - h * h));
/// assert!((x.transpose() * dh - *net.layers.0.dW).amax() < 1e-12);
///
/// // An activation may also start a model.
/// let mut first = Network::new((Tanh::default(), Affine::<2, 2, f64>::from_weights(Box::new(SMatrix::identity()), nalgebra::zero())), SoftmaxWithLoss::new());
/// assert!((first.predict(&x) - x.map(f64::tanh)).amax() < 1e-15);
/// ```
pub trait Activation {
    /// The float type it computes in.
    type Float: Float;
}

/// An activation takes any width, in its float type.
#[diagnostic::do_not_recommend]
impl<A: Activation> Shape for A {
    type Float = A::Float;
    type Input = AnyWidth;
}

/// An activation has no parameters.
#[diagnostic::do_not_recommend]
impl<A: Activation> Parameters<A::Float> for A {
    fn visit_params(&mut self, _name: &Name<'_>, _f: &mut dyn FnMut(Param<'_, A::Float>)) {}
}

/// An activation that starts a network runs as it would anywhere else; the dx of its backward
/// is not needed.
#[diagnostic::do_not_recommend]
impl<A, const N: usize, const D: usize> FirstLayer<SMatrix<A::Float, N, D>, A::Float> for A
where
    A: Activation + Layer<SMatrix<A::Float, N, D>>,
{
    type Output = A::Output;

    fn forward_first(&mut self, x: &SMatrix<A::Float, N, D>) -> &A::Output {
        self.forward(x)
    }

    fn predict_first(&mut self, x: &SMatrix<A::Float, N, D>) -> &A::Output {
        self.predict(x)
    }

    fn backward_first(&mut self, _x: &SMatrix<A::Float, N, D>, dout: &A::Output) {
        self.backward(dout);
    }
}

/// A boxed batch is taken as the matrix in it.
#[diagnostic::do_not_recommend]
impl<A: Activation, X> FirstLayer<Box<X>, A::Float> for A
where
    A: FirstLayer<X, A::Float>,
{
    type Output = <A as FirstLayer<X, A::Float>>::Output;

    fn forward_first(&mut self, x: &Box<X>) -> &Self::Output {
        self.forward_first(&**x)
    }

    fn predict_first(&mut self, x: &Box<X>) -> &Self::Output {
        self.predict_first(&**x)
    }

    fn backward_first(&mut self, x: &Box<X>, dout: &Self::Output) {
        self.backward_first(&**x, dout);
    }
}
