//! The Softmax-with-Loss layer (book 5.6.3): softmax of the scores, the cross-entropy error
//! against the answer, and backward y − t — on the book's y = (0.3, 0.2, 0.5) with the answer
//! t = (0, 1, 0).
//!
//! Run: `cargo run --release --example ch05_softmax_with_loss`, or an almost right output:
//! `cargo run --release --example ch05_softmax_with_loss -- --y 0.01,0.99,0`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::layers::{LossLayer, SoftmaxWithLoss};
use dldw::loss::Labels;
use nalgebra::RowVector3;

/// Forward and backward of Softmax-with-Loss for one sample of three classes.
#[derive(Parser)]
struct Args {
    /// The probabilities y that softmax should output, three numbers ≥ 0 (normalised to sum 1).
    #[arg(long, value_delimiter = ',', default_value = "0.3,0.2,0.5")]
    y: Vec<f64>,
    /// The correct class, 0 to 2 (the book's t = (0, 1, 0) is class 1).
    #[arg(long, default_value_t = 1)]
    target: usize,
}

fn main() {
    let args: Args = cli::parse();
    let ok = args.y.len() == 3
        && args.y.iter().all(|v| v.is_finite() && *v >= 0.0)
        && args.y.iter().sum::<f64>() > 0.0;
    cli::check(ok, "y", format!("{:?}", args.y), "give three finite numbers ≥ 0, not all 0: a,b,c");
    cli::check(args.target < 3, "target", args.target, "there are 3 classes, 0 to 2");
    let y = RowVector3::from_row_slice(&args.y);
    let y = y / y.sum();
    let t = Labels::<1, 3>::new([args.target]).expect("checked above");

    // Scores whose softmax is y: softmax(ln y) = y / Σ y. (A 0 becomes −∞, whose softmax is 0.)
    let a = y.map(f64::ln);
    let mut last = SoftmaxWithLoss::<f64>::new();
    let loss = last.forward(&a, &t);
    let dx = *last.backward::<1, 3>();
    let one_hot = RowVector3::from_fn(|_, k| if k == args.target { 1.0 } else { 0.0 });
    println!("a (scores)      = {:?}", a.as_slice());
    println!("y = softmax(a)  = {:?}", last.y::<1, 3>().as_slice());
    println!("t               = {:?}", one_hot.as_slice());
    println!("L = -log(y_t + 1e-7) = {loss}");
    println!("da (backward)   = {:?}", dx.as_slice());
    println!("y - t           = {:?}  (the same: the error itself goes back)", (y - one_hot).as_slice());
}
