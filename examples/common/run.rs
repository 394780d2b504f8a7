//! The flag driver of the MNIST training examples: flags checked before any work, the batch
//! size chosen among those compiled in, a progress bar with the book's per-epoch line, and the
//! outputs (metrics.csv, loss.png, accuracy.png, the model).

use super::plot::{Series, line_chart};
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser};
use dldw::init::Init;
use dldw::mnist::{Mnist, PIXELS};
use dldw::optim::{AnyOptimizer, OptimizerKind, WeightDecay};
use dldw::train::{
    Classifier, EvalBatch, Event, History, Sampling, Schedule, TrainConfig, evaluate, write_metrics_csv,
};
use dldw_charts::RGBColor;
use indicatif::{ProgressBar, ProgressStyle};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A batch of `N` MNIST images as the trainer fills it: their nonzero pixels.
type Batch<const N: usize> = dldw::sparse::SparseRows<f32, N, PIXELS>;

/// The batch sizes `--batch` accepts. A batch size is a type parameter in dldw (shapes are
/// checked at compile time), so each is its own compiled run of the trainer, chosen in
/// [`with_batch_size`]: a new size needs an entry here and an arm there.
pub const BATCH_SIZES: [usize; 8] = [1, 10, 32, 50, 64, 100, 128, 256];
/// Evaluation chunk: the full sets are scored 1000 images at a time.
pub const EVAL: usize = 1000;

/// Train a network on MNIST with mini-batch gradient descent.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Args {
    /// Number of mini-batch updates, at least 1.
    #[arg(long, default_value_t = 10_000, allow_negative_numbers = true)]
    pub iters: u64,
    /// Samples per mini-batch, one of 1, 10, 32, 50, 64, 100 (the book's), 128, 256; accuracy
    /// is measured once per epoch, every 60000 / N iterations as in the book.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = parse_batch, allow_negative_numbers = true)]
    pub batch: usize,
    /// Learning rate η (finite, > 0). The book uses 0.1 with SGD; Adam suits about 0.001.
    // Negative numbers (here and in --iters and --seed) are read as values, not as flags, so
    // that the value checks can say in one line what is wrong with them.
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub lr: f64,
    /// Optimizer: sgd, momentum, nesterov, adagrad, rmsprop or adam.
    #[arg(long, default_value = "sgd")]
    pub optimizer: OptimizerKind,
    /// Initial weights: std (N(0, 0.01²), the book's), xavier or he.
    #[arg(long, default_value = "std", value_parser = parse_init)]
    pub init: Init,
    /// Weight decay λ (book 6.4.1): weights shrink by lr·λ per step; 0 turns it off.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub weight_decay: f64,
    /// Learning-rate schedule: `constant` (the book's) or `cosine` (decays to 0 by the end).
    #[arg(long, default_value = "constant", value_parser = parse_schedule)]
    pub schedule: Schedule,
    /// How batches are drawn: `choice` (with replacement, the book's np.random.choice) or
    /// `epochs` (shuffled epochs without replacement).
    #[arg(long, default_value = "choice", value_parser = parse_sampling)]
    pub sampling: Sampling,
    /// Seed of the run's random generator: same seed and flags, same metrics.csv.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub seed: u64,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Where metrics.csv, loss.png, accuracy.png and the model are written.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

fn parse_batch(s: &str) -> Result<usize, String> {
    match s.parse() {
        Ok(n) if BATCH_SIZES.contains(&n) => Ok(n),
        _ => Err(format!(
            "not a batch size this example is built for: use one of {}",
            BATCH_SIZES.map(|n| n.to_string()).join(", ")
        )),
    }
}

fn parse_schedule(s: &str) -> Result<Schedule, String> {
    match s {
        "constant" => Ok(Schedule::Constant),
        "cosine" => Ok(Schedule::Cosine),
        other => Err(format!("unknown schedule '{other}': use constant or cosine")),
    }
}

fn parse_sampling(s: &str) -> Result<Sampling, String> {
    match s {
        "choice" => Ok(Sampling::WithReplacement),
        "epochs" => Ok(Sampling::Shuffled),
        other => Err(format!("unknown sampling '{other}': use choice or epochs")),
    }
}

fn parse_init(s: &str) -> Result<Init, String> {
    match s {
        "std" => Ok(Init::book()),
        "xavier" => Ok(Init::xavier()),
        "he" => Ok(Init::he()),
        other => Err(format!("unknown init '{other}': use std, xavier or he")),
    }
}

