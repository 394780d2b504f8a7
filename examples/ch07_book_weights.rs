//! The book's trained SimpleConvNet (chapter 7's `params.pkl`, as `data/book_weights/`
//! holds it) loaded into dldw's [`SimpleConvNet`] and scored on the 10 000 MNIST test images:
//! the book's own code gets 0.9890, 110 wrong, and so must this. It pins dldw's convolution,
//! pooling and flattening to the book's.
//!
//! ```sh
//! cargo run --release --example ch07_book_weights
//! ```

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::SimpleConvNet;
use dldw::init::Init;
use rand::SeedableRng;
use std::error::Error;
use std::path::PathBuf;

/// Score the book's trained SimpleConvNet on the MNIST test images.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The weights: a safetensors file with the book's W1 (30, 1, 5, 5), b1, W2 (4320, 100), b2, W3 (100, 10), b3 in float64.
    #[arg(long, default_value = "data/book_weights/simple_convnet.safetensors")]
    weights: PathBuf,
    /// Directory holding the MNIST .gz files [default: $DLDW_MNIST_DIR, else data/mnist].
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() {
    let args: Args = cli::parse();
    if let Err(e) = run(&args) {
        // One line, status 1: the command line parsed, the run failed.
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    // The weights are replaced by the file's; the seed only fills them until then.
    let mut net = SimpleConvNet::<f64>::new(Init::book(), &mut rand::rngs::StdRng::seed_from_u64(0));
    dldw::io::load_into(&mut net, &args.weights)?;
    print!("{}", SimpleConvNet::<f64>::summary());
    let test = dldw::mnist::Mnist::load(dldw::mnist::data_dir(args.data_dir.clone()))?.test;

    // The book's load_mnist gives float32 pixels, byte / 255, which its float64 forward reads.
    let mut x32 = dldw::zeros_boxed::<f32, 100, 784>();
    let mut x = dldw::zeros_boxed::<f64, 100, 784>();
    let mut wrong = Vec::new();
    for start in (0..test.len() - test.len() % 100).step_by(100) {
        let t = test.gather_pixels(&std::array::from_fn(|i| start + i), &mut x32);
        x.zip_apply(&x32, |v, p| *v = f64::from(p));
        let y = net.predict(&x);
        for (n, &label) in t.classes().iter().enumerate() {
            let class = dldw::accuracy::argmax(y, n);
            if class != label {
                wrong.push((start + n, label, class));
            }
        }
    }
    let scored = test.len() - test.len() % 100;
    println!("test acc:{}", 1.0 - wrong.len() as f64 / scored as f64);
    println!("{} wrong of {scored}; the first 20 (index: label → prediction):", wrong.len());
    let first: Vec<String> = wrong.iter().take(20).map(|(i, t, p)| format!("{i}: {t}→{p}")).collect();
    println!("{}", first.join(", "));
    Ok(())
}
