//! The three products and which kernel each shape goes to.

use super::columns::{self, BRows, Plain, Strides, Transposed};
use crate::Float;
use nalgebra::SMatrix;

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
    nn(c.as_mut_slice(), a.as_slice(), b.as_slice(), [M, K, N]);
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
    tn(c.as_mut_slice(), a.as_slice(), b.as_slice(), [M, K, N]);
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
    nt(c.as_mut_slice(), a.as_slice(), b.as_slice(), [M, K, N]);
}

/// Whether `T` is `f32`: one 256-bit vector register holds 8 of them, or 4 `f64`, so the
/// tiles are sized per type to fill about 8–12 of the 16 registers with sums.
fn single<T>() -> bool {
    size_of::<T>() == 4
}

/// `x·y + acc`, fused into one instruction where the CPU has one (x86-64 with FMA, as with
/// this repository's `target-cpu=native`, and aarch64); elsewhere a fused multiply-add would
/// be a slow library call, so it is a multiply and an add.
#[inline(always)]
pub(super) fn mul_add<T: Float>(x: T, y: T, acc: T) -> T {
    if cfg!(any(target_feature = "fma", target_arch = "aarch64")) { x.mul_add(y, acc) } else { x * y + acc }
}

/// C (m×n) = A (m×k) · B (k×n).
fn nn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, &Plain { b, k }, [m, k, n]);
}

/// C (m×n) = A (m×k) · Bᵀ with B (n×k).
fn nt<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, n, k]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, &Transposed { b, n }, [m, k, n]);
}

/// C (k×n) = Aᵀ · B with A (m×k) and B (m×n): Aᵀ(i, p) = A(p, i).
fn tn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: m, col: 1 }, &Plain { b, k: m }, [k, m, n]);
}

