//! What can go wrong when saving or loading a model, each case saying what to do about it.

use safetensors::SafeTensorError;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A model file that could not be written or read, or that does not fit the model.
///
/// ```
/// use dldw::io::{ModelIoError, load_into};
/// use dldw::layers::Affine;
/// let mut affine = Affine::<2, 3, f32>::from_weights(dldw::zeros_boxed(), nalgebra::RowSVector::zeros());
/// let err = load_into(&mut affine, "no/such/file.safetensors").unwrap_err();
/// assert!(matches!(err, ModelIoError::Io { .. }));
/// assert!(err.to_string().starts_with("cannot read no/such/file.safetensors: "));
/// ```
#[derive(Debug, Error)]
pub enum ModelIoError {
    /// The operating system refused a read, a write or the final rename.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. `"read"` or `"replace"`.
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a valid safetensors file (safetensors' own checks of the header and
    /// the offsets failed).
    #[error(
        "{} not a valid safetensors file ({source}): it may be truncated or of another \
         format; save the model again to replace it",
        subject(path.as_deref())
    )]
    Format {
        /// The file concerned, or `None` for bytes given by
        /// [`load_from_bytes`](super::load_from_bytes).
        path: Option<PathBuf>,
        /// What the safetensors crate found wrong.
        #[source]
        source: SafeTensorError,
    },
    /// The model has a parameter that the file lacks.
    #[error(
        "the file has no tensor {name}, which this model needs: was it saved from another \
         architecture?"
    )]
    MissingTensor {
        /// The parameter's dotted name, e.g. `W1` or `0.W`.
        name: String,
    },
    /// The file stores a parameter in another float type than the model's.
    #[error(
        "the file holds {name} as {found} but this model's {name} is {expected}: load it into \
         a model of the file's float type (f32 for F32, f64 for F64)"
    )]
    DtypeMismatch {
        /// The parameter's dotted name.
        name: String,
        /// The model's dtype, `"F32"` or `"F64"`.
        expected: &'static str,
        /// The file's dtype, as safetensors names it.
        found: String,
    },
    /// The file stores a parameter with another shape than the model's.
    #[error(
        "the file holds {name} as {found:?} but this model's {name} is {expected:?}: was it \
         saved from another architecture?"
    )]
    ShapeMismatch {
        /// The parameter's dotted name.
        name: String,
        /// The model's shape: `[rows, cols]`, `[cols]` for a single row such as a bias, or a
        /// convolution's `[FN, C, FH, FW]`.
        expected: Vec<usize>,
        /// The shape in the file.
        found: Vec<usize>,
    },
    /// The file holds a value that is not a finite number (NaN or ±∞) where the model needs
    /// one: a model saved after its training diverged, or a corrupted file.
    #[error(
        "the file holds {value} as element {index} of {name}, not a finite number: the model \
         was saved after training diverged, or the file is corrupt; train again (with a \
         smaller learning rate) or use another file"
    )]
    NonFinite {
        /// The parameter's dotted name.
        name: String,
        /// The element's position in the file's row-major order.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// The file is longer than any file this model can load: the 8-byte header length, the
    /// longest JSON header safetensors accepts (100 MB) and the model's values. It is
    /// refused before anything is read (or, for a device or a file still growing, once that
    /// many bytes have been read), so a disk image given by mistake costs no memory.
    ///
    /// ```
    /// use dldw::io::{ModelIoError, load_into};
    /// use dldw::layers::Affine;
    /// let path = std::env::temp_dir().join(format!("dldw-doc-too-large-{}", std::process::id()));
    /// // 10 GB of nothing: a sparse file takes no disk space, and is never read.
    /// std::fs::File::create(&path)?.set_len(10 << 30)?;
    /// let mut affine = Affine::<2, 3, f32>::from_weights(dldw::zeros_boxed(), nalgebra::RowSVector::zeros());
    /// let err = load_into(&mut affine, &path).unwrap_err();
    /// assert!(matches!(err, ModelIoError::TooLarge { size: Some(10_737_418_240), limit: 100_000_044, .. }));
    /// assert!(err.to_string().ends_with(
    ///     " is 10737418240 bytes, more than the 100000044 bytes a model of 9 F32 parameters can \
    ///      take: is it the right file?"
    /// ));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[error("{}", too_large(path, *size, *limit, *elements, dtype))]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Its length as the operating system reports it, or `None` if it went on past
        /// `limit` while being read (a device such as `/dev/zero`, or a file being appended to).
        size: Option<u64>,
        /// The most bytes a valid file for this model can have.
        limit: u64,
        /// How many numbers the model's parameters hold.
        elements: u64,
        /// The model's dtype, `"F32"` or `"F64"`.
        dtype: &'static str,
    },
    /// The file has a tensor that the model does not: loading it would silently drop data.
    #[error(
        "the file holds a tensor {name} that this model does not have: was it saved from \
         another architecture?"
    )]
    UnexpectedTensor {
        /// The tensor's name in the file.
        name: String,
    },
}

/// The start of a format error's sentence: the file's name, or "the bytes" when there is none.
fn subject(path: Option<&Path>) -> String {
    match path {
        Some(path) => format!("{} is", path.display()),
        None => "the bytes are".to_string(),
    }
}

/// The message of [`ModelIoError::TooLarge`].
fn too_large(path: &Path, size: Option<u64>, limit: u64, elements: u64, dtype: &str) -> String {
    let model = format!("the {limit} bytes a model of {elements} {dtype} parameters can take");
    match size {
        Some(size) => format!("{} is {size} bytes, more than {model}: is it the right file?", path.display()),
        // No length to report: the metadata said little enough, the reading found more.
        None => format!(
            "{} goes on past {model} (a device, or a file still being written): is it the right file?",
            path.display()
        ),
    }
}

/// A refused step of an atomic write, as the [`ModelIoError::Io`] of a model's save.
impl From<crate::files::WriteError> for ModelIoError {
    fn from(e: crate::files::WriteError) -> Self {
        ModelIoError::Io { action: e.action, path: e.path, source: e.source }
    }
}
