//! What chapter 6's MNIST experiments share: the data, the book's training loop
//! (`np.random.choice` batches, one optimizer step each, accuracies once per epoch), the
//! smoothing of figure 6-9, and running independent runs on every core.

use dldw::Network;
use dldw::data::{RandomChoice, Sampler};
use dldw::init::Init;
use dldw::kernels::cores;
use dldw::layers::{Affine, LossLayer, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use dldw::mnist::{ImageSet, Mnist, PIXELS, data_dir, locate};
use dldw::optim::Optimizer;
use dldw::sparse::SparseRows;
use dldw::train::{Classifier, EvalBatch, evaluate_on, step};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::error::Error;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A batch of `N` images as the models take it: their nonzero pixels.
pub type Batch<const N: usize> = SparseRows<f32, N, PIXELS>;

/// Evaluation chunk: sets are scored 100 images at a time (every set here is a multiple).
pub const EVAL: usize = 100;

/// MNIST's training and test set sizes: the bounds of the `--…-size` flags, checked before
/// the files are read.
pub const TRAIN_LEN: usize = 60_000;
/// See [`TRAIN_LEN`].
pub const TEST_LEN: usize = 10_000;

/// Refuses `--NAME value` unless 1 ≤ value ≤ `max` (`what` says of what), in one line with
/// status 2.
pub fn check_count(value: usize, name: &str, max: usize, what: &str) {
    super::cli::check((1..=max).contains(&value), name, value, &format!("give 1 to {max} {what}"));
}

/// MNIST from `--data-dir`, else `$DLDW_MNIST_DIR`, else `data/mnist`.
pub fn mnist(dir: Option<PathBuf>) -> Result<Mnist, Box<dyn Error>> {
    let dir = data_dir(dir);
    Mnist::load(&dir).map_err(|e| format!("{e} (looked in {}; use --data-dir)", dir.display()).into())
}

/// The next batch of the book's loops: a batch mask drawn with replacement, its images'
/// nonzero pixels gathered into `x`. Returns their labels.
pub fn next_batch<const N: usize>(
    set: &ImageSet,
    sampler: &mut RandomChoice,
    x: &mut Batch<N>,
    rng: &mut StdRng,
) -> Labels<N, 10> {
    let mut batch_mask = [0; N];
    sampler.fill(&mut batch_mask, rng);
    set.gather_ink(&batch_mask, x)
}

/// The share of `set` that `net` classifies correctly, in test mode, on `threads` threads.
pub fn accuracy<M: Classifier<Batch<EVAL>, f32, EVAL, 10>>(
    net: &mut M,
    set: &ImageSet,
    threads: usize,
) -> f64 {
    evaluate_on(net, set, EvalBatch::<EVAL>, threads)
}

/// The book's epoch loop (`overfit_weight_decay.py`, `batch_norm_test.py`, its `Trainer`):
/// iteration i updates, and when i is a multiple of the iterations per epoch
/// (max(len / N, 1)) the accuracy on each of `sets` is measured and passed to `report`
/// with the epoch number, until `epochs` measurements, each on the threads `cores` spares.
/// Returns them, one list per set.
#[allow(clippy::too_many_arguments)] // the book's loop has this many knobs
pub fn train_epochs<M, const N: usize>(
    net: &mut M,
    opt: &mut impl Optimizer<f32>,
    train: &ImageSet,
    sets: &[&ImageSet],
    epochs: usize,
    rng: &mut StdRng,
    cores: &Cores,
    mut report: impl FnMut(usize, &[f64]),
) -> Vec<Vec<f64>>
where
    M: Classifier<Batch<N>, f32, N, 10> + Classifier<Batch<EVAL>, f32, EVAL, 10>,
{
    let per_epoch = (train.len() / N).max(1);
    let mut sampler = RandomChoice::new(train.len());
    let mut x = Batch::<N>::new();
    let mut curves = vec![Vec::with_capacity(epochs); sets.len()];
    let mut accs = vec![0.0; sets.len()];
    for i in 0.. {
        if curves.first().is_some_and(|c| c.len() >= epochs) {
            break;
        }
        let t = next_batch(train, &mut sampler, &mut x, rng);
        step(net, opt, &x, &t);
        if i % per_epoch == 0 {
            for (a, s) in accs.iter_mut().zip(sets) {
                *a = accuracy(net, s, cores.for_evaluation());
            }
            report(curves[0].len(), &accs);
            for (c, a) in curves.iter_mut().zip(&accs) {
                c.push(*a);
            }
        }
    }
    curves
}

/// The book's `smooth_curve` (figure 6-9): a Kaiser-window (β = 2) moving average over 11
/// points, the series mirrored at both ends as NumPy's
/// `np.r_[x[10:0:-1], x, x[-1:-11:-1]]`, the result trimmed to `x.len()` points as the
/// book's `y[5:len(y)-5]`.
pub fn smooth_curve(x: &[f64]) -> Vec<f64> {
    const LEN: usize = 11;
    let n = x.len();
    if n < LEN {
        return x.to_vec();
    }
    // np.kaiser(11, 2)[k] = I0(β·√(1 − (2k/(LEN−1) − 1)²)) / I0(β), I0 by its power series.
    let i0 = |z: f64| {
        let (mut sum, mut term) = (1.0, 1.0);
        for k in 1..30 {
            term *= (z / 2.0).powi(2) / (k * k) as f64;
            sum += term;
        }
        sum
    };
    let w: Vec<f64> = (0..LEN)
        .map(|k| {
            let r = 2.0 * k as f64 / (LEN - 1) as f64 - 1.0;
            i0(2.0 * (1.0 - r * r).sqrt()) / i0(2.0)
        })
        .collect();
    let total: f64 = w.iter().sum();
    let s: Vec<f64> =
        (1..LEN).rev().map(|i| x[i]).chain(x.iter().copied()).chain((1..LEN).map(|i| x[n - i])).collect();
    let y: Vec<f64> = (0..=s.len() - LEN).map(|i| (0..LEN).map(|k| w[k] / total * s[i + k]).sum()).collect();
    y[5..y.len() - 5].to_vec()
}

/// Runs `job(i, cores)` for every i in 0..n on `threads` threads, each job taking the next
/// index as it finishes one, and returns the results in index order: the same whatever the
/// number of threads, as long as each job depends on its index only (seed it from the index).
/// `cores` tells a job how many threads its evaluations may use: the threads no other job
/// is running on.
pub fn on_threads<R: Send>(n: usize, threads: usize, job: impl Fn(usize, &Cores) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let cores = Cores { threads: threads.max(1), running: AtomicUsize::new(0) };
    let results = Mutex::new((0..n).map(|_| None).collect::<Vec<Option<R>>>());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, n.max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    cores.running.fetch_add(1, Ordering::Relaxed);
                    let r = job(i, &cores);
                    cores.running.fetch_sub(1, Ordering::Relaxed);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// The threads of an [`on_threads`] call, and how many of its jobs are running.
pub struct Cores {
    threads: usize,
    running: AtomicUsize,
}

impl Cores {
    /// One thread, for a job run outside [`on_threads`].
    pub fn one() -> Self {
        Cores { threads: 1, running: AtomicUsize::new(1) }
    }

    /// The threads a job may score a set on now: its share of the threads, so all of them
    /// when it is the last job still running. Accuracies are counts, the same on any number
    /// of threads, so this changes how fast an evaluation is, never its result.
    pub fn for_evaluation(&self) -> usize {
        (self.threads / self.running.load(Ordering::Relaxed).max(1)).max(1)
    }
}

/// A hidden layer of figure 6-9 and 6-15's nets: Affine then ReLU.
pub type ReluBlock<const I: usize> = (Affine<I, 100, f32>, Relu<f32>);

/// The book's `MultiLayerNet(784, [100, 100, 100, 100], 10)` with ReLU: one tuple per hidden
/// layer (a flat tuple would have 9 elements; dldw's tuples stop at 8).
pub type Net5 = Network<
    (ReluBlock<784>, ReluBlock<100>, ReluBlock<100>, ReluBlock<100>, Affine<100, 10, f32>),
    SoftmaxWithLoss<f32>,
>;

/// [`Net5`] with weights drawn as `init` says.
pub fn net5(init: Init, rng: &mut StdRng) -> Net5 {
    let block = |rng: &mut StdRng| (Affine::new(init, rng), Relu::new());
    let layers =
        ((Affine::new(init, rng), Relu::new()), block(rng), block(rng), block(rng), Affine::new(init, rng));
    Network::new(layers, SoftmaxWithLoss::new())
}

/// Runs the book's iteration loop of `optimizer_compare_mnist.py` / `weight_init_compare.py`
/// for one network: `iters` updates on batches of `N`, and after each the loss of the updated
/// network on the same batch, as the book records it (`update`, then
/// `loss = networks[key].loss(x_batch, t_batch)`), not the loss the gradient came from. The
/// batches come from `batch_seed` alone, so every network of a comparison sees the same
/// batches, as in the book, where one `batch_mask` feeds them all.
pub fn losses<M: Classifier<Batch<N>, f32, N, 10>, const N: usize>(
    net: &mut M,
    opt: &mut impl Optimizer<f32>,
    set: &ImageSet,
    iters: usize,
    batch_seed: u64,
) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(batch_seed);
    let mut sampler = RandomChoice::new(set.len());
    let mut x = Batch::<N>::new();
    let mut last = SoftmaxWithLoss::<f32>::new();
    (0..iters)
        .map(|_| {
            let t = next_batch(set, &mut sampler, &mut x, &mut rng);
            step(net, opt, &x, &t);
            let y = Classifier::<Batch<N>, f32, N, 10>::predict(net, &x);
            f64::from(last.forward(y, &t))
        })
        .collect()
}

/// The flags every chapter-6 MNIST example has (`#[command(flatten)]` them into its own).
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Seed of the run: weights, batches, masks.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads the independent runs are shared over; the result does not depend on it.
    #[arg(long, default_value_t = cores())]
    pub threads: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

impl RunArgs {
    /// Refuses `--threads 0` and a data directory without MNIST's four files, in one line
    /// with status 2, before any work.
    pub fn check(&self) {
        super::cli::check(self.threads > 0, "threads", self.threads, "give at least 1");
        let dir = data_dir(self.data_dir.clone());
        if let Err(e) = locate(&dir) {
            super::cli::fail(&format!("{e} (looked in {}; use --data-dir)", dir.display()));
        }
    }
}

/// A hidden layer of the book's over-fitting and hyper-parameter nets: Affine then ReLU.
pub type Block<const I: usize> = (Affine<I, 100, f32>, Relu<f32>);

/// The book's `MultiLayerNet(784, [100] * 6, 10)` with ReLU and He weights (6.4, 6.5).
pub type Deep = Network<
    (Block<784>, Block<100>, Block<100>, Block<100>, Block<100>, Block<100>, Affine<100, 10, f32>),
    SoftmaxWithLoss<f32>,
>;

/// [`Deep`] with He weights.
pub fn deep(rng: &mut StdRng) -> Deep {
    let he = Init::he();
    let block = |rng: &mut StdRng| (Affine::new(he, rng), Relu::new());
    let first = (Affine::new(he, rng), Relu::new());
    let layers = (first, block(rng), block(rng), block(rng), block(rng), block(rng), Affine::new(he, rng));
    Network::new(layers, SoftmaxWithLoss::new())
}

/// Prints every 100th loss of each run as `optimizer_compare_mnist.py` and
/// `weight_init_compare.py` do, and draws the smoothed losses (figures 6-9, 6-15) to `out`.
pub fn report_losses(
    names: &[String],
    curves: &[Vec<f64>],
    title: &str,
    y_max: f64,
    out: &std::path::Path,
) -> Result<(), Box<dyn Error>> {
    let iters = curves.first().map_or(0, Vec::len);
    for i in (0..iters).step_by(100) {
        println!("===========iteration:{i}===========");
        for (name, c) in names.iter().zip(curves) {
            println!("{name}:{}", c[i]);
        }
    }
    // One batch's loss is noisy (batches of 128 differ): the mean of the last 100 orders the
    // runs more surely than iteration 1900 alone.
    let tail = iters.min(100);
    let means: Vec<String> = names
        .iter()
        .zip(curves)
        .map(|(name, c)| format!("{name} {:.3}", c[iters - tail..].iter().sum::<f64>() / tail.max(1) as f64))
        .collect();
    println!("mean loss of the last {tail} iterations: {}", means.join(", "));
    let colors =
        [super::ch06_plot::BLUE, super::ch06_plot::ORANGE, super::ch06_plot::GREEN, super::ch06_plot::RED];
    let series: Vec<super::plot::Series> = names
        .iter()
        .zip(curves)
        .zip(colors.iter().cycle())
        .map(|((name, c), &color)| super::plot::Series {
            label: name,
            points: smooth_curve(c).into_iter().enumerate().map(|(i, l)| (i as f64, l)).collect(),
            color,
            dashed: false,
        })
        .collect();
    super::plot::line_chart(out, title, ("iterations", "loss"), Some((0.0, y_max)), &series)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// The value of a flag checked by the library, or, if it was refused, the library's message
/// in one line (`error: --lr: …`) and exit status 2, before any work.
pub fn flag<T, E: std::fmt::Display>(checked: Result<T, E>, name: &str) -> T {
    checked.unwrap_or_else(|e| super::cli::fail(&format!("{name}: {e}")))
}
