//! The book's training run (784-50-10, batch 100, SGD lr 0.1, 10000 iterations, 17
//! evaluations) through dldw's public `train`, as a user's crate writes it: MNIST's own sparse
//! batches, or dense batches (`SMatrix<f32, 100, 784>`), as any data set that is not mostly
//! zeros gets them.
//!
//! ```sh
//! dldw-user MNIST_DIR [sparse|dense]
//! ```

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::loss::Labels;
use dldw::mnist::{ImageSet, PIXELS};
use dldw::optim::Sgd;
use dldw::train::{Classifier, Dataset, EvalBatch, Event, TrainConfig, evaluate, train};
use nalgebra::SMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::Instant;

/// The book's network.
type Net = TwoLayerNet<784, 50, 10, f32>;

/// MNIST handed to the trainer as whole images.
struct Dense<'a>(&'a ImageSet);

impl Dataset<f32, PIXELS, 10> for Dense<'_> {
    type Batch<const N: usize> = SMatrix<f32, N, PIXELS>;
    fn len(&self) -> usize {
        self.0.len()
    }
    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f32, N, PIXELS>) -> Labels<N, 10> {
        self.0.gather_pixels(idx, x)
    }
}

fn run<D>(train_set: &D, test_set: &D, started: Instant)
where
    D: Dataset<f32, PIXELS, 10> + Sync,
    Net: Classifier<D::Batch<100>, f32, 100, 10> + Classifier<D::Batch<1000>, f32, 1000, 10>,
{
    let mut rng = StdRng::seed_from_u64(0);
    let mut net = Net::new(Init::book(), &mut rng);
    let mut sgd = Sgd::new(0.1).expect("a valid learning rate");
    let history = train(&mut net, &mut sgd, train_set, test_set, &TrainConfig::book(), &mut rng, |event| {
        if let Event::Epoch(r) = event {
            println!("train acc, test acc | {:.4}, {:.4}", r.train_acc, r.test_acc);
        }
    })
    .expect("the book's run trains");
    let (train_acc, test_acc) =
        (evaluate(&mut net, train_set, EvalBatch::<1000>), evaluate(&mut net, test_set, EvalBatch::<1000>));
    println!(
        "done: {} iterations in {:.2} s | final train acc {train_acc:.4}, test acc {test_acc:.4}",
        history.losses.len(),
        started.elapsed().as_secs_f64()
    );
}

fn main() {
    let started = Instant::now();
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "data/mnist".into());
    let batches = args.next().unwrap_or_else(|| "sparse".into());
    let data = dldw::mnist::Mnist::load(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    match batches.as_str() {
        "sparse" => run(&data.train, &data.test, started),
        "dense" => run(&Dense(&data.train), &Dense(&data.test), started),
        other => {
            eprintln!("error: batches are `sparse` or `dense`, not `{other}`");
            std::process::exit(2)
        }
    }
}
