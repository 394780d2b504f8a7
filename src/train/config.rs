//! The settings of a run (book 4.5.2's hyper-parameters but the learning rate), and in their
//! type the batch sizes.

use super::{Schedule, TrainError};

/// How each mini-batch is drawn from the training set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampling {
    /// `N` indices drawn independently, with replacement: the book's
    /// `np.random.choice(train_size, batch_size)`.
    WithReplacement,
    /// Epochs of a shuffled order, without replacement: every sample once per epoch.
    Shuffled,
}

/// The settings of one training run (the learning rate lives in the optimizer) and, in its
/// type, the two batch sizes: `N` samples per training batch and `E` per chunk when accuracy
/// is measured. The batch sizes are type parameters because every batch is a statically sized
/// matrix; [`TrainConfig::book`] gives the book's 100 (and chunks of 1000), and
/// [`TrainConfig::batches`] chooses others. They are the only sizes a training call names:
/// the float type, the widths and the class count come from the model and the data set.
///
/// ```
/// use dldw::train::TrainConfig;
/// let c = TrainConfig::book();
/// assert_eq!((c.iters, c.eval_every), (10_000, 600));
/// let small: TrainConfig<32, 500> = TrainConfig { iters: 3000, ..c }.batches::<32, 500>();
/// assert_eq!((small.iters, small.batch_size(), small.eval_batch_size()), (3000, 32, 500));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainConfig<const N: usize = 100, const E: usize = 1000> {
    /// Number of mini-batch updates.
    pub iters: usize,
    /// Measure train and test accuracy every this many iterations (the book: one epoch,
    /// 60000 / 100 = 600), starting at iteration 0.
    pub eval_every: usize,
    /// How batches are drawn.
    pub sampling: Sampling,
    /// How the learning rate changes over the run.
    pub schedule: Schedule,
}

impl TrainConfig {
    /// The book's run: 10000 iterations of batches of 100, accuracy every 600 (one epoch of
    /// MNIST) in chunks of 1000, batches drawn with replacement.
    ///
    /// ```
    /// let book = dldw::train::TrainConfig::book();
    /// assert_eq!(book.sampling, dldw::train::Sampling::WithReplacement);
    /// assert_eq!((book.batch_size(), book.eval_batch_size()), (100, 1000));
    /// ```
    pub fn book() -> Self {
        TrainConfig {
            iters: 10_000,
            eval_every: 600,
            sampling: Sampling::WithReplacement,
            schedule: Schedule::Constant,
        }
    }

    /// The same run with training batches of `B` samples and accuracy measured in chunks of
    /// `EB`, instead of the book's 100 and 1000. The other settings stay as they are,
    /// `eval_every` too: the book measures once per epoch, so with another batch size set it
    /// to the training set's size over `B`.
    ///
    /// It is called on a config with the default sizes, so a struct literal can be written
    /// without naming them: `TrainConfig { iters, eval_every, sampling, schedule }.batches::<32, 500>()`.
    ///
    /// A batch size of 0 does not build.
    ///
    /// ```
    /// use dldw::train::TrainConfig;
    /// let config = TrainConfig { eval_every: 60_000 / 32, ..TrainConfig::book() }.batches::<32, 1000>();
    /// assert_eq!((config.batch_size(), config.eval_every), (32, 1875));
    /// ```
    pub fn batches<const B: usize, const EB: usize>(self) -> TrainConfig<B, EB> {
        const { assert!(B > 0 && EB > 0, "a batch size must be at least 1") };
        let TrainConfig { iters, eval_every, sampling, schedule } = self;
        TrainConfig { iters, eval_every, sampling, schedule }
    }
}

impl<const N: usize, const E: usize> TrainConfig<N, E> {
    /// `N`, the number of samples in a training batch.
    ///
    /// ```
    /// assert_eq!(dldw::train::TrainConfig::book().batch_size(), 100);
    /// ```
    pub fn batch_size(&self) -> usize {
        N
    }

    /// `E`, the number of samples scored at once when accuracy is measured.
    ///
    /// ```
    /// assert_eq!(dldw::train::TrainConfig::book().eval_batch_size(), 1000);
    /// ```
    pub fn eval_batch_size(&self) -> usize {
        E
    }

    /// The settings that make a run on `train_len` samples meaningless, as an error.
    pub(super) fn check(&self, train_len: usize) -> Result<(), TrainError> {
        if train_len == 0 {
            return Err(TrainError::Config("the training set is empty: there is nothing to learn from"));
        }
        if self.iters == 0 || self.eval_every == 0 {
            return Err(TrainError::Config("iterations and the evaluation interval must both be at least 1"));
        }
        Ok(())
    }
}
