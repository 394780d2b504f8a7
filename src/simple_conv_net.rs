//! The book's `SimpleConvNet` (7.5, `ch07/simple_convnet.py`): convolution → ReLU → pooling →
//! Affine → ReLU → Affine → Softmax-with-Loss, for MNIST's 1 × 28 × 28 images.
//!
//! Every size is computed by the compiler from the book's literals (1 × 28 × 28 input, 30
//! filters of 5 × 5, pad 0, stride 1, a 2 × 2 pool of stride 2, 100 hidden units, 10 classes):
//! no size below is written by hand.

use crate::accuracy;
use crate::init::Init;
use crate::layers::{
    Affine, FirstLayer, Layer, LossLayer, Relu, SoftmaxWithLoss, Summary, flat_width, summary,
};
use crate::loss::{Labels, Target};
use crate::params::{Name, Param, Parameters};
use crate::train::Classifier;
use crate::{Convolution, Float, Pooling};
use nalgebra::SMatrix;
use rand::Rng;

/// The book's `Conv1`: 30 filters of 1 × 5 × 5 over a 1 × 28 × 28 image, pad 0, stride 1;
/// gives 30 × 24 × 24.
pub type Conv1<T = f32> = Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1; T];

/// The book's `Pool1`: max pooling 2 × 2 with stride 2 after [`Conv1`]; gives 30 × 12 × 12.
pub type Pool1<T = f32> = Pooling![after: Conv1; pool: 2, 2; stride: 2; T];

/// The book's `Affine1`: the flattened output of [`Pool1`] (30·12·12 = 4320) to 100 hidden units.
pub type Affine1<T = f32> = Affine<{ flat_width::<Pool1>() }, 100, T>;

/// The book's `Affine2`: 100 hidden units to 10 classes.
pub type Affine2<T = f32> = Affine<100, 10, T>;

/// The book's `SimpleConvNet`, its layers named as the book's `OrderedDict` and its parameters
/// as its `params`: `W1` (30, 1, 5, 5) and `b1` of the convolution, `W2` (4320, 100), `b2`,
/// `W3` (100, 10) and `b3` of the two Affine layers, so that the book's saved weights load as
/// they are ([`io::load_into`](crate::io::load_into)).
///
/// Its input is a batch of MNIST images, `SMatrix<T, N, 784>`, one image per row (the book's
/// `(N, 1, 28, 28)` flattened), its output 10 scores per image.
///
/// ```
/// use dldw::SimpleConvNet;
/// use dldw::init::Init;
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = SimpleConvNet::<f64>::new(Init::book(), &mut rng);
/// let x = dldw::zeros_boxed::<f64, 2, 784>();
/// let t = Labels::<2, 10>::new([3, 7]).unwrap();
/// // All-zero input and zero biases: every score is 0, every class 1/10.
/// assert!((net.gradient(&x, &t) - 10.0_f64.ln()).abs() < 1e-6);
/// assert_eq!(net.affine1.dW.shape(), (4320, 100));
/// ```
#[derive(Clone, Debug)]
pub struct SimpleConvNet<T: Float = f32> {
    /// `Conv1`, parameters `W1` and `b1`.
    pub conv1: Conv1<T>,
    /// `Relu1`.
    pub relu1: Relu<T>,
    /// `Pool1`.
    pub pool1: Pool1<T>,
    /// `Affine1`, parameters `W2` and `b2`.
    pub affine1: Affine1<T>,
    /// `Relu2`.
    pub relu2: Relu<T>,
    /// `Affine2`, parameters `W3` and `b3`.
    pub affine2: Affine2<T>,
    /// Softmax with cross-entropy (the book's `last_layer`).
    pub last: SoftmaxWithLoss<T>,
}

impl<T: Float> SimpleConvNet<T> {
    /// Weights drawn as `init` says (the book: `Init::book()`, `weight_init_std` 0.01) in the
    /// book's order, `W1`, `W2`, `W3`; biases 0.
    ///
    /// ```
    /// use dldw::params::Parameters;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let mut net = dldw::SimpleConvNet::<f32>::new(dldw::init::Init::book(), &mut rng);
    /// assert_eq!(net.param_count(), 433_890);
    /// ```
    pub fn new(init: Init, rng: &mut impl Rng) -> Self {
        SimpleConvNet {
            conv1: Conv1::new(init, rng),
            relu1: Relu::new(),
            pool1: Pool1::new(),
            affine1: Affine::new(init, rng),
            relu2: Relu::new(),
            affine2: Affine::new(init, rng),
            last: SoftmaxWithLoss::new(),
        }
    }

