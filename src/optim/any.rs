//! An optimizer chosen at run time, e.g. by a command-line flag `--optimizer adam`
//! (book 6.1.8 compares the optimizers on MNIST this way).

use super::{AdaGrad, Adam, Momentum, Nesterov, Optimizer, RmsProp, Sgd};
use crate::Float;
use crate::error::HyperParamError;
use crate::params::Parameters;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// The name of an optimizer, as a command line writes it.
///
/// ```
/// use dldw::optim::OptimizerKind;
/// let kind: OptimizerKind = "adam".parse().unwrap();
/// assert_eq!(kind, OptimizerKind::Adam);
/// assert_eq!(kind.to_string(), "adam");
/// let err = "adamw".parse::<OptimizerKind>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown optimizer `adamw`: choose one of sgd, momentum, nesterov, adagrad, rmsprop, adam"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerKind {
    /// [`Sgd`].
    Sgd,
    /// [`Momentum`].
    Momentum,
    /// [`Nesterov`].
    Nesterov,
    /// [`AdaGrad`].
    AdaGrad,
    /// [`RmsProp`].
    RmsProp,
    /// [`Adam`].
    Adam,
}

impl OptimizerKind {
    /// Every kind, in the book's order.
    pub const ALL: [OptimizerKind; 6] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];

    /// The name on the command line.
    ///
    /// ```
    /// assert_eq!(dldw::optim::OptimizerKind::RmsProp.name(), "rmsprop");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::AdaGrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    /// This optimizer with learning rate `lr` and the book's other hyper-parameters:
    /// momentum α = 0.9, RMSprop's decay ρ = 0.99, Adam's β₁ = 0.9, β₂ = 0.999.
    ///
    /// ```
    /// use dldw::optim::{AnyOptimizer, OptimizerKind};
    /// let opt = OptimizerKind::Adam.build::<f32>(0.001).unwrap();
    /// assert!(matches!(opt, AnyOptimizer::Adam(_)));
    /// assert!(OptimizerKind::Sgd.build::<f32>(-1.0).is_err());
    /// ```
    pub fn build<T: Float>(self, lr: f64) -> Result<AnyOptimizer<T>, HyperParamError> {
        Ok(match self {
            OptimizerKind::Sgd => AnyOptimizer::Sgd(Sgd::new(lr)?),
            OptimizerKind::Momentum => AnyOptimizer::Momentum(Momentum::new(lr)?),
            OptimizerKind::Nesterov => AnyOptimizer::Nesterov(Nesterov::new(lr)?),
            OptimizerKind::AdaGrad => AnyOptimizer::AdaGrad(AdaGrad::new(lr)?),
            OptimizerKind::RmsProp => AnyOptimizer::RmsProp(RmsProp::new(lr)?),
            OptimizerKind::Adam => AnyOptimizer::Adam(Adam::new(lr)?),
        })
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of [`OptimizerKind::ALL`].
///
/// ```
/// let err = "sdg".parse::<dldw::optim::OptimizerKind>().unwrap_err();
/// assert_eq!(err.0, "sdg");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("unknown optimizer `{0}`: choose one of {names}", names = KindNames)]
pub struct UnknownOptimizer(pub String);

/// Lists every kind's name, comma-separated, for the error message.
struct KindNames;

impl fmt::Display for KindNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, kind) in OptimizerKind::ALL.iter().enumerate() {
            write!(f, "{}{kind}", if i == 0 { "" } else { ", " })?;
        }
        Ok(())
    }
}

impl FromStr for OptimizerKind {
    type Err = UnknownOptimizer;

    /// Case-insensitive: `Adam` and `adam` are the same.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OptimizerKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownOptimizer(s.to_string()))
    }
}

/// One of the optimizers, chosen at run time; it steps as the one it holds.
///
/// ```
/// use dldw::optim::{Optimizer, OptimizerKind};
/// use dldw::layers::Affine;
/// use nalgebra::Matrix1x2;
/// let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::new(1.0, 1.0)), Matrix1x2::zeros());
/// *affine.dW = Matrix1x2::new(2.0, 0.0);
/// let mut opt = "sgd".parse::<OptimizerKind>().unwrap().build(0.1).unwrap();
/// opt.step(&mut affine);
/// assert!((affine.W[0] - 0.8).abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub enum AnyOptimizer<T> {
    /// [`Sgd`].
    Sgd(Sgd<T>),
    /// [`Momentum`].
    Momentum(Momentum<T>),
    /// [`Nesterov`].
    Nesterov(Nesterov<T>),
    /// [`AdaGrad`].
    AdaGrad(AdaGrad<T>),
    /// [`RmsProp`].
    RmsProp(RmsProp<T>),
    /// [`Adam`].
    Adam(Adam<T>),
}

