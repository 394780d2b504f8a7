//! Mini-batches (book 4.2.3): the images at some indices as a matrix of floats in [0, 1], one
//! image per row, with their labels as a target.
//!
//! The book's `x_train[batch_mask]` with `normalize=True`, written into a matrix the caller
//! owns, so a training loop allocates nothing per batch.

use super::dataset::{CLASSES, ImageSet, PIXELS};
use crate::Float;
use crate::data::Chunks;
use crate::data::Labels;
use crate::kernels::sparse::SparseRows;
use nalgebra::SMatrix;

impl ImageSet {
    /// Writes image `indices[n]` into row `n` of `x`, each pixel scaled to [0, 1] as
    /// x = byte / 255, and returns the images' labels.
    ///
    /// Sample the indices with [`RandomChoice`](crate::data::RandomChoice) or
    /// [`ShuffledEpochs`](crate::data::ShuffledEpochs), or take them in order with
    /// [`Chunks`](crate::data::Chunks). Box `x` once with [`zeros_boxed`](crate::zeros_boxed)
    /// (100 × 784 `f64` is 627 KB, too big for a test thread's stack) and reuse it.
    ///
    /// # Panics
    /// If an index is not below `self.len()`, like slice indexing: the samplers only produce
    /// valid indices. Never because of the data: [`ImageSet::new`] checked every label.
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, PIXELS};
    /// let mut images = vec![0u8; 3 * PIXELS];
    /// images[2 * PIXELS] = 255; // first pixel of image 2
    /// images[PIXELS + 1] = 51; // second pixel of image 1
    /// let set = ImageSet::new(images, vec![7, 1, 4])?;
    /// let mut x = dldw::zeros_boxed::<f32, 2, PIXELS>();
    /// let t = set.gather_pixels(&[2, 1], &mut x);
    /// assert_eq!(t.classes(), &[4, 1]);
    /// assert_eq!((x[(0, 0)], x[(1, 1)], x[(1, 0)]), (1.0, 0.2, 0.0));
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn gather_pixels<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SMatrix<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        let scaled = scale::<T>();
        self.touch(indices);
        // `x` is column-major: an image's pixels lie N elements apart, a pixel's N values are
        // contiguous. Filled in blocks of whole columns small enough to stay in the L2 cache,
        // each zeroed by one contiguous fill (a memset, which the C library does with the
        // CPU's widest stores) and then given its images' pixels: each image's pixels are
        // sorted, so a cursor per image carries on where the last block stopped. Zeroing row
        // stripes instead wrote runs of 64 bytes 4 KB apart (an evaluation chunk of 1000
        // rows), 16 bytes at a time in a crate built for x86-64's baseline.
        let x = x.as_mut_slice();
        let width = (BLOCK / (N * size_of::<T>()).max(1)).clamp(1, PIXELS);
        // How many of each image's pixels are written (fewer than 784: two bytes each, as
        // little of the stack per image as the labels take).
        let mut written = [0u16; N];
        for p0 in (0..PIXELS).step_by(width) {
            let p1 = PIXELS.min(p0 + width);
            let block = &mut x[p0 * N..p1 * N];
            block.fill(T::zero());
            for (n, written) in written.iter_mut().enumerate() {
                let (pixels, values) = self.ink(indices[n]);
                let start = usize::from(*written);
                let mut count = 0;
                // The pixels before `start` are in earlier blocks, so every one from it is ≥ p0.
                for (&p, &byte) in pixels[start..].iter().zip(&values[start..]) {
                    let p = usize::from(p);
                    if p >= p1 {
                        break;
                    }
                    block[n + (p - p0) * N] = scaled[usize::from(byte)];
                    count += 1;
                }
                *written += count;
            }
        }
        self.labels_of(indices)
    }

    /// Like [`ImageSet::gather_pixels`], into a batch that keeps only the nonzero pixels, which
    /// [`Affine`](crate::layers::Affine) multiplies at a fifth of the dense cost; this is the
    /// batch the trainer uses.
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, PIXELS};
    /// use dldw::sparse::SparseRows;
    /// let mut images = vec![0u8; 2 * PIXELS];
    /// images[PIXELS + 5] = 51; // pixel 5 of image 1
    /// let set = ImageSet::new(images, vec![3, 8])?;
    /// let mut x = SparseRows::<f64, 2, PIXELS>::new();
    /// let t = set.gather_ink(&[1, 0], &mut x);
    /// assert_eq!(t.classes(), &[8, 3]);
    /// assert_eq!(x.row(0), (&[5][..], &[0.2][..]));
    /// assert_eq!(x.nonzeros(), 1);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn gather_ink<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SparseRows<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        let scaled = scale::<T>();
        self.touch(indices);
        // The set's pixels are in increasing order and below 784 (`ImageSet::new`).
        x.fill_sorted_with(|n, cols, values| {
            let (pixels, bytes) = self.ink(indices[n]);
            cols.extend(pixels.iter().map(|&p| u32::from(p)));
            values.extend(bytes.iter().map(|&byte| scaled[usize::from(byte)]));
        });
        self.labels_of(indices)
    }

    /// Reads one byte of every cache line of the images at `indices`, unless they are in order.
    /// Random images lie anywhere in the set's 27 MB, and copying them one after the other waits
    /// for memory once per image; touching them all first lets those waits overlap (18 % less
    /// CPU time for the whole sparse run).
    fn touch(&self, indices: &[usize]) {
        // Images in order (an evaluation's chunks) lie one after the other, which the hardware
        // prefetchers follow: touching them first is one more pass over them, and no overlap.
        if indices.windows(2).all(|pair| pair[1] == pair[0] + 1) {
            return;
        }
        let mut touched = 0;
        for &i in indices {
            let (pixels, bytes) = self.ink(i);
            touched ^= pixels.iter().step_by(32).fold(0, |a, &p| a ^ p)
                ^ bytes.iter().step_by(64).fold(0, |a, &b| a ^ u16::from(b));
        }
        std::hint::black_box(touched);
    }

    fn labels_of<const N: usize>(&self, indices: &[usize; N]) -> Labels<N, CLASSES> {
        match Labels::new(indices.map(|i| usize::from(self.label(i)))) {
            Ok(labels) => labels,
            Err(e) => unreachable!("ImageSet::new checked every label to be a digit, yet {e}"),
        }
    }

    /// The old name of [`ImageSet::gather_pixels`].
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let set = dldw::mnist::ImageSet::new(vec![0; dldw::mnist::PIXELS], vec![4])?;
    /// let mut x = dldw::zeros_boxed::<f32, 1, { dldw::mnist::PIXELS }>();
    /// assert_eq!(set.gather(&[0], &mut x).classes(), &[4]);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    #[deprecated(note = "renamed `gather_pixels`: it fills a dense batch; `gather_ink` fills a sparse one")]
    pub fn gather<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SMatrix<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        self.gather_pixels(indices, x)
    }

    /// The old name of [`ImageSet::gather_ink`].
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let set = dldw::mnist::ImageSet::new(vec![0; dldw::mnist::PIXELS], vec![4])?;
    /// let mut x = dldw::sparse::SparseRows::<f32, 1, { dldw::mnist::PIXELS }>::new();
    /// assert_eq!(set.gather_rows(&[0], &mut x).classes(), &[4]);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    #[deprecated(note = "renamed `gather_ink`: it fills a batch of the images' ink (nonzero pixels) only")]
    pub fn gather_rows<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SparseRows<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        self.gather_ink(indices, x)
    }

    /// The whole set in order, `N` indices at a time, for evaluation: see [`Chunks`] (the
    /// last chunk is padded if `N` does not divide `len()`).
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, PIXELS};
    /// let set = ImageSet::new(vec![0; 5 * PIXELS], vec![0, 1, 2, 3, 4])?;
    /// let mut x = dldw::zeros_boxed::<f64, 2, PIXELS>();
    /// let mut seen = Vec::new();
    /// for chunk in set.chunks::<2>() {
    ///     let t = set.gather_pixels(&chunk.indices, &mut x);
    ///     seen.extend_from_slice(&t.classes()[..chunk.valid]);
    /// }
    /// assert_eq!(seen, [0, 1, 2, 3, 4]);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn chunks<const N: usize>(&self) -> Chunks<N> {
        Chunks::new(self.len())
    }
}

