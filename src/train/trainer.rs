//! The training loop (book 4.5.2 and 5.7.4's `train_neuralnet.py`): the next batch, a
//! [`step`](super::step), a record, written on [`with_loop`](super::with_loop), which fills
//! the batches and measures the accuracies on another core; the checks that stop a run that
//! diverges are in `divergence.rs`.

use super::{Classifier, Dataset, Event, History, TrainConfig, TrainError, step, with_loop};
use crate::Float;
use crate::optim::Optimizer;
use rand::Rng;

/// Trains `model` on `train` with mini-batches of `N` samples, measuring accuracy on the whole of
/// `train` and `test` (in chunks of `E`) every `config.eval_every` iterations; `N` and `E` come
/// from the type of `config` ([`TrainConfig::batches`]), everything else from the model and the
/// data set, so a call names no generic argument.
///
/// Stops with [`TrainError::NonFiniteData`] at a batch holding a NaN or an infinity, with
/// [`TrainError::NonFiniteStart`] if the first loss is not a number, and with
/// [`TrainError::Diverged`], naming the iteration, at the first non-finite loss after it (so
/// no NaN ever reaches the history), at a non-finite parameter (checked with each record), and
/// when the mean loss since the last record rises above [`DIVERGENCE_FACTOR`](super::DIVERGENCE_FACTOR) times the first
/// iteration's loss. Allocates its batch buffers once; the loop itself does not allocate
/// beyond the history's own growth and one copy of the model per accuracy measurement.
///
/// On a machine with more than one core the accuracies are measured on a copy of the model by
/// a second thread while training goes on (with the cores training leaves free); they are
/// those of the model at the record's iteration all the same, and [`Event::Epoch`] reports
/// each record in order as soon as it is complete.
///
/// ```
/// use dldw::data::Dataset;
/// use dldw::train::{train, TrainConfig, Sampling};
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
    let lr = optimizer.learning_rate();
    with_loop(train, test, config, rng, &mut on_event, |run| {
        for iteration in 0..config.iters {
            // The book measures after the update of every epoch's first iteration; here the
            // accuracies are those of the model just before it, on a copy, on another core.
            run.measure(model);
            // batch_mask = np.random.choice(train_size, batch_size); x_batch, t_batch = …
            let (x_batch, t_batch) = run.next_batch()?;
            // grad = network.gradient(x_batch, t_batch); network.params[key] -= lr * grad[key]
            optimizer.set_learning_rate(lr * config.schedule.factor(iteration, config.iters));
            let loss = step(model, optimizer, x_batch, t_batch);
            // train_loss_list.append(loss), and once an epoch the record.
            run.record(loss, model)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{RandomChoice, Sampler};
    use crate::loss::Labels;
    use crate::optim::Sgd;
    use crate::train::{EvalBatch, evaluate};
    use nalgebra::SMatrix;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// Three classes of points on a plane, a little noisy.
    struct Points;

    impl Dataset<f64, 2, 3> for Points {
        type Batch<const N: usize> = SMatrix<f64, N, 2>;
        fn len(&self) -> usize {
            90
        }
        fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 3> {
            for (n, &i) in idx.iter().enumerate() {
                let angle = (i % 3) as f64 * 2.1;
                x[(n, 0)] = angle.cos() + (i as f64 * 0.37).sin() * 0.4;
                x[(n, 1)] = angle.sin() + (i as f64 * 0.91).cos() * 0.4;
            }
            Labels::new(idx.map(|i| i % 3)).expect("three classes")
        }
    }

    /// `train` is the book's loop written out with `step`: the same batches from the same
    /// seed, the same losses bit for bit, and the accuracies of the model before each record's
    /// update, though its batches are filled and its accuracies measured on another thread.
    #[test]
    fn train_is_the_loop_written_out_with_step() {
        let init = |seed| {
            crate::TwoLayerNet::<2, 6, 3, f64>::new(crate::init::Init::he(), &mut StdRng::seed_from_u64(seed))
        };
        let config = TrainConfig { iters: 60, eval_every: 25, ..TrainConfig::book() }.batches::<8, 7>();
        let (mut net, mut rng) = (init(1), StdRng::seed_from_u64(2));
        let history =
            train(&mut net, &mut Sgd::new(0.2).unwrap(), &Points, &Points, &config, &mut rng, |_| {})
                .unwrap();

        let (mut by_hand, mut rng) = (init(1), StdRng::seed_from_u64(2));
        let (mut sgd, mut choice) = (Sgd::new(0.2).unwrap(), RandomChoice::new(Points.len()));
        let (mut batch_mask, mut x) = ([0; 8], SMatrix::<f64, 8, 2>::zeros());
        for i in 0..60 {
            if i % 25 == 0 {
                let record = history.epochs[i / 25];
                let acc = evaluate(&mut by_hand, &Points, EvalBatch::<7>);
                assert_eq!((record.iteration, record.train_acc, record.test_acc), (i, acc, acc));
            }
            choice.fill(&mut batch_mask, &mut rng);
            let t = Points.gather(&batch_mask, &mut x);
            let loss = step(&mut by_hand, &mut sgd, &x, &t);
            assert_eq!(loss.to_bits(), history.losses[i].to_bits(), "iteration {i}");
        }
        assert_eq!((history.epochs.len(), by_hand.affine2.W), (3, net.affine2.W));
        assert!(
            history.losses[59] < history.losses[0] / 2.0,
            "{} → {}",
            history.losses[0],
            history.losses[59]
        );
    }
}
