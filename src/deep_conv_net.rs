//! The book's `DeepConvNet` (8.1, `ch08/deep_convnet.py`): six 3 × 3 convolutions with ReLU,
//! a 2 × 2 max pooling after every second one, then Affine → ReLU → Dropout → Affine → Dropout
//! → Softmax-with-Loss, for MNIST's 1 × 28 × 28 images.
//!
//! ```text
//! conv - relu - conv - relu - pool -
//! conv - relu - conv - relu - pool -
//! conv - relu - conv - relu - pool -
//! affine - relu - dropout - affine - dropout - softmax
//! ```
//!
//! Every size is computed by the compiler from the book's literals (16, 16, 32, 32, 64 and 64
//! filters of 3 × 3, stride 1, pad 1 except `conv4`'s pad 2, pools of 2 × 2 stride 2, 50 hidden
//! units, 10 classes): no size below is written by hand. The shapes are
//! 1×28×28 → 16×28×28 → 16×14×14 → 32×14×14 → 32×16×16 → 32×8×8 → 64×8×8 → 64×4×4 → 50 → 10,
//! and the `Affine` after the last pool takes 64·4·4 = 1024 values.

use crate::accuracy;
use crate::init::Init;
use crate::layers::{
    Affine, Dropout, FirstLayer, Layer, LossLayer, Relu, SoftmaxWithLoss, Summary, flat_width, summary,
};
use crate::loss::{Labels, Target};
use crate::params::{Name, Param, Parameters};
use crate::train::Classifier;
use crate::{Convolution, Float, Pooling};
use nalgebra::SMatrix;
use rand::Rng;

/// `conv1`: 16 filters of 1 × 3 × 3 over a 1 × 28 × 28 image, pad 1; gives 16 × 28 × 28.
pub type Conv1<T = f32> = Convolution![in: 1, 28, 28; filters: 16, 3, 3; pad: 1; stride: 1; T];
/// `conv2`: 16 filters of 16 × 3 × 3, pad 1; gives 16 × 28 × 28.
pub type Conv2<T = f32> = Convolution![after: Conv1; filters: 16, 3, 3; pad: 1; stride: 1; T];
/// The first pool, 2 × 2 with stride 2; gives 16 × 14 × 14.
pub type Pool1<T = f32> = Pooling![after: Conv2; pool: 2, 2; stride: 2; T];
/// `conv3`: 32 filters of 16 × 3 × 3, pad 1; gives 32 × 14 × 14.
pub type Conv3<T = f32> = Convolution![after: Pool1; filters: 32, 3, 3; pad: 1; stride: 1; T];
/// `conv4`: 32 filters of 32 × 3 × 3, **pad 2**; gives 32 × 16 × 16.
pub type Conv4<T = f32> = Convolution![after: Conv3; filters: 32, 3, 3; pad: 2; stride: 1; T];
/// The second pool; gives 32 × 8 × 8.
pub type Pool2<T = f32> = Pooling![after: Conv4; pool: 2, 2; stride: 2; T];
/// `conv5`: 64 filters of 32 × 3 × 3, pad 1; gives 64 × 8 × 8.
pub type Conv5<T = f32> = Convolution![after: Pool2; filters: 64, 3, 3; pad: 1; stride: 1; T];
/// `conv6`: 64 filters of 64 × 3 × 3, pad 1; gives 64 × 8 × 8.
pub type Conv6<T = f32> = Convolution![after: Conv5; filters: 64, 3, 3; pad: 1; stride: 1; T];
/// The third pool; gives 64 × 4 × 4.
pub type Pool3<T = f32> = Pooling![after: Conv6; pool: 2, 2; stride: 2; T];
/// The flattened output of [`Pool3`] (64·4·4 = 1024) to the 50 hidden units.
pub type Affine1<T = f32> = Affine<{ flat_width::<Pool3>() }, 50, T>;
/// The 50 hidden units to 10 classes.
pub type Affine2<T = f32> = Affine<50, 10, T>;

/// DeepConvNet's layers in the book's order (its list `self.layers`), as nested tuples of at
/// most 8: what [`DeepConvNet::summary`] reads, and a model the compiler checks layer by layer.
pub type Layers<T = f32> = (
    (Conv1<T>, Relu<T>, Conv2<T>, Relu<T>, Pool1<T>),
    (Conv3<T>, Relu<T>, Conv4<T>, Relu<T>, Pool2<T>),
    (Conv5<T>, Relu<T>, Conv6<T>, Relu<T>, Pool3<T>),
    (Affine1<T>, Relu<T>, Dropout<T>, Affine2<T>, Dropout<T>),
);

