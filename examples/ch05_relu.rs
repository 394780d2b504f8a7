//! The ReLU layer (book 5.5.1) on the book's input x = [[1.0, -0.5], [-2.0, 3.0]]: forward, the
//! book's `mask` (where x ≤ 0), and backward, which lets dout through only where x > 0.
//!
//! Run: `cargo run --release --example ch05_relu`, or another input:
//! `cargo run --release --example ch05_relu -- --x 0,2,-3,0.5 --dout 1,1,1,1`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::layers::{Layer, Relu};
use nalgebra::Matrix2;

/// Forward and backward of ReLU on a 2×2 input.
#[derive(Parser)]
struct Args {
    /// The input x, four numbers row by row.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, default_value = "1.0,-0.5,-2.0,3.0")]
    x: Vec<f64>,
    /// The derivative arriving from the right, dout = ∂L/∂y, four numbers row by row.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, default_value = "10,20,30,40")]
    dout: Vec<f64>,
}

/// A 2×2 matrix as the book prints it.
fn rows<T: Copy>(m: &Matrix2<T>) -> [[T; 2]; 2] {
    [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]]
}

fn main() {
    let args: Args = cli::parse();
    for (flag, v) in [("x", &args.x), ("dout", &args.dout)] {
        let ok = v.len() == 4 && v.iter().all(|a| a.is_finite());
        cli::check(ok, flag, format!("{v:?}"), "give four finite numbers, row by row: a,b,c,d");
    }
    let x = Matrix2::from_row_slice(&args.x);
    let dout = Matrix2::from_row_slice(&args.dout);

    let mut relu = Relu::<f64>::new();
    let y = *relu.forward(&x);
    let dx = *relu.backward(&dout);
    println!("x    = {:?}", rows(&x));
    println!("mask = {:?}  (the book's mask = (x <= 0): where the signal stops)", rows(&x.map(|v| v <= 0.0)));
    println!("y    = {:?}  (forward: x where x > 0, else 0)", rows(&y));
    println!("dout = {:?}", rows(&dout));
    println!("dx   = {:?}  (backward: dout where x > 0, else 0)", rows(&dx));
}
