//! What the trainer needs of a model: scores for a batch, and backprop against labels.

use crate::layers::{InputOf, Layer, LossLayer, Model};
use crate::loss::Labels;
use crate::params::Parameters;
use crate::sparse::SparseRows;
use crate::{Float, Network, TwoLayerNet};
use nalgebra::SMatrix;

/// A classifier into `C` classes that takes batches `X` of `N` samples and can be trained on
/// them.
///
/// `X` is a dense `SMatrix<T, N, I>` or, for data that is mostly zeros such as MNIST, a
/// [`SparseRows<T, N, I>`]; the book's [`TwoLayerNet`] and any [`Network`] whose layers fit
/// take both. The trainer asks for it at two batch sizes (training and evaluation). A
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
    /// Scores (before softmax) for a batch, in test mode ([`Layer::predict`]): what
    /// [`evaluate`](super::evaluate) and the trainer's accuracies use.
    fn predict(&mut self, x: &X) -> &SMatrix<T, N, C>;
    /// Loss of the batch, leaving every parameter's gradient in place for an optimizer.
    fn gradient(&mut self, x: &X, t: &Labels<N, C>) -> T;
}

#[diagnostic::do_not_recommend]
impl<const N: usize, const I: usize, const H: usize, const C: usize, T: Float, A>
    Classifier<SMatrix<T, N, I>, T, N, C> for TwoLayerNet<I, H, C, T, A>
where
    A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>> + Clone + Send,
{
    fn predict(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, C> {
        TwoLayerNet::predict(self, x)
    }
    fn gradient(&mut self, x: &SMatrix<T, N, I>, t: &Labels<N, C>) -> T {
        TwoLayerNet::gradient(self, x, t)
    }
}

#[diagnostic::do_not_recommend]
impl<const N: usize, const I: usize, const H: usize, const C: usize, T: Float, A>
    Classifier<SparseRows<T, N, I>, T, N, C> for TwoLayerNet<I, H, C, T, A>
where
    A: Layer<SMatrix<T, N, H>, Output = SMatrix<T, N, H>> + Clone + Send,
{
    fn predict(&mut self, x: &SparseRows<T, N, I>) -> &SMatrix<T, N, C> {
        TwoLayerNet::predict_sparse(self, x)
    }
    fn gradient(&mut self, x: &SparseRows<T, N, I>, t: &Labels<N, C>) -> T {
        TwoLayerNet::gradient_sparse(self, x, t)
    }
}

/// A network takes every batch its layers take ([`InputOf`]): dense, sparse, or boxed.
impl<X, const N: usize, const C: usize, M, L> Classifier<X, M::Float, N, C> for Network<M, L>
where
    X: InputOf<M, N, C>,
    M: Model + Parameters<M::Float> + Clone + Send,
    L: LossLayer<M::Float> + Clone + Send,
{
    fn predict(&mut self, x: &X) -> &SMatrix<M::Float, N, C> {
        Network::predict(self, x)
    }
    fn gradient(&mut self, x: &X, t: &Labels<N, C>) -> M::Float {
        Network::gradient(self, x, t)
    }
}
