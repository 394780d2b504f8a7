//! The training batches of a run, in the order its seed gives (book 4.5.2: `batch_mask =
//! np.random.choice(train_size, batch_size)`, then `x_train[batch_mask]`).
//!
//! The indices are drawn here, [`AHEAD`](super::loader::AHEAD) batches ahead (one when they are filled in place), in
//! order, so that a seed always gives the same batches; the samples are gathered by the
//! [`Loader`], on another core when there is one; and a batch that holds a NaN or an infinity
//! is refused before it reaches the model.

use super::loader::Loader;
use crate::Float;
use crate::loss::Labels;
use crate::train::{Batch, Dataset, RandomChoice, Sampler, Sampling, ShuffledEpochs, TrainError};
use rand::Rng;

/// One training batch: its samples and their labels.
pub(in crate::train) struct Drawn<B, const N: usize, const C: usize> {
    /// The samples, in a buffer that goes back to the loader with [`Batches::recycle`].
    pub(in crate::train) x: Box<B>,
    /// Their labels.
    pub(in crate::train) t: Labels<N, C>,
}

/// The batches of `N` samples of one run, drawn by its sampler from its random generator.
pub(in crate::train) struct Batches<
    'env,
    'r,
    T: Float,
    D: Dataset<T, I, C>,
    R,
    const N: usize,
    const I: usize,
    const C: usize,
> {
    sampler: Order,
    rng: &'r mut R,
    loader: Loader<'env, T, D, N, I, C>,
    /// The number of batches the run takes, so that none is drawn past the last.
    iters: usize,
}

impl<'env, 'r, T, D, R, const N: usize, const I: usize, const C: usize> Batches<'env, 'r, T, D, R, N, I, C>
where
    T: Float,
    D: Dataset<T, I, C> + Sync,
    R: Rng,
{
    /// The `iters` batches of a training set of `len` samples drawn as `sampling` says,
    /// gathered by `loader`; the first [`Loader::ahead`] are on their way.
    pub(super) fn new(
        loader: Loader<'env, T, D, N, I, C>,
        len: usize,
        sampling: Sampling,
        rng: &'r mut R,
        iters: usize,
    ) -> Self {
        let sampler = match sampling {
            Sampling::WithReplacement => Order::Choice(RandomChoice::new(len)),
            Sampling::Shuffled => Order::Epochs(ShuffledEpochs::new(len)),
        };
        let mut batches = Batches { sampler, rng, loader, iters };
        for _ in 0..batches.loader.ahead().min(iters) {
            let idx = batches.draw();
            batches.loader.request(idx);
        }
        batches
    }

    /// The batch of `iteration`, once gathered; the next one is asked for at once. A batch
    /// holding a value that is not finite is an error naming the sample.
    pub(in crate::train) fn next(
        &mut self,
        iteration: usize,
    ) -> Result<Drawn<D::Batch<N>, N, C>, TrainError> {
        let (idx, x, t) = self.loader.next();
        if iteration + self.loader.ahead() < self.iters {
            let next = self.draw();
            self.loader.request(next);
        }
        if let Some((row, value)) = x.first_non_finite() {
            return Err(TrainError::NonFiniteData { iteration, sample: idx[row], value });
        }
        Ok(Drawn { x, t })
    }

    /// Gives a batch's buffer back once the model is done with it.
    pub(in crate::train) fn recycle(&mut self, batch: Drawn<D::Batch<N>, N, C>) {
        self.loader.recycle(batch.x);
    }

    /// The indices of the next batch.
    fn draw(&mut self) -> [usize; N] {
        let mut idx = [0; N];
        match &mut self.sampler {
            Order::Choice(s) => s.fill(&mut idx, self.rng),
            Order::Epochs(s) => s.fill(&mut idx, self.rng),
        }
        idx
    }
}

/// The sampler [`Sampling`] asks for.
enum Order {
    Choice(RandomChoice),
    Epochs(ShuffledEpochs),
}
