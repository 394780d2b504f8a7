//! The Affine layer for a batch (book 5.6.2): Y = X·W + B on the book's batch of two, where
//! X·W = [[0, 0, 0], [10, 10, 10]] and B = [1, 2, 3], then backward with the book's
//! dY = [[1, 2, 3], [4, 5, 6]]: dX = dY·Wᵀ, dW = Xᵀ·dY and dB = Σ over the batch of dY = [5, 7, 9].
//!
//! Run: `cargo run --release --example ch05_affine`, or another dY:
//! `cargo run --release --example ch05_affine -- --dy 1,0,0,0,0,1`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::layers::{Affine, Layer};
use nalgebra::{Matrix2, Matrix2x3, RowVector3};

/// Forward and backward of Affine<2, 3> on a batch of two.
#[derive(Parser)]
struct Args {
    /// The derivative arriving from the right, dY (2×3), six numbers row by row.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, default_value = "1,2,3,4,5,6")]
    dy: Vec<f64>,
}

/// A matrix as the book prints it, row by row.
fn rows<const R: usize, const C: usize>(m: &nalgebra::SMatrix<f64, R, C>) -> Vec<Vec<f64>> {
    m.row_iter().map(|r| r.iter().copied().collect()).collect()
}

fn main() {
    let args: Args = cli::parse();
    let ok = args.dy.len() == 6 && args.dy.iter().all(|a| a.is_finite());
    cli::check(ok, "dy", format!("{:?}", args.dy), "give six finite numbers, row by row");
    let dy = Matrix2x3::from_row_slice(&args.dy);

    // An X and a W whose product is the book's X_dot_W.
    let w = Matrix2x3::new(2.0, 4.0, 6.0, 4.0, 3.0, 2.0);
    let x = Matrix2::new(0.0, 0.0, 1.0, 2.0);
    let mut affine = Affine::<2, 3, f64>::from_weights(Box::new(w), RowVector3::new(1.0, 2.0, 3.0));
    let y = *affine.forward(&x);
    let dx = *affine.backward(&dy);
    println!("X     = {:?}   shape (N, 2) = (2, 2)", rows(&x));
    println!("W     = {:?}   shape (2, 3)", rows(&w));
    println!("X·W   = {:?}   (the book's X_dot_W)", rows(&(x * w)));
    println!("B     = {:?}   shape (3,), added to every row", affine.b.as_slice());
    println!("Y     = {:?}   shape (N, 3)", rows(&y));
    println!("dY    = {:?}", rows(&dy));
    println!("dX    = {:?}   = dY·Wᵀ, (N, 3)·(3, 2) = (N, 2), the shape of X", rows(&dx));
    println!("dW    = {:?}   = Xᵀ·dY, (2, N)·(N, 3) = (2, 3), the shape of W", rows(&affine.dW));
    println!("dB    = {:?}   = the column sums of dY (the book: [5 7 9])", affine.db.as_slice());
}
