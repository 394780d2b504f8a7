//! What the trainer needs of a model: scores for a batch, and backprop against labels.

use crate::layers::{Layer, LossLayer};
use crate::loss::Labels;
use crate::params::Parameters;
use crate::{Float, Network, TwoLayerNet};
use nalgebra::SMatrix;

/// A classifier of `I` inputs into `C` classes, trainable at batch size `N`.
///
/// Implemented by the book's [`TwoLayerNet`] and by any [`Network`] whose layers fit; the trainer
/// asks for it at two batch sizes (training and evaluation). A classifier can be cloned and
/// sent to another thread: [`evaluate`](super::evaluate) scores a set on every core, one clone
/// per extra core.
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
/// ```
pub trait Classifier<T: Float, const N: usize, const I: usize, const C: usize>:
    Parameters<T> + Clone + Send
{
    /// Scores (before softmax) for a batch.
    fn predict(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, C>;
    /// Loss of the batch, leaving every parameter's gradient in place for an optimizer.
    fn gradient(&mut self, x: &SMatrix<T, N, I>, t: &Labels<N, C>) -> T;
}

impl<const N: usize, const I: usize, const H: usize, const C: usize, T: Float, A> Classifier<T, N, I, C>
    for TwoLayerNet<I, H, C, T, A>
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

impl<const N: usize, const I: usize, const C: usize, T: Float, M, L> Classifier<T, N, I, C> for Network<M, L>
where
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>> + Parameters<T> + Clone + Send,
    L: LossLayer<T> + Clone + Send,
{
    fn predict(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, C> {
        Network::predict(self, x)
    }
    fn gradient(&mut self, x: &SMatrix<T, N, I>, t: &Labels<N, C>) -> T {
        Network::gradient(self, x, t)
    }
}
