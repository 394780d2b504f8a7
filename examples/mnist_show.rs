//! Loads MNIST and shows its first training image, as the book's `ch03/mnist_show.py` (3.6.1):
//! the arrays' shapes, the first label (5) and the image itself, drawn in characters.
//!
//! ```sh
//! cargo run --release --example mnist_show
//! cargo run --release --example mnist_show -- --data-dir path/to/mnist
//! ```
//!
//! Without `--data-dir`, the files are looked for in `$DLDW_MNIST_DIR`, then in `data/mnist`.

use dldw::mnist::{COLS, Mnist, PIXELS, ROWS, data_dir};
use std::path::PathBuf;
use std::process::ExitCode;

/// Darker to lighter ink: a pixel's byte / 26 picks the character.
const INK: [char; 10] = [' ', '.', ':', '-', '=', '+', '*', '#', '%', '@'];

fn main() -> ExitCode {
    let dir = match parse_data_dir(std::env::args().skip(1)) {
        Ok(dir) => data_dir(dir),
        Err(usage) => {
            eprintln!("{usage}\nusage: mnist_show [--data-dir DIR]");
            return ExitCode::from(2);
        }
    };
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
    println!("t_train[0] = {}", train.label(0));
    println!("img.shape = ({PIXELS},) -> reshaped to ({ROWS}, {COLS}):");
    for row in train.image(0).chunks_exact(COLS) {
        // Two characters per pixel keep the digit's proportions in a terminal.
        let line: String = row.iter().flat_map(|&b| [INK[usize::from(b / 26)]; 2]).collect();
        println!("|{line}|");
    }
    ExitCode::SUCCESS
}

/// `--data-dir DIR` or `--data-dir=DIR` if given; any other argument is refused.
fn parse_data_dir(mut args: impl Iterator<Item = String>) -> Result<Option<PathBuf>, String> {
    let mut dir = None;
    while let Some(arg) = args.next() {
        dir = Some(match arg.strip_prefix("--data-dir") {
            Some("") => args.next().ok_or("--data-dir needs a directory")?.into(),
            Some(value) if value.starts_with('=') => value[1..].into(),
            _ => return Err(format!("unknown argument {arg:?}")),
        });
    }
    Ok(dir)
}
