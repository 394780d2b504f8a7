//! The MNIST data set in memory (book 3.6.1, `load_mnist`): images as bytes, labels as digits.
//!
//! The images stay bytes, and only their nonzero pixels are kept: 27 MB for the training set,
//! against 47 MB as whole images and 188 MB as `f32`.
//! They become floats in [0, 1] only a batch at a time ([`ImageSet::gather`]).

use super::error::MnistError;
use super::files::locate;
use super::idx::{magic, read_idx_file, read_idx_file_in_pieces};
use std::path::{Path, PathBuf};

/// Rows of an MNIST image.
///
/// ```
/// assert_eq!(dldw::mnist::ROWS * dldw::mnist::COLS, dldw::mnist::PIXELS);
/// ```
pub const ROWS: usize = 28;
/// Columns of an MNIST image.
///
/// ```
/// assert_eq!(dldw::mnist::COLS, 28);
/// ```
pub const COLS: usize = 28;
/// Pixels of an MNIST image flattened to a row, the book's `flatten=True`: 784.
///
/// ```
/// assert_eq!(dldw::mnist::PIXELS, 784);
/// ```
pub const PIXELS: usize = ROWS * COLS;
/// Classes: the digits 0 to 9.
///
/// ```
/// assert_eq!(dldw::mnist::CLASSES, 10);
/// ```
pub const CLASSES: usize = 10;

/// The MNIST training set (60000 images) and test set (10000 images).
///
/// ```
/// use dldw::mnist::{Mnist, MnistError, data_dir};
/// let mnist = Mnist::load(data_dir(None))?;
/// assert_eq!((mnist.train.len(), mnist.test.len()), (60_000, 10_000));
/// assert_eq!(mnist.train.label(0), 5);
/// # Ok::<(), MnistError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Mnist {
    /// The 60000 training images and labels (`train-*` files).
    pub train: ImageSet,
    /// The 10000 test images and labels (`t10k-*` files).
    pub test: ImageSet,
}

impl Mnist {
    /// Loads the four MNIST files from `dir`, gzipped or decompressed, checking each file's
    /// format, the 28×28 image size, one label per image and every label a digit.
    ///
    /// ```
    /// use dldw::mnist::{Mnist, MnistError, default_data_dir};
    /// let mnist = Mnist::load(default_data_dir())?;
    /// assert_eq!(mnist.test.label(0), 7);
    /// assert!(matches!(Mnist::load("nowhere"), Err(MnistError::Missing { file: "train-images-idx3-ubyte.gz", .. })));
    /// # Ok::<(), MnistError>(())
    /// ```
    pub fn load(dir: impl AsRef<Path>) -> Result<Mnist, MnistError> {
        let [train_images, train_labels, test_images, test_labels] = locate(dir)?;
        // The test set is read on a second thread while the training set (six times larger) is
        // read on this one: decompressing is most of a run's start. An error in the training
        // set is reported first, as when they were read one after the other.
        std::thread::scope(|scope| {
            let test = scope.spawn(|| load_set(test_images, test_labels));
            let train = load_set(train_images, train_labels);
            let test = test.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok(Mnist { train: train?, test: test? })
        })
    }
}

/// Images and their labels: one MNIST set, or any set of 28×28 byte images of digits.
///
/// Built only through [`ImageSet::new`], which checks one label per image and every label
/// below 10, so batches drawn from it are always valid targets.
///
/// ```
/// use dldw::mnist::{ImageSet, PIXELS};
/// let set = ImageSet::new(vec![0; 2 * PIXELS], vec![3, 8])?;
/// assert_eq!(set.len(), 2);
/// assert_eq!(set.label(1), 8);
/// # Ok::<(), dldw::mnist::MnistError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSet {
    labels: Vec<u8>,
    ink: Ink,
}

