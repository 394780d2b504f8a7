//! The Sigmoid layer (book 5.5.2).

use super::{Activation, Layer, Takes};
use crate::Float;
use crate::activation::sigmoid;
use crate::buffer::Buffer;
use nalgebra::SMatrix;

/// Sigmoid as a layer: y = 1 / (1 + exp(−x)), element by element.
///
/// It caches its output `y`, because the derivative is expressed through it.
///
/// ```
/// use dldw::layers::{Layer, Sigmoid};
/// use nalgebra::RowSVector;
/// let mut s = Sigmoid::<f64>::new();
/// assert_eq!(s.forward(&RowSVector::<f64, 1>::new(0.0))[0], 0.5);
/// assert_eq!(s.backward(&RowSVector::<f64, 1>::new(1.0))[0], 0.25);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Sigmoid<T: Float = f32> {
    out: Buffer<T>,
    dx: Buffer<T>,
}

impl<T: Float> Sigmoid<T> {
    /// A Sigmoid layer; its caches are allocated by the first `forward`.
    ///
    /// ```
    /// let _s = dldw::layers::Sigmoid::<f32>::new();
    /// ```
    pub fn new() -> Self {
        Sigmoid { out: Buffer::new(), dx: Buffer::new() }
    }
}

impl<T: Float, const N: usize, const D: usize> Layer<SMatrix<T, N, D>> for Sigmoid<T> {
    type Output = SMatrix<T, N, D>;

    fn forward(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let out = self.out.get_mut::<N, D>();
        out.zip_apply(x, |o, xi| *o = sigmoid(xi));
        out
    }

    /// dx = dout · y · (1 − y), from the cached output y (book 5.5.2).
    fn backward(&mut self, dout: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let y = self.out.get::<N, D>();
        let dx = self.dx.get_mut::<N, D>();
        dx.zip_zip_apply(dout, y, |d, g, y| *d = g * y * (T::one() - y));
        dx
    }
}

/// Sigmoid is an activation: it takes any width in its float type and gives the same width
/// ([`shape`](super::shape)).
impl<T: Float> Activation for Sigmoid<T> {
    type Float = T;
}

impl<T: Float, W> Takes<T, W> for Sigmoid<T> {
    type Gives = W;
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix1x2;

    #[test]
    fn derivative_is_y_times_one_minus_y() {
        let mut s = Sigmoid::<f64>::new();
        let y = *s.forward(&Matrix1x2::new(1.0, -1.0));
        assert!((y[0] - 0.7310585786300049).abs() < 1e-15);
        let dx = s.backward(&Matrix1x2::new(2.0, 1.0));
        assert!((dx[0] - 2.0 * 0.7310585786300049 * 0.2689414213699951).abs() < 1e-15);
        assert!((dx[1] - 0.2689414213699951 * 0.7310585786300049).abs() < 1e-15);
    }
}