/// MNIST feeds the trainer ([`train`](crate::train::train)) and
/// [`evaluate`](crate::train::evaluate) through [`ImageSet::gather_ink`]: batches of the
/// nonzero pixels only.
impl<T: Float> crate::data::Dataset<T, PIXELS, CLASSES> for ImageSet {
    type Batch<const N: usize> = SparseRows<T, N, PIXELS>;
    fn len(&self) -> usize {
        ImageSet::len(self)
    }
    fn gather<const N: usize>(
        &self,
        idx: &[usize; N],
        x: &mut SparseRows<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        self.gather_ink(idx, x)
    }
}

/// Bytes of the block of whole columns [`ImageSet::gather_pixels`] fills at a time: it stays in the
/// L2 cache while its images' pixels are written into it.
const BLOCK: usize = 512 * 1024;

/// x = byte / 255 for every byte, computed once per batch instead of once per pixel; it
/// rounds exactly as the reference computation `byte as T / 255`.
fn scale<T: Float>() -> [T; 256] {
    std::array::from_fn(|b| T::lit(b as f64) / T::lit(255.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set whose pixel p of image i is ink (of a value from i and p) for about a fifth of
    /// the pixels, with one empty image and one fully inked.
    fn set(len: usize) -> ImageSet {
        let byte = |i: usize, p: usize| {
            let h = (i * 7919 + p * 104_729) % 1009;
            match i {
                3 => 0,
                5 => 1 + (p % 255) as u8,
                _ if h < 200 => 1 + (h % 255) as u8,
                _ => 0,
            }
        };
        let images = (0..len).flat_map(|i| (0..PIXELS).map(move |p| byte(i, p))).collect();
        ImageSet::new(images, vec![0; len]).expect("labels are digits")
    }

    /// Batches too big for one block of columns are filled in several: each image's pixels
    /// land where they belong and only there, in every block.
    #[test]
    fn a_batch_filled_in_blocks_holds_every_image() {
        fn check<T: Float, const N: usize>(set: &ImageSet) {
            assert!(N * PIXELS * size_of::<T>() > 2 * BLOCK, "{N} rows fit in two blocks");
            let indices: [usize; N] = std::array::from_fn(|n| (n * 37 + 5) % set.len());
            let mut x = crate::zeros_boxed::<T, N, PIXELS>();
            x.fill(T::lit(7.0));
            set.gather_pixels(&indices, &mut x);
            for (n, &i) in indices.iter().enumerate() {
                for (p, &byte) in set.image(i).iter().enumerate() {
                    assert_eq!(x[(n, p)], T::lit(f64::from(byte)) / T::lit(255.0), "image {i}, pixel {p}");
                }
            }
        }
        let set = set(1200);
        check::<f32, 1000>(&set);
        check::<f64, 700>(&set);
    }
}
