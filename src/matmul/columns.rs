//! The column kernel: C[:, j] = Σₚ A[:, p]·B(p, j), over panels of A packed on the stack.
//!
//! C is cut into tiles of `MR` rows × `NR` columns. For each block of `KC` columns of A and
//! each tile row, the `MR` rows of A are copied (packed) into a panel whose columns are
//! contiguous, whatever A's own layout: that is how Aᵀ (whose columns are A's rows) is read,
//! and how rows beyond the end of a small A are padded with zeros. A tile's `MR·NR` sums live
//! in a local array that LLVM keeps in vector registers for the whole sweep over the panel:
//! each step loads `MR` contiguous elements, broadcasts the `NR` scalars B(p, j) and does
//! `MR·NR` multiply-adds. Nothing is allocated.
//!
//! Panel columns that are entirely zero are dropped while packing (with their index kept to
//! find B's row): a zero contributes nothing to a sum, and MNIST's pixels are 81 % zeros, so
//! the first layer's products (X·W forward, Xᵀ·dY backward) do about half the work. The one
//! difference from a dense product: a zero in A times an infinite or NaN entry of B adds 0,
//! not NaN (the trainer checks the parameters themselves for non-finite values).
//!
//! The last tile of a dimension that the tile size does not divide starts `tile` before the
//! end and overlaps the one before it: it computes the overlapping elements again but writes
//! only its new ones, so no remainder code is needed.

use super::mul_add;
use crate::Float;

/// Where a tile's B values come from: `B(p, j₀ … j₀+NR)` for a column offset `j₀`.
pub(super) trait BRows<T> {
    /// `[B(p, j₀), …, B(p, j₀ + NR − 1)]`.
    fn row<const NR: usize>(&self, p: usize, j0: usize) -> [T; NR];
}

/// B stored column-major `k×n` (`matmul`, `matmul_tn`): B(p, j) = b[p + j·k].
pub(super) struct Plain<'a, T> {
    pub(super) b: &'a [T],
    pub(super) k: usize,
}

impl<T: Float> BRows<T> for Plain<'_, T> {
    #[inline(always)]
    fn row<const NR: usize>(&self, p: usize, j0: usize) -> [T; NR] {
        std::array::from_fn(|jj| self.b[p + (j0 + jj) * self.k])
    }
}

/// Bᵀ where B is stored column-major `n×k` (`matmul_nt`): B(p, j) = b[j + p·n], so the `NR`
/// values of one step are contiguous.
pub(super) struct Transposed<'a, T> {
    pub(super) b: &'a [T],
    pub(super) n: usize,
}

impl<T: Float> BRows<T> for Transposed<'_, T> {
    #[inline(always)]
    fn row<const NR: usize>(&self, p: usize, j0: usize) -> [T; NR] {
        *self.b[j0 + p * self.n..].first_chunk().expect("the tile lies inside B")
    }
}

/// How A's elements are read: A(i, p) = a[i·row_stride + p·col_stride].
#[derive(Clone, Copy)]
pub(super) struct Strides {
    pub(super) row: usize,
    pub(super) col: usize,
}

/// Columns of A (rows of B) per packed panel: 16 rows of `f32` make a panel of 4 KB, which
/// stays in the L1 cache while every column tile of C goes over it.
const KC: usize = 64;

/// Columns of B packed at a time: B's block of `KC` rows × `NC` columns (16 KB in f32) is
/// copied row by row, so that a tile's `NR` values of one row are contiguous. 64 covers the
/// book's widths (50 hidden units, 10 classes) in one block.
const NC: usize = 64;

/// C (m×n, column-major) = A (m×k, read with `strides`) · B.
pub(super) fn product<T: Float, const MR: usize, const NR: usize>(
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: &impl BRows<T>,
    [m, k, n]: [usize; 3],
) {
    debug_assert!(c.len() == m * n && n >= NR && NC.is_multiple_of(NR));
    let mut panel = [T::zero(); 16 * KC];
    let mut kept = [0; KC];
    let mut b_panel = [T::zero(); KC * NC];
    for p0 in (0..k).step_by(KC) {
        let kc = KC.min(k - p0);
        let mut groups = tiles(n, NR).peekable();
        while let Some(&(jc, _)) = groups.peek() {
            // The next NC / NR column tiles, and the columns of B they cover.
            let group: [Option<(usize, usize)>; NC] =
                std::array::from_fn(|t| if t < NC / NR { groups.next() } else { None });
            let width = group.iter().flatten().map(|&(j0, _)| j0 + NR).max().unwrap_or(jc) - jc;
            for q in 0..kc {
                let dst: &mut [T; NC] = b_panel[q * NC..].first_chunk_mut().expect("the panel holds KC rows");
                for (jj, d) in dst.iter_mut().enumerate().take(width) {
                    *d = b.row::<1>(p0 + q, jc + jj)[0];
                }
            }
            for (i0, i_done) in tiles(m, MR) {
                let count = pack::<T, MR>(&mut panel, &mut kept, a, strides, [i0, m], [p0, kc]);
                let (panel, kept) = (&panel[..count * MR], &kept[..count]);
                for &(j0, j_done) in group.iter().flatten() {
                    let acc = tile::<T, MR, NR>(panel, kept, &b_panel, j0 - jc);
                    store(c, m, acc, (i0, i_done), (j0, j_done), p0 > 0);
                }
            }
        }
    }
}

