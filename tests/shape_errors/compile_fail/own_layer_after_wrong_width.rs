// A layer of the user's own, of fixed width 4, after an Affine that gives 3: the message names
// the user's layer as it names dldw's. (Its `Layer` impl, which the check does not need, is
// left out.)
use dldw::Float;
use dldw::init::Init;
use dldw::layers::{Affine, AnyWidth, Shape, SoftmaxWithLoss, Takes, Width};
use rand::SeedableRng;

struct Scale<const D: usize, T: Float>(std::marker::PhantomData<T>);

impl<const D: usize, T: Float> Shape for Scale<D, T> {
    type Float = T;
    type Input = Width<D>;
}
impl<const D: usize, T: Float> Takes<T, Width<D>> for Scale<D, T> {
    type Gives = Width<D>;
}
#[diagnostic::do_not_recommend]
impl<const D: usize, T: Float> Takes<T, AnyWidth> for Scale<D, T> {
    type Gives = Width<D>;
}

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let net = dldw::Network::new(
        (Affine::<2, 3, f64>::new(Init::he(), &mut rng), Scale::<4, f64>(std::marker::PhantomData)),
        SoftmaxWithLoss::new(),
    );
    let _ = net;
}
