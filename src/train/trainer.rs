//! The training loop (book 4.5.2 and 5.7.4's `train_neuralnet.py`).

use super::accuracies::Accuracies;
use super::batch::first_non_finite;
use super::evaluate::{cores, evaluate_on};
use super::loader::Loader;
use super::{Batch, Classifier, Dataset, RandomChoice, Sampler, Schedule, ShuffledEpochs};
use crate::Float;
use crate::optim::Optimizer;
use crate::params::{Name, Parameters};
use rand::Rng;
use thiserror::Error;

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
}

/// One row of `metrics.csv`: the state after an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochRecord {
    /// 0 for the measurement at iteration 0, then 1, 2, …
    pub epoch: usize,
    /// The iteration at which accuracy was measured (before that iteration's update).
    pub iteration: usize,
    /// The mean training loss of the iterations since the previous record (for epoch 0, the
    /// loss of iteration 0).
    pub train_loss: f64,
    /// Accuracy on the whole training set.
    pub train_acc: f64,
    /// Accuracy on the whole test set.
    pub test_acc: f64,
}

/// What a run leaves behind: every iteration's loss and one record per epoch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// The training loss at every iteration (the book's `train_loss_list`, figure 4-11).
    pub losses: Vec<f64>,
    /// The per-epoch accuracies (the book's `train_acc_list` and `test_acc_list`, figure 4-12).
    pub epochs: Vec<EpochRecord>,
}

/// Progress reported while training, for a progress bar or a log.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// Iteration `iteration` finished with this batch loss.
    Iteration {
        /// Zero-based iteration number.
        iteration: usize,
        /// The batch loss.
        loss: f64,
    },
    /// An epoch's accuracies were measured.
    Epoch(&'a EpochRecord),
}

/// A run that could not go on.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrainError {
    /// The loss or a parameter stopped being a finite number.
    #[error(
        "training diverged at iteration {iteration}: {what} is {value}; \
         try a smaller learning rate (for example a tenth of this one)"
    )]
    Diverged {
        /// The iteration at which it was detected.
        iteration: usize,
        /// What went wrong: "the loss" or a parameter's name (not a finite number), or the
        /// mean loss that rose too far.
        what: String,
        /// The offending value.
        value: f64,
    },
    /// A training sample holds a value that is not a finite number.
    #[error(
        "sample {sample} of the training set holds {value} (drawn at iteration {iteration}): \
         the inputs must be finite numbers; clean the data set or fix how it is read"
    )]
    NonFiniteData {
        /// The iteration whose batch held it.
        iteration: usize,
        /// The sample's index in the training set.
        sample: usize,
        /// The offending value.
        value: f64,
    },
    /// The loss is not a number before any update, on finite data: the learning rate cannot be
    /// the cause, the model is.
    #[error(
        "the loss is {value} at iteration 0, before any update, on finite data: the model's \
         initial parameters hold a NaN or an infinity; check how the model was built or loaded"
    )]
    NonFiniteStart {
        /// The loss of iteration 0.
        value: f64,
    },
    /// A setting that makes the run meaningless.
    #[error("{0}")]
    Config(&'static str),
}

