//! A network's first convolution, read straight from the batch: the same `out` and `dW` as
//! im2col and its products (`im2col.rs`), without building `col`, and without the zeros of
//! images that are mostly background (MNIST's pixels are 81 % zeros).
//!
//! The batch is laid out as in [`super`]: one pixel's `N` values are contiguous, and so are one
//! output position's `N` values of one filter. So both kernels work on vectors of images: for
//! an output position and a block of as many images as a vector has lanes, they load the
//! window's pixels as vectors, drop those that are zero in every image of the block, and
//!
//! - forward: out(f, position, images) = Σ over the kept pixels q, in order, of
//!   x(q, images)·W(f, q), then + b(f) — the sum im2col's product makes, term for term, since
//!   a zero column adds exactly nothing there (`matmul/columns.rs` drops it too);
//! - dW: dW(f, q) += x(q, images)·dout(f, position, images), lane by lane, for a tile of
//!   taps and filters at a time, summed over the lanes at the end; db(f) the same with 1 for x.
//!
//! Windows of more than [`MAX_TAPS`] values (`C·FH·FW`) are left to im2col.

use super::Geometry;
use crate::Float;
use crate::kernels::{join, shared};
use crate::matmul::{Elem, as_elem, as_elem_mut, run, run_f64};
use pulp::{Simd, WithSimd};

/// The largest window (`C·FH·FW` values) the kernels here take: 5 × 5 over one channel and
/// 3 × 3 over three fit.
pub(crate) const MAX_TAPS: usize = 32;

/// Taps and filters of one tile of `dW`: 25 vectors of sums, 5 of `dout` and the pixel being
/// multiplied fit the 32 vector registers of AVX-512 (AVX2's 16 spill a few); a 5 × 5 window
/// is five tiles of taps and the book's 30 filters six tiles of filters, none of them short
/// (each tile of taps reads its filters' `dout` again, and a short tile costs a whole one).
const DW_TAPS: usize = 5;
const DW_FILTERS: usize = 5;

/// Whether the kernels here take windows of geometry `g`.
pub(crate) fn fits(g: &Geometry) -> bool {
    g.cols() <= MAX_TAPS
}

/// `out` (`N × FN·OH·OW`, column-major) = the convolution of `x` (`N × C·H·W`) with the
/// filters `w` (`FN × C·FH·FW`, column-major, as `Convolution` keeps them) plus one bias per
/// filter: `im2col`, `col·Wᵀ` and `+ b` in one pass. The geometry must [`fits`].
///
/// Inside [`with_all_cores`](crate::kernels::with_all_cores), a large batch's filters are
/// halved over two threads (each output value is one thread's).
pub(crate) fn forward<T: Float>(x: &[T], w: &[T], b: &[T], g: &Geometry, out: &mut [T]) {
    assert!(fits(g), "a window of {} values is more than the direct kernel's {MAX_TAPS}", g.cols());
    let fnum = b.len();
    assert_eq!((x.len(), w.len(), out.len()), (g.n * g.c * g.h * g.w, fnum * g.cols(), g.rows() * fnum));
    // Halves of whole groups of eight filters (see `Forward`), the first the larger.
    let half = (fnum / 2).next_multiple_of(8).min(fnum);
    if large(g, fnum) && half < fnum {
        let (out0, out1) = out.split_at_mut(half * g.rows());
        join(|| filters_of(x, w, b, g, [0, half], out0), || filters_of(x, w, b, g, [half, fnum], out1));
    } else {
        filters_of(x, w, b, g, [0, fnum], out);
    }
}

/// [`forward`] for the filters `from … to` only, whose outputs `out` holds.
fn filters_of<T: Float>(x: &[T], w: &[T], b: &[T], g: &Geometry, [from, to]: [usize; 2], out: &mut [T]) {
    if let (Some(x), Some(w), Some(b), Some(out)) = (as_elem(x), as_elem(w), as_elem(b), as_elem_mut(out)) {
        forward_f32(Forward { x, w, b, g, from, to, out });
    } else if let (Some(x), Some(w), Some(b), Some(out)) =
        (as_elem(x), as_elem(w), as_elem(b), as_elem_mut(out))
    {
        forward_f64(Forward { x, w, b, g, from, to, out });
    }
}

