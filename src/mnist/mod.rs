//! The MNIST data set (book 3.6.1 and 4.5, the book's `dataset/mnist.py`): loading, batches,
//! sampling.
//!
//! | book | here |
//! |---|---|
//! | `load_mnist(normalize=True, flatten=True)` | [`Mnist::load`], then [`ImageSet::gather_pixels`] (x / 255 per batch), or [`ImageSet::gather_ink`] (its nonzeros only) |
//! | `x_train.shape`, `t_train[0]` | [`ImageSet::len`], [`ImageSet::image`], [`ImageSet::label`] |
//! | `np.random.choice(train_size, batch_size)` | [`RandomChoice`](crate::data::RandomChoice) |
//! | epochs of `train_size / batch_size` batches | [`ShuffledEpochs`](crate::data::ShuffledEpochs) |
//! | `accuracy` over `x_test` in slices | [`ImageSet::chunks`], [`Chunks`](crate::data::Chunks) |
//! | `x_train[:300]`, validation data (6.4–6.5) | [`ImageSet::first`], [`ImageSet::subset`], [`ImageSet::split_validation`] → [`Split`] |
//! | data augmentation (8.1.2): images moved a few pixels | [`Shifts`] |
//! | the IDX files behind it | [`read_idx`], [`read_idx_file`], [`IdxArray`] |
//! | where the files are | [`data_dir`], [`search`] (`--data-dir`, `DLDW_MNIST_DIR`, the checkout's `data/mnist`, the cache: [the order](search_order)), [`locate`] |
//! | fetching them on first use (feature `download`) | `download` (`Download`, `FILES`, `cache_dir`) |
//! | what can go wrong | [`MnistError`], [`IdxError`] |
//!
//! ```
//! use dldw::mnist::{Mnist, PIXELS, data_dir};
//! use dldw::data::{RandomChoice, Sampler};
//! use rand::SeedableRng;
//! let mnist = Mnist::load(data_dir(None))?;
//! let mut rng = rand::rngs::StdRng::seed_from_u64(0);
//! let mut sampler = RandomChoice::new(mnist.train.len());
//! let (mut batch_mask, mut x) = ([0; 100], dldw::zeros_boxed::<f32, 100, PIXELS>());
//! sampler.fill(&mut batch_mask, &mut rng);
//! let t = mnist.train.gather_pixels(&batch_mask, &mut x); // x: 100 × 784 in [0, 1], t: Labels<100, 10>
//! assert!(x.iter().all(|&v| (0.0..=1.0).contains(&v)));
//! assert_eq!(t.classes()[0], usize::from(mnist.train.label(batch_mask[0])));
//! # Ok::<(), dldw::mnist::MnistError>(())
//! ```

mod augment;
mod batch;
mod dataset;
#[cfg(feature = "download")]
pub mod download;
mod error;
mod files;
mod idx;
mod split;

pub use augment::Shifts;
pub use dataset::{CLASSES, COLS, ImageSet, Mnist, PIXELS, ROWS};
pub use error::{IdxError, IdxPart, MnistError};
#[allow(deprecated)]
pub use files::resolve_data_dir;
pub use files::{
    DATA_DIR_ENV, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, data_dir, default_data_dir, locate,
    search, search_order,
};
pub use idx::{IdxArray, MAX_IDX_BYTES, encode_idx, read_idx, read_idx_file};
pub use split::Split;

/// The old name of [`ImageSet`]: a data set is the trait [`data::Dataset`](crate::data::Dataset),
/// which an [`ImageSet`] implements.
#[deprecated(note = "renamed `ImageSet`; `Dataset` is the trait `dldw::data::Dataset`")]
pub type Dataset = ImageSet;
