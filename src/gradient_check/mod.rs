//! Gradient check (book 5.7.3): the gradients of backpropagation against central differences.
//!
//! Backpropagation is fast but easy to get wrong; the numerical gradient of chapter 4 is slow
//! but hard to get wrong. The book compares the two on a few images and prints, per
//! parameter, the mean absolute difference (`W1:4.2e-10`). This module does the same for any
//! model, and also for the gradient with respect to the input, and returns the numbers so a
//! test can assert on them.
//!
//! | function | checks | with the loss |
//! |---|---|---|
//! | [`gradient_check`] | a model and its last layer, as the book's `gradient_check.py` | the model's own [`LossLayer`](crate::layers::LossLayer) |
//! | [`check_layer`] | any one [`Layer`](crate::layers::Layer), such as one you just wrote | L = Σₙₖ rₙₖ·yₙₖ, r random and fixed |
//! | [`check_params`] | any model's parameters, after a backward pass you ran | a closure |
//!
//! | what | file |
//! |---|---|
//! | the three checks above | `checks.rs` |
//! | what turns the output into a loss: a loss layer with its target, or the readout r | `objective.rs` |
//! | the numerical gradient: central differences, element by element, put back exactly | `numerical.rs` |
//! | the comparison: backprop once, the numerical gradient over the cores ([`kernels::on_cores`](crate::kernels::on_cores)), the differences | `compare.rs` |
//! | the report: [`GradDiff`], [`GradCheck`] and how they print | `report.rs` |
//!
//! Each element is moved by ±h with h = 10⁻⁴ ([`H`], the book's) and put back exactly, and
//! ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h. Nothing is allocated per perturbation. The elements
//! are shared out over the machine's cores, each thread perturbing its own clone of the model
//! and the loss (hence their `Clone + Send` bounds); every difference is the same as on one
//! thread, and so is the report.
//!
//! # How close is close enough
//! The central difference is off by h²/6·L‴ (truncation) plus about ε·|L|/h (rounding of the
//! two losses, ε the machine epsilon). In `f64` with h = 10⁻⁴ that is ~10⁻⁹·L‴ + ~10⁻¹²·|L|:
//! differences around 10⁻¹⁰ … 10⁻⁷ mean the backward pass is right, while a wrong backward
//! pass is off by the size of the gradient itself. In `f32` the rounding term is ~10⁻³·|L|,
//! too coarse for a check: use `f64`.

mod checks;
mod compare;
mod numerical;
mod objective;
mod report;

pub use crate::differentiation::H;
pub use checks::{check_layer, check_params, gradient_check};
#[allow(deprecated)]
pub use numerical::{numerical_gradients, numerical_param_gradients};
pub use report::{GradCheck, GradDiff};
