//! Batches gathered on another core while the model trains on the ones before (as the data
//! loaders of larger frameworks do).
//!
//! Filling a batch is mostly waiting for memory: a hundred random images from all over the
//! training set. The trainer draws each batch's indices itself, in order (so a seed gives the
//! same batches as ever), and hands them to its helper thread, which fills the next batches
//! while the model learns from the current one. [`AHEAD`] + 1 batch buffers go back and forth
//! between them. On a machine with one core the batches are filled in place, one ahead, in two
//! buffers.

use super::queue::Worker;
use crate::Float;
use crate::loss::Labels;
use crate::train::{Batch, Dataset};

/// Batches asked for ahead of the one the model trains on. The helper thread that fills them
/// also measures accuracies, a chunk of 1000 images at a time (half a millisecond, four
/// training iterations of the book's run): eight batches in hand keep training going meanwhile.
pub(super) const AHEAD: usize = 8;

/// Fills a batch of `data`: the work [`Loader`] hands over.
pub(super) fn fill<T: Float, D: Dataset<T, I, C> + Sync, const N: usize, const I: usize, const C: usize>(
    data: &D,
) -> impl Fn(Request<D::Batch<N>, N>) -> Loaded<D::Batch<N>, N, C> + Send + '_ {
    move |(idx, mut x)| {
        let t = data.gather(&idx, &mut x);
        x.prepare();
        (idx, x, t)
    }
}

/// What the loader is handed: the indices of a batch's samples and a buffer to fill.
pub(super) type Request<B, const N: usize> = ([usize; N], Box<B>);

/// A batch as the loader hands it over: its indices, its samples, their labels.
pub(super) type Loaded<B, const N: usize, const C: usize> = ([usize; N], Box<B>, Labels<N, C>);

/// Fills batches of `N` samples, in the order they are asked for.
pub(super) struct Loader<'env, T: Float, D: Dataset<T, I, C>, const N: usize, const I: usize, const C: usize>
{
    /// Fills a batch's buffer with the samples at its indices.
    worker: Worker<'env, Request<D::Batch<N>, N>, Loaded<D::Batch<N>, N, C>>,
    /// Buffers not lent out.
    free: Vec<Box<D::Batch<N>>>,
}

impl<'env, T, D, const N: usize, const I: usize, const C: usize> Loader<'env, T, D, N, I, C>
where
    T: Float,
    D: Dataset<T, I, C> + Sync,
{
    /// A loader whose batches `worker` fills with [`fill`].
    pub(super) fn new(worker: Worker<'env, Request<D::Batch<N>, N>, Loaded<D::Batch<N>, N, C>>) -> Self {
        let mut loader = Loader { worker, free: Vec::new() };
        loader.free = (0..=loader.ahead()).map(|_| D::Batch::<N>::empty_batch()).collect();
        loader
    }

    /// How many batches to ask for ahead of the one training: [`AHEAD`] when another thread
    /// fills them, 1 when they are filled in place (filling earlier gains nothing there, and
    /// a batch filled eight steps before it is used has left the cache).
    pub(super) fn ahead(&self) -> usize {
        if self.worker.in_place() { 1 } else { AHEAD }
    }

    /// Starts filling the batch of samples `idx`.
    ///
    /// # Panics
    /// If more than [`Loader::ahead`] + 1 batches are lent out at once (asked for and not yet
    /// taken back with [`Loader::recycle`]).
    pub(super) fn request(&mut self, idx: [usize; N]) {
        let x = self.free.pop().expect("at most `ahead` + 1 batches are lent out at a time");
        self.worker.send((idx, x));
    }

    /// The batch asked for by the last [`Loader::request`], once filled.
    pub(super) fn next(&mut self) -> Loaded<D::Batch<N>, N, C> {
        self.worker
            .recv()
            .expect("a batch was requested, and the helper thread did not stop before filling it")
    }

    /// Takes back a batch's buffer once the model is done with it.
    pub(super) fn recycle(&mut self, x: Box<D::Batch<N>>) {
        self.free.push(x);
    }
}
