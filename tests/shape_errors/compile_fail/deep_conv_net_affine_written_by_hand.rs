// The book's DeepConvNet (8.1) with conv4's pad written as 1 instead of 2, and the Affine after
// the last pool given a width written by hand, 1024, the width pad 2 gives: with pad 1 the last
// pool gives 64×3×3 = 576. The error names the Affine and the image it is given, where the
// model is written. (Written as `Affine<{ flat_width::<Pool3>() }, 50>`, it would follow.)
use dldw::layers::{Affine, Dropout, Relu, SoftmaxWithLoss};
use dldw::{Convolution, Network, Pooling};

type Conv1 = Convolution![in: 1, 28, 28; filters: 16, 3, 3; pad: 1; stride: 1];
type Conv2 = Convolution![after: Conv1; filters: 16, 3, 3; pad: 1; stride: 1];
type Pool1 = Pooling![after: Conv2; pool: 2, 2; stride: 2];
type Conv3 = Convolution![after: Pool1; filters: 32, 3, 3; pad: 1; stride: 1];
type Conv4 = Convolution![after: Conv3; filters: 32, 3, 3; pad: 1; stride: 1];
type Pool2 = Pooling![after: Conv4; pool: 2, 2; stride: 2];
type Conv5 = Convolution![after: Pool2; filters: 64, 3, 3; pad: 1; stride: 1];
type Conv6 = Convolution![after: Conv5; filters: 64, 3, 3; pad: 1; stride: 1];
type Pool3 = Pooling![after: Conv6; pool: 2, 2; stride: 2];

struct DeepConvNet {
    net: Network<
        (
            (Conv1, Relu, Conv2, Relu, Pool1),
            (Conv3, Relu, Conv4, Relu, Pool2),
            (Conv5, Relu, Conv6, Relu, Pool3),
            (Affine<1024, 50>, Relu, Dropout, Affine<50, 10>, Dropout),
        ),
        SoftmaxWithLoss,
    >,
}

fn main() {}
