//! Smaller sets and validation data (book 6.4.1, 6.5.1): the first images of a set, any
//! subset, and a shuffled split into training and validation data.

use super::dataset::{ImageSet, PIXELS};
use crate::error::{HyperParamError, check_fraction};
use rand::Rng;
use rand::seq::SliceRandom;

/// A training set split in two: the data to train on, and the validation data (검증
/// 데이터) on which hyper-parameters are judged, so that the test data is left for the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The images to train on.
    pub train: ImageSet,
    /// The images held out to judge hyper-parameters.
    pub validation: ImageSet,
}

impl ImageSet {
    /// The images at `indices`, in that order, as a set of their own.
    ///
    /// ```
    /// use dldw::mnist::{ImageSet, PIXELS};
    /// let set = ImageSet::new((0..3 * PIXELS).map(|p| (p / PIXELS) as u8).collect(), vec![0, 1, 2])?;
    /// let sub = set.subset(&[2, 0]);
    /// assert_eq!(sub.labels(), &[2, 0]);
    /// assert!(sub.image(0).iter().all(|&p| p == 2));
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    ///
    /// # Panics
    /// If an index is not below `self.len()`, like slice indexing.
    pub fn subset(&self, indices: &[usize]) -> ImageSet {
        let mut images = Vec::with_capacity(indices.len() * PIXELS);
        for &i in indices {
            images.extend_from_slice(&self.image(i));
        }
        let labels = indices.iter().map(|&i| self.label(i)).collect();
        match ImageSet::new(images, labels) {
            Ok(set) => set,
            Err(e) => unreachable!("whole images with labels already checked, yet {e}"),
        }
    }

    /// The first `n` images (all of them if there are fewer): the book's `x_train[:300]` in
    /// its over-fitting experiment (6.4.1).
    ///
    /// ```
    /// let set = dldw::mnist::ImageSet::new(vec![0; 3 * 784], vec![5, 6, 7])?;
    /// assert_eq!(set.first(2).labels(), &[5, 6]);
    /// assert_eq!(set.first(10).len(), 3);
    /// # Ok::<(), dldw::mnist::MnistError>(())
    /// ```
    pub fn first(&self, n: usize) -> ImageSet {
        self.subset(&(0..n.min(self.len())).collect::<Vec<_>>())
    }

    /// Shuffles the set with `rng` and holds out the first ⌊len · `rate`⌋ images as
    /// validation data, as the book's `hyperparameter_optimization.py` does with
    /// `shuffle_dataset` and `validation_rate = 0.20` (6.5.1). Every image lands in exactly
    /// one of the two sets; the same seed gives the same split.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let set = dldw::mnist::ImageSet::new(vec![0; 500 * 784], (0..500).map(|i| (i % 10) as u8).collect())?;
    /// let split = set.split_validation(0.2, &mut rand::rngs::StdRng::seed_from_u64(0))?;
    /// assert_eq!((split.train.len(), split.validation.len()), (400, 100));
    /// let mut labels = [split.train.labels(), split.validation.labels()].concat();
    /// labels.sort();
    /// let mut all = set.labels().to_vec();
    /// all.sort();
    /// assert_eq!(labels, all);
    /// assert!(set.split_validation(1.0, &mut rand::rngs::StdRng::seed_from_u64(0)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`HyperParamError::OutOfRange`] unless 0 ≤ `rate` < 1.
    pub fn split_validation(&self, rate: f64, rng: &mut impl Rng) -> Result<Split, HyperParamError> {
        let rate = check_fraction("the validation rate", "in [0, 1): the book holds out 0.2", rate)?;
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(rng);
        let held = (self.len() as f64 * rate) as usize;
        let (validation, train) = order.split_at(held);
        Ok(Split { train: self.subset(train), validation: self.subset(validation) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// Image i is all pixels i % 256, label i % 10: each image is recognisable after a split.
    fn numbered(n: usize) -> ImageSet {
        let images = (0..n).flat_map(|i| [(i % 256) as u8; PIXELS]).collect();
        ImageSet::new(images, (0..n).map(|i| (i % 10) as u8).collect()).unwrap()
    }

    #[test]
    fn a_split_is_a_shuffled_partition_and_the_seed_fixes_it() {
        let set = numbered(50);
        let a = set.split_validation(0.2, &mut StdRng::seed_from_u64(3)).unwrap();
        let b = set.split_validation(0.2, &mut StdRng::seed_from_u64(3)).unwrap();
        assert_eq!(a, b);
        assert_eq!((a.train.len(), a.validation.len()), (40, 10));
        let mut seen: Vec<u8> = a.train.images().chain(a.validation.images()).map(|im| im[0]).collect();
        // Shuffled: the validation images are not simply the first ten.
        assert_ne!(seen[40..], (0..10).collect::<Vec<u8>>()[..]);
        seen.sort();
        assert_eq!(seen, (0..50).collect::<Vec<u8>>());
        // Labels travel with their images.
        assert!(a.validation.images().zip(a.validation.labels()).all(|(im, &l)| im[0] % 10 == l));
    }

    #[test]
    fn a_rate_of_zero_holds_nothing_out() {
        let split = numbered(7).split_validation(0.0, &mut StdRng::seed_from_u64(0)).unwrap();
        assert_eq!((split.train.len(), split.validation.len()), (7, 0));
    }
}
