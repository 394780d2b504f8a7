//! The book's `simpleNet` (4.4.2): one 2×3 weight matrix, softmax, cross-entropy, and the
//! gradient of the loss with respect to the weights, ∂L/∂W, taken numerically.

use crate::Float;
use crate::activation::softmax;
use crate::gradient::numerical_gradient;
use crate::init::Init;
use crate::loss::{CrossEntropyError, Loss, Target};
use nalgebra::{RowSVector, SMatrix};
use rand::Rng;

/// A network of one layer without bias: 2 inputs, 3 classes, scores x·W, probabilities
/// softmax(x·W), loss L = cross-entropy against the answer.
///
/// The book's worked example (its `W` came from `np.random.randn(2, 3)`). The book prints the
/// loss 0.92806853663411326: its numbers were computed without the δ = 1e-7 inside the log,
/// and −ln(y + δ) ≈ −ln y − δ/y is δ/y₂ ≈ 2.5e-7 lower (NumPy with δ gives ours).
///
/// ```
/// use dldw::simple_net::SimpleNet;
/// use dldw::loss::Labels;
/// use nalgebra::{Matrix2x3, RowVector2};
/// let net = SimpleNet::new(Matrix2x3::<f64>::new(
///     0.47355232, 0.9977393, 0.84668094,
///     0.85557411, 0.03563661, 0.69422093,
/// ));
/// let x = RowVector2::new(0.6, 0.9);
/// let t = Labels::<1, 3>::new([2]).unwrap(); // the book's t = [0, 0, 1]
/// assert_eq!(net.predict(&x).transpose().argmax().0, 2);
/// assert!((net.loss(&x, &t) - 0.9280682857864075).abs() < 1e-15);
/// assert!((net.loss(&x, &t) - 0.92806853663411326).abs() < 3e-7);
/// ```
#[allow(non_snake_case)] // W: the book's name
#[derive(Clone, Debug, PartialEq)]
pub struct SimpleNet<T: Float> {
    /// The weights W, 2×3: row i holds input i's weight for each class.
    pub W: SMatrix<T, 2, 3>,
}

impl<T: Float> SimpleNet<T> {
    /// A network with the given weights.
    ///
    /// ```
    /// let net = dldw::simple_net::SimpleNet::new(nalgebra::Matrix2x3::<f32>::identity());
    /// assert_eq!(net.W[(1, 1)], 1.0);
    /// ```
    #[allow(non_snake_case)]
    pub fn new(W: SMatrix<T, 2, 3>) -> Self {
        SimpleNet { W }
    }

    /// A network whose weights are drawn from the standard normal N(0, 1), row by row like the
    /// book's `np.random.randn(2, 3)`, from the generator given (same seed, same weights).
    ///
    /// ```
    /// use dldw::simple_net::SimpleNet;
    /// use rand::SeedableRng;
    /// let a = SimpleNet::<f64>::random(&mut rand::rngs::StdRng::seed_from_u64(7));
    /// let b = SimpleNet::<f64>::random(&mut rand::rngs::StdRng::seed_from_u64(7));
    /// assert_eq!(a, b);
    /// assert!(a.W.amax() > 0.0);
    /// ```
    pub fn random(rng: &mut impl Rng) -> Self {
        let mut w = SMatrix::zeros();
        Init::std(1.0).expect("1 is a valid standard deviation").fill(&mut w, rng);
        SimpleNet { W: w }
    }

    /// The scores z = x·W for one input of 2 features (book's `predict`).
    ///
    /// ```
    /// use dldw::simple_net::SimpleNet;
    /// use nalgebra::{Matrix2x3, RowVector2, RowVector3};
    /// let net = SimpleNet::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
    /// assert_eq!(net.predict(&RowVector2::new(1.0, 10.0)), RowVector3::new(41.0, 52.0, 63.0));
    /// ```
    pub fn predict(&self, x: &RowSVector<T, 2>) -> RowSVector<T, 3> {
        x * self.W
    }

    /// The loss L = −Σₖ tₖ log(softmax(x·W)ₖ + 1e-7), by [`softmax`] and [`CrossEntropyError`].
    ///
    /// ```
    /// use dldw::simple_net::SimpleNet;
    /// use dldw::loss::Labels;
    /// use nalgebra::{Matrix2x3, RowVector2};
    /// // All-zero weights give every class 1/3, so L ≈ ln 3.
    /// let net = SimpleNet::<f64>::new(Matrix2x3::zeros());
    /// let loss = net.loss(&RowVector2::new(0.6, 0.9), &Labels::<1, 3>::new([0]).unwrap());
    /// assert!((loss - 3f64.ln()).abs() < 1e-6);
    /// ```
    pub fn loss(&self, x: &RowSVector<T, 2>, t: &impl Target<T, 1, 3>) -> T {
        CrossEntropyError.loss(&softmax(&self.predict(x)), t)
    }

    /// ∂L/∂W by [`numerical_gradient`] (book 4.4.2, `numerical_gradient(f, net.W)`):
    /// dWᵢⱼ says how much the loss changes when Wᵢⱼ moves by a little.
    ///
    /// The book gets this through aliasing — `f` ignores its argument and `net.W` is perturbed
    /// in place. Here `f` builds a network from the perturbed copy it is given, so `self` is
    /// never changed.
    ///
    /// The book prints dW = [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437,
    /// -0.54421514]], computed without the δ = 1e-7 inside the log. With δ, the derivative of
    /// −ln(y₂ + δ) is that of −ln y₂ times y₂/(y₂ + δ), so every entry here is smaller by that
    /// factor (about 2.5e-7 relative):
    ///
    /// ```
    /// use dldw::activation::softmax;
    /// use dldw::simple_net::SimpleNet;
    /// use dldw::loss::OneHot;
    /// use nalgebra::{Matrix2x3, RowVector2, RowVector3};
    /// let net = SimpleNet::new(Matrix2x3::new(
    ///     0.47355232, 0.9977393, 0.84668094,
    ///     0.85557411, 0.03563661, 0.69422093,
    /// ));
    /// let t = OneHot::new(RowVector3::new(0.0, 0.0, 1.0)).unwrap();
    /// let x = RowVector2::new(0.6, 0.9);
    /// let dw = net.numerical_gradient(&x, &t);
    /// let book = Matrix2x3::new(
    ///     0.21924763, 0.14356247, -0.36281009,
    ///     0.32887144, 0.2153437, -0.54421514,
    /// );
    /// let y2 = softmax(&net.predict(&x))[2];
    /// assert!((dw * ((y2 + 1e-7) / y2) - book).amax() < 1e-8);
    /// assert!((dw - book).amax() < 2e-7);
    /// ```
    pub fn numerical_gradient(&self, x: &RowSVector<T, 2>, t: &impl Target<T, 1, 3>) -> SMatrix<T, 2, 3> {
        numerical_gradient(|w| SimpleNet::new(*w).loss(x, t), &self.W)
    }
}
