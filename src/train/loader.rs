//! Batches gathered on another core while the model trains on the one before (as the data
//! loaders of larger frameworks do).
//!
//! Filling a batch is mostly waiting for memory: a hundred random images from all over the
//! training set. The trainer draws each batch's indices itself, in order (so a seed gives the
//! same batches as ever), and hands them to a loader thread, which fills the next batch while
//! the model learns from the current one. Two batch buffers go back and forth between them.
//! On a machine with one core the batches are filled in place.

use super::queue::{CloseOnDrop, Queue};
use super::{Batch, Dataset};
use crate::Float;
use crate::loss::Labels;
use std::sync::Arc;
use std::thread::Scope;

/// A batch as the loader hands it over: its indices, its samples, their labels.
pub(super) type Loaded<B, const N: usize, const C: usize> = ([usize; N], Box<B>, Labels<N, C>);

/// The loader thread's way in (indices and an empty buffer) and out (the filled batch).
type Queues<B, const N: usize, const C: usize> = (Queue<([usize; N], Box<B>)>, Queue<Loaded<B, N, C>>);

/// Fills batches of `N` samples, in the order they are asked for.
pub(super) struct Loader<'env, T: Float, D: Dataset<T, I, C>, const N: usize, const I: usize, const C: usize>
{
    data: &'env D,
    worker: Option<Arc<Queues<D::Batch<N>, N, C>>>,
    /// Buffers not lent out.
    free: Vec<Box<D::Batch<N>>>,
    /// A batch filled in place (one core), not yet taken.
    filled: Option<Loaded<D::Batch<N>, N, C>>,
}

impl<'env, T, D, const N: usize, const I: usize, const C: usize> Loader<'env, T, D, N, I, C>
where
    T: Float,
    D: Dataset<T, I, C> + Sync,
{
    /// A loader of `data`, on a thread of `scope` if `spare_core`.
    pub(super) fn new<'scope>(scope: &'scope Scope<'scope, 'env>, data: &'env D, spare_core: bool) -> Self {
        let worker = spare_core.then(|| {
            // Two buffers: at most one batch in each queue.
            let queues: Arc<Queues<D::Batch<N>, N, C>> = Arc::new((Queue::new(2), Queue::new(2)));
            let theirs = Arc::clone(&queues);
            // The loader stops when the trainer closes the requests (at the end, or on an error).
            scope.spawn(move || {
                let (requests, batches) = &*theirs;
                let _closing = CloseOnDrop(batches);
                while let Some((idx, mut x)) = requests.pop() {
                    let t = data.gather(&idx, &mut x);
                    batches.push((idx, x, t));
                }
            });
            queues
        });
        let free = vec![D::Batch::<N>::empty_batch(), D::Batch::<N>::empty_batch()];
        Loader { data, worker, free, filled: None }
    }

    /// Starts filling the batch of samples `idx`.
    ///
    /// # Panics
    /// If two batches are asked for before the first is taken back with [`Loader::recycle`].
    pub(super) fn request(&mut self, idx: [usize; N]) {
        let mut x = self.free.pop().expect("at most two batches are lent out at a time");
        match &self.worker {
            Some(queues) => queues.0.push((idx, x)),
            None => {
                let t = self.data.gather(&idx, &mut x);
                self.filled = Some((idx, x, t));
            }
        }
    }

    /// The batch asked for by the last [`Loader::request`], once filled.
    pub(super) fn next(&mut self) -> Loaded<D::Batch<N>, N, C> {
        let loaded = match &self.worker {
            Some(queues) => queues.1.pop(),
            None => self.filled.take(),
        };
        loaded.expect("a batch was requested, and the loader thread did not stop before filling it")
    }

    /// Takes back a batch's buffer once the model is done with it.
    pub(super) fn recycle(&mut self, x: Box<D::Batch<N>>) {
        self.free.push(x);
    }
}

impl<T: Float, D: Dataset<T, I, C>, const N: usize, const I: usize, const C: usize> Drop
    for Loader<'_, T, D, N, I, C>
{
    /// Lets the loader thread end: no more requests will come.
    fn drop(&mut self) {
        if let Some(queues) = &self.worker {
            queues.0.close();
        }
    }
}