/// Whether a convolution of `fnum` filters over `g` is large enough to share (inside
/// [`with_all_cores`](crate::kernels::with_all_cores)): below about a million multiply-adds,
/// waking the second thread costs more than it saves.
fn large(g: &Geometry, fnum: usize) -> bool {
    g.rows() * g.cols() * fnum >= 1 << 20 && shared()
}

/// `dw` (laid out as `w` in [`forward`]) = Σ over the batch and the positions of each window
/// times `dout`'s value there (`colᵀ·dout` with `col = im2col(x)`), and `db` = Σ of `dout`
/// for each filter. The geometry must [`fits`].
///
/// Inside [`with_all_cores`](crate::kernels::with_all_cores), a large batch's filters are
/// halved over two threads (each value of `dW` and `db` is one thread's sum), so that each
/// thread reads only its filters' half of `dout`.
pub(crate) fn backward_params<T: Float>(x: &[T], dout: &[T], g: &Geometry, dw: &mut [T], db: &mut [T]) {
    assert!(fits(g), "a window of {} values is more than the direct kernel's {MAX_TAPS}", g.cols());
    let (fnum, k) = (db.len(), g.cols());
    assert_eq!((x.len(), dw.len(), dout.len()), (g.n * g.c * g.h * g.w, fnum * k, g.rows() * fnum));
    // `dW`'s rows (one per tap, `fnum` filters long), each cut where the halves meet: halves
    // of whole tiles of filters, the first the larger.
    let half = if large(g, fnum) { (fnum / 2).next_multiple_of(DW_FILTERS).min(fnum) } else { fnum };
    let (mut first, mut second): ([&mut [T]; MAX_TAPS], [&mut [T]; MAX_TAPS]) = Default::default();
    for ((row, a), b) in dw.chunks_exact_mut(fnum.max(1)).zip(&mut first).zip(&mut second) {
        (*a, *b) = row.split_at_mut(half);
    }
    let (db0, db1) = db.split_at_mut(half);
    if half < fnum {
        join(
            || grads_of(x, dout, g, [0, half], first, db0),
            || grads_of(x, dout, g, [half, fnum], second, db1),
        );
    } else {
        grads_of(x, dout, g, [0, fnum], first, db0);
    }
}

/// [`backward_params`] for the filters `from … to` only: `dw` holds those filters' part of
/// each row of `dW` (one row per tap), and `db` theirs.
fn grads_of<T: Float>(
    x: &[T],
    dout: &[T],
    g: &Geometry,
    filters: [usize; 2],
    dw: [&mut [T]; MAX_TAPS],
    db: &mut [T],
) {
    if let (Some(x), Some(dout), Some(db)) = (as_elem(x), as_elem(dout), as_elem_mut(db)) {
        let dw = dw.map(|row| as_elem_mut(row).expect("dW's rows are of db's type"));
        dw_f32(Params { x, dout, g, filters, dw, db });
    } else if let (Some(x), Some(dout), Some(db)) = (as_elem(x), as_elem(dout), as_elem_mut(db)) {
        let dw = dw.map(|row| as_elem_mut(row).expect("dW's rows are of db's type"));
        dw_f64(Params { x, dout, g, filters, dw, db });
    }
}

// Not generic, so compiled once, with dldw (as `matmul/products.rs` explains).
#[inline(never)]
fn forward_f32(k: Forward<'_, f32>) {
    run(k)
}

#[inline(never)]
fn forward_f64(k: Forward<'_, f64>) {
    run_f64(k)
}

#[inline(never)]
fn dw_f32(k: Params<'_, f32>) {
    run(k)
}

#[inline(never)]
fn dw_f64(k: Params<'_, f64>) {
    run_f64(k)
}

/// The pixels one output position's window reads: each tap `q = (c·FH + fy)·FW + fx` that
/// falls on the image (not on the padding), with where its pixel's `N` values start in the
/// batch. Found once per position, for every block of images.
struct Taps {
    at: [(usize, usize); MAX_TAPS],
    len: usize,
}

impl Taps {
    fn new() -> Self {
        Taps { at: [(0, 0); MAX_TAPS], len: 0 }
    }

