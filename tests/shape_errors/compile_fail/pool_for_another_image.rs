// A pooling written for the 26 × 26 image a 3 × 3 filter would give, after a convolution of
// 5 × 5 filters, which gives 24 × 24.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Relu, SoftmaxWithLoss};
use rand::SeedableRng;

type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
type Pool1 = dldw::Pooling![in: 30, 26, 26; pool: 2, 2; stride: 2];

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let net = Network::new((Conv1::new(Init::book(), &mut rng), Relu::new(), Pool1::new()), SoftmaxWithLoss::new());
    let _ = net;
}