    /// Each layer's output shape and parameter count, from the types
    /// ([`summary`]): 1×28×28 → 30×24×24 → 30×12×12 → 100 → 10,
    /// 433 890 parameters.
    ///
    /// ```
    /// let summary = dldw::SimpleConvNet::<f32>::summary();
    /// assert_eq!(summary.shapes(), "1×28×28 → 30×24×24 → 30×12×12 → 100 → 10");
    /// assert_eq!(summary.rows[3].params, 4320 * 100 + 100);
    /// assert_eq!(summary.total(), 433_890);
    /// ```
    pub fn summary() -> Summary {
        summary::<(Conv1<T>, Relu<T>, Pool1<T>, Affine1<T>, Relu<T>, Affine2<T>)>()
    }

    /// The scores (before softmax) for a batch of images, in test mode: every layer in order.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::SimpleConvNet::<f32>::new(dldw::init::Init::book(), &mut rng);
    /// let y = net.predict(&dldw::zeros_boxed::<f32, 3, 784>());
    /// assert_eq!(y.shape(), (3, 10));
    /// ```
    pub fn predict<const N: usize>(&mut self, x: &SMatrix<T, N, 784>) -> &SMatrix<T, N, 10> {
        let h = self.conv1.predict_first(x);
        let h = self.relu1.predict(h);
        let h = self.pool1.predict(h);
        let h = self.affine1.predict(h);
        let h = self.relu2.predict(h);
        self.affine2.predict(h)
    }

    /// The loss of a batch against `t`, in training mode (the first layer's `forward_first`, the others' `forward`).
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::SimpleConvNet::<f64>::new(dldw::init::Init::book(), &mut rng);
    /// let t = dldw::loss::Labels::<1, 10>::new([4]).unwrap();
    /// assert!((net.loss(&dldw::zeros_boxed::<f64, 1, 784>(), &t) - 10.0_f64.ln()).abs() < 1e-6);
    /// ```
    pub fn loss<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> T {
        let h = self.conv1.forward_first(x); // the first layer: x is data
        let h = self.relu1.forward(h);
        let h = self.pool1.forward(h);
        let h = self.affine1.forward(h);
        let h = self.relu2.forward(h);
        self.last.forward(self.affine2.forward(h), t)
    }

    /// The share of images classified correctly, from [`predict`](Self::predict)'s scores.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::SimpleConvNet::<f32>::new(dldw::init::Init::book(), &mut rng);
    /// let t = dldw::loss::Labels::<2, 10>::new([0, 0]).unwrap();
    /// let acc = net.accuracy(&dldw::zeros_boxed::<f32, 2, 784>(), &t);
    /// assert!(acc == 0.0 || acc == 1.0); // two equal images: both right or both wrong
    /// ```
    pub fn accuracy<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> f64 {
        accuracy::accuracy(self.predict(x), t)
    }

    /// Backpropagation (the book's `gradient`): forward to the loss, then the layers in
    /// reverse, leaving every parameter's gradient in its layer (`conv1.dW` is ∂L/∂W1, …).
    /// The convolution's input is data, so its dx is not computed
    /// ([`FirstLayer::backward_first`]). Returns the loss.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::SimpleConvNet::<f64>::new(dldw::init::Init::book(), &mut rng);
    /// let x = nalgebra::SMatrix::<f64, 1, 784>::from_fn(|_, k| (k % 7) as f64 / 7.0);
    /// let t = dldw::loss::Labels::<1, 10>::new([2]).unwrap();
    /// net.gradient(&x, &t);
    /// assert!(net.affine2.db[2] < 0.0); // raising the answer's score lowers the loss
    /// assert!(net.conv1.dW.iter().any(|&g| g != 0.0));
    /// ```
    pub fn gradient<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> T {
        // forward
        let loss = self.loss(x, t);
        // backward
        let dout = self.last.backward::<N, 10>();
        let dout = self.affine2.backward(dout);
        let dout = self.relu2.backward(dout);
        let dout = self.affine1.backward(dout);
        let dout = self.pool1.backward(dout);
        let dout = self.relu1.backward(dout);
        self.conv1.backward_first(x, dout); // x is data: no dx
        loss
    }
}

/// `W1`, `b1`, `W2`, `b2`, `W3`, `b3`, the book's names.
impl<T: Float> Parameters<T> for SimpleConvNet<T> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.conv1.visit_named(&name.child("W1"), &name.child("b1"), f);
        self.affine1.visit_named(&name.child("W2"), &name.child("b2"), f);
        self.affine2.visit_named(&name.child("W3"), &name.child("b3"), f);
    }
}

