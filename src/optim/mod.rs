//! Optimizers (book 4.4 and 6.1): how parameters move against their gradients.
//!
//! An optimizer reaches every parameter of any model through
//! [`Parameters::visit_params`](crate::params::Parameters), so it never needs to know the model.
//! Those that remember something between steps keep it per parameter, by position in that
//! walk, allocated at the first step and reused afterwards (`state.rs`).
//!
//! | book | here | update | file |
//! |---|---|---|---|
//! | 4.4.1, 6.1.2 `SGD` | [`Sgd`] | W ← W − η∇ | `sgd.rs` |
//! | 6.1.4 `Momentum` | [`Momentum`] | v ← αv − η∇, W ← W + v | `momentum.rs` |
//! | 6.1 (code only) `Nesterov` | [`Nesterov`] | v ← αv − η∇, W ← W + α²v − (1 + α)η∇ | `nesterov.rs` |
//! | 6.1.5 `AdaGrad` | [`AdaGrad`] | h ← h + ∇², W ← W − η∇/(√h + 1e-7) | `adagrad.rs` |
//! | 6.1.5 `RMSprop` | [`RmsProp`] | h ← ρh + (1 − ρ)∇², W ← W − η∇/(√h + 1e-7) | `rmsprop.rs` |
//! | 6.1.6 `Adam` | [`Adam`] | m, v moving averages of ∇ and ∇², bias-corrected step | `adam.rs` |
//! | 6.4.1 weight decay | [`WeightDecay`] | W ← W − ηλW after the wrapped step (weights only) | `weight_decay.rs` |
//! | 6.1.7–6.1.8 comparing them | [`OptimizerKind`], [`AnyOptimizer`] | chosen by name at run time | `any.rs` |
//!
//! Each is built as in PyTorch: `new(lr)` takes the learning rate and gives the book's other
//! hyper-parameters (momentum α = 0.9, RMSprop's ρ = 0.99, Adam's β₁ = 0.9 and β₂ = 0.999);
//! a `with_…` method sets one of them and refuses a value that cannot work.
//!
//! ```
//! use dldw::optim::{Adam, Momentum, RmsProp};
//! let adam = Adam::<f32>::new(0.001)?;
//! let slower = Adam::<f32>::new(0.001)?.with_beta2(0.99)?;
//! let momentum = Momentum::<f32>::new(0.01)?.with_momentum(0.5)?;
//! let err = RmsProp::<f32>::new(0.01)?.with_decay_rate(1.5).unwrap_err();
//! assert_eq!(err.to_string(), "the decay rate must be in [0, 1) (the book uses 0.99), got 1.5");
//! # Ok::<(), dldw::HyperParamError>(())
//! ```

use crate::Float;
use crate::params::Parameters;

mod adagrad;
mod adam;
mod any;
mod momentum;
mod nesterov;
mod rmsprop;
mod sgd;
mod state;
#[cfg(test)]
mod testing;
mod weight_decay;

pub use adagrad::AdaGrad;
pub use adam::Adam;
pub use any::{AnyOptimizer, OptimizerKind, UnknownOptimizer};
pub use momentum::Momentum;
pub use nesterov::Nesterov;
pub use rmsprop::RmsProp;
pub use sgd::Sgd;
pub use weight_decay::WeightDecay;

/// Updates every parameter of a model from the gradients of its last backward pass.
///
/// ```
/// use dldw::optim::{Optimizer, Sgd};
/// use dldw::params::Parameters;
/// use dldw::layers::{Affine, Layer};
/// use dldw::init::Init;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut affine = Affine::<2, 1, f64>::new(Init::book(), &mut rng);
/// let x = nalgebra::RowSVector::<f64, 2>::new(1.0, 2.0);
/// affine.forward(&x);
/// affine.backward(&nalgebra::Matrix1::new(1.0)); // dW = xᵀ, db = 1
/// let w0 = *affine.W;
/// let mut sgd = Sgd::new(0.1).unwrap();
/// sgd.step(&mut affine);
/// assert_eq!(sgd.learning_rate(), 0.1);
/// assert!((affine.W[(1, 0)] - (w0[(1, 0)] - 0.2)).abs() < 1e-15);
/// assert!((affine.b[0] + 0.1).abs() < 1e-15);
/// ```
pub trait Optimizer<T: Float> {
    /// One update of every parameter of `model`.
    fn step(&mut self, model: &mut impl Parameters<T>);

    /// The learning rate η the next step uses.
    fn learning_rate(&self) -> f64;

    /// Sets the learning rate η for the next steps: what a schedule such as cosine decay
    /// calls between steps.
    ///
    /// # Panics
    /// If `lr` is negative or not finite: a schedule derives it from a rate that was checked
    /// when the optimizer was built, so this is a programming error.
    fn set_learning_rate(&mut self, lr: f64);
}

/// The check behind every [`Optimizer::set_learning_rate`].
pub(crate) fn scheduled_rate(lr: f64) -> f64 {
    assert!(
        lr.is_finite() && lr >= 0.0,
        "a learning-rate schedule produced {lr}; it must be finite and not negative"
    );
    lr
}
