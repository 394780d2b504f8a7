//! The column kernel: C[:, j] = Σₚ A[:, p]·B(p, j), over panels of A packed on the stack.
//!
//! C is cut into tiles of `mr` rows × `NR` columns, `mr` being `U` vectors of the instruction
//! set the CPU has (16 rows of `f32` with AVX2, 32 with AVX-512; see `simd.rs`), and rows left
//! over that one vector holds into a tile one vector tall. For each
//! block of columns of A and each tile row, the `mr` rows of A are copied (packed) into a
//! panel whose columns are contiguous, whatever A's own layout: that is how Aᵀ (whose columns
//! are A's rows) is read, and how rows beyond the end of a small A are padded with zeros. A
//! tile's `U·NR` vectors of sums stay in registers for the whole sweep over the panel: each
//! step loads `U` vectors of A's column, broadcasts the `NR` scalars B(p, j) and does `U·NR`
//! fused multiply-adds. Nothing is allocated.
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
//!
//! Each sum runs over A's columns in order, in blocks of a fixed number of terms (added into
//! C block after block) that do not depend on the vector width: results are the same on
//! AVX2 and AVX-512.

use super::simd::Elem;
use crate::Float;
use pulp::Simd;

/// Where a tile's B values come from: `B(p, j₀ … j₀+NR)` for a column offset `j₀`.
pub(super) trait BRows<T> {
    /// A reader of `[B(p, j₀), …, B(p, j₀ + NR − 1)]` for any p, made once per tile.
    fn rows<const NR: usize>(&self, j0: usize) -> impl Fn(usize) -> [T; NR];

    /// B(p, j).
    fn at(&self, p: usize, j: usize) -> T {
        let [x] = self.rows::<1>(j)(p);
        x
    }

    /// Copies B's block B(p0 + q, jc + jj), q < kc and jj < width, into `panel`, in the layout
    /// that reading B itself makes a plain copy: see [`BRows::packed`].
    fn pack(&self, panel: &mut [T; KC * NC], rows: [usize; 2], columns: [usize; 2]);

    /// `[B(p0 + q, jc + j), …, B(p0 + q, jc + j + NR − 1)]` from a panel made by [`BRows::pack`].
    fn packed<const NR: usize>(panel: &[T; KC * NC], q: usize, j: usize) -> [T; NR];
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
        #[inline(always)]
        move |p| std::array::from_fn(|jj| columns[jj][p])
    }

    /// Column by column, `KC` apart: each of B's columns is contiguous, so the block is copied
    /// in runs of `kc`. (Row by row, `panel[q·NC + jj]`, the copy was a transpose that the
    /// compiler made a scatter of, 14 % of X·W1's time in the book's run on AVX-512.)
    #[inline(always)]
    fn pack(&self, panel: &mut [T; KC * NC], [p0, kc]: [usize; 2], [jc, width]: [usize; 2]) {
        for jj in 0..width {
            let column = &self.b[(jc + jj) * self.k + p0..][..kc];
            panel[jj * KC..][..kc].copy_from_slice(column);
        }
    }

    /// A step's `NR` values are `KC` apart: at fixed offsets from one address, which the
    /// multiply-adds read as they broadcast them.
    #[inline(always)]
    fn packed<const NR: usize>(panel: &[T; KC * NC], q: usize, j: usize) -> [T; NR] {
        // Cut to the span the NR values lie in, so that their bounds are checked once.
        let span = &panel[j * KC + q..][..(NR - 1) * KC + 1];
        std::array::from_fn(|jj| span[jj * KC])
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
        #[inline(always)]
        move |p| *self.b[j0 + p * self.n..].first_chunk().expect("the tile lies inside B")
    }

    /// Row by row, `NC` apart: B's rows are Bᵀ's columns, contiguous.
    #[inline(always)]
    fn pack(&self, panel: &mut [T; KC * NC], [p0, kc]: [usize; 2], [jc, width]: [usize; 2]) {
        for q in 0..kc {
            let row = &self.b[jc + (p0 + q) * self.n..][..width];
            panel[q * NC..][..width].copy_from_slice(row);
        }
    }

    /// A step's `NR` values are contiguous.
    #[inline(always)]
    fn packed<const NR: usize>(panel: &[T; KC * NC], q: usize, j: usize) -> [T; NR] {
        *panel[q * NC + j..].first_chunk().expect("inside B's panel")
    }
}

