//! Where the MNIST files are: their names and the directory to look in.
//!
//! The directory is, first to last: one given explicitly (the examples' `--data-dir DIR`),
//! the environment variable [`DATA_DIR_ENV`] (`DLDW_MNIST_DIR`), and `data/mnist` in the
//! crate's own checkout ([`default_data_dir`]), where the repository keeps the four files.

use super::error::MnistError;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable naming the directory of the MNIST files.
///
/// ```
/// assert_eq!(dldw::mnist::DATA_DIR_ENV, "DLDW_MNIST_DIR");
/// ```
pub const DATA_DIR_ENV: &str = "DLDW_MNIST_DIR";

/// The training images (60000 × 28 × 28), as MNIST names the file.
///
/// ```
/// assert!(dldw::mnist::default_data_dir().join(dldw::mnist::TRAIN_IMAGES).is_file());
/// ```
pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte.gz";
/// The training labels (60000).
///
/// ```
/// assert!(dldw::mnist::default_data_dir().join(dldw::mnist::TRAIN_LABELS).is_file());
/// ```
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte.gz";
/// The test images (10000 × 28 × 28).
///
/// ```
/// assert!(dldw::mnist::default_data_dir().join(dldw::mnist::TEST_IMAGES).is_file());
/// ```
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte.gz";
/// The test labels (10000).
///
/// ```
/// assert!(dldw::mnist::default_data_dir().join(dldw::mnist::TEST_LABELS).is_file());
/// ```
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte.gz";

/// `data/mnist` under the crate root, where the repository keeps the files.
///
/// ```
/// assert!(dldw::mnist::default_data_dir().ends_with("data/mnist"));
/// ```
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join("mnist")
}

/// The directory to load from, given each source's value: the explicit directory if there is
/// one, else the environment variable's value if it is set and not empty, else
/// [`default_data_dir`]. Pure, so it can be tested without touching the process environment;
/// [`data_dir`] feeds it the real environment.
///
/// ```
/// use dldw::mnist::{default_data_dir, resolve_data_dir};
/// use std::path::PathBuf;
/// assert_eq!(resolve_data_dir(Some("cli".into()), Some("env".into())), PathBuf::from("cli"));
/// assert_eq!(resolve_data_dir(None, Some("env".into())), PathBuf::from("env"));
/// assert_eq!(resolve_data_dir(None, Some("".into())), default_data_dir());
/// assert_eq!(resolve_data_dir(None, None), default_data_dir());
/// ```
pub fn resolve_data_dir(explicit: Option<PathBuf>, env: Option<OsString>) -> PathBuf {
    explicit.or_else(|| env.filter(|dir| !dir.is_empty()).map(PathBuf::from)).unwrap_or_else(default_data_dir)
}

/// The directory to load from: `explicit` (e.g. from `--data-dir`), else `$DLDW_MNIST_DIR`,
/// else [`default_data_dir`].
///
/// ```
/// let dir = dldw::mnist::data_dir(Some("my/mnist".into()));
/// assert_eq!(dir, std::path::PathBuf::from("my/mnist"));
/// ```
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    resolve_data_dir(explicit, std::env::var_os(DATA_DIR_ENV))
}

/// The paths of the four MNIST files in `dir` (each gzipped or decompressed): training images,
/// training labels, test images, test labels. Only checks that they are there, so that a
/// command line can refuse a wrong directory at once, before any work; [`Mnist::load`] checks
/// their contents.
///
/// [`Mnist::load`]: super::Mnist::load
///
/// ```
/// use dldw::mnist::{MnistError, TRAIN_IMAGES, default_data_dir, locate};
/// let [train_images, ..] = locate(default_data_dir())?;
/// assert!(train_images.ends_with(TRAIN_IMAGES));
/// let err = locate("/nonexistent").unwrap_err();
/// assert!(matches!(err, MnistError::Missing { file: TRAIN_IMAGES, .. }));
/// # Ok::<(), MnistError>(())
/// ```
///
/// # Errors
/// [`MnistError::Missing`] for the first file that is not there, in the order above.
pub fn locate(dir: impl AsRef<Path>) -> Result<[PathBuf; 4], MnistError> {
    let dir = dir.as_ref();
    Ok([find(dir, TRAIN_IMAGES)?, find(dir, TRAIN_LABELS)?, find(dir, TEST_IMAGES)?, find(dir, TEST_LABELS)?])
}

/// The path of `file` (a gzipped name such as [`TRAIN_IMAGES`]) in `dir`, or of its
/// decompressed form (the name without `.gz`) if only that exists.
fn find(dir: &Path, file: &'static str) -> Result<PathBuf, MnistError> {
    let gz = dir.join(file);
    let raw = dir.join(file.trim_end_matches(".gz"));
    [gz, raw].into_iter().find(|p| p.is_file()).ok_or_else(|| MnistError::Missing { dir: dir.into(), file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_names_the_directory_the_file_and_the_ways_to_point_elsewhere() {
        let err = find(Path::new("/nonexistent/mnist"), TEST_LABELS).unwrap_err();
        let msg = err.to_string();
        for needle in
            ["/nonexistent/mnist", TEST_LABELS, TRAIN_IMAGES, "data/mnist/", "--data-dir", DATA_DIR_ENV]
        {
            assert!(msg.contains(needle), "{needle:?} missing from: {msg}");
        }
    }

    #[test]
    fn the_decompressed_file_is_found_when_the_gzipped_one_is_absent() {
        let dir = std::env::temp_dir().join(format!("dldw-find-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 0]).unwrap();
        let found = find(&dir, TEST_LABELS);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.unwrap(), dir.join("t10k-labels-idx1-ubyte"));
    }
}
