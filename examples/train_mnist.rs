//! Trains the book's two-layer network (784-50-10, ReLU, Softmax-with-Loss) on MNIST with
//! mini-batch SGD, as chapter 5's `train_neuralnet.py`: 10000 iterations of batch 100,
//! learning rate 0.1, weights N(0, 0.01²), accuracy on the full sets once per epoch.
//!
//! ```sh
//! cargo run --release --example train_mnist
//! cargo run --release --example train_mnist -- --optimizer adam --init he --lr 0.001
//! cargo run --release --example train_mnist -- --batch 32 --iters 3000
//! cargo run --release --example train_mnist -- --help
//! ```
//!
//! `--batch N` takes one of 1, 10, 32, 50, 64, 100, 128 and 256: the batch size is part of
//! the batch's type, so each is compiled in as a run of its own (`common/run.rs`), and any
//! other is refused before any work.
//!
//! Writes `out/metrics.csv`, `out/loss.png`, `out/accuracy.png` and `out/two_layer_net.safetensors`.
//!
//! Exit status: 0 after writing them; 2 for a bad command line (one `error:` line, checked
//! before any work, nothing written); 1 if the run fails, e.g. training diverges (one `error:`
//! line naming the iteration, no output written or replaced).

mod common;

use dldw::TwoLayerNet;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn main() {
    let args = common::run::args();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let mut net = TwoLayerNet::<784, 50, 10, f32>::new(args.init, &mut rng);
    if let Err(e) = common::run::run(&args, &mut net, "two_layer_net", &mut rng) {
        common::run::abort(&e.to_string());
    }
}
