//! The book's figures 6-20 to 6-23 (6.4, `ch06/overfit_weight_decay.py`, `overfit_dropout.py`):
//! over-fitting (오버피팅) on purpose, with only the first 300 training images and a deep net
//! 784-(100×6)-10 (ReLU, He weights), SGD lr 0.01, batch 100, and what fights it:
//!
//! - no regularisation, 201 epochs: training accuracy reaches 1.0, test accuracy stays far
//!   below (figure 6-20);
//! - weight decay (가중치 감소) λ = 0.1, 201 epochs: the gap narrows (figure 6-21; the
//!   notebook ends at 0.927 / 0.721);
//! - Dropout (드롭아웃) 0.2 after every hidden ReLU, 301 epochs: the gap narrows too (figure
//!   6-23; the notebook ends at 0.67 / 0.548).
//!
//! Prints the book's line per epoch (`epoch:e, train acc:…, test acc:…`) for each run, and
//! draws one chart per run, `out/ch06_overfit_{plain,weight_decay,dropout}.png` (`-- --out docs/img` updates the
//! tutorial's copies).
//!
//! Run: `cargo run --release --example ch06_overfitting` (`-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
use dldw_charts::ch06_plot;
use dldw_charts::plot;

#[path = "common/cli.rs"]
mod cli;
use clap::Parser;
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Dropout, Relu, SoftmaxWithLoss};
use dldw::mnist::ImageSet;
use dldw::optim::{Sgd, WeightDecay};
use dldw_charts::RGBColor;
use plot::{Series, line_chart};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 100;

/// Over-fitting, weight decay and Dropout (figures 6-20 to 6-23).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Training images used (the first ones of the set).
    #[arg(long, default_value_t = 300)]
    train_size: usize,
    /// Test images scored every epoch (the first ones of the test set; the book's 10000).
    #[arg(long, default_value_t = 10000)]
    test_size: usize,
    /// Epochs of the runs without regularisation and with weight decay.
    #[arg(long, default_value_t = 201)]
    epochs: usize,
    /// Epochs of the run with Dropout.
    #[arg(long, default_value_t = 301)]
    dropout_epochs: usize,
    /// SGD's learning rate.
    #[arg(long, default_value_t = 0.01)]
    lr: f64,
    /// Weight decay λ of the second run.
    #[arg(long, default_value_t = 0.1)]
    weight_decay: f64,
    /// Dropout ratio of the third run.
    #[arg(long, default_value_t = 0.2)]
    dropout: f64,
    #[command(flatten)]
    run: ch06::RunArgs,
    /// Directory the figures are written to (`docs/img` updates the tutorial's copies).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// A hidden layer of the Dropout run: Affine → ReLU → Dropout (the book's
/// `MultiLayerNetExtend` with `use_dropout=True`).
type DropBlock<const I: usize> = (Affine<I, 100, f32>, Relu<f32>, Dropout<f32>);
type DeepDropout = Network<
    (
        DropBlock<784>,
        DropBlock<100>,
        DropBlock<100>,
        DropBlock<100>,
        DropBlock<100>,
        DropBlock<100>,
        Affine<100, 10, f32>,
    ),
    SoftmaxWithLoss<f32>,
>;

