//! The three products and which kernel each shape goes to.

use super::columns::{self, BRows, Plain, Strides, Transposed};
use super::simd::{self, Elem};
use crate::Float;
use nalgebra::SMatrix;
use pulp::{Simd, WithSimd};
use std::any::TypeId;

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

/// C (m×n) = A (m×k) · B (k×n).
fn nn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, Source::Plain { b, k }, [m, k, n]);
}

/// C (m×n) = A (m×k) · Bᵀ with B (n×k).
fn nt<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, n, k]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, Source::Transposed { b, n }, [m, k, n]);
}

/// C (k×n) = Aᵀ · B with A (m×k) and B (m×n): Aᵀ(i, p) = A(p, i).
fn tn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: m, col: 1 }, Source::Plain { b, k: m }, [k, m, n]);
}

/// How B is stored: B itself (column-major k×n) or its transpose (column-major n×k).
#[derive(Clone, Copy)]
enum Source<'a, T> {
    Plain { b: &'a [T], k: usize },
    Transposed { b: &'a [T], n: usize },
}

/// `x` as a slice of `E` when `T` is `E` (the kernels' vector operations are written for
/// `f32` and `f64`, the two `Float` types).
fn as_elem<T: Float, E: Elem>(x: &[T]) -> Option<&[E]> {
    (TypeId::of::<T>() == TypeId::of::<E>()).then(|| bytemuck::cast_slice(x))
}

/// C (m×n) = A (m×k) · B through the column kernel, run with the CPU's widest vectors.
fn product<T: Float>(c: &mut [T], a: &[T], strides: Strides, b: Source<'_, T>, shape: [usize; 3]) {
    fn cast<T: Float, E: Elem>(b: Source<'_, T>) -> Option<Source<'_, E>> {
        Some(match b {
            Source::Plain { b, k } => Source::Plain { b: as_elem(b)?, k },
            Source::Transposed { b, n } => Source::Transposed { b: as_elem(b)?, n },
        })
    }
    if let (Some(a), Some(b)) = (as_elem::<T, f32>(a), cast::<T, f32>(b)) {
        simd::run(Product { c: bytemuck::cast_slice_mut::<T, f32>(c), a, strides, b, shape });
    } else if let (Some(a), Some(b)) = (as_elem::<T, f64>(a), cast::<T, f64>(b)) {
        simd::run(Product { c: bytemuck::cast_slice_mut::<T, f64>(c), a, strides, b, shape });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

/// One product, handed to [`simd::run`].
struct Product<'a, E> {
    c: &'a mut [E],
    a: &'a [E],
    strides: Strides,
    b: Source<'a, E>,
    shape: [usize; 3],
}

impl<E: Elem> WithSimd for Product<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Product { c, a, strides, b, shape } = self;
        match b {
            Source::Plain { b, k } => sized(simd, c, a, strides, &Plain { b, k }, shape),
            Source::Transposed { b, n } => sized(simd, c, a, strides, &Transposed { b, n }, shape),
        }
    }
}

/// The tile that suits the shape: two vectors of rows × 6 columns (12 vectors of sums, of the
/// 16 registers of AVX2), or × 4 for 4 or 5 columns; one vector × 8 columns for
/// a batch of at most 8 (f32) or 4 (f64) rows; the plain triple loop for smaller shapes. Where
/// each shape goes, the blocks of terms of each sum (64 and 128 terms of f32, 128 and 256 of
/// f64) and the point from which B is packed do not depend on the vector width (they are
/// those of the kernel's first, fixed-width version), so sums are added in the same order on
/// every instruction set.
#[inline(always)]
fn sized<S: Simd, E: Elem>(
    simd: S,
    c: &mut [E],
    a: &[E],
    strides: Strides,
    b: &impl BRows<E>,
    shape: [usize; 3],
) {
    let [m, k, n] = shape;
    let single = size_of::<E>() == 4;
    let (block, packed_from, small) = if single { (64, 32, 8) } else { (128, 16, 4) };
    match (m, n) {
        (0, _) | (_, 0) => {}
        // The baseline's "vectors" are single elements: more of them make a tile.
        (_, 4..) if m > small && S::IS_SCALAR => {
            columns::product::<S, E, 8, 4>(simd, c, a, strides, b, shape, block, packed_from)
        }
        (_, 6..) if m > small => {
            columns::product::<S, E, 2, 6>(simd, c, a, strides, b, shape, block, packed_from)
        }
        (_, 4..) if m > small => {
            columns::product::<S, E, 2, 4>(simd, c, a, strides, b, shape, block, packed_from)
        }
        (_, 8..) => columns::product::<S, E, 1, 8>(simd, c, a, strides, b, shape, 2 * block, packed_from),
        _ => {
            for j in 0..n {
                for i in 0..m {
                    // Zeros of A are skipped here too, as the kernel drops them.
                    let terms = (0..k).map(|p| (a[i * strides.row + p * strides.col], p));
                    c[i + j * m] = terms
                        .filter(|&(x, _)| x != E::zero())
                        .fold(E::zero(), |s, (x, p)| simd::mul_add::<S, E>(x, b.at(p, j), s));
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
