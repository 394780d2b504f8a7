//! # dldw — ∂L/∂W
//!
//! Neural-network learning from scratch, following *Deep Learning from Scratch* (Saito Goki;
//! 밑바닥부터 시작하는 딥러닝) chapters 4 to 8, with shapes checked by the compiler: layers
//! work on nalgebra's statically sized matrices, so a model whose widths do not line up does
//! not build.
//!
//! ## Map: book section → module → example → test
//!
//! | book | module | example (`cargo run --release --example …`) | pinned by |
//! |---|---|---|---|
//! | 3.2, 3.5 activations, softmax | [`activation`] | — | `tests/chapter4.rs` (`softmax_of_the_books_scores`, `sigmoid_step_and_relu_values_match_the_book`), `tests/numerics.rs` |
//! | 4.2 loss functions, mini-batches | [`loss`] ([`loss::Loss`], [`loss::Labels`], [`loss::OneHot`]) | `ch04_loss`, `ch04_figures` (figure 4-3) | `tests/chapter4.rs` (`losses_of_the_right_answer_…`), `tests/properties_ch4.rs`, [`tutorial::loss`] |
//! | 4.3 numerical differentiation | [`differentiation`] | `ch04_numerical_diff`, `ch04_figures` (figure 4-5) | `tests/chapter4.rs` (`the_central_difference_gives_the_books_values_exactly`), `tests/examples_cli.rs` |
//! | 4.4 gradient, gradient descent | [`gradient`], [`gradient_descent`] | `ch04_gradient_descent`, `ch04_gradient_field`, `ch04_gradient_descent_path` | `tests/chapter4.rs` (`descent_at_lr_10_diverges_to_the_books_huge_numbers`), `tests/properties_ch4.rs` |
//! | 4.4.2 simpleNet | [`simple_net`] | `ch04_simple_net` | `tests/chapter4.rs` (`simple_net_loss_and_gradient_match_the_book_up_to_its_missing_delta`) |
//! | 4.5 two-layer net, numerical training | [`TwoLayerNetSigmoid`] | `ch04_train_numerical` | [`tutorial::learning_algorithm`] (numerical against backprop gradients), `scripts/ci/check_numbers.sh` (the example's losses and accuracy) |
//! | 4.5.3 accuracy, test data | [`accuracy`], [`train::evaluate`] | `train_mnist` | `tests/mnist.rs` (`the_trainers_accuracies_are_those_of_the_model_at_each_record`) |
//! | 5.3–5.4 computational graph | [`graph`] | `ch05_buy_apple`, `ch05_buy_apple_orange`, `ch05_graph_figures` | `tests/graph.rs` (`buying_apples_and_oranges_matches_the_book`), `tests/examples_cli.rs` |
//! | 5.5–5.6 Relu, Sigmoid, Affine, Softmax-with-Loss | [`layers`] | `ch05_relu`, `ch05_sigmoid`, `ch05_affine`, `ch05_softmax_with_loss` | `tests/gradients.rs` (property checks of each layer), unit tests in [`layers::Affine`] (`backward_gives_the_book_formulas`), `tests/examples_cli.rs` (the book's inputs) |
//! | 5.7.1 layers in order | [`layers::sequential`], [`Network`] | `train_mnist_wide` | unit test `forward_runs_in_order_and_backward_in_reverse` in [`layers::sequential`], [`tutorial::two_layer_net`] |
//! | 5.7.2 TwoLayerNet with backprop | [`TwoLayerNet`] | `train_mnist` | [`tutorial::two_layer_net`] (the same loss and gradients as the tuple of layers), `tests/mnist_scale.rs` |
//! | 5.7.3 gradient check | [`gradient_check`] | `ch05_gradient_check` | `tests/gradients.rs` (`a_wrong_backward_is_reported`), `scripts/ci/check_numbers.sh` (the book's table) |
//! | 5.7.4 training on MNIST | [`mnist`], [`train`], [`optim`], [`init`] | `train_mnist`, `mnist_show` | `scripts/ci/check_numbers.sh` (the full runs' accuracies), `tests/cli.rs`, `tests/mnist.rs`, `tests/idx_robustness.rs` |
//! | 6.1 parameter updates: SGD, Momentum, AdaGrad, Adam | [`optim`] | `ch06_optimizer_paths`, `ch06_optimizers_mnist` | unit tests in `optim` |
//! | 6.2 initial weights: std, Xavier, He | [`init`] | `ch06_activation_histograms`, `ch06_weight_init` | unit tests in `init` |
//! | 6.3 Batch Normalization | [`layers::BatchNorm`], [`layers::Layer::predict`] (test mode) | `ch06_batch_norm` | `tests/gradients.rs`, `tests/ch06_modes.rs` |
//! | 6.4 weight decay, Dropout | [`optim::WeightDecay`], [`layers::Dropout`] | `ch06_overfitting` | `tests/gradients.rs`, `tests/ch06_modes.rs` |
//! | 6.5 validation data, hyper-parameter search | [`mnist::ImageSet::split_validation`] | `ch06_hyperparameters` | unit tests in `mnist` |
//! | 7.2–7.4 convolution, pooling, images flattened for an Affine | [`layers::Convolution`], [`layers::Pooling`], [`layers::Image`] ([`Convolution!`], [`Pooling!`]) | — | `tests/chapter7.rs` (the definition, property-tested gradients), unit tests in `kernels` (im2col, col2im) |
//! | 7.5 SimpleConvNet, the book's trained weights | [`SimpleConvNet`] | `ch07_book_weights` | `tests/chapter7.rs` (`the_books_trained_simple_conv_net_classifies_every_test_image_as_the_book_does`) |
//! | (beyond the book) a model's shapes and parameters from its types | [`layers::summary`] | `ch07_book_weights` | doc tests of [`layers::summary`] |
//! | 7.5 gradient check of a small SimpleConvNet (`ch07/gradient_check.py`) | [`gradient_check`], [`Convolution!`], [`Pooling!`] | `ch07_gradient_check` | `tests/examples_cli.rs` (`ch07_gradient_check_differences_have_the_sizes_their_causes_give`), [`tutorial::simple_convnet`] |
//! | 7.6 the first layer's filters before and after learning (figure 7-24), applied to a digit (`apply_filter.py`) | [`layers::Convolution::filter`] | `ch07_visualize_filter` | `tests/examples_cli.rs` (`ch07_visualize_filter_draws_the_committed_figures`), [`tutorial::simple_convnet`] |
//! | 7.1–7.6 as a tutorial, in English and Korean | [`tutorial::convolution`], [`tutorial::simple_convnet`], [`tutorial::ko`] | — | doc tests of the pages |
//! | 8.1 DeepConvNet, 8.1.2 data augmentation, 8.3.4 16-bit half precision | [`DeepConvNet`] ([`deep_conv_net`]), [`mnist::Shifts`], `half_float` (feature `half`) | `ch08_book_weights`, `ch08_misclassified`, `ch08_train_deepnet`, `ch08_half_float` | `tests/chapter8.rs` (the book's weights: 0.9935, every prediction the book's), unit tests in [`deep_conv_net`] and `mnist` |
//! | (beyond the book) shapes checked by the compiler | [`layers`], [`Network`] | — | `tests/shape_errors/compile_fail.rs` (a model whose widths do not line up does not build) |
//! | (beyond the book) saving models | [`io`] | `predict`, `save_params` | `tests/model_robustness.rs`, unit tests in `io` |
//! | (beyond the book) sparse batches: only MNIST's ink is multiplied | [`sparse`], [`layers::FirstLayer`] | `train_mnist` | `tests/mnist.rs` (`images_and_sparse_batches_hold_the_files_bytes`), unit tests in [`layers::Affine`] |
//!
//! The path of data through a training step, each in its own file: a batch
//! ([`mnist::ImageSet::gather_pixels`], or its nonzeros only with [`mnist::ImageSet::gather_ink`]) →
//! forward through the layers ([`layers::Layer::forward`]; the first one, given the batch
//! itself, dense or sparse, through [`layers::FirstLayer::forward_first`]) → the loss
//! ([`layers::LossLayer::forward`]) → backward in reverse ([`layers::Layer::backward`]) → an
//! optimizer step ([`optim::Optimizer::step`]).
//!
//! The [`tutorial`] tells the chapters step by step with this code, in English and in Korean
//! ([`tutorial::ko`]); every code block in it is run as a doc test.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod accuracy;
pub mod activation;
pub mod data;
pub mod deep_conv_net;
pub mod differentiation;
mod error;
mod files;
mod float;
pub mod gradient;
pub mod gradient_check;
pub mod gradient_descent;
pub mod graph;
#[cfg(feature = "half")]
pub mod half_float;
pub mod init;
pub mod io;
pub mod kernels;
pub mod layers;
pub mod loss;
pub mod mnist;
mod network;
pub mod optim;
pub mod params;
pub mod simple_conv_net;
pub mod simple_net;
pub mod train;
pub mod tutorial;
mod two_layer_net;

pub use deep_conv_net::DeepConvNet;
pub use error::{HyperParamError, check_learning_rate};
pub use float::Float;
use kernels::buffer;
pub use kernels::buffer::Buffer;
/// The matrix products, at their old path: see [`kernels::matmul`].
pub use kernels::matmul;
/// Sparse batches, at their old path: see [`kernels::sparse`].
pub use kernels::sparse;
pub use kernels::zeros_boxed;
pub use network::Network;
pub use simple_conv_net::SimpleConvNet;
pub use two_layer_net::{TwoLayerNet, TwoLayerNetSigmoid};

/// The README's code, compiled and run as a doc test so it cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