impl<T: Float> Optimizer<T> for AnyOptimizer<T> {
    /// # Panics
    /// As the optimizer it holds: if `model`'s parameters differ in number or size from those
    /// of the first step.
    fn step(&mut self, model: &mut impl Parameters<T>) {
        match self {
            AnyOptimizer::Sgd(opt) => opt.step(model),
            AnyOptimizer::Momentum(opt) => opt.step(model),
            AnyOptimizer::Nesterov(opt) => opt.step(model),
            AnyOptimizer::AdaGrad(opt) => opt.step(model),
            AnyOptimizer::RmsProp(opt) => opt.step(model),
            AnyOptimizer::Adam(opt) => opt.step(model),
        }
    }

    fn learning_rate(&self) -> f64 {
        match self {
            AnyOptimizer::Sgd(opt) => opt.learning_rate(),
            AnyOptimizer::Momentum(opt) => opt.learning_rate(),
            AnyOptimizer::Nesterov(opt) => opt.learning_rate(),
            AnyOptimizer::AdaGrad(opt) => opt.learning_rate(),
            AnyOptimizer::RmsProp(opt) => opt.learning_rate(),
            AnyOptimizer::Adam(opt) => opt.learning_rate(),
        }
    }

    fn set_learning_rate(&mut self, lr: f64) {
        match self {
            AnyOptimizer::Sgd(opt) => opt.set_learning_rate(lr),
            AnyOptimizer::Momentum(opt) => opt.set_learning_rate(lr),
            AnyOptimizer::Nesterov(opt) => opt.set_learning_rate(lr),
            AnyOptimizer::AdaGrad(opt) => opt.set_learning_rate(lr),
            AnyOptimizer::RmsProp(opt) => opt.set_learning_rate(lr),
            AnyOptimizer::Adam(opt) => opt.set_learning_rate(lr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::weights_after_steps;

    #[test]
    fn every_name_parses_back_to_its_kind() {
        for kind in OptimizerKind::ALL {
            assert_eq!(kind.name().parse::<OptimizerKind>(), Ok(kind));
            assert_eq!(kind.name().to_uppercase().parse::<OptimizerKind>(), Ok(kind));
        }
        assert_eq!("".parse::<OptimizerKind>(), Err(UnknownOptimizer(String::new())));
    }

    #[test]
    fn each_kind_steps_as_the_optimizer_it_names() {
        // The same three steps through AnyOptimizer and through the optimizer itself must give
        // bit-identical weights, with the book's defaults.
        let grads = [[0.5, -2.0], [1.0, 0.25], [-3.0, 2.0]];
        let direct: [Vec<[f64; 2]>; 6] = [
            weights_after_steps(&mut Sgd::new(0.1).unwrap(), [1.0, -1.0], &grads),
            weights_after_steps(&mut Momentum::new(0.1).unwrap(), [1.0, -1.0], &grads),
            weights_after_steps(&mut Nesterov::new(0.1).unwrap(), [1.0, -1.0], &grads),
            weights_after_steps(&mut AdaGrad::new(0.1).unwrap(), [1.0, -1.0], &grads),
            weights_after_steps(&mut RmsProp::new(0.1).unwrap(), [1.0, -1.0], &grads),
            weights_after_steps(&mut Adam::new(0.1).unwrap(), [1.0, -1.0], &grads),
        ];
        for (kind, expected) in OptimizerKind::ALL.into_iter().zip(direct) {
            let mut any = kind.build::<f64>(0.1).unwrap();
            assert_eq!(weights_after_steps(&mut any, [1.0, -1.0], &grads), expected, "{kind}");
        }
    }

    #[test]
    fn a_bad_learning_rate_is_refused_for_every_kind() {
        for kind in OptimizerKind::ALL {
            assert_eq!(kind.build::<f32>(0.0).unwrap_err(), HyperParamError::LearningRate(0.0), "{kind}");
        }
    }
}
