//! Heap storage for matrices whose shape is fixed by the type but too big for the stack.
//!
//! nalgebra's `SMatrix` keeps its elements inline: a 100×784 `f64` batch is 627 KB, and a test
//! thread has 2 MiB of stack. dldw therefore keeps large matrices on the heap, either boxed
//! ([`zeros_boxed`]) or in a [`Buffer`] that a layer reuses from one call to the next, while the
//! types users see stay `SMatrix<T, R, C>`. Both are zero-copy casts done by `bytemuck`, so no
//! large value ever passes through the stack.

use crate::Float;
use nalgebra::SMatrix;

/// A zero matrix allocated directly on the heap (no stack temporary, whatever its size).
///
/// ```
/// let w = dldw::zeros_boxed::<f64, 784, 50>();
/// assert_eq!(w.shape(), (784, 50));
/// assert_eq!(w.sum(), 0.0);
/// ```
pub fn zeros_boxed<T: Float, const R: usize, const C: usize>() -> Box<SMatrix<T, R, C>> {
    bytemuck::zeroed_box()
}

/// A boxed copy of `m`, made on the heap: `Box::clone` of a large matrix builds it on the stack
/// first in an unoptimised build.
pub(crate) fn boxed_copy<T: Float, const R: usize, const C: usize>(
    m: &SMatrix<T, R, C>,
) -> Box<SMatrix<T, R, C>> {
    let mut copy = zeros_boxed::<T, R, C>();
    copy.copy_from(m);
    copy
}

/// A growable heap buffer that lends itself as a statically sized matrix of the shape the
/// caller asks for.
///
/// Layers keep their caches (input, output, mask, `dx`) in buffers: the batch size is a type
/// parameter of each call, not of the layer, and a buffer only reallocates when the shape
/// grows, so a training loop with a fixed batch size allocates nothing after its first step. A
/// layer of one's own keeps its caches so too (see [`Activation`](crate::layers::Activation)).
///
/// ```
/// let mut y = dldw::Buffer::<f64>::new();
/// y.get_mut::<2, 3>().fill(1.5);
/// assert_eq!(y.get::<2, 3>().sum(), 9.0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Buffer<T> {
    data: Vec<T>,
}

impl<T: Float> Buffer<T> {
    /// An empty buffer; it allocates on first use.
    ///
    /// ```
    /// let _cache = dldw::Buffer::<f32>::new();
    /// ```
    pub fn new() -> Self {
        Buffer { data: Vec::new() }
    }

    /// The buffer as an `R×C` matrix to write into, resized (contents unspecified) if it held
    /// another shape.
    ///
    /// ```
    /// let mut b = dldw::Buffer::<f32>::new();
    /// assert_eq!(b.get_mut::<4, 4>().shape(), (4, 4));
    /// ```
    pub fn get_mut<const R: usize, const C: usize>(&mut self) -> &mut SMatrix<T, R, C> {
        if self.data.len() != R * C {
            self.data.clear();
            self.data.resize(R * C, T::zero());
        }
        bytemuck::from_bytes_mut(bytemuck::cast_slice_mut(&mut self.data))
    }

    /// Holds nothing any more (its memory is kept for the next [`Buffer::get_mut`]), so that
    /// [`Buffer::get`] panics until it is written again.
    pub(crate) fn forget(&mut self) {
        self.data.clear();
    }

    /// The first `len` values as a plain slice, resized (to zeros) if the buffer holds another
    /// number: for matrices whose sizes a type cannot name, such as a convolution's im2col.
    pub(crate) fn slice_mut(&mut self, len: usize) -> &mut [T] {
        if self.data.len() != len {
            self.data.clear();
            self.data.resize(len, T::zero());
        }
        &mut self.data
    }

    /// The `len` values written by the last [`Buffer::slice_mut`].
    ///
    /// # Panics
    /// As [`Buffer::get`], if the buffer holds another number of values.
    pub(crate) fn slice(&self, len: usize) -> &[T] {
        self.check(len, 1);
        &self.data
    }

    /// The buffer as the `R×C` matrix last written through [`Buffer::get_mut`].
    ///
    /// # Panics
    /// If the buffer does not hold `R×C` elements, which means a layer's `backward` was called
    /// before its `forward` (or after a `forward_first`, which keeps no input), or with
    /// another batch size than the last `forward`.
    ///
    /// ```
    /// let mut b = dldw::Buffer::<f32>::new();
    /// b.get_mut::<1, 2>()[1] = 7.0;
    /// assert_eq!(b.get::<1, 2>()[1], 7.0);
    /// ```
    pub fn get<const R: usize, const C: usize>(&self) -> &SMatrix<T, R, C> {
        self.check(R, C);
        bytemuck::from_bytes(bytemuck::cast_slice(&self.data))
    }

    /// Panics unless the buffer holds `rows × cols` values.
    fn check(&self, rows: usize, cols: usize) {
        assert_eq!(
            self.data.len(),
            rows * cols,
            "a layer's backward was called before its forward (or after `forward_first`, which \
             keeps no input: `backward_first` is given it), or with another batch size ({rows} rows \
             × {cols} columns requested, {} elements cached)",
            self.data.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_keeps_what_was_written_and_reshapes_on_demand() {
        let mut b = Buffer::<f32>::new();
        b.get_mut::<2, 3>()[(1, 2)] = 7.0;
        assert_eq!(b.get::<2, 3>()[(1, 2)], 7.0);
        // Same element count, other shape: the column-major data is reinterpreted.
        assert_eq!(b.get::<3, 2>()[(2, 1)], 7.0);
        assert_eq!(b.get_mut::<4, 4>().shape(), (4, 4));
    }

    #[test]
    #[should_panic(expected = "backward was called before its forward")]
    fn buffer_refuses_a_shape_it_does_not_hold() {
        let b = Buffer::<f64>::new();
        let _ = b.get::<2, 2>();
    }

    #[test]
    fn boxed_zeros_at_mnist_scale_do_not_touch_the_stack() {
        let x = zeros_boxed::<f64, 1000, 784>(); // 6.3 MB: would overflow any test thread's stack
        assert_eq!(x.iter().filter(|v| **v != 0.0).count(), 0);
    }
}