    /// The taps of output position `(oy, ox)`; `tap` holds each tap's `(c, fy, fx)`.
    #[inline(always)]
    fn find(&mut self, g: &Geometry, tap: &[[usize; 3]; MAX_TAPS], [oy, ox]: [usize; 2]) {
        self.len = 0;
        for (q, &[c, fy, fx]) in tap[..g.cols()].iter().enumerate() {
            if let Some([y, x0]) = g.source([oy, ox], [fy, fx]) {
                self.at[self.len] = (q, ((c * g.h + y) * g.w + x0) * g.n);
                self.len += 1;
            }
        }
    }
}

/// Each tap's `(c, fy, fx)`, for [`Taps::find`].
fn tap_table(g: &Geometry) -> [[usize; 3]; MAX_TAPS] {
    std::array::from_fn(|q| [q / (g.fh * g.fw), q / g.fw % g.fh, q % g.fw])
}

/// The pixels of one window over one block of images that are not all zero, as vectors, with
/// their tap index `q`, in order of `q`.
struct Window<V> {
    xs: [V; MAX_TAPS],
    qs: [usize; MAX_TAPS],
    len: usize,
}

impl<V: bytemuck::Pod> Window<V> {
    fn new() -> Self {
        Window { xs: [V::zeroed(); MAX_TAPS], qs: [0; MAX_TAPS], len: 0 }
    }

    /// Reads the window of `taps` for images `n0 … n0 + lanes` (those from `n0 + valid` on as
    /// zeros), keeping the pixels that are not zero in every image.
    #[inline(always)]
    fn read<E: Elem<V<S> = V>, S: Simd>(
        &mut self,
        simd: S,
        x: &[E],
        taps: &Taps,
        [n0, valid]: [usize; 2],
        lanes: usize,
    ) {
        // The count in a local, kept in a register: counted in `self.len`, each pixel's
        // count was stored and loaded again by the next.
        let mut len = 0;
        for &(q, at) in &taps.at[..taps.len] {
            let v: V = load(&x[at + n0..][..valid], lanes);
            // Any bit set (a −0 counts as ink, harmlessly), without a branch: a pixel without
            // ink is written, then written over.
            let ink = E::any_bits(simd, v);
            self.xs[len] = v;
            self.qs[len] = q;
            len += usize::from(ink);
        }
        self.len = len;
    }
}

/// `s` (at most `lanes` long) as a vector, zeros after its end.
#[inline(always)]
fn load<E: Elem, V: bytemuck::Pod>(s: &[E], lanes: usize) -> V {
    if s.len() == lanes {
        bytemuck::pod_read_unaligned(bytemuck::cast_slice(s))
    } else {
        let mut padded = [E::zero(); 64];
        padded[..s.len()].copy_from_slice(s);
        bytemuck::pod_read_unaligned(bytemuck::cast_slice(&padded[..lanes]))
    }
}

/// The lanes of `v`.
#[inline(always)]
fn lanes_of<E: Elem, V: bytemuck::Pod>(v: &V) -> &[E] {
    bytemuck::cast_slice(std::slice::from_ref(v))
}

/// Where each block of images starts, and how many of its lanes are images: blocks of `lanes`
/// and, for `forward` when there is a block before it, a last block that ends at `n` and
/// overlaps that one (its values are computed again, the same), or else a last block padded
/// with zeros.
fn blocks(n: usize, lanes: usize, overlap: bool) -> impl Iterator<Item = [usize; 2]> {
    let full = n / lanes;
    let tail = n % lanes;
    let last = match (tail, overlap && full > 0) {
        (0, _) => None,
        (_, true) => Some([n - lanes, lanes]),
        (_, false) => Some([full * lanes, tail]),
    };
    (0..full).map(move |b| [b * lanes, lanes]).chain(last)
}

/// [`forward`]'s loop over the filters `from … to`, handed to [`run`].
struct Forward<'a, E> {
    x: &'a [E],
    w: &'a [E],
    b: &'a [E],
    g: &'a Geometry,
    from: usize,
    to: usize,
    out: &'a mut [E],
}

