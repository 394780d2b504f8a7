//! The column kernel: C[:, j] = Σₚ A[:, p]·B(p, j), over panels of A packed on the stack.
//!
//! C is cut into tiles of `MR` rows × `NR` columns. For each block of columns of A and
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
    /// A reader of `[B(p, j₀), …, B(p, j₀ + NR − 1)]` for any p, made once per tile.
    fn rows<const NR: usize>(&self, j0: usize) -> impl Fn(usize) -> [T; NR];

    /// B(p, j).
    fn at(&self, p: usize, j: usize) -> T {
        let [x] = self.rows::<1>(j)(p);
        x
    }
}

/// B stored column-major `k×n` (`matmul`, `matmul_tn`): B(p, j) = b[p + j·k].
pub(super) struct Plain<'a, T> {
    pub(super) b: &'a [T],
    pub(super) k: usize,
}

impl<T: Float> BRows<T> for Plain<'_, T> {
    #[inline(always)]
    fn rows<const NR: usize>(&self, j0: usize) -> impl Fn(usize) -> [T; NR] {
        // Columns cut to exactly k elements: the NR index checks of a step are then the same
        // check, p < k, which the compiler makes once.
        let columns: [&[T]; NR] = std::array::from_fn(|jj| &self.b[(j0 + jj) * self.k..][..self.k]);
        move |p| std::array::from_fn(|jj| columns[jj][p])
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
    fn rows<const NR: usize>(&self, j0: usize) -> impl Fn(usize) -> [T; NR] {
        move |p| *self.b[j0 + p * self.n..].first_chunk().expect("the tile lies inside B")
    }
}

/// How A's elements are read: A(i, p) = a[i·row_stride + p·col_stride].
#[derive(Clone, Copy)]
pub(super) struct Strides {
    pub(super) row: usize,
    pub(super) col: usize,
}

/// Elements of A's packed panel: `PANEL / MR` columns of `MR` rows (64 of 16 in f32, 4 KB,
/// which stays in the L1 cache while every column tile of C goes over it; 256 of 4 for a small
/// batch in f64).
const PANEL: usize = 1024;

/// Rows of B packed at a time, when B is packed.
const KC: usize = 64;

/// Columns of B packed at a time: B's block of `KC` rows × `NC` columns (16 KB in f32) is
/// copied row by row, so that a tile's `NR` values of one row are contiguous. 64 covers the
/// book's widths (50 hidden units, 10 classes) in one block.
const NC: usize = 64;

/// C (m×n, column-major) = A (m×k, read with `strides`) · B.
///
/// B is packed when at least three row tiles share it (a batch of 100 has seven); for a small
/// batch reading B in place costs less than copying it.
pub(super) fn product<T: Float, const MR: usize, const NR: usize>(
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: &impl BRows<T>,
    [m, k, n]: [usize; 3],
) {
    debug_assert!(c.len() == m * n && n >= NR && NC.is_multiple_of(NR));
    if m > 2 * MR {
        with_packed_b::<T, MR, NR>(c, a, strides, b, [m, k, n]);
    } else {
        let mut panel = [T::zero(); PANEL];
        let mut kept = [0; PANEL];
        let block = PANEL / MR;
        for p0 in (0..k).step_by(block) {
            let kc = block.min(k - p0);
            for (i0, i_done) in tiles(m, MR) {
                let count = pack::<T, MR>(&mut panel, &mut kept, a, strides, [i0, m], [p0, kc]);
                let (panel, kept) = (&panel[..count * MR], &kept[..count]);
                for (j0, j_done) in tiles(n, NR) {
                    let rows = b.rows::<NR>(j0);
                    let acc = tile::<T, MR, NR>(panel, kept, |q| rows(p0 + q));
                    store(c, m, acc, (i0, i_done), (j0, j_done), p0 > 0);
                }
            }
        }
    }
}

