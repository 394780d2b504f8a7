//! The book's `TwoLayerNet` (4.5.1 with sigmoid, 5.7.2 with ReLU layers).

use crate::Float;
use crate::accuracy;
use crate::gradient_check::numerical_param_gradients;
use crate::init::Init;
use crate::layers::{Affine, FirstLayer, Layer, LossLayer, Relu, Sigmoid, SoftmaxWithLoss};
use crate::loss::{Labels, Target};
use crate::params::{Name, Param, Parameters};
use crate::train::Classifier;
use nalgebra::SMatrix;
use rand::Rng;

/// A two-layer network, `I` inputs → `H` hidden units → `O` classes:
/// Affine → activation → Affine → Softmax-with-Loss.
///
/// The activation `A` is [`Relu`] (book 5.7.2, the default) or [`Sigmoid`] (book 4.5.1, see
/// [`TwoLayerNetSigmoid`]). Parameters are named as the book's `params` dictionary: `W1`, `b1`,
/// `W2`, `b2`.
///
/// ```
/// use dldw::TwoLayerNet;
/// use dldw::init::Init;
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = TwoLayerNet::<784, 50, 10, f64>::new(Init::book(), &mut rng);
/// let x = dldw::zeros_boxed::<f64, 2, 784>();
/// let t = Labels::<2, 10>::new([3, 7]).unwrap();
/// // All-zero input and zero biases: every score is 0, every class 1/10.
/// assert!((net.loss(&x, &t) - 10.0_f64.ln()).abs() < 1e-6);
/// ```
#[derive(Clone, Debug)]
pub struct TwoLayerNet<const I: usize, const H: usize, const O: usize, T: Float = f32, A = Relu<T>> {
    /// The first layer, parameters `W1` (I×H) and `b1`.
    pub affine1: Affine<I, H, T>,
    /// The hidden activation (the book's `Relu1`).
    pub activation: A,
    /// The second layer, parameters `W2` (H×O) and `b2`.
    pub affine2: Affine<H, O, T>,
    /// Softmax with cross-entropy (the book's `lastLayer`).
    pub last: SoftmaxWithLoss<T>,
}

/// The chapter-4 form: sigmoid hidden units, trained by numerical gradients in the book.
pub type TwoLayerNetSigmoid<const I: usize, const H: usize, const O: usize, T = f32> =
    TwoLayerNet<I, H, O, T, Sigmoid<T>>;

impl<const I: usize, const H: usize, const O: usize, T: Float, A: Default> TwoLayerNet<I, H, O, T, A> {
    /// Weights drawn as `init` says (the book: `Init::book()`, σ = 0.01), biases 0.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let net = dldw::TwoLayerNetSigmoid::<784, 100, 10, f32>::new(dldw::init::Init::book(), &mut rng);
    /// assert_eq!(net.affine1.W.shape(), (784, 100));
    /// ```
    pub fn new(init: Init, rng: &mut impl Rng) -> Self {
        TwoLayerNet {
            affine1: Affine::new(init, rng),
            activation: A::default(),
            affine2: Affine::new(init, rng),
            last: SoftmaxWithLoss::new(),
        }
    }
}

impl<const I: usize, const H: usize, const O: usize, T: Float, A> TwoLayerNet<I, H, O, T, A> {
    /// The scores (before softmax) for a batch: Affine → activation → Affine, in test mode
    /// (each layer's [`Layer::predict`]: were the activation a [`Dropout`](crate::layers::Dropout),
    /// it would keep every unit). [`loss`](Self::loss) and [`gradient`](Self::gradient) use
    /// the layers' training `forward`. The batch `x` is any that the first layer takes
    /// ([`FirstLayer`]).
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::TwoLayerNet::<4, 3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
    /// let y = net.predict(&nalgebra::SMatrix::<f64, 5, 4>::zeros());
    /// assert_eq!(y.shape(), (5, 2));
    /// ```
    pub fn predict<X, const N: usize>(&mut self, x: &X) -> &SMatrix<T, N, O>
    where
        Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
        A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>>,
    {
        let h = self.affine1.predict_first(x);
        let h = self.activation.predict(h);
        self.affine2.predict(h)
    }

    /// The loss: cross-entropy of the softmax of the scores against `t`, averaged over the batch,
    /// in training mode (the layers' `forward`, as [`gradient`](Self::gradient) computes it).
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::TwoLayerNet::<4, 3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
    /// let t = dldw::loss::Labels::<1, 2>::new([0]).unwrap();
    /// assert!((net.loss(&nalgebra::SMatrix::<f64, 1, 4>::zeros(), &t) - 2.0_f64.ln()).abs() < 1e-6);
    /// ```
    pub fn loss<X, const N: usize>(&mut self, x: &X, t: &impl Target<T, N, O>) -> T
    where
        Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
        A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>>,
    {
        let h = self.affine1.forward_first(x);
        let h = self.activation.forward(h);
        let y = self.affine2.forward(h);
        self.last.forward(y, t)
    }

    /// The share of rows classified correctly (book 4.5.3), from [`predict`](Self::predict)'s
    /// test-mode scores.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::TwoLayerNet::<4, 3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
    /// let t = dldw::loss::Labels::<3, 2>::new([0, 1, 1]).unwrap();
    /// let acc = net.accuracy(&nalgebra::SMatrix::<f64, 3, 4>::zeros(), &t);
    /// assert!(acc == 1.0 / 3.0 || acc == 2.0 / 3.0); // all rows alike: one class wins
    /// ```
    pub fn accuracy<X, const N: usize>(&mut self, x: &X, t: &impl Target<T, N, O>) -> f64
    where
        Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
        A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>>,
    {
        accuracy::accuracy(self.predict(x), t)
    }

