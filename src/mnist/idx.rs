//! The IDX file format, MNIST's container, read defensively.
//!
//! An IDX file is a 4-byte magic number `00 00 08 D` (0x08: the items are unsigned bytes;
//! D: the number of dimensions), D big-endian `u32` sizes, then the items, row-major:
//! `size₀ × size₁ × … × size_D−1` bytes. MNIST's label files are 0x00000801 (`[n]`), its image
//! files 0x00000803 (`[n, 28, 28]`).
//!
//! The reader trusts nothing the header says until the data is there:
//! - the byte count is the product of the sizes in checked arithmetic
//!   ([`IdxError::DimensionOverflow`]), capped at [`MAX_IDX_BYTES`] ([`IdxError::TooLarge`]);
//! - the data buffer grows with the bytes actually read (doubling, never past the header's
//!   count), so a header announcing 47 MB in a 1 KB file costs at most a 64 KiB buffer;
//! - the stream is read through `Read::take`: header size first, then the announced count
//!   plus one byte, so a gzip stream that inflates far beyond its header is never inflated
//!   further than that ([`IdxError::TrailingData`]).

use super::error::{IdxError, IdxPart, MnistError};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// The most data bytes the reader accepts: 60000 × 28 × 28, MNIST's training images.
///
/// ```
/// assert_eq!(dldw::mnist::MAX_IDX_BYTES, 47_040_000);
/// ```
pub const MAX_IDX_BYTES: usize = 60_000 * 28 * 28;

/// The first two bytes of every gzip stream (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Magic number and dimension sizes: at most 255 dimensions of 4 bytes.
const MAX_HEADER_BYTES: u64 = 4 + 4 * 255;

/// The first step of the data buffer's growth; later steps double it.
const FIRST_CHUNK: usize = 64 * 1024;

/// The contents of an IDX file of unsigned bytes: its dimensions and its items, row-major.
///
/// ```
/// use dldw::mnist::read_idx;
/// let file = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
/// let idx = read_idx(&file[..]).unwrap();
/// assert_eq!(idx.dims(), &[2, 3]);
/// assert_eq!(idx.magic(), 0x0000_0802);
/// assert_eq!(idx.data(), &[1, 2, 3, 4, 5, 6]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdxArray {
    dims: Vec<usize>,
    data: Vec<u8>,
}

impl IdxArray {
    /// The size of each dimension, outermost first (for MNIST images: `[n, 28, 28]`).
    ///
    /// ```
    /// let idx = dldw::mnist::read_idx(&[0, 0, 8, 1, 0, 0, 0, 2, 7, 9][..]).unwrap();
    /// assert_eq!(idx.dims(), &[2]);
    /// ```
    pub fn dims(&self) -> &[usize] {
        &self.dims
    }

    /// The file's magic number, 0x0000_08_D for D dimensions of unsigned bytes.
    ///
    /// ```
    /// let idx = dldw::mnist::read_idx(&[0, 0, 8, 1, 0, 0, 0, 2, 7, 9][..]).unwrap();
    /// assert_eq!(idx.magic(), 0x0000_0801); // MNIST's label files
    /// ```
    pub fn magic(&self) -> u32 {
        magic(&self.dims)
    }

    /// The items, row-major (the last dimension varies fastest).
    ///
    /// ```
    /// let idx = dldw::mnist::read_idx(&[0, 0, 8, 1, 0, 0, 0, 2, 7, 9][..]).unwrap();
    /// assert_eq!(idx.data(), &[7, 9]);
    /// ```
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The items, moved out without a copy.
    ///
    /// ```
    /// let idx = dldw::mnist::read_idx(&[0, 0, 8, 1, 0, 0, 0, 2, 7, 9][..]).unwrap();
    /// assert_eq!(idx.into_data(), vec![7, 9]);
    /// ```
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}

/// The magic number of an IDX file of unsigned bytes with these dimensions.
pub(crate) fn magic(dims: &[usize]) -> u32 {
    // At most 255 dimensions: the count came from one byte.
    0x0800 | dims.len() as u32
}