fn deep_dropout(ratio: f64, rng: &mut StdRng) -> Result<DeepDropout, dldw::HyperParamError> {
    let he = Init::he();
    let block = |rng: &mut StdRng| {
        Ok::<_, dldw::HyperParamError>((Affine::new(he, rng), Relu::new(), Dropout::new(ratio, rng)?))
    };
    let first = (Affine::new(he, rng), Relu::new(), Dropout::new(ratio, rng)?);
    let layers =
        (first, block(rng)?, block(rng)?, block(rng)?, block(rng)?, block(rng)?, Affine::new(he, rng));
    Ok(Network::new(layers, SoftmaxWithLoss::new()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    let sgd = ch06::flag(Sgd::<f32>::new(args.lr), "--lr");
    ch06::flag(WeightDecay::new(sgd, args.weight_decay), "--weight-decay");
    ch06::flag(Dropout::<f32>::new(args.dropout, &mut StdRng::seed_from_u64(0)), "--dropout");
    ch06::check_count(args.train_size, "train-size", ch06::TRAIN_LEN, "training images");
    ch06::check_count(args.test_size, "test-size", ch06::TEST_LEN, "test images");
    cli::check(args.epochs > 0, "epochs", args.epochs, "give at least 1");
    cli::check(args.dropout_epochs > 0, "dropout-epochs", args.dropout_epochs, "give at least 1");
    args.run.check();
    let mnist = ch06::mnist(args.run.data_dir.clone())?;
    let (train, test): (ImageSet, ImageSet) =
        (mnist.train.first(args.train_size), mnist.test.first(args.test_size));
    let start = Instant::now();
    let runs = ["plain", "weight_decay", "dropout"];
    // The longest run (Dropout, 301 epochs) starts first, so that the two others share the
    // other core meanwhile; the curves are put back in the book's order after.
    let longest_first = [2, 0, 1];
    let mut curves = ch06::on_threads(runs.len(), args.run.threads, |job, cores| {
        let mut rng = StdRng::seed_from_u64(args.run.seed);
        let sets = [&train, &test];
        let quiet = |_: usize, _: &[f64]| {};
        let epochs = if longest_first[job] == 2 { args.dropout_epochs } else { args.epochs };
        match longest_first[job] {
            0 => {
                let mut net = ch06::deep(&mut rng);
                let mut opt = sgd;
                ch06::train_epochs::<_, BATCH>(
                    &mut net, &mut opt, &train, &sets, epochs, &mut rng, cores, quiet,
                )
            }
            1 => {
                let mut net = ch06::deep(&mut rng);
                let mut opt = WeightDecay::new(sgd, args.weight_decay).expect("checked above");
                ch06::train_epochs::<_, BATCH>(
                    &mut net, &mut opt, &train, &sets, epochs, &mut rng, cores, quiet,
                )
            }
            _ => {
                let mut net = deep_dropout(args.dropout, &mut rng).expect("checked above");
                let mut opt = sgd;
                ch06::train_epochs::<_, BATCH>(
                    &mut net, &mut opt, &train, &sets, epochs, &mut rng, cores, quiet,
                )
            }
        }
    });
    curves.rotate_left(1); // [dropout, plain, weight decay] → the book's order
    let titles = [
        "Figure 6-20: over-fitting (no regularisation)",
        "Figure 6-21: weight decay λ = 0.1",
        "Figure 6-23: Dropout 0.2",
    ];
    for ((name, title), c) in runs.iter().zip(titles).zip(&curves) {
        println!("=============== {name} ===============");
        for (e, (tr, te)) in c[0].iter().zip(&c[1]).enumerate() {
            println!("epoch:{e}, train acc:{tr}, test acc:{te}");
        }
        let points = |v: &Vec<f64>| v.iter().enumerate().map(|(e, &a)| (e as f64, a)).collect();
        let series = [
            Series {
                label: "train",
                points: points(&c[0]),
                color: RGBColor(0x1f, 0x77, 0xb4),
                dashed: false,
            },
            Series { label: "test", points: points(&c[1]), color: RGBColor(0xff, 0x7f, 0x0e), dashed: true },
        ];
        let path = args.out.join(format!("ch06_overfit_{name}.png"));
        line_chart(&path, title, ("epochs", "accuracy"), Some((0.0, 1.0)), &series)?;
        println!("wrote {}", path.display());
    }
    println!("final (train / test accuracy):");
    for (name, c) in runs.iter().zip(&curves) {
        let (tr, te) = (c[0].last().copied().unwrap_or(0.0), c[1].last().copied().unwrap_or(0.0));
        println!("  {name:>12}: {tr:.3} / {te:.3}  (gap {:.3})", tr - te);
    }
    println!("({:.1} s)", start.elapsed().as_secs_f64());
    Ok(())
}
