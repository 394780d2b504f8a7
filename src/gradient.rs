//! The numerical gradient (book 4.4): every partial derivative of a scalar function at once.
//!
//! For f(x₀, x₁) = x₀² + x₁² the gradient (∂f/∂x₀, ∂f/∂x₁) = (2x₀, 2x₁) points where f grows
//! fastest; its negative is the way down that gradient descent follows.
//!
//! | book | here |
//! |---|---|
//! | `_numerical_gradient_no_batch(f, x)`, any shape | [`numerical_gradient`] |
//! | `numerical_gradient(f, X)` with `X.ndim == 2`: one point per row | [`numerical_gradient_rows`] |
//!
//! Both take the point by reference and return the gradient by value, which suits the small
//! matrices of chapter 4 (a 2×3 weight matrix is 48 bytes). A large matrix such as MNIST's
//! 784×50 weights must not travel through the stack this way (see [`crate::zeros_boxed`]), and
//! costs two evaluations of the whole network per weight: for those, use backpropagation
//! (chapter 5's [`layers`](crate::layers)) and keep numerical gradients for checks on small shapes.

use crate::Float;
use crate::differentiation::{H, central_difference};
use nalgebra::{RowSVector, SMatrix};

/// The gradient of a scalar function `f` at `x`, by central differences with h = 1e-4, one
/// element at a time (book 4.4):
///
/// ∂f/∂xᵢ ≈ (f(x with xᵢ + h) − f(x with xᵢ − h)) / 2h.
///
/// Works for any statically sized shape: a vector, a row or a weight matrix. Like the book,
/// each element is saved, perturbed by +h and −h, and written back exactly — but on a private
/// copy, so the caller's `x` is never touched (the book perturbs the caller's array in place,
/// which is how its `simpleNet` gradient works by aliasing).
///
/// ```
/// use dldw::gradient::numerical_gradient;
/// use nalgebra::Vector2;
/// let f = |x: &Vector2<f64>| x[0] * x[0] + x[1] * x[1]; // the book's function_2
/// let g = numerical_gradient(f, &Vector2::new(3.0, 4.0));
/// assert_eq!(g, Vector2::new(6.00000000000378, 7.999999999999119)); // the book prints [6. 8.]
/// assert!((numerical_gradient(f, &Vector2::new(0.0, 2.0)) - Vector2::new(0.0, 4.0)).amax() < 1e-9);
/// ```
pub fn numerical_gradient<T: Float, const R: usize, const C: usize>(
    mut f: impl FnMut(&SMatrix<T, R, C>) -> T,
    x: &SMatrix<T, R, C>,
) -> SMatrix<T, R, C> {
    let h = T::lit(H);
    let mut x = *x;
    let mut grad = SMatrix::zeros();
    for i in 0..R * C {
        let tmp = x[i];
        x[i] = tmp + h;
        let fxh1 = f(&x);
        x[i] = tmp - h;
        let fxh2 = f(&x);
        grad[i] = central_difference(fxh1, fxh2);
        // Restoring the saved value (not adding h back) keeps x bit-for-bit unchanged.
        x[i] = tmp;
    }
    grad
}

/// The gradient of `f` at each of `N` points given as the rows of `x` (the book's
/// `numerical_gradient(f, X)` for a 2-D `X`): row `n` of the result is the gradient of `f` at
/// row `n` of `x`, computed by [`numerical_gradient`].
///
/// ```
/// use dldw::gradient::numerical_gradient_rows;
/// use nalgebra::{Matrix3x2, RowVector2};
/// let f = |x: &RowVector2<f64>| x[0] * x[0] + x[1] * x[1];
/// let points = Matrix3x2::new(3.0, 4.0, 0.0, 2.0, 3.0, 0.0);
/// let g = numerical_gradient_rows(f, &points);
/// // The book prints [6. 8.], [0. 4.], [6. 0.].
/// assert!((g - Matrix3x2::new(6.0, 8.0, 0.0, 4.0, 6.0, 0.0)).amax() < 1e-9);
/// ```
pub fn numerical_gradient_rows<T: Float, const N: usize, const C: usize>(
    mut f: impl FnMut(&RowSVector<T, C>) -> T,
    x: &SMatrix<T, N, C>,
) -> SMatrix<T, N, C> {
    let mut grad = SMatrix::<T, N, C>::zeros();
    for n in 0..N {
        let point: RowSVector<T, C> = x.fixed_rows::<1>(n).into_owned();
        grad.set_row(n, &numerical_gradient(&mut f, &point));
    }
    grad
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix2x3;

    #[test]
    fn each_element_of_a_matrix_gets_its_own_partial_derivative() {
        // f(W) = Σ cᵢ wᵢ has the constant gradient c; the column-major walk must not mix up
        // row and column positions.
        let c = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        let g = numerical_gradient(|w: &Matrix2x3<f64>| w.component_mul(&c).sum(), &Matrix2x3::zeros());
        assert!((g - c).amax() < 1e-10, "{g}");
    }

    #[test]
    fn f_sees_the_point_unchanged_apart_from_the_one_perturbed_element() {
        let x = Matrix2x3::new(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        let mut seen = Vec::new();
        numerical_gradient(
            |w: &Matrix2x3<f64>| {
                seen.push((w - x).map(|d| (d != 0.0) as usize).sum());
                0.0
            },
            &x,
        );
        assert_eq!(seen, vec![1; 12]);
    }
}