/// Reads an IDX file of unsigned bytes from a stream, gzipped or not.
///
/// Gzip is recognised by its magic bytes `1f 8b` at the start of the stream, not by a file
/// name: a file decompressed but still called `.gz`, or gzipped without the suffix, reads the
/// same. (IDX files start with `00 00`, so the two cannot be confused.) A gzip file of several
/// members (RFC 1952 2.2, as `cat a.gz b.gz` or parallel compressors make) reads as their
/// concatenation; bytes after the last member that are not another member are an error. Every problem is an
/// [`IdxError`]; the reader never panics and never allocates more than the bytes actually
/// present justify: see [`MAX_IDX_BYTES`] and [`IdxError`].
///
/// ```
/// use dldw::mnist::{IdxError, read_idx};
/// use std::io::Write;
/// let raw = [0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4];
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// gz.write_all(&raw).unwrap();
/// let gz = gz.finish().unwrap();
/// assert_eq!(read_idx(&raw[..]).unwrap(), read_idx(&gz[..]).unwrap());
/// // A header announcing 1000 labels in front of 3 bytes of data:
/// let short = [0, 0, 8, 1, 0, 0, 0x03, 0xe8, 5, 0, 4];
/// assert!(matches!(read_idx(&short[..]), Err(IdxError::Truncated { expected: 1000, got: 3, .. })));
/// ```
pub fn read_idx(reader: impl Read) -> Result<IdxArray, IdxError> {
    let (dims, data) = read_any(reader, &mut |stream, bytes, err| read_data(stream, bytes, err))?;
    Ok(IdxArray { dims, data })
}

/// The data of an IDX stream, given the stream past its header, the byte count the header
/// announces and the wrapper of the stream's I/O errors: all of it, or its pieces handed on.
type ReadData<'a, R> = dyn FnMut(&mut dyn Read, usize, fn(io::Error) -> IdxError) -> Result<R, IdxError> + 'a;

/// [`read_idx`] with what is done with the data left to `data`: the dimensions and its result.
fn read_any<R>(mut reader: impl Read, data: &mut ReadData<'_, R>) -> Result<(Vec<usize>, R), IdxError> {
    let mut head = [0u8; 2];
    let got = read_full(&mut reader, &mut head).map_err(IdxError::Read)?;
    let stream = head[..got].chain(reader);
    if head == GZIP_MAGIC {
        read_raw(MultiGzDecoder::new(stream), IdxError::Gzip, data)
    } else {
        read_raw(stream, IdxError::Read, data)
    }
}

/// The bytes of an IDX file of unsigned bytes (magic `00 00 08`, the number of dimensions,
/// each dimension as a big-endian u32, then the items): what [`read_idx`] reads, for writing a
/// small set of one's own in MNIST's format, or a test file.
///
/// ```
/// use dldw::mnist::{encode_idx, read_idx};
/// let file = encode_idx(&[2, 3], &[1, 2, 3, 4, 5, 6]);
/// assert_eq!(&file[..4], &[0, 0, 8, 2]);
/// let array = read_idx(&file[..]).unwrap();
/// assert_eq!((array.dims(), array.data()), (&[2, 3][..], &[1, 2, 3, 4, 5, 6][..]));
/// ```
pub fn encode_idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut file = vec![0, 0, 0x08, dims.len() as u8];
    dims.iter().for_each(|d| file.extend_from_slice(&d.to_be_bytes()));
    file.extend_from_slice(data);
    file
}

/// Reads an IDX file of unsigned bytes from disk, gzipped or not (see [`read_idx`]).
///
/// ```
/// use dldw::mnist::{MnistError, read_idx_file};
/// let labels = read_idx_file(dldw::mnist::default_data_dir().join("t10k-labels-idx1-ubyte.gz"))?;
/// assert_eq!(labels.dims(), &[10_000]);
/// assert_eq!(&labels.data()[..3], &[7, 2, 1]);
/// # Ok::<(), MnistError>(())
/// ```
pub fn read_idx_file(path: impl AsRef<Path>) -> Result<IdxArray, MnistError> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|source| MnistError::Io { path: path.into(), source })?;
    read_idx(BufReader::new(file)).map_err(|source| MnistError::Idx { path: path.into(), source })
}

