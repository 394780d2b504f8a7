//! Saving and loading models as safetensors files (the book's `save_params` and
//! `load_params`, with a format that NumPy and PyTorch read and that runs no code on load).
//!
//! | what | here | file |
//! |---|---|---|
//! | save every parameter, atomically | [`save()`] | `save.rs` |
//! | load into an existing model, checked | [`load_into`], [`load_from_bytes`] | `load.rs` |
//! | what went wrong and what to do | [`ModelIoError`] | `error.rs` |
//! | dtype, shape, row-major little-endian bytes | — | `layout.rs` |
//! | write any file atomically (temporary file, fsync, rename), below this module: MNIST's download uses it too | [`write_atomically`], [`WriteError`] | `src/files.rs` |
//!
//! A file holds one tensor per parameter, named by the [`Parameters`](crate::params::Parameters)
//! walk, so a model's names are defined in one place for optimizers and files alike. A weight
//! `W` of shape I×O is stored as `[I, O]` in row-major order, as NumPy holds it; a parameter
//! with a single row, such as a bias, as the one-dimensional `[O]` of the book's `np.zeros(O)`
//! (so an `Affine<1, O>`'s weight is stored as `[O]` too).

mod error;
mod layout;
mod load;
mod save;
#[cfg(test)]
pub(crate) mod testing;

pub use crate::files::{WriteError, write_atomically};
pub use error::ModelIoError;
pub use load::{load_from_bytes, load_into};
pub use save::save;

/// The value of the `"format"` metadata key in files dldw writes.
const FORMAT: &str = "dldw";
