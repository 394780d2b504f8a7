//! Weight decay (book 6.4.1): pull the weights toward 0 to fight over-fitting.

use super::Optimizer;
use crate::Float;
use crate::error::{HyperParamError, check_fraction};
use crate::params::{Name, Parameters};

/// Wraps an optimizer and, before each of its steps, shrinks every weight matrix by the factor
/// (1 − η·λ): W ← W − η·λ·W. Biases (parameters with one row) are left alone, as in the book.
///
/// For SGD this is exactly the book's weight decay, which adds λ/2·ΣW² to the loss and so λW
/// to ∂L/∂W. For adaptive optimizers (AdaGrad, RMSprop, Adam) it is the *decoupled* form
/// (Loshchilov & Hutter's AdamW): the decay is not divided by √h or √v, so every weight
/// shrinks at the same rate — the form that regularises Adam as intended.
///
/// ```
/// use dldw::optim::{Optimizer, Sgd, WeightDecay};
/// use dldw::layers::Affine;
/// let w = Box::new(nalgebra::Matrix2x1::new(1.0, -2.0));
/// let mut a = Affine::<2, 1, f64>::from_weights(w, nalgebra::Matrix1::new(3.0));
/// // Zero gradients (no backward yet): only the decay acts. η = 0.1, λ = 0.5: W ← 0.95 W.
/// let mut opt = WeightDecay::new(Sgd::new(0.1).unwrap(), 0.5).unwrap();
/// opt.step(&mut a);
/// assert_eq!((a.W[0], a.W[1], a.b[0]), (0.95, -1.9, 3.0));
/// ```
#[derive(Clone, Debug)]
pub struct WeightDecay<O> {
    inner: O,
    lambda: f64,
}

impl<O> WeightDecay<O> {
    /// Decays by η·λ per step, η being the wrapped optimizer's learning rate at that step (so a
    /// schedule that lowers η lowers the decay with it). η·λ must lie in [0, 1) for the
    /// optimizer's learning rate `lr` now.
    ///
    /// ```
    /// use dldw::optim::{Sgd, WeightDecay};
    /// assert!(WeightDecay::new(Sgd::<f32>::new(0.1).unwrap(), 1e-4).is_ok());
    /// assert!(WeightDecay::new(Sgd::<f32>::new(0.1).unwrap(), 20.0).is_err());
    /// ```
    pub fn new<T: Float>(inner: O, lambda: f64) -> Result<Self, HyperParamError>
    where
        O: Optimizer<T>,
    {
        check_fraction(
            "the weight decay per step (learning rate × λ)",
            "in [0, 1): try λ around 1e-4 for SGD or 0.01–0.1 for Adam",
            inner.learning_rate() * lambda,
        )?;
        Ok(WeightDecay { inner, lambda })
    }
}

impl<T: Float, O: Optimizer<T>> Optimizer<T> for WeightDecay<O> {
    fn step(&mut self, model: &mut impl Parameters<T>) {
        if self.lambda == 0.0 {
            // Nothing to decay: spare the pass over every weight.
            return self.inner.step(model);
        }
        // Decay first, so that with SGD the update is exactly W − η(∇ + λW).
        let keep = T::lit(1.0 - self.inner.learning_rate() * self.lambda);
        model.visit_params(&Name::Root, &mut |p| {
            if p.rows > 1 {
                p.value.iter_mut().for_each(|w| *w *= keep);
            }
        });
        self.inner.step(model);
    }

    fn learning_rate(&self) -> f64 {
        self.inner.learning_rate()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.inner.set_learning_rate(lr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{Affine, Layer};
    use crate::optim::Sgd;
    use nalgebra::{Matrix1, Matrix1x2, Matrix2x1};

    #[test]
    fn with_sgd_it_is_the_books_l2_weight_decay() {
        // W = [1, −2]ᵀ, b = 3, x = [1, 1], dout = 1: ∇W = xᵀ = [1, 1]ᵀ, ∇b = 1.
        // Book 6.4.1 with η = 0.1, λ = 0.5: W ← W − η(∇W + λW) = [1 − 0.1·1.5, −2 − 0.1·0]ᵀ
        // = [0.85, −2.0]ᵀ; the bias is not decayed: b ← 3 − 0.1 = 2.9.
        let mut a = Affine::<2, 1, f64>::from_weights(Box::new(Matrix2x1::new(1.0, -2.0)), Matrix1::new(3.0));
        a.forward(&Matrix1x2::new(1.0, 1.0));
        a.backward(&Matrix1::new(1.0));
        WeightDecay::new(Sgd::new(0.1).unwrap(), 0.5).unwrap().step(&mut a);
        assert!((a.W[0] - 0.85).abs() < 1e-15 && (a.W[1] + 2.0).abs() < 1e-15);
        assert!((a.b[0] - 2.9).abs() < 1e-15);
    }
}
