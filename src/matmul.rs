//! Matrix products of statically sized matrices through a fast kernel, written into a
//! destination the caller owns.
//!
//! nalgebra multiplies statically sized matrices with a simple kernel that suits 3×3 but not
//! 100×784 · 784×50; for dynamically sized views it calls the `matrixmultiply` crate, several
//! times faster there. These functions keep the static types at the surface (so shapes are still
//! checked by the compiler) and multiply through dynamic views underneath. Transposes are free:
//! they are views with swapped strides, never copies.

use crate::Float;
use nalgebra::{DMatrixViewMut, Dyn, MatrixView, SMatrix};

/// A dynamically sized view with arbitrary strides (transposes are strided views).
type Strided<'a, T> = MatrixView<'a, T, Dyn, Dyn, Dyn, Dyn>;

/// `c = a · b`, the product behind `Affine`'s forward `X·W`.
///
/// ```
/// use nalgebra::{Matrix2, Matrix2x3, Matrix3x2};
/// let a = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
/// let b = Matrix3x2::new(1.0, 0.0, 0.0, 1.0, 1.0, 1.0);
/// let mut c = Matrix2::zeros();
/// dldw::matmul::matmul(&mut c, &a, &b);
/// assert_eq!(c, a * b);
/// ```
pub fn matmul<T: Float, const M: usize, const K: usize, const N: usize>(
    c: &mut SMatrix<T, M, N>,
    a: &SMatrix<T, M, K>,
    b: &SMatrix<T, K, N>,
) {
    gemm(c.as_mut_slice(), M, N, plain(a.as_slice(), M, K), plain(b.as_slice(), K, N));
}

/// `c = aᵀ · b`, the product behind `Affine`'s `dW = Xᵀ·dY`.
///
/// ```
/// use nalgebra::{Matrix2, Matrix3x2};
/// let a = Matrix3x2::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
/// let b = Matrix3x2::new(1.0, 0.0, 0.0, 1.0, 1.0, 1.0);
/// let mut c = Matrix2::zeros();
/// dldw::matmul::matmul_tn(&mut c, &a, &b);
/// assert_eq!(c, a.transpose() * b);
/// ```
pub fn matmul_tn<T: Float, const M: usize, const K: usize, const N: usize>(
    c: &mut SMatrix<T, K, N>,
    a: &SMatrix<T, M, K>,
    b: &SMatrix<T, M, N>,
) {
    gemm(c.as_mut_slice(), K, N, transposed(a.as_slice(), M, K), plain(b.as_slice(), M, N));
}

/// `c = a · bᵀ`, the product behind `Affine`'s `dX = dY·Wᵀ`.
///
/// ```
/// use nalgebra::{Matrix2, Matrix2x3};
/// let a = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
/// let b = Matrix2x3::new(1.0, 0.0, 1.0, 0.0, 1.0, 1.0);
/// let mut c = Matrix2::zeros();
/// dldw::matmul::matmul_nt(&mut c, &a, &b);
/// assert_eq!(c, a * b.transpose());
/// ```
pub fn matmul_nt<T: Float, const M: usize, const K: usize, const N: usize>(
    c: &mut SMatrix<T, M, K>,
    a: &SMatrix<T, M, N>,
    b: &SMatrix<T, K, N>,
) {
    gemm(c.as_mut_slice(), M, K, plain(a.as_slice(), M, N), transposed(b.as_slice(), K, N));
}

/// A column-major `rows×cols` matrix seen as a dynamic view.
fn plain<T: Float>(data: &[T], rows: usize, cols: usize) -> Strided<'_, T> {
    Strided::from_slice_with_strides(data, rows, cols, 1, rows)
}

/// The transpose (`cols×rows`) of a column-major `rows×cols` matrix, as a strided view.
fn transposed<T: Float>(data: &[T], rows: usize, cols: usize) -> Strided<'_, T> {
    Strided::from_slice_with_strides(data, cols, rows, rows, 1)
}

/// Above this size in every dimension nalgebra hands dynamic views to `matrixmultiply`
/// (its own threshold, `SMALL_DIM` in nalgebra's `blas_uninit.rs`).
const SMALL: usize = 5;

fn gemm<T: Float>(c: &mut [T], rows: usize, cols: usize, a: Strided<'_, T>, b: Strided<'_, T>) {
    let mut c = DMatrixViewMut::from_slice(c, rows, cols);
    if rows > SMALL && cols > SMALL && a.ncols() > SMALL {
        c.gemm(T::one(), &a, &b, T::zero());
    } else {
        // nalgebra's own small-size path mis-indexes views whose row stride is not 1 (our
        // transposes), so tiny products take this plain loop instead; they cost nothing.
        for j in 0..cols {
            for i in 0..rows {
                c[(i, j)] = (0..a.ncols()).map(|p| a[(i, p)] * b[(p, j)]).sum();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The fast path is taken only above nalgebra's SMALL_DIM (5), so compare at sizes on both
    // sides of it against nalgebra's own static product. Entries are small integers, so every
    // product and sum is exact in f64 whatever the summation order: equality is exact.
    fn ints<const R: usize, const C: usize>() -> impl Strategy<Value = SMatrix<f64, R, C>> {
        proptest::collection::vec(-8i32..8, R * C)
            .prop_map(|v| SMatrix::from_iterator(v.into_iter().map(f64::from)))
    }

    proptest! {
        #[test]
        fn all_three_products_agree_with_nalgebra(a in ints::<7, 9>(), b in ints::<9, 6>(), d in ints::<7, 6>()) {
            let mut c = SMatrix::<f64, 7, 6>::zeros();
            matmul(&mut c, &a, &b);
            prop_assert_eq!(c, a * b);
            let mut ct = SMatrix::<f64, 9, 6>::zeros();
            matmul_tn(&mut ct, &a, &d);
            prop_assert_eq!(ct, a.transpose() * d);
            let mut cn = SMatrix::<f64, 7, 9>::zeros();
            matmul_nt(&mut cn, &d, &b);
            prop_assert_eq!(cn, d * b.transpose());
        }

        #[test]
        fn small_products_agree_too(a in ints::<2, 3>(), b in ints::<3, 4>()) {
            let mut c = SMatrix::<f64, 2, 4>::zeros();
            matmul(&mut c, &a, &b);
            prop_assert_eq!(c, a * b);
        }
    }
}
