// The model takes images of 784 pixels; the batch has 783 columns. As in f32_model_f64_data.rs,
// the bare tuple's `forward` gives E0308 (784 expected, 783 found); a `Network` names the layer
// (network_batch_of_wrong_width.rs).
use dldw::init::Init;
use dldw::layers::{Affine, Layer, Relu};
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut model = (
        Affine::<784, 50, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    );
    let x = SMatrix::<f64, 2, 783>::zeros();
    model.forward(&x);
}
