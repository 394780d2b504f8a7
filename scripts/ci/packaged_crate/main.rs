//! A user's crate, built against the packaged dldw (`cargo package` output) by
//! `scripts/ci/packaged_crate.sh`: runs the README's example, fetches MNIST into an empty
//! cache (feature `download`, from the mirror `DLDW_MNIST_MIRROR` names), and trains the
//! book's network as `train_mnist` does with its defaults (seed 0, 10000 iterations of batch
//! 100, SGD at 0.1, weights N(0, 0.01²)), printing the book's line once per epoch.

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::mnist::Mnist;
use dldw::mnist::download::Download;
use dldw::optim::Sgd;
use dldw::train::{Event, TrainConfig, train};
use rand::SeedableRng;
use std::error::Error;

/// The README's example, as the script copied it from the packaged README.md.
fn readme_example() {
    include!("readme_example.rs");
}

fn main() -> Result<(), Box<dyn Error>> {
    readme_example();
    println!("README example: ok");

    let dir = Download::new().data_dir(None, &mut |p| {
        if p.total == Some(p.done) {
            println!("fetched {} ({} bytes) from {}", p.file, p.done, p.url);
        }
    })?;
    println!("MNIST in {}", dir.display());
    let mnist = Mnist::load(&dir)?;

    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
    let config = TrainConfig::book().batches::<100, 1000>();
    train(&mut net, &mut Sgd::new(0.1)?, &mnist.train, &mnist.test, &config, &mut rng, |event| {
        if let Event::Epoch(r) = event {
            println!("train acc, test acc | {:.4}, {:.4}", r.train_acc, r.test_acc);
        }
    })?;
    dldw::io::save(&net, "two_layer_net.safetensors")?;
    println!("saved two_layer_net.safetensors");
    Ok(())
}
