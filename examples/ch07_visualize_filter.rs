//! The first layer's filters, seen (book 7.6.1, `ch07/visualize_filter.py` and
//! `ch07/apply_filter.py`): figure 7-24, the 30 filters of 5 × 5 of SimpleConvNet's
//! convolution before learning (random, σ = 0.01) and after (the book's trained weights,
//! `data/book_weights/simple_convnet.safetensors`), 8 per row in grey, the largest weight black
//! and the smallest white (matplotlib's `gray_r`), each pixel a square (`interpolation='nearest'`);
//! and the first 16 learned filters applied to one MNIST test image (bias 0), 4 × 4, beside it.
//!
//! ```sh
//! cargo run --release --example ch07_visualize_filter                 # writes to out/
//! cargo run --release --example ch07_visualize_filter -- --out docs/img --image 0
//! ```
//!
//! It writes `ch07_filters_before.png`, `ch07_filters_after.png` and `ch07_apply_filter.png`,
//! the same bytes on every run. The book's `apply_filter.py` reads a photograph of a cactus;
//! this one reads a digit, the images the filters were trained on.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::SimpleConvNet;
use dldw::init::Init;
use dldw::layers::Layer;
use nalgebra::SMatrix;
use rand::SeedableRng;
use std::error::Error;
use std::path::{Path, PathBuf};

/// One filter of 1 × 5 × 5 over a 28 × 28 image: what `apply_filter.py` builds for each filter.
type OneFilter = dldw::Convolution![in: 1, 28, 28; filters: 1, 5, 5; pad: 0; stride: 1; f64];

/// Screen pixels per weight of a filter, per pixel of an image, and the white gap between tiles.
const FILTER_SCALE: usize = 12;
const IMAGE_SCALE: usize = 3;
const GAP: usize = 6;

/// Draw the first convolution's filters before and after learning, and apply them to a digit.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The trained weights: the book's SimpleConvNet (W1 (30, 1, 5, 5), b1, W2, b2, W3, b3 in float64).
    #[arg(long, default_value = "data/book_weights/simple_convnet.safetensors")]
    weights: PathBuf,
    /// Seed of the random filters drawn before learning.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Index of the MNIST test image the filters are applied to.
    #[arg(long, default_value_t = 0)]
    image: usize,
    /// Directory the pictures are written to (`docs/img` updates the tutorial's copies).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Directory holding the MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    cli::check(args.image < 10_000, "image", args.image, "the test set has 10000 images (0 to 9999)");
    if let Err(e) = run(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let mut net = SimpleConvNet::<f64>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(args.seed));
    let before = filters(&net);
    dldw::io::load_into(&mut net, &args.weights)?;
    let after = filters(&net);

    let test = dldw::mnist::Mnist::load(dldw::mnist::data_dir(args.data_dir.clone()))?.test;
    let mut x32 = SMatrix::<f32, 1, 784>::zeros();
    let label = test.gather_pixels(&[args.image], &mut x32).classes()[0];
    let x = x32.map(f64::from);

    // apply_filter.py: each of the first 16 filters alone, as a convolution with bias 0.
    let mut outputs = Vec::new();
    for w in &after[..16] {
        let mut conv = OneFilter::from_weights(w.clone(), vec![0.0])?;
        outputs.push(conv.forward(&x).as_slice().to_vec());
    }

    std::fs::create_dir_all(&args.out)?;
    let written = [
        ("ch07_filters_before.png", grid(&before, 5, 8, FILTER_SCALE)),
        ("ch07_filters_after.png", grid(&after, 5, 8, FILTER_SCALE)),
        (
            "ch07_apply_filter.png",
            beside(&tile(x.as_slice(), 28, IMAGE_SCALE), &grid(&outputs, 24, 4, IMAGE_SCALE)),
        ),
    ];
    for (name, picture) in written {
        let path = args.out.join(name);
        picture.save(&path)?;
        println!("wrote {}", path.display());
    }
    let range = |fs: &[Vec<f64>]| {
        fs.iter().flatten().fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    };
    let (lo, hi) = range(&before);
    println!("filters before learning: weights from {lo:.4} to {hi:.4}");
    let (lo, hi) = range(&after);
    println!("filters after learning:  weights from {lo:.4} to {hi:.4}");
    println!("test image {} (a {label}) through the first 16 learned filters", args.image);
    Ok(())
}

/// The 30 filters of `W1`, each as the book's `W1[f, 0]`, 5 × 5 row-major.
fn filters(net: &SimpleConvNet<f64>) -> Vec<Vec<f64>> {
    (0..30).map(|f| (0..25).map(|k| net.conv1.filter(f, 0, k / 5, k % 5)).collect()).collect()
}

/// A grey picture, one byte per pixel, 0 black.
struct Picture {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Picture {
    fn white(width: usize, height: usize) -> Self {
        Picture { width, height, pixels: vec![255; width * height] }
    }

    fn paste(&mut self, other: &Picture, left: usize, top: usize) {
        for y in 0..other.height {
            let row = &other.pixels[y * other.width..(y + 1) * other.width];
            let at = (top + y) * self.width + left;
            self.pixels[at..at + other.width].copy_from_slice(row);
        }
    }

    fn save(&self, path: &Path) -> Result<(), Box<dyn Error>> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut encoder = png::Encoder::new(file, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.write_header()?.write_image_data(&self.pixels)?;
        Ok(())
    }
}

/// One `side × side` image (row-major) as matplotlib's `imshow(…, cmap=gray_r,
/// interpolation='nearest')` shows it: scaled to its own range, the largest value black, the
/// smallest white, each value a square of `scale` pixels, in a thin grey frame.
fn tile(values: &[f64], side: usize, scale: usize) -> Picture {
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut picture = Picture::white(side * scale + 2, side * scale + 2);
    picture.pixels.fill(128);
    for y in 0..side * scale {
        for x in 0..side * scale {
            let v = values[y / scale * side + x / scale];
            picture.pixels[(y + 1) * picture.width + x + 1] = (255.0 * (hi - v) / span).round() as u8;
        }
    }
    picture
}

/// Square images of `side × side`, `cols` to a row, with white gaps.
fn grid(images: &[Vec<f64>], side: usize, cols: usize, scale: usize) -> Picture {
    let rows = images.len().div_ceil(cols);
    let cell = side * scale + 2 + GAP;
    let mut picture = Picture::white(cols * cell + GAP, rows * cell + GAP);
    for (i, image) in images.iter().enumerate() {
        picture.paste(&tile(image, side, scale), GAP + i % cols * cell, GAP + i / cols * cell);
    }
    picture
}

/// `left`, centred vertically, then `right`.
fn beside(left: &Picture, right: &Picture) -> Picture {
    let height = left.height.max(right.height) + 2 * GAP;
    let mut picture = Picture::white(left.width + right.width + 4 * GAP, height);
    picture.paste(left, 2 * GAP, (height - left.height) / 2);
    picture.paste(right, left.width + 3 * GAP, (height - right.height) / 2);
    picture
}
