// The network computes in f32; the boxed batch (as `zeros_boxed` gives) is f64.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = Network::new(
        (Affine::<784, 50, f32>::new(Init::he(), &mut rng), Relu::new(), Affine::<50, 10, f32>::new(Init::he(), &mut rng)),
        SoftmaxWithLoss::new(),
    );
    let x = dldw::zeros_boxed::<f64, 100, 784>();
    let t = Labels::<100, 10>::new([0; 100]).unwrap();
    net.gradient(&x, &t);
}
