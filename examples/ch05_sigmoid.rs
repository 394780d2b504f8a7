//! The Sigmoid layer (book 5.5.2): forward y = 1 / (1 + exp(−x)), backward
//! dx = dout · y(1 − y), checked against the numerical derivative of chapter 4.
//!
//! Run: `cargo run --release --example ch05_sigmoid`, or another input:
//! `cargo run --release --example ch05_sigmoid -- --x -10,0.5,10`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::activation::sigmoid;
use dldw::differentiation::numerical_diff;
use dldw::layers::{Layer, Sigmoid};
use nalgebra::RowVector3;

/// Forward and backward of Sigmoid on three inputs.
#[derive(Parser)]
struct Args {
    /// The input x, three numbers.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, default_value = "-1,0,2")]
    x: Vec<f64>,
}

fn main() {
    let args: Args = cli::parse();
    let ok = args.x.len() == 3 && args.x.iter().all(|a| a.is_finite());
    cli::check(ok, "x", format!("{:?}", args.x), "give three finite numbers: a,b,c");
    let x = RowVector3::from_row_slice(&args.x);

    let mut layer = Sigmoid::<f64>::new();
    let y = *layer.forward(&x);
    let dx = *layer.backward(&RowVector3::repeat(1.0)); // dout = 1: dx is the local derivative
    println!("x               = {:?}", x.as_slice());
    println!("y = sigmoid(x)  = {:?}", y.as_slice());
    println!("y(1 - y)        = {:?}", y.map(|y| y * (1.0 - y)).as_slice());
    println!("dx (dout = 1)   = {:?}", dx.as_slice());
    let numerical: Vec<f64> = x.iter().map(|&x| numerical_diff(sigmoid::<f64>, x)).collect();
    println!("numerical dy/dx = {numerical:?}");
}
