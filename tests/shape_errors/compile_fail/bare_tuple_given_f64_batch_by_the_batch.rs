// The f32 model of f32_model_f64_data.rs, run the other way round: the batch is given the model
// (`x.forward(&mut model)`, `dldw::layers::InputOf`), so rustc takes the batch's type from `x`
// and the error names the layer that cannot take it.
use dldw::init::Init;
use dldw::layers::{Affine, InputOf, Relu};
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
    x.forward(&mut model);
}