/// Parses the flags and checks every value before any work starts and before any file is
/// written: on a bad value prints one line and exits with status 2. (clap's own usage errors,
/// such as an unknown flag, keep clap's short usage block, also with status 2.)
pub fn args() -> Args {
    super::cli::quiet_broken_pipe();
    checked(Args::try_parse())
}

/// As [`args`], with other defaults for some flags (`(flag name, value)` pairs), for examples
/// whose model suits other settings than the book's.
pub fn args_with_defaults(defaults: &[(&'static str, &'static str)]) -> Args {
    super::cli::quiet_broken_pipe();
    let command = defaults
        .iter()
        .fold(Args::command(), |c, &(name, value)| c.mut_arg(name, |a| a.default_value(value)));
    checked(command.try_get_matches().and_then(|m| Args::from_arg_matches(&m)))
}

/// Checks every value before any work starts, and exits as [`args`] says on the first bad one.
fn checked(parsed: Result<Args, clap::Error>) -> Args {
    let args = parsed.unwrap_or_else(|e| match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // clap's first line names the flag, the value and, from our parsers, what to use.
            let rendered = e.render().to_string();
            let line = rendered.lines().next().unwrap_or_default();
            fail(line.strip_prefix("error: ").unwrap_or(line))
        }
        _ => e.exit(),
    });
    if args.iters == 0 {
        fail("--iters 0: training needs at least one iteration (the book runs 10000)");
    }
    if let Err(e) = dldw::check_learning_rate(args.lr) {
        fail(&format!("--lr {}: {e}", args.lr));
    }
    let optimizer = args.optimizer.build::<f32>(args.lr);
    if let Err(e) = optimizer.and_then(|o| WeightDecay::new(o, args.weight_decay)) {
        fail(&format!("--weight-decay {}: {e}", args.weight_decay));
    }
    // The files found, or fetched with the `download` feature, before any work.
    super::cli::mnist_dir(args.data_dir.clone());
    if let Err(e) = check_out_dir(&args.out) {
        fail(&format!("--out {}: {e}; choose a directory you can write to", args.out.display()));
    }
    args
}

pub use super::cli::fail;

/// Prints `error: <msg>` and exits with status 1: the run itself failed (bad data, divergence,
/// an output that could not be written).
pub fn abort(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

/// Creates the output directory if needed and proves it writable, without touching any file
/// a previous run left there.
fn check_out_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".dldw-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

/// A run of one batch size: `--batch` chooses which, among [`BATCH_SIZES`] ([`with_batch_size`]).
/// A batch size is a type parameter in dldw (shapes are checked at compile time), so each is a
/// run compiled for that size.
pub trait Run {
    /// The run with batches of `N` samples.
    fn run<const N: usize>(self, args: &Args) -> Result<(), Box<dyn Error>>;
}

/// Runs `run` with the batch size `args.batch`: each size in [`BATCH_SIZES`] is an arm here.
pub fn with_batch_size(args: &Args, run: impl Run) -> Result<(), Box<dyn Error>> {
    match args.batch {
        1 => run.run::<1>(args),
        10 => run.run::<10>(args),
        32 => run.run::<32>(args),
        50 => run.run::<50>(args),
        64 => run.run::<64>(args),
        100 => run.run::<100>(args),
        128 => run.run::<128>(args),
        256 => run.run::<256>(args),
        other => unreachable!("--batch {other} is not in BATCH_SIZES, and parse_batch refuses it"),
    }
}

/// MNIST from where [`super::cli::mnist_dir`] finds it (`dldw::mnist::search_order`).
pub fn load(args: &Args) -> Result<Mnist, dldw::mnist::MnistError> {
    Mnist::load(super::cli::mnist_dir(args.data_dir.clone()))
}

/// The optimizer of `--optimizer`, `--lr` and `--weight-decay` (SGD at η = 0.1, no decay, by
/// default: the book's).
pub fn optimizer(args: &Args) -> Result<WeightDecay<AnyOptimizer<f32>>, Box<dyn Error>> {
    Ok(WeightDecay::new(args.optimizer.build::<f32>(args.lr)?, args.weight_decay)?)
}

/// The run's settings with batches of `N`: `--iters`, `--sampling`, `--schedule`, and accuracy
/// once per epoch of a training set of `train_len`, the book's iter_per_epoch =
/// max(train_size / batch_size, 1): 600 for its batch of 100.
pub fn config<const N: usize>(args: &Args, train_len: usize) -> TrainConfig<N, EVAL> {
    TrainConfig {
        iters: args.iters as usize,
        eval_every: (train_len / N).max(1),
        sampling: args.sampling,
        schedule: args.schedule,
    }
    .batches::<N, EVAL>()
}

/// What a run shows while it trains: a progress bar, and the book's line per epoch.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// A bar for a run of `iters` iterations, started now.
    pub fn new(iters: usize) -> Self {
        let bar = ProgressBar::new(iters as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} iters  {per_sec}  loss {msg}  eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress { bar, started: Instant::now() }
    }

    /// Shows what [`train`](dldw::train::train) reports.
    pub fn show(&self, event: Event<'_>) {
        match event {
            Event::Iteration { iteration, loss } => {
                self.bar.inc(1);
                if iteration % 50 == 0 {
                    self.bar.set_message(format!("{loss:.4}"));
                }
            }
            Event::Epoch(r) => {
                let line = format!("train acc, test acc | {:.4}, {:.4}", r.train_acc, r.test_acc);
                // A hidden bar (output not a terminal) swallows println: print plainly then.
                if self.bar.is_hidden() { println!("{line}") } else { self.bar.println(line) }
            }
        }
    }

    /// Clears the bar once the run is over; returns how long it took.
    pub fn finish(self) -> Duration {
        self.bar.finish_and_clear();
        self.started.elapsed()
    }
}

