//! The book's figure 6-9 (6.1.8, `ch06/optimizer_compare_mnist.py`): SGD, Momentum, AdaGrad
//! and Adam training the same five-layer ReLU net (784-100-100-100-100-10, He weights) on
//! MNIST, batch 128, 2000 iterations, every network on the same batches. Prints every 100th
//! loss as the book's script does and draws the smoothed losses. The book's notebook at
//! iteration 1900: SGD 0.150, Momentum 0.050, AdaGrad 0.016, Adam 0.032 — the adaptive ones
//! and Momentum well below SGD (exact values depend on the random stream).
//!
//! Run: `cargo run --release --example ch06_optimizers_mnist` (writes
//! `docs/img/ch06_optimizers_mnist.png`; `-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
#[allow(dead_code)]
#[path = "common/plot.rs"]
mod plot;

use ch06::Net5;
use clap::Parser;
use dldw::init::Init;
use dldw::optim::OptimizerKind;
use plot::{Series, line_chart};
use plotters::style::RGBColor;
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
    #[arg(long, num_args = 4, value_delimiter = ',', default_values_t = [0.01, 0.01, 0.01, 0.001])]
    lr: Vec<f64>,
    /// Seed of the run: weights and batches.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Threads (the four runs are independent).
    #[arg(long, default_value_t = ch06::cores())]
    threads: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Where the figure is written.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/img/ch06_optimizers_mnist.png"))]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let kinds = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::AdaGrad, OptimizerKind::Adam];
    let names = ["SGD", "Momentum", "AdaGrad", "Adam"];
    // Checked before any work: a bad rate is refused in one line.
    let opts = kinds
        .iter()
        .zip(&args.lr)
        .map(|(k, &lr)| k.build::<f32>(lr).map_err(|e| format!("--lr for {k}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let mnist = ch06::mnist(args.data_dir.clone())?;
    let start = Instant::now();
    let curves = ch06::on_threads(4, args.threads, |i| {
        let mut net: Net5 = ch06::net5(Init::he(), &mut StdRng::seed_from_u64(args.seed + 1 + i as u64));
        let mut opt = opts[i].clone();
        ch06::losses::<_, BATCH>(&mut net, &mut opt, &mnist.train, args.iters, args.seed)
    });
    for i in (0..args.iters).step_by(100) {
        println!("===========iteration:{i}===========");
        for (name, c) in names.iter().zip(&curves) {
            println!("{name}:{}", c[i]);
        }
    }
    println!("({:.1} s for {} × {} iterations)", start.elapsed().as_secs_f64(), names.len(), args.iters);
    let colors = [
        RGBColor(0x1f, 0x77, 0xb4),
        RGBColor(0xff, 0x7f, 0x0e),
        RGBColor(0x2c, 0xa0, 0x2c),
        RGBColor(0xd6, 0x27, 0x28),
    ];
    let series: Vec<Series> = names
        .iter()
        .zip(&curves)
        .zip(colors)
        .map(|((name, c), color)| Series {
            label: name,
            points: ch06::smooth_curve(c).into_iter().enumerate().map(|(i, l)| (i as f64, l)).collect(),
            color,
        })
        .collect();
    line_chart(
        &args.out,
        "Figure 6-9: optimizers on MNIST (smoothed loss)",
        ("iterations", "loss"),
        Some((0.0, 1.0)),
        &series,
    )?;
    println!("wrote {}", args.out.display());
    Ok(())
}