/// The trainer's view of the network: [`predict`](SimpleConvNet::predict) and
/// [`gradient`](SimpleConvNet::gradient) on batches of MNIST images.
#[diagnostic::do_not_recommend]
impl<T: Float, const N: usize> Classifier<SMatrix<T, N, 784>, T, N, 10> for SimpleConvNet<T> {
    fn predict(&mut self, x: &SMatrix<T, N, 784>) -> &SMatrix<T, N, 10> {
        SimpleConvNet::predict(self, x)
    }
    fn gradient(&mut self, x: &SMatrix<T, N, 784>, t: &Labels<N, 10>) -> T {
        SimpleConvNet::gradient(self, x, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Network;
    use rand::SeedableRng;

    /// Weights are drawn as the book draws them: `W1` (30, 1, 5, 5) row-major first, then `W2`
    /// (4320, 100) row by row, then `W3`, each `0.01 · randn`, from one generator.
    #[test]
    fn weights_are_drawn_in_the_books_order() {
        use rand_distr::{Distribution, Normal};
        let net = SimpleConvNet::<f64>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(9));
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        let normal = Normal::new(0.0, 0.01).unwrap();
        let mut draw = || normal.sample(&mut rng);
        for f in 0..30 {
            for y in 0..5 {
                for x in 0..5 {
                    assert_eq!(net.conv1.filter(f, 0, y, x), draw(), "W1[{f}, 0, {y}, {x}]");
                }
            }
        }
        assert_eq!((net.affine1.W[(0, 0)], net.affine1.W[(0, 1)]), (draw(), draw()));
        assert!(net.conv1.b.iter().all(|&b| b == 0.0));
    }

    /// The book's listing and the generic chain of the same layers give the same loss and
    /// gradients, bit for bit: both run the same layers in the same order.
    #[test]
    fn the_same_layers_as_a_network_give_the_same_gradients() {
        let mut net = SimpleConvNet::<f64>::new(Init::he(), &mut rand::rngs::StdRng::seed_from_u64(2));
        let layers = (
            net.conv1.clone(),
            Relu::new(),
            net.pool1.clone(),
            net.affine1.clone(),
            Relu::new(),
            net.affine2.clone(),
        );
        let mut chain = Network::new(layers, SoftmaxWithLoss::new());
        let x = crate::zeros_boxed::<f64, 3, 784>()
            .map_with_location(|n, k, _| ((n * 7 + k * 13) % 17) as f64 / 17.0);
        let t = Labels::<3, 10>::new([1, 4, 9]).unwrap();
        assert_eq!(net.gradient(&x, &t), chain.gradient(&x, &t));
        assert_eq!((&net.conv1.dW, &net.conv1.db), (&chain.layers.0.dW, &chain.layers.0.db));
        assert_eq!(net.affine1.dW, chain.layers.3.dW);
    }

    /// The step's kernels halve their loops over two threads inside a pool
    /// ([`with_all_cores`](crate::kernels::with_all_cores)); a pool of exactly two here, so that
    /// they do even on one core. Only outputs are split, so the loss and every gradient are the
    /// same bits as on one thread. A batch of 100 makes every split happen (the convolution's
    /// 43 million multiply-adds, its 1.7 million activations, the 4320 → 100 products).
    #[test]
    fn a_step_halved_over_two_threads_gives_the_same_bits() {
        let mut net = SimpleConvNet::<f32>::new(Init::he(), &mut rand::rngs::StdRng::seed_from_u64(4));
        let x = crate::zeros_boxed::<f32, 100, 784>().map_with_location(|n, k, _| {
            if (n * 31 + k * 7) % 5 == 0 { ((n + k) % 11) as f32 / 11.0 } else { 0.0 }
        });
        let t = Labels::<100, 10>::new(std::array::from_fn(|n| n % 10)).unwrap();
        let mut shared = net.clone();
        let loss = net.gradient(&x, &t);
        let two = rayon_core::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool of two threads");
        let shared_loss = two.install(|| {
            assert!(crate::kernels::shared(), "inside a pool of two, loops are halved");
            shared.gradient(&x, &t)
        });
        assert_eq!(loss.to_bits(), shared_loss.to_bits());
        assert_eq!((&net.conv1.dW, &net.conv1.db), (&shared.conv1.dW, &shared.conv1.db));
        assert_eq!((&net.affine1.dW, &net.affine1.db), (&shared.affine1.dW, &shared.affine1.db));
        assert_eq!(net.affine2.dW, shared.affine2.dW);
        assert_eq!(net.predict(&x), shared.predict(&x));
        assert!(net.conv1.dW.iter().any(|&g| g != 0.0));
    }
}
