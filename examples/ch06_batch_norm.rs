//! The book's figures 6-18 and 6-19 (6.3.2, `ch06/batch_norm_test.py`): the first 1000
//! training images, the five-hidden-layer ReLU net 784-(100×5)-10 with and without Batch
//! Normalization after every hidden Affine, SGD lr 0.01, batch 100, 20 epochs, for 16 weight
//! scales σ from 1 down to 10⁻⁴ (`np.logspace(0, -4, 16)`). Both nets see the same batches.
//! Prints, for each scale, the training accuracy per epoch as the book does
//! (`epoch:e | without - with`), and draws the 4×4 grid of curves: with Batch Norm, learning is faster and works
//! over a much wider range of scales.
//!
//! Run: `cargo run --release --example ch06_batch_norm` (writes `out/ch06_batch_norm.png`, or with `-- --out docs/img` the tutorial's copy;
//! `-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
use dldw_charts::ch06_plot;
use dldw_charts::plot;

#[path = "common/cli.rs"]
mod cli;
use ch06_plot::{Line, Panel};
use clap::Parser;
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, BatchNorm, Relu, SoftmaxWithLoss};
use dldw::mnist::ImageSet;
use dldw::optim::Sgd;
use dldw::train::Classifier;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 100;

/// Batch Normalization against none over 16 weight scales (figures 6-18, 6-19).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Training images used (the first ones of the set).
    #[arg(long, default_value_t = 1000)]
    train_size: usize,
    /// Epochs (accuracy measurements).
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// SGD's learning rate.
    #[arg(long, default_value_t = 0.01)]
    lr: f64,
    /// Number of weight scales, log-spaced from 1 to 1e-4.
    #[arg(long, default_value_t = 16)]
    scales: usize,
    #[command(flatten)]
    run: ch06::RunArgs,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// A hidden layer with Batch Norm: Affine → BatchNorm → ReLU (the book's `MultiLayerNetExtend`
/// with `use_batchnorm=True`).
type BnBlock<const I: usize> = (Affine<I, 100, f32>, BatchNorm<100, f32>, Relu<f32>);
type BnNet = Network<
    (BnBlock<784>, BnBlock<100>, BnBlock<100>, BnBlock<100>, BnBlock<100>, Affine<100, 10, f32>),
    SoftmaxWithLoss<f32>,
>;
type PlainBlock<const I: usize> = (Affine<I, 100, f32>, Relu<f32>);
type PlainNet = Network<
    (
        PlainBlock<784>,
        PlainBlock<100>,
        PlainBlock<100>,
        PlainBlock<100>,
        PlainBlock<100>,
        Affine<100, 10, f32>,
    ),
    SoftmaxWithLoss<f32>,
>;

fn bn_net(init: Init, rng: &mut StdRng) -> BnNet {
    let block = |rng: &mut StdRng| (Affine::new(init, rng), BatchNorm::new(), Relu::new());
    let first = (Affine::new(init, rng), BatchNorm::new(), Relu::new());
    let layers = (first, block(rng), block(rng), block(rng), block(rng), Affine::new(init, rng));
    Network::new(layers, SoftmaxWithLoss::new())
}

fn plain_net(init: Init, rng: &mut StdRng) -> PlainNet {
    let block = |rng: &mut StdRng| (Affine::new(init, rng), Relu::new());
    let first = (Affine::new(init, rng), Relu::new());
    let layers = (first, block(rng), block(rng), block(rng), block(rng), Affine::new(init, rng));
    Network::new(layers, SoftmaxWithLoss::new())
}

