//! The book's `ch08/train_deepnet.py` (8.1.1): DeepConvNet trained on MNIST with Adam
//! (η = 0.001), mini-batches of 100 drawn at random, 20 epochs of 600 iterations, each epoch's
//! accuracy on the first 1000 training and test images, then the whole test set; prints the
//! book's lines (`=== epoch:N, train acc:A, test acc:B ===`, `test acc:…`) and saves the model
//! (`out/deep_convnet.safetensors`, loadable by `ch08_book_weights --weights`).
//!
//! ```sh
//! cargo run --release --example ch08_train_deepnet                                  # the book's run
//! cargo run --release --example ch08_train_deepnet -- --epochs 1 --iters-per-epoch 100 # a short one
//! cargo run --release --example ch08_train_deepnet -- --shift 2    # with data augmentation (8.1.2)
//! ```
//!
//! The book's run is 12 000 iterations, each a forward and a backward pass of 100 images
//! through six convolutions (about 2.6 GMAC). The book's NumPy code "takes several hours"; here
//! a step takes about 0.060 s on one core of the 2-core machine `docs/performance.md` describes,
//! idle (0.034 s on both); the full run measured there on both cores took 7 min 44 s with its
//! evaluations and ended at test acc:0.993. A short run,
//! `--epochs 3 --iters-per-epoch 100` (seed 0), ends at test acc:0.9706. The loss printed is the
//! one `gradient` computes before the update: the book's trainer runs a second forward after it
//! (`network.loss`) only to print it, which this example leaves out.
//!
//! `--shift N` moves each training image by up to N pixels each way at random as its batch is
//! gathered ([`dldw::mnist::Shifts`]); test images are never moved.

#[path = "common/ch08.rs"]
mod ch08;
#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::DeepConvNet;
use dldw::mnist::{ImageSet, PIXELS, Shifts};
use dldw::optim::{Adam, Optimizer};
use dldw::train::{RandomChoice, Sampler};
use rand::SeedableRng;
use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

/// The book's mini-batch size.
const BATCH: usize = 100;

/// Trains the book's DeepConvNet on MNIST.
#[derive(Parser)]
struct Args {
    /// Epochs (the book: 20).
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Iterations per epoch (the book: 60 000 / 100 = 600).
    #[arg(long, default_value_t = 600)]
    iters_per_epoch: usize,
    /// Adam's learning rate (the book: 0.001).
    #[arg(long, default_value_t = 0.001)]
    lr: f64,
    /// Training and test images scored after each epoch (the book: 1000).
    #[arg(long, default_value_t = 1000)]
    evaluate_samples: usize,
    /// Data augmentation: the largest random move of a training image, in pixels (0: none).
    #[arg(long, default_value_t = 0)]
    shift: usize,
    /// Seed of the initial weights, the Dropout masks, the batches and the shifts.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the training loss every this many iterations (0: never).
    #[arg(long, default_value_t = 100)]
    log_every: usize,
    /// Where the trained model is saved.
    #[arg(long, default_value = "out/deep_convnet.safetensors")]
    out: PathBuf,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    cli::check(args.epochs > 0, "epochs", args.epochs, "give at least 1");
    cli::check(args.iters_per_epoch > 0, "iters-per-epoch", args.iters_per_epoch, "give at least 1");
    cli::check(
        (1..=10_000).contains(&args.evaluate_samples),
        "evaluate-samples",
        args.evaluate_samples,
        "give 1 to 10000 (the test set's size)",
    );
    let adam = Adam::new(args.lr).unwrap_or_else(|e| cli::fail(&format!("--lr {}: {e}", args.lr)));
    let shifts =
        Shifts::new(args.shift).unwrap_or_else(|e| cli::fail(&format!("--shift {}: {e}", args.shift)));
    // On every core: the step's large loops are halved over two threads (the same numbers).
    let trained = dldw::kernels::with_all_cores(|| run(&args, adam, shifts).map_err(|e| e.to_string()));
    if let Err(e) = trained {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args, mut adam: Adam<f32>, shifts: Shifts) -> Result<(), Box<dyn Error>> {
    let mnist = dldw::mnist::Mnist::load(dldw::mnist::data_dir(args.data_dir.clone()))?;
    let (train, test) = (&mnist.train, &mnist.test);
    let (train_sample, test_sample) = (train.first(args.evaluate_samples), test.first(args.evaluate_samples));
    let mut rng = rand::rngs::StdRng::seed_from_u64(args.seed);
    let mut net = DeepConvNet::<f32>::new(&mut rng);
    let mut sampler = RandomChoice::new(train.len());
    let (mut batch, mut x) = ([0; BATCH], dldw::zeros_boxed::<f32, BATCH, PIXELS>());
    let accuracy =
        |net: &mut DeepConvNet<f32>, set: &ImageSet| ch08::accuracy(set, &ch08::predictions(net, set, |x| x));

    let start = Instant::now();
    let mut training = 0.0;
    for epoch in 1..=args.epochs {
        let epoch_start = Instant::now();
        for i in 1..=args.iters_per_epoch {
            sampler.fill(&mut batch, &mut rng);
            let t = train.gather_pixels(&batch, &mut x);
            shifts.apply(&mut x, &mut rng);
            let loss = net.gradient(&x, &t);
            adam.step(&mut net);
            if args.log_every > 0 && i % args.log_every == 0 {
                println!("train loss:{loss}");
            }
        }
        training += epoch_start.elapsed().as_secs_f64();
        let (train_acc, test_acc) = (accuracy(&mut net, &train_sample), accuracy(&mut net, &test_sample));
        println!("=== epoch:{epoch}, train acc:{train_acc}, test acc:{test_acc} ===");
    }
    println!("=============== Final Test Accuracy ===============");
    println!("test acc:{}", accuracy(&mut net, test));
    let iters = args.epochs * args.iters_per_epoch;
    println!(
        "{iters} iterations in {training:.1} s, {:.2} ms each (evaluations excluded), {:.1} s in all",
        1000.0 * training / iters as f64,
        start.elapsed().as_secs_f64()
    );
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    dldw::io::save(&net, &args.out)?;
    println!("Saved Network Parameters! ({})", args.out.display());
    Ok(())
}
