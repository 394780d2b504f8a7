//! What turns a model's output into the scalar loss whose gradient is checked.

use crate::Float;
use crate::buffer::zeros_boxed;
use crate::layers::LossLayer;
use crate::loss::Target;
use nalgebra::SMatrix;

/// What turns the model's output into a scalar loss, and its gradient at the last output.
pub(super) trait Objective<T, const N: usize, const C: usize> {
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T;
    fn grad(&mut self) -> &SMatrix<T, N, C>;
}

/// A loss layer with its target: the book's `lastLayer` (a clone of the caller's, one per
/// thread).
#[derive(Clone)]
pub(super) struct WithTarget<L, Tg> {
    pub(super) last: L,
    pub(super) t: Tg,
}

impl<T: Float, L: LossLayer<T>, Tg: Target<T, N, C>, const N: usize, const C: usize> Objective<T, N, C>
    for WithTarget<L, Tg>
{
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T {
        self.last.forward(y, &self.t)
    }
    fn grad(&mut self) -> &SMatrix<T, N, C> {
        self.last.backward::<N, C>()
    }
}

/// A target's values and classes copied out of the caller's [`Target`], so that each thread
/// owns one (the caller's needs not be `Sync`).
#[derive(Clone)]
pub(super) struct Copied<T, const N: usize, const C: usize> {
    values: Box<SMatrix<T, N, C>>,
    classes: [usize; N],
}

impl<T: Float, const N: usize, const C: usize> Copied<T, N, C> {
    pub(super) fn new(t: &impl Target<T, N, C>) -> Self {
        let mut values = zeros_boxed::<T, N, C>();
        for ((n, k), v) in (0..C).flat_map(|k| (0..N).map(move |n| (n, k))).zip(values.iter_mut()) {
            *v = t.value(n, k);
        }
        Copied { values, classes: std::array::from_fn(|n| t.class(n)) }
    }
}

impl<T: Float, const N: usize, const C: usize> Target<T, N, C> for Copied<T, N, C> {
    fn value(&self, n: usize, k: usize) -> T {
        self.values[(n, k)]
    }
    fn class(&self, n: usize) -> usize {
        self.classes[n]
    }
}

/// L = Σ r∘y, so ∂L/∂y = r.
#[derive(Clone)]
pub(super) struct Readout<T: Float, const N: usize, const C: usize> {
    pub(super) r: Box<SMatrix<T, N, C>>,
}

impl<T: Float, const N: usize, const C: usize> Objective<T, N, C> for Readout<T, N, C> {
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T {
        self.r.dot(y)
    }
    fn grad(&mut self) -> &SMatrix<T, N, C> {
        &self.r
    }
}
