//! The filters applied to im2col's windows, `col·Wᵀ + b`, with the windows read straight from
//! the batch and each filter's sums written straight into its map of the layer's output.
//!
//! A row of `col` is one image at one output position, a column one tap of the window. The
//! input is padded with zeros first ([`pad`](super::pad)), so that no window falls outside it.
//! With stride 1, a tile's consecutive rows on one output row then read at each tap
//! consecutive values of the padded input (the layout of [`super`]: position `ox + 1` is `N`
//! values after `ox`), so they are loaded as vectors where they are, from the tap's offset:
//! no `col` is made. The tiles are laid along each output row, the last one overlapping the
//! one before it (its rows already stored are not stored again); a tile is copied first, a
//! block of taps at a time, only where an output row has fewer rows than a tile, or with
//! another stride.
//!
//! The filters' values at one tap are contiguous (`W` is `FN × K`, column-major) and are
//! broadcast. A tile of `U` vectors of rows × `NR` filters of sums stays in registers while it
//! runs over a block of taps: with AVX-512, three vectors (48 rows) × 8 filters, 24 of the 32
//! registers, each tap three loads and eight broadcasts for 24 multiply-adds; all the filters
//! go over a block of taps while its values are in the L1 cache. A tile's rows are a filter's
//! consecutive output values, so each of its columns is stored as vectors into that filter's
//! map, in the layer's layout: no copy of the product and no transpose after it.
//!
//! Each sum runs over the taps in order, in blocks of [`TAPS`] (each block's sum started from
//! zero, then added to the output block after block, the bias last), as the matrix kernels sum
//! `col·Wᵀ` for these shapes: the values are those of `nt(im2col(x), W) + b`, bit for bit.

use super::tile::{tile, vectors};
use super::{Geometry, windows};
use crate::Float;
use crate::matmul::{Elem, as_elem, as_elem_mut, run, run_f64};
use pulp::{Simd, WithSimd};
use std::ops::Range;

/// Taps summed from zero in registers before being added to the output: the matrix kernels'
/// block of terms (`KC`), so that the sums are theirs.
const TAPS: usize = 64;

/// Filters applied by one call of [`apply`]: a convolution with more takes them this many at
/// a time.
pub(crate) const MAX_FILTERS: usize = 64;

/// The largest tile of rows (three AVX-512 vectors of `f32`).
const MAX_ROWS: usize = 48;

/// Each tap's offset in an input of geometry `g` (a batch as in [`super`]) from its window's
/// first pixel: `((c·H + fy)·W + fx)·N` for the tap `(c·FH + fy)·FW + fx`, into `offsets`.
pub(crate) fn tap_offsets(g: &Geometry, offsets: &mut Vec<usize>) {
    offsets.clear();
    offsets.extend((0..g.cols()).map(|q| {
        let (c, fy, fx) = (q / (g.fh * g.fw), q / g.fw % g.fh, q % g.fw);
        ((c * g.h + fy) * g.w + fx) * g.n
    }));
}

