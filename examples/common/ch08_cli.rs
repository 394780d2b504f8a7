//! The command line of the chapter-8 examples that score the book's trained DeepConvNet
//! (`ch08_book_weights`, `ch08_half_float`): the float type, the weights file, the data.
//! Examples include it with `#[path = "common/ch08_cli.rs"] mod ch08_cli;` beside `cli.rs` and
//! `ch08.rs`.

use super::{ch08, cli};
use clap::{Parser, ValueEnum};
use dldw::mnist::ImageSet;
use std::error::Error;
use std::path::PathBuf;

/// Scores the book's trained DeepConvNet on the MNIST test set.
#[derive(Parser)]
pub struct Args {
    /// The float type the arithmetic is done in.
    #[arg(long, value_enum, default_value_t = Precision::F64)]
    pub float: Precision,
    /// The weights file [default: data/book_weights/deep_convnet.safetensors].
    #[arg(long)]
    pub weights: Option<PathBuf>,
    /// Directory holding the four MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

/// The float types an example can compute in.
#[derive(Clone, Copy, ValueEnum)]
pub enum Precision {
    F32,
    F64,
}

impl Args {
    /// The weights file to load.
    pub fn weights(&self) -> PathBuf {
        self.weights.clone().unwrap_or_else(ch08::book_weights)
    }

    /// The MNIST test set.
    pub fn test_set(&self) -> Result<ImageSet, Box<dyn Error>> {
        Ok(dldw::mnist::Mnist::load(dldw::mnist::data_dir(self.data_dir.clone()))?.test)
    }
}

/// Parses the command line (a wrong one: one line, status 2) and runs `f32` or `f64` as
/// `--float` says; a failed run is one line and status 1.
pub fn main(f32: fn(&Args) -> Result<(), Box<dyn Error>>, f64: fn(&Args) -> Result<(), Box<dyn Error>>) {
    let args: Args = cli::parse();
    let result = match args.float {
        Precision::F32 => f32(&args),
        Precision::F64 => f64(&args),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
