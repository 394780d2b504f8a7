//! Loads MNIST and shows its first training image, as the book's `ch03/mnist_show.py` (3.6.1):
//! the arrays' shapes, the first label (5) and the image itself, drawn in characters.
//!
//! ```sh
//! cargo run --release --example mnist_show
//! cargo run --release --example mnist_show -- --index 7
//! cargo run --release --example mnist_show -- --data-dir path/to/mnist
//! ```
//!
//! Without `--data-dir`, the files are looked for in `$DLDW_MNIST_DIR`, then in `data/mnist`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::mnist::{COLS, Mnist, PIXELS, ROWS, data_dir};
use std::path::PathBuf;
use std::process::ExitCode;

/// Shows one MNIST training image in characters.
#[derive(Parser)]
struct Args {
    /// Which training image to show, 0 to 59999.
    #[arg(long, default_value_t = 0)]
    index: usize,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

/// Darker to lighter ink: a pixel's byte / 26 picks the character.
const INK: [char; 10] = [' ', '.', ':', '-', '=', '+', '*', '#', '%', '@'];

fn main() -> ExitCode {
    let args: Args = cli::parse();
    cli::check(args.index < 60_000, "index", args.index, "the training set has 60000 images (0 to 59999)");
    let dir = data_dir(args.data_dir);
    if let Err(e) = dldw::mnist::locate(&dir) {
        cli::fail(&e.to_string());
    }
    let mnist = match Mnist::load(&dir) {
        Ok(mnist) => mnist,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    let (train, test) = (&mnist.train, &mnist.test);
    println!("x_train.shape = ({}, {PIXELS})  t_train.shape = ({},)", train.len(), train.len());
    println!("x_test.shape  = ({}, {PIXELS})  t_test.shape  = ({},)", test.len(), test.len());
    println!("t_train[{0}] = {1}", args.index, train.label(args.index));
    println!("img.shape = ({PIXELS},) -> reshaped to ({ROWS}, {COLS}):");
    for row in train.image(args.index).chunks_exact(COLS) {
        // Two characters per pixel keep the digit's proportions in a terminal.
        let line: String = row.iter().flat_map(|&b| [INK[usize::from(b / 26)]; 2]).collect();
        println!("|{line}|");
    }
    ExitCode::SUCCESS
}
