//! Computational graphs (book 5.2–5.4): each node computes its output going forward and sends
//! the derivative back going backward, by the chain rule, one local derivative at a time.
//!
//! | book | here | forward | backward (local derivatives) | file |
//! |---|---|---|---|---|
//! | 5.4.1 `MulLayer` | [`MulLayer`] | x·y | (dout·y, dout·x) | `mul_layer.rs` |
//! | 5.4.2 `AddLayer` | [`AddLayer`] | x + y | (dout, dout) | `add_layer.rs` |
//!
//! The nodes work on scalars, as in the book's shopping examples (`examples/ch05_buy_apple.rs`,
//! `examples/ch05_buy_apple_orange.rs`); the layers of whole matrices are in
//! [`layers`](crate::layers).

mod add_layer;
mod mul_layer;

pub use add_layer::AddLayer;
pub use mul_layer::MulLayer;
