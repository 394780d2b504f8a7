//! The numerical gradient (book 4.3–4.4): each element moved by ±h and put back exactly, and
//! ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h.

use super::objective::Objective;
use crate::Float;
use crate::buffer::zeros_boxed;
use crate::differentiation::numerical_diff;
use crate::layers::Layer;
use crate::params::{Name, Parameters};
use nalgebra::SMatrix;

/// The numerical gradient of `loss` with respect to every parameter of `model` (what the book's
/// `TwoLayerNet.numerical_gradient` computes with `numerical_gradient` over each of `params`):
/// one vector per parameter in walk order, column-major like
/// [`Param::value`](crate::params::Param), each element by central difference with
/// h = [`H`](crate::differentiation::H). Every element is restored to its exact value afterwards.
///
/// Not to be confused with [`numerical_gradient`](crate::gradient::numerical_gradient), the
/// gradient of a function at one point (book 4.4), which this applies to each parameter in
/// place.
///
/// ```
/// use dldw::gradient_check::numerical_param_gradients;
/// use dldw::layers::{Affine, Layer};
/// let w = Box::new(nalgebra::Matrix2x1::new(3.0, -1.0));
/// let mut a = Affine::<2, 1, f64>::from_weights(w, nalgebra::Matrix1::new(0.5));
/// let x = nalgebra::Matrix1x2::new(2.0, 5.0);
/// // L = (x·W + b)², so ∂L/∂W = 2y·xᵀ and ∂L/∂b = 2y with y = 6 − 5 + 0.5 = 1.5.
/// let g = numerical_param_gradients(&mut a, |a| a.forward(&x)[0].powi(2));
/// assert!((g[0][0] - 6.0).abs() < 1e-7 && (g[0][1] - 15.0).abs() < 1e-7);
/// assert!((g[1][0] - 3.0).abs() < 1e-7);
/// assert_eq!(a.W[0], 3.0); // restored exactly
/// ```
pub fn numerical_param_gradients<T: Float, M: Parameters<T>>(
    model: &mut M,
    mut loss: impl FnMut(&mut M) -> T,
) -> Vec<Vec<T>> {
    param_sizes(model)
        .into_iter()
        .enumerate()
        .map(|(k, len)| (0..len).map(|j| param_derivative(model, k, j, &mut loss)).collect())
        .collect()
}

/// The old name of [`numerical_param_gradients`], which says what it differs in from
/// [`numerical_gradient`](crate::gradient::numerical_gradient).
///
/// ```
/// # #![allow(deprecated)]
/// let mut a = dldw::layers::Affine::<1, 1, f64>::from_weights(Box::new(nalgebra::Matrix1::new(2.0)), nalgebra::zero());
/// let g = dldw::gradient_check::numerical_gradients(&mut a, |a| a.W[0] * a.W[0]);
/// assert!((g[0][0] - 4.0).abs() < 1e-7);
/// ```
#[deprecated(
    note = "renamed `numerical_param_gradients`: the gradient of a loss with respect to every parameter"
)]
pub fn numerical_gradients<T: Float, M: Parameters<T>>(
    model: &mut M,
    loss: impl FnMut(&mut M) -> T,
) -> Vec<Vec<T>> {
    numerical_param_gradients(model, loss)
}

/// The number of elements of each parameter, in walk order.
pub(super) fn param_sizes<T: Float>(model: &mut impl Parameters<T>) -> Vec<usize> {
    let mut sizes = Vec::new();
    model.visit_params(&Name::Root, &mut |p| sizes.push(p.value.len()));
    sizes
}

/// ∂loss/∂w for element `j` of the `k`-th parameter, by central difference; the element is
/// put back exactly.
pub(super) fn param_derivative<T: Float, M: Parameters<T>>(
    model: &mut M,
    k: usize,
    j: usize,
    loss: &mut impl FnMut(&mut M) -> T,
) -> T {
    let mut w = T::zero();
    on_element(model, k, j, |v| w = *v);
    let numerical = numerical_diff(
        |v| {
            on_element(model, k, j, |e| *e = v);
            loss(model)
        },
        w,
    );
    on_element(model, k, j, |e| *e = w);
    numerical
}

/// The central differences ∂L/∂x for the elements `range` of the input (column-major), each
/// put back exactly.
pub(super) fn input_derivatives<T, M, Obj, const N: usize, const I: usize, const C: usize>(
    model: &mut M,
    obj: &mut Obj,
    x: &SMatrix<T, N, I>,
    range: std::ops::Range<usize>,
) -> Vec<T>
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>>,
    Obj: Objective<T, N, C>,
{
    let mut xp = zeros_boxed::<T, N, I>();
    xp.copy_from(x);
    range
        .map(|j| {
            let w = xp[j];
            let numerical = numerical_diff(
                |v| {
                    xp[j] = v;
                    obj.loss(model.forward(&xp))
                },
                w,
            );
            xp[j] = w;
            numerical
        })
        .collect()
}

/// Which parameter `k`, and which element `j` of it, is element `e` of the walk.
pub(super) fn locate(sizes: &[usize], mut e: usize) -> (usize, usize) {
    for (k, &len) in sizes.iter().enumerate() {
        if e < len {
            return (k, e);
        }
        e -= len;
    }
    unreachable!("element {e} past the end of the walk")
}

/// Calls `f` on element `j` (column-major) of the `k`-th parameter of the walk, and on no
/// other element.
pub(super) fn on_element<T: Float>(
    model: &mut impl Parameters<T>,
    k: usize,
    j: usize,
    mut f: impl FnMut(&mut T),
) {
    let mut seen = 0;
    model.visit_params(&Name::Root, &mut |p| {
        if seen == k {
            f(&mut p.value[j]);
        }
        seen += 1;
    });
}