/// `maps[j][r − at.start·N]` = Σ over taps q of `im2col(x)[r, q]·w[q·FN + f] + b[f]` for the
/// filters `f = first + j` (`j < maps.len() ≤` [`MAX_FILTERS`]) and the rows `r` of the output
/// positions `at` (`at.start·N ≤ r < at.end·N`), for the convolution of geometry `g`, given
/// `padded`, `x` padded with zeros ([`pad`](super::pad)); `w` is `FN × K` column-major, `b` has
/// `FN` biases and `offsets` is [`tap_offsets`]'s for `g.padded()`.
pub(crate) fn apply<T: Float>(
    padded: &[T],
    g: &Geometry,
    at: Range<usize>,
    [w, b]: [&[T]; 2],
    offsets: &[usize],
    (first, maps): (usize, &mut [&mut [T]]),
) {
    debug_assert!(maps.len() <= MAX_FILTERS && first + maps.len() <= b.len());
    debug_assert_eq!((padded.len(), offsets.len()), (g.n * g.c * g.padded().h * g.padded().w, g.cols()));
    let (filters, rows, g) = (first..first + maps.len(), at.start * g.n..at.end * g.n, *g);
    if let (Some(x), Some(w), Some(b)) = (as_elem(padded), as_elem(w), as_elem(b)) {
        let count = maps.len();
        apply_f32(Apply { x, g, rows, w, b, offsets, filters, maps: &mut as_maps(maps)[..count] });
    } else if let (Some(x), Some(w), Some(b)) = (as_elem(padded), as_elem(w), as_elem(b)) {
        let count = maps.len();
        apply_f64(Apply { x, g, rows, w, b, offsets, filters, maps: &mut as_maps(maps)[..count] });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

/// `maps` as slices of `E`, the type they hold, in an array of [`MAX_FILTERS`] (empty after
/// the last): nothing is allocated.
fn as_maps<'m, T: Float, E: Elem>(maps: &'m mut [&mut [T]]) -> [&'m mut [E]; MAX_FILTERS] {
    let mut to: [&mut [E]; MAX_FILTERS] = std::array::from_fn(|_| Default::default());
    for (to, map) in to.iter_mut().zip(maps) {
        *to = as_elem_mut(map).expect("the maps hold x's type");
    }
    to
}

// Not generic, so compiled once, with dldw (as the matrix products are).
#[inline(never)]
fn apply_f32(a: Apply<'_, '_, f32>) {
    run(a);
}

#[inline(never)]
fn apply_f64(a: Apply<'_, '_, f64>) {
    run_f64(a);
}

/// One call of [`apply`], handed to [`run`].
struct Apply<'a, 'm, E> {
    /// The input padded with zeros.
    x: &'a [E],
    g: Geometry,
    rows: Range<usize>,
    w: &'a [E],
    b: &'a [E],
    offsets: &'a [usize],
    filters: Range<usize>,
    maps: &'m mut [&'a mut [E]],
}

impl<E: Elem> WithSimd for Apply<'_, '_, E> {
    type Output = ();

    /// Three vectors × 8 filters with 32 registers, × 4 with 16 (AVX2, and the baseline, whose
    /// vectors are single values).
    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        if const { S::REGISTER_COUNT >= 32 } {
            rows::<S, E, 3, 8>(simd, self)
        } else {
            rows::<S, E, 3, 4>(simd, self)
        }
    }
}

/// [`apply`] with tiles of `U` vectors of rows × `NR` filters: tile by tile, block of taps by
/// block, all the filters over each block. A copied tile's rows past the last are left as
/// they were: their sums are not stored.
#[inline(always)]
fn rows<S: Simd, E: Elem, const U: usize, const NR: usize>(simd: S, apply: Apply<'_, '_, E>) {
    let Apply { x, g, rows, w, b, offsets, filters, maps } = apply;
    let (mr, k, n, p) = (U * E::lanes::<S>(), g.cols(), g.n, g.padded());
    debug_assert!(mr <= MAX_ROWS && w.len() == b.len() * k);
    let per_row = g.ow * n;
    let mut copy = [E::zero(); MAX_ROWS * TAPS];
    let zero = [E::broadcast(simd, E::zero()); U];
    let mut r = rows.start;
    while r < rows.end {
        // The tile r0..r0 + count, its first `skip` rows stored already, on output row oy.
        let oy = r / per_row;
        let (start, end) = if g.stride == 1 {
            (rows.start.max(oy * per_row), rows.end.min((oy + 1) * per_row))
        } else {
            (rows.start, rows.end)
        };
        let (r0, count, skip) = match end - r {
            left if left >= mr => (r, mr, 0),
            left if end - start >= mr => (end - mr, mr, mr - left),
            left => (r, left, 0),
        };
        r = r0 + count;
        for q0 in (0..k).step_by(TAPS) {
            let taps = q0..(q0 + TAPS).min(k);
            let store = Store {
                maps: &mut *maps,
                b,
                filters: filters.clone(),
                rows: (r0 - rows.start, skip, count),
                first: q0 == 0,
                last: taps.end == k,
            };
            // Each tap's rows of the tile, found once for all the filters.
            let mut xs = [&zero; TAPS];
            if g.stride == 1 && count == mr {
                // The first row's value at tap q is x[offsets[q] + base].
                let base = oy * p.w * n + (r0 - oy * per_row);
                for (to, &offset) in xs.iter_mut().zip(&offsets[taps.clone()]) {
                    *to = vectors::<S, E, U>(&x[offset + base..]);
                }
            } else {
                windows(x, &p, r0..r0 + count, taps.clone(), &mut copy[..taps.len() * mr], mr);
                for (to, rows) in xs.iter_mut().zip(copy.chunks_exact(mr).take(taps.len())) {
                    *to = vectors::<S, E, U>(rows);
                }
            }
            let w = &w[q0 * b.len()..taps.end * b.len()];
            filters_over::<S, E, U, NR>(simd, &xs[..taps.len()], w, store);
        }
    }
}

