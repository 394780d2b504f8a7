// The f32 model of f32_model_f64_data.rs, run as a network runs it: the batch goes in through
// the first layer's door (`model.forward_first(&x)`, `dldw::layers::FirstLayer`), which takes the
// batch's type from `x`, so the error names the layer that cannot take it and both float types.
use dldw::init::Init;
use dldw::layers::{Affine, FirstLayer, Relu};
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut model = (
        Affine::<784, 50, f32>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f32>::new(Init::book(), &mut rng),
    );
    let x = SMatrix::<f64, 2, 784>::zeros();
    model.forward_first(&x);
}
