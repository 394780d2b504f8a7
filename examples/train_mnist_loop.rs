//! The book's training loop (5.7.4, `train_neuralnet.py`) written out by hand with
//! [`step`](dldw::train::step): each iteration draws a batch mask, gathers the batch, and takes
//! one step (forward → loss → backward in reverse → update); once per epoch it measures the
//! accuracy on both whole sets. The same seed gives the same lines as `train_mnist`, which writes
//! this loop on [`with_loop`](dldw::train::with_loop), with the batches and accuracies on a
//! second core. Tutorial page 10 walks through it.
//!
//! ```sh
//! cargo run --release --example train_mnist_loop
//! cargo run --release --example train_mnist_loop -- --iters 600
//! ```

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::TwoLayerNet;
use dldw::data::{RandomChoice, Sampler};
use dldw::init::Init;
use dldw::mnist::{Mnist, PIXELS, data_dir};
use dldw::optim::Sgd;
use dldw::sparse::SparseRows;
use dldw::train::{EvalBatch, evaluate, step};
use rand::SeedableRng;
use std::path::PathBuf;

/// The book's loop, written out.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Iterations (mini-batch updates), at least 1.
    #[arg(long, default_value_t = 10_000)]
    iters: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    cli::check(args.iters > 0, "iters", args.iters, "train at least one iteration");
    let mnist = Mnist::load(data_dir(args.data_dir))?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut network = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
    let mut optimizer = Sgd::new(0.1)?; // learning_rate = 0.1
    let mut choice = RandomChoice::new(mnist.train.len()); // np.random.choice(train_size, batch_size)
    let mut batch_mask = [0; 100]; // batch_size = 100
    let mut x_batch = SparseRows::<f32, 100, PIXELS>::new(); // the batch's ink: its nonzero pixels
    let iter_per_epoch = mnist.train.len() / 100;
    let mut train_loss_list = Vec::with_capacity(args.iters);
    for i in 0..args.iters {
        if i % iter_per_epoch == 0 {
            // Measured before this iteration's update, as `train` records it.
            let train_acc = evaluate(&mut network, &mnist.train, EvalBatch::<1000>);
            let test_acc = evaluate(&mut network, &mnist.test, EvalBatch::<1000>);
            println!("train acc, test acc | {train_acc:.4}, {test_acc:.4}");
        }
        choice.fill(&mut batch_mask, &mut rng); // 1. the batch mask
        let t_batch = mnist.train.gather_ink(&batch_mask, &mut x_batch); // x_train[batch_mask] / 255
        let loss = step(&mut network, &mut optimizer, &x_batch, &t_batch); // 2. gradient, 3. update
        train_loss_list.push(loss);
    }
    let last = &train_loss_list[train_loss_list.len().saturating_sub(100)..];
    println!(
        "mean loss of the last {} iterations: {:.4}",
        last.len(),
        last.iter().sum::<f32>() / last.len() as f32
    );
    Ok(())
}
