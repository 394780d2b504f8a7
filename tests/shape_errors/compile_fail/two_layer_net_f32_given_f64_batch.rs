// The book's network in f32 (the default float type, left out of `TwoLayerNet<784, 50, 10>`);
// the batch is f64.
use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::loss::Labels;
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = TwoLayerNet::<784, 50, 10>::new(Init::book(), &mut rng);
    let x = SMatrix::<f64, 2, 784>::zeros();
    let t = Labels::<2, 10>::new([3, 7]).unwrap();
    net.gradient(&x, &t);
}
