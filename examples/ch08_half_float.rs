//! The book's `ch08/half_float_network.py` (8.3.4): the trained DeepConvNet's weights and the
//! test images rounded to 16-bit half precision (IEEE 754 binary16) classify the test set as
//! well as in 64 bits. Prints the accuracy in float64, then with every parameter and pixel
//! rounded to float16 (`dldw::half_float`; the arithmetic stays in `--float`, as NumPy's stays
//! in float64), and how many images change class.
//!
//! ```sh
//! cargo run --release --features half --example ch08_half_float
//! cargo run --release --features half --example ch08_half_float -- --float f32
//! ```
//!
//! Without `--data-dir`, MNIST is looked for in `$DLDW_MNIST_DIR`, then in `data/mnist`.

#[path = "common/ch08.rs"]
mod ch08;
#[path = "common/ch08_cli.rs"]
mod ch08_cli;
#[path = "common/cli.rs"]
mod cli;

use dldw::Float;
use dldw::half_float::{round, round_params};
use std::error::Error;

fn main() {
    ch08_cli::main(run::<f32>, run::<f64>);
}

fn run<T: Float>(args: &ch08_cli::Args) -> Result<(), Box<dyn Error>> {
    let mut net = ch08::book_net::<T>(&args.weights())?;
    let test = args.test_set()?;

    println!("calculate accuracy ({}) ... ", T::DTYPE);
    let full = ch08::predictions(&mut net, &test, |x| x);
    println!("{}", ch08::accuracy(&test, &full));

    // The book's float16 cast of the data and of every parameter.
    round_params(&mut net);
    println!("calculate accuracy (float16: weights and data rounded, arithmetic in {}) ... ", T::DTYPE);
    let half = ch08::predictions(&mut net, &test, round);
    println!("{}", ch08::accuracy(&test, &half));

    let changed: Vec<usize> = (0..test.len()).filter(|&i| full[i] != half[i]).collect();
    println!("images whose class changed: {} {changed:?}", changed.len());
    Ok(())
}
