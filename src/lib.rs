//! # dldw — ∂L/∂W
//!
//! Neural-network learning from scratch, following *Deep Learning from Scratch* (Saito Goki)
//! chapters 4 and 5, with shapes checked by the compiler.
//!
//! Chapter 4's toolkit: [`differentiation`] (numerical derivatives, and the rounding trap),
//! [`gradient`] (numerical gradients), [`gradient_descent`], and the book's [`simple_net`].
//! Chapter 5 starts from the computational [`graph`] of scalar nodes.
//! Trained models are saved and loaded as safetensors files with [`io::save`] and
//! [`io::load_into`].
//! [`gradient_check`] compares any model's backpropagation with numerical gradients (book 5.7.3).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod accuracy;
pub mod activation;
mod buffer;
pub mod differentiation;
mod error;
mod float;
pub mod gradient;
pub mod gradient_check;
pub mod gradient_descent;
pub mod graph;
pub mod init;
pub mod io;
pub mod layers;
pub mod loss;
pub mod matmul;
pub mod mnist;
mod network;
pub mod optim;
pub mod params;
pub mod simple_net;
pub mod train;
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
