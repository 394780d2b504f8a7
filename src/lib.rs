//! # dldw — ∂L/∂W
//!
//! Neural-network learning from scratch, following *Deep Learning from Scratch* (Saito Goki)
//! chapters 4 and 5, with shapes checked by the compiler.
//!
//! [`gradient_check`] compares any model's backpropagation with numerical gradients (book 5.7.3).
#![deny(missing_docs)]

pub mod activation;
mod buffer;
mod error;
mod float;
pub mod gradient_check;
pub mod init;
pub mod layers;
pub mod loss;
pub mod matmul;
pub mod optim;
pub mod params;

pub use buffer::zeros_boxed;
pub use error::{HyperParamError, check_learning_rate};
pub use float::Float;

/// The README's code, compiled and run as a doc test so it cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
