//! Identity output with the sum of squared errors (book 5.6.3): the regression counterpart of
//! Softmax-with-Loss.

use super::LossLayer;
use super::softmax_with_loss::{fill_target, y_minus_t_over_n};
use crate::Float;
use crate::buffer::Buffer;
use crate::loss::{Loss, SumSquaredError, Target};
use nalgebra::SMatrix;

/// The identity function followed by the sum of squared errors E = ½Σ(y − t)², averaged over
/// the batch: the last layer for regression. Its backward is (y − t)/N, like
/// [`SoftmaxWithLoss`](super::SoftmaxWithLoss)'s — the book's point that these pairs are
/// designed to give that clean gradient.
///
/// ```
/// use dldw::layers::{IdentityWithLoss, LossLayer};
/// use dldw::loss::Labels;
/// use nalgebra::RowSVector;
/// let mut last = IdentityWithLoss::<f64>::new();
/// let y = RowSVector::<f64, 3>::new(0.1, 0.7, 0.2);
/// let t = Labels::<1, 3>::new([1]).unwrap();
/// assert!((last.forward(&y, &t) - 0.5 * (0.01 + 0.09 + 0.04)).abs() < 1e-15);
/// assert!((last.backward::<1, 3>()[1] - (0.7 - 1.0)).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, Default)]
pub struct IdentityWithLoss<T: Float = f32> {
    y: Buffer<T>,
    t: Buffer<T>,
    dx: Buffer<T>,
}

impl<T: Float> IdentityWithLoss<T> {
    /// An identity-with-loss layer; its caches are allocated by the first `forward`.
    ///
    /// ```
    /// let _last = dldw::layers::IdentityWithLoss::<f64>::new();
    /// ```
    pub fn new() -> Self {
        IdentityWithLoss { y: Buffer::new(), t: Buffer::new(), dx: Buffer::new() }
    }
}

impl<T: Float> LossLayer<T> for IdentityWithLoss<T> {
    fn forward<const N: usize, const C: usize>(
        &mut self,
        x: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T {
        self.y.get_mut::<N, C>().copy_from(x);
        fill_target(self.t.get_mut::<N, C>(), t);
        SumSquaredError.loss(x, t)
    }

    /// dx = (y − t)/N.
    fn backward<const N: usize, const C: usize>(&mut self) -> &SMatrix<T, N, C> {
        y_minus_t_over_n(self.y.get::<N, C>(), self.t.get::<N, C>(), self.dx.get_mut::<N, C>())
    }
}
