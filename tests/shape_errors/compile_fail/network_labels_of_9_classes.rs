// The network gives 10 scores per image; the labels are for 9 classes.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = Network::new(
        (
            Affine::<784, 50, f64>::new(Init::book(), &mut rng),
            Relu::<f64>::new(),
            Affine::<50, 10, f64>::new(Init::book(), &mut rng),
        ),
        SoftmaxWithLoss::<f64>::new(),
    );
    let x = dldw::zeros_boxed::<f64, 100, 784>();
    let t = Labels::<100, 9>::new([0; 100]).unwrap();
    net.gradient(&*x, &t);
}