/// The training accuracy after each epoch of `net` on `train` (the book's `train_acc_list`).
fn training_curve<M>(
    net: &mut M,
    opt: &mut Sgd<f32>,
    train: &ImageSet,
    epochs: usize,
    rng: &mut StdRng,
    cores: &ch06::Cores,
) -> Vec<f64>
where
    M: Classifier<ch06::Batch<BATCH>, f32, BATCH, 10>
        + Classifier<ch06::Batch<{ ch06::EVAL }>, f32, { ch06::EVAL }, 10>,
{
    ch06::train_epochs::<_, BATCH>(net, opt, train, &[train], epochs, rng, cores, |_, _| {}).remove(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    ch06::flag(Sgd::<f32>::new(args.lr), "--lr");
    cli::check(args.scales >= 2, "scales", args.scales, "give at least 2 (the first is 1, the last 1e-4)");
    cli::check(args.epochs > 0, "epochs", args.epochs, "give at least 1");
    ch06::check_count(args.train_size, "train-size", ch06::TRAIN_LEN, "training images");
    args.run.check();
    let mnist = ch06::mnist(args.run.data_dir.clone())?;
    let train = mnist.train.first(args.train_size);
    // np.logspace(0, -4, num=16)
    let scales: Vec<f64> =
        (0..args.scales).map(|i| 10f64.powf(-4.0 * i as f64 / (args.scales - 1) as f64)).collect();
    let start = Instant::now();
    // Job 2s trains scale s without Batch Norm, job 2s + 1 with it, on the same batches.
    let curves = ch06::on_threads(2 * scales.len(), args.run.threads, |job, cores| {
        let (s, with_bn) = (job / 2, job % 2 == 1);
        let init = Init::std(scales[s]).expect("a positive scale");
        let mut init_rng = StdRng::seed_from_u64(args.run.seed * 1000 + s as u64);
        let mut batches = StdRng::seed_from_u64(args.run.seed + s as u64);
        let mut opt = Sgd::new(args.lr).expect("checked above");
        if with_bn {
            training_curve(
                &mut bn_net(init, &mut init_rng),
                &mut opt,
                &train,
                args.epochs,
                &mut batches,
                cores,
            )
        } else {
            training_curve(
                &mut plain_net(init, &mut init_rng),
                &mut opt,
                &train,
                args.epochs,
                &mut batches,
                cores,
            )
        }
    });
    let mut panels = Vec::new();
    for (s, w) in scales.iter().enumerate() {
        println!("============== {}/{} ==============", s + 1, scales.len());
        let (plain, bn) = (&curves[2 * s], &curves[2 * s + 1]);
        for (e, (a, b)) in plain.iter().zip(bn).enumerate() {
            println!("epoch:{e} | {a} - {b}");
        }
        let points = |c: &Vec<f64>| c.iter().enumerate().map(|(e, &a)| (e as f64, a)).collect();
        panels.push(Panel {
            title: format!("W:{w:.3e}"),
            lines: vec![
                Line {
                    label: "Batch Normalization".into(),
                    points: points(bn),
                    color: ch06_plot::BLUE,
                    dashed: false,
                },
                Line {
                    label: "Normal (without BatchNorm)".into(),
                    points: points(plain),
                    color: ch06_plot::ORANGE,
                    dashed: true,
                },
            ],
        });
    }
    println!(
        "final training accuracy, mean over the {} scales: without {:.3}, with Batch Norm {:.3}",
        scales.len(),
        (0..scales.len()).map(|s| curves[2 * s].last().copied().unwrap_or(0.0)).sum::<f64>()
            / scales.len() as f64,
        (0..scales.len()).map(|s| curves[2 * s + 1].last().copied().unwrap_or(0.0)).sum::<f64>()
            / scales.len() as f64,
    );
    println!("({:.1} s)", start.elapsed().as_secs_f64());
    let title = "Figures 6-18/6-19: training accuracy with (solid) and without (dashed) Batch Norm";
    ch06_plot::line_grid(
        &args.out.join("ch06_batch_norm.png"),
        title,
        4,
        ((0.0, args.epochs as f64), (0.0, 1.0)),
        ("epochs", "accuracy"),
        &panels,
    )?;
    println!("wrote {}", args.out.join("ch06_batch_norm.png").display());
    Ok(())
}
