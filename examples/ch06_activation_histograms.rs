//! The book's figures 6-10 to 6-14 (6.2.2–6.2.3, `ch06/weight_init_activation_histogram.py`):
//! 1000 random inputs of 100 features (N(0, 1)) through 5 layers of 100 units, weights from
//! N(0, σ²), and the histogram of each layer's activations. With sigmoid, σ = 1 pushes the
//! activations to 0 and 1 (where the gradient vanishes), σ = 0.01 squeezes them around 0.5
//! (every unit says the same), Xavier's σ = 1/√n keeps them spread out; tanh with Xavier is
//! symmetric about 0. With ReLU, σ = 0.01 and Xavier make the activations shrink layer
//! after layer, He's σ = √(2/n) keeps them the same in every layer.
//!
//! Prints each layer's mean and standard deviation (the book's script prints nothing), and
//! writes one figure per setting, `out/ch06_hist_<activation>_<init>.png` (`-- --out docs/img` updates the tutorial's copies).
//!
//! Run: `cargo run --release --example ch06_activation_histograms` (`-- --help` for flags).

use dldw_charts::ch06_plot;

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::activation::{relu, sigmoid};
use dldw::init::Init;
use nalgebra::{Const, Dyn, OMatrix};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};
use std::path::PathBuf;

/// Activation histograms for several weight initialisations (figures 6-10 to 6-14).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Number of inputs.
    #[arg(long, default_value_t = 1000)]
    samples: usize,
    /// Seed of the inputs and weights.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Directory the figures are written to (`docs/img` updates the tutorial's copies).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

const NODES: usize = 100;
const LAYERS: usize = 5;

#[derive(Clone, Copy)]
enum Act {
    Sigmoid,
    Relu,
    Tanh,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    cli::check(args.samples > 0, "samples", args.samples, "give at least 1");
    let settings = [
        ("6-10", Act::Sigmoid, "sigmoid", "std1", "weights of σ = 1", Init::std(1.0)?),
        ("6-11", Act::Sigmoid, "sigmoid", "std0.01", "weights of σ = 0.01", Init::std(0.01)?),
        ("6-13", Act::Sigmoid, "sigmoid", "xavier", "Xavier's weights", Init::xavier()),
        ("6-13", Act::Tanh, "tanh", "xavier", "Xavier's weights", Init::xavier()),
        ("6-14", Act::Relu, "relu", "std0.01", "weights of σ = 0.01", Init::std(0.01)?),
        ("6-14", Act::Relu, "relu", "xavier", "Xavier's weights", Init::xavier()),
        ("6-14", Act::Relu, "relu", "he", "He's weights", Init::he()),
    ];
    for (figure, act, act_name, init_name, weights, init) in settings {
        let mut rng = StdRng::seed_from_u64(args.seed);
        // The book's np.random.randn(1000, 100).
        let mut x: OMatrix<f64, Dyn, Const<NODES>> =
            OMatrix::from_fn_generic(Dyn(args.samples), Const, |_, _| StandardNormal.sample(&mut rng));
        let mut panels = Vec::new();
        println!("{act_name}, {init_name} (figure {figure}):");
        for layer in 1..=LAYERS {
            let mut w = nalgebra::SMatrix::<f64, NODES, NODES>::zeros();
            init.fill(&mut w, &mut rng);
            let a = &x * w;
            let z = a.map(|v| match act {
                Act::Sigmoid => sigmoid(v),
                Act::Relu => relu(v),
                Act::Tanh => v.tanh(),
            });
            let mean = z.mean();
            let std = (z.map(|v| (v - mean).powi(2)).mean()).sqrt();
            println!("  {layer}-layer: mean {mean:.4}, std {std:.4}");
            panels.push((format!("{layer}-layer"), z.iter().copied().collect::<Vec<f64>>()));
            x = z;
        }
        let range = if matches!(act, Act::Tanh) { (-1.0, 1.0) } else { (0.0, 1.0) };
        let path = args.out.join(format!("ch06_hist_{act_name}_{init_name}.png"));
        let title = format!("Figure {figure}: {act_name}, {weights}");
        // ReLU's first bar (the zeros) holds about half the values: the book's y limit, 7000,
        // shows the spread of the rest.
        let y_max = matches!(act, Act::Relu).then_some(7000.0);
        ch06_plot::histograms(&path, &title, range, 30, y_max, &panels)?;
        println!("  wrote {}", path.display());
    }
    Ok(())
}