/// [`product`] with B's blocks packed row by row first.
fn with_packed_b<T: Float, const MR: usize, const NR: usize>(
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: &impl BRows<T>,
    [m, k, n]: [usize; 3],
) {
    let mut panel = [T::zero(); PANEL];
    let mut kept = [0; PANEL];
    let mut b_panel = [T::zero(); KC * NC];
    let block = KC.min(PANEL / MR);
    for p0 in (0..k).step_by(block) {
        let kc = block.min(k - p0);
        let mut groups = tiles(n, NR).peekable();
        while let Some(&(jc, _)) = groups.peek() {
            // The next NC / NR column tiles, and the columns of B they cover.
            let group: [Option<(usize, usize)>; NC] =
                std::array::from_fn(|t| if t < NC / NR { groups.next() } else { None });
            let width = group.iter().flatten().map(|&(j0, _)| j0 + NR).max().unwrap_or(jc) - jc;
            for q in 0..kc {
                let dst: &mut [T; NC] = b_panel[q * NC..].first_chunk_mut().expect("the panel holds KC rows");
                for (jj, d) in dst.iter_mut().enumerate().take(width) {
                    *d = b.at(p0 + q, jc + jj);
                }
            }
            for (i0, i_done) in tiles(m, MR) {
                let count = pack::<T, MR>(&mut panel, &mut kept, a, strides, [i0, m], [p0, kc]);
                let (panel, kept) = (&panel[..count * MR], &kept[..count]);
                for &(j0, j_done) in group.iter().flatten() {
                    let row =
                        |q: usize| *b_panel[q * NC + j0 - jc..].first_chunk().expect("inside B's panel");
                    let acc = tile::<T, MR, NR>(panel, kept, row);
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
    kept: &mut [usize; PANEL],
    a: &[T],
    strides: Strides,
    [i0, m]: [usize; 2],
    [p0, kc]: [usize; 2],
) -> usize {
    let rows = MR.min(m - i0);
    let mut count = 0;
    if rows < MR {
        // A small batch: the panel's rows past the end were zeroed when it was made and are
        // never written, so each column copies only its `rows` elements.
        for p in p0..p0 + kc {
            let start = i0 * strides.row + p * strides.col;
            let dst = &mut panel[count * MR..count * MR + rows];
            let mut nonzero = false;
            for (ii, d) in dst.iter_mut().enumerate() {
                *d = a[start + ii * strides.row];
                nonzero |= *d != T::zero();
            }
            kept[count] = p - p0;
            count += usize::from(nonzero);
        }
        return count;
    }
    for p in p0..p0 + kc {
        let start = i0 * strides.row + p * strides.col;
        let column: [T; MR] = if strides.row == 1 {
            *a[start..].first_chunk().expect("the tile lies inside A")
        } else {
            std::array::from_fn(|ii| a[start + ii * strides.row])
        };
        // Branch-free: the column is always written, and kept only if it is not all zero.
        // The test reads the copy in registers, not the panel just written, so the count
        // does not wait on a store.
        let nonzero = column.iter().fold(false, |any, &x| any | (x != T::zero()));
        *panel[count * MR..].first_chunk_mut().expect("the panel holds PANEL / MR columns") = column;
        kept[count] = p - p0;
        count += usize::from(nonzero);
    }
    count
}

/// The `MR×NR` sums of one tile, one array per column of C: the panel's columns times the
/// rows of B they came from (`b_row(q)`: B's row `p0 + q`, this tile's `NR` columns).
#[inline(always)]
fn tile<T: Float, const MR: usize, const NR: usize>(
    panel: &[T],
    kept: &[usize],
    b_row: impl Fn(usize) -> [T; NR],
) -> [[T; MR]; NR] {
    let mut acc = [[T::zero(); MR]; NR];
    for (column, &q) in panel.as_chunks::<MR>().0.iter().zip(kept) {
        let bq = b_row(q);
        for (sums, &bv) in acc.iter_mut().zip(&bq) {
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
