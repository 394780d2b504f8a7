//! A network of any depth: a tuple of layers followed by a loss layer.
//!
//! The module is private: [`Network`] is re-exported at the crate root, and its docs say what
//! the compiler checks of it (the bounds on its type parameters, from
//! [`layers::shape`](crate::layers::shape)) and what it infers.

use crate::Float;
use crate::layers::{FirstLayer, LossLayer, Model};
use crate::loss::{Labels, Target};
use crate::params::{Name, Param, Parameters};
use crate::train::Classifier;
use nalgebra::SMatrix;

/// Layers `M` (usually a tuple such as `(Affine<784, 100>, Relu, Affine<100, 10>)`) and the loss
/// layer `L` that ends them: the book's `OrderedDict` of layers plus `lastLayer`, for any depth.
///
/// Its parameters are named by position: `0.W`, `0.b`, `2.W`, … .
///
/// ```
/// use dldw::Network;
/// use dldw::init::Init;
/// use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = Network::new(
///     (Affine::<4, 8, f64>::new(Init::he(), &mut rng), Relu::new(), Affine::<8, 3, f64>::new(Init::he(), &mut rng)),
///     SoftmaxWithLoss::new(),
/// );
/// let x = nalgebra::SMatrix::<f64, 2, 4>::new(1.0, 0.0, 0.5, 0.2, 0.0, 1.0, 0.3, 0.9);
/// let t = Labels::<2, 3>::new([0, 2]).unwrap();
/// let loss = net.gradient(&x, &t);
/// assert!(loss.is_finite() && loss > 0.0);
/// assert_eq!(net.layers.2.db.len(), 3);
/// ```
///
/// # Checked where it is written
/// `Network<M, L>` asks of its layers `M` that they form a [`Model`] (each layer takes the
/// width and float type the one before it gives, see [`layers::shape`](crate::layers::shape))
/// and of its loss layer `L` that it computes in the model's float type. The bounds are on the
/// type itself, so a model that does not line up is rejected where it is written: in
/// `Network::new(…)`, whether or not the network is ever run, and in a struct field or a
/// function signature that names the type. The same bounds let the compiler infer the float
/// type of every layer that does not fix it (`Relu::new()`, `SoftmaxWithLoss::new()`) from the
/// layers that do:
///
/// ```
/// use dldw::Network;
/// use dldw::init::Init;
/// use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
/// let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
/// let net = Network::new(
///     (
///         Affine::<784, 100, f32>::new(Init::he(), &mut rng),
///         Relu::new(), // Relu<f32>
///         Affine::<100, 10, f32>::new(Init::he(), &mut rng),
///     ),
///     SoftmaxWithLoss::new(), // SoftmaxWithLoss<f32>
/// );
/// # let _ = net;
/// ```
///
/// Written with `Affine::<50, 10, f32>` as its last layer, the same code does not build, and
/// the first error, at the line `Network::new(`, reads:
///
/// ```text
/// error[E0277]: `Affine<50, 10>` cannot follow a layer that gives `Width<100>` of `f32`
/// ```
///
/// (`Affine<50, 10>` is `Affine<50, 10, f32>`: rustc leaves out a default type argument.)
/// rustc says it twice, the second time under the whole call, for the type of the value the
/// call returns (it checks the return type of every call); the struct literal
/// `Network { layers, last }` is checked once. `docs/shape-errors.md` shows each mistake with
/// what the compiler says about it.
///
/// # Batches
/// [`predict`](Network::predict), [`loss`](Network::loss) and [`gradient`](Network::gradient)
/// take any batch `X` that the layers take as a first layer ([`FirstLayer<X, T>`]): an
/// `SMatrix<T, N, I>`, a [`SparseRows<T, N, I>`](crate::sparse::SparseRows), or a `Box` of
/// either. A batch of the wrong width or float type is rejected at the call, naming the layer
/// that cannot take it and both float types:
/// `` the layer `Affine<784, 50>` computes in `f32` and cannot take `Matrix<f64, …, Const<784>, …>` as its input ``.
///
/// A function generic over networks states the same bounds:
/// `fn f<M: Model, L: LossLayer<M::Float>>(net: &mut Network<M, L>)`.
#[derive(Clone, Debug)]
pub struct Network<M: Model, L: LossLayer<M::Float>> {
    /// The layers, run forward in order and backward in reverse.
    pub layers: M,
    /// The loss layer at the end.
    pub last: L,
}

impl<M: Model, L: LossLayer<M::Float>> Network<M, L> {
    /// A network from its layers and its loss layer.
    ///
    /// ```
    /// let net = dldw::Network::new(dldw::layers::Relu::<f32>::new(), dldw::layers::SoftmaxWithLoss::<f32>::new());
    /// # let _ = net;
    /// ```
    pub fn new(layers: M, last: L) -> Self {
        Network { layers, last }
    }

    /// The scores for a batch in test mode: every layer's
    /// [`predict`](crate::layers::Layer::predict), in order (no unit dropped, running statistics
    /// for batch normalisation). Training goes through [`Network::gradient`] instead, which runs
    /// the layers' `forward`.
    ///
    /// ```
    /// let mut net = dldw::Network::new(dldw::layers::Relu::<f64>::new(), dldw::layers::SoftmaxWithLoss::<f64>::new());
    /// let y = net.predict(&nalgebra::Matrix1x2::new(-1.0, 2.0));
    /// assert_eq!(*y, nalgebra::Matrix1x2::new(0.0, 2.0));
    /// ```
    pub fn predict<X, const N: usize, const C: usize>(&mut self, x: &X) -> &SMatrix<M::Float, N, C>
    where
        M: FirstLayer<X, M::Float, Output = SMatrix<M::Float, N, C>>,
    {
        self.layers.predict_first(x)
    }