/// C (m×n) = A (m×k) · B through the column kernel, with a tile that suits the type and the
/// number of rows (a batch of 3 takes a tile of 4 or 8 rows, not 8 or 16), or through the
/// plain triple loop for shapes narrower than every tile.
fn product<T: Float>(c: &mut [T], a: &[T], strides: Strides, b: &impl BRows<T>, [m, k, n]: [usize; 3]) {
    let shape = [m, k, n];
    match (single::<T>(), m, n) {
        (_, 0, _) | (_, _, 0) => {}
        (true, 9.., 4..) => columns::product::<T, 16, 4>(c, a, strides, b, shape),
        (true, _, 8..) => columns::product::<T, 8, 8>(c, a, strides, b, shape),
        (false, 5.., 4..) => columns::product::<T, 8, 4>(c, a, strides, b, shape),
        (false, _, 8..) => columns::product::<T, 4, 8>(c, a, strides, b, shape),
        _ => {
            for j in 0..n {
                for i in 0..m {
                    // Zeros of A are skipped here too, as the kernel drops them.
                    let terms = (0..k).map(|p| (a[i * strides.row + p * strides.col], p));
                    c[i + j * m] = terms
                        .filter(|&(x, _)| x != T::zero())
                        .fold(T::zero(), |s, (x, p)| mul_add(x, b.at(p, j), s));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    // Entries are small integers, so every product and sum is exact in f32 and f64 whatever
    // the summation order or fusing: the kernel must agree with nalgebra's own static product
    // exactly. The shapes reach every path: full and overlapping tiles (sizes that are not
    // multiples of a tile), more than one panel of columns, batches of 1–3 (padded tiles),
    // and the plain loop of the narrowest shapes; in f32 and f64, whose tiles differ. About
    // half the entries are 0, so whole panel columns are zero and dropped.
    fn ints<T: Float, const R: usize, const C: usize>() -> impl Strategy<Value = Box<SMatrix<T, R, C>>> {
        proptest::collection::vec(prop_oneof![Just(0), -8i32..8], R * C).prop_map(|v| {
            let mut m = crate::zeros_boxed::<T, R, C>();
            m.iter_mut().zip(v).for_each(|(e, x)| *e = T::lit(f64::from(x)));
            m
        })
    }

    /// `a·b`, `aᵀ·d` and `d·bᵀ` against nalgebra.
    fn all_three<T: Float, const M: usize, const K: usize, const N: usize>(
        a: &SMatrix<T, M, K>,
        b: &SMatrix<T, K, N>,
        d: &SMatrix<T, M, N>,
    ) -> Result<(), TestCaseError> {
        let mut c = crate::zeros_boxed::<T, M, N>();
        matmul(&mut c, a, b);
        prop_assert_eq!(&*c, &(a * b), "a·b");
        let mut ct = crate::zeros_boxed::<T, K, N>();
        matmul_tn(&mut ct, a, d);
        prop_assert_eq!(&*ct, &(a.transpose() * d), "aᵀ·d");
        let mut cn = crate::zeros_boxed::<T, M, K>();
        matmul_nt(&mut cn, d, b);
        prop_assert_eq!(&*cn, &(d * b.transpose()), "d·bᵀ");
        Ok(())
    }

    proptest! {
        #[test]
        fn products_agree_with_nalgebra_f64(a in ints::<f64, 7, 9>(), b in ints::<f64, 9, 6>(), d in ints::<f64, 7, 6>()) {
            all_three(&*a, &*b, &*d)?;
        }

        #[test]
        fn tiles_with_edges_agree_f64(a in ints::<f64, 21, 13>(), b in ints::<f64, 13, 7>(), d in ints::<f64, 21, 7>()) {
            all_three(&*a, &*b, &*d)?;
        }

        #[test]
        fn tiles_with_edges_agree_f32(a in ints::<f32, 37, 13>(), b in ints::<f32, 13, 7>(), d in ints::<f32, 37, 7>()) {
            all_three(&*a, &*b, &*d)?;
        }

        #[test]
        fn batches_of_one_and_two_agree(
            a in ints::<f64, 1, 20>(), b in ints::<f64, 20, 8>(), d in ints::<f64, 1, 8>(),
            e in ints::<f32, 2, 30>(), f in ints::<f32, 30, 11>(), g in ints::<f32, 2, 11>(),
        ) {
            all_three(&*a, &*b, &*d)?;
            all_three(&*e, &*f, &*g)?;
        }

        #[test]
        fn small_shapes_agree(a in ints::<f32, 2, 3>(), b in ints::<f32, 3, 4>(), d in ints::<f32, 2, 4>()) {
            all_three(&*a, &*b, &*d)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn a_batch_of_three_over_several_panels_agrees(
            a in ints::<f64, 3, 300>(), b in ints::<f64, 300, 9>(), d in ints::<f64, 3, 9>(),
            e in ints::<f32, 3, 300>(), f in ints::<f32, 300, 9>(), g in ints::<f32, 3, 9>(),
        ) {
            all_three(&*a, &*b, &*d)?;
            all_three(&*e, &*f, &*g)?;
        }
    }

    #[test]
    fn mnist_sized_products_agree() {
        // Entries in −3…3, a third of them 0: sums of 784 products stay far below 2²⁴, exact
        // in f32.
        fn fill<T: Float, const R: usize, const C: usize>(seed: usize) -> Box<SMatrix<T, R, C>> {
            let mut m = crate::zeros_boxed::<T, R, C>();
            m.iter_mut().enumerate().for_each(|(i, e)| *e = T::lit(((i * 7919 + seed) % 7) as f64 - 3.0));
            m
        }
        let (x, w, dy) = (fill::<f32, 100, 784>(1), fill::<f32, 784, 50>(2), fill::<f32, 100, 50>(3));
        all_three(&*x, &*w, &*dy).unwrap();
    }

    #[test]
    fn zero_inputs_add_nothing_even_against_infinite_weights() {
        // The documented difference from a dense product: a zero in A skips B's row.
        // In the plain loop of a tiny shape, and in the tiled kernel.
        let a = nalgebra::Matrix1x2::new(0.0, 2.0);
        let b = nalgebra::Matrix2x1::new(f64::INFINITY, 3.0);
        let mut c = nalgebra::Matrix1::zeros();
        matmul(&mut c, &a, &b);
        assert_eq!(c[0], 6.0);
        let a = SMatrix::<f64, 20, 2>::from_fn(|_, p| if p == 0 { 0.0 } else { 2.0 });
        let b = SMatrix::<f64, 2, 8>::from_fn(|p, _| if p == 0 { f64::INFINITY } else { 3.0 });
        let mut c = SMatrix::<f64, 20, 8>::zeros();
        matmul(&mut c, &a, &b);
        assert_eq!(c, SMatrix::<f64, 20, 8>::repeat(6.0));
    }
}
