//! What the trainer needs of a model: scores for a batch, and backprop against labels.

use crate::Float;
use crate::loss::Labels;
use crate::params::Parameters;
use nalgebra::SMatrix;

/// A classifier into `C` classes that takes batches `X` of `N` samples and can be trained on
/// them.
///
/// `X` is a dense `SMatrix<T, N, I>` or, for data that is mostly zeros such as MNIST, a
/// [`SparseRows<T, N, I>`](crate::sparse::SparseRows); the book's
/// [`TwoLayerNet`](crate::TwoLayerNet) and any [`Network`](crate::Network) whose first layer
/// takes the batch ([`FirstLayer`](crate::layers::FirstLayer)) implement it, beside their
/// definitions. The trainer asks for it at two batch sizes (training and evaluation). A
/// classifier can be cloned and sent to another thread: [`evaluate`](super::evaluate) scores a
/// set on every core, one clone per extra core.
///
/// ```
/// use dldw::train::Classifier;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = dldw::TwoLayerNet::<4, 3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
/// let x = nalgebra::SMatrix::<f64, 1, 4>::zeros();
/// let t = dldw::loss::Labels::<1, 2>::new([1]).unwrap();
/// let loss = Classifier::gradient(&mut net, &x, &t);
/// assert!((loss - 2.0_f64.ln()).abs() < 1e-6);
/// let sparse = dldw::sparse::SparseRows::from_dense(&x);
/// assert_eq!(Classifier::gradient(&mut net, &sparse, &t), loss);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be trained on batches of type `{X}`",
    label = "the model's input width, float type or class count does not fit the data set's",
    note = "the data set's `Batch` type names the batch size, the width and the float type; the \
            model's first layer must take that width in that float type, and its last give one \
            score per class"
)]
pub trait Classifier<X, T: Float, const N: usize, const C: usize>: Parameters<T> + Clone + Send {
    /// Scores (before softmax) for a batch, in test mode ([`Layer::predict`](crate::layers::Layer::predict)): what
    /// [`evaluate`](super::evaluate) and the trainer's accuracies use.
    fn predict(&mut self, x: &X) -> &SMatrix<T, N, C>;
    /// Loss of the batch, leaving every parameter's gradient in place for an optimizer.
    fn gradient(&mut self, x: &X, t: &Labels<N, C>) -> T;
}
