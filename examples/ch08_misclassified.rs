//! The book's `ch08/misclassified_mnist.py` (8.1.1, figure 8-3): the book's trained
//! DeepConvNet scores the test set, then the first 20 test images it classifies wrongly are
//! drawn in a 4 × 5 grid, each with (label, inference), and listed as the book prints them:
//!
//! ```text
//! ======= misclassified result =======
//! {view index: (label, inference), ...}
//! {1: (6, 0), 2: (3, 5), 3: (3, 5), 4: (8, 3), 5: (7, 3), …}
//! ```
//!
//! ```sh
//! cargo run --release --example ch08_misclassified                  # writes out/ch08_misclassified.png
//! cargo run --release --example ch08_misclassified -- --out docs/img # the committed figure
//! ```
//!
//! Without `--data-dir`, MNIST is looked for in `$DLDW_MNIST_DIR`, then in `data/mnist`.

#[path = "common/ch08.rs"]
mod ch08;
#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw_charts::images::{Grey, grid};
use std::error::Error;
use std::path::PathBuf;

/// Draws the first test images the book's trained DeepConvNet gets wrong.
#[derive(Parser)]
struct Args {
    /// How many misclassified images to show (the book: 20), 1 to 65.
    #[arg(long, default_value_t = 20)]
    max_view: usize,
    /// The directory the figure is written to (ch08_misclassified.png).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The weights file [default: data/book_weights/deep_convnet.safetensors].
    #[arg(long)]
    weights: Option<PathBuf>,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    cli::check(
        (1..=65).contains(&args.max_view),
        "max-view",
        args.max_view,
        "the book's network gets 65 images wrong: give 1 to 65",
    );
    if let Err(e) = run(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let weights = args.weights.clone().unwrap_or_else(ch08::book_weights);
    let mut net = ch08::book_net::<f64>(&weights)?;
    let test = dldw::mnist::Mnist::load(dldw::mnist::data_dir(args.data_dir.clone()))?.test;
    println!("calculating test accuracy ... ");
    let predictions = ch08::predictions(&mut net, &test, |x| x);
    let wrong = ch08::wrong(&test, &predictions);
    println!("test accuracy:{}", ch08::accuracy(&test, &predictions));

    let shown = &wrong[..args.max_view.min(wrong.len())];
    let pixels: Vec<Vec<f64>> = shown
        .iter()
        .map(|&(i, _, _)| test.image(i).iter().map(|&b| f64::from(b) / 255.0).collect())
        .collect();
    let images: Vec<Grey<'_>> = shown
        .iter()
        .zip(&pixels)
        .map(|(&(i, label, inference), values)| Grey {
            values,
            width: 28,
            caption: format!("#{i}: ({label}, {inference})"),
        })
        .collect();
    std::fs::create_dir_all(&args.out)?;
    let path = args.out.join("ch08_misclassified.png");
    grid(&path, 5, 4, &images)?;

    let pairs: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(k, (_, label, inference))| format!("{}: ({label}, {inference})", k + 1))
        .collect();
    println!("======= misclassified result =======");
    println!("{{view index: (label, inference), ...}}");
    println!("{{{}}}", pairs.join(", "));
    println!("wrote {}", path.display());
    Ok(())
}
