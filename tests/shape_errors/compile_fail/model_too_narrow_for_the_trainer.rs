// The trainer is given MNIST (784 pixels a sample) and a model whose first layer takes 783.
use dldw::init::Init;
use dldw::train::{TrainConfig, train};
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mnist = dldw::mnist::Mnist::load(dldw::mnist::data_dir(None)).unwrap();
    let mut net = dldw::TwoLayerNet::<783, 50, 10, f32>::new(Init::book(), &mut rng);
    let mut sgd = dldw::optim::Sgd::new(0.1).unwrap();
    let config = TrainConfig::book();
    let _ = train(&mut net, &mut sgd, &mnist.train, &mnist.test, &config, &mut rng, |_| {});
}
