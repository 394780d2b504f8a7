//! Activation functions (book 3.2, used throughout chapters 4 and 5).
//!
//! | book | here |
//! |---|---|
//! | 3.2.2 step function | [`step_function`] |
//! | 3.2.4 sigmoid, 1 / (1 + exp(−x)) | [`sigmoid`] |
//! | 3.2.7 ReLU, max(0, x) | [`relu`], [`relu_grad`] |
//! | 3.5 softmax, exp(aₖ − c) / Σ exp(aᵢ − c) | [`softmax`], [`softmax_rows`] |
//!
//! The scalar functions apply to a matrix with nalgebra's `map`: `x.map(sigmoid)`.

mod relu;
mod sigmoid;
mod softmax;
mod step;

pub use relu::{relu, relu_grad};
pub use sigmoid::sigmoid;
pub use softmax::{softmax, softmax_rows};
pub use step::step_function;
