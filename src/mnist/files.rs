//! Where the MNIST files are: their names, the directories to look in ([`search_order`]
//! writes the order down) and the check that a directory holds them.

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

/// `data/mnist` under the root of the dldw checkout this crate was built from, where the
/// repository keeps the files. The published package has no `data/`: in a crate that depends
/// on dldw from crates.io this directory does not exist, and [`search_order`] skips it.
///
/// ```
/// assert!(dldw::mnist::default_data_dir().ends_with("data/mnist"));
/// ```
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join("mnist")
}

/// The directories to look in for the MNIST files, first to last, given the explicit directory
/// and the value of `DLDW_MNIST_DIR`; [`data_dir`] and [`search`] feed it the real environment.
/// This is the one place the order is written down: the examples, the loader's errors and the
/// download (feature `download`) all follow it.
///
/// 1. A directory given explicitly (the examples' `--data-dir DIR`): only there.
/// 2. Else the environment variable [`DATA_DIR_ENV`] (`DLDW_MNIST_DIR`), if set and not empty:
///    only there.
/// 3. Else, first, `data/mnist` of the dldw checkout this crate was built from
///    ([`default_data_dir`]), where the repository keeps the four files. It is tried only if
///    it exists: the published package does not ship `data/`, so in a crate that depends on
///    dldw from crates.io this step is skipped.
/// 4. Then, with the `download` feature, the per-user cache directory (`download::cache_dir`:
///    `~/.cache/dldw/mnist` on Linux, `~/Library/Caches/dldw/mnist` on macOS,
///    `%LOCALAPPDATA%\dldw\mnist` on Windows), where the files are fetched on first use.
///
/// A download goes to the last directory of the order: the one given explicitly or by
/// `DLDW_MNIST_DIR`, else the cache.
///
/// ```
/// use dldw::mnist::{default_data_dir, search_order};
/// use std::path::PathBuf;
/// assert_eq!(search_order(Some("cli".into()), Some("env".into())), [PathBuf::from("cli")]);
/// assert_eq!(search_order(None, Some("env".into())), [PathBuf::from("env")]);
/// // In the repository, its data/mnist comes first (then the cache, with `download`).
/// assert_eq!(search_order(None, Some("".into()))[0], default_data_dir());
/// assert_eq!(search_order(None, None)[0], default_data_dir());
/// ```
pub fn search_order(explicit: Option<PathBuf>, env: Option<OsString>) -> Vec<PathBuf> {
    if let Some(dir) = explicit.or_else(|| env.filter(|dir| !dir.is_empty()).map(PathBuf::from)) {
        return vec![dir];
    }
    let checkout = Some(default_data_dir()).filter(|dir| dir.is_dir());
    checkout.into_iter().chain(cache()).collect()
}

/// The first directory of [`search_order`], else [`default_data_dir`]: what 0.1 called the
/// directory to load from.
///
/// ```
/// #![allow(deprecated)]
/// use dldw::mnist::resolve_data_dir;
/// assert_eq!(resolve_data_dir(Some("cli".into()), Some("env".into())), std::path::PathBuf::from("cli"));
/// ```
#[deprecated(since = "0.2.0", note = "use `search_order`, which lists every directory to try, or `data_dir`")]
pub fn resolve_data_dir(explicit: Option<PathBuf>, env: Option<OsString>) -> PathBuf {
    search_order(explicit, env).into_iter().next().unwrap_or_else(default_data_dir)
}

/// The per-user cache directory, with the `download` feature.
#[cfg(feature = "download")]
fn cache() -> Option<PathBuf> {
    cache_dir()
}

/// The per-user cache directory the files are fetched into: `dldw/mnist` under the platform's
/// cache directory (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
/// `%LOCALAPPDATA%` on Windows); `None` where the platform has none (no home directory).
///
/// ```
/// if let Some(dir) = dldw::mnist::download::cache_dir() {
///     assert!(dir.ends_with("dldw/mnist"));
/// }
/// ```
#[cfg(feature = "download")]
pub fn cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|dir| dir.join("dldw").join("mnist"))
}

/// No cache directory without the `download` feature: nothing would fill it.
#[cfg(not(feature = "download"))]
fn cache() -> Option<PathBuf> {
    None
}

/// The first directory of the [search order](search_order) that holds the four files.
///
/// ```
/// use dldw::mnist::{MnistError, search};
/// assert!(search(None)?.ends_with("data/mnist")); // in the repository
/// let err = search(Some("/nonexistent/mnist".into())).unwrap_err();
/// assert!(matches!(err, MnistError::NotFound { .. }));
/// assert!(err.to_string().contains("/nonexistent/mnist"));
/// # Ok::<(), MnistError>(())
/// ```
///
/// # Errors
/// [`MnistError::NotFound`], listing every directory tried, when none holds the four files.
pub fn search(explicit: Option<PathBuf>) -> Result<PathBuf, MnistError> {
    let tried = search_order(explicit, std::env::var_os(DATA_DIR_ENV));
    tried.iter().find(|dir| locate(dir).is_ok()).cloned().ok_or(MnistError::NotFound { tried })
}

/// The directory to load from: the first of the [search order](search_order) that holds the four
/// files, else the last one (where they belong: the directory given, or the cache), else
/// [`default_data_dir`]. The loader's error for a directory without the files says what to do;
/// [`search`] says where it looked.
///
/// ```
/// let dir = dldw::mnist::data_dir(Some("my/mnist".into()));
/// assert_eq!(dir, std::path::PathBuf::from("my/mnist"));
/// assert!(dldw::mnist::data_dir(None).ends_with("data/mnist")); // in the repository
/// ```
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    let order = search_order(explicit, std::env::var_os(DATA_DIR_ENV));
    order.iter().find(|dir| locate(dir).is_ok()).or(order.last()).cloned().unwrap_or_else(default_data_dir)
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
pub(super) fn find(dir: &Path, file: &'static str) -> Result<PathBuf, MnistError> {
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
