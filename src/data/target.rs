//! What the network should have answered: one-hot rows or class indices, each its own type.
//!
//! The book's `cross_entropy_error` guesses the kind of target from its shape (`t.size ==
//! y.size` means one-hot). Here the kind is the type: [`OneHot`] or [`Labels`]. Both are
//! checked once, when built, so every loss computed from them is total.

use crate::Float;
use nalgebra::SMatrix;
use thiserror::Error;

/// A target that is not what its type promises.
///
/// ```
/// use dldw::loss::{Labels, TargetError};
/// let err = Labels::<2, 10>::new([3, 10]).unwrap_err();
/// assert_eq!(err, TargetError::ClassOutOfRange { sample: 1, class: 10, classes: 10 });
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TargetError {
    /// A class index that is not below the number of classes.
    #[error(
        "sample {sample} has class {class}, but there are only {classes} classes (0 to {}); \
         check the labels or the network's output width",
        classes - 1
    )]
    ClassOutOfRange {
        /// Row of the offending sample.
        sample: usize,
        /// The class index that was given.
        class: usize,
        /// The number of classes `C`.
        classes: usize,
    },
    /// A row of a one-hot target that is not all zeros but for a single 1.
    #[error(
        "row {sample} of the one-hot target is not one 1 among zeros; \
         build it with OneHot::from_labels, or use Labels for class indices"
    )]
    NotOneHot {
        /// Row of the offending sample.
        sample: usize,
    },
}

/// The correct answers for a batch of `N` samples over `C` classes.
///
/// Implemented by [`OneHot`] and [`Labels`]; losses and accuracy read targets only through it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a target for {N} samples of {C} classes",
    label = "the scores are {N}×{C}: their target is `Labels<{N}, {C}>` or `OneHot<{T}, {N}, {C}>`"
)]
pub trait Target<T: Float, const N: usize, const C: usize> {
    /// `t_nk`: 1 if class `k` is the answer for sample `n`, else 0.
    fn value(&self, n: usize, k: usize) -> T;
    /// The answer's class index for sample `n`.
    fn class(&self, n: usize) -> usize;
}

/// Class indices, one per sample: the book's `t = [2, 7, …]` form.
///
/// ```
/// use dldw::loss::{Labels, Target};
/// let t = Labels::<3, 10>::new([2, 7, 0]).unwrap();
/// assert_eq!(Target::<f64, 3, 10>::class(&t, 1), 7);
/// assert_eq!(Target::<f64, 3, 10>::value(&t, 1, 7), 1.0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels<const N: usize, const C: usize> {
    classes: [usize; N],
}

impl<const N: usize, const C: usize> Labels<N, C> {
    /// Checks that every class is below `C`.
    ///
    /// ```
    /// assert!(dldw::loss::Labels::<2, 3>::new([0, 2]).is_ok());
    /// assert!(dldw::loss::Labels::<2, 3>::new([0, 3]).is_err());
    /// ```
    pub fn new(classes: [usize; N]) -> Result<Self, TargetError> {
        match classes.iter().position(|&c| c >= C) {
            Some(sample) => Err(TargetError::ClassOutOfRange { sample, class: classes[sample], classes: C }),
            None => Ok(Labels { classes }),
        }
    }

    /// The class indices.
    ///
    /// ```
    /// assert_eq!(dldw::loss::Labels::<2, 3>::new([0, 2]).unwrap().classes(), &[0, 2]);
    /// ```
    pub fn classes(&self) -> &[usize; N] {
        &self.classes
    }
}

impl<T: Float, const N: usize, const C: usize> Target<T, N, C> for Labels<N, C> {
    fn value(&self, n: usize, k: usize) -> T {
        if self.classes[n] == k { T::one() } else { T::zero() }
    }
    fn class(&self, n: usize) -> usize {
        self.classes[n]
    }
}

/// One-hot rows: row `n` is all zeros but a 1 in the column of the answer.
///
/// ```
/// use dldw::loss::{Labels, OneHot};
/// let t = OneHot::<f64, 1, 10>::from_labels(&Labels::new([2]).unwrap());
/// assert_eq!(t.matrix()[(0, 2)], 1.0);
/// assert_eq!(t.matrix().sum(), 1.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OneHot<T: Float, const N: usize, const C: usize> {
    rows: SMatrix<T, N, C>,
}

impl<T: Float, const N: usize, const C: usize> OneHot<T, N, C> {
    /// Checks that each row is zeros but a single 1.
    ///
    /// ```
    /// use nalgebra::RowSVector;
    /// use dldw::loss::OneHot;
    /// assert!(OneHot::new(RowSVector::<f64, 3>::new(0.0, 0.0, 1.0)).is_ok());
    /// assert!(OneHot::new(RowSVector::<f64, 3>::new(0.0, 0.0, 0.0)).is_err());
    /// ```
    pub fn new(rows: SMatrix<T, N, C>) -> Result<Self, TargetError> {
        for (sample, row) in rows.row_iter().enumerate() {
            let ones = row.iter().filter(|v| **v == T::one()).count();
            let zeros = row.iter().filter(|v| **v == T::zero()).count();
            if ones != 1 || ones + zeros != C {
                return Err(TargetError::NotOneHot { sample });
            }
        }
        Ok(OneHot { rows })
    }

    /// The one-hot form of class indices (always valid: the labels were checked).
    ///
    /// ```
    /// use dldw::loss::{Labels, OneHot};
    /// let t = OneHot::<f32, 2, 3>::from_labels(&Labels::new([1, 0]).unwrap());
    /// assert_eq!(t.matrix()[(0, 1)], 1.0);
    /// assert_eq!(t.matrix()[(1, 0)], 1.0);
    /// ```
    pub fn from_labels(labels: &Labels<N, C>) -> Self {
        OneHot { rows: SMatrix::from_fn(|n, k| Target::<T, N, C>::value(labels, n, k)) }
    }

    /// The rows as a matrix.
    ///
    /// ```
    /// use dldw::loss::{Labels, OneHot};
    /// let t = OneHot::<f64, 1, 2>::from_labels(&Labels::new([1]).unwrap());
    /// assert_eq!(t.matrix().as_slice(), &[0.0, 1.0]);
    /// ```
    pub fn matrix(&self) -> &SMatrix<T, N, C> {
        &self.rows
    }
}

impl<T: Float, const N: usize, const C: usize> Target<T, N, C> for OneHot<T, N, C> {
    fn value(&self, n: usize, k: usize) -> T {
        self.rows[(n, k)]
    }
    fn class(&self, n: usize) -> usize {
        self.rows.row(n).iter().position(|v| *v == T::one()).unwrap_or(0)
    }
}
