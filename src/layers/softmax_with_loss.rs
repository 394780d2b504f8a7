//! The Softmax-with-Loss layer (book 5.6.3): softmax, then cross-entropy error.

use super::LossLayer;
use crate::Float;
use crate::activation::softmax_rows;
use crate::buffer::Buffer;
use crate::loss::{CrossEntropyError, Loss, Target};
use nalgebra::SMatrix;

/// Softmax followed by the cross-entropy error, as one layer: its backward is simply
/// (y − t)/N, the reason the book pairs them.
///
/// ```
/// use dldw::layers::{LossLayer, SoftmaxWithLoss};
/// use dldw::loss::Labels;
/// use nalgebra::RowSVector;
/// let mut last = SoftmaxWithLoss::<f64>::new();
/// let x = RowSVector::<f64, 3>::new(0.3, 2.9, 4.0);
/// let loss = last.forward(&x, &Labels::<1, 3>::new([2]).unwrap());
/// let y = *last.y::<1, 3>();
/// assert!((loss + (y[2] + 1e-7).ln()).abs() < 1e-15);
/// assert!((last.backward::<1, 3>()[2] - (y[2] - 1.0)).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, Default)]
pub struct SoftmaxWithLoss<T: Float = f32> {
    y: Buffer<T>,
    t: Buffer<T>,
    dx: Buffer<T>,
}

impl<T: Float> SoftmaxWithLoss<T> {
    /// A Softmax-with-Loss layer; its caches are allocated by the first `forward`.
    ///
    /// ```
    /// let _last = dldw::layers::SoftmaxWithLoss::<f32>::new();
    /// ```
    pub fn new() -> Self {
        SoftmaxWithLoss { y: Buffer::new(), t: Buffer::new(), dx: Buffer::new() }
    }

    /// The softmax output y of the last `forward`.
    ///
    /// # Panics
    /// If the last `forward` had another shape (or there was none).
    ///
    /// ```
    /// use dldw::layers::{LossLayer, SoftmaxWithLoss};
    /// use dldw::loss::Labels;
    /// let mut last = SoftmaxWithLoss::<f64>::new();
    /// last.forward(&nalgebra::RowSVector::<f64, 2>::new(1.0, 1.0), &Labels::<1, 2>::new([0]).unwrap());
    /// assert_eq!(last.y::<1, 2>()[0], 0.5);
    /// ```
    pub fn y<const N: usize, const C: usize>(&self) -> &SMatrix<T, N, C> {
        self.y.get::<N, C>()
    }
}

impl<T: Float> LossLayer<T> for SoftmaxWithLoss<T> {
    fn forward<const N: usize, const C: usize>(
        &mut self,
        x: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T {
        let y = self.y.get_mut::<N, C>();
        softmax_rows(x, y);
        fill_target(self.t.get_mut::<N, C>(), t);
        CrossEntropyError.loss(self.y.get::<N, C>(), t)
    }

    /// dx = (y − t)/N, with y the softmax output (book 5.6.3).
    fn backward<const N: usize, const C: usize>(&mut self) -> &SMatrix<T, N, C> {
        y_minus_t_over_n(self.y.get::<N, C>(), self.t.get::<N, C>(), self.dx.get_mut::<N, C>())
    }
}

/// Stores the target's values tₙₖ, which `backward` needs after the target is gone.
pub(super) fn fill_target<T: Float, const N: usize, const C: usize>(
    dst: &mut SMatrix<T, N, C>,
    t: &impl Target<T, N, C>,
) {
    for n in 0..N {
        for k in 0..C {
            dst[(n, k)] = t.value(n, k);
        }
    }
}

/// dx = (y − t)/N: the backward of both softmax + cross-entropy and identity + squared error.
pub(super) fn y_minus_t_over_n<'a, T: Float, const N: usize, const C: usize>(
    y: &SMatrix<T, N, C>,
    t: &SMatrix<T, N, C>,
    dx: &'a mut SMatrix<T, N, C>,
) -> &'a SMatrix<T, N, C> {
    let inv_n = T::one() / T::lit(N as f64);
    dx.zip_zip_apply(y, t, |d, y, t| *d = (y - t) * inv_n);
    dx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::{Labels, OneHot};
    use nalgebra::Matrix2x3;

    #[test]
    fn one_hot_and_labels_give_the_same_loss_and_gradient() {
        let x = Matrix2x3::new(0.3, 2.9, 4.0, -1.0, 0.0, 1.0);
        let labels = Labels::<2, 3>::new([2, 0]).unwrap();
        let one_hot = OneHot::<f64, 2, 3>::from_labels(&labels);
        let (mut a, mut b) = (SoftmaxWithLoss::<f64>::new(), SoftmaxWithLoss::<f64>::new());
        assert_eq!(a.forward(&x, &labels), b.forward(&x, &one_hot));
        assert_eq!(*a.backward::<2, 3>(), *b.backward::<2, 3>());
    }

    #[test]
    fn gradient_is_softmax_minus_target_over_batch() {
        let mut l = SoftmaxWithLoss::<f64>::new();
        let x = Matrix2x3::new(0.0, 0.0, 0.0, 1.0, 1.0, 1.0);
        l.forward(&x, &Labels::<2, 3>::new([0, 1]).unwrap());
        let dx = *l.backward::<2, 3>();
        let third = 1.0 / 3.0;
        let expected = Matrix2x3::new(third - 1.0, third, third, third, third - 1.0, third) / 2.0;
        assert!((dx - expected).amax() < 1e-16);
    }
}