/// The book's `DeepConvNet`, its parameters named as its `params`: `W1` … `W6` (4-D, `(FN, C,
/// 3, 3)`) and `b1` … `b6` of the convolutions, `W7` (1024, 50), `b7`, `W8` (50, 10) and `b8`
/// of the two Affine layers, so that the book's saved weights load as they are
/// ([`io::load_into`](crate::io::load_into)).
///
/// Its input is a batch of MNIST images, `SMatrix<T, N, 784>`, one image per row (the book's
/// `(N, 1, 28, 28)` flattened), its output 10 scores per image. Both Dropout layers are the
/// book's (ratio 0.5, no rescaling in training, × 0.5 at test time); the second one sits on the
/// scores, where at test time it halves them without changing their order.
///
/// ```
/// use dldw::DeepConvNet;
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = DeepConvNet::<f64>::new(&mut rng);
/// let x = dldw::zeros_boxed::<f64, 2, 784>();
/// let t = Labels::<2, 10>::new([3, 7]).unwrap();
/// // All-zero input and zero biases: every score is 0, every class 1/10.
/// assert!((net.gradient(&x, &t) - 10.0_f64.ln()).abs() < 1e-6);
/// assert_eq!(net.affine1.dW.shape(), (1024, 50));
/// ```
#[derive(Clone, Debug)]
pub struct DeepConvNet<T: Float = f32> {
    /// `conv1`, parameters `W1` and `b1`.
    pub conv1: Conv1<T>,
    /// ReLU after `conv1`.
    pub relu1: Relu<T>,
    /// `conv2`, parameters `W2` and `b2`.
    pub conv2: Conv2<T>,
    /// ReLU after `conv2`.
    pub relu2: Relu<T>,
    /// The first pool.
    pub pool1: Pool1<T>,
    /// `conv3`, parameters `W3` and `b3`.
    pub conv3: Conv3<T>,
    /// ReLU after `conv3`.
    pub relu3: Relu<T>,
    /// `conv4`, parameters `W4` and `b4`.
    pub conv4: Conv4<T>,
    /// ReLU after `conv4`.
    pub relu4: Relu<T>,
    /// The second pool.
    pub pool2: Pool2<T>,
    /// `conv5`, parameters `W5` and `b5`.
    pub conv5: Conv5<T>,
    /// ReLU after `conv5`.
    pub relu5: Relu<T>,
    /// `conv6`, parameters `W6` and `b6`.
    pub conv6: Conv6<T>,
    /// ReLU after `conv6`.
    pub relu6: Relu<T>,
    /// The third pool.
    pub pool3: Pool3<T>,
    /// The hidden Affine layer, parameters `W7` and `b7`.
    pub affine1: Affine1<T>,
    /// ReLU after it.
    pub relu7: Relu<T>,
    /// Dropout 0.5 on the hidden units.
    pub dropout1: Dropout<T>,
    /// The output Affine layer, parameters `W8` and `b8`.
    pub affine2: Affine2<T>,
    /// Dropout 0.5 on the scores.
    pub dropout2: Dropout<T>,
    /// Softmax with cross-entropy (the book's `last_layer`).
    pub last: SoftmaxWithLoss<T>,
}

