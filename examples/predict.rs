//! Loads a model saved by `train_mnist`, reports its accuracy on the 10000 test images, and
//! classifies a PNG image of a digit (any size and colour type, scaled to 28×28 greyscale; a dark digit on a
//! light background is inverted to MNIST's white-on-black).
//!
//! Input limits: an image file over 16 MiB ([`MAX_FILE_BYTES`]), or whose header claims more
//! than 4096 pixels on a side ([`MAX_SIDE`]), is refused before it is decoded (a 389 KB file can
//! claim 20000 × 20000 pixels: 1.6 GB once decoded). Every image is read before the model and
//! the data, so a bad one is refused before any other work.
//!
//! ```sh
//! cargo run --release --example train_mnist
//! cargo run --release --example predict -- --model out/two_layer_net.safetensors digit.png
//! ```
//!
//! The MNIST files are looked for as `dldw::mnist::search_order` says; with
//! `--features download` they are fetched into the cache if no directory has them.

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
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest image file read, in bytes (16 MiB: a photograph of a digit is a few MB).
const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most pixels on each side of an image read (a 12-megapixel photograph, 4032 × 3024, fits).
const MAX_SIDE: u32 = 4096;

/// Classify MNIST digits with a saved two-layer network.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The model file written by `train_mnist`.
    #[arg(long, default_value = "out/two_layer_net.safetensors")]
    model: PathBuf,
    /// Directory holding the MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist, else the cache].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// PNG images of digits to classify (at most 16 MiB and 4096 × 4096 pixels each).
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
    // The images first: a file that is too large is refused before any other work.
    let digits = args.images.iter().map(|path| load_digit(path)).collect::<Result<Vec<_>, _>>()?;
    // The weights are replaced by the file's; the seed only fills them until then.
    let mut net =
        TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(0));
    dldw::io::load_into(&mut net, &args.model)?;
    let data = dldw::mnist::Mnist::load(cli::mnist_dir(args.data_dir.clone()))?;
    let acc = evaluate(&mut net, &data.test, EvalBatch::<1000>);
    println!("{}: test accuracy {acc:.4} on {} images", args.model.display(), data.test.len());
    for (path, x) in args.images.iter().zip(&digits) {
        let p = softmax(net.predict(x));
        let best = dldw::accuracy::argmax(&p, 0);
        println!("{}: {best} (probability {:.3})", path.display(), p[best]);
    }
    Ok(())
}

/// A PNG as one MNIST row: greyscale, 28×28, white digit on black, scaled to [0, 1].
fn load_digit(path: &Path) -> Result<SMatrix<f32, 1, 784>, Box<dyn Error>> {
    let grey = read_grey(path).map_err(|e| format!("cannot read {} as a PNG image: {e}", path.display()))?;
    let small = shrink_to_28(&grey);
    let mean = small.iter().sum::<f32>() / 784.0;
    let invert = mean > 127.0; // mostly light: a dark digit on paper
    Ok(SMatrix::from_fn(|_, k| {
        let v = small[k] / 255.0;
        if invert { 1.0 - v } else { v }
    }))
}

/// A picture as grey levels 0–255, row by row.
struct Grey {
    levels: Vec<f32>,
    width: usize,
    height: usize,
}

/// The PNG at `path` in grey: the `png` crate decodes every colour type and depth to 8-bit
/// channels, which are weighted as Rec. 709's luma. A file over [`MAX_FILE_BYTES`] or an image
/// over [`MAX_SIDE`] on a side is refused from its size and its header, before decoding.
fn read_grey(path: &Path) -> Result<Grey, Box<dyn Error>> {
    let file = std::fs::File::open(path)?;
    let bytes = file.metadata()?.len();
    if bytes > MAX_FILE_BYTES {
        let mib = bytes as f64 / f64::from(1 << 20);
        return Err(format!(
            "the file is {mib:.1} MiB, more than the 16 MiB predict reads; scale the image down"
        )
        .into());
    }
    // The decoder reads no further than the size checked, and allocates no more than the
    // largest image accepted (4 channels of 8 bits), whatever the header claims.
    let limits = png::Limits { bytes: (MAX_SIDE as usize).pow(2) * 4 };
    let mut decoder =
        png::Decoder::new_with_limits(std::io::BufReader::new(file.take(MAX_FILE_BYTES)), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "its header says {width} × {height} pixels, more than the {MAX_SIDE} × {MAX_SIDE} predict \
             reads; scale the image down (the network sees 28 × 28)"
        )
        .into());
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf)?;
    let channels = info.color_type.samples();
    let levels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|px| match px {
            [v] | [v, _] => f32::from(*v),
            [r, g, b, ..] => 0.2126 * f32::from(*r) + 0.7152 * f32::from(*g) + 0.0722 * f32::from(*b),
            [] => unreachable!("chunks_exact gives `channels` ≥ 1 samples"),
        })
        .collect();
    Ok(Grey { levels, width: info.width as usize, height: info.height as usize })
}

/// `grey` scaled to 28 × 28: each output pixel is the mean of the input pixels whose
/// centres fall in its cell (a box filter, which does not alias when shrinking), or the nearest
/// input pixel when the image is smaller than 28 in that direction.
fn shrink_to_28(grey: &Grey) -> Vec<f32> {
    let (w, h) = (grey.width, grey.height);
    let cell = |i: usize, n: usize| (i * n / 28, ((i + 1) * n / 28).max(i * n / 28 + 1));
    let mut out = vec![0.0; 784];
    for (k, v) in out.iter_mut().enumerate() {
        let ((x0, x1), (y0, y1)) = (cell(k % 28, w), cell(k / 28, h));
        let sum: f32 = (y0..y1).flat_map(|y| (x0..x1).map(move |x| grey.levels[y * w + x])).sum();
        *v = sum / ((x1 - x0) * (y1 - y0)) as f32;
    }
    out
}