impl ImageSet {
    /// A data set from image bytes (images one after the other, each 28 rows of 28 pixels) and
    /// one label per image.
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, MnistError, PIXELS};
    /// assert!(matches!(ImageSet::new(vec![0; PIXELS], vec![10]), Err(MnistError::LabelOutOfRange { index: 0, label: 10 })));
    /// assert!(matches!(ImageSet::new(vec![0; PIXELS], vec![1, 2]), Err(MnistError::CountMismatch { images: 1, labels: 2 })));
    /// assert!(matches!(ImageSet::new(vec![0; 5], vec![]), Err(MnistError::NotWholeImages { len: 5 })));
    /// ```
    pub fn new(images: Vec<u8>, labels: Vec<u8>) -> Result<ImageSet, MnistError> {
        if !images.len().is_multiple_of(PIXELS) {
            return Err(MnistError::NotWholeImages { len: images.len() });
        }
        // Counted first, so that the lists are allocated once, at their size.
        let count = images.iter().filter(|&&byte| byte != 0).count();
        let mut ink = Ink {
            pixels: Vec::with_capacity(count),
            values: Vec::with_capacity(count),
            ends: Vec::with_capacity(images.len() / PIXELS),
        };
        ink.push_images(&images);
        ImageSet::from_ink(ink, labels)
    }

    /// The set from its images' ink and one label per image, checked: one label per image
    /// ([`MnistError::CountMismatch`]), every label a digit ([`MnistError::LabelOutOfRange`]).
    fn from_ink(ink: Ink, labels: Vec<u8>) -> Result<ImageSet, MnistError> {
        if ink.ends.len() != labels.len() {
            return Err(MnistError::CountMismatch { images: ink.ends.len(), labels: labels.len() });
        }
        if let Some(index) = labels.iter().position(|&l| usize::from(l) >= CLASSES) {
            return Err(MnistError::LabelOutOfRange { index, label: labels[index] });
        }
        Ok(ImageSet { labels, ink })
    }

    /// The number of images.
    ///
    /// ```
    /// assert_eq!(dldw::mnist::ImageSet::new(vec![], vec![])?.len(), 0);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images.
    ///
    /// ```
    /// assert!(dldw::mnist::ImageSet::new(vec![], vec![])?.is_empty());
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `i`: 784 bytes, 28 rows of 28 pixels, 0 = background, 255 = ink.
    ///
    /// # Panics
    /// If `i >= self.len()`, like slice indexing.
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, PIXELS};
    /// let set = ImageSet::new((0..2 * PIXELS).map(|p| (p / PIXELS) as u8).collect(), vec![0, 1])?;
    /// assert!(set.image(1).iter().all(|&p| p == 1));
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn image(&self, i: usize) -> [u8; PIXELS] {
        let mut image = [0; PIXELS];
        let (pixels, values) = self.ink(i);
        for (&p, &byte) in pixels.iter().zip(values) {
            image[usize::from(p)] = byte;
        }
        image
    }

    /// Image i's nonzero pixels, in increasing order, and their values.
    pub(super) fn ink(&self, i: usize) -> (&[u16], &[u8]) {
        let Ink { pixels, values, ends } = &self.ink;
        let start = if i == 0 { 0 } else { ends[i - 1] };
        (&pixels[start..ends[i]], &values[start..ends[i]])
    }

    /// The label of image `i`, a digit 0–9.
    ///
    /// # Panics
    /// If `i >= self.len()`, like slice indexing.
    ///
    /// ```
    /// let set = dldw::mnist::ImageSet::new(vec![0; 784], vec![4])?;
    /// assert_eq!(set.label(0), 4);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// All images in order, as the book's `x_train` with `normalize=False, flatten=True`
    /// (one at a time: the set keeps only their nonzero pixels).
    ///
    /// ```
    /// let set = dldw::mnist::ImageSet::new(vec![9; 2 * 784], vec![4, 1])?;
    /// assert_eq!(set.images().len(), 2);
    /// assert_eq!(set.images().flatten().filter(|&byte| byte == 9).count(), 2 * 784);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn images(&self) -> impl ExactSizeIterator<Item = [u8; PIXELS]> + '_ {
        (0..self.len()).map(|i| self.image(i))
    }

    /// All labels, the book's `t_train` with `one_hot_label=False`.
    ///
    /// ```
    /// let set = dldw::mnist::ImageSet::new(vec![0; 2 * 784], vec![4, 2])?;
    /// assert_eq!(set.labels(), &[4, 2]);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }
}

/// The nonzero pixels (ink) of images, image after image: MNIST is 81 % background, so a
/// [`ImageSet`] keeps only those, 3 bytes each (a position and a value: 27 MB for the training
/// set against 47 MB as whole images), and batches are built from them by reading two
/// sequential runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Ink {
    /// The positions of the nonzero pixels, in increasing order within each image.
    pixels: Vec<u16>,
    /// The value of each pixel in `pixels`.
    values: Vec<u8>,
    /// `ends[i]`: one past image i's last pixel in `pixels`.
    ends: Vec<usize>,
}

impl Ink {
    /// Appends the ink of `images`, whole images one after the other (bytes past the last
    /// whole image are left out: only a file of another image size, refused, has them).
    fn push_images(&mut self, images: &[u8]) {
        // Within a group of 8 pixels that holds ink, the ink is gathered without a branch
        // (every pixel is written, and the count moves past it only if it is ink), then the
        // image's ink is appended: a fifth of the pixels are ink, in no order a branch
        // predictor can learn (a branch per pixel took 67-77 ms of the training set's 170 ms
        // of loading, the branchless loop over every pixel 48-50 ms).
        let (mut pixels, mut bytes) = ([0u16; PIXELS], [0u8; PIXELS]);
        for image in images.chunks_exact(PIXELS) {
            let mut n = 0;
            let (groups, []) = image.as_chunks::<8>() else { unreachable!("784 pixels are 98 groups of 8") };
            for (g, group) in (0..).zip(groups) {
                // Most groups of 8 are background (MNIST's borders and the space around the
                // strokes): skipped whole, with one predictable branch per group. Both sets
                // load in 142 ms against 157 ms pixel by pixel (`scripts/stage_times`, medians
                // of four alternating rounds).
                if u64::from_ne_bytes(*group) == 0 {
                    continue;
                }
                for (p, &byte) in (g * 8..).zip(group) {
                    pixels[n] = p;
                    bytes[n] = byte;
                    n += usize::from(byte != 0);
                }
            }
            self.pixels.extend_from_slice(&pixels[..n]);
            self.values.extend_from_slice(&bytes[..n]);
            self.ends.push(self.pixels.len());
        }
    }
}

