//! The book's gradient check (5.7.3, `ch05/gradient_check.py`): backpropagation against
//! numerical gradients for the two-layer net 784-50-10 on the first 3 MNIST training images,
//! in f64, printed as the book prints it — the mean |backprop − numerical| per parameter.
//!
//! ```sh
//! cargo run --release --example ch05_gradient_check
//! ```
//!
//! The book prints about W1:4e-10, b1:2.5e-9, W2:5e-9, b2:1.4e-7. Most of the difference comes
//! from the δ = 1e-7 inside the cross-entropy's log, which backpropagation ignores.

use dldw::TwoLayerNet;
use dldw::gradient_check::check_params;
use dldw::init::Init;
use dldw::mnist::{Mnist, data_dir};
use rand::SeedableRng;
use std::time::Instant;

fn main() {
    let data = Mnist::load(data_dir(std::env::args_os().nth(1).map(Into::into))).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let mut x = dldw::zeros_boxed::<f64, 3, 784>();
    let t = data.train.gather(&[0, 1, 2], &mut x);
    let mut net =
        TwoLayerNet::<784, 50, 10, f64>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(0));

    let started = Instant::now();
    net.gradient(&x, &t);
    let report = check_params(&mut net, |net| net.loss(&x, &t));
    let elapsed = started.elapsed();

    println!("gradient check of 784-50-10 on the first 3 training images (labels {:?}), f64:", t.classes());
    for e in &report.entries {
        println!("{}:{:.10e}   (largest relative error {:.1e})", e.name, e.mean_abs_diff, e.max_rel_err);
    }
    println!(
        "{} numerical derivatives ({} forward passes) in {:.2} s",
        report.entries.iter().map(|e| e.len).sum::<usize>(),
        2 * report.entries.iter().map(|e| e.len).sum::<usize>(),
        elapsed.as_secs_f64()
    );
}
