//! Adam (book 6.1.6, the book's `Adam` class): momentum and RMSprop together, with the bias
//! of their zero start corrected in the step size.

use super::Optimizer;
use super::state::Slots;
use crate::Float;
use crate::error::{HyperParamError, check_fraction, check_learning_rate};
use crate::kernels::each;
use crate::params::Parameters;

/// Adam as the book writes it (defaults η = 0.001, β₁ = 0.9, β₂ = 0.999; arXiv:1412.6980).
/// At step t (counting from 1):
///
/// ```text
/// lr_t = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// m   ← m + (1 − β₁)(∂L/∂W − m)
/// v   ← v + (1 − β₂)((∂L/∂W)² − v)
/// W   ← W − lr_t·m / (√v + 1e-7)
/// ```
///
/// ```
/// use dldw::optim::{Adam, Optimizer};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(50.0, -0.02);
/// Adam::new(0.001).unwrap().step(&mut affine);
/// // The first step is about η·sign(∂L/∂W), whatever the gradient's size; it falls short by
/// // the relative amount 1e-7/√v, here 1e-7/(√0.001·0.02) ≈ 1.6e-4 for the small gradient.
/// assert!((affine.W[0] - 0.999).abs() < 1e-8);
/// assert!((affine.W[1] - 1.000_999_84).abs() < 1e-8);
/// ```
#[derive(Clone, Debug)]
pub struct Adam<T> {
    lr: f64,
    beta1: f64,
    beta2: f64,
    /// 1 − β₁ and 1 − β₂, computed once in f64 as the book's Python does.
    keep_new: (T, T),
    /// Steps taken so far (the book's `self.iter`).
    iter: u64,
    /// `[m, v]` for every parameter.
    slots: Slots<T, 2>,
}

impl<T: Float> Adam<T> {
    /// Adam with learning rate `lr` (η > 0) and the book's decay rates β₁ = 0.9, β₂ = 0.999
    /// (PyTorch's defaults too); set others with [`Adam::with_beta1`] and [`Adam::with_beta2`].
    ///
    /// ```
    /// use dldw::optim::Adam;
    /// let adam = Adam::<f32>::new(0.001)?;
    /// assert!(Adam::<f32>::new(0.0).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        Ok(Adam {
            lr: check_learning_rate(lr)?,
            beta1: 0.0,
            beta2: 0.0,
            keep_new: (T::zero(), T::zero()),
            iter: 0,
            slots: Slots::new(),
        }
        .betas(0.9, 0.999))
    }

    /// This Adam with the decay rate of the gradient's moving average β₁ (in [0, 1); the book
    /// uses 0.9).
    ///
    /// ```
    /// use dldw::optim::Adam;
    /// let adam = Adam::<f64>::new(0.001)?.with_beta1(0.5)?;
    /// let err = Adam::<f64>::new(0.001)?.with_beta1(1.0).unwrap_err();
    /// assert_eq!(err.to_string(), "beta1 must be in [0, 1) (the book uses 0.9), got 1");
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn with_beta1(self, beta1: f64) -> Result<Self, HyperParamError> {
        let beta1 = check_fraction("beta1", "in [0, 1) (the book uses 0.9)", beta1)?;
        let beta2 = self.beta2;
        Ok(self.betas(beta1, beta2))
    }

    /// This Adam with the decay rate of the squared gradient's moving average β₂ (in [0, 1);
    /// the book uses 0.999).
    ///
    /// ```
    /// use dldw::optim::Adam;
    /// let adam = Adam::<f64>::new(0.001)?.with_beta2(0.99)?;
    /// assert!(Adam::<f64>::new(0.001)?.with_beta2(-0.1).is_err());
    /// # Ok::<(), dldw::HyperParamError>(())
    /// ```
    pub fn with_beta2(self, beta2: f64) -> Result<Self, HyperParamError> {
        let beta2 = check_fraction("beta2", "in [0, 1) (the book uses 0.999)", beta2)?;
        let beta1 = self.beta1;
        Ok(self.betas(beta1, beta2))
    }

    /// Sets both decay rates, checked, and what is derived from them.
    fn betas(self, beta1: f64, beta2: f64) -> Self {
        Adam { beta1, beta2, keep_new: (T::lit(1.0 - beta1), T::lit(1.0 - beta2)), ..self }
    }
}

