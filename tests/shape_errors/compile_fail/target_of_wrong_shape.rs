// The network gives 10 scores per image; the labels are for 9 classes.
use dldw::init::Init;
use dldw::layers::{Affine, Layer, LossLayer, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut model = (
        Affine::<784, 50, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    );
    let mut last = SoftmaxWithLoss::new();
    let x = dldw::zeros_boxed::<f64, 100, 784>();
    let t = Labels::<100, 9>::new([0; 100]).unwrap();
    last.forward(model.forward(&x), &t);
}
