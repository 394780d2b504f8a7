//! Kernels: the loops underneath the layers. Nothing here is needed to follow the book; each
//! layer's file states the formula a kernel computes.
//!
//! | kernel | used by | file |
//! |---|---|---|
//! | im2col, col2im: image patches as the rows of a matrix, and back | [`Convolution`](crate::layers::Convolution) | `conv/im2col.rs` |
//! | the maximum of each window and where it was; dout routed back there | [`Pooling`](crate::layers::Pooling) | `conv/pool.rs` |

pub(crate) mod conv;