impl<T: Float> Optimizer<T> for Adam<T> {
    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = super::scheduled_rate(lr);
    }

    /// # Panics
    /// If `model`'s parameters differ in number or size from those of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        self.iter += 1;
        // In f64 for every T, as NumPy does: β₂ᵗ approaches 1 slowly and f32 would lose it.
        let t = self.iter as f64;
        let lr_t = T::lit(self.lr * (1.0 - self.beta2.powf(t)).sqrt() / (1.0 - self.beta1.powf(t)));
        let ((k1, k2), eps) = (self.keep_new, T::lit(1e-7));
        self.slots.for_each(model, |w, grad, m_v| {
            // For every element of the parameter (`each::update`, a loop underneath):
            each::update(w, m_v, grad, &|w, m, v, g| {
                *m += k1 * (g - *m);
                *v += k2 * (g * g - *v);
                *w -= lr_t * *m / (v.sqrt() + eps);
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_steps, weights_after_steps};

    #[test]
    fn three_steps_match_the_hand_computation() {
        // η = 0.1, β₁ = 0.9, β₂ = 0.999, W₀ = [1, −1], ∇ = [0.5, −2] at every step.
        // With a constant ∇ the averages are m_t = (1 − β₁ᵗ)∇ and v_t = (1 − β₂ᵗ)∇², so with
        // s_t = √(1 − β₂ᵗ) the step is Δ_t = lr_t·m_t/(√v_t + ε) = η·s_t·∇/(s_t·|∇| + 1e-7):
        // s₁ = √0.001    = 0.03162277660168379  Δ₁ = [0.09999936754846794, −0.09999984188636699]
        // s₂ = √0.001999 = 0.04471017781221631  Δ₂ = [0.09999955267656015, −0.09999988816876485]
        // s₃ = √0.002997001 = 0.05474487190596029 Δ₃ = [0.09999963467031271, −0.09999990866732793]
        // W_t = W_{t−1} − Δ_t:
        let mut opt = Adam::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [1.0, -1.0], &[[0.5, -2.0]; 3]);
        assert_steps(
            &w,
            &[
                [0.9000006324515321, -0.900000158113633],
                [0.8000010797749719, -0.8000002699448682],
                [0.7000014451046592, -0.7000003612775402],
            ],
        );
    }

    #[test]
    fn a_gradient_that_changes_sign_follows_the_book_formulas() {
        // η = 0.1, W₀ = [0, 0], ∇₁ = [1, 0], ∇₂ = [−1, 0]; the second element never moves.
        // t = 1: m = 0.1, v = 0.001, lr_t = 0.1·√0.001/0.1 = √0.001 = 0.03162277660168379
        //        W₁ = −√0.001·0.1/(√0.001 + 1e-7) = −0.09999968377323398
        // t = 2: m = 0.1 + 0.1·(−1 − 0.1) = −0.01, v = 0.001 + 0.001·(1 − 0.001) = 0.001999
        //        lr_t = 0.1·√0.001999/(1 − 0.81) = 0.02353167253274543
        //        Δ₂ = lr_t·(−0.01)/(√0.001999 + 1e-7) = −0.005263146123041044
        //        W₂ = W₁ − Δ₂ = −0.09473653765019294
        let mut opt = Adam::new(0.1).unwrap();
        let w = weights_after_steps(&mut opt, [0.0, 0.0], &[[1.0, 0.0], [-1.0, 0.0]]);
        assert_steps(&w, &[[-0.09999968377323398, 0.0], [-0.09473653765019294, 0.0]]);
    }

    #[test]
    fn the_betas_set_by_hand_step_as_the_formulas_say() {
        // η = 0.1, β₁ = 0.5, β₂ = 0.75, W₀ = [0, 0], ∇ = [1, 0] twice; the second element never moves.
        // t = 1: m = 0.5, v = 0.25, lr_t = 0.1·√0.25/0.5 = 0.1, W₁ = −0.1·0.5/(0.5 + 1e-7)
        //        = −0.09999998000000401
        // t = 2: m = 0.75, v = 0.4375, lr_t = 0.1·√0.4375/0.75 = 0.08819171036881969
        //        Δ₂ = lr_t·0.75/(√0.4375 + 1e-7) = 0.09999998488142338
        //        W₂ = W₁ − Δ₂ = −0.1999999648814274
        let mut opt = Adam::new(0.1).unwrap().with_beta1(0.5).unwrap().with_beta2(0.75).unwrap();
        let w = weights_after_steps(&mut opt, [0.0, 0.0], &[[1.0, 0.0]; 2]);
        assert_steps(&w, &[[-0.09999998000000401, 0.0], [-0.1999999648814274, 0.0]]);
    }

    #[test]
    fn bad_hyper_parameters_are_typed_errors() {
        assert_eq!(Adam::<f64>::new(0.0).unwrap_err(), HyperParamError::LearningRate(0.0));
        let err = Adam::<f64>::new(0.001).unwrap().with_beta1(1.0).unwrap_err();
        assert!(matches!(err, HyperParamError::OutOfRange { name: "beta1", .. }), "{err}");
        let err = Adam::<f64>::new(0.001).unwrap().with_beta2(-0.001).unwrap_err();
        assert_eq!(err.to_string(), "beta2 must be in [0, 1) (the book uses 0.999), got -0.001");
    }
}