/// Where a tile's sums go: the maps of `filters`, from row `rows.0` of them, the tile's
/// `rows.2` rows but the first `rows.1`; the block of taps the first (the sums are written) or
/// not (added), the last (the bias is added) or not.
struct Store<'s, 'a, E> {
    maps: &'s mut [&'a mut [E]],
    b: &'a [E],
    filters: Range<usize>,
    rows: (usize, usize, usize),
    first: bool,
    last: bool,
}

/// Every filter's sums over a block of taps, for the rows `xs` gives (`U` vectors at each tap)
/// and the filters' values `w` at those taps (`FN` a tap), `NR` filters at a time and the rest
/// one by one, stored as `store` says.
#[inline(always)]
fn filters_over<S: Simd, E: Elem, const U: usize, const NR: usize>(
    simd: S,
    xs: &[&[E::V<S>; U]],
    w: &[E],
    store: Store<'_, '_, E>,
) {
    let fnum = store.b.len();
    let Store { maps, b, filters, rows, first, last } = store;
    let mut f0 = filters.start;
    while f0 + NR <= filters.end {
        let steps = xs.iter().zip(w.chunks_exact(fnum));
        let acc =
            tile::<S, E, U, NR>(simd, steps.map(|(&x, w)| (x, *w[f0..].first_chunk().expect("inside W"))));
        put::<S, E, U, NR>(simd, &acc, &mut maps[f0 - filters.start..], &b[f0..], rows, [first, last]);
        f0 += NR;
    }
    for f in f0..filters.end {
        let steps = xs.iter().zip(w.chunks_exact(fnum));
        let acc = tile::<S, E, U, 1>(simd, steps.map(|(&x, w)| (x, [w[f]])));
        put::<S, E, U, 1>(simd, &acc, &mut maps[f - filters.start..], &b[f..], rows, [first, last]);
    }
}

/// Writes (the first block of taps) or adds a tile's sums into the first `NR` of `maps`, its
/// rows `skip..count` at `at + skip …`, then adds each filter's bias (the last block). A whole
/// tile goes from its registers to the map as vectors; a tile's rows left over value by value.
#[inline(always)]
fn put<S: Simd, E: Elem, const U: usize, const NR: usize>(
    simd: S,
    acc: &[[E::V<S>; U]; NR],
    maps: &mut [&mut [E]],
    b: &[E],
    (at, skip, count): (usize, usize, usize),
    [first, last]: [bool; 2],
) {
    for ((sums, map), &b) in acc.iter().zip(maps.iter_mut()).zip(b) {
        if skip == 0 && count == U * E::lanes::<S>() {
            let to: &mut [E::V<S>] = bytemuck::cast_slice_mut(&mut map[at..at + count]);
            let bias = E::broadcast(simd, b);
            for (y, &s) in to.iter_mut().zip(sums) {
                *y = combine(*y, s, bias, [first, last], |u, v| E::add_lanes(simd, u, v));
            }
        } else {
            let sums: &[E] = bytemuck::cast_slice(sums);
            let (to, sums) = (&mut map[at + skip..at + count], &sums[skip..count]);
            for (y, &s) in to.iter_mut().zip(sums) {
                *y = combine(*y, s, b, [first, last], |u, v| u + v);
            }
        }
    }
}

/// What a map's value `y` becomes with a tile's sum `s` for it: `s` after the first block of
/// taps, else `y + s`, and then, after the last block, plus the filter's `bias` (the order of
/// the matrix kernels' `col·Wᵀ + b`), for values or vectors of them (`add`).
#[inline(always)]
fn combine<V>(y: V, s: V, bias: V, [first, last]: [bool; 2], add: impl Fn(V, V) -> V) -> V {
    let sum = if first { s } else { add(y, s) };
    if last { add(sum, bias) } else { sum }
}
