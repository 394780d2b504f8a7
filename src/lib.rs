//! # dldw — ∂L/∂W
//!
//! Neural-network learning from scratch, following *Deep Learning from Scratch* (Saito Goki)
//! chapters 4 and 5, with shapes checked by the compiler.
//!
//! Chapter 4's toolkit: [`differentiation`] (numerical derivatives, and the rounding trap),
//! [`gradient`] (numerical gradients), [`gradient_descent`], and the book's [`simple_net`].
//! Chapter 5 starts from the computational [`graph`] of scalar nodes.
//!
//! The [`tutorial`] tells both chapters step by step with this code, in English and in Korean
//! ([`tutorial::ko`]); every code block in it is run as a doc test.
#![deny(missing_docs)]

pub mod accuracy;
pub mod activation;
mod buffer;
pub mod differentiation;
mod error;
mod float;
pub mod gradient;
pub mod gradient_descent;
pub mod graph;
pub mod init;
pub mod layers;
pub mod loss;
pub mod matmul;
mod network;
pub mod optim;
pub mod params;
pub mod simple_net;
pub mod train;
pub mod tutorial;
mod two_layer_net;

pub use buffer::zeros_boxed;
pub use error::{HyperParamError, check_learning_rate};
pub use float::Float;
pub use network::Network;
pub use two_layer_net::{TwoLayerNet, TwoLayerNetSigmoid};

/// The README's code, compiled and run as a doc test so it cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
