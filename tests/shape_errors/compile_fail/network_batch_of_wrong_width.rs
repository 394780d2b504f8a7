// The network takes images of 784 pixels; the batch has 783 columns.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = Network::new(
        (Affine::<784, 50, f32>::new(Init::he(), &mut rng), Relu::new(), Affine::<50, 10, f32>::new(Init::he(), &mut rng)),
        SoftmaxWithLoss::new(),
    );
    let x = SMatrix::<f32, 2, 783>::zeros();
    net.predict(&x);
}
