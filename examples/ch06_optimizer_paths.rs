//! The book's figure 6-8 (6.1.7, `ch06/optimizer_compare_naive.py`): SGD, Momentum, AdaGrad
//! and Adam minimising f(x, y) = x²/20 + y² from (−7, 2) for 30 steps, with the book's
//! learning rates (0.95, 0.1, 1.5, 0.3), each path drawn over the contours of f. f is 20
//! times steeper in y than in x: SGD zig-zags across the valley, Momentum rolls along it
//! like a ball, AdaGrad damps the steep direction at once, Adam does a bit of both.
//!
//! The optimizers are dldw's own (`dldw::optim`), updating a two-parameter "model" through
//! the same parameter walk that trains a network.
//!
//! Run: `cargo run --release --example ch06_optimizer_paths` (writes
//! `out/ch06_optimizer_paths.png`, or with `-- --out docs/img` the tutorial's copy; `-- --help` lists the flags).

use dldw_charts::ch06_plot;

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::optim::{Optimizer, OptimizerKind};
use dldw::params::{Name, Param, Parameters};
use std::path::PathBuf;

/// Optimizer paths on f(x, y) = x²/20 + y² (figure 6-8).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Number of updates per optimizer.
    #[arg(long, default_value_t = 30)]
    steps: usize,
    /// SGD's learning rate.
    #[arg(long, default_value_t = 0.95)]
    sgd: f64,
    /// Momentum's learning rate (α = 0.9).
    #[arg(long, default_value_t = 0.1)]
    momentum: f64,
    /// AdaGrad's learning rate.
    #[arg(long, default_value_t = 1.5)]
    adagrad: f64,
    /// Adam's learning rate (β₁ = 0.9, β₂ = 0.999).
    #[arg(long, default_value_t = 0.3)]
    adam: f64,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// The book's `params['x'], params['y']` and `grads`: two parameters of one element each.
struct Point {
    xy: [f64; 2],
    grad: [f64; 2],
}

impl Parameters<f64> for Point {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, f64>)) {
        let (x, y) = (name.child("x"), name.child("y"));
        let ([vx, vy], [gx, gy]) = (&mut self.xy, &self.grad);
        f(Param {
            name: &x,
            value: std::slice::from_mut(vx),
            grad: std::slice::from_ref(gx),
            rows: 1,
            cols: 1,
            dims: None,
        });
        f(Param {
            name: &y,
            value: std::slice::from_mut(vy),
            grad: std::slice::from_ref(gy),
            rows: 1,
            cols: 1,
            dims: None,
        });
    }
}

/// ∂f/∂x = x/10, ∂f/∂y = 2y (the book's `df`).
fn df([x, y]: [f64; 2]) -> [f64; 2] {
    [x / 10.0, 2.0 * y]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    let runs = [
        ("SGD", OptimizerKind::Sgd, args.sgd),
        ("Momentum", OptimizerKind::Momentum, args.momentum),
        ("AdaGrad", OptimizerKind::AdaGrad, args.adagrad),
        ("Adam", OptimizerKind::Adam, args.adam),
    ];
    // All four rates are checked before the first path is printed.
    let opts: Vec<_> = runs
        .iter()
        .map(|&(name, kind, lr)| {
            kind.build::<f64>(lr)
                .unwrap_or_else(|e| cli::fail(&format!("--{} {lr}: {e}", name.to_lowercase())))
        })
        .collect();
    let mut panels = Vec::new();
    for ((name, _, lr), mut opt) in runs.into_iter().zip(opts) {
        let mut p = Point { xy: [-7.0, 2.0], grad: [0.0; 2] };
        let mut history = Vec::with_capacity(args.steps);
        for _ in 0..args.steps {
            history.push((p.xy[0], p.xy[1]));
            p.grad = df(p.xy);
            opt.step(&mut p);
        }
        let f = p.xy[0].powi(2) / 20.0 + p.xy[1].powi(2);
        println!(
            "{name:>8} (lr {lr}): after {} steps (x, y) = ({:+.5}, {:+.5}), f = {f:.6}",
            args.steps, p.xy[0], p.xy[1]
        );
        panels.push((format!("{name} (lr {lr})"), history));
    }
    // Contours f = c: the ellipses x = √(20c)·cos t, y = √c·sin t.
    let contours: Vec<Vec<(f64, f64)>> = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
        .iter()
        .map(|&c: &f64| {
            (0..=120)
                .map(|i| (3.0 * i as f64).to_radians())
                .map(|t| ((20.0 * c).sqrt() * t.cos(), c.sqrt() * t.sin()))
                .collect()
        })
        .collect();
    ch06_plot::paths(
        &args.out.join("ch06_optimizer_paths.png"),
        ((-10.0, 10.0), (-5.0, 5.0)),
        &contours,
        &panels,
    )?;
    println!("wrote {}", args.out.join("ch06_optimizer_paths.png").display());
    Ok(())
}
