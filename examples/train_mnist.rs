//! Trains the book's two-layer network (784-50-10, ReLU, Softmax-with-Loss) on MNIST with
//! mini-batch SGD, as chapter 5's `train_neuralnet.py`: 10000 iterations of batch 100,
//! learning rate 0.1, weights N(0, 0.01²), accuracy on the full sets once per epoch. The flags
//! (`common/run.rs`) change the knobs. The loop is [`train`](dldw::train::train)'s, written out
//! on [`with_loop`](dldw::train::with_loop); `train_mnist_loop` writes it with no help at all.
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
use dldw::optim::Optimizer;
use dldw::train::{Event, step, with_loop};
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
        let (train, test, show) = (&mnist.train, &mnist.test, |e: Event<'_>| progress.show(e));
        // The batches are filled, and the accuracies measured, on a second core.
        let history = with_loop(train, test, &config, &mut rng, show, |run| {
            for i in 0..config.iters {
                // if i % iter_per_epoch == 0: train_acc, test_acc (before this update)
                run.measure(&network);
                // batch_mask = np.random.choice(train_size, batch_size); x_batch, t_batch = …
                let (x_batch, t_batch) = run.next_batch()?;
                // grad = network.gradient(x_batch, t_batch) (forward, loss, backward in
                // reverse); network.params[key] -= learning_rate * grad[key]
                optimizer.set_learning_rate(args.lr * config.schedule.factor(i, config.iters));
                let loss = step(&mut network, &mut optimizer, x_batch, t_batch);
                run.record(loss, &mut network)?; // train_loss_list.append(loss)
            }
            Ok(())
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