/// The tiles of `tile` along a dimension of `len`: each tile's first index, and how many of
/// its leading elements an earlier tile already covers. When `tile` does not divide `len` the
/// last tile overlaps its neighbour; when `len < tile` the only tile runs past the end (its
/// extra rows are zero padding, never stored).
pub(super) fn tiles(len: usize, tile: usize) -> impl Iterator<Item = (usize, usize)> {
    let full = len / tile;
    let last =
        (!len.is_multiple_of(tile)).then(|| if full == 0 { (0, 0) } else { (len - tile, tile - len % tile) });
    (0..full).map(move |t| (t * tile, 0)).chain(last)
}

/// Copies A(i0 … i0+MR, p0 … p0+kc) into `panel`, one column of `MR` after the other and rows
/// past `m` as zeros, dropping the columns that are all zero. Returns the number of columns
/// kept; `kept` holds their indices relative to `p0`.
#[inline(always)]
fn pack<T: Float, const MR: usize>(
    panel: &mut [T],
    kept: &mut [usize; KC],
    a: &[T],
    strides: Strides,
    [i0, m]: [usize; 2],
    [p0, kc]: [usize; 2],
) -> usize {
    let rows = MR.min(m - i0);
    let mut count = 0;
    for p in p0..p0 + kc {
        let start = i0 * strides.row + p * strides.col;
        let column: [T; MR] = if rows == MR && strides.row == 1 {
            *a[start..].first_chunk().expect("the tile lies inside A")
        } else {
            std::array::from_fn(|ii| if ii < rows { a[start + ii * strides.row] } else { T::zero() })
        };
        // Branch-free: the column is always written, and kept only if it is not all zero.
        // The test reads the copy in registers, not the panel just written, so the count
        // does not wait on a store.
        let nonzero = column.iter().fold(false, |any, &x| any | (x != T::zero()));
        *panel[count * MR..].first_chunk_mut().expect("the panel holds KC columns") = column;
        kept[count] = p - p0;
        count += usize::from(nonzero);
    }
    count
}

/// The `MR×NR` sums of one tile, one array per column of C: the panel's columns times the
/// rows of B they came from, read from B's packed block at column offset `j`.
#[inline(always)]
fn tile<T: Float, const MR: usize, const NR: usize>(
    panel: &[T],
    kept: &[usize],
    b_panel: &[T; KC * NC],
    j: usize,
) -> [[T; MR]; NR] {
    let mut acc = [[T::zero(); MR]; NR];
    for (column, &q) in panel.as_chunks::<MR>().0.iter().zip(kept) {
        let bq: &[T; NR] = b_panel[q * NC + j..].first_chunk().expect("the tile lies inside B's panel");
        for (sums, &bv) in acc.iter_mut().zip(bq) {
            for (s, &x) in sums.iter_mut().zip(column) {
                *s = mul_add(x, bv, *s);
            }
        }
    }
    acc
}

/// Writes (or, for a sum split into panels, adds) a tile's new elements into C (`m` rows).
#[inline(always)]
fn store<T: Float, const MR: usize, const NR: usize>(
    c: &mut [T],
    m: usize,
    acc: [[T; MR]; NR],
    (i0, i_done): (usize, usize),
    (j0, j_done): (usize, usize),
    accumulate: bool,
) {
    let rows = MR.min(m - i0);
    for (jj, sums) in acc.iter().enumerate().skip(j_done) {
        let start = i0 + (j0 + jj) * m;
        let (dst, new) = (&mut c[start + i_done..start + rows], &sums[i_done..rows]);
        if accumulate {
            dst.iter_mut().zip(new).for_each(|(d, &s)| *d += s);
        } else {
            dst.copy_from_slice(new);
        }
    }
}
