// A bare tuple of layers, checked where it is written by wrapping it in `layers::model`: the
// second Affine takes 50 inputs, but the layers before it give 100.
use dldw::init::Init;
use dldw::layers::{Affine, Relu, model};
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let model = model((
        Affine::<784, 100, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    ));
    let _ = model;
}
