// The book's float trap (ch07/simple_convnet.py with filter_size 6): the pool's size computed as
// conv_output_size / 2 = 11.5 in floating point, so the Affine is written for int(30·11.5²) =
// 3967 inputs. The convolution gives 23 × 23 and the pool 30 × 11 × 11 = 3630.
use dldw::Network;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use rand::SeedableRng;

type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 30, 6, 6; pad: 0; stride: 1];
type Pool1 = dldw::Pooling![after: Conv1; pool: 2, 2; stride: 2];

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let net = Network::new(
        (
            Conv1::new(Init::book(), &mut rng),
            Relu::new(),
            Pool1::new(),
            Affine::<3967, 100, f32>::new(Init::book(), &mut rng),
            Relu::new(),
            Affine::<100, 10, f32>::new(Init::book(), &mut rng),
        ),
        SoftmaxWithLoss::new(),
    );
    let _ = net;
}
