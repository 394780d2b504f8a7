//! Why a run stopped before its last iteration.

use thiserror::Error;

/// A run that could not go on.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrainError {
    /// The loss or a parameter stopped being a finite number.
    #[error(
        "training diverged at iteration {iteration}: {what} is {value}; \
         try a smaller learning rate (for example a tenth of this one)"
    )]
    Diverged {
        /// The iteration at which it was detected.
        iteration: usize,
        /// What went wrong: "the loss" or a parameter's name (not a finite number), or the
        /// mean loss that rose too far.
        what: String,
        /// The offending value.
        value: f64,
    },
    /// A training sample holds a value that is not a finite number.
    #[error(
        "sample {sample} of the training set holds {value} (drawn at iteration {iteration}): \
         the inputs must be finite numbers; clean the data set or fix how it is read"
    )]
    NonFiniteData {
        /// The iteration whose batch held it.
        iteration: usize,
        /// The sample's index in the training set.
        sample: usize,
        /// The offending value.
        value: f64,
    },
    /// The loss is not a number before any update, on finite data: the learning rate cannot be
    /// the cause, the model is.
    #[error(
        "the loss is {value} at iteration 0, before any update, on finite data: the model's \
         initial parameters hold a NaN or an infinity; check how the model was built or loaded"
    )]
    NonFiniteStart {
        /// The loss of iteration 0.
        value: f64,
    },
    /// A setting that makes the run meaningless.
    #[error("{0}")]
    Config(&'static str),
}
