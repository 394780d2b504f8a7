// The trainer is given MNIST (784 pixels a sample) and a network whose first layer takes 783.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::train::{TrainConfig, train};
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mnist = dldw::mnist::Mnist::load(dldw::mnist::data_dir(None)).unwrap();
    let mut net = Network::new(
        (Affine::<783, 50, f32>::new(Init::he(), &mut rng), Relu::new(), Affine::<50, 10, f32>::new(Init::he(), &mut rng)),
        SoftmaxWithLoss::new(),
    );
    let mut sgd = dldw::optim::Sgd::new(0.1).unwrap();
    let config = TrainConfig::book();
    let _ = train(&mut net, &mut sgd, &mnist.train, &mnist.test, &config, &mut rng, |_| {});
}
