//! RMSprop (book 6.1.5): h ← ρh + (1 − ρ)(∂L/∂W)², then W ← W − η ∂L/∂W / (√h + 1e-7).

use super::Optimizer;
use super::state::Slots;
use crate::Float;
use crate::error::{HyperParamError, check_fraction, check_learning_rate};
use crate::params::Parameters;

/// AdaGrad that forgets: h is a moving average of the squared gradients, so old gradients
/// fade with the decay rate ρ and the steps do not shrink to nothing (the book's `RMSprop`,
/// defaults η = 0.01, ρ = 0.99).
///
/// h ← ρh + (1 − ρ) ∂L/∂W ⊙ ∂L/∂W, W ← W − η ∂L/∂W / (√h + 1e-7)
///
/// ```
/// use dldw::optim::{Optimizer, RmsProp};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(1.0, 0.0);
/// RmsProp::new(0.01).unwrap().step(&mut affine);
/// // h = 0.01·1² so √h = 0.1: the first step is η/√(1 − ρ) = 10η, as the book's code does.
/// assert!((affine.W[0] - 0.9).abs() < 1e-6);
/// ```
#[derive(Clone, Debug)]
pub struct RmsProp<T> {
    lr: T,
    decay_rate: T,
    /// 1 − ρ, computed once in f64 as the book's Python does.
    keep_new: T,
    /// `[h]` for every parameter.
    slots: Slots<T, 1>,
}

impl<T: Float> RmsProp<T> {
    /// RMSprop with learning rate `lr` (η > 0) and the book's decay rate ρ = 0.99 (PyTorch's
    /// `alpha=0.99`); set another with [`RmsProp::with_decay_rate`].
    ///
    /// ```
    /// use dldw::optim::RmsProp;
    /// let opt = RmsProp::<f32>::new(0.01)?;
    /// assert!(RmsProp::<f32>::new(0.0).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        let lr = T::lit(check_learning_rate(lr)?);
        Ok(RmsProp { lr, decay_rate: T::zero(), keep_new: T::zero(), slots: Slots::new() }.decay(0.99))
    }

    /// This optimizer with decay rate ρ (in [0, 1)): how much of h each step keeps.
    ///
    /// ```
    /// use dldw::optim::RmsProp;
    /// let opt = RmsProp::<f32>::new(0.01)?.with_decay_rate(0.9)?;
    /// let err = RmsProp::<f32>::new(0.01)?.with_decay_rate(1.0).unwrap_err();
    /// assert_eq!(err.to_string(), "the decay rate must be in [0, 1) (the book uses 0.99), got 1");
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn with_decay_rate(self, decay_rate: f64) -> Result<Self, HyperParamError> {
        let rho = check_fraction("the decay rate", "in [0, 1) (the book uses 0.99)", decay_rate)?;
        Ok(self.decay(rho))
    }

    /// Sets ρ, checked, and 1 − ρ.
    fn decay(self, rho: f64) -> Self {
        RmsProp { decay_rate: T::lit(rho), keep_new: T::lit(1.0 - rho), ..self }
    }
}

impl<T: Float> Optimizer<T> for RmsProp<T> {
    fn learning_rate(&self) -> f64 {
        self.lr.as_f64()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = T::lit(super::scheduled_rate(lr));
    }

    /// # Panics
    /// If `model`'s parameters differ in number or size from those of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        let (lr, rho, keep_new, eps) = (self.lr, self.decay_rate, self.keep_new, T::lit(1e-7));
        self.slots.for_each(model, |w, grad, [h]| {
            for ((w, g), h) in w.iter_mut().zip(grad).zip(h.iter_mut()) {
                *h = rho * *h + keep_new * *g * *g;
                *w -= lr * *g / (h.sqrt() + eps);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_steps, weights_after_steps};

    #[test]
    fn two_steps_match_the_hand_computation() {
        // η = 0.1, ρ = 0.99, W₀ = [1, −1], ∇ = [1, −2] at both steps.
        // h₁ = 0.01·∇² = [0.01, 0.04], √h₁ = [0.1, 0.2]
        //   Δ₁ = [0.1/(0.1 + 1e-7), −0.2/(0.2 + 1e-7)] = [0.999999000001, −0.99999950000025]
        //   W₁ = [9.99999e-7, −4.9999975e-7]
        // h₂ = 0.99·h₁ + 0.01·∇² = [0.0199, 0.0796], √h₂ = [0.14106735979665884, 0.28213471959331769]
        //   Δ₂ = [0.1/(0.14106735979665884 + 1e-7), −0.2/(0.28213471959331769 + 1e-7)]
        //      = [0.7088807024961293, −0.7088809537521435]
        //   W₂ = [−0.7088797024971293, 0.7088804537523935]
        let mut opt = RmsProp::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[1.0, -2.0]; 2]);
        assert_steps(&w, &[[9.99999e-7, -4.9999975e-7], [-0.7088797024971293, 0.7088804537523935]]);
    }

    #[test]
    fn bad_hyper_parameters_are_typed_errors() {
        assert_eq!(
            RmsProp::<f64>::new(f64::INFINITY).unwrap_err(),
            HyperParamError::LearningRate(f64::INFINITY)
        );
        let err = RmsProp::<f64>::new(0.01).unwrap().with_decay_rate(1.0).unwrap_err();
        assert_eq!(err.to_string(), "the decay rate must be in [0, 1) (the book uses 0.99), got 1");
    }
}
