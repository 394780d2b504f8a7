//! Trains the book's SimpleConvNet (7.5, `ch07/train_convnet.py`) on MNIST: convolution 30 × 5 × 5
//! (pad 0, stride 1) → ReLU → 2 × 2 max pooling (stride 2) → Affine 4320 → 100 → ReLU →
//! Affine 100 → 10, weights N(0, 0.01²), Adam with learning rate 0.001, batches of 100 drawn with
//! replacement, 20 epochs of 600 iterations. After the first iteration of each epoch it prints the
//! accuracy on the first 1000 training and test images as the book's `Trainer` does, and at the
//! end the accuracy on all 10 000 test images.
//!
//! ```sh
//! cargo run --release --example ch07_train_convnet
//! cargo run --release --example ch07_train_convnet -- --epochs 2 --seed 1
//! cargo run --release --example ch07_train_convnet -- --help
//! ```
//!
//! Writes `out/simple_convnet.safetensors` (the book's `params.pkl`: `W1` (30, 1, 5, 5), `b1`,
//! `W2` (4320, 100), `b2`, `W3` (100, 10), `b3`) and `out/convnet_accuracy.png` (the book's
//! accuracy per epoch). Each step records the loss of the gradient's forward pass; the book's
//! `Trainer` runs a second forward after the update only to print it.
//!
//! Exit status: 0 after writing them; 2 for a bad command line (one `error:` line, before any
//! work, nothing written); 1 if the run fails (one `error:` line, nothing written or replaced).

mod common;

use clap::Parser;
use common::cli::{self, check};
use common::plot::{Series, line_chart};
use dldw::SimpleConvNet;
use dldw::init::Init;
use dldw::loss::Labels;
use dldw::mnist::{Mnist, PIXELS};
use dldw::optim::{Adam, Optimizer};
use dldw::train::{RandomChoice, Sampler};
use dldw_charts::RGBColor;
use indicatif::{ProgressBar, ProgressStyle};
use nalgebra::SMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The book's batch size (`mini_batch_size=100`); evaluations run in batches of the same size.
const BATCH: usize = 100;

/// Train the book's SimpleConvNet on MNIST (ch07/train_convnet.py).
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Epochs of 600 iterations (the book's max_epochs = 20).
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    epochs: i64,
    /// Iterations in all, instead of epochs × 600 (for a short run).
    #[arg(long, allow_negative_numbers = true)]
    iters: Option<i64>,
    /// Adam's learning rate (the book's 0.001).
    #[arg(long, default_value_t = 0.001, allow_negative_numbers = true)]
    lr: f64,
    /// Images scored per epoch from the start of each set (evaluate_sample_num_per_epoch), a
    /// multiple of 100.
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    eval_samples: i64,
    /// Seed of the run's random generator (initial weights and batches).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Where the model and the figure are written.
    #[arg(long, default_value = "out")]
    out: PathBuf,
}

/// The run's settings, checked.
struct Run {
    iters: usize,
    eval_samples: usize,
    lr: f64,
}

fn main() {
    let args: Args = cli::parse();
    check(args.epochs >= 1, "epochs", args.epochs, "train for at least one epoch (the book: 20)");
    let iters = args.iters.unwrap_or(args.epochs.saturating_mul(600));
    check(iters >= 1, "iters", iters, "train for at least one iteration");
    let e = args.eval_samples;
    check(
        (100..=10_000).contains(&e) && e % 100 == 0,
        "eval-samples",
        e,
        "use a multiple of 100 from 100 to 10000",
    );
    if let Err(e) = dldw::check_learning_rate(args.lr) {
        cli::fail(&format!("--lr {}: {e}", args.lr));
    }
    let dir = dldw::mnist::data_dir(args.data_dir.clone());
    if let Err(e) = dldw::mnist::locate(&dir) {
        cli::fail(&e.to_string());
    }
    if let Err(e) = common::run::check_out_dir(&args.out) {
        cli::fail(&format!("--out {}: {e}; choose a directory you can write to", args.out.display()));
    }
    let run = Run { iters: iters as usize, eval_samples: e as usize, lr: args.lr };
    // On every core: the step's large loops are halved over two threads (the same numbers).
    let trained =
        dldw::kernels::with_all_cores(|| train(&run, &dir, &args.out, args.seed).map_err(|e| e.to_string()));
    if let Err(e) = trained {
        common::run::abort(&e);
    }
}

