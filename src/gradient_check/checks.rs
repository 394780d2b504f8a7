//! The checks a user calls: a model with its loss layer (the book's 5.7.3), one layer on its
//! own, and any model's parameters against a loss of the caller's.

use super::GradCheck;
use super::compare::{check_params_with, compare};
use super::objective::{Copied, Readout, WithTarget};
use crate::Float;
use crate::buffer::zeros_boxed;
use crate::layers::{Layer, LossLayer};
use crate::loss::Target;
use crate::params::Parameters;
use nalgebra::SMatrix;
use rand::{Rng, RngExt};

/// The book's gradient check: `model` followed by the loss layer `last` on the batch `x` with
/// target `t`, backpropagation against central differences for every parameter and for `x`.
///
/// Afterwards every parameter holds exactly its old value, and the model and `last` are as
/// after one `forward` and `backward` on `x` (their gradients are the backprop ones).
///
/// ```
/// use dldw::gradient_check::gradient_check;
/// use dldw::init::Init;
/// use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
/// use dldw::loss::Labels;
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let mut model = (
///     Affine::<4, 5, f64>::new(Init::he(), &mut rng),
///     Relu::new(),
///     Affine::<5, 3, f64>::new(Init::he(), &mut rng),
/// );
/// let x = SMatrix::<f64, 2, 4>::new(0.5, -1.0, 2.0, 0.3, -0.7, 1.5, 0.2, -2.0);
/// let t = Labels::<2, 3>::new([2, 0]).unwrap();
/// let report = gradient_check(&mut model, &mut SoftmaxWithLoss::new(), &x, &t);
/// print!("{report}"); // 0.W:…, 0.b:…, 2.W:…, 2.b:…, x:…
/// assert_eq!(report.entries.len(), 5);
/// // The δ = 1e-7 in the cross-entropy's log accounts for most of the difference.
/// assert!(report.max_abs_diff() < 1e-5);
/// ```
pub fn gradient_check<T, M, L, const N: usize, const I: usize, const C: usize>(
    model: &mut M,
    last: &mut L,
    x: &SMatrix<T, N, I>,
    t: &impl Target<T, N, C>,
) -> GradCheck
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>> + Parameters<T>,
    M: Clone + Send,
    L: LossLayer<T>,
    L: Clone + Send,
{
    let objective = WithTarget { last: last.clone(), t: Copied::new(t) };
    let report = compare(model, objective, x);
    last.forward(model.forward(x), t);
    model.backward(last.backward::<N, C>());
    report
}

/// Checks one layer on its own, with the loss L = Σₙₖ rₙₖ·yₙₖ for a random `r` drawn once
/// from U(−1, 1): then ∂L/∂y = r, so every output element passes a different weight back and
/// a mistake in any of them shows. This is the one call to make for a layer you wrote.
///
/// The layer needs [`Layer`] and [`Parameters`] (an empty `visit_params` if it has no
/// parameters), and `Clone + Send` so that each core can check a share of the elements on its
/// own copy. Here a `Tanh` layer, y = tanh x with dx = dout·(1 − y²), is written and
/// checked, once and then as a property test over random inputs:
///
/// ```
/// use dldw::gradient_check::check_layer;
/// use dldw::layers::Layer;
/// use dldw::params::{Name, Param, Parameters};
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
///
/// #[derive(Clone)]
/// struct Tanh<const N: usize, const D: usize> {
///     y: SMatrix<f64, N, D>,
///     dx: SMatrix<f64, N, D>,
/// }
///
/// impl<const N: usize, const D: usize> Tanh<N, D> {
///     fn new() -> Self {
///         Tanh { y: SMatrix::zeros(), dx: SMatrix::zeros() }
///     }
/// }
///
/// impl<const N: usize, const D: usize> Layer<SMatrix<f64, N, D>> for Tanh<N, D> {
///     type Output = SMatrix<f64, N, D>;
///     fn forward(&mut self, x: &SMatrix<f64, N, D>) -> &SMatrix<f64, N, D> {
///         self.y = x.map(f64::tanh);
///         &self.y
///     }
///     /// dx = dout · (1 − y²)
///     fn backward(&mut self, dout: &SMatrix<f64, N, D>) -> &SMatrix<f64, N, D> {
///         self.dx = dout.zip_map(&self.y, |d, y| d * (1.0 - y * y));
///         &self.dx
///     }
/// }
///
/// impl<const N: usize, const D: usize> Parameters<f64> for Tanh<N, D> {
///     fn visit_params(&mut self, _: &Name<'_>, _: &mut dyn FnMut(Param<'_, f64>)) {}
/// }
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let x = SMatrix::<f64, 2, 3>::new(0.5, -1.0, 2.0, 0.0, -0.3, 1.2);
/// let report = check_layer(&mut Tanh::new(), &x, &mut rng);
/// // The central difference is off by h²/6·|tanh‴| ≤ 3.4e-9 per unit of r.
/// assert!(report.get("x").unwrap().max_abs_diff < 1e-8);
///
/// // The same check over 32 random inputs of shape 3×4. As a property test, with proptest
/// // drawing the inputs and shrinking a failure to a small case, this is
/// // `proptest!(|(v in prop::collection::vec(-3.0..3.0_f64, 12), seed: u64)| { … })`
/// // (the crate's own layers are checked so in `tests/gradients.rs`).
/// use rand::RngExt;
/// for seed in 0..32 {
///     let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
///     let x = SMatrix::<f64, 3, 4>::from_fn(|_, _| rng.random_range(-3.0..3.0));
///     let report = check_layer(&mut Tanh::new(), &x, &mut rng);
///     assert!(report.max_abs_diff() < 1e-8, "{report}");
/// }
/// ```
pub fn check_layer<T, M, const N: usize, const I: usize, const O: usize>(
    layer: &mut M,
    x: &SMatrix<T, N, I>,
    rng: &mut impl Rng,
) -> GradCheck
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, O>> + Parameters<T>,
    M: Clone + Send,
{
    let mut r = zeros_boxed::<T, N, O>();
    r.iter_mut().for_each(|v| *v = T::lit(rng.random_range(-1.0..1.0)));
    let report = compare(layer, Readout { r: r.clone() }, x);
    layer.forward(x);
    layer.backward(&r);
    report
}

/// Compares the gradients a model holds now (left by the backward pass you just ran) with the
/// numerical gradients of `loss`, parameter by parameter: the check for models that are not a
/// [`Layer`], such as the book's [`TwoLayerNet`](crate::TwoLayerNet) with its `W1`, `b1`, `W2`,
/// `b2` (the book's `gradient_check.py` exactly). The elements are shared out over the cores,
/// each thread perturbing its own clone of the model (hence `Clone + Send`, and a `loss` that
/// threads can share); the model's own parameters are not touched.
///
/// ```
/// use dldw::gradient_check::check_params;
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(3);
/// let mut net = dldw::TwoLayerNet::<6, 5, 3, f64>::new(dldw::init::Init::he(), &mut rng);
/// let x = nalgebra::SMatrix::<f64, 2, 6>::from_fn(|n, k| ((n * 6 + k) as f64 * 0.7).sin());
/// let t = Labels::<2, 3>::new([2, 0]).unwrap();
/// net.gradient(&x, &t); // backprop first
/// let report = check_params(&mut net, |net| net.loss(&x, &t));
/// let names: Vec<_> = report.entries.iter().map(|e| e.name.as_str()).collect();
/// assert_eq!(names, ["W1", "b1", "W2", "b2"]);
/// assert!(report.max_abs_diff() < 1e-6);
/// ```
pub fn check_params<T: Float, M: Parameters<T> + Clone + Send>(
    model: &mut M,
    loss: impl Fn(&mut M) -> T + Sync,
) -> GradCheck {
    check_params_with(model, (), |model, ()| loss(model))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{Affine, IdentityWithLoss, Relu};
    use crate::loss::Labels;
    use nalgebra::{Matrix2x3, RowSVector};
    use rand::SeedableRng;

    fn model() -> (Affine<3, 2, f64>, Relu<f64>) {
        let w = nalgebra::Matrix3x2::new(0.1, -0.7, 0.3, 0.2, -0.5, 0.9);
        (Affine::from_weights(Box::new(w), RowSVector::<f64, 2>::new(0.01, -0.02)), Relu::new())
    }

    #[test]
    fn parameters_are_restored_bit_for_bit_and_gradients_are_backprops() {
        let x = Matrix2x3::new(0.3, -1.1, 0.7, 1.9, 0.4, -0.6);
        let t = Labels::<2, 2>::new([1, 0]).unwrap();
        let (mut checked, mut plain) = (model(), model());
        let report = gradient_check(&mut checked, &mut IdentityWithLoss::new(), &x, &t);
        assert_eq!((&checked.0.W, &checked.0.b), (&plain.0.W, &plain.0.b));

        let mut last = IdentityWithLoss::new();
        let loss = last.forward(plain.forward(&x), &t);
        let _: &Matrix2x3<f64> = plain.backward(last.backward::<2, 2>());
        assert_eq!((&checked.0.dW, &checked.0.db), (&plain.0.dW, &plain.0.db));
        assert_eq!(report.loss, loss);
    }

    #[test]
    fn report_has_one_entry_per_parameter_then_the_input() {
        let x = Matrix2x3::new(0.3, -1.1, 0.7, 1.9, 0.4, -0.6);
        let report = check_layer(&mut model(), &x, &mut rand::rngs::StdRng::seed_from_u64(3));
        let entries: Vec<_> = report.entries.iter().map(|d| (d.name.as_str(), d.len)).collect();
        assert_eq!(entries, [("0.W", 6), ("0.b", 2), ("x", 6)]);
        // Linear readout of an Affine followed by ReLU away from its kink: only rounding is
        // left, ε·|L|/h ≈ 1e-12.
        assert!(report.max_abs_diff() < 1e-10, "{report}");
    }
}
