//! The book's trained DeepConvNet (8.1, `ch08/deep_convnet_params.pkl`, 2016) loaded into the
//! crate's `DeepConvNet` through the public API, and scored on the 10 000 test images as the
//! book's code scores it: test accuracy 0.9935, 65 wrong. Prints the model's summary (shapes and
//! 123 552 parameters), the accuracy, the number wrong and the first misclassified images.
//!
//! ```sh
//! cargo run --release --example ch08_book_weights
//! cargo run --release --example ch08_book_weights -- --float f32
//! cargo run --release --example ch08_book_weights -- --weights path/to/deep_convnet.safetensors
//! ```
//!
//! The weights are float64 as the book's; `--float f32` rounds them to f32 and gives the same
//! class for every image (`data/book_weights/README.md`: the smallest margin between the two
//! best scores is 250 times f32's error). `--weights` also takes a model `ch08_train_deepnet`
//! saved (f32), scored in the float `--float` names. Without `--data-dir`, MNIST is looked for in
//! `$DLDW_MNIST_DIR`, then in `data/mnist`.

#[path = "common/ch08.rs"]
mod ch08;
#[path = "common/ch08_cli.rs"]
mod ch08_cli;
#[path = "common/cli.rs"]
mod cli;

use dldw::{DeepConvNet, Float};
use std::error::Error;
use std::time::Instant;

fn main() {
    ch08_cli::main(run::<f32>, run::<f64>);
}

fn run<T: Float>(args: &ch08_cli::Args) -> Result<(), Box<dyn Error>> {
    print!("{}", DeepConvNet::<T>::summary());
    let mut net = ch08::book_net::<T>(&args.weights())?;
    let test = args.test_set()?;
    println!("calculating test accuracy ... ");
    let start = Instant::now();
    let predictions = ch08::predictions(&mut net, &test, |x| x);
    let wrong = ch08::wrong(&test, &predictions);
    println!("test accuracy:{}", ch08::accuracy(&test, &predictions));
    println!(
        "{} wrong of {} ({:.1} s, {})",
        wrong.len(),
        test.len(),
        start.elapsed().as_secs_f64(),
        T::DTYPE
    );
    let first: Vec<String> = wrong.iter().take(10).map(|(i, l, p)| format!("{i}: {l}→{p}")).collect();
    println!("first misclassified (index: label→prediction): {}", first.join(", "));
    Ok(())
}
