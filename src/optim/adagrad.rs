//! AdaGrad (book 6.1.5): h ← h + (∂L/∂W)², then W ← W − η ∂L/∂W / (√h + 1e-7).

use super::Optimizer;
use super::state::Slots;
use crate::Float;
use crate::error::{HyperParamError, check_learning_rate};
use crate::params::Parameters;

/// A learning rate per element that shrinks as that element's squared gradients add up
/// (the book's `AdaGrad`, default η = 0.01). The 1e-7 keeps the division finite while h is 0.
///
/// h ← h + ∂L/∂W ⊙ ∂L/∂W, W ← W − η ∂L/∂W / (√h + 1e-7)
///
/// ```
/// use dldw::optim::{AdaGrad, Optimizer};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(4.0, 0.0);
/// AdaGrad::new(0.1).unwrap().step(&mut affine);
/// // h = 16, W = 1 − 0.1·4/(4 + 1e-7) ≈ 0.9: the first step is η whatever the gradient's size.
/// assert!((affine.W[0] - 0.9).abs() < 1e-8);
/// assert_eq!(affine.W[1], 1.0); // a zero gradient moves nothing: 0/(0 + 1e-7)
/// ```
#[derive(Clone, Debug)]
pub struct AdaGrad<T> {
    lr: T,
    /// `[h]` for every parameter.
    slots: Slots<T, 1>,
}

impl<T: Float> AdaGrad<T> {
    /// AdaGrad with learning rate `lr` (η > 0).
    ///
    /// ```
    /// use dldw::optim::AdaGrad;
    /// assert!(AdaGrad::<f32>::new(0.01).is_ok());
    /// assert!(AdaGrad::<f32>::new(f64::NAN).is_err());
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        Ok(AdaGrad { lr: T::lit(check_learning_rate(lr)?), slots: Slots::new() })
    }
}

impl<T: Float> Optimizer<T> for AdaGrad<T> {
    fn learning_rate(&self) -> f64 {
        self.lr.as_f64()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = T::lit(super::scheduled_rate(lr));
    }

    /// # Panics
    /// If `model`'s parameters differ in number or size from those of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        let (lr, eps) = (self.lr, T::lit(1e-7));
        self.slots.for_each(model, |w, grad, [h]| {
            for ((w, g), h) in w.iter_mut().zip(grad).zip(h.iter_mut()) {
                *h += *g * *g;
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
    fn three_steps_match_the_hand_computation() {
        // η = 0.1, W₀ = [1, −1]; gradients chosen so that √h is a whole number at every step:
        // ∇₁ = [3, −4]:   h = [9, 16],   Δ = [0.3/(3 + 1e-7), −0.4/(4 + 1e-7)]
        //                                  = [0.09999999666666678, −0.09999999750000006]
        //                 W₁ = [0.9000000033333332, −0.9000000025]
        // ∇₂ = [4, −3]:   h = [25, 25],  Δ = [0.4/(5 + 1e-7), −0.3/(5 + 1e-7)]
        //                                  = [0.07999999840000003, −0.05999999880000002]
        //                 W₂ = [0.8200000049333332, −0.8400000037]
        // ∇₃ = [12, −12]: h = [169, 169], Δ = ±1.2/(13 + 1e-7) = ±0.09230769159763314
        //                 W₃ = [0.7276923133357000, −0.7476923121023668]
        let mut opt = AdaGrad::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[3.0, -4.0], [4.0, -3.0], [12.0, -12.0]]);
        assert_steps(
            &w,
            &[
                [0.9000000033333332, -0.9000000025],
                [0.8200000049333332, -0.8400000037],
                [0.7276923133357, -0.7476923121023668],
            ],
        );
    }

    #[test]
    fn a_bad_learning_rate_is_a_typed_error() {
        assert_eq!(AdaGrad::<f64>::new(0.0).unwrap_err(), HyperParamError::LearningRate(0.0));
    }
}