impl<E: Elem> WithSimd for Forward<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let lanes = E::lanes::<S>();
        let Forward { x, w, b, g, from, to, out } = self;
        let (positions, n) = (g.oh * g.ow, g.n);
        let (tap, mut taps, mut window) = (tap_table(g), Taps::new(), Window::<E::V<S>>::new());
        for (oy, ox) in (0..g.oh).flat_map(|oy| (0..g.ow).map(move |ox| (oy, ox))) {
            let position = oy * g.ow + ox;
            taps.find(g, &tap, [oy, ox]);
            for [n0, valid] in blocks(n, lanes, true) {
                window.read(simd, x, &taps, [n0, valid], lanes);
                let mut store = |f: usize, v: E::V<S>| {
                    let at = &mut out[((f - from) * positions + position) * n + n0..];
                    if valid == lanes {
                        at[..lanes].copy_from_slice(lanes_of(&v));
                    } else {
                        at[..valid].copy_from_slice(&lanes_of(&v)[..valid]);
                    }
                };
                // Eight filters at a time, then six, four, two and one for the rest:
                // independent sums keep the multiply-adds busy, and the book's 30 filters
                // end with a pass of six (with 4 + 1 + 1, each pass of one waited on its own
                // sum at every pixel).
                let mut f0 = from;
                while f0 + 8 <= to {
                    filters::<8, E, S>(simd, &window, w, b, f0, &mut store);
                    f0 += 8;
                }
                if f0 + 6 <= to {
                    filters::<6, E, S>(simd, &window, w, b, f0, &mut store);
                    f0 += 6;
                }
                if f0 + 4 <= to {
                    filters::<4, E, S>(simd, &window, w, b, f0, &mut store);
                    f0 += 4;
                }
                if f0 + 2 <= to {
                    filters::<2, E, S>(simd, &window, w, b, f0, &mut store);
                    f0 += 2;
                }
                if f0 < to {
                    filters::<1, E, S>(simd, &window, w, b, f0, &mut store);
                }
            }
        }
    }
}

/// Filters `f0 … f0 + FB` of one window: Σ over its pixels in order of x·W, then + b.
#[inline(always)]
fn filters<const FB: usize, E: Elem, S: Simd>(
    simd: S,
    window: &Window<E::V<S>>,
    w: &[E],
    b: &[E],
    f0: usize,
    store: &mut impl FnMut(usize, E::V<S>),
) {
    let fnum = b.len();
    let mut acc = [E::broadcast(simd, E::zero()); FB];
    for (x, &q) in window.xs[..window.len].iter().zip(&window.qs) {
        let wq = &w[q * fnum + f0..][..FB];
        for (a, &wf) in acc.iter_mut().zip(wq) {
            *a = E::mul_add_lanes(simd, *x, E::broadcast(simd, wf), *a);
        }
    }
    for (j, a) in acc.into_iter().enumerate() {
        store(f0 + j, E::add_lanes(simd, a, E::broadcast(simd, b[f0 + j])));
    }
}

/// [`backward_params`]'s loop over the filters `from … to`, handed to [`run`]: `dw` holds
/// those filters' part of each tap's row of `dW`, and `db` theirs.
struct Params<'a, E> {
    x: &'a [E],
    dout: &'a [E],
    g: &'a Geometry,
    filters: [usize; 2],
    dw: [&'a mut [E]; MAX_TAPS],
    db: &'a mut [E],
}

