//! The book's figure 6-15 (6.2.4, `ch06/weight_init_compare.py`): the five-layer ReLU net
//! 784-100-100-100-100-10 trained on MNIST with weights from N(0, 0.01²), Xavier (σ = 1/√n)
//! and He (σ = √(2/n)), SGD lr 0.01, batch 128, 2000 iterations, all on the same batches.
//! Prints every 100th loss as the book's script does and draws the smoothed losses. The
//! book's notebook at iteration 1900: std=0.01 2.305 (it does not learn at all), Xavier 0.377,
//! He 0.286.
//!
//! Run: `cargo run --release --example ch06_weight_init` (writes
//! `docs/img/ch06_weight_init.png`; `-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
#[allow(dead_code)]
#[path = "common/plot.rs"]
mod plot;

use ch06::Net5;
use clap::Parser;
use dldw::init::Init;
use dldw::optim::Sgd;
use plot::{Series, line_chart};
use plotters::style::RGBColor;
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
    /// Seed of the run: weights and batches.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Threads (the three runs are independent).
    #[arg(long, default_value_t = ch06::cores())]
    threads: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Where the figure is written.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/img/ch06_weight_init.png"))]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let sgd = Sgd::<f32>::new(args.lr).map_err(|e| format!("--lr: {e}"))?;
    let std = Init::std(args.std).map_err(|e| format!("--std: {e}"))?;
    let inits = [std, Init::xavier(), Init::he()];
    let names = [format!("std={}", args.std), "Xavier".to_string(), "He".to_string()];
    let mnist = ch06::mnist(args.data_dir.clone())?;
    let start = Instant::now();
    let curves = ch06::on_threads(inits.len(), args.threads, |i| {
        let mut net: Net5 = ch06::net5(inits[i], &mut StdRng::seed_from_u64(args.seed + 1 + i as u64));
        ch06::losses::<_, BATCH>(&mut net, &mut { sgd }, &mnist.train, args.iters, args.seed)
    });
    for i in (0..args.iters).step_by(100) {
        println!("===========iteration:{i}===========");
        for (name, c) in names.iter().zip(&curves) {
            println!("{name}:{}", c[i]);
        }
    }
    println!("({:.1} s for {} × {} iterations)", start.elapsed().as_secs_f64(), names.len(), args.iters);
    let colors = [RGBColor(0x1f, 0x77, 0xb4), RGBColor(0xff, 0x7f, 0x0e), RGBColor(0x2c, 0xa0, 0x2c)];
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
        "Figure 6-15: weight initialisations on MNIST (smoothed loss)",
        ("iterations", "loss"),
        Some((0.0, 2.5)),
        &series,
    )?;
    println!("wrote {}", args.out.display());
    Ok(())
}
