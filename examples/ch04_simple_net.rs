//! The book's `simpleNet` (4.4.2): scores x·W, the predicted class, the cross-entropy loss and
//! ∂L/∂W by numerical gradient — first with the book's printed weights, then with weights drawn
//! from a seeded N(0, 1).
//!
//! Run: `cargo run --release --example ch04_simple_net`; other random weights with
//! `-- --seed 7`, another answer with `-- --target 0`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::loss::OneHot;
use dldw::simple_net::SimpleNet;
use nalgebra::{Matrix2x3, RowVector2, RowVector3};
use rand::SeedableRng;

/// The book's simpleNet: prediction, loss and numerical dW.
#[derive(Parser)]
struct Args {
    /// Seed of the random weights of the second network (the book's np.random.randn(2, 3)).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The correct class, 0 to 2 (the book's t = [0, 0, 1] is class 2).
    #[arg(long, default_value_t = 2)]
    target: usize,
}

fn show(net: &SimpleNet<f64>, x: &RowVector2<f64>, t: &OneHot<f64, 1, 3>) {
    let p = net.predict(x);
    let dw = net.numerical_gradient(x, t);
    println!("  W          = {:.8?}", rows(&net.W));
    println!("  predict(x) = {:.8?}  argmax = {}", p.as_slice(), p.transpose().argmax().0);
    println!("  loss(x, t) = {:.17}", net.loss(x, t));
    println!("  dW         = {:.8?}", rows(&dw));
}

/// A 2×3 matrix as the book prints it, row by row.
fn rows(m: &Matrix2x3<f64>) -> [[f64; 3]; 2] {
    [[m[(0, 0)], m[(0, 1)], m[(0, 2)]], [m[(1, 0)], m[(1, 1)], m[(1, 2)]]]
}

fn main() {
    let args: Args = cli::parse();
    cli::check(args.target < 3, "target", args.target, "simpleNet has 3 classes, 0 to 2");
    let x = RowVector2::new(0.6, 0.9);
    let t = OneHot::new(RowVector3::from_fn(|_, k| if k == args.target { 1.0 } else { 0.0 }))
        .expect("one 1 among zeros is one-hot");

    println!("The book's W, x = [0.6, 0.9], t = {:?}:", t.matrix().as_slice());
    let book = SimpleNet::new(Matrix2x3::new(
        0.47355232, 0.9977393, 0.84668094, //
        0.85557411, 0.03563661, 0.69422093,
    ));
    show(&book, &x, &t);
    println!("  book (t = [0, 0, 1]): predict [1.05414809 0.63071653 1.1328074], loss 0.92806853663411326,");
    println!("        dW [[0.21924763 0.14356247 -0.36281009] [0.32887144 0.2153437 -0.54421514]]");
    println!("  The book's loss and dW were computed without the δ = 1e-7 in −log(y + δ): its loss is");
    println!("  δ/y₂ ≈ 2.5e-7 higher and its dW larger by the factor (y₂ + δ)/y₂ (see tests/chapter4.rs).");

    let mut rng = rand::rngs::StdRng::seed_from_u64(args.seed);
    println!("\nW drawn from N(0, 1) with seed {} (the book's np.random.randn(2, 3)):", args.seed);
    show(&SimpleNet::random(&mut rng), &x, &t);
}