impl<E: Elem> WithSimd for Params<'_, E> {
    type Output = ();

    /// Tile by tile of `DW_TAPS` taps × `DW_FILTERS` filters, whose sums stay in registers for
    /// a sweep over every position and block of images: each step loads the tile's pixels and
    /// `dout` values and does `DW_TAPS · DW_FILTERS` multiply-adds.
    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Params { x, dout, g, filters: [from, to], dw, db } = self;
        let k = g.cols();
        let lanes = E::lanes::<S>();
        let (positions, n) = (g.oh * g.ow, g.n);
        let zero = E::broadcast(simd, E::zero());
        let tap = tap_table(g);
        // 1 in the lanes of the last block (which ends at `n`) that no block before it holds.
        let mut last = [E::zero(); 64];
        last[(lanes - n % lanes) % lanes..lanes].fill(E::one());
        let last = load(&last[..lanes], lanes);
        for f0 in (from..to).step_by(DW_FILTERS) {
            let fb = DW_FILTERS.min(to - f0);
            let mut dsum = [zero; DW_FILTERS];
            for q0 in (0..k).step_by(DW_TAPS) {
                let qb = DW_TAPS.min(k - q0);
                let mut acc = [[zero; DW_FILTERS]; DW_TAPS];
                for (oy, ox) in (0..g.oh).flat_map(|oy| (0..g.ow).map(move |ox| (oy, ox))) {
                    let position = oy * g.ow + ox;
                    // Where each tap's and each filter's N values start; a tap on the padding
                    // reads as zeros, and a tap or filter past the last reads the last one's
                    // values, whose sums are dropped.
                    let (mut at, mut on_image) = ([0; DW_TAPS], [false; DW_TAPS]);
                    for (i, (at, on_image)) in at.iter_mut().zip(&mut on_image).enumerate() {
                        let [c, fy, fx] = tap[q0 + i.min(qb - 1)];
                        if let Some([y, x0]) = g.source([oy, ox], [fy, fx]) {
                            (*at, *on_image) = (((c * g.h + y) * g.w + x0) * n, true);
                        }
                    }
                    let mut dat = [0; DW_FILTERS];
                    for (j, dat) in dat.iter_mut().enumerate() {
                        *dat = ((f0 + j.min(fb - 1)) * positions + position) * n;
                    }
                    let sums = if q0 == 0 { Some(&mut dsum) } else { None };
                    let tile = Tile { x, dout, at, on_image, dat, n };
                    acc = if n < lanes {
                        tile.sweep_short(simd, acc, sums)
                    } else if on_image == [true; DW_TAPS] {
                        tile.sweep::<S, true>(simd, last, acc, sums)
                    } else {
                        tile.sweep::<S, false>(simd, last, acc, sums)
                    };
                }
                for (i, row) in acc[..qb].iter().enumerate() {
                    for (j, sum) in row[..fb].iter().enumerate() {
                        dw[q0 + i][f0 - from + j] = lanes_of(sum).iter().copied().sum();
                    }
                }
            }
            for (j, sum) in dsum[..fb].iter().enumerate() {
                db[f0 - from + j] = lanes_of(sum).iter().copied().sum();
            }
        }
    }
}

/// One position's tile of `dW`: where its taps' pixels and its filters' `dout` values start.
struct Tile<'a, E> {
    x: &'a [E],
    dout: &'a [E],
    at: [usize; DW_TAPS],
    on_image: [bool; DW_TAPS],
    dat: [usize; DW_FILTERS],
    n: usize,
}

/// A tile's sums: taps × filters vectors.
type Sums<V> = [[V; DW_FILTERS]; DW_TAPS];

impl<E: Elem> Tile<'_, E> {
    /// Adds, for every block of images, pixel × `dout` to `acc` (and `dout` to `sums`), with
    /// `n` at least a vector's lanes: the last block ends at `n` and overlaps the one before,
    /// its images counted there dropped by `last`. `ON_IMAGE`: every tap is on the image (no
    /// padding in this window), so no tap is tested block by block.
    #[inline(always)]
    fn sweep<S: Simd, const ON_IMAGE: bool>(
        &self,
        simd: S,
        last: E::V<S>,
        mut acc: Sums<E::V<S>>,
        mut sums: Option<&mut [E::V<S>; DW_FILTERS]>,
    ) -> Sums<E::V<S>> {
        let (lanes, n) = (E::lanes::<S>(), self.n);
        // Each tap's and filter's N values, cut once for every block.
        let xs: [&[E]; DW_TAPS] =
            std::array::from_fn(
                |i| if ON_IMAGE || self.on_image[i] { &self.x[self.at[i]..][..n] } else { &[] },
            );
        let ds: [&[E]; DW_FILTERS] = std::array::from_fn(|j| &self.dout[self.dat[j]..][..n]);
        // The whole blocks, then the overlapping last one apart: in one loop, its mask and the
        // test for it took two of the 32 registers, and four of the 25 sums were spilled.
        for b in 0..n / lanes {
            block::<E, S, ON_IMAGE>(simd, self, [&xs, &ds], b * lanes, None, &mut acc, sums.as_deref_mut());
        }
        if n % lanes != 0 {
            let start = n - lanes;
            block::<E, S, ON_IMAGE>(simd, self, [&xs, &ds], start, Some(last), &mut acc, sums);
        }
        acc
    }

    /// [`Tile::sweep`] for fewer images than a vector's lanes: one block, padded with zeros.
    #[inline(always)]
    fn sweep_short<S: Simd>(
        &self,
        simd: S,
        mut acc: Sums<E::V<S>>,
        sums: Option<&mut [E::V<S>; DW_FILTERS]>,
    ) -> Sums<E::V<S>> {
        let (lanes, n) = (E::lanes::<S>(), self.n);
        let zero = E::broadcast(simd, E::zero());
        let xv: [E::V<S>; DW_TAPS] = std::array::from_fn(|i| {
            if self.on_image[i] { load(&self.x[self.at[i]..][..n], lanes) } else { zero }
        });
        let dv: [E::V<S>; DW_FILTERS] = std::array::from_fn(|j| load(&self.dout[self.dat[j]..][..n], lanes));
        accumulate::<E, S>(simd, &mut acc, sums, &xv, &dv);
        acc
    }
}

