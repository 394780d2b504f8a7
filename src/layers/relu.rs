//! The ReLU layer (book 5.5.1).

use super::{Activation, Layer, Takes};
use crate::Float;
use crate::activation::{relu, relu_grad};
use crate::buffer::Buffer;
use crate::kernels::each;
use nalgebra::SMatrix;

/// ReLU as a layer: y = max(0, x), element by element, for a batch of any width.
///
/// It keeps its output, whose positive entries are where x > 0: `backward` reads the book's
/// mask from it (as the 0/1 factor [`relu_grad`] of the output) and passes `dout` through where
/// the input was positive, stopping it elsewhere — also at exactly 0.
///
/// ```
/// use dldw::layers::{Layer, Relu};
/// use nalgebra::RowSVector;
/// let mut relu = Relu::<f32>::new();
/// let y = relu.forward(&RowSVector::<f32, 3>::new(-1.0, 0.0, 2.0));
/// assert_eq!(*y, RowSVector::<f32, 3>::new(0.0, 0.0, 2.0));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Relu<T: Float = f32> {
    out: Buffer<T>,
    dx: Buffer<T>,
}

impl<T: Float> Relu<T> {
    /// A ReLU layer; its caches are allocated by the first `forward`.
    ///
    /// ```
    /// let _relu = dldw::layers::Relu::<f64>::new();
    /// ```
    pub fn new() -> Self {
        Relu { out: Buffer::new(), dx: Buffer::new() }
    }
}

impl<T: Float, const N: usize, const D: usize> Layer<SMatrix<T, N, D>> for Relu<T> {
    type Output = SMatrix<T, N, D>;

    /// out = max(0, x), kept for `backward`.
    fn forward(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let out = self.out.get_mut::<N, D>();
        each::map(out.as_mut_slice(), x.as_slice(), &relu);
        out
    }

    /// The same as `forward`: ReLU has no other mode.
    fn predict(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        self.forward(x)
    }

    /// dx = dout where x > 0, that is where out > 0, else 0 (ReLU's derivative is taken as 0
    /// at x = 0). Uses the output of the last `forward` (or `predict`).
    fn backward(&mut self, dout: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let out = self.out.get::<N, D>();
        let dx = self.dx.get_mut::<N, D>();
        each::map2(dx.as_mut_slice(), dout.as_slice(), out.as_slice(), &|g, o| g * relu_grad(o));
        dx
    }
}

/// Relu is an activation: it takes any width in its float type and gives the same width
/// ([`shape`](super::shape)).
impl<T: Float> Activation for Relu<T> {
    type Float = T;
}

impl<T: Float, W> Takes<T, W> for Relu<T> {
    type Gives = W;
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix2x3;

    #[test]
    fn forward_zeroes_negatives_and_backward_follows_the_mask() {
        let mut relu = Relu::<f64>::new();
        let x = Matrix2x3::new(1.0, -0.5, 0.0, -2.0, 3.0, 1e-300);
        assert_eq!(*relu.forward(&x), Matrix2x3::new(1.0, 0.0, 0.0, 0.0, 3.0, 1e-300));
        let dout = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        // At x = 0 the gradient is stopped, as in the book's mask = (x <= 0).
        assert_eq!(*relu.backward(&dout), Matrix2x3::new(1.0, 0.0, 0.0, 0.0, 5.0, 6.0));
    }

    #[test]
    #[should_panic(expected = "backward was called before its forward")]
    fn backward_before_forward_is_a_programming_error() {
        let mut relu = Relu::<f64>::new();
        relu.backward(&Matrix2x3::zeros());
    }
}