/// Reads an IDX file as [`read_idx_file`] does, with the same checks and errors, but hands its
/// data to `piece` as it is read, `size` bytes at a time (the last piece may be shorter),
/// instead of keeping it; returns the dimensions. On an error some pieces may have been handed
/// on already.
pub(crate) fn read_idx_file_in_pieces(
    path: &Path,
    size: usize,
    piece: &mut dyn FnMut(&[u8]),
) -> Result<Vec<usize>, MnistError> {
    let file = File::open(path).map_err(|source| MnistError::Io { path: path.into(), source })?;
    let mut pieces = |stream: &mut dyn Read, bytes, err| read_pieces(stream, bytes, err, size, piece);
    read_any(BufReader::new(file), &mut pieces)
        .map(|(dims, ())| dims)
        .map_err(|source| MnistError::Idx { path: path.into(), source })
}

/// Parses header and data from a stream that is already decompressed; `err` wraps the
/// stream's I/O errors (as gzip corruption or as a plain read failure).
fn read_raw<R>(
    stream: impl Read,
    err: fn(io::Error) -> IdxError,
    data: &mut ReadData<'_, R>,
) -> Result<(Vec<usize>, R), IdxError> {
    let mut stream = stream.take(MAX_HEADER_BYTES);

    let mut magic = [0u8; 4];
    let got = read_full(&mut stream, &mut magic).map_err(err)?;
    match got {
        0 => return Err(IdxError::Empty),
        1..4 => return Err(IdxError::Truncated { part: IdxPart::Magic, expected: 4, got }),
        _ => {}
    }
    let [zero0, zero1, code, ndims] = magic;
    if zero0 != 0 || zero1 != 0 || ndims == 0 {
        return Err(IdxError::BadMagic { found: magic });
    }
    if code != 0x08 {
        return Err(IdxError::UnsupportedType { code });
    }

    let mut header = [0u8; 4 * 255];
    let header = &mut header[..4 * usize::from(ndims)];
    let got = read_full(&mut stream, header).map_err(err)?;
    if got < header.len() {
        return Err(IdxError::Truncated { part: IdxPart::Dimensions, expected: header.len(), got });
    }
    let sizes: Vec<u32> =
        header.chunks_exact(4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])).collect();
    let dims: Option<Vec<usize>> = sizes.iter().map(|&s| usize::try_from(s).ok()).collect();
    // A zero size makes the product 0 however large the others are: check it before
    // multiplying, or the partial product could overflow first.
    let bytes = dims.as_ref().and_then(|d| {
        if d.contains(&0) { Some(0) } else { d.iter().try_fold(1usize, |acc, &s| acc.checked_mul(s)) }
    });
    let (Some(dims), Some(bytes)) = (dims, bytes) else {
        return Err(IdxError::DimensionOverflow { dims: sizes });
    };
    if bytes > MAX_IDX_BYTES {
        return Err(IdxError::TooLarge { bytes, max: MAX_IDX_BYTES });
    }

    // From here on at most the announced bytes plus one are read (that one detects trailing
    // data), however far the stream would go on.
    stream.set_limit(bytes as u64 + 1);
    let data = data(&mut stream, bytes, err)?;
    let mut extra = [0u8; 1];
    if read_full(&mut stream, &mut extra).map_err(err)? > 0 {
        return Err(IdxError::TrailingData { expected: bytes });
    }
    Ok((dims, data))
}

/// Reads exactly `bytes` bytes into a buffer that grows only as data arrives: its capacity is
/// at most twice what was read (or [`FIRST_CHUNK`]), never more than `bytes`, and exactly
/// `bytes` on success.
fn read_data(
    stream: &mut dyn Read,
    bytes: usize,
    err: fn(io::Error) -> IdxError,
) -> Result<Vec<u8>, IdxError> {
    let mut data = Vec::new();
    let mut filled = 0;
    while filled < bytes {
        if filled == data.len() {
            let len = bytes.min(FIRST_CHUNK.max(2 * data.len()));
            data.reserve_exact(len - data.len());
            data.resize(len, 0);
        }
        match stream.read(&mut data[filled..]) {
            Ok(0) => return Err(IdxError::Truncated { part: IdxPart::Data, expected: bytes, got: filled }),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(err(e)),
        }
    }
    Ok(data)
}