/// Trains `model` on `train` with mini-batches of `N` samples, measuring accuracy on the whole of
/// `train` and `test` (in chunks of `E`) every `config.eval_every` iterations; `N` and `E` come
/// from the type of `config` ([`TrainConfig::batches`]), everything else from the model and the
/// data set, so a call names no generic argument.
///
/// Stops with [`TrainError::NonFiniteData`] at a batch holding a NaN or an infinity, with
/// [`TrainError::NonFiniteStart`] if the first loss is not a number, and with
/// [`TrainError::Diverged`], naming the iteration, at the first non-finite loss after it (so
/// no NaN ever reaches the history), at a non-finite parameter (checked with each record), and
/// when the mean loss since the last record rises above [`DIVERGENCE_FACTOR`] times the first
/// iteration's loss. Allocates its batch buffer once; the loop itself does not allocate
/// beyond the history's own growth and one copy of the model per accuracy measurement.
///
/// On a machine with more than one core the accuracies are measured on a copy of the model by
/// a second thread while training goes on (with the cores training leaves free); they are
/// those of the model at the record's iteration all the same, and [`Event::Epoch`] reports
/// each record in order as soon as it is complete.
///
/// ```
/// use dldw::train::{train, Dataset, TrainConfig, Sampling};
/// use dldw::loss::Labels;
/// use dldw::optim::Sgd;
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
/// let mut net = dldw::TwoLayerNet::<2, 8, 2, f64>::new(dldw::init::Init::he(), &mut rng);
/// let config = TrainConfig { iters: 200, eval_every: 100, sampling: Sampling::Shuffled, ..TrainConfig::book() }
///     .batches::<10, 50>();
/// let history = train(&mut net, &mut Sgd::new(0.1).unwrap(), &Blobs, &Blobs, &config, &mut rng, |_| {}).unwrap();
/// assert_eq!(history.losses.len(), 200);
/// assert_eq!(history.epochs.len(), 2);
/// assert_eq!(history.epochs[1].test_acc, 1.0);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn train<T, const N: usize, const E: usize, const I: usize, const C: usize, M, O, D>(
    model: &mut M,
    optimizer: &mut O,
    train: &D,
    test: &D,
    config: &TrainConfig<N, E>,
    rng: &mut impl Rng,
    mut on_event: impl FnMut(Event<'_>),
) -> Result<History, TrainError>
where
    T: Float,
    M: Classifier<D::Batch<N>, T, N, C> + Classifier<D::Batch<E>, T, E, C>,
    O: Optimizer<T>,
    D: Dataset<T, I, C> + Sync,
{
    if train.is_empty() {
        return Err(TrainError::Config("the training set is empty: there is nothing to learn from"));
    }
    const { assert!(N > 0 && E > 0, "a batch size must be at least 1") };
    if config.iters == 0 || config.eval_every == 0 {
        return Err(TrainError::Config("iterations and the evaluation interval must both be at least 1"));
    }
    let mut sampler = match config.sampling {
        Sampling::WithReplacement => Drawn::Choice(RandomChoice::new(train.len())),
        Sampling::Shuffled => Drawn::Epochs(ShuffledEpochs::new(train.len())),
    };
    let mut history = History { losses: Vec::with_capacity(config.iters), epochs: Vec::new() };
    let mut since_record = (0.0, 0usize);
    let lr = optimizer.learning_rate();
    // Accuracy is measured on another core when there is one (see accuracies.rs), with the
    // cores training leaves free.
    let cores = cores();
    let measure = |model: &mut M| {
        let threads = cores.saturating_sub(1).max(1);
        (
            evaluate_on::<T, E, I, C, M, D>(model, train, threads),
            evaluate_on::<T, E, I, C, M, D>(model, test, threads),
        )
    };
    let mut draw = || {
        let mut idx = [0; N];
        match &mut sampler {
            Drawn::Choice(s) => s.fill(&mut idx, rng),
            Drawn::Epochs(s) => s.fill(&mut idx, rng),
        }
        idx
    };
    std::thread::scope(|scope| {
        let mut accuracies =
            Accuracies::new(scope, &measure, cores > 1, config.iters.div_ceil(config.eval_every));
        // Batches are filled one ahead, on another core if there is one (see loader.rs).
        let mut loader = Loader::<T, D, N, I, C>::new(scope, train, cores > 1);
        loader.request(draw());
        for iteration in 0..config.iters {
            if iteration % config.eval_every == 0 {
                let epoch = iteration / config.eval_every;
                // The accuracies are filled in when measured, in order.
                let (train_acc, test_acc) = (f64::NAN, f64::NAN);
                history.epochs.push(EpochRecord { epoch, iteration, train_loss: 0.0, train_acc, test_acc });
                accuracies.start(model);
            }
            let (idx, x, t) = loader.next();
            if iteration + 1 < config.iters {
                loader.request(draw());
            }
            if let Some((row, value)) = x.first_non_finite() {
                return Err(TrainError::NonFiniteData { iteration, sample: idx[row], value });
            }
            let loss = Classifier::<D::Batch<N>, T, N, C>::gradient(model, &x, &t).as_f64();
            loader.recycle(x);
            if !loss.is_finite() {
                return Err(if iteration == 0 {
                    TrainError::NonFiniteStart { value: loss }
                } else {
                    TrainError::Diverged { iteration, what: "the loss".into(), value: loss }
                });
            }
            optimizer.set_learning_rate(lr * config.schedule.factor(iteration, config.iters));
            optimizer.step(model);
            history.losses.push(loss);
            since_record = (since_record.0 + loss, since_record.1 + 1);
            check_rising(history.losses[0], since_record, iteration, config.eval_every, C)?;
            if let Some(record) = history.epochs.last_mut().filter(|r| r.iteration == iteration) {
                // Epoch 0's loss is that of iteration 0; later ones average their epoch.
                record.train_loss = since_record.0 / since_record.1 as f64;
                since_record = (0.0, 0);
                check_finite(model, iteration)?;
            }
            accuracies.fill(&mut history.epochs, false, |record| on_event(Event::Epoch(record)));
            on_event(Event::Iteration { iteration, loss });
        }
        accuracies.fill(&mut history.epochs, true, |record| on_event(Event::Epoch(record)));
        Ok(history)
    })
}

/// How many times the first iteration's loss (or chance level, for a run that resumes from a
/// trained model) the mean loss may reach before the run counts as diverged.
///
/// A model that starts untrained has a first loss near chance level (for cross-entropy over
/// `C` classes, ln C: 2.30 for MNIST's ten); a run that learns stays below it. A learning rate
/// far too large drives the network into confident wrong answers, where the loss sits near
/// cross-entropy's cap −ln(1e-7) = 16.1, about 6× chance for MNIST, while the weights stay
/// finite (measured with SGD at η = 1000 and 10⁶: mean loss 14.3–14.5, weights 10⁸–10²⁰, never
/// NaN). 4× lies between. A run that resumes from a trained model starts far below chance
/// (0.08 for the book's network after 10000 iterations), where 4× its first loss is batch
/// noise: a run that starts below half of chance is compared with 4× chance instead.
///
/// ```
/// assert_eq!(dldw::train::DIVERGENCE_FACTOR, 4.0);
/// ```
pub const DIVERGENCE_FACTOR: f64 = 4.0;