impl<T: Float> DeepConvNet<T> {
    /// He initialisation (book 6.2.3) as the book writes it: σ = √(2 / fan_in) with the fan-ins
    /// 9, 144, 144, 288, 288, 576 of the convolutions (`C·3·3`) and 1024, 50 of the Affine
    /// layers, drawn in the book's order `W1` … `W8`; biases 0. The two Dropout layers are
    /// seeded from `rng` after the weights.
    ///
    /// ```
    /// use dldw::params::Parameters;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let mut net = dldw::DeepConvNet::<f32>::new(&mut rng);
    /// assert_eq!(net.param_count(), 123_552);
    /// ```
    pub fn new(rng: &mut impl Rng) -> Self {
        let he = Init::he();
        let dropout = |rng: &mut _| Dropout::new(0.5, rng).expect("0.5 is a dropout ratio in [0, 1)");
        DeepConvNet {
            conv1: Conv1::new(he, rng),
            relu1: Relu::new(),
            conv2: Conv2::new(he, rng),
            relu2: Relu::new(),
            pool1: Pool1::new(),
            conv3: Conv3::new(he, rng),
            relu3: Relu::new(),
            conv4: Conv4::new(he, rng),
            relu4: Relu::new(),
            pool2: Pool2::new(),
            conv5: Conv5::new(he, rng),
            relu5: Relu::new(),
            conv6: Conv6::new(he, rng),
            relu6: Relu::new(),
            pool3: Pool3::new(),
            affine1: Affine::new(he, rng),
            relu7: Relu::new(),
            affine2: Affine::new(he, rng),
            dropout1: dropout(rng),
            dropout2: dropout(rng),
            last: SoftmaxWithLoss::new(),
        }
    }

    /// Each layer's output shape and parameter count, from the types
    /// ([`summary`]): 123 552 parameters.
    ///
    /// ```
    /// let summary = dldw::DeepConvNet::<f32>::summary();
    /// assert_eq!(
    ///     summary.shapes(),
    ///     "1×28×28 → 16×28×28 → 16×14×14 → 32×14×14 → 32×16×16 → 32×8×8 → 64×8×8 → 64×4×4 → 50 → 10"
    /// );
    /// assert_eq!(summary.rows[15].params, 1024 * 50 + 50);
    /// assert_eq!(summary.total(), 123_552);
    /// ```
    pub fn summary() -> Summary {
        summary::<Layers<T>>()
    }

    /// The scores (before softmax) for a batch of images, in test mode (the book's
    /// `predict(x, train_flg=False)`): every layer in order, each Dropout scaling by 0.5.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::DeepConvNet::<f32>::new(&mut rng);
    /// let y = net.predict(&dldw::zeros_boxed::<f32, 3, 784>());
    /// assert_eq!(y.shape(), (3, 10));
    /// ```
    pub fn predict<const N: usize>(&mut self, x: &SMatrix<T, N, 784>) -> &SMatrix<T, N, 10> {
        let h = self.conv1.predict_first(x); // the first layer: x is data
        let h = self.relu1.predict(h);
        let h = self.conv2.predict(h);
        let h = self.relu2.predict(h);
        let h = self.pool1.predict(h);
        let h = self.conv3.predict(h);
        let h = self.relu3.predict(h);
        let h = self.conv4.predict(h);
        let h = self.relu4.predict(h);
        let h = self.pool2.predict(h);
        let h = self.conv5.predict(h);
        let h = self.relu5.predict(h);
        let h = self.conv6.predict(h);
        let h = self.relu6.predict(h);
        let h = self.pool3.predict(h);
        let h = self.affine1.predict(h);
        let h = self.relu7.predict(h);
        let h = self.dropout1.predict(h);
        let h = self.affine2.predict(h);
        self.dropout2.predict(h)
    }

    /// The loss of a batch against `t`, in training mode (the first layer's `forward_first`, the
    /// others' `forward`: each Dropout draws a fresh mask).
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::DeepConvNet::<f64>::new(&mut rng);
    /// let t = dldw::loss::Labels::<1, 10>::new([4]).unwrap();
    /// assert!((net.loss(&dldw::zeros_boxed::<f64, 1, 784>(), &t) - 10.0_f64.ln()).abs() < 1e-6);
    /// ```
    pub fn loss<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> T {
        let h = self.conv1.forward_first(x); // the first layer: x is data
        let h = self.relu1.forward(h);
        let h = self.conv2.forward(h);
        let h = self.relu2.forward(h);
        let h = self.pool1.forward(h);
        let h = self.conv3.forward(h);
        let h = self.relu3.forward(h);
        let h = self.conv4.forward(h);
        let h = self.relu4.forward(h);
        let h = self.pool2.forward(h);
        let h = self.conv5.forward(h);
        let h = self.relu5.forward(h);
        let h = self.conv6.forward(h);
        let h = self.relu6.forward(h);
        let h = self.pool3.forward(h);
        let h = self.affine1.forward(h);
        let h = self.relu7.forward(h);
        let h = self.dropout1.forward(h);
        let h = self.affine2.forward(h);
        self.last.forward(self.dropout2.forward(h), t)
    }

