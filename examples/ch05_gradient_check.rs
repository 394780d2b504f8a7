//! The book's gradient check (5.7.3, `ch05/gradient_check.py`): backpropagation against
//! numerical gradients for the two-layer net 784-50-10 on the first 3 MNIST training images,
//! in f64, printed as the book prints it — the mean |backprop − numerical| per parameter.
//!
//! ```sh
//! cargo run --release --example ch05_gradient_check
//! cargo run --release --example ch05_gradient_check -- --seed 3 --first 100
//! ```
//!
//! The book's code prints about W1:4.4e-10, b1:2.5e-9, W2:5.5e-9, b2:1.4e-7; the printed book,
//! whose cross-entropy had no δ yet, shows about W1:2.2e-13, b1:9.7e-13, W2:8.4e-13,
//! b2:1.2e-10. Most of the difference comes from the δ = 1e-7 inside the cross-entropy's log,
//! which backpropagation ignores.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::TwoLayerNet;
use dldw::gradient_check::check_params;
use dldw::init::Init;
use dldw::mnist::{Mnist, data_dir};
use rand::SeedableRng;
use std::path::PathBuf;
use std::time::Instant;

/// The book's gradient check of TwoLayerNet on three MNIST images.
#[derive(Parser)]
struct Args {
    /// Seed of the initial weights N(0, 0.01²).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Index of the first of the three training images (the book's x_train[:3] is 0).
    #[arg(long, default_value_t = 0)]
    first: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    cli::check(
        args.first <= 60_000 - 3,
        "first",
        args.first,
        "the training set has 60000 images (0 to 59997)",
    );
    let dir = data_dir(args.data_dir.clone());
    if let Err(e) = dldw::mnist::locate(&dir) {
        cli::fail(&e.to_string());
    }
    let data = Mnist::load(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let mut x = dldw::zeros_boxed::<f64, 3, 784>();
    let t = data.train.gather_pixels(&[args.first, args.first + 1, args.first + 2], &mut x);
    let mut net =
        TwoLayerNet::<784, 50, 10, f64>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(args.seed));

    let started = Instant::now();
    net.gradient(&x, &t);
    let report = check_params(&mut net, |net| net.loss(&x, &t));
    let elapsed = started.elapsed();

    println!(
        "gradient check of 784-50-10 on training images {}..{} (labels {:?}), f64:",
        args.first,
        args.first + 3,
        t.classes()
    );
    for e in &report.entries {
        println!("{}:{:.3e}   (largest relative error {:.1e})", e.name, e.mean_abs_diff, e.max_rel_err);
    }
    println!(
        "{} numerical derivatives ({} forward passes) in {:.2} s",
        report.entries.iter().map(|e| e.len).sum::<usize>(),
        2 * report.entries.iter().map(|e| e.len).sum::<usize>(),
        elapsed.as_secs_f64()
    );
}