/// One block of images (from `start`) into a tile: its taps' pixels and its filters' `dout`
/// (those of the images a block before holds dropped by `last`) loaded, then [`accumulate`]d.
#[inline(always)]
fn block<E: Elem, S: Simd, const ON_IMAGE: bool>(
    simd: S,
    tile: &Tile<'_, E>,
    [xs, ds]: [&[&[E]]; 2],
    start: usize,
    last: Option<E::V<S>>,
    acc: &mut Sums<E::V<S>>,
    sums: Option<&mut [E::V<S>; DW_FILTERS]>,
) {
    let lanes = E::lanes::<S>();
    let zero = E::broadcast(simd, E::zero());
    let mut xv = [zero; DW_TAPS];
    for i in 0..DW_TAPS {
        if ON_IMAGE || tile.on_image[i] {
            xv[i] = bytemuck::pod_read_unaligned(bytemuck::cast_slice(&xs[i][start..start + lanes]));
        }
    }
    let mut dv = [zero; DW_FILTERS];
    for j in 0..DW_FILTERS {
        dv[j] = bytemuck::pod_read_unaligned(bytemuck::cast_slice(&ds[j][start..start + lanes]));
        if let Some(last) = last {
            dv[j] = E::mul_add_lanes(simd, dv[j], last, zero);
        }
    }
    accumulate::<E, S>(simd, acc, sums, &xv, &dv);
}