    /// The share of images classified correctly, from [`predict`](Self::predict)'s scores.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::DeepConvNet::<f32>::new(&mut rng);
    /// let t = dldw::loss::Labels::<2, 10>::new([0, 0]).unwrap();
    /// let acc = net.accuracy(&dldw::zeros_boxed::<f32, 2, 784>(), &t);
    /// assert!(acc == 0.0 || acc == 1.0); // two equal images: both right or both wrong
    /// ```
    pub fn accuracy<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> f64 {
        accuracy::accuracy(self.predict(x), t)
    }

    /// Backpropagation (the book's `gradient`): forward to the loss in training mode, then the
    /// layers in reverse, leaving every parameter's gradient in its layer (`conv1.dW` is
    /// ∂L/∂W1, …, `affine2.db` is ∂L/∂b8). Returns the loss.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut net = dldw::DeepConvNet::<f64>::new(&mut rng);
    /// let x = nalgebra::SMatrix::<f64, 1, 784>::from_fn(|_, k| (k % 7) as f64 / 7.0);
    /// let t = dldw::loss::Labels::<1, 10>::new([2]).unwrap();
    /// net.gradient(&x, &t);
    /// assert!(net.conv1.dW.iter().any(|&g| g != 0.0));
    /// ```
    pub fn gradient<const N: usize>(&mut self, x: &SMatrix<T, N, 784>, t: &impl Target<T, N, 10>) -> T {
        let loss = self.loss(x, t);
        let dout = self.last.backward::<N, 10>();
        let dout = self.dropout2.backward(dout);
        let dout = self.affine2.backward(dout);
        let dout = self.dropout1.backward(dout);
        let dout = self.relu7.backward(dout);
        let dout = self.affine1.backward(dout);
        let dout = self.pool3.backward(dout);
        let dout = self.relu6.backward(dout);
        let dout = self.conv6.backward(dout);
        let dout = self.relu5.backward(dout);
        let dout = self.conv5.backward(dout);
        let dout = self.pool2.backward(dout);
        let dout = self.relu4.backward(dout);
        let dout = self.conv4.backward(dout);
        let dout = self.relu3.backward(dout);
        let dout = self.conv3.backward(dout);
        let dout = self.pool1.backward(dout);
        let dout = self.relu2.backward(dout);
        let dout = self.conv2.backward(dout);
        let dout = self.relu1.backward(dout);
        self.conv1.backward_first(x, dout); // x is data: no dx
        loss
    }
}

/// `W1`, `b1`, …, `W8`, `b8`, the book's names, in its order.
impl<T: Float> Parameters<T> for DeepConvNet<T> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.conv1.visit_named(&name.child("W1"), &name.child("b1"), f);
        self.conv2.visit_named(&name.child("W2"), &name.child("b2"), f);
        self.conv3.visit_named(&name.child("W3"), &name.child("b3"), f);
        self.conv4.visit_named(&name.child("W4"), &name.child("b4"), f);
        self.conv5.visit_named(&name.child("W5"), &name.child("b5"), f);
        self.conv6.visit_named(&name.child("W6"), &name.child("b6"), f);
        self.affine1.visit_named(&name.child("W7"), &name.child("b7"), f);
        self.affine2.visit_named(&name.child("W8"), &name.child("b8"), f);
    }
}

