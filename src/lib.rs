//! # dldw — ∂L/∂W
//!
//! Neural-network learning from scratch, following *Deep Learning from Scratch* (Saito Goki;
//! 밑바닥부터 시작하는 딥러닝) chapters 4 and 5, with shapes checked by the compiler: layers
//! work on nalgebra's statically sized matrices, so a model whose widths do not line up does
//! not build.
//!
//! ## Map: book section → module → example → test
//!
//! | book | module | example (`cargo run --release --example …`) | tests |
//! |---|---|---|---|
//! | 3.2, 3.5 activations, softmax | [`activation`] | — | `tests/chapter4.rs` |
//! | 4.2 loss functions, mini-batches | [`loss`] ([`loss::Loss`], [`loss::Labels`], [`loss::OneHot`]) | `ch04_loss` | `tests/chapter4.rs`, `tests/properties_ch4.rs` |
//! | 4.3 numerical differentiation | [`differentiation`] | `ch04_numerical_diff` | `tests/chapter4.rs` |
//! | 4.4 gradient, gradient descent | [`gradient`], [`gradient_descent`] | `ch04_gradient_descent` | `tests/chapter4.rs`, `tests/properties_ch4.rs` |
//! | 4.4.2 simpleNet | [`simple_net`] | `ch04_simple_net` | `tests/chapter4.rs` |
//! | 4.5 two-layer net, numerical training | [`TwoLayerNetSigmoid`], [`train`] | `ch04_train_numerical` | `tests/steady_state.rs` |
//! | 4.5.3 accuracy | [`accuracy`], [`train::evaluate`] | `train_mnist` | `tests/mnist.rs` |
//! | 5.3–5.4 computational graph | [`graph`] | `ch05_buy_apple`, `ch05_buy_apple_orange` | `tests/graph.rs` |
//! | 5.5–5.6 Relu, Sigmoid, Affine, Softmax-with-Loss | [`layers`] | — | `tests/gradients.rs`, `tests/mnist_scale.rs` |
//! | 5.7.1 layers in order | [`layers::sequential`], [`Network`] | `train_mnist_wide` | `tests/compile_fail.rs` |
//! | 5.7.2 TwoLayerNet with backprop | [`TwoLayerNet`] | `train_mnist` | `tests/steady_state.rs` |
//! | 5.7.3 gradient check | [`gradient_check`] | `ch05_gradient_check` | `tests/gradients.rs` |
//! | 5.7.4 training on MNIST | [`mnist`], [`train`], [`optim`], [`init`] | `train_mnist`, `mnist_show` | `tests/mnist.rs`, `tests/idx_robustness.rs` |
//! | 6.1 parameter updates: SGD, Momentum, AdaGrad, Adam | [`optim`] | `ch06_optimizer_paths`, `ch06_optimizers_mnist` | unit tests in `optim` |
//! | 6.2 initial weights: std, Xavier, He | [`init`] | `ch06_activation_histograms`, `ch06_weight_init` | unit tests in `init` |
//! | 6.3 Batch Normalization | [`layers::BatchNorm`], [`layers::Layer::predict`] (test mode) | `ch06_batch_norm` | `tests/gradients.rs`, `tests/ch06_modes.rs` |
//! | 6.4 weight decay, Dropout | [`optim::WeightDecay`], [`layers::Dropout`] | `ch06_overfitting` | `tests/gradients.rs`, `tests/ch06_modes.rs` |
//! | 6.5 validation data, hyper-parameter search | [`mnist::Dataset::split_validation`] | `ch06_hyperparameters` | unit tests in `mnist` |
//! | (beyond the book) saving models | [`io`] | `predict`, `save_params` | unit tests in `io` |
//! | (beyond the book) sparse batches: only MNIST's ink is multiplied | [`sparse`], [`layers::SparseInput`] | `train_mnist` | `tests/mnist.rs`, unit tests in `layers::Affine` |
//!
//! The path of data through a training step, each in its own file: a batch
//! ([`mnist::Dataset::gather`], or its nonzeros only with [`mnist::Dataset::gather_rows`]) →
//! forward through the layers ([`layers::Layer::forward`]; the first one through
//! [`layers::SparseInput::forward_sparse`] for a sparse batch) → the loss
//! ([`layers::LossLayer::forward`]) → backward in reverse ([`layers::Layer::backward`]) → an
//! optimizer step ([`optim::Optimizer::step`]).
//!
//! The [`tutorial`] tells both chapters step by step with this code, in English and in Korean
//! ([`tutorial::ko`]); every code block in it is run as a doc test.
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
pub mod sparse;
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
