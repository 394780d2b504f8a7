//! Errors for values a user chooses: hyper-parameters such as the learning rate.
//!
//! Errors of other areas live with their area (targets in `loss::target`, files in `mnist`),
//! each a typed enum whose message says what was wrong and what to do.

use thiserror::Error;

/// A hyper-parameter that cannot work, refused before any computation starts.
///
/// ```
/// let err = dldw::optim::Sgd::<f64>::new(f64::NAN).unwrap_err();
/// assert!(err.to_string().contains("learning rate"));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
pub enum HyperParamError {
    /// A learning rate that is not a finite number greater than zero.
    #[error(
        "the learning rate must be a finite number greater than 0, got {0}; \
         the book uses 0.1 for SGD on MNIST and 0.001 suits Adam"
    )]
    LearningRate(f64),
    /// Any other hyper-parameter outside its valid range.
    #[error("{name} must be {expected}, got {got}")]
    OutOfRange {
        /// The parameter's name as the user writes it, e.g. `"momentum"`.
        name: &'static str,
        /// The valid range in words, e.g. `"in [0, 1)"`.
        expected: &'static str,
        /// The value that was given.
        got: f64,
    },
}

/// Checks a learning rate once, where it enters the crate.
///
/// ```
/// assert!(dldw::check_learning_rate(0.1).is_ok());
/// assert!(dldw::check_learning_rate(-0.1).is_err());
/// assert!(dldw::check_learning_rate(f64::INFINITY).is_err());
/// ```
pub fn check_learning_rate(lr: f64) -> Result<f64, HyperParamError> {
    if lr.is_finite() && lr > 0.0 { Ok(lr) } else { Err(HyperParamError::LearningRate(lr)) }
}

/// Checks a rate that must lie in [0, 1), such as a momentum, a decay rate or Adam's betas.
///
/// `name` and `hint` go into the error message: `hint` says what the book uses.
pub(crate) fn check_fraction(name: &'static str, hint: &'static str, x: f64) -> Result<f64, HyperParamError> {
    if (0.0..1.0).contains(&x) {
        Ok(x)
    } else {
        Err(HyperParamError::OutOfRange { name, expected: hint, got: x })
    }
}
