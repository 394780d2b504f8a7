//! What makes dldw fast, underneath the book's concepts: **nothing here is needed to follow
//! the book.** The layers, the losses, the optimizers and the trainer read like the book's
//! listings; they call down into this folder for matrix products, storage and threads, and
//! nothing here calls back up into them.
//!
//! | what | module |
//! |---|---|
//! | matrix products C = A·B, A·Bᵀ, Aᵀ·B, and of mostly-zero batches, with the CPU's widest vectors | [`matmul`] |
//! | batches stored as their nonzeros only (MNIST's ink) | [`sparse`]: [`SparseRows`](sparse::SparseRows) |
//! | big matrices on the heap, and buffers a layer reuses | `buffer.rs`: [`zeros_boxed`], [`Buffer`](crate::Buffer) |
//! | the first value that is NaN or infinite | `finite.rs`: [`first_non_finite`] |
//! | work shared out over the cores; a step's kernels halved over two threads that persist | `cores.rs`: [`cores`], [`on_cores`], [`with_all_cores`] |
//! | element-wise passes (ReLU's), halved over two threads inside [`with_all_cores`] | `each.rs` |
//! | im2col, col2im (a convolution's windows as the rows of a matrix, and back); the maximum of each pooling window and dout routed back to it | `conv/` (`im2col.rs`, `pool.rs`) |
//! | a network's first convolution read straight from the batch, its zero pixels skipped (no im2col) | `conv/first.rs` |

pub(crate) mod buffer;
pub(crate) mod conv;
mod cores;
pub(crate) mod each;
mod finite;
pub mod matmul;
pub mod sparse;

pub use buffer::zeros_boxed;
pub use cores::{cores, on_cores, with_all_cores};
pub(crate) use cores::{join, shared, threads};
pub use finite::first_non_finite;
