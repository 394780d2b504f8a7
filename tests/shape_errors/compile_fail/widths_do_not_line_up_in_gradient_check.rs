// The same mistake, met where the model is passed to a function that needs a `Layer`.
use dldw::gradient_check::gradient_check;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut model = (
        Affine::<784, 100, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    );
    let x = SMatrix::<f64, 3, 784>::zeros();
    let t = Labels::<3, 10>::new([0, 1, 2]).unwrap();
    gradient_check(&mut model, &mut SoftmaxWithLoss::new(), &x, &t);
}