/// The fewest iterations averaged before their mean loss is compared with the first one
/// (fewer if accuracy is measured more often), so that one bad batch is not a divergence.
const DIVERGENCE_WINDOW: usize = 10;

/// A divergence error if the mean loss of the iterations since the last record (`sum`,
/// `count`) is over [`DIVERGENCE_FACTOR`] times the `first` iteration's loss, or, for a run
/// that starts below half of it, times ln C (the cross-entropy of a uniform guess over the
/// `classes`).
fn check_rising(
    first: f64,
    (sum, count): (f64, usize),
    iteration: usize,
    eval_every: usize,
    classes: usize,
) -> Result<(), TrainError> {
    let mean = sum / count as f64;
    let chance = (classes as f64).ln();
    // An untrained model starts near chance, a little above or below; one that starts under
    // half of it has been trained before.
    let resumed = first < chance / 2.0;
    let reference = if resumed { chance } else { first };
    if count >= DIVERGENCE_WINDOW.min(eval_every) && mean > DIVERGENCE_FACTOR * reference {
        // Only now is the message written: this check runs at every iteration, which must
        // not allocate.
        let which = if resumed {
            format!("chance level ln {classes} = {chance:.4} (the first iteration's was {first:.4})")
        } else {
            format!("the first iteration's {first:.4}")
        };
        let what = format!(
            "the mean loss of iterations {} to {iteration}, over {DIVERGENCE_FACTOR} times {which},",
            iteration + 1 - count
        );
        return Err(TrainError::Diverged { iteration, what, value: mean });
    }
    Ok(())
}

/// The sampler [`Sampling`] asks for.
enum Drawn {
    Choice(RandomChoice),
    Epochs(ShuffledEpochs),
}

/// The first non-finite parameter, as a divergence error.
fn check_finite<T: Float>(model: &mut impl Parameters<T>, iteration: usize) -> Result<(), TrainError> {
    let mut bad = None;
    model.visit_params(&Name::Root, &mut |p| {
        if bad.is_none()
            && let Some(k) = first_non_finite(p.value)
        {
            bad = Some((p.name.to_string(), p.value[k].as_f64()));
        }
    });
    match bad {
        Some((what, value)) => Err(TrainError::Diverged { iteration, what, value }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_far_above_an_untrained_start_is_a_divergence() {
        // MNIST's numbers: a first loss of 2.3034, then confident wrong answers near 14.2.
        let err = check_rising(2.3034, (142.0, 10), 10, 600, 10).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("iterations 1 to 10, over 4 times the first iteration's 2.3034"),
            "{message}"
        );
        assert_eq!(check_rising(2.3034, (30.0, 10), 10, 600, 10), Ok(()), "mean 3.0: 1.3× the start");
    }

    #[test]
    fn a_run_resumed_from_a_trained_model_is_compared_with_chance_not_its_first_loss() {
        // A trained model's first loss is 0.08; a few noisy batches average 0.4 (5× that),
        // far below chance (ln 10 = 2.30): no divergence. 14.2 is one.
        assert_eq!(check_rising(0.08, (4.0, 10), 10, 600, 10), Ok(()));
        let err = check_rising(0.08, (142.0, 10), 10, 600, 10).unwrap_err();
        assert!(err.to_string().contains("over 4 times chance level ln 10 = 2.3026"), "{err}");
    }

    #[test]
    fn a_non_finite_parameter_is_named_with_its_value() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(0);
        let mut net = crate::TwoLayerNet::<4, 3, 2, f32>::new(crate::init::Init::book(), &mut rng);
        assert_eq!(check_finite(&mut net, 7), Ok(()));
        net.affine2.W[(2, 1)] = f32::INFINITY;
        net.affine1.b[0] = f32::NAN; // found first: W1, b1, W2, b2 is the walk's order
        let err = check_finite(&mut net, 7).unwrap_err();
        assert!(
            matches!(&err, TrainError::Diverged { iteration: 7, what, value } if what == "b1" && value.is_nan()),
            "{err:?}"
        );
        net.affine1.b[0] = 0.0;
        let err = check_finite(&mut net, 7).unwrap_err();
        assert_eq!(err, TrainError::Diverged { iteration: 7, what: "W2".into(), value: f64::INFINITY });
    }

    #[test]
    fn fewer_iterations_than_the_window_are_not_judged() {
        assert_eq!(check_rising(2.3, (3.0 * 14.0, 3), 3, 600, 10), Ok(()));
        assert!(check_rising(2.3, (3.0 * 14.0, 3), 3, 3, 10).is_err(), "unless records come that often");
    }
}
