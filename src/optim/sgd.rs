//! Stochastic gradient descent (book 4.4.1 and 6.1.2): W ← W − η ∂L/∂W.

use super::Optimizer;
use crate::Float;
use crate::error::{HyperParamError, check_learning_rate};
use crate::params::{Name, Parameters};

/// Plain SGD: every parameter moves by −η times its gradient.
///
/// ```
/// use dldw::optim::Sgd;
/// let sgd = Sgd::<f32>::new(0.1).unwrap();
/// assert_eq!(sgd.lr(), 0.1);
/// assert!(Sgd::<f32>::new(0.0).is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Sgd<T> {
    lr: T,
}

impl<T: Float> Sgd<T> {
    /// SGD with learning rate `lr` (η), which must be finite and positive.
    ///
    /// ```
    /// assert!(dldw::optim::Sgd::<f64>::new(f64::INFINITY).is_err());
    /// ```
    pub fn new(lr: f64) -> Result<Self, HyperParamError> {
        Ok(Sgd { lr: T::lit(check_learning_rate(lr)?) })
    }

    /// The learning rate η.
    ///
    /// ```
    /// assert_eq!(dldw::optim::Sgd::<f64>::new(0.5).unwrap().lr(), 0.5);
    /// ```
    pub fn lr(&self) -> T {
        self.lr
    }
}

impl<T: Float> Optimizer<T> for Sgd<T> {
    fn learning_rate(&self) -> f64 {
        self.lr.as_f64()
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = T::lit(super::scheduled_rate(lr));
    }

    fn step(&mut self, model: &mut impl Parameters<T>) {
        let lr = self.lr;
        model.visit_params(&Name::Root, &mut |p| {
            for (w, g) in p.value.iter_mut().zip(p.grad) {
                *w -= lr * *g;
            }
        });
    }
}
