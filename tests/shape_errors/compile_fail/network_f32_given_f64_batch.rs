// The network computes in f32; the batch is f64.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = Network::new(
        (
            Affine::<784, 50, f32>::new(Init::book(), &mut rng),
            Relu::<f32>::new(),
            Affine::<50, 10, f32>::new(Init::book(), &mut rng),
        ),
        SoftmaxWithLoss::<f32>::new(),
    );
    let x = SMatrix::<f64, 2, 784>::zeros();
    let t = Labels::<2, 10>::new([3, 7]).unwrap();
    net.gradient(&x, &t);
}
