//! The loop of [`train`](super::train), open for a program to write out: [`with_loop`] hands
//! the program a [`Loop`] that gives it each batch and takes each loss, while the batches are
//! filled and the accuracies measured on another core (in `runner/`).

use super::divergence::{Divergence, check_parameters};
use super::runner::{self, Batches, Drawn, Records};
use super::{Classifier, Dataset, Event, History, TrainConfig, TrainError};
use crate::Float;
use crate::loss::Labels;
use crate::params::Parameters;
use rand::Rng;

/// Runs `body`, the program's training loop, with a [`Loop`] over `train` that gives it the
/// batches of `config` (size `N`, drawn as `config.sampling` says from `rng`) and records what
/// it reports, measuring accuracy on the whole of `train` and `test` (in chunks of `E`) at the
/// start of every epoch; `on_event` hears each iteration and each completed record. Returns the
/// history once `body` returns, or the first error of `body` or the checks.
///
/// [`train`](super::train) is this function with the book's loop as `body`; write it out
/// yourself to change what a step does (the learning rate, a second model, a log):
///
/// ```
/// use dldw::data::Dataset;
/// use dldw::loss::Labels;
/// use dldw::optim::Sgd;
/// use dldw::train::{step, with_loop, TrainConfig};
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
/// // Two well-separated classes on a plane.
/// struct Blobs;
/// impl Dataset<f64, 2, 2> for Blobs {
///     type Batch<const N: usize> = SMatrix<f64, N, 2>;
///     fn len(&self) -> usize { 200 }
///     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
///         for (n, &i) in idx.iter().enumerate() {
///             let s = if i % 2 == 0 { 1.0 } else { -1.0 };
///             x[(n, 0)] = s + (i as f64 * 0.37).sin() * 0.3;
///             x[(n, 1)] = s + (i as f64 * 0.91).cos() * 0.3;
///         }
///         Labels::new(idx.map(|i| i % 2)).expect("two classes")
///     }
/// }
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let mut network = dldw::TwoLayerNet::<2, 8, 2, f64>::new(dldw::init::Init::he(), &mut rng);
/// let mut optimizer = Sgd::new(0.1)?;
/// let config = TrainConfig { iters: 200, eval_every: 100, ..TrainConfig::book() }.batches::<10, 50>();
/// let history = with_loop(&Blobs, &Blobs, &config, &mut rng, |_| {}, |run| {
///     for _ in 0..config.iters {
///         run.measure(&network); // once an epoch: train_acc, test_acc
///         let (x_batch, t_batch) = run.next_batch()?;
///         let loss = step(&mut network, &mut optimizer, x_batch, t_batch);
///         run.record(loss, &mut network)?; // train_loss_list.append(loss)
///     }
///     Ok(())
/// })?;
/// assert_eq!((history.losses.len(), history.epochs.len()), (200, 2));
/// assert_eq!(history.epochs[1].test_acc, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn with_loop<'d, T, const N: usize, const E: usize, const I: usize, const C: usize, M, D, R>(
    train: &'d D,
    test: &'d D,
    config: &TrainConfig<N, E>,
    rng: &mut R,
    mut on_event: impl FnMut(Event<'_>),
    body: impl FnOnce(&mut Loop<'d, '_, T, D, R, M, N, I, C>) -> Result<(), TrainError>,
) -> Result<History, TrainError>
where
    T: Float,
    M: Classifier<D::Batch<E>, T, E, C> + 'd,
    D: Dataset<T, I, C> + Sync,
    R: Rng,
{
    const { assert!(N > 0 && E > 0, "a batch size must be at least 1") };
    config.check(train.len())?;
    std::thread::scope(|scope| {
        let (batches, records) = runner::start(scope, train, test, config, rng);
        let mut run = Loop {
            batches,
            records,
            divergence: Divergence::new(config.eval_every, C),
            current: None,
            iteration: 0,
            eval_every: config.eval_every,
            iters: config.iters,
            on_event: &mut on_event,
        };
        body(&mut run)?;
        let Loop { records, on_event, .. } = run;
        Ok(records.finish(&mut { on_event }))
    })
}

