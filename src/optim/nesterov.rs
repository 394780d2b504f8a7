//! Nesterov's accelerated gradient (the book's `Nesterov` class in `common/optimizer.py`, beside 6.1):
//! v ← αv − η∂L/∂W, then W ← W + α²v − (1 + α)η∂L/∂W.

use super::{Momentum, Optimizer};
use crate::Float;
use crate::error::HyperParamError;
use crate::params::Parameters;

/// Momentum that looks ahead: the update uses where the velocity is about to carry the
/// parameter (the book's `Nesterov`, defaults η = 0.01, α = 0.9; arXiv:1212.0901).
///
/// v ← αv − η∂L/∂W, W ← W + α²v − (1 + α)η∂L/∂W
///
/// ```
/// use dldw::optim::{Nesterov, Optimizer};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(1.0, 0.0);
/// Nesterov::new(0.1).unwrap().step(&mut affine);
/// // v = −0.1, W = 1 + 0.81·(−0.1) − 1.9·0.1 = 0.729
/// assert!((affine.W[0] - 0.729).abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub struct Nesterov<T>(
    /// η, α and the velocity v of every parameter, as in the book, where `Nesterov` is
    /// built exactly as `Momentum` is; only the step below differs.
    Momentum<T>,
);

impl<T: Float> Nesterov<T> {
    /// Nesterov momentum with learning rate `lr` (η > 0) and the book's momentum α = 0.9
    /// (PyTorch's `SGD(momentum=0.9, nesterov=True)`); set another with
    /// [`Nesterov::with_momentum`].
    ///
    /// ```
    /// use dldw::optim::Nesterov;
    /// let opt = Nesterov::<f64>::new(0.01)?;
    /// assert!(Nesterov::<f64>::new(f64::NAN).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        Momentum::new(lr).map(Nesterov)
    }

    /// This optimizer with momentum α (in [0, 1)).
    ///
    /// ```
    /// use dldw::optim::Nesterov;
    /// let opt = Nesterov::<f64>::new(0.01)?.with_momentum(0.95)?;
    /// assert!(Nesterov::<f64>::new(0.01)?.with_momentum(-0.5).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn with_momentum(self, momentum: f64) -> Result<Self, HyperParamError> {
        self.0.with_momentum(momentum).map(Nesterov)
    }
}

impl<T: Float> Optimizer<T> for Nesterov<T> {
    fn learning_rate(&self) -> f64 {
        self.0.learning_rate()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.0.set_learning_rate(lr);
    }

    /// # Panics
    /// If `model`'s parameters differ in number or size from those of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        let Momentum { lr, momentum, slots } = &mut self.0;
        let (lr, momentum) = (*lr, *momentum);
        let (ahead, grad_scale) = (momentum * momentum, (T::one() + momentum) * lr);
        slots.for_each(model, |w, grad, [v]| {
            for ((w, g), v) in w.iter_mut().zip(grad).zip(v.iter_mut()) {
                *v = momentum * *v - lr * *g;
                *w += ahead * *v - grad_scale * *g;
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
        // η = 0.1, α = 0.9, W₀ = [1, −1], ∇ = [0.5, −2]; α² = 0.81, (1 + α)η∇ = [0.095, −0.38].
        // v₁ = [−0.05, 0.2]    W₁ = W₀ + 0.81·v₁ − [0.095, −0.38]
        //                         = [1 − 0.0405 − 0.095, −1 + 0.162 + 0.38] = [0.8645, −0.458]
        // v₂ = [−0.095, 0.38]  W₂ = [0.8645 − 0.07695 − 0.095, −0.458 + 0.3078 + 0.38]
        //                         = [0.69255, 0.2298]
        // v₃ = [−0.1355, 0.542] W₃ = [0.69255 − 0.109755 − 0.095, 0.2298 + 0.43902 + 0.38]
        //                         = [0.487795, 1.04882]
        let mut opt = Nesterov::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[0.5, -2.0]; 3]);
        assert_steps(&w, &[[0.8645, -0.458], [0.69255, 0.2298], [0.487795, 1.04882]]);
    }

    #[test]
    fn bad_hyper_parameters_are_typed_errors() {
        assert_eq!(Nesterov::<f64>::new(-0.1).unwrap_err(), HyperParamError::LearningRate(-0.1));
        for bad in [1.0, -0.1, f64::INFINITY] {
            let err = Nesterov::<f64>::new(0.01).unwrap().with_momentum(bad).unwrap_err();
            assert!(matches!(err, HyperParamError::OutOfRange { name: "momentum", .. }), "{err}");
        }
    }
}
