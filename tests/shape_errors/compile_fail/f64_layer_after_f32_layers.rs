// The first layers compute in f32, the last Affine in f64.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let net = Network::new(
        (
            Affine::<784, 100, f32>::new(Init::book(), &mut rng),
            Relu::<f32>::new(),
            Affine::<100, 10, f64>::new(Init::book(), &mut rng),
        ),
        SoftmaxWithLoss::new(),
    );
    let _ = net;
}