/// How A's elements are read: A(i, p) = a[i·row_stride + p·col_stride].
#[derive(Clone, Copy)]
pub(super) struct Strides {
    pub(super) row: usize,
    pub(super) col: usize,
}

/// Elements of A's packed panel: `block` columns of `mr` rows (64 columns of 32 `f32` rows
/// with AVX-512, 8 KB, which stays in the L1 cache while every column tile of C goes over
/// it).
pub(super) const PANEL: usize = 2048;

/// Rows of B packed at a time, when B is packed.
const KC: usize = 64;

/// Columns of B packed at a time: B's block of `KC` rows × `NC` columns (25 KB in f32) is
/// copied row by row, so that a tile's `NR` values of one row are contiguous. 100 covers the
/// book's widths (50 hidden units, 10 classes) and chapter 6's (100) in one block; a block
/// holds as many whole column tiles as fit.
const NC: usize = 100;

/// Row tiles of A packed together when B is packed (see [`with_packed_b`]).
const GROUP: usize = 4;

/// The most blocks of `KC` terms whose packed B is kept side by side (see [`with_packed_b`]).
const KEPT: usize = 2;

/// C (m×n, column-major) = A (m×k, read with `strides`) · B, with tiles of `U` vectors × `NR`
/// columns, summing blocks of `block` terms (at most `PANEL / mr`).
///
/// B is packed when more than `packed_from` rows share it (a batch of 100 has seven row
/// tiles); for a small batch reading B in place costs less than copying it.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn product<S: Simd, T: Elem, const U: usize, const NR: usize>(
    simd: S,
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: &impl BRows<T>,
    [m, k, n]: [usize; 3],
    block: usize,
    packed_from: usize,
) {
    let mr = U * T::lanes::<S>();
    debug_assert!(c.len() == m * n && n >= NR && NR <= NC && block * mr <= PANEL);
    // AVX-512's wide tiles (`f32` only, whose blocks of terms are `KC` long either way) always
    // pack B: reading a tile's 10 columns of B in place needs as many pointers, and compiling
    // that copy of the kernel took longer than all the others.
    if m > packed_from || const { NR >= 10 } {
        debug_assert!(m > packed_from || block == KC, "the same blocks of terms either way");
        with_packed_b::<S, T, _, U, NR>(simd, c, a, strides, b, [m, k, n]);
    } else {
        let mut panel = [T::zero(); PANEL];
        let mut kept = [0; PANEL];
        for p0 in (0..k).step_by(block) {
            let kc = block.min(k - p0);
            for (i0, i_done) in tiles(m, mr) {
                let count = pack(&mut panel, &mut kept, a, strides, [i0, m, mr], [p0, kc]);
                let (panel, kept) = (&panel[..count * mr], &kept[..count]);
                for (j0, j_done) in tiles(n, NR) {
                    let rows = b.rows::<NR>(j0);
                    let acc = tile::<S, T, U, NR>(
                        simd,
                        panel,
                        kept,
                        #[inline(always)]
                        |q| rows(p0 + q),
                    );
                    store(simd, c, m, &acc, (i0, i_done), (j0, j_done), p0 > 0);
                }
            }
        }
    }
}