/// Reads exactly `bytes` bytes, handing them to `piece` `size` at a time, through one buffer of
/// at most `size` bytes (or `bytes`, if fewer): no more memory than [`read_data`] starts with
/// when `size` is at most [`FIRST_CHUNK`]. A stream that ends early is
/// [`IdxError::Truncated`], after its last bytes were handed on.
fn read_pieces(
    stream: &mut dyn Read,
    bytes: usize,
    err: fn(io::Error) -> IdxError,
    size: usize,
    piece: &mut dyn FnMut(&[u8]),
) -> Result<(), IdxError> {
    let mut buffer = vec![0; size.clamp(1, bytes.max(1))];
    let mut got = 0;
    while got < bytes {
        let want = buffer.len().min(bytes - got);
        let n = read_full(stream, &mut buffer[..want]).map_err(err)?;
        if n > 0 {
            piece(&buffer[..n]);
        }
        got += n;
        if n < want {
            return Err(IdxError::Truncated { part: IdxPart::Data, expected: bytes, got });
        }
    }
    Ok(())
}

/// Fills `buf` as far as the stream goes; returns the number of bytes read (short only at the
/// end of the stream).
fn read_full(stream: &mut (impl Read + ?Sized), buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match stream.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read in pieces, a file gives the bytes and dimensions it gives whole, in pieces of the
    /// size asked for, gzipped or not; a file cut short or running on gives the same errors.
    #[test]
    fn a_file_read_in_pieces_gives_what_it_gives_whole() {
        let dir = std::env::temp_dir();
        let data: Vec<u8> = (0..2 * 3 * 700u32).map(|i| (i * 7 % 251) as u8).collect();
        let file = encode_idx(&[2 * 700, 3], &data);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &file).unwrap();
        let cases = [
            ("whole", file.clone()),
            ("gzipped", gz.finish().unwrap()),
            ("cut short", file[..file.len() - 5].to_vec()),
            ("running on", [&file[..], &[1, 2]].concat()),
        ];
        for (name, bytes) in cases {
            let path = dir.join(format!("dldw-idx-pieces-{}-{name}", std::process::id()));
            std::fs::write(&path, &bytes).unwrap();
            let mut pieces = Vec::new();
            let got = read_idx_file_in_pieces(&path, 1000, &mut |piece| pieces.push(piece.to_vec()));
            let whole = read_idx_file(&path);
            std::fs::remove_file(&path).unwrap();
            match (got, whole) {
                (Ok(dims), Ok(whole)) => {
                    assert_eq!((&dims[..], &pieces.concat()[..]), (whole.dims(), whole.data()), "{name}");
                    assert!(pieces.iter().rev().skip(1).all(|p| p.len() == 1000), "{name}: pieces of 1000");
                }
                (Err(got), Err(whole)) => assert_eq!(got.to_string(), whole.to_string(), "{name}"),
                (got, whole) => {
                    panic!("{name}: in pieces {got:?}, whole {:?}", whole.map(|w| w.dims().to_vec()))
                }
            }
        }
    }

    #[test]
    fn a_zero_dimension_holds_no_items_and_reads_as_empty_data() {
        let idx = read_idx(&[0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28][..]).unwrap();
        assert_eq!(idx.dims(), &[0, 28, 28]);
        assert!(idx.data().is_empty());
    }

    #[test]
    fn a_zero_size_makes_the_product_zero_even_after_sizes_that_would_overflow() {
        let file =
            [0, 0, 8, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];
        assert_eq!(
            read_idx(&file[..]).unwrap().dims(),
            &[u32::MAX as usize, u32::MAX as usize, u32::MAX as usize, 0]
        );
    }

    #[test]
    fn a_header_cut_inside_the_dimensions_reports_how_much_was_there() {
        let err = read_idx(&[0, 0, 8, 3, 0, 0, 0, 1, 0, 0][..]).unwrap_err();
        assert!(matches!(err, IdxError::Truncated { part: IdxPart::Dimensions, expected: 12, got: 6 }));
    }

    #[test]
    fn the_data_buffer_grows_with_the_data_not_with_the_header() {
        // 4 bytes of data behind a header that announces 40 MB.
        let file = [0, 0, 8, 1, 0x02, 0x62, 0x5a, 0x00, 1, 2, 3, 4];
        let mut stream = &file[8..];
        let err = read_data(&mut stream, 40_000_000, IdxError::Read).unwrap_err();
        assert!(matches!(err, IdxError::Truncated { expected: 40_000_000, got: 4, .. }));
        let mut stream = &file[8..];
        let data = read_data(&mut stream, 4, IdxError::Read).unwrap();
        assert_eq!((data.len(), data.capacity()), (4, 4));
    }
}
