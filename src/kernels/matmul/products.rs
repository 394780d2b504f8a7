//! The three products and which kernel each shape goes to.

use super::columns::{self, BRows, Plain, Strides, Transposed};
use super::simd::{self, Elem, as_elem, as_elem_mut};
use crate::Float;
use crate::kernels::{join, threads};
use nalgebra::SMatrix;
use pulp::{Simd, WithSimd};

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
pub(crate) fn nn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, Source::Plain { b, k }, [m, k, n]);
}

/// C (m×n) = A (m×k) · Bᵀ with B (n×k).
pub(crate) fn nt<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, n, k]: [usize; 3]) {
    product(c, a, Strides { row: 1, col: m }, Source::Transposed { b, n }, [m, k, n]);
}

/// C (k×n) = Aᵀ · B with A (m×k) and B (m×n): Aᵀ(i, p) = A(p, i).
pub(crate) fn tn<T: Float>(c: &mut [T], a: &[T], b: &[T], [m, k, n]: [usize; 3]) {
    product(c, a, Strides { row: m, col: 1 }, Source::Plain { b, k: m }, [k, m, n]);
}

/// How B is stored: B itself (column-major k×n) or its transpose (column-major n×k).
#[derive(Clone, Copy)]
enum Source<'a, T> {
    Plain { b: &'a [T], k: usize },
    Transposed { b: &'a [T], n: usize },
}

/// C (m×n) = A (m×k) · B through the column kernel, run with the CPU's widest vectors.
///
/// Inside [`with_all_cores`](crate::kernels::with_all_cores), a product of a million
/// multiply-adds or more is split into two halves of C's columns, computed side by side: every
/// value of C is still one thread's sum, in the same order, and each half (25 columns or
/// more) takes the same tiles as the whole. Halves are split again only while the pool has
/// threads for them ([`threads`]): each piece packs all of A again (on two cores, `dX = dY·Wᵀ`
/// of SimpleConvNet's 4320 columns was once cut into 256 pieces of 16 or 17).
fn product<T: Float>(c: &mut [T], a: &[T], strides: Strides, b: Source<'_, T>, shape: [usize; 3]) {
    pieces(c, a, strides, b, shape, threads());
}

/// [`product`] over `threads` threads.
fn pieces<T: Float>(
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: Source<'_, T>,
    shape: [usize; 3],
    threads: usize,
) {
    let [m, k, n] = shape;
    let half = n / 2;
    if m * k * n >= 1 << 20 && half >= 25 && m > 8 && threads > 1 {
        let (c0, c1) = c.split_at_mut(half * m);
        let (b0, b1) = match b {
            Source::Plain { b, k } => (Source::Plain { b, k }, Source::Plain { b: &b[half * k..], k }),
            Source::Transposed { b, n } => {
                (Source::Transposed { b, n }, Source::Transposed { b: &b[half..], n })
            }
        };
        let (t0, t1) = (threads - threads / 2, threads / 2);
        join(
            || pieces(c0, a, strides, b0, [m, k, half], t0),
            || pieces(c1, a, strides, b1, [m, k, n - half], t1),
        );
        return;
    }
    fn cast<T: Float, E: Elem>(b: Source<'_, T>) -> Option<Source<'_, E>> {
        Some(match b {
            Source::Plain { b, k } => Source::Plain { b: as_elem(b)?, k },
            Source::Transposed { b, n } => Source::Transposed { b: as_elem(b)?, n },
        })
    }
    if let (Some(c), Some(a), Some(b)) = (as_elem_mut(c), as_elem(a), cast(b)) {
        product_f32(Product { c, a, strides, b, shape });
    } else if let (Some(c), Some(a), Some(b)) = (as_elem_mut(c), as_elem(a), cast(b)) {
        product_f64(Product { c, a, strides, b, shape });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

// The kernels of each element type behind functions that are not generic, so they are compiled
// once, with dldw. Called from the generic `product`, they would be compiled again (for every
// instruction set and tile) in each crate that multiplies: each example, each test binary and
// a user's crate: a fifth of `train_mnist`'s code before (cargo llvm-lines).
#[inline(never)]
fn product_f32(p: Product<'_, f32>) {
    simd::run(p);
}

#[inline(never)]
fn product_f64(p: Product<'_, f64>) {
    simd::run_f64(p);
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

/// The tile that suits the shape and the instruction set, as `U` vectors of rows × `NR`
/// columns of sums held in registers:
/// - AVX-512 (32 registers, 16 `f32` a vector): two vectors × 10 columns, or × 4 for 4 to 9:
///   the book's 50 hidden units are five tiles, its 10 classes one, `Affine<4320, 100>`'s 100
///   outputs ten and its dX's 4320 columns 432, none of them overlapping; a batch of 100 is
///   three tiles of 32 rows and one of 16 (`columns::row_tiles`). Twenty sums, two vectors of
///   A and ten of B for every twenty multiply-adds, where one vector × 25 columns loaded 26
///   for 25: with the two blocks of terms of dW and dX finished tile by tile (`columns.rs`),
///   `Affine<4320, 100>`'s X·W took 1.25 ms against 1.09 now, dW = Xᵀ·dY 1.40 against 1.01,
///   dX = dY·Wᵀ 1.30 against 1.11 (`stage_times`' `convnet DIR products`, one core,
///   alternating rounds on a machine busy with other builds).
/// - AVX2 (16 registers): two vectors × 6 columns (12 vectors of sums), or × 4 for 4 or 5.
/// - the baseline, whose "vectors" are single elements: 8 × 4.
/// - one vector × 8 columns for a batch of at most 8 (`f32`) or 4 (`f64`) rows on either; the
///   plain triple loop for smaller shapes.
///
/// Where each shape goes, the blocks of terms of each sum (64 and 128 terms of f32, 128 and 256
/// of f64) and the point from which B is packed do not depend on the instruction set (they
/// are those of the kernel's first, fixed-width version), so sums are added in the same order
/// on every instruction set. Each set's choice is a constant (`if const`), so only its own
/// tiles are compiled for it.
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
    if m == 0 || n == 0 {
    } else if m <= small && n >= 8 {
        columns::product::<S, E, 1, 8>(simd, c, a, strides, b, shape, 2 * block, packed_from)
    } else if m > small && n >= 4 {
        if const { S::IS_SCALAR } {
            columns::product::<S, E, 8, 4>(simd, c, a, strides, b, shape, block, packed_from)
        } else if const { S::REGISTER_COUNT >= 32 } {
            if n >= 10 {
                columns::product::<S, E, 2, 10>(simd, c, a, strides, b, shape, block, packed_from)
            } else {
                columns::product::<S, E, 2, 4>(simd, c, a, strides, b, shape, block, packed_from)
            }
        } else if n >= 6 {
            columns::product::<S, E, 2, 6>(simd, c, a, strides, b, shape, block, packed_from)
        } else {
            columns::product::<S, E, 2, 4>(simd, c, a, strides, b, shape, block, packed_from)
        }
    } else {
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