/// [`product`] with B's blocks packed row by row first, in blocks of `KC` terms.
///
/// A's panels are packed `GROUP` row tiles at a time, column by column: `GROUP · mr`
/// contiguous elements of each of A's columns (4 cache lines in f32 with AVX2) instead of one
/// tile's `mr`. A tall A (an evaluation chunk of 1000 rows: its columns are 4000 bytes apart,
/// one page each) was otherwise read one cache line per page at a time, which the hardware
/// prefetchers do not follow: the panel's loads were half of the kernel's time. The tiles and
/// the order of every sum are the same, so the results are too.
///
/// A sum of at most `KEPT` blocks (`dW = Xᵀ·dY` and `dX = dY·Wᵀ` of a batch of 100: two
/// blocks) has all its blocks of B packed side by side, and each group of tiles of C takes
/// its blocks one after the other while it is in the L1 cache. Block after block over the
/// whole of C, a C larger than the L2 cache (`Affine<4320, 100>`'s dW and dX, 1.7 MB each) was
/// read back from memory to add the second block: a tenth of those products' time. The sums
/// are added in the same order either way.
#[inline(always)]
fn with_packed_b<S: Simd, T: Elem, B: BRows<T>, const U: usize, const NR: usize>(
    simd: S,
    c: &mut [T],
    a: &[T],
    strides: Strides,
    b: &B,
    [m, k, n]: [usize; 3],
) {
    let mr = U * T::lanes::<S>();
    let mut panels = [[T::zero(); PANEL]; GROUP];
    let mut kept = [[0; KC]; GROUP];
    let blocks = (0..k).step_by(KC).map(|p0| [p0, KC.min(k - p0)]);
    // The groups of column tiles that one packed block of B covers: the first tile's column,
    // the columns of B the group covers, and how many tiles come before it.
    let per_group = NC / NR;
    let column_groups = (0..tiles(n, NR).count()).step_by(per_group).map(|before| {
        let mut group = tiles(n, NR).skip(before).take(per_group);
        let (jc, _) = group.next().expect("a group has a first tile");
        let width = group.last().map_or(jc, |(j0, _)| j0) + NR - jc;
        (jc, width, before)
    });
    let row_groups = || {
        let mut row_tiles = row_tiles(m, mr, T::lanes::<S>()).peekable();
        std::iter::from_fn(move || {
            row_tiles.peek()?;
            Some(std::array::from_fn::<_, GROUP, _>(|_| row_tiles.next()))
        })
    };
    // Up to KEPT blocks are packed side by side when they are all the sum's blocks; else one
    // at a time, block after block over the whole of C.
    let together = if k <= KEPT * KC { KEPT } else { 1 };
    let mut b_panels = [[T::zero(); KC * NC]; KEPT];
    for first in (0..k.div_ceil(KC)).step_by(together) {
        let terms = blocks.clone().skip(first).take(together);
        for (jc, width, before) in column_groups.clone() {
            for (b_panel, terms) in b_panels.iter_mut().zip(terms.clone()) {
                b.pack(b_panel, terms, [jc, width]);
            }
            for rows in row_groups() {
                for (b_panel, terms) in b_panels.iter().zip(terms.clone()) {
                    block::<S, T, B, U, NR>(
                        simd,
                        c,
                        a,
                        strides,
                        [m, n],
                        b_panel,
                        terms,
                        [jc, before],
                        &rows,
                        &mut panels,
                        &mut kept,
                    );
                }
            }
        }
    }
}

/// One block of terms (`p0 … p0 + kc`) of a group of row tiles × the group of column tiles
/// from `jc` (with `before` tiles before it) that `b_panel` holds: A's panels packed, then
/// each tile summed and stored (added to C after the first block). A narrow row tile (see
/// [`row_tiles`]) is one vector tall.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn block<S: Simd, T: Elem, B: BRows<T>, const U: usize, const NR: usize>(
    simd: S,
    c: &mut [T],
    a: &[T],
    strides: Strides,
    [m, n]: [usize; 2],
    b_panel: &[T; KC * NC],
    [p0, kc]: [usize; 2],
    [jc, before]: [usize; 2],
    rows: &[Option<RowTile>; GROUP],
    panels: &mut [[T; PANEL]; GROUP],
    kept: &mut [[usize; KC]; GROUP],
) {
    // Each tile's height is passed on as a constant the compiler sees, so that a column's
    // copy is a few vector moves, not a call to memcpy.
    let height = |narrow: bool| if narrow { T::lanes::<S>() } else { U * T::lanes::<S>() };
    let mut counts = [0; GROUP];
    if strides.col == 1 {
        // Aᵀ: each tile along A's rows (see `pack`).
        for (g, &(i0, _, narrow)) in rows.iter().flatten().enumerate() {
            let (panel, kept) = (&mut panels[g], &mut kept[g]);
            counts[g] = if narrow {
                pack(panel, kept, a, strides, [i0, m, T::lanes::<S>()], [p0, kc])
            } else {
                pack(panel, kept, a, strides, [i0, m, U * T::lanes::<S>()], [p0, kc])
            };
        }
    } else {
        for p in p0..p0 + kc {
            for (g, &(i0, _, narrow)) in rows.iter().flatten().enumerate() {
                let (panel, kept, count) = (&mut panels[g], &mut kept[g], counts[g]);
                counts[g] = if narrow {
                    pack_column(panel, kept, count, a, strides, [i0, m, T::lanes::<S>()], [p0, p])
                } else {
                    pack_column(panel, kept, count, a, strides, [i0, m, U * T::lanes::<S>()], [p0, p])
                };
            }
        }
    }
    for (g, &(i0, i_done, narrow)) in rows.iter().flatten().enumerate() {
        let (panel, kept) = (&panels[g][..counts[g] * height(narrow)], &kept[g][..counts[g]]);
        for (j0, j_done) in tiles(n, NR).skip(before).take(NC / NR) {
            let row = |q: usize| B::packed::<NR>(b_panel, q, j0 - jc);
            if U > 1 && narrow {
                let acc = tile::<S, T, 1, NR>(simd, panel, kept, row);
                store(simd, c, m, &acc, (i0, i_done), (j0, j_done), p0 > 0);
            } else {
                let acc = tile::<S, T, U, NR>(simd, panel, kept, row);
                store(simd, c, m, &acc, (i0, i_done), (j0, j_done), p0 > 0);
            }
        }
    }
}

