//! Trains the book's two-layer network (784-50-10, ReLU, Softmax-with-Loss) on MNIST with
//! mini-batch SGD, as chapter 5's `train_neuralnet.py`: 10000 iterations of batch 100,
//! learning rate 0.1, weights N(0, 0.01²), accuracy on the full sets once per epoch. The flags
//! (`common/run.rs`) change the knobs; `train_mnist_loop` writes the same loop out by hand.
//!
//! ```sh
//! cargo run --release --example train_mnist
//! cargo run --release --example train_mnist -- --optimizer adam --init he --lr 0.001
//! cargo run --release --example train_mnist -- --batch 32 --iters 3000
//! ```
//!
//! Writes `out/metrics.csv`, `out/loss.png`, `out/accuracy.png` and `out/two_layer_net.safetensors`.
//! Exit status: 0 after writing them; 2 for a bad command line (one `error:` line, before any
//! work); 1 if the run fails, e.g. training diverges (one `error:` line naming the iteration).

mod common;

use common::run::{Args, Progress, Run};
use dldw::TwoLayerNet;
use dldw::train::train;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::error::Error;

/// The book's run with batches of `N` (`--batch`, 100 by default).
struct Book;

impl Run for Book {
    fn run<const N: usize>(self, args: &Args) -> Result<(), Box<dyn Error>> {
        let mut rng = StdRng::seed_from_u64(args.seed);
        let mut network = TwoLayerNet::<784, 50, 10, f32>::new(args.init, &mut rng);
        let mnist = common::run::load(args)?; // (x_train, t_train), (x_test, t_test) = load_mnist(…)
        let mut optimizer = common::run::optimizer(args)?; // SGD, learning_rate = 0.1
        let config = common::run::config::<N>(args, mnist.train.len()); // iters_num, iter_per_epoch
        let progress = Progress::new(config.iters);
        // for i in range(iters_num), `train` runs the book's loop:
        //   x_batch, t_batch = the next batch (its batch_mask from np.random.choice)
        //   loss = step(network, optimizer, x_batch, t_batch):
        //     network.gradient: forward → loss → backward through the layers in reverse,
        //     then network.params[key] -= learning_rate * grad[key]
        //   train_loss_list.append(loss); once per epoch, train_acc and test_acc
        // with the next batches filled and the accuracies measured on a second core.
        let history =
            train(&mut network, &mut optimizer, &mnist.train, &mnist.test, &config, &mut rng, |event| {
                progress.show(event)
            });
        let time = progress.finish();
        common::run::save(args, &mut network, "two_layer_net", &mnist, &history?, time)
    }
}

fn main() {
    let args = common::run::args();
    if let Err(e) = common::run::with_batch_size(&args, Book) {
        common::run::abort(&e.to_string());
    }
}
