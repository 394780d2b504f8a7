//! The book's figure 6-9 (6.1.8, `ch06/optimizer_compare_mnist.py`): SGD, Momentum, AdaGrad
//! and Adam training the same five-layer ReLU net (784-100-100-100-100-10, He weights) on
//! MNIST, batch 128, 2000 iterations, every network on the same batches. Prints every 100th
//! loss as the book's script does and draws the smoothed losses. The book's notebook at
//! iteration 1900: SGD 0.150, Momentum 0.050, AdaGrad 0.016, Adam 0.032 — the adaptive ones
//! and Momentum well below SGD (exact values depend on the random stream).
//!
//! Run: `cargo run --release --example ch06_optimizers_mnist` (writes
//! `out/ch06_optimizers_mnist.png`, or with `-- --out docs/img` the tutorial's copy; `-- --help` lists the flags).

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
use dldw::optim::OptimizerKind;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Instant;

/// Batch size (a type parameter in dldw): the book's 128.
const BATCH: usize = 128;

/// SGD, Momentum, AdaGrad and Adam on MNIST (figure 6-9).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Iterations (mini-batch updates) per optimizer.
    #[arg(long, default_value_t = 2000)]
    iters: usize,
    /// Learning rates of SGD, Momentum (α = 0.9), AdaGrad and Adam, in that order.
    #[arg(long, value_delimiter = ',', default_values_t = [0.01, 0.01, 0.01, 0.001])]
    lr: Vec<f64>,
    #[command(flatten)]
    run: ch06::RunArgs,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    let four = "give four rates, e.g. --lr 0.01,0.01,0.01,0.001";
    cli::check(args.lr.len() == 4, "lr", format!("{:?}", args.lr), four);
    let kinds = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::AdaGrad, OptimizerKind::Adam];
    let names = ["SGD", "Momentum", "AdaGrad", "Adam"].map(String::from);
    // Checked before any work: a bad rate is refused in one line.
    let opts: Vec<_> = kinds
        .iter()
        .zip(&args.lr)
        .map(|(k, &lr)| ch06::flag(k.build::<f32>(lr), &format!("--lr for {k}")))
        .collect();
    cli::check(args.iters > 0, "iters", args.iters, "train at least one iteration");
    args.run.check();
    let mnist = ch06::mnist(args.run.data_dir.clone())?;
    let start = Instant::now();
    let curves = ch06::on_threads(4, args.run.threads, |i, _| {
        let mut net: Net5 = ch06::net5(Init::he(), &mut StdRng::seed_from_u64(args.run.seed + 1 + i as u64));
        let mut opt = opts[i].clone();
        ch06::losses::<_, BATCH>(&mut net, &mut opt, &mnist.train, args.iters, args.run.seed)
    });
    ch06::report_losses(
        &names,
        &curves,
        "Figure 6-9: optimizers on MNIST (smoothed loss)",
        1.0,
        &args.out.join("ch06_optimizers_mnist.png"),
    )?;
    println!("({:.1} s for {} × {} iterations)", start.elapsed().as_secs_f64(), names.len(), args.iters);
    Ok(())
}
