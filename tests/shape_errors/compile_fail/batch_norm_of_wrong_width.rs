// A BatchNorm of 50 features after an Affine that gives 100: BatchNorm<D> takes and gives
// width D, so the model does not build.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, BatchNorm, Dropout, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = Network::new(
        (
            Affine::<784, 100, f32>::new(Init::he(), &mut rng),
            BatchNorm::<50, f32>::new(),
            Relu::<f32>::new(),
            Dropout::<f32>::new(0.5, &mut rng).unwrap(),
            Affine::<100, 10, f32>::new(Init::he(), &mut rng),
        ),
        SoftmaxWithLoss::<f32>::new(),
    );
    let x = SMatrix::<f32, 2, 784>::zeros();
    let t = Labels::<2, 10>::new([3, 7]).unwrap();
    net.gradient(&x, &t);
}
