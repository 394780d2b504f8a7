//! The book's gradient check of a small SimpleConvNet (`ch07/gradient_check.py`): input
//! 1 × 10 × 10, 10 filters of 3 × 3, pad 0, stride 1, a 2 × 2 pool of stride 2, hidden 10,
//! 10 classes, weights N(0, 0.01²); one image X = rand(1, 1, 10, 10) with the label 1.
//! Backpropagation against central differences (h = 1e-4) in f64, printed as the book prints
//! it: the mean |numerical − backprop| per parameter.
//!
//! ```sh
//! cargo run --release --example ch07_gradient_check
//! cargo run --release --example ch07_gradient_check -- --seed 1
//! cargo run --release --example ch07_gradient_check -- --seed 1 --std 0.1
//! ```
//!
//! The book's notebook shows W1 1.6e-6, b1 2.9e-6, W2 5.0e-11, b2 3.7e-9, W3 9.7e-11,
//! b3 1.8e-7; its random X and weights are not these, and W1, b1 and b2 move with them. Two
//! causes make the differences, and the example prints what each predicts:
//! - the δ = 1e-7 inside the cross-entropy's log, which the numerical side differentiates and
//!   backpropagation leaves out: it scales each score's gradient y − t by y_t / (y_t + δ), so
//!   b3's mean difference is δ / (y_t + δ) · mean |y − t|, about 1.8e-7 whenever the scores
//!   are near uniform (y ≈ 0.1) — the same in the book, in every run;
//! - ReLU's kink: with σ = 0.01 the convolution's outputs lie within a few hundredths of 0, so
//!   in many draws one of them is within reach of a ±1e-4 step of W1 or b1, whose central
//!   difference then straddles the kink (seed 1; seed 0 has none in reach and gets 1e-10 for
//!   W1). A hidden unit within reach does the same to b2. A larger σ (`--std 0.1`) makes such
//!   draws rarer; the last two lines count what is in reach.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::gradient_check::{H, gradient_check};
use dldw::init::Init;
use dldw::layers::{Affine, Layer, Relu, SoftmaxWithLoss, flat_width};
use dldw::loss::Labels;
use dldw::{Convolution, Pooling};
use nalgebra::SMatrix;
use rand::{RngExt, SeedableRng};

/// The δ inside the cross-entropy's log, −log(y + δ), the book's and dldw's.
const DELTA: f64 = 1e-7;

type Conv = Convolution![in: 1, 10, 10; filters: 10, 3, 3; pad: 0; stride: 1; f64];
type Pool = Pooling![after: Conv; pool: 2, 2; stride: 2];

/// The book's gradient check of SimpleConvNet on one random 10 × 10 image.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Seed of the weights and of the image, drawn in the book's order (W1, W2, W3, then X).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Standard deviation of the initial weights (the book's weight_init_std).
    #[arg(long, default_value_t = 0.01)]
    std: f64,
}

fn main() {
    let args: Args = cli::parse();
    let init = Init::std(args.std).unwrap_or_else(|e| cli::fail(&format!("--std {}: {e}", args.std)));

    let mut rng = rand::rngs::StdRng::seed_from_u64(args.seed);
    let mut net = (
        Conv::new(init, &mut rng),
        Relu::new(),
        Pool::new(),
        Affine::<{ flat_width::<Pool>() }, 10, f64>::new(init, &mut rng),
        Relu::new(),
        Affine::<10, 10, f64>::new(init, &mut rng),
    );
    let x = SMatrix::<f64, 1, 100>::from_fn(|_, _| rng.random::<f64>());
    let t = Labels::<1, 10>::new([1]).expect("1 is a class of 10");

    let report = gradient_check(&mut net, &mut SoftmaxWithLoss::new(), &x, &t);

    println!(
        "gradient check of SimpleConvNet 1×10×10 → conv 10×3×3 → pool 2×2 → 10 → 10, f64, h = {H:e}, \
         weights N(0, {}²), seed {}:",
        args.std, args.seed
    );
    // The tuple's parameters in walk order are the book's W1, b1 (conv), W2, b2, W3, b3 (Affine).
    let book_names = ["W1", "b1", "W2", "b2", "W3", "b3"];
    for (name, e) in book_names.iter().zip(&report.entries) {
        println!("{name} {:.1e}", e.mean_abs_diff);
    }
    if let Some(dx) = report.get("x") {
        println!("(beyond the book) x {:.1e}", dx.mean_abs_diff);
    }

    // δ's share of b3's difference: the numerical gradient of −log(y_t + δ) with respect to
    // score k is y_t / (y_t + δ) · (y_k − t_k), backprop's is y_k − t_k.
    let y = dldw::activation::softmax(net.predict(&x));
    let y_t = y[(0, 1)];
    let mean_abs_y_minus_t =
        (0..10).map(|k| (y[(0, k)] - f64::from(u8::from(k == 1))).abs()).sum::<f64>() / 10.0;
    println!(
        "b3 from δ alone: δ/(y_t + δ) · mean|y − t| = {:.1e}",
        DELTA / (y_t + DELTA) * mean_abs_y_minus_t
    );

    // ReLU's kinks. A ±h step of W1 or b1 moves a convolution output by at most h (the pixels
    // are below 1): a pool window whose largest output is within h of 0, or whose two largest
    // are within 2h of each other, is not smooth over the step. A ±h step of b2 moves a hidden
    // unit by h.
    let a = *net.0.forward(&x);
    let [fn_, oh, ow] = [10, 8, 8];
    let windows = (0..fn_ * (oh / 2) * (ow / 2)).filter(|&w| {
        let (f, py, px) = (w / 16, w / 4 % 4, w % 4);
        let mut v: Vec<f64> = (0..4).map(|k| a[(f * oh + 2 * py + k / 2) * ow + 2 * px + k % 2]).collect();
        v.sort_by(|p, q| q.total_cmp(p));
        v[0].abs() < H || (v[0] - v[1] < 2.0 * H && v[1] > -H)
    });
    let near_conv = windows.count();
    let z = *net.3.forward(net.2.forward(net.1.forward(&a)));
    let near_hidden = z.iter().filter(|v| v.abs() < H).count();
    let mean_abs = a.iter().map(|v| v.abs()).sum::<f64>() / a.len() as f64;
    println!("conv outputs: mean |a| {mean_abs:.1e}; pool windows within h of a kink: {near_conv} of 160");
    println!("hidden units within h of ReLU's kink: {near_hidden} of 10");
}
