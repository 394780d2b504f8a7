// The same mismatched layer list, written as the type of a struct field: the type itself is
// rejected, though no value of it is ever made.
use dldw::Network;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};

struct Classifier {
    net: Network<(Affine<784, 100>, Relu<f32>, Affine<64, 10>), SoftmaxWithLoss<f32>>,
}

fn main() {}
