//! Mini-batches (book 4.2.3): the images at some indices as a matrix of floats in [0, 1], one
//! image per row, with their labels as a target.
//!
//! The book's `x_train[batch_mask]` with `normalize=True`, written into a matrix the caller
//! owns, so a training loop allocates nothing per batch.

use super::dataset::{CLASSES, Dataset, PIXELS};
use crate::Float;
use crate::loss::Labels;
use crate::train::Chunks;
use nalgebra::SMatrix;

impl Dataset {
    /// Writes image `indices[n]` into row `n` of `x`, each pixel scaled to [0, 1] as
    /// x = byte / 255, and returns the images' labels.
    ///
    /// Sample the indices with [`RandomChoice`](crate::train::RandomChoice) or
    /// [`ShuffledEpochs`](crate::train::ShuffledEpochs), or take them in order with
    /// [`Chunks`](crate::train::Chunks). Box `x` once with [`zeros_boxed`](crate::zeros_boxed)
    /// (100 × 784 `f64` is 627 KB, too big for a test thread's stack) and reuse it.
    ///
    /// # Panics
    /// If an index is not below `self.len()`, like slice indexing: the samplers only produce
    /// valid indices. Never because of the data: [`Dataset::new`] checked every label.
    ///
    /// ```
    /// use dldw::mnist::{Dataset, PIXELS};
    /// let mut images = vec![0u8; 3 * PIXELS];
    /// images[2 * PIXELS] = 255; // first pixel of image 2
    /// images[PIXELS + 1] = 51; // second pixel of image 1
    /// let set = Dataset::new(images, vec![7, 1, 4])?;
    /// let mut x = dldw::zeros_boxed::<f32, 2, PIXELS>();
    /// let t = set.gather(&[2, 1], &mut x);
    /// assert_eq!(t.classes(), &[4, 1]);
    /// assert_eq!((x[(0, 0)], x[(1, 1)], x[(1, 0)]), (1.0, 0.2, 0.0));
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn gather<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SMatrix<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        let classes = indices.map(|i| usize::from(self.label(i)));
        // One division per byte value instead of one per pixel; x / 255 rounds exactly as the
        // reference computation `byte as T / 255`.
        let scaled: [T; 256] = std::array::from_fn(|b| T::lit(b as f64) / T::lit(255.0));
        let images = indices.map(|i| self.image(i));
        // nalgebra is column-major: row n of column p is image n's pixel p. Images are taken
        // 16 at a time, each pixel's 16 values filling 64 contiguous bytes of its column
        // (walking whole columns reads all N images at once, which for N = 1000 thrashes the
        // L1 cache). A pixel that is background in all 16 images (half of them, in MNIST) is
        // written as zeros without reading the images. `N.max(1)` only because chunks of 0
        // are refused; with N = 0 there is nothing to write.
        for ((block, ids), first) in images.chunks(16).zip(indices.chunks(16)).zip((0..).step_by(16)) {
            let mut ink = [0; PIXELS.div_ceil(64)];
            for &i in ids {
                ink.iter_mut().zip(self.ink(i)).for_each(|(a, b)| *a |= b);
            }
            for (p, column) in x.as_mut_slice().chunks_exact_mut(N.max(1)).enumerate() {
                let run = &mut column[first..first + block.len()];
                if ink[p / 64] >> (p % 64) & 1 == 0 {
                    // A whole block as a fixed-size store, not a call to memset per pixel.
                    match <&mut [T; 16]>::try_from(&mut *run) {
                        Ok(full) => *full = [T::zero(); 16],
                        Err(_) => run.fill(T::zero()),
                    }
                } else {
                    for (v, image) in run.iter_mut().zip(block) {
                        *v = scaled[usize::from(image[p])];
                    }
                }
            }
        }
        match Labels::new(classes) {
            Ok(labels) => labels,
            Err(e) => unreachable!("Dataset::new checked every label to be a digit, yet {e}"),
        }
    }

    /// The whole set in order, `N` indices at a time, for evaluation: see [`Chunks`] (the
    /// last chunk is padded if `N` does not divide `len()`).
    ///
    /// ```
    /// use dldw::mnist::{Dataset, PIXELS};
    /// let set = Dataset::new(vec![0; 5 * PIXELS], vec![0, 1, 2, 3, 4])?;
    /// let mut x = dldw::zeros_boxed::<f64, 2, PIXELS>();
    /// let mut seen = Vec::new();
    /// for chunk in set.chunks::<2>() {
    ///     let t = set.gather(&chunk.indices, &mut x);
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
/// [`evaluate`](crate::train::evaluate) through [`Dataset::gather`].
impl<T: Float> crate::train::Dataset<T, PIXELS, CLASSES> for Dataset {
    fn len(&self) -> usize {
        Dataset::len(self)
    }
    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<T, N, PIXELS>) -> Labels<N, CLASSES> {
        Dataset::gather(self, idx, x)
    }
}