/// Images handed from the decompressing thread to the one gathering their ink at a time: 80
/// images, 61 KB, which a thread's allocator hands out again without asking the system.
const PIECE: usize = 80 * PIXELS;

/// One set (training or test) from its image and label files. The images' ink is gathered on
/// a second thread while this one decompresses them, piece by piece: the training set's
/// 60000 images took 107 ms to decompress and 45 ms more to gather, one after the other.
fn load_set(images: PathBuf, labels: PathBuf) -> Result<ImageSet, MnistError> {
    let (dims, ink) = std::thread::scope(|scope| {
        let (pieces, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
        let gatherer = scope.spawn(move || {
            let mut ink = Ink::default();
            received.iter().for_each(|piece| ink.push_images(&piece));
            ink
        });
        // A send fails only if the gatherer stopped, by a panic, which the join passes on.
        let dims = read_idx_file_in_pieces(&images, PIECE, &mut |piece| _ = pieces.send(piece.to_vec()));
        drop(pieces);
        (dims, gatherer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let image_count = match *dims?.as_slice() {
        [count, ROWS, COLS] => count,
        [_, rows, cols] => return Err(MnistError::WrongImageSize { path: images, rows, cols }),
        ref dims => {
            return Err(MnistError::WrongMagic { path: images, expected: 0x0803, found: magic(dims) });
        }
    };
    debug_assert_eq!(image_count, ink.ends.len(), "every image was gathered");
    let label_bytes = read_labels(&labels)?;
    ImageSet::from_ink(ink, label_bytes).map_err(|source| MnistError::Set {
        images,
        labels,
        source: Box::new(source),
    })
}

/// The bytes of a label file (magic number 0x00000801); their range is checked by
/// [`ImageSet::new`].
fn read_labels(path: &Path) -> Result<Vec<u8>, MnistError> {
    let idx = read_idx_file(path)?;
    match idx.dims() {
        [_] => Ok(idx.into_data()),
        _ => Err(MnistError::WrongMagic { path: path.into(), expected: 0x0801, found: idx.magic() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set loaded with its ink gathered beside the decompression is the set made from the
    /// whole file's bytes, image for image; a file of 32×32 images is still refused as such.
    #[test]
    fn a_set_loaded_in_pieces_is_the_set_made_whole() {
        let dir = super::super::files::default_data_dir();
        let (images, labels) = (dir.join("t10k-images-idx3-ubyte.gz"), dir.join("t10k-labels-idx1-ubyte.gz"));
        let whole = ImageSet::new(
            read_idx_file(&images).expect("test images").into_data(),
            read_idx_file(&labels).expect("test labels").into_data(),
        )
        .expect("a valid set");
        assert_eq!(load_set(images, labels.clone()).expect("loads"), whole);

        let wide = std::env::temp_dir().join(format!("dldw-32x32-{}", std::process::id()));
        std::fs::write(&wide, super::super::idx::encode_idx(&[3, 32, 32], &[1; 3 * 32 * 32])).unwrap();
        let err = load_set(wide.clone(), labels).unwrap_err();
        std::fs::remove_file(&wide).unwrap();
        assert!(matches!(err, MnistError::WrongImageSize { rows: 32, cols: 32, .. }), "{err}");
    }

    /// The ink kept is exactly the images' nonzero bytes: an empty image, a full one, single
    /// pixels at both ends of a group of 8, and pseudo-random strokes with runs of background.
    #[test]
    fn every_image_comes_back_from_its_ink() {
        let mut images = vec![vec![0u8; PIXELS], vec![255u8; PIXELS]];
        for p in [0, 7, 8, 15, 783] {
            let mut image = vec![0u8; PIXELS];
            image[p] = 1;
            images.push(image);
        }
        for seed in 0..20usize {
            images.push(
                (0..PIXELS)
                    .map(|p| if (p * 31 + seed * 97) % 11 < 3 { (p % 254 + 1) as u8 } else { 0 })
                    .collect(),
            );
        }
        let set = ImageSet::new(images.concat(), vec![0; images.len()]).expect("labels are digits");
        for (i, image) in images.iter().enumerate() {
            assert_eq!(&set.image(i)[..], &image[..], "image {i}");
        }
    }
}
