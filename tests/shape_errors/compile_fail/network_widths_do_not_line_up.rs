// A network whose second Affine takes 50 inputs after a layer that gives 100, defined but
// never run: the definition itself is the mistake.
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
            Affine::<50, 10, f32>::new(Init::book(), &mut rng),
        ),
        SoftmaxWithLoss::<f32>::new(),
    );
    let _ = net;
}