/// A row tile of C: its first row, how many of its leading rows an earlier tile already
/// covers, and whether it is narrow (one vector tall instead of `U`).
type RowTile = (usize, usize, bool);

/// The row tiles of C (`m` rows) for tiles of `mr` rows (`U` vectors of `vector` rows): as
/// [`tiles`], except that rows left over that one vector holds take a narrow tile of one
/// vector ending at `m`, as does an `m` of at most one vector. A batch of 100 in tiles of 32
/// rows is three tiles of 32 and one of 16 (where a tile of 32 overlapping the third would
/// compute 28 rows again), in all the 112 rows that tiles of 16 make.
#[inline(always)]
fn row_tiles(m: usize, mr: usize, vector: usize) -> impl Iterator<Item = RowTile> + Clone {
    let (full, rest) = (m / mr, m % mr);
    let last = if rest == 0 {
        None
    } else if m <= vector {
        Some((0, 0, true))
    } else if full == 0 {
        Some((0, 0, false))
    } else if rest <= vector {
        Some((m - vector, vector - rest, true))
    } else {
        Some((m - mr, mr - rest, false))
    };
    (0..full).map(move |t| (t * mr, 0, false)).chain(last)
}

/// The tiles of `tile` along a dimension of `len`: each tile's first index, and how many of
/// its leading elements an earlier tile already covers. When `tile` does not divide `len` the
/// last tile overlaps its neighbour; when `len < tile` the only tile runs past the end (its
/// extra rows are zero padding, never stored).
#[inline(always)]
pub(super) fn tiles(len: usize, tile: usize) -> impl Iterator<Item = (usize, usize)> + Clone {
    let full = len / tile;
    let last =
        (!len.is_multiple_of(tile)).then(|| if full == 0 { (0, 0) } else { (len - tile, tile - len % tile) });
    (0..full).map(move |t| (t * tile, 0)).chain(last)
}

/// Copies A(i0 … i0+mr, p0 … p0+kc) into `panel`, one column of `mr` after the other and rows
/// past `m` as zeros, dropping the columns that are all zero. Returns the number of columns
/// kept; `kept` holds their indices relative to `p0`.
#[inline(always)]
fn pack<T: Float>(
    panel: &mut [T],
    kept: &mut [usize],
    a: &[T],
    strides: Strides,
    [i0, m, mr]: [usize; 3],
    [p0, kc]: [usize; 2],
) -> usize {
    if strides.col == 1 && i0 + mr <= m {
        pack_rows(panel, kept, a, strides.row, [i0, mr], [p0, kc])
    } else {
        (p0..p0 + kc).fold(0, |count, p| pack_column(panel, kept, count, a, strides, [i0, m, mr], [p0, p]))
    }
}

/// [`pack`] for a whole tile of Aᵀ (A's rows contiguous, `row` apart): the tile is a transpose
/// of A's block, copied by `transpose.rs` (8 × 8 blocks of shuffles where the CPU has AVX2);
/// then the columns that are all zero are squeezed out, without a branch. Written four values
/// at a time, the copy was a quarter of the dense dW1 = Xᵀ·dY of the book's step: 104.8 µs
/// against 79.6 µs now (`scripts/stage_times`, medians of five alternating rounds).
#[inline(always)]
fn pack_rows<T: Float>(
    panel: &mut [T],
    kept: &mut [usize],
    a: &[T],
    row: usize,
    [i0, mr]: [usize; 2],
    [p0, kc]: [usize; 2],
) -> usize {
    let panel = &mut panel[..kc * mr];
    super::transpose::transpose(&a[i0 * row + p0..], row, [kc, mr], panel, mr);
    let mut count = 0;
    for q in 0..kc {
        let nonzero = panel[q * mr..][..mr].iter().fold(false, |any, &x| any | (x != T::zero()));
        panel.copy_within(q * mr..(q + 1) * mr, count * mr);
        kept[count] = q;
        count += usize::from(nonzero);
    }
    count
}

