//! Matrix products of statically sized matrices, written into a destination the caller owns.
//!
//! The shapes stay in the types (so they are checked by the compiler); underneath, every
//! product runs through one register-blocked kernel in safe Rust that allocates nothing
//! (`columns.rs`: C[:, j] = Σₚ A[:, p]·B(p, j), over panels of A packed on the stack), with the
//! widest vector instructions of the CPU it runs on, chosen at run time (`simd.rs`). All
//! matrices are column-major, as nalgebra stores them; transposes are never copied whole,
//! only read with swapped strides while packing.
//!
//! | product | used for | A's panel from | B(p, j) from |
//! |---|---|---|---|
//! | [`matmul`]: C = A·B | `Affine`'s forward X·W | A's columns | B's columns |
//! | [`matmul_nt`]: C = A·Bᵀ | `Affine`'s dX = dY·Wᵀ | A's columns | B's rows |
//! | [`matmul_tn`]: C = Aᵀ·B | `Affine`'s dW = Xᵀ·dY | A's rows | B's columns |
//!
//! Batches that are mostly zeros (MNIST images), given to `Affine` as a
//! [`SparseRows`](crate::sparse::SparseRows), take a third way, through `sparse.rs`: only their
//! nonzeros are multiplied.

mod columns;
#[cfg(all(test, target_arch = "x86_64"))]
mod levels;
mod products;
mod simd;
mod sparse;
mod transpose;

pub(crate) use products::nn;
pub use products::{matmul, matmul_nt, matmul_tn};
#[cfg(test)]
pub(crate) use products::{nt, tn};
pub(crate) use simd::{Elem, all_finite, as_elem, as_elem_mut, run, run_f64};
pub(crate) use sparse::{Columns, Csr, Lines, sparse_mul, sparse_tmul};
pub(crate) use transpose::transpose;
