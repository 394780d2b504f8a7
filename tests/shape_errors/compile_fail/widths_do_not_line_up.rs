// The second Affine takes 50 inputs, but the layers before it give 100. A bare tuple is only
// checked where it is used, and a method called on it fails as a whole (E0599), naming the
// layer at fault only in the note. Wrapped in `dldw::layers::model(…)` (see
// bare_tuple_in_model.rs) or in `Network::new(…)`, the same tuple is rejected where it is
// written, with a first line that names the layer and both widths.
use dldw::init::Init;
use dldw::layers::{Affine, Layer, Relu};
use nalgebra::SMatrix;
use rand::SeedableRng;

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut model = (
        Affine::<784, 100, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    );
    let x = SMatrix::<f64, 2, 784>::zeros();
    model.forward(&x);
}