    /// Backpropagation (book 5.7.2): forward to the loss, then the layers in reverse, leaving
    /// ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 in the layers' `dW` and `db`. Returns the loss.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::TwoLayerNet::<4, 3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
    /// let x = nalgebra::SMatrix::<f64, 1, 4>::new(1.0, 2.0, 3.0, 4.0);
    /// let t = dldw::loss::Labels::<1, 2>::new([1]).unwrap();
    /// let loss = net.gradient(&x, &t);
    /// assert!(loss > 0.0);
    /// assert!(net.affine2.db[1] < 0.0); // raising the answer's score lowers the loss
    /// ```
    pub fn gradient<X, const N: usize>(&mut self, x: &X, t: &impl Target<T, N, O>) -> T
    where
        Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
        A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>>,
    {
        // forward
        let loss = self.loss(x, t);
        // backward
        let dout = self.last.backward::<N, O>();
        let dout = self.affine2.backward(dout);
        let dout = self.activation.backward(dout);
        self.affine1.backward_first(x, dout); // x is data: given back, no dx
        loss
    }

    /// The chapter-4 way (book 4.5.1): each of the parameters' elements is moved by ±h and the
    /// loss recomputed, a central difference per element. Leaves the result in the layers'
    /// `dW` and `db`, where [`gradient`](Self::gradient) leaves backprop's, so an optimizer
    /// steps either way. Costs two forward passes per parameter (79,520 for 784-50-10):
    /// the reason backpropagation exists. (The book's method name; the differences are
    /// [`numerical_param_gradients`](crate::gradient_check::numerical_param_gradients) of
    /// [`loss`](Self::loss).)
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::TwoLayerNetSigmoid::<4, 3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let x = nalgebra::SMatrix::<f64, 2, 4>::new(1.0, 0.5, 0.0, 2.0, 0.3, 0.0, 1.0, 1.0);
    /// let t = dldw::loss::Labels::<2, 2>::new([1, 0]).unwrap();
    /// net.numerical_gradient(&x, &t);
    /// let numerical = (net.affine1.dW.clone(), net.affine2.db);
    /// net.gradient(&x, &t);
    /// assert!((*net.affine1.dW - *numerical.0).amax() < 1e-6);
    /// assert!((net.affine2.db - numerical.1).amax() < 1e-6);
    /// ```
    pub fn numerical_gradient<X, const N: usize>(&mut self, x: &X, t: &impl Target<T, N, O>)
    where
        Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
        A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>>,
    {
        let grads = numerical_param_gradients(self, |net| net.loss(x, t));
        let [w1, b1, w2, b2] = [0, 1, 2, 3].map(|k| grads[k].as_slice());
        self.affine1.dW.as_mut_slice().copy_from_slice(w1);
        self.affine1.db.as_mut_slice().copy_from_slice(b1);
        self.affine2.dW.as_mut_slice().copy_from_slice(w2);
        self.affine2.db.as_mut_slice().copy_from_slice(b2);
    }
}

/// The trainer's view of the book's network: any batch its first layer takes.
impl<X, const N: usize, const I: usize, const H: usize, const C: usize, T: Float, A> Classifier<X, T, N, C>
    for TwoLayerNet<I, H, C, T, A>
where
    Affine<I, H, T>: FirstLayer<X, T, Output = SMatrix<T, N, H>>,
    A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>> + Clone + Send,
{
    fn predict(&mut self, x: &X) -> &SMatrix<T, N, C> {
        TwoLayerNet::predict(self, x)
    }
    fn gradient(&mut self, x: &X, t: &Labels<N, C>) -> T {
        TwoLayerNet::gradient(self, x, t)
    }
}

impl<const I: usize, const H: usize, const O: usize, T: Float, A> Parameters<T>
    for TwoLayerNet<I, H, O, T, A>
{
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.affine1.visit_named(&name.child("W1"), &name.child("b1"), f);
        self.affine2.visit_named(&name.child("W2"), &name.child("b2"), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::Dropout;
    use rand::SeedableRng;

    /// A TwoLayerNet with Dropout as its hidden "activation" (the struct's fields are public,
    /// so a user can build one): its predict must be test mode, every unit kept and scaled.
    fn dropout_net() -> TwoLayerNet<4, 8, 3, f64, Dropout<f64>> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        TwoLayerNet {
            affine1: Affine::new(Init::std(1.0).unwrap(), &mut rng),
            activation: Dropout::new(0.5, &mut rng).unwrap(),
            affine2: Affine::new(Init::std(1.0).unwrap(), &mut rng),
            last: SoftmaxWithLoss::new(),
        }
    }

    #[test]
    fn predict_is_test_mode_for_a_dropout_between_the_affines() {
        let mut net = dropout_net();
        let x = SMatrix::<f64, 5, 4>::from_fn(|n, i| (n as f64 - 2.0) * 0.3 + i as f64 * 0.1);
        // Test mode by hand: h = x·W1 + b1, every unit kept and multiplied by 1 − 0.5.
        let h = (x * *net.affine1.W).map(|v| v * 0.5);
        let expected = h * *net.affine2.W;
        let first = *net.predict(&x);
        assert!((first - expected).amax() < 1e-12, "predict dropped units: {first} vs {expected}");
        assert_eq!(*net.predict(&x), first, "two predictions of one batch differ");
        let t = crate::loss::Labels::<5, 3>::new([0, 1, 2, 0, 1]).unwrap();
        assert_eq!(net.accuracy(&x, &t), crate::accuracy::accuracy(&expected, &t));
    }
}