/// Writes the outputs of a run that trained `model` (`metrics.csv`, the book's two figures,
/// `<name>.safetensors`), measures the final model on both sets and prints the `done:` lines.
pub fn save<M: Classifier<Batch<EVAL>, f32, EVAL, 10>>(
    args: &Args,
    model: &mut M,
    name: &str,
    mnist: &Mnist,
    history: &History,
    train_time: Duration,
) -> Result<(), Box<dyn Error>> {
    let out = &args.out;
    let mut csv = Vec::new();
    write_metrics_csv(&mut csv, history)?;
    dldw::io::write_atomically(out.join("metrics.csv"), &csv)?;
    draw_charts(out, history)?;
    let model_path = out.join(format!("{name}.safetensors"));
    dldw::io::save(model, &model_path)?;

    // The book's last measurement is at iteration 9600; the saved model is the one after the
    // last iteration, so measure that too.
    let train_acc = evaluate(model, &mnist.train, EvalBatch::<EVAL>);
    let test_acc = evaluate(model, &mnist.test, EvalBatch::<EVAL>);
    println!(
        "done: {} iterations in {:.2} s | final train acc {train_acc:.4}, test acc {test_acc:.4}",
        history.losses.len(),
        train_time.as_secs_f64(),
    );
    println!(
        "outputs: {0}/metrics.csv, {0}/loss.png, {0}/accuracy.png, {1}",
        out.display(),
        model_path.display()
    );
    Ok(())
}

/// The book's figures 4-11 (loss per iteration) and 4-12 (accuracy per epoch).
fn draw_charts(out: &Path, history: &History) -> Result<(), Box<dyn Error>> {
    let loss: Vec<(f64, f64)> = history.losses.iter().enumerate().map(|(i, l)| (i as f64, *l)).collect();
    // Each point is one batch of 100, so the curve is jagged; the mean of the last 100 batches
    // shows the trend through it.
    let window = 100;
    let moving: Vec<(f64, f64)> = loss
        .windows(window)
        .map(|w| ((w.len() - 1) as f64 + w[0].0, w.iter().map(|p| p.1).sum::<f64>() / w.len() as f64))
        .collect();
    line_chart(
        &out.join("loss.png"),
        "training loss per iteration (after figure 4-11)",
        ("iteration", "loss"),
        None,
        &[
            Series {
                label: "loss of each batch",
                points: loss,
                color: RGBColor(166, 200, 232),
                dashed: false,
            },
            Series {
                label: "mean of the last 100",
                points: moving,
                color: RGBColor(31, 119, 180),
                dashed: false,
            },
        ],
    )?;
    let acc = |f: fn(&dldw::train::EpochRecord) -> f64| -> Vec<(f64, f64)> {
        history.epochs.iter().map(|r| (r.epoch as f64, f(r))).collect()
    };
    line_chart(
        &out.join("accuracy.png"),
        "accuracy per epoch (after figure 4-12)",
        ("epoch", "accuracy"),
        Some((0.0, 1.0)),
        &[
            Series {
                label: "train acc",
                points: acc(|r| r.train_acc),
                color: RGBColor(31, 119, 180),
                dashed: false,
            },
            Series {
                label: "test acc",
                points: acc(|r| r.test_acc),
                color: RGBColor(255, 127, 14),
                dashed: true,
            },
        ],
    )?;
    Ok(())
}
