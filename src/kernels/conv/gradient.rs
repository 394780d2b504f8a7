//! A segment's share of the filters' gradient, `dW += doutᵀ·col`, summed over the segment's
//! rows of `col`, with the windows read straight from the padded input.
//!
//! `dout`'s rows of the segment are given transposed (`ld` values a row, one per filter and
//! zeros after the last, `ld` a multiple of 16), so that the filters' values at one row are a
//! vector. The segment's rows of `col` at one tap are consecutive values of the padded input
//! (with stride 1, the positions of one output row are `N` values apart there), read from the
//! tap's offset, each row's value broadcast. A tile of `U` vectors of filters × `NR` taps of
//! sums stays in registers over all the segment's rows, then is added to dW: with AVX-512,
//! four vectors × 6 taps for 64 filters (each row four loads and six broadcasts for 24
//! multiply-adds), two × 12 for 32, one × 12 for 16 (the pointers of 16 taps' columns do not
//! fit in the general registers and would be reloaded at every row). Each of dW's values
//! is one chain of multiply-adds over the segment's rows, in order, whatever the instruction
//! set (its vectors run across filters), and the segments are added in a fixed order.

use super::tile::{tile, vectors};
use crate::Float;
use crate::matmul::{Elem, as_elem, as_elem_mut, run, run_f64};
use pulp::{Simd, WithSimd};

/// The filters of `dout`'s transposed rows are padded with zeros to a multiple of this: a
/// whole number of vectors on every instruction set.
pub(crate) const FILTERS_PAD: usize = 16;

/// `dw[j·FN + f]` += Σ over the segment's rows `r < len` of
/// `dout_t[r·ld + f]·x[offsets[j] + start + r]`, for the filters `f < FN` (`dw` is
/// `FN × taps`, column-major, `FN ≤ ld`) and the taps `j < offsets.len()`.
pub(crate) fn add_share<T: Float>(
    (dout_t, ld): (&[T], usize),
    x: &[T],
    offsets: &[usize],
    (start, len): (usize, usize),
    dw: &mut [T],
) {
    debug_assert!(ld.is_multiple_of(FILTERS_PAD) && dout_t.len() >= len * ld);
    if let (Some(d), Some(x), Some(dw)) = (as_elem(dout_t), as_elem(x), as_elem_mut(dw)) {
        share_f32(Share { dout_t: d, ld, x, offsets, start, len, dw });
    } else if let (Some(d), Some(x), Some(dw)) = (as_elem(dout_t), as_elem(x), as_elem_mut(dw)) {
        share_f64(Share { dout_t: d, ld, x, offsets, start, len, dw });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

// Not generic, so compiled once, with dldw (as the matrix products are).
#[inline(never)]
fn share_f32(s: Share<'_, f32>) {
    run(s);
}

#[inline(never)]
fn share_f64(s: Share<'_, f64>) {
    run_f64(s);
}

/// One call of [`add_share`], handed to [`run`].
struct Share<'a, E> {
    dout_t: &'a [E],
    ld: usize,
    x: &'a [E],
    offsets: &'a [usize],
    start: usize,
    len: usize,
    dw: &'a mut [E],
}

impl<E: Elem> WithSimd for Share<'_, E> {
    type Output = ();

    /// With 32 registers, as many vectors of filters as divide `ld` up to four, and 24 sums
    /// (12 for one vector); with 16 registers, two vectors × 4 taps.
    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let lanes = E::lanes::<S>();
        if const { S::REGISTER_COUNT >= 32 } {
            if self.ld.is_multiple_of(4 * lanes) {
                taps::<S, E, 4, 6>(simd, self)
            } else if self.ld.is_multiple_of(2 * lanes) {
                taps::<S, E, 2, 12>(simd, self)
            } else {
                taps::<S, E, 1, 12>(simd, self)
            }
        } else {
            taps::<S, E, 2, 4>(simd, self)
        }
    }
}

/// [`add_share`] with tiles of `U` vectors of filters × `NR` taps. Where `NR` does not divide
/// the taps, the last tile overlaps the one before it and adds only its new taps (one tap at a
/// time, each sum a single chain of dependent multiply-adds, took as long as a whole tile);
/// fewer taps than a tile are taken one by one.
#[inline(always)]
fn taps<S: Simd, E: Elem, const U: usize, const NR: usize>(simd: S, share: Share<'_, E>) {
    let Share { dout_t, ld, x, offsets, start, len, dw } = share;
    let (mr, t) = (U * E::lanes::<S>(), offsets.len());
    let fnum = dw.len() / t.max(1);
    debug_assert!(ld.is_multiple_of(mr) && fnum <= ld);
    let column = |j: usize| &x[offsets[j] + start..][..len];
    for f0 in (0..fnum).step_by(mr) {
        let filters = |r: usize| vectors::<S, E, U>(&dout_t[r * ld + f0..][..mr]);
        let mut j0 = 0;
        while j0 < t && t >= NR {
            // The tile's first tap, and how many of its taps an earlier tile added.
            let (first, done) = if j0 + NR <= t { (j0, 0) } else { (t - NR, j0 + NR - t) };
            // The taps' columns cut to the segment's rows, so that a row's NR checks are one.
            let columns: [&[E]; NR] = std::array::from_fn(|jj| column(first + jj));
            let steps = (0..len).map(|r| (filters(r), std::array::from_fn(|jj| columns[jj][r])));
            let acc = tile::<S, E, U, NR>(simd, steps);
            add::<S, E, U, NR>(&acc, &mut dw[first * fnum..], [fnum, f0, done]);
            j0 = first + NR;
        }
        for j in j0..t {
            let column = column(j);
            let acc = tile::<S, E, U, 1>(simd, (0..len).map(|r| (filters(r), [column[r]])));
            add::<S, E, U, 1>(&acc, &mut dw[j * fnum..], [fnum, f0, 0]);
        }
    }
}

/// Adds a tile's sums but its first `done` to dW's taps from the first of `dw` (`fnum` values
/// a tap), its filters from `f0` (those past `fnum`, the padding's, dropped).
#[inline(always)]
fn add<S: Simd, E: Elem, const U: usize, const NR: usize>(
    acc: &[[E::V<S>; U]; NR],
    dw: &mut [E],
    [fnum, f0, done]: [usize; 3],
) {
    for (sums, tap) in acc.iter().zip(dw.chunks_mut(fnum)).skip(done) {
        let sums: &[E] = bytemuck::cast_slice(sums);
        tap[f0..].iter_mut().zip(sums).for_each(|(d, &s)| *d += s);
    }
}
