//! The book's figure 6-15 (6.2.4, `ch06/weight_init_compare.py`): the five-layer ReLU net
//! 784-100-100-100-100-10 trained on MNIST with weights from N(0, 0.01²), Xavier (σ = 1/√n)
//! and He (σ = √(2/n)), SGD lr 0.01, batch 128, 2000 iterations, all on the same batches.
//! Prints every 100th loss as the book's script does and draws the smoothed losses. The
//! book's notebook at iteration 1900: std=0.01 2.305 (it does not learn at all), Xavier 0.377,
//! He 0.286.
//!
//! Run: `cargo run --release --example ch06_weight_init` (writes
//! `out/ch06_weight_init.png`, or with `-- --out docs/img` the tutorial's copy; `-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
use dldw_charts::ch06_plot;
use dldw_charts::plot;

#[path = "common/cli.rs"]
mod cli;
use ch06::Net5;
use clap::Parser;
use dldw::init::Init;
use dldw::optim::Sgd;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Instant;

/// Batch size (a type parameter in dldw): the book's 128.
const BATCH: usize = 128;

/// Weight initialisations compared on MNIST (figure 6-15).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Iterations (mini-batch updates) per initialisation.
    #[arg(long, default_value_t = 2000)]
    iters: usize,
    /// SGD's learning rate.
    #[arg(long, default_value_t = 0.01)]
    lr: f64,
    /// The fixed standard deviation of the first setting.
    #[arg(long, default_value_t = 0.01)]
    std: f64,
    #[command(flatten)]
    run: ch06::RunArgs,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    let sgd = ch06::flag(Sgd::<f32>::new(args.lr), "--lr");
    let std = ch06::flag(Init::std(args.std), "--std");
    cli::check(args.iters > 0, "iters", args.iters, "train at least one iteration");
    args.run.check();
    let inits = [std, Init::xavier(), Init::he()];
    let names = [format!("std={}", args.std), "Xavier".to_string(), "He".to_string()];
    let mnist = ch06::mnist(args.run.data_dir.clone())?;
    let start = Instant::now();
    let curves = ch06::on_threads(inits.len(), args.run.threads, |i, _| {
        let mut net: Net5 = ch06::net5(inits[i], &mut StdRng::seed_from_u64(args.run.seed + 1 + i as u64));
        ch06::losses::<_, BATCH>(&mut net, &mut { sgd }, &mnist.train, args.iters, args.run.seed)
    });
    ch06::report_losses(
        &names,
        &curves,
        "Figure 6-15: weight initialisations on MNIST (smoothed loss)",
        2.5,
        &args.out.join("ch06_weight_init.png"),
    )?;
    println!("({:.1} s for {} × {} iterations)", start.elapsed().as_secs_f64(), names.len(), args.iters);
    Ok(())
}
