// A second convolution written for 3 input channels after a first one with 16 filters.
use dldw::init::Init;
use dldw::layers::{Relu, model};
use rand::SeedableRng;

type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 16, 3, 3; pad: 1; stride: 1];
type Conv2 = dldw::Convolution![in: 3, 28, 28; filters: 16, 3, 3; pad: 1; stride: 1];

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let layers = model((Conv1::new(Init::he(), &mut rng), Relu::new(), Conv2::new(Init::he(), &mut rng)));
    let _ = layers;
}
