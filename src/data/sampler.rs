//! Which samples go into each batch, as a batch mask: the indices of its samples (book 4.2.3
//! and 4.5.2, `batch_mask`).
//!
//! | order | book | here |
//! |---|---|---|
//! | random, with replacement | `np.random.choice(train_size, batch_size)` | [`RandomChoice`] |
//! | shuffled epochs, without replacement | an epoch of `train_size / batch_size` batches | [`ShuffledEpochs`] |
//! | in order, whole set (evaluation) | `x[i:i+batch_size]` in `accuracy` | [`Chunks`] |
//!
//! The random samplers draw only from the `&mut impl Rng` they are given (same seed, same
//! batches) and write into a caller's `[usize; N]`: nothing is allocated per batch.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

/// Fills a batch mask: the indices of the `N` samples of the next batch (the book's
/// `batch_mask`).
///
/// ```
/// use dldw::data::{RandomChoice, Sampler, ShuffledEpochs};
/// use rand::SeedableRng;
/// fn first_mask(sampler: &mut impl Sampler) -> [usize; 4] {
///     let mut mask = [0; 4];
///     sampler.fill(&mut mask, &mut rand::rngs::StdRng::seed_from_u64(1));
///     mask
/// }
/// assert!(first_mask(&mut RandomChoice::new(10)).iter().all(|&i| i < 10));
/// assert!(first_mask(&mut ShuffledEpochs::new(10)).iter().all(|&i| i < 10));
/// ```
pub trait Sampler {
    /// Overwrites `mask` with the indices of the next batch's `N` samples.
    fn fill<const N: usize>(&mut self, mask: &mut [usize; N], rng: &mut impl Rng);
}

/// Indices drawn uniformly and independently, with replacement: the book's
/// `np.random.choice(train_size, batch_size)`. A batch may repeat a sample.
///
/// ```
/// use dldw::data::{RandomChoice, Sampler};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut batch_mask = [0; 100];
/// RandomChoice::new(60_000).fill(&mut batch_mask, &mut rng);
/// assert!(batch_mask.iter().all(|&i| i < 60_000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomChoice {
    len: usize,
}

impl RandomChoice {
    /// Draws from `0..len`.
    ///
    /// ```
    /// let _choice = dldw::data::RandomChoice::new(60_000);
    /// ```
    pub fn new(len: usize) -> Self {
        RandomChoice { len }
    }
}

impl Sampler for RandomChoice {
    /// # Panics
    /// If the set is empty and `N > 0`: there is nothing to draw.
    fn fill<const N: usize>(&mut self, mask: &mut [usize; N], rng: &mut impl Rng) {
        assert!(N == 0 || self.len > 0, "cannot draw a batch of {N} from an empty data set");
        mask.fill_with(|| rng.random_range(0..self.len));
    }
}

/// Shuffled epochs: each epoch is a fresh random permutation of `0..len` cut into batches of
/// `N`, so within an epoch every sample appears at most once.
///
/// When fewer than `N` indices remain, they are dropped and a new epoch starts (PyTorch's
/// `drop_last=True`); with `len` a multiple of `N` (60000 and 100) every epoch visits every
/// sample exactly once. The index vector is allocated once, in [`ShuffledEpochs::new`].
///
/// ```
/// use dldw::data::{Sampler, ShuffledEpochs};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut epochs = ShuffledEpochs::new(6);
/// let (mut a, mut b, mut c) = ([0; 3], [0; 3], [0; 3]);
/// epochs.fill(&mut a, &mut rng);
/// epochs.fill(&mut b, &mut rng);
/// let mut seen = [a, b].concat();
/// seen.sort();
/// assert_eq!(seen, [0, 1, 2, 3, 4, 5]);
/// assert_eq!(epochs.epoch(), 1);
/// epochs.fill(&mut c, &mut rng);
/// assert_eq!(epochs.epoch(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShuffledEpochs {
    order: Vec<usize>,
    next: usize,
    epoch: usize,
}

impl ShuffledEpochs {
    /// Epochs over `0..len`; the first is shuffled by the first [`Sampler::fill`].
    ///
    /// ```
    /// assert_eq!(dldw::data::ShuffledEpochs::new(60_000).epoch(), 0);
    /// ```
    pub fn new(len: usize) -> Self {
        ShuffledEpochs { order: (0..len).collect(), next: len, epoch: 0 }
    }