/// A training loop's source of batches and keeper of records, lent by [`with_loop`]: each
/// iteration calls [`Loop::measure`], [`Loop::next_batch`], then (after its step)
/// [`Loop::record`].
pub struct Loop<'d, 'r, T: Float, D: Dataset<T, I, C>, R, M, const N: usize, const I: usize, const C: usize> {
    batches: Batches<'d, 'r, T, D, R, N, I, C>,
    records: Records<'d, M>,
    divergence: Divergence,
    /// This iteration's batch, once taken.
    current: Option<Drawn<D::Batch<N>, N, C>>,
    iteration: usize,
    eval_every: usize,
    iters: usize,
    on_event: &'r mut dyn FnMut(Event<'_>),
}

impl<'d, T, D, R, M, const N: usize, const I: usize, const C: usize> Loop<'d, '_, T, D, R, M, N, I, C>
where
    T: Float,
    D: Dataset<T, I, C> + Sync,
    R: Rng,
    M: Clone + Send + 'd,
{
    /// At an epoch's first iteration (every `config.eval_every`), starts measuring the train
    /// and test accuracy of `model` as it is now, before this iteration's update, on a copy
    /// and another core; at other iterations, nothing.
    ///
    /// ```
    /// # use dldw::train::{with_loop, TrainConfig};
    /// # use dldw::loss::Labels;
    /// # use nalgebra::SMatrix;
    /// # use rand::SeedableRng;
    /// # struct Two;
    /// # impl dldw::data::Dataset<f64, 2, 2> for Two {
    /// #     type Batch<const N: usize> = SMatrix<f64, N, 2>;
    /// #     fn len(&self) -> usize { 4 }
    /// #     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
    /// #         for (n, &i) in idx.iter().enumerate() { x[(n, 0)] = i as f64; }
    /// #         Labels::new(idx.map(|i| i % 2)).unwrap()
    /// #     }
    /// # }
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut network = dldw::TwoLayerNet::<2, 3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let config = TrainConfig { iters: 4, eval_every: 2, ..TrainConfig::book() }.batches::<2, 2>();
    /// let history = with_loop(&Two, &Two, &config, &mut rng, |_| {}, |run| {
    ///     for _ in 0..4 {
    ///         run.measure(&network); // records at iterations 0 and 2
    ///         run.next_batch()?;
    ///         run.record(1.0, &mut network)?;
    ///     }
    ///     Ok(())
    /// })?;
    /// assert_eq!(history.epochs.iter().map(|r| r.iteration).collect::<Vec<_>>(), [0, 2]);
    /// # Ok::<(), dldw::train::TrainError>(())
    /// ```
    pub fn measure(&mut self, model: &M) {
        let opened = self.records.closed_at(self.iteration);
        if self.iteration.is_multiple_of(self.eval_every) && !opened && self.iteration < self.iters {
            self.records.open_epoch(self.iteration / self.eval_every, self.iteration, model);
        }
    }

    /// This iteration's batch, `x_batch` and `t_batch` (the book's `x_train[batch_mask]`,
    /// `t_train[batch_mask]`), filled on another core ahead of time; the same batch again if
    /// called twice before [`Loop::record`].
    ///
    /// # Errors
    /// [`TrainError::NonFiniteData`] if the batch holds a NaN or an infinity (naming the sample),
    /// and [`TrainError::Config`] past the run's last iteration (`config.iters`).
    ///
    /// ```
    /// # use dldw::train::{with_loop, TrainConfig, TrainError};
    /// # use dldw::loss::Labels;
    /// # use nalgebra::SMatrix;
    /// # use rand::SeedableRng;
    /// # struct Two;
    /// # impl dldw::data::Dataset<f64, 2, 2> for Two {
    /// #     type Batch<const N: usize> = SMatrix<f64, N, 2>;
    /// #     fn len(&self) -> usize { 4 }
    /// #     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
    /// #         for (n, &i) in idx.iter().enumerate() { x[(n, 0)] = i as f64; }
    /// #         Labels::new(idx.map(|i| i % 2)).unwrap()
    /// #     }
    /// # }
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut network = dldw::TwoLayerNet::<2, 3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let config = TrainConfig { iters: 1, ..TrainConfig::book() }.batches::<2, 2>();
    /// let past_the_end = with_loop(&Two, &Two, &config, &mut rng, |_| {}, |run| {
    ///     let (x_batch, t_batch) = run.next_batch()?;
    ///     assert_eq!((x_batch.nrows(), t_batch.classes().len()), (2, 2));
    ///     run.record(0.7, &mut network)?;
    ///     run.next_batch().map(|_| ())
    /// });
    /// assert!(matches!(past_the_end, Err(TrainError::Config(_))));
    /// ```
    pub fn next_batch(&mut self) -> Result<(&D::Batch<N>, &Labels<N, C>), TrainError> {
        let batch = match self.current.take() {
            Some(batch) => batch,
            None if self.iteration >= self.iters => {
                return Err(TrainError::Config(
                    "a batch was asked for past the run's last iteration: loop `config.iters` times",
                ));
            }
            None => self.batches.next(self.iteration)?,
        };
        let batch = self.current.insert(batch);
        Ok((&*batch.x, &batch.t))
    }

    /// Ends this iteration with its batch `loss` (the book's `train_loss_list.append(loss)`):
    /// gives the batch back to be filled again, checks the run, reports the iteration and any
    /// completed record to `on_event`, and moves to the next iteration.
    ///
    /// # Errors
    /// [`TrainError::NonFiniteStart`] if the first loss is not a number;
    /// [`TrainError::Diverged`], naming the iteration, at a non-finite loss after it, when the
    /// mean loss since the last record rises above [`DIVERGENCE_FACTOR`](super::DIVERGENCE_FACTOR)
    /// times the first, and at a non-finite parameter of `model` (checked as each record closes).
    ///
    /// ```
    /// # use dldw::train::{with_loop, TrainConfig, TrainError};
    /// # use dldw::loss::Labels;
    /// # use nalgebra::SMatrix;
    /// # use rand::SeedableRng;
    /// # struct Two;
    /// # impl dldw::data::Dataset<f64, 2, 2> for Two {
    /// #     type Batch<const N: usize> = SMatrix<f64, N, 2>;
    /// #     fn len(&self) -> usize { 4 }
    /// #     fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
    /// #         for (n, &i) in idx.iter().enumerate() { x[(n, 0)] = i as f64; }
    /// #         Labels::new(idx.map(|i| i % 2)).unwrap()
    /// #     }
    /// # }
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut network = dldw::TwoLayerNet::<2, 3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let config = TrainConfig { iters: 3, ..TrainConfig::book() }.batches::<2, 2>();
    /// let run = with_loop(&Two, &Two, &config, &mut rng, |_| {}, |run| {
    ///     for loss in [0.7, f64::NAN, 0.6] {
    ///         run.next_batch()?;
    ///         run.record(loss, &mut network)?;
    ///     }
    ///     Ok(())
    /// });
    /// assert!(matches!(run, Err(TrainError::Diverged { iteration: 1, .. })));
    /// ```
    pub fn record(&mut self, loss: T, model: &mut M) -> Result<(), TrainError>
    where
        M: Parameters<T>,
    {
        let (iteration, loss) = (self.iteration, loss.as_f64());
        if let Some(batch) = self.current.take() {
            self.batches.recycle(batch);
        }
        self.divergence.loss(iteration, loss)?;
        // train_loss_list.append(loss), and the mean since the last record.
        let since_record = self.records.loss(iteration, loss);
        self.divergence.mean_loss(iteration, since_record)?;
        if self.records.closed_at(iteration) {
            check_parameters(model, iteration)?;
        }
        self.records.report(&mut self.on_event);
        (self.on_event)(Event::Iteration { iteration, loss });
        self.iteration += 1;
        Ok(())
    }
}
