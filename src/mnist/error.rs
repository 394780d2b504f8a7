//! What can be wrong with an IDX file ([`IdxError`]) and with the MNIST data set ([`MnistError`]).
//!
//! Every message says what was found and what to do about it. [`IdxError`] describes the bytes
//! alone (it has no file name: the reader also reads slices and streams); [`MnistError`] adds
//! the path of the file, or the directory that was searched.

use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// The part of an IDX file that ended too early.
///
/// ```
/// assert_eq!(dldw::mnist::IdxPart::Dimensions.to_string(), "dimensions");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdxPart {
    /// The 4-byte magic number `00 00 08 0D` (D = number of dimensions).
    Magic,
    /// The D big-endian `u32` sizes after the magic number.
    Dimensions,
    /// The items: as many bytes as the product of the dimensions.
    Data,
}

impl std::fmt::Display for IdxPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IdxPart::Magic => "magic number",
            IdxPart::Dimensions => "dimensions",
            IdxPart::Data => "data",
        })
    }
}

/// Bytes that are not a well-formed IDX file of unsigned bytes.
///
/// ```
/// use dldw::mnist::{IdxError, read_idx};
/// let err = read_idx(&[0x00, 0x00, 0x08][..]).unwrap_err();
/// assert!(matches!(err, IdxError::Truncated { expected: 4, got: 3, .. }));
/// assert!(err.to_string().contains("magic number"));
/// ```
#[derive(Debug, Error)]
pub enum IdxError {
    /// Nothing at all to read.
    #[error(
        "the file is empty; an interrupted download or copy leaves empty files behind — \
         copy or download it again"
    )]
    Empty,
    /// A first four bytes that are not `00 00 <type> <number of dimensions ≥ 1>`.
    #[error(
        "not an IDX file: it starts with {found:02x?}, but IDX files start with 00 00, a type \
         byte and the number of dimensions (MNIST: 00 00 08 01 for labels, 00 00 08 03 for \
         images); check that this is the right file and not, say, an HTML error page"
    )]
    BadMagic {
        /// The first four bytes.
        found: [u8; 4],
    },
    /// An IDX element type other than unsigned byte (0x08).
    #[error(
        "the IDX element type is 0x{code:02x}, but dldw reads only unsigned bytes (0x08), as \
         MNIST stores them; convert the file or use the MNIST originals"
    )]
    UnsupportedType {
        /// The type byte (third byte of the magic number).
        code: u8,
    },
    /// The stream ended before the part its header announces was complete.
    #[error(
        "the file is truncated: its {part} needs {expected} bytes but only {got} are there; \
         the download or copy was probably cut short — fetch the file again"
    )]
    Truncated {
        /// Which part was cut short.
        part: IdxPart,
        /// Bytes that part needs.
        expected: usize,
        /// Bytes actually present.
        got: usize,
    },
    /// More data after the items the header announces.
    #[error(
        "the file holds more than the {expected} data bytes its header announces; the header \
         was edited or another file was appended — use the original file"
    )]
    TrailingData {
        /// Data bytes the header announces.
        expected: usize,
    },
    /// Dimensions whose product (the number of bytes) does not fit in a `usize`.
    #[error(
        "the dimensions {dims:?} multiply to more bytes than this machine can address; the \
         header is corrupt — use the original file"
    )]
    DimensionOverflow {
        /// The dimensions as the header states them.
        dims: Vec<u32>,
    },
    /// A header that announces more data than the reader accepts.
    #[error(
        "the header announces {bytes} bytes of data, more than the {max} bytes (60000 images \
         of 28×28) the reader accepts; the header is corrupt or this is not an MNIST file"
    )]
    TooLarge {
        /// Data bytes the header announces.
        bytes: usize,
        /// The cap, [`MAX_IDX_BYTES`](super::MAX_IDX_BYTES).
        max: usize,
    },
    /// The gzip stream could not be decompressed (corrupt data or checksum).
    #[error("the gzip stream is corrupt ({0}); fetch the file again")]
    Gzip(#[source] io::Error),
    /// Reading the (uncompressed) stream failed.
    #[error("reading the IDX data failed: {0}")]
    Read(#[source] io::Error),
}

/// The MNIST files could not be found, read or trusted.
///
/// ```
/// use dldw::mnist::{Mnist, MnistError};
/// let err = Mnist::load("no/such/dir").unwrap_err();
/// assert!(matches!(err, MnistError::Missing { .. }));
/// assert!(err.to_string().contains("DLDW_MNIST_DIR"));
/// ```
#[derive(Debug, Error)]
pub enum MnistError {
    /// A file that is not in the directory searched (neither gzipped nor decompressed).
    #[error(
        "MNIST file {file} not found in {dir}; dldw needs train-images-idx3-ubyte.gz, \
         train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz \
         (gzipped or not). A git checkout of dldw has them in data/mnist/; with dldw's \
         `download` feature they are fetched on first use; otherwise download them (e.g. from \
         https://ossci-datasets.s3.amazonaws.com/mnist/) and pass their directory with \
         --data-dir DIR or the environment variable DLDW_MNIST_DIR",
        dir = dir.display()
    )]
    Missing {
        /// The directory that was searched.
        dir: PathBuf,
        /// The file name looked for (its gzipped form).
        file: &'static str,
    },
    /// No directory of the search order ([`search_order`](super::search_order)) holds the four
    /// files.
    #[error(
        "the MNIST files are not in {}; dldw needs train-images-idx3-ubyte.gz, \
         train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz \
         (gzipped or not): enable dldw's `download` feature to fetch them on first use, or \
         download them by hand (e.g. from https://ossci-datasets.s3.amazonaws.com/mnist/) and \
         pass their directory with --data-dir DIR or the environment variable DLDW_MNIST_DIR",
        tried_list(tried)
    )]
    NotFound {
        /// The directories looked in, in order (empty when there was none to look in: no
        /// directory given, no checkout, no `download` feature).
        tried: Vec<PathBuf>,
    },
    /// The file exists but could not be opened.
    #[error("cannot open {}: {source}; check its permissions", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file's bytes are not a well-formed IDX file.
    #[error("{}: {source}", path.display())]
    Idx {
        /// The file.
        path: PathBuf,
        /// What is wrong with its bytes.
        source: IdxError,
    },
    /// A well-formed IDX file of the wrong kind (labels where images belong, or the reverse).
    #[error(
        "{}: expected IDX magic number 0x{expected:08x} ({}), found 0x{found:08x}; the file \
         names may have been swapped",
        path.display(),
        if *expected == 0x0803 { "images: 3 dimensions" } else { "labels: 1 dimension" }
    )]
    WrongMagic {
        /// The file.
        path: PathBuf,
        /// 0x00000803 for images, 0x00000801 for labels.
        expected: u32,
        /// The file's magic number.
        found: u32,
    },
    /// Images that are not 28×28 pixels.
    #[error(
        "{}: images are {rows}×{cols} pixels, but MNIST's are 28×28; this is another data set",
        path.display()
    )]
    WrongImageSize {
        /// The file.
        path: PathBuf,
        /// Rows per image in the file.
        rows: usize,
        /// Columns per image in the file.
        cols: usize,
    },
    /// Image bytes that do not divide into whole 28×28 images.
    #[error(
        "{len} image bytes are not a whole number of 784-byte (28×28) images; pass the bytes \
         of complete images"
    )]
    NotWholeImages {
        /// The number of bytes given.
        len: usize,
    },
    /// Not one label per image.
    #[error(
        "{images} images but {labels} labels; images and labels must come from the same set \
         (train-… with train-…, t10k-… with t10k-…)"
    )]
    CountMismatch {
        /// Number of images.
        images: usize,
        /// Number of labels.
        labels: usize,
    },
    /// A label that is not a digit.
    #[error(
        "label {index} is {label}, but MNIST labels are the digits 0 to 9; the labels file is \
         corrupt — use the original"
    )]
    LabelOutOfRange {
        /// Position of the label.
        index: usize,
        /// Its value.
        label: u8,
    },
    /// An image file and a label file that are each well-formed but do not fit together.
    #[error("{} with {}: {source}", images.display(), labels.display())]
    Set {
        /// The image file.
        images: PathBuf,
        /// The label file.
        labels: PathBuf,
        /// What does not fit ([`MnistError::CountMismatch`] or [`MnistError::LabelOutOfRange`]).
        source: Box<MnistError>,
    },
}

/// The directories of [`MnistError::NotFound`], for its message.
fn tried_list(tried: &[PathBuf]) -> String {
    match tried {
        [] => "any directory (none was given and there is no checkout or cache to look in)".into(),
        dirs => dirs.iter().map(|dir| dir.display().to_string()).collect::<Vec<_>>().join(" nor in "),
    }
}
