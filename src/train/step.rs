//! One training step (the book's `train_step`, `common/trainer.py`): the gradient of the loss
//! by backpropagation, then one update of every parameter.

use super::Classifier;
use crate::Float;
use crate::loss::Labels;
use crate::optim::Optimizer;

/// One step of mini-batch training on the batch `x` with labels `t`: forward through the
/// layers, the loss, backward through the layers in reverse ([`Classifier::gradient`]), then
/// the optimizer's update of every parameter, W ← W − η·∂L/∂W for [`Sgd`](crate::optim::Sgd)
/// ([`Optimizer::step`]). Returns the batch's loss, computed before the update.
///
/// The book's `train_step` (`common/trainer.py`), and the body of chapter 4's loop:
/// `grad = network.gradient(x_batch, t_batch)`, `network.params[key] -= learning_rate *
/// grad[key]`, `loss = network.loss(x_batch, t_batch)`. [`train`](super::train) calls it once
/// per iteration; a loop written out by hand calls it the same way.
///
/// ```
/// use dldw::TwoLayerNet;
/// use dldw::loss::Labels;
/// use dldw::optim::Sgd;
/// use dldw::train::step;
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = TwoLayerNet::<2, 4, 2, f64>::new(dldw::init::Init::he(), &mut rng);
/// let mut sgd = Sgd::new(0.5)?;
/// // Class 0 on the left, class 1 on the right.
/// let x = SMatrix::<f64, 4, 2>::new(-1.0, 0.2, -0.8, -0.3, 0.9, 0.1, 1.1, -0.2);
/// let t = Labels::<4, 2>::new([0, 0, 1, 1])?;
/// let first = step(&mut net, &mut sgd, &x, &t);
/// let mut loss = first;
/// for _ in 0..50 {
///     loss = step(&mut net, &mut sgd, &x, &t);
/// }
/// assert!(loss < first / 4.0, "{first} → {loss}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn step<X, T: Float, const N: usize, const C: usize>(
    model: &mut impl Classifier<X, T, N, C>,
    optimizer: &mut impl Optimizer<T>,
    x: &X,
    t: &Labels<N, C>,
) -> T {
    // grad = network.gradient(x_batch, t_batch): forward, loss, backward in reverse.
    let loss = model.gradient(x, t);
    // network.params[key] -= learning_rate * grad[key], for every key.
    optimizer.step(model);
    loss
}