/// Appends A(i0 … i0+mr, p) to `panel` after its `count` columns, keeping it (and `p − p0` in
/// `kept`) unless it is all zero. Returns the new count.
#[inline(always)]
fn pack_column<T: Float>(
    panel: &mut [T],
    kept: &mut [usize],
    count: usize,
    a: &[T],
    strides: Strides,
    [i0, m, mr]: [usize; 3],
    [p0, p]: [usize; 2],
) -> usize {
    // A small batch: the panel's rows past the end were zeroed when it was made and are never
    // written, so each column copies only its `rows` elements.
    let rows = mr.min(m - i0);
    let start = i0 * strides.row + p * strides.col;
    let any = |x: &[T]| x.iter().fold(false, |any, &x| any | (x != T::zero()));
    let nonzero = if strides.row == 1 && rows == mr {
        // A length the compiler knows (the destination cut to `mr`, which it does not see
        // `rows` to equal): a few vector moves, not a call to memcpy. The zeros are looked
        // for in the vectors just loaded, not in the panel just stored (a load that waits
        // for that store).
        let column = &a[start..][..mr];
        panel[count * mr..][..mr].copy_from_slice(column);
        any(column)
    } else if strides.row == 1 {
        let column = &a[start..][..rows];
        panel[count * mr..][..rows].copy_from_slice(column);
        any(column)
    } else {
        // Aᵀ (dW = Xᵀ·dY): one element of each of `rows` of A's columns, read by an iterator
        // that checks the bounds once rather than at every element.
        let column = a[start..].iter().step_by(strides.row);
        for (d, &x) in panel[count * mr..][..rows].iter_mut().zip(column) {
            *d = x;
        }
        any(&panel[count * mr..][..rows])
    };
    // Branch-free: the column is always written, and kept only if it is not all zero.
    kept[count] = p - p0;
    count + usize::from(nonzero)
}

/// The `U·NR` vectors of sums of one tile, `U` per column of C: the panel's columns times the
/// rows of B they came from (`b_row(q)`: B's row `p0 + q`, this tile's `NR` columns).
#[inline(always)]
fn tile<S: Simd, T: Elem, const U: usize, const NR: usize>(
    simd: S,
    panel: &[T],
    kept: &[usize],
    b_row: impl Fn(usize) -> [T; NR],
) -> [[T::V<S>; U]; NR] {
    let zero = T::broadcast(simd, T::zero());
    let mut acc = [[zero; U]; NR];
    let columns = T::vectors::<S>(panel).chunks_exact(U);
    for (column, &q) in columns.zip(kept) {
        let bq = b_row(q);
        for (sums, &bv) in acc.iter_mut().zip(&bq) {
            let bv = T::broadcast(simd, bv);
            for (s, &x) in sums.iter_mut().zip(column) {
                *s = T::mul_add_lanes(simd, x, bv, *s);
            }
        }
    }
    acc
}

/// Writes (or, for a sum split into blocks, adds) a tile's new elements into C (`m` rows).
#[inline(always)]
fn store<S: Simd, T: Elem, const U: usize, const NR: usize>(
    simd: S,
    c: &mut [T],
    m: usize,
    acc: &[[T::V<S>; U]; NR],
    (i0, i_done): (usize, usize),
    (j0, j_done): (usize, usize),
    accumulate: bool,
) {
    for (jj, sums) in acc.iter().enumerate().skip(j_done) {
        let start = i0 + (j0 + jj) * m;
        if i_done == 0 && m - i0 >= U * T::lanes::<S>() {
            // A whole column of the tile: vector loads, adds and stores (element by element,
            // the compiler kept the adds scalar).
            let dst: &mut [T::V<S>; U] = bytemuck::cast_slice_mut(&mut c[start..][..U * T::lanes::<S>()])
                .try_into()
                .expect("U vectors");
            for (d, &s) in dst.iter_mut().zip(sums) {
                *d = if accumulate { T::add_lanes(simd, *d, s) } else { s };
            }
            continue;
        }
        let sums: &[T] = bytemuck::cast_slice(sums);
        let rows = sums.len().min(m - i0);
        let (dst, new) = (&mut c[start + i_done..start + rows], &sums[i_done..rows]);
        if accumulate {
            dst.iter_mut().zip(new).for_each(|(d, &s)| *d += s);
        } else {
            dst.copy_from_slice(new);
        }
    }
}
