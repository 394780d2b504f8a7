// Five layers; the third Affine takes 60 inputs, but the Affine before it gives 50.
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
            Affine::<784, 100, f64>::new(Init::he(), &mut rng),
            Relu::new(),
            Affine::<100, 50, f64>::new(Init::he(), &mut rng),
            Relu::new(),
            Affine::<60, 10, f64>::new(Init::he(), &mut rng),
        ),
        SoftmaxWithLoss::new(),
    );
    let x = SMatrix::<f64, 2, 784>::zeros();
    let t = Labels::<2, 10>::new([3, 7]).unwrap();
    net.gradient(&x, &t);
}
