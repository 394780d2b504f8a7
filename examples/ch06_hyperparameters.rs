//! The book's figure 6-24 (6.5.3, `ch06/hyperparameter_optimization.py`): random search of
//! the hyper-parameters (하이퍼파라미터) on validation data (검증 데이터). The first 500
//! training images are shuffled and split 400 / 100 into training and validation data
//! (`ImageSet::split_validation`); 100 trials each draw a learning rate 10^U(−6, −2) and a
//! weight decay 10^U(−8, −4) and train 784-(100×6)-10 (ReLU, He weights) with SGD, batch 100,
//! for 50 epochs. Prints every trial's final validation accuracy as the book does, then the
//! best 20, whose curves (validation solid, training dashed) it draws.
//!
//! The trials run in parallel on every core, each seeded from `--seed` and its number alone,
//! so the output is the same on 1 or 2 threads (`--threads`).
//!
//! Run: `cargo run --release --example ch06_hyperparameters` (writes
//! `out/ch06_hyperparameters.png`, or with `-- --out docs/img` the tutorial's copy; `-- --help` lists the flags).

#[allow(dead_code)] // each example uses a different part
#[path = "common/ch06.rs"]
mod ch06;
use dldw_charts::ch06_plot;
use dldw_charts::plot;

#[path = "common/cli.rs"]
mod cli;
use ch06_plot::{Line, Panel};
use clap::Parser;
use dldw::mnist::ImageSet;
use dldw::optim::{Sgd, WeightDecay};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 100;

/// Random search of learning rate and weight decay on validation data (figure 6-24).
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Images taken from the start of the training set, before the split.
    #[arg(long, default_value_t = 500)]
    images: usize,
    /// Share of them held out as validation data.
    #[arg(long, default_value_t = 0.2)]
    validation_rate: f64,
    /// Number of random trials.
    #[arg(long, default_value_t = 100)]
    trials: usize,
    /// Epochs per trial.
    #[arg(long, default_value_t = 50)]
    epochs: usize,
    /// Trials drawn: the best this many are listed and drawn.
    #[arg(long, default_value_t = 20)]
    best: usize,
    #[command(flatten)]
    run: ch06::RunArgs,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// One trial's result: its hyper-parameters and its accuracy curves.
struct Trial {
    lr: f64,
    weight_decay: f64,
    val: Vec<f64>,
    train: Vec<f64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    cli::check(args.trials > 0, "trials", args.trials, "give at least 1");
    cli::check(args.epochs > 0, "epochs", args.epochs, "give at least 1");
    cli::check(args.best > 0, "best", args.best, "give at least 1");
    ch06::check_count(args.images, "images", ch06::TRAIN_LEN, "training images");
    // The rate is checked by the library's own rule before the files are read: splitting an
    // empty set checks it and does nothing else.
    let empty = ImageSet::new(Vec::new(), Vec::new()).expect("no images, no labels");
    ch06::flag(
        empty.split_validation(args.validation_rate, &mut StdRng::seed_from_u64(0)),
        "--validation-rate",
    );
    args.run.check();
    let mnist = ch06::mnist(args.run.data_dir.clone())?;
    let mut rng = StdRng::seed_from_u64(args.run.seed);
    let split = mnist.train.first(args.images).split_validation(args.validation_rate, &mut rng);
    let split = split.expect("the rate was checked above");
    println!("{} training images, {} validation images", split.train.len(), split.validation.len());
    // All hyper-parameters are drawn first, in trial order, so the threads cannot change them.
    let params: Vec<(f64, f64)> = (0..args.trials)
        .map(|_| {
            let weight_decay = 10f64.powf(rng.random_range(-8.0..-4.0));
            let lr = 10f64.powf(rng.random_range(-6.0..-2.0));
            (lr, weight_decay)
        })
        .collect();
    let start = Instant::now();
    let trials = ch06::on_threads(args.trials, args.run.threads, |i, cores| {
        let (lr, weight_decay) = params[i];
        let mut rng = StdRng::seed_from_u64(args.run.seed.wrapping_mul(1_000_003).wrapping_add(i as u64 + 1));
        let mut net = ch06::deep(&mut rng);
        let sgd = Sgd::new(lr).expect("10^U(-6, -2) is a valid rate");
        let mut opt = WeightDecay::new(sgd, weight_decay).expect("lr · λ < 1e-6");
        let sets = [&split.validation, &split.train];
        let mut c = ch06::train_epochs::<_, BATCH>(
            &mut net,
            &mut opt,
            &split.train,
            &sets,
            args.epochs,
            &mut rng,
            cores,
            |_, _| {},
        );
        let train = c.pop().unwrap_or_default();
        let val = c.pop().unwrap_or_default();
        Trial { lr, weight_decay, val, train }
    });
    for t in &trials {
        println!("val acc:{} | lr:{}, weight decay:{}", t.val.last().unwrap_or(&0.0), t.lr, t.weight_decay);
    }
    println!(
        "({:.1} s for {} trials on {} threads)",
        start.elapsed().as_secs_f64(),
        args.trials,
        args.run.threads
    );
    println!("=========== Hyper-Parameter Optimization Result ===========");
    let mut order: Vec<usize> = (0..trials.len()).collect();
    // Best final validation accuracy first; ties keep the trials' order (a stable sort).
    order.sort_by(|&a, &b| {
        trials[b].val.last().partial_cmp(&trials[a].val.last()).unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut panels = Vec::new();
    for (rank, &i) in order.iter().take(args.best).enumerate() {
        let t = &trials[i];
        println!(
            "Best-{}(val acc:{}) | lr:{}, weight decay:{}",
            rank + 1,
            t.val.last().unwrap_or(&0.0),
            t.lr,
            t.weight_decay
        );
        let points = |c: &Vec<f64>| c.iter().enumerate().map(|(e, &a)| (e as f64, a)).collect();
        panels.push(Panel {
            title: format!("Best-{} lr {:.1e} wd {:.1e}", rank + 1, t.lr, t.weight_decay),
            lines: vec![
                Line {
                    label: "validation".into(),
                    points: points(&t.val),
                    color: ch06_plot::BLUE,
                    dashed: false,
                },
                Line {
                    label: "train".into(),
                    points: points(&t.train),
                    color: ch06_plot::ORANGE,
                    dashed: true,
                },
            ],
        });
    }
    let title = "Figure 6-24: the best trials of the random search (validation solid, training dashed)";
    ch06_plot::line_grid(
        &args.out.join("ch06_hyperparameters.png"),
        title,
        5,
        ((0.0, args.epochs as f64), (0.0, 1.0)),
        ("epochs", "accuracy"),
        &panels,
    )?;
    println!("wrote {}", args.out.join("ch06_hyperparameters.png").display());
    Ok(())
}
