// An f64 convolution after f32 layers: a model computes in one float type.
use dldw::init::Init;
use dldw::layers::{Relu, model};
use rand::SeedableRng;

type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 8, 3, 3; pad: 1; stride: 1];
type Conv2 = dldw::Convolution![after: Conv1; filters: 8, 3, 3; pad: 1; stride: 1; f64];

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let layers = model((Conv1::new(Init::he(), &mut rng), Relu::<f32>::new(), Conv2::new(Init::he(), &mut rng)));
    let _ = layers;
}