    /// The number of epochs begun so far (1 during the first).
    ///
    /// ```
    /// assert_eq!(dldw::data::ShuffledEpochs::new(10).epoch(), 0);
    /// ```
    pub fn epoch(&self) -> usize {
        self.epoch
    }
}

impl Sampler for ShuffledEpochs {
    /// # Panics
    /// If `N` is larger than the set: a batch without replacement cannot hold more samples
    /// than there are.
    fn fill<const N: usize>(&mut self, mask: &mut [usize; N], rng: &mut impl Rng) {
        if self.order.len() - self.next < N {
            assert!(
                N <= self.order.len(),
                "a batch of {N} cannot be drawn without replacement from {} samples; use a \
                 smaller batch or RandomChoice",
                self.order.len()
            );
            self.order.shuffle(rng);
            self.next = 0;
            self.epoch += 1;
        }
        mask.copy_from_slice(&self.order[self.next..self.next + N]);
        self.next += N;
    }
}

/// The indices `0..len` in order, `N` at a time, for evaluating a whole set.
///
/// If `N` does not divide `len` (10000 samples in chunks of 300), the last chunk is padded by
/// wrapping around to indices 0, 1, …, and its [`Chunk::valid`] says how many of its rows
/// are real: count only those. Empty sets give no chunks.
///
/// ```
/// use dldw::data::Chunks;
/// let chunks: Vec<_> = Chunks::<4>::new(10).collect();
/// assert_eq!(chunks.len(), 3);
/// assert_eq!((chunks[0].indices, chunks[0].valid), ([0, 1, 2, 3], 4));
/// assert_eq!((chunks[2].indices, chunks[2].valid), ([8, 9, 0, 1], 2));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunks<const N: usize> {
    len: usize,
    start: usize,
}

/// `N` consecutive indices, of which the first `valid` are the set's next samples.
///
/// ```
/// let chunk = dldw::data::Chunks::<3>::new(2).next().unwrap();
/// assert_eq!((chunk.indices, chunk.valid), ([0, 1, 0], 2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk<const N: usize> {
    /// The indices, for [`Dataset::gather`](super::Dataset::gather).
    pub indices: [usize; N],
    /// How many leading rows are real samples (`N` but in the last chunk); the rest repeat
    /// earlier samples to fill the batch.
    pub valid: usize,
}

impl<const N: usize> Chunks<N> {
    /// The chunks of `0..len`. A chunk size of 0 does not compile.
    ///
    /// ```
    /// assert_eq!(dldw::data::Chunks::<100>::new(10_000).count(), 100);
    /// ```
    pub fn new(len: usize) -> Self {
        const { assert!(N > 0, "a chunk needs at least one row") };
        Chunks { len, start: 0 }
    }
}

impl<const N: usize> Iterator for Chunks<N> {
    type Item = Chunk<N>;

    fn next(&mut self) -> Option<Chunk<N>> {
        if self.start >= self.len {
            return None;
        }
        let start = self.start;
        self.start = start.saturating_add(N);
        Some(Chunk {
            indices: std::array::from_fn(|k| (start + k) % self.len),
            valid: N.min(self.len - start),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    #[should_panic(expected = "cannot be drawn without replacement from 3 samples")]
    fn an_epoch_batch_larger_than_the_set_is_refused() {
        ShuffledEpochs::new(3).fill(&mut [0; 4], &mut StdRng::seed_from_u64(0));
    }

    #[test]
    #[should_panic(expected = "from an empty data set")]
    fn a_random_batch_from_an_empty_set_is_refused() {
        RandomChoice::new(0).fill(&mut [0; 1], &mut StdRng::seed_from_u64(0));
    }

    #[test]
    fn the_leftover_of_an_epoch_is_dropped_and_the_next_epoch_is_complete() {
        // 7 samples in batches of 3: two batches per epoch, one sample left over each time.
        let mut rng = StdRng::seed_from_u64(5);
        let mut epochs = ShuffledEpochs::new(7);
        let mut batch = [0; 3];
        for epoch in 1..=3 {
            let mut seen = Vec::new();
            for _ in 0..2 {
                epochs.fill(&mut batch, &mut rng);
                seen.extend_from_slice(&batch);
            }
            assert_eq!(epochs.epoch(), epoch);
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), 6, "no repeats within an epoch");
        }
    }

    #[test]
    fn an_empty_set_has_no_chunks() {
        assert_eq!(Chunks::<10>::new(0).next(), None);
    }
}