    /// The loss of the batch against `t` in training mode (the layers' `forward`, as
    /// [`Network::gradient`] computes it): with [`Dropout`](crate::layers::Dropout) or
    /// [`BatchNorm`](crate::layers::BatchNorm) in the model it is the training loss of this
    /// batch, not the loss of the model at test time.
    ///
    /// ```
    /// let mut net = dldw::Network::new(dldw::layers::Relu::<f64>::new(), dldw::layers::SoftmaxWithLoss::<f64>::new());
    /// let t = dldw::loss::Labels::<1, 2>::new([0]).unwrap();
    /// assert!((net.loss(&nalgebra::Matrix1x2::new(-1.0, -2.0), &t) - 2.0_f64.ln()).abs() < 1e-6);
    /// ```
    pub fn loss<X, const N: usize, const C: usize>(
        &mut self,
        x: &X,
        t: &impl Target<M::Float, N, C>,
    ) -> M::Float
    where
        M: FirstLayer<X, M::Float, Output = SMatrix<M::Float, N, C>>,
    {
        let y = self.layers.forward_first(x);
        self.last.forward(y, t)
    }

    /// Backpropagation: forward to the loss, then every layer in reverse, leaving each
    /// parameter's gradient in its layer. Returns the loss.
    ///
    /// ```
    /// let mut net = dldw::Network::new(dldw::layers::Relu::<f64>::new(), dldw::layers::SoftmaxWithLoss::<f64>::new());
    /// let t = dldw::loss::Labels::<1, 2>::new([0]).unwrap();
    /// let loss = net.gradient(&nalgebra::Matrix1x2::new(1.0, 1.0), &t);
    /// assert!((loss - 2.0_f64.ln()).abs() < 1e-6);
    /// ```
    pub fn gradient<X, const N: usize, const C: usize>(
        &mut self,
        x: &X,
        t: &impl Target<M::Float, N, C>,
    ) -> M::Float
    where
        M: FirstLayer<X, M::Float, Output = SMatrix<M::Float, N, C>>,
    {
        let y = self.layers.forward_first(x);
        let loss = self.last.forward(y, t);
        let dout = self.last.backward::<N, C>();
        self.layers.backward_first(x, dout); // the layers in reverse; the first is given x back
        loss
    }
}

/// A network takes every batch its layers take ([`FirstLayer`]): dense, sparse, or boxed.
impl<X, const N: usize, const C: usize, M, L> Classifier<X, M::Float, N, C> for Network<M, L>
where
    M: Model
        + FirstLayer<X, M::Float, Output = SMatrix<M::Float, N, C>>
        + Parameters<M::Float>
        + Clone
        + Send,
    L: LossLayer<M::Float> + Clone + Send,
{
    fn predict(&mut self, x: &X) -> &SMatrix<M::Float, N, C> {
        Network::predict(self, x)
    }
    fn gradient(&mut self, x: &X, t: &Labels<N, C>) -> M::Float {
        Network::gradient(self, x, t)
    }
}

impl<T: Float, M: Model + Parameters<T>, L: LossLayer<M::Float>> Parameters<T> for Network<M, L> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.layers.visit_params(name, f);
    }
    fn visit_state(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.layers.visit_state(name, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Init;
    use crate::layers::{Affine, Relu, SoftmaxWithLoss};
    use rand::SeedableRng;

    type Small = Network<(Affine<3, 4, f64>, Relu<f64>, Affine<4, 2, f64>), SoftmaxWithLoss<f64>>;

    fn net(seed: u64) -> Small {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        Network::new(
            (Affine::new(Init::he(), &mut rng), Relu::new(), Affine::new(Init::he(), &mut rng)),
            SoftmaxWithLoss::new(),
        )
    }

    #[test]
    fn a_network_is_saved_and_loaded_under_its_positional_names() {
        let (mut a, mut b) = (net(0), net(1));
        let mut names = Vec::new();
        a.visit_params(&Name::Root, &mut |p| names.push(p.name.to_string()));
        assert_eq!(names, ["0.W", "0.b", "2.W", "2.b"]);

        let path = std::env::temp_dir().join(format!("dldw-network-{}.safetensors", std::process::id()));
        crate::io::save(&a, &path).unwrap();
        crate::io::load_into(&mut b, &path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let x = SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, 0.3, 0.2, -1.0);
        assert_eq!(*a.predict(&x), *b.predict(&x));
        assert_eq!((&a.layers.2.W, &a.layers.2.b), (&b.layers.2.W, &b.layers.2.b));
    }

    #[test]
    fn a_sparse_batch_trains_a_network_as_the_dense_one_does() {
        use crate::train::Classifier;
        let (mut dense, mut sparse) = (net(0), net(0));
        let x = SMatrix::<f64, 2, 3>::new(0.0, -2.0, 0.0, 0.3, 0.0, 0.0);
        let t = crate::loss::Labels::<2, 2>::new([1, 0]).unwrap();
        let loss = Classifier::gradient(&mut dense, &x, &t);
        let loss_sparse = Classifier::gradient(&mut sparse, &crate::sparse::SparseRows::from_dense(&x), &t);
        // The same products over the nonzeros only: equal up to rounding.
        assert!((loss - loss_sparse).abs() < 1e-12);
        assert!((*dense.layers.0.dW - *sparse.layers.0.dW).amax() < 1e-12);
    }
}