/// The book's `Trainer.train`: steps, an evaluation at each epoch's first iteration, the final
/// test accuracy; then the outputs.
fn train(run: &Run, dir: &Path, out: &Path, seed: u64) -> Result<(), Box<dyn Error>> {
    let data = Mnist::load(dir)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut network = SimpleConvNet::<f32>::new(Init::book(), &mut rng);
    let mut optimizer = Adam::new(run.lr)?;
    let mut sampler = RandomChoice::new(data.train.len());
    let mut x = dldw::zeros_boxed::<f32, BATCH, PIXELS>();
    let mut batch_mask = [0; BATCH];
    // iter_per_epoch = max(train_size / batch_size, 1)
    let iter_per_epoch = (data.train.len() / BATCH).max(1);

    let bar = ProgressBar::new(run.iters as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} iters  {per_sec}  loss {msg}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let say = |line: String| if bar.is_hidden() { println!("{line}") } else { bar.println(line) };
    let started = Instant::now();
    let mut evaluating = Duration::ZERO;
    let mut epochs: Vec<(f64, f64)> = Vec::new();
    for i in 0..run.iters {
        // train_step: batch_mask = np.random.choice(train_size, batch_size), then the update.
        sampler.fill(&mut batch_mask, &mut rng);
        let t = data.train.gather_pixels(&batch_mask, &mut x);
        let loss = network.gradient(&*x, &t);
        optimizer.step(&mut network);
        if !loss.is_finite() {
            return Err(format!("the loss is {loss} at iteration {i}: training diverged").into());
        }
        bar.inc(1);
        if i % 50 == 0 {
            bar.set_message(format!("{loss:.4}"));
        }
        if i % iter_per_epoch == 0 {
            let evaluation = Instant::now();
            let train_acc = accuracy(&mut network, &data.train, run.eval_samples, &mut x);
            let test_acc = accuracy(&mut network, &data.test, run.eval_samples, &mut x);
            epochs.push((train_acc, test_acc));
            say(format!("=== epoch:{}, train acc:{train_acc}, test acc:{test_acc} ===", epochs.len()));
            evaluating += evaluation.elapsed();
        }
    }
    bar.finish_and_clear();
    let step_time = (started.elapsed() - evaluating).as_secs_f64() / run.iters as f64;
    let test_acc = accuracy(&mut network, &data.test, data.test.len(), &mut x);
    println!("=============== Final Test Accuracy ===============");
    println!("test acc:{test_acc}");

    let model = out.join("simple_convnet.safetensors");
    dldw::io::save(&network, &model)?;
    println!("Saved Network Parameters!");
    let figure = out.join("convnet_accuracy.png");
    let per_epoch =
        |f: fn(&(f64, f64)) -> f64| epochs.iter().enumerate().map(|(e, a)| (e as f64, f(a))).collect();
    line_chart(
        &figure,
        "SimpleConvNet: accuracy per epoch (book 7.5)",
        ("epochs", "accuracy"),
        Some((0.0, 1.0)),
        &[
            Series {
                label: "train",
                points: per_epoch(|a| a.0),
                color: RGBColor(31, 119, 180),
                dashed: false,
            },
            Series { label: "test", points: per_epoch(|a| a.1), color: RGBColor(255, 127, 14), dashed: true },
        ],
    )?;
    println!(
        "{} iterations, {:.2} ms each (evaluations excluded), {:.1} s evaluating; outputs: {}, {}",
        run.iters,
        step_time * 1e3,
        evaluating.as_secs_f64(),
        model.display(),
        figure.display()
    );
    Ok(())
}

/// The share of the first `samples` images of `set` (a multiple of 100) that `network`
/// classifies correctly, scored 100 at a time in `x` (the book's `accuracy(x, t, batch_size=100)`).
fn accuracy(
    network: &mut SimpleConvNet<f32>,
    set: &dldw::mnist::ImageSet,
    samples: usize,
    x: &mut SMatrix<f32, BATCH, PIXELS>,
) -> f64 {
    let mut correct = 0.0;
    for start in (0..samples).step_by(BATCH) {
        let t: Labels<BATCH, 10> = set.gather_pixels(&std::array::from_fn(|n| start + n), x);
        correct += network.accuracy(x, &t) * BATCH as f64;
    }
    correct / samples as f64
}