/// The trainer's view of the network: [`predict`](DeepConvNet::predict) and
/// [`gradient`](DeepConvNet::gradient) on batches of MNIST images.
#[diagnostic::do_not_recommend]
impl<T: Float, const N: usize> Classifier<SMatrix<T, N, 784>, T, N, 10> for DeepConvNet<T> {
    fn predict(&mut self, x: &SMatrix<T, N, 784>) -> &SMatrix<T, N, 10> {
        DeepConvNet::predict(self, x)
    }
    fn gradient(&mut self, x: &SMatrix<T, N, 784>, t: &Labels<N, 10>) -> T {
        DeepConvNet::gradient(self, x, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::Labels;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// The book's `pre_node_nums`: each weight's standard deviation is √(2 / fan_in) for
    /// 9, 144, 144, 288, 288, 576, 1024, 50. The sample standard deviation of n normal draws
    /// has a relative spread of about 1/√(2n): 5.9 % for W1's 144 weights, under 0.3 % for the
    /// others; 25 % is four of W1's spreads.
    #[test]
    fn weights_have_hes_deviation_for_the_books_fan_ins() {
        let mut net = DeepConvNet::<f64>::new(&mut StdRng::seed_from_u64(7));
        let fan_ins = [9, 144, 144, 288, 288, 576, 1024, 50];
        let mut k = 0;
        net.visit_params(&Name::Root, &mut |p| {
            if p.name.to_string().starts_with('W') {
                let n = p.value.len() as f64;
                let std = (p.value.iter().map(|w| w * w).sum::<f64>() / n).sqrt();
                let he = (2.0 / fan_ins[k] as f64).sqrt();
                assert!((std / he - 1.0).abs() < 0.25, "{}: std {std} against {he}", p.name);
                k += 1;
            } else {
                assert!(p.value.iter().all(|&b| b == 0.0), "{} starts at 0", p.name);
            }
        });
        assert_eq!(k, 8);
    }

    /// The summary's rows: 6 convolutions with their parameter counts (FN·C·9 + FN), the
    /// pools, the Affine layers and the Dropouts, 123 552 in all as the book's network has.
    #[test]
    fn the_summary_lists_every_layer_with_the_books_counts() {
        let s = DeepConvNet::<f32>::summary();
        assert_eq!(s.rows.len(), 20);
        let convs: Vec<usize> =
            s.rows.iter().filter(|r| r.layer.starts_with("Conv")).map(|r| r.params).collect();
        assert_eq!(convs, [160, 2320, 4640, 9248, 18496, 36928]);
        assert_eq!(s.rows[7].layer, "Convolution 32 × 3×3, pad 2, stride 1");
        assert_eq!(s.rows[7].output, "32×16×16");
        assert_eq!((s.rows[17].layer.as_str(), s.rows[19].layer.as_str()), ("Dropout", "Dropout"));
        assert_eq!(s.total(), 160 + 2320 + 4640 + 9248 + 18496 + 36928 + 51250 + 510);
    }

    /// The whole network's backward against central differences, in f64, on one image, with
    /// both Dropout masks held so that the loss is one fixed function (each masks about half
    /// of its units). The network is linear between the points where a ReLU's input or a
    /// window's maximum changes side, and one weight of `conv2` moves 784 pre-activations by
    /// h·x each: with h = 1e-4 one of them crossed a kink, with h = 1e-6 that is a hundred times
    /// less likely. What is left is the softmax's curvature, O(h²), and rounding,
    /// ≈ 2.2e-16 · 2.3 / 1e-6 ≈ 5e-10; 1e-6 is far below a wrong backward's error (the size of
    /// the gradient, 1e-3 … 1).
    #[test]
    fn backward_agrees_with_central_differences() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut net = DeepConvNet::<f64>::new(&mut rng);
        let x = SMatrix::<f64, 1, 784>::from_fn(|_, k| ((k * 37) % 101) as f64 / 101.0);
        let t = Labels::<1, 10>::new([4]).unwrap();
        net.dropout1.hold_mask();
        net.dropout2.hold_mask();
        let loss = net.gradient(&x, &t);
        let mut grads = Vec::new();
        net.visit_params(&Name::Root, &mut |p| grads.push((p.name.to_string(), p.grad.to_vec())));
        // A few entries of each parameter, numerically.
        let h = 1e-6;
        let mut worst: f64 = 0.0;
        for (index, (name, grad)) in grads.iter().enumerate() {
            for &i in &[0, grad.len() / 3, grad.len() - 1] {
                let at = |delta: f64, net: &mut DeepConvNet<f64>| {
                    let mut k = 0;
                    net.visit_params(&Name::Root, &mut |p| {
                        if k == index {
                            p.value[i] += delta;
                        }
                        k += 1;
                    });
                    net.loss(&x, &t)
                };
                let up = at(h, &mut net);
                let down = at(-2.0 * h, &mut net);
                at(h, &mut net);
                let numerical = (up - down) / (2.0 * h);
                worst = worst.max((numerical - grad[i]).abs());
                assert!((numerical - grad[i]).abs() < 1e-6, "{name}[{i}]: {numerical} against {}", grad[i]);
            }
        }
        assert!(loss.is_finite() && worst < 1e-6, "{worst}");
    }
}
