//! Chapter 4's learning algorithm (book 4.5): a two-layer sigmoid network trained by
//! mini-batch SGD with *numerical* gradients, next to the same steps with backpropagation.
//!
//! ```sh
//! cargo run --release --example ch04_train_numerical
//! cargo run --release --example ch04_train_numerical -- --lr 0.1 --iters 50 --backprop-iters 2000
//! ```
//!
//! The book's 784-50-10 needs 79,520 forward passes per numerical gradient. To keep this
//! runnable the network here is 784-10-10 on batches of 10 — still 15,920 forward passes per
//! step. Both runs start from the same weights and see the same batches, so their losses agree
//! to about 1e-6: the same gradients, thousands of times apart in cost. Backpropagation then
//! goes on alone to `--backprop-iters` steps, which the numerical gradient would need hours for.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::TwoLayerNetSigmoid;
use dldw::data::{RandomChoice, Sampler};
use dldw::init::Init;
use dldw::mnist::{Mnist, data_dir};
use dldw::optim::{Optimizer, Sgd};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Instant;

/// Chapter 4's learning algorithm, numerical gradients against backpropagation.
#[derive(Parser)]
struct Args {
    /// Learning rate η of SGD (finite, > 0).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    lr: f64,
    /// Iterations trained both ways, numerical and backprop (each numerical one takes ~0.3 s).
    #[arg(long, default_value_t = 20)]
    iters: usize,
    /// Iterations in all for backpropagation, which goes on alone after `--iters`.
    #[arg(long, default_value_t = 20_000)]
    backprop_iters: usize,
    /// Seed of the initial weights (the batches use seed + 1).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    let sgd = Sgd::new(args.lr);
    let mut sgd = sgd.unwrap_or_else(|e| cli::fail(&format!("--lr {}: {e}", args.lr)));
    cli::check(args.iters > 0, "iters", args.iters, "train at least one iteration");
    let dir = data_dir(args.data_dir.clone());
    if let Err(e) = dldw::mnist::locate(&dir) {
        cli::fail(&e.to_string());
    }
    let data = Mnist::load(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let init =
        TwoLayerNetSigmoid::<784, 10, 10, f64>::new(Init::book(), &mut StdRng::seed_from_u64(args.seed));
    let (mut numerical, mut backprop) = (init.clone(), init);
    let mut sampler = RandomChoice::new(data.train.len());
    let mut rng = StdRng::seed_from_u64(args.seed + 1);
    let mut x = dldw::zeros_boxed::<f64, 10, 784>();
    let mut idx = [0; 10];
    let (mut t_numerical, mut t_backprop) = (0.0, 0.0);

    println!("iter  loss (numerical gradient)  loss (backprop)");
    for i in 0..args.iters {
        sampler.fill(&mut idx, &mut rng);
        let t = data.train.gather_pixels(&idx, &mut x);

        let started = Instant::now();
        let loss_n = numerical.loss(&x, &t);
        numerical.numerical_gradient(&x, &t);
        sgd.step(&mut numerical);
        t_numerical += started.elapsed().as_secs_f64();

        let started = Instant::now();
        let loss_b = backprop.gradient(&x, &t);
        sgd.step(&mut backprop);
        t_backprop += started.elapsed().as_secs_f64();

        println!("{i:4}  {loss_n:25.6}  {loss_b:15.6}");
    }
    let (n, b) = (t_numerical / args.iters as f64, t_backprop / args.iters as f64);
    println!("time per iteration: numerical {:.3} s, backprop {:.1} µs ({:.0}× faster)", n, b * 1e6, n / b);

    // What the numerical gradient could not afford: many more steps.
    for _ in args.iters..args.backprop_iters {
        sampler.fill(&mut idx, &mut rng);
        let t = data.train.gather_pixels(&idx, &mut x);
        backprop.gradient(&x, &t);
        sgd.step(&mut backprop);
    }
    let acc = dldw::train::evaluate(&mut backprop, &data.test, dldw::train::EvalBatch::<1000>);
    let total = args.backprop_iters.max(args.iters);
    println!("backprop alone, after {total} iterations: test accuracy {acc:.4}");
}
