//! Products of a [`SparseRows`] batch S (mostly zeros, such as MNIST images) with a dense
//! matrix: only S's nonzeros are multiplied. The first `Affine` layer uses them when it is
//! given such a batch.
//!
//! | product | loop | per nonzero s = S(n, p) |
//! |---|---|---|
//! | Y = S·W + b (forward) | row n of Y = Σ s·(row p of W), summed in registers | `O` multiply-adds, no stores |
//! | G = Sᵀ·D (dW = Xᵀ·dY) | row p of G += s·(row n of D) | `O` multiply-adds and stores |
//!
//! Both read whole rows of W, D and G, which column-major storage keeps apart; so they
//! take and give those matrices transposed (rows contiguous), and `Affine` transposes W, D and
//! G once per call: one pass over each, against about twenty uses of each row in an MNIST
//! batch of 100.

use super::simd::{self, mul_add};
use crate::Float;
use crate::sparse::SparseRows;
use nalgebra::{RowSVector, SMatrix};
use pulp::{Simd, WithSimd};

/// Y = S·W + b into `y` (N×O, column-major), given `wt` = Wᵀ (O×I column-major: W's row p is
/// `wt[p·O..(p + 1)·O]`) and the bias `b` added to every row. `O` is a constant so that a
/// row of Y lives in registers.
pub(crate) fn sparse_mul<T: Float, const N: usize, const I: usize, const O: usize>(
    s: &SparseRows<T, N, I>,
    wt: &SMatrix<T, O, I>,
    b: &RowSVector<T, O>,
    y: &mut SMatrix<T, N, O>,
) {
    simd::run(Mul { s, wt, b, y });
}

/// [`sparse_mul`]'s arguments, handed to [`simd::run`].
struct Mul<'a, T, const N: usize, const I: usize, const O: usize> {
    s: &'a SparseRows<T, N, I>,
    wt: &'a SMatrix<T, O, I>,
    b: &'a RowSVector<T, O>,
    y: &'a mut SMatrix<T, N, O>,
}

impl<T: Float, const N: usize, const I: usize, const O: usize> WithSimd for Mul<'_, T, N, I, O> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        let w_rows = self.wt.as_slice().as_chunks::<O>().0;
        let y = self.y.as_mut_slice();
        for n in 0..N {
            let mut acc = [T::zero(); O];
            let (cols, values) = self.s.row(n);
            for (&p, &v) in cols.iter().zip(values) {
                for (a, &w) in acc.iter_mut().zip(&w_rows[p as usize]) {
                    *a = mul_add::<S, T>(v, w, *a);
                }
            }
            for (j, (a, &b)) in acc.into_iter().zip(self.b.iter()).enumerate() {
                y[n + j * N] = a + b;
            }
        }
    }
}

/// How many bytes of G's rows [`sparse_tmul`] updates at a time: with the rows of D, they stay
/// in a 32 KB L1 data cache.
const BLOCK_BYTES: usize = 16 * 1024;

/// Gᵀ = (Sᵀ·D)ᵀ into `gt` (O×I column-major: G's row p is `gt[p·O..(p + 1)·O]`), given `dt` =
/// Dᵀ (O×N column-major). `cursors` is scratch, one per row of S.
pub(crate) fn sparse_tmul<T: Float, const N: usize, const I: usize, const O: usize>(
    s: &SparseRows<T, N, I>,
    dt: &SMatrix<T, O, N>,
    gt: &mut SMatrix<T, O, I>,
    cursors: &mut Vec<usize>,
) {
    cursors.clear();
    cursors.resize(N, 0);
    simd::run(TMul { s, dt, gt, cursors });
}

/// [`sparse_tmul`]'s arguments, handed to [`simd::run`].
struct TMul<'a, T, const N: usize, const I: usize, const O: usize> {
    s: &'a SparseRows<T, N, I>,
    dt: &'a SMatrix<T, O, N>,
    gt: &'a mut SMatrix<T, O, I>,
    cursors: &'a mut [usize],
}

impl<T: Float, const N: usize, const I: usize, const O: usize> WithSimd for TMul<'_, T, N, I, O> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        let TMul { s, dt, gt, cursors } = self;
        gt.as_mut_slice().fill(T::zero());
        let g_rows = gt.as_mut_slice().as_chunks_mut::<O>().0;
        let d_rows = dt.as_slice().as_chunks::<O>().0;
        // The nonzeros scatter over all of G's rows (157 KB for MNIST's 784×50 in f32); taken
        // a block of G's rows at a time, the updates hit the L1 cache instead of L2. Each row
        // of S is in increasing column order, so a cursor per row walks it block after block.
        let block = (BLOCK_BYTES / (O * size_of::<T>()).max(1)).max(1);
        for block_end in (block..I + block).step_by(block) {
            let block_end = block_end.min(I) as u32;
            for ((n, d), k) in d_rows.iter().enumerate().zip(cursors.iter_mut()) {
                let (cols, values) = s.row(n);
                while let Some(&p) = cols.get(*k)
                    && p < block_end
                {
                    let v = values[*k];
                    for (g, &x) in g_rows[p as usize].iter_mut().zip(d) {
                        *g = mul_add::<S, T>(v, x, *g);
                    }
                    *k += 1;
                }
            }
        }
    }
}

/// `dst` = `src`ᵀ.
pub(crate) fn transpose<T: Float, const R: usize, const C: usize>(
    src: &SMatrix<T, R, C>,
    dst: &mut SMatrix<T, C, R>,
) {
    // nalgebra keeps the columns as arrays: src has C columns of R, dst R columns of C.
    let (src, dst) = (&src.data.0, &mut dst.data.0);
    // Sixteen of src's rows at a time: each of src's columns gives them as one run (a cache
    // line), and they land in sixteen of dst's columns, which stay in the L1 cache.
    for i0 in (0..R).step_by(16) {
        let i1 = (i0 + 16).min(R);
        for (j, src_col) in src.iter().enumerate() {
            for (dst_col, &x) in dst[i0..i1].iter_mut().zip(&src_col[i0..i1]) {
                dst_col[j] = x;
            }
        }
    }
}
