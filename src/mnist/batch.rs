//! Mini-batches (book 4.2.3): the images at some indices as a matrix of floats in [0, 1], one
//! image per row, with their labels as a target.
//!
//! The book's `x_train[batch_mask]` with `normalize=True`, written into a matrix the caller
//! owns, so a training loop allocates nothing per batch.

use super::dataset::{CLASSES, Dataset, PIXELS};
use crate::Float;
use crate::loss::Labels;
use crate::sparse::SparseRows;
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
        let scaled = scale::<T>();
        // `x` is column-major: an image's pixels lie N elements apart. Filled 16 rows at a
        // time (each column's 16 elements share a cache line), the rows' 784 lines are zeroed
        // and written while they are in the cache, instead of zeroing the whole batch (3 MB
        // for an evaluation chunk of 1000) and then writing one line per pixel of it again.
        let x = x.as_mut_slice();
        for first in (0..N).step_by(16) {
            let rows = first..N.min(first + 16);
            for column in x.chunks_exact_mut(N) {
                match column[first..].first_chunk_mut::<16>() {
                    // A length the compiler knows: two vector stores, not a call to memset.
                    Some(stripe) => *stripe = [T::zero(); 16],
                    None => column[rows.clone()].fill(T::zero()),
                }
            }
            for n in rows {
                let (pixels, values) = self.ink(indices[n]);
                for (&p, &byte) in pixels.iter().zip(values) {
                    x[n + usize::from(p) * N] = scaled[usize::from(byte)];
                }
            }
        }
        self.labels_of(indices)
    }

    /// Like [`Dataset::gather`], into a batch that keeps only the nonzero pixels, which
    /// [`Affine`](crate::layers::Affine) multiplies at a fifth of the dense cost; this is the
    /// batch the trainer uses.
    ///
    /// ```
    /// use dldw::mnist::{Dataset, PIXELS};
    /// use dldw::sparse::SparseRows;
    /// let mut images = vec![0u8; 2 * PIXELS];
    /// images[PIXELS + 5] = 51; // pixel 5 of image 1
    /// let set = Dataset::new(images, vec![3, 8])?;
    /// let mut x = SparseRows::<f64, 2, PIXELS>::new();
    /// let t = set.gather_rows(&[1, 0], &mut x);
    /// assert_eq!(t.classes(), &[8, 3]);
    /// assert_eq!(x.row(0), (&[5][..], &[0.2][..]));
    /// assert_eq!(x.nonzeros(), 1);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn gather_rows<T: Float, const N: usize>(
        &self,
        indices: &[usize; N],
        x: &mut SparseRows<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        let scaled = scale::<T>();
        // Random images lie anywhere in the set's 27 MB, and copying them one after the other
        // waits for memory once per image. Reading one byte of every cache line of them all
        // first lets those waits overlap (18 % less CPU time for the whole run).
        let mut touched = 0;
        for &i in indices {
            let (pixels, bytes) = self.ink(i);
            touched ^= pixels.iter().step_by(32).fold(0, |a, &p| a ^ p)
                ^ bytes.iter().step_by(64).fold(0, |a, &b| a ^ u16::from(b));
        }
        std::hint::black_box(touched);
        // The set's pixels are in increasing order and below 784 (`Dataset::new`).
        x.fill_sorted_with(|n, cols, values| {
            let (pixels, bytes) = self.ink(indices[n]);
            cols.extend(pixels.iter().map(|&p| u32::from(p)));
            values.extend(bytes.iter().map(|&byte| scaled[usize::from(byte)]));
        });
        self.labels_of(indices)
    }

    fn labels_of<const N: usize>(&self, indices: &[usize; N]) -> Labels<N, CLASSES> {
        match Labels::new(indices.map(|i| usize::from(self.label(i)))) {
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
/// [`evaluate`](crate::train::evaluate) through [`Dataset::gather_rows`]: batches of the
/// nonzero pixels only.
impl<T: Float> crate::train::Dataset<T, PIXELS, CLASSES> for Dataset {
    type Batch<const N: usize> = SparseRows<T, N, PIXELS>;
    fn len(&self) -> usize {
        Dataset::len(self)
    }
    fn gather<const N: usize>(
        &self,
        idx: &[usize; N],
        x: &mut SparseRows<T, N, PIXELS>,
    ) -> Labels<N, CLASSES> {
        self.gather_rows(idx, x)
    }
}

/// x = byte / 255 for every byte, computed once per batch instead of once per pixel; it
/// rounds exactly as the reference computation `byte as T / 255`.
fn scale<T: Float>() -> [T; 256] {
    std::array::from_fn(|b| T::lit(b as f64) / T::lit(255.0))
}
