// The layers compute in f32; the data is f64. A method of the bare tuple (`Layer::forward`) takes
// its batch type from the model's first layer before it looks at `x`, so rustc reports E0308
// (f32 expected, f64 found) without naming a layer. `Network::predict`/`gradient` and
// `model.forward_first(&x)` (bare_tuple_given_f64_batch_as_first_layer.rs) name it.
use dldw::init::Init;
use dldw::layers::{Affine, Layer, Relu};
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
    model.forward(&x);
}