/// One block of images into a tile: `dout` into `sums` (for db) and pixel × `dout` into `acc`.
#[inline(always)]
fn accumulate<E: Elem, S: Simd>(
    simd: S,
    acc: &mut Sums<E::V<S>>,
    sums: Option<&mut [E::V<S>; DW_FILTERS]>,
    xv: &[E::V<S>; DW_TAPS],
    dv: &[E::V<S>; DW_FILTERS],
) {
    if let Some(sums) = sums {
        for j in 0..DW_FILTERS {
            sums[j] = E::add_lanes(simd, sums[j], dv[j]);
        }
    }
    for i in 0..DW_TAPS {
        for j in 0..DW_FILTERS {
            acc[i][j] = E::mul_add_lanes(simd, xv[i], dv[j], acc[i][j]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::im2col::im2col;
    use super::*;
    use crate::matmul::{nt, tn};
    use rand::{RngExt, SeedableRng};

    /// Geometries with stride 2, pad 1 and 2, several channels, non-square windows and images,
    /// batches smaller than a vector, not a multiple of one, and SimpleConvNet's own.
    const GEOMETRIES: [Geometry; 6] = [
        Geometry { n: 2, c: 1, h: 4, w: 4, fh: 3, fw: 3, pad: 0, stride: 1, oh: 2, ow: 2 },
        Geometry { n: 19, c: 2, h: 5, w: 4, fh: 3, fw: 2, pad: 1, stride: 2, oh: 3, ow: 3 },
        Geometry { n: 37, c: 3, h: 3, w: 5, fh: 2, fw: 3, pad: 2, stride: 1, oh: 6, ow: 7 },
        Geometry { n: 16, c: 2, h: 6, w: 7, fh: 3, fw: 3, pad: 1, stride: 2, oh: 3, ow: 4 },
        Geometry { n: 5, c: 1, h: 5, w: 5, fh: 5, fw: 1, pad: 0, stride: 3, oh: 1, ow: 2 },
        Geometry { n: 100, c: 1, h: 28, w: 28, fh: 5, fw: 5, pad: 0, stride: 1, oh: 24, ow: 24 },
    ];

    /// Values in [-1, 1), four fifths of them 0, as MNIST's background.
    fn inky<T: Float>(len: usize, rng: &mut rand::rngs::StdRng) -> Vec<T> {
        (0..len)
            .map(|_| if rng.random_bool(0.8) { T::zero() } else { T::lit(rng.random_range(-1.0..1.0)) })
            .collect()
    }

    fn dense<T: Float>(len: usize, rng: &mut rand::rngs::StdRng) -> Vec<T> {
        (0..len).map(|_| T::lit(rng.random_range(-1.0..1.0))).collect()
    }

    /// The plain way: `col = im2col(x)`, `out = col·Wᵀ + b`, `dW = doutᵀ·col`, `db = Σ dout`.
    fn plain<T: Float>(x: &[T], w: &[T], b: &[T], dout: &[T], g: &Geometry) -> [Vec<T>; 3] {
        let (m, k, fnum) = (g.rows(), g.cols(), b.len());
        let mut col = vec![T::zero(); m * k];
        im2col(x, g, &mut col);
        let mut out = vec![T::zero(); m * fnum];
        nt(&mut out, &col, w, [m, fnum, k]);
        for (map, &b) in out.chunks_exact_mut(m).zip(b) {
            map.iter_mut().for_each(|y| *y += b);
        }
        let mut dw = vec![T::zero(); fnum * k];
        tn(&mut dw, dout, &col, [m, fnum, k]);
        let db = dout.chunks_exact(m).map(|map| map.iter().copied().sum()).collect();
        [out, dw, db]
    }

    fn check<T: Float>(fnum: usize, seed: u64, tolerance: f64) {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        for g in GEOMETRIES {
            let x = inky::<T>(g.n * g.c * g.h * g.w, &mut rng);
            let (w, b) = (dense::<T>(fnum * g.cols(), &mut rng), dense::<T>(fnum, &mut rng));
            let dout = dense::<T>(g.rows() * fnum, &mut rng);
            let [out, dw, db] = plain(&x, &w, &b, &dout, &g);
            let mut direct = vec![T::lit(f64::NAN); out.len()];
            forward(&x, &w, &b, &g, &mut direct);
            // The same terms summed in the same order: the same values.
            assert_eq!(direct, out, "forward, {g:?}");
            let (mut dw2, mut db2) = (vec![T::lit(f64::NAN); dw.len()], vec![T::lit(f64::NAN); fnum]);
            backward_params(&x, &dout, &g, &mut dw2, &mut db2);
            for (name, got, want) in [("dW", &dw2, &dw), ("db", &db2, &db)] {
                for (i, (a, e)) in got.iter().zip(want.iter()).enumerate() {
                    let (a, e) = (a.as_f64(), e.as_f64());
                    assert!(
                        (a - e).abs() <= tolerance * (1.0 + e.abs()),
                        "{name}[{i}] {a} against {e}, {g:?}"
                    );
                }
            }
        }
    }

    /// dW and db sum up to 57 600 products of values below 1 in another order than the
    /// plain product (lane by lane, then across lanes): in f64 a sum of m terms that size
    /// differs by at most about m·2⁻⁵³·Σ|terms| ≈ 4e-10 here; 1e-9 leaves room. In f32 the same
    /// bound is 2⁻²⁴·57600·… : the sums of random signs grow as √m, and 1e-3 relative covers it.
    #[test]
    fn the_direct_kernels_give_what_im2col_and_its_products_give() {
        check::<f64>(10, 1, 1e-9);
        check::<f64>(3, 2, 1e-9);
        check::<f32>(30, 3, 1e-3);
        check::<f32>(17, 4, 1e-3);
    }

    #[test]
    fn a_batch_without_ink_gives_the_biases_and_no_gradient() {
        let g = GEOMETRIES[5];
        let x = vec![0.0_f32; g.n * g.h * g.w];
        let (w, b) = (vec![1.0_f32; 30 * 25], (0..30).map(|f| f as f32).collect::<Vec<_>>());
        let mut out = vec![f32::NAN; g.rows() * 30];
        forward(&x, &w, &b, &g, &mut out);
        assert!(out.chunks_exact(g.rows()).enumerate().all(|(f, map)| map.iter().all(|&y| y == f as f32)));
        let (mut dw, mut db) = (vec![f32::NAN; 30 * 25], vec![f32::NAN; 30]);
        backward_params(&x, &vec![1.0; out.len()], &g, &mut dw, &mut db);
        assert!(dw.iter().all(|&d| d == 0.0));
        assert!(db.iter().all(|&d| d == g.rows() as f32));
    }
}
