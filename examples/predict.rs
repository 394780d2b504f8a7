//! Loads a model saved by `train_mnist`, reports its accuracy on the 10000 test images, and
//! classifies a PNG image of a digit (any size, scaled to 28×28 greyscale; a dark digit on a
//! light background is inverted to MNIST's white-on-black).
//!
//! ```sh
//! cargo run --release --example train_mnist
//! cargo run --release --example predict -- --model out/two_layer_net.safetensors digit.png
//! ```

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::TwoLayerNet;
use dldw::activation::softmax;
use dldw::init::Init;
use dldw::train::{EvalBatch, evaluate};
use nalgebra::SMatrix;
use rand::SeedableRng;
use std::error::Error;
use std::path::{Path, PathBuf};

/// Classify MNIST digits with a saved two-layer network.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The model file written by `train_mnist`.
    #[arg(long, default_value = "out/two_layer_net.safetensors")]
    model: PathBuf,
    /// Directory holding the MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// PNG images of digits to classify.
    images: Vec<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    if let Err(e) = run(&args) {
        // One line, status 1: the command line parsed, the run failed (a missing or broken
        // model file, missing data, an unreadable image).
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    // The weights are replaced by the file's; the seed only fills them until then.
    let mut net =
        TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(0));
    dldw::io::load_into(&mut net, &args.model)?;
    let data = dldw::mnist::Mnist::load(dldw::mnist::data_dir(args.data_dir.clone()))?;
    let acc = evaluate(&mut net, &data.test, EvalBatch::<1000>);
    println!("{}: test accuracy {acc:.4} on {} images", args.model.display(), data.test.len());
    for path in &args.images {
        let x = load_digit(path)?;
        let p = softmax(net.predict(&x));
        let best = dldw::accuracy::argmax(&p, 0);
        println!("{}: {best} (probability {:.3})", path.display(), p[best]);
    }
    Ok(())
}

/// A PNG as one MNIST row: greyscale, 28×28, white digit on black, scaled to [0, 1].
fn load_digit(path: &Path) -> Result<SMatrix<f32, 1, 784>, Box<dyn Error>> {
    let img = image::open(path).map_err(|e| format!("cannot read {} as an image: {e}", path.display()))?;
    let grey = image::imageops::resize(&img.to_luma8(), 28, 28, image::imageops::FilterType::Triangle);
    let mean = grey.pixels().map(|p| f32::from(p.0[0])).sum::<f32>() / 784.0;
    let invert = mean > 127.0; // mostly light: a dark digit on paper
    Ok(SMatrix::from_fn(|_, k| {
        let v = f32::from(grey.get_pixel((k % 28) as u32, (k / 28) as u32).0[0]) / 255.0;
        if invert { 1.0 - v } else { v }
    }))
}
