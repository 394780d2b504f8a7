//! Momentum SGD (book 6.1.4): v ← αv − η∂L/∂W, then W ← W + v.

use super::Optimizer;
use super::state::Slots;
use crate::Float;
use crate::error::{HyperParamError, check_fraction, check_learning_rate};
use crate::params::Parameters;

/// SGD with a velocity: each parameter keeps `v`, which the gradient accelerates and the
/// momentum α slows down like friction (the book's `Momentum`, defaults η = 0.01, α = 0.9).
///
/// v ← αv − η∂L/∂W, W ← W + v
///
/// ```
/// use dldw::optim::{Momentum, Optimizer};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(1.0, 0.0);
/// let mut opt = Momentum::new(0.1).unwrap();
/// opt.step(&mut affine); // v = −0.1
/// opt.step(&mut affine); // v = 0.9·(−0.1) − 0.1 = −0.19
/// assert!((affine.W[0] - (1.0 - 0.1 - 0.19)).abs() < 1e-15);
/// assert_eq!(affine.W[1], 1.0);
/// ```
#[derive(Clone, Debug)]
pub struct Momentum<T> {
    // Visible to the module: `Nesterov` (nesterov.rs) keeps the same η, α and v and
    // only steps them its own way.
    pub(super) lr: T,
    pub(super) momentum: T,
    /// `[v]` for every parameter.
    pub(super) slots: Slots<T, 1>,
}

impl<T: Float> Momentum<T> {
    /// Momentum SGD with learning rate `lr` (η > 0) and the book's momentum α = 0.9 (PyTorch's
    /// `SGD(momentum=0.9)`); set another with [`Momentum::with_momentum`].
    ///
    /// ```
    /// use dldw::optim::Momentum;
    /// let opt = Momentum::<f32>::new(0.01)?;
    /// assert!(Momentum::<f32>::new(-0.01).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        Ok(Momentum { lr: T::lit(check_learning_rate(lr)?), momentum: T::lit(0.9), slots: Slots::new() })
    }

    /// This optimizer with momentum α (in [0, 1); 0 is plain SGD).
    ///
    /// ```
    /// use dldw::optim::Momentum;
    /// let opt = Momentum::<f32>::new(0.01)?.with_momentum(0.5)?;
    /// let err = Momentum::<f32>::new(0.01)?.with_momentum(1.0).unwrap_err();
    /// assert_eq!(err.to_string(), "momentum must be in [0, 1) (the book uses 0.9), got 1");
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn with_momentum(self, momentum: f64) -> Result<Self, HyperParamError> {
        let momentum = check_fraction("momentum", "in [0, 1) (the book uses 0.9)", momentum)?;
        Ok(Momentum { momentum: T::lit(momentum), ..self })
    }
}

impl<T: Float> Optimizer<T> for Momentum<T> {
    fn learning_rate(&self) -> f64 {
        self.lr.as_f64()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = T::lit(super::scheduled_rate(lr));
    }

    /// # Panics
    /// If `model`'s parameters differ in number or size from those of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        let (lr, momentum) = (self.lr, self.momentum);
        self.slots.for_each(model, |w, grad, [v]| {
            for ((w, g), v) in w.iter_mut().zip(grad).zip(v.iter_mut()) {
                *v = momentum * *v - lr * *g;
                *w += *v;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_steps, weights_after_steps};

    #[test]
    fn three_steps_match_the_hand_computation() {
        // η = 0.1, α = 0.9, W₀ = [1, −1], ∇ = [0.5, −2] at every step, so −η∇ = [−0.05, 0.2]:
        // v₁ = [−0.05, 0.2]                            W₁ = [0.95, −0.8]
        // v₂ = 0.9·v₁ − η∇ = [−0.095, 0.38]            W₂ = [0.855, −0.42]
        // v₃ = 0.9·v₂ − η∇ = [−0.1355, 0.542]          W₃ = [0.7195, 0.122]
        let mut opt = Momentum::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[0.5, -2.0]; 3]);
        assert_steps(&w, &[[0.95, -0.8], [0.855, -0.42], [0.7195, 0.122]]);
    }

    #[test]
    fn zero_momentum_is_plain_sgd() {
        // α = 0: v = −η∇, so W moves by −0.1·[0.5, −2] = [−0.05, 0.2] at each step.
        let mut opt = Momentum::new(0.1).unwrap().with_momentum(0.0).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[0.5, -2.0]; 2]);
        assert_steps(&w, &[[0.95, -0.8], [0.9, -0.6]]);
    }

    #[test]
    fn bad_hyper_parameters_are_typed_errors() {
        assert_eq!(Momentum::<f64>::new(0.0).unwrap_err(), HyperParamError::LearningRate(0.0));
        for bad in [1.0, -0.1, f64::NAN] {
            let err = Momentum::<f64>::new(0.01).unwrap().with_momentum(bad).unwrap_err();
            assert!(matches!(err, HyperParamError::OutOfRange { name: "momentum", .. }), "{err}");
        }
        let msg = Momentum::<f64>::new(0.01).unwrap().with_momentum(1.5).unwrap_err().to_string();
        assert_eq!(msg, "momentum must be in [0, 1) (the book uses 0.9), got 1.5");
    }
}
