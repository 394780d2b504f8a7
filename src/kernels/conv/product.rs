//! The convolution's products, taken a block of positions at a time: forward's
//! `out = col·Wᵀ + b`, dW = doutᵀ·col, and backward's `dx = col2im(dout·W)` (computed for
//! stride 1 as a convolution of `dout`).
//!
//! `col = im2col(x)` has a row per batch image and output position (78 400 for DeepConvNet's
//! conv2) and a column per window tap (144): 45 MB in `f32` for a batch of 100, more than the
//! caches hold, so that made whole it is written out to memory and read back by each product.
//! It is never made whole; nothing is kept between forward and backward but the layer's
//! input, padded with zeros once ([`pad`]).
//!
//! The forward product reads the windows straight from `x` padded with zeros ([`pad`],
//! `filters.rs`): a tile of rows of one output row reads each tap's values where they are in
//! the padded input, and each filter's sums are written straight into its map of the layer's
//! output. The two cores take halves of the positions, each writing its half of every
//! filter's map; each element is one thread's sum, the same whatever the halves.
//!
//! dW sums over the positions: `x` is padded once ([`pad`]), and each segment of rows (an
//! output row with stride 1, a position otherwise) adds its share doutᵀ·col to dW
//! (`gradient.rs`), reading the windows straight from the padded input and the segment's rows
//! of `dout` transposed, segment after segment in a fixed order. The two cores take halves of
//! the taps. The segments are the same whether the halves run side by side or one after the
//! other, so the results are the same bits on one core and two.
//!
//! With stride 1, dx(c, y, x) = Σ over f, fy, fx of W(f, c, fy, fx)·dout(f, y + PAD − fy,
//! x + PAD − fx): the convolution of `dout`, padded with `FH − 1 − PAD` zeros, with the filters
//! turned by 180° and `C` and `FN` swapped. `dcol = dout·W` (as large as `col`) has only `FN`
//! terms per element, so writing it and reading it back in col2im cost more than its
//! multiply-adds; the convolution of `dout` goes through the forward product above instead,
//! whose sums have `FN·FH·FW` terms, and nothing is added back pixel by pixel.

use super::filters::{MAX_FILTERS, apply, tap_offsets};
use super::gradient::{FILTERS_PAD, add_share};
use super::{Geometry, col2im, pad};
use crate::Float;
use crate::kernels::{join, shared};
use crate::matmul::{nn, transpose};

/// What the products write between steps, kept from one batch to the next.
#[derive(Clone, Debug)]
pub(crate) struct Scratch<T> {
    /// `dout` padded with zeros (dx).
    padded_dout: Vec<T>,
    /// Each tap's offset in the padded input from its window's first pixel.
    offsets: Vec<usize>,
    /// A segment's rows of `dout` transposed for each core, a row of `FN` rounded up to 16
    /// values (dW).
    dout_t: Vec<T>,
    /// `dcol`, for strides other than 1.
    dcol: Vec<T>,
    /// The filters turned by 180°, `C × FN·FH·FW`.
    turned: Vec<T>,
    /// `C` zeros, the turned filters' biases.
    zeros: Vec<T>,
}

impl<T> Scratch<T> {
    /// Nothing yet: the vectors grow at the first step.
    pub(crate) fn new() -> Self {
        Scratch {
            padded_dout: Vec::new(),
            offsets: Vec::new(),
            dout_t: Vec::new(),
            dcol: Vec::new(),
            turned: Vec::new(),
            zeros: Vec::new(),
        }
    }
}

/// `out` (`rows × FN`, column-major: filter by filter, as the next layer reads it) =
/// im2col(`x`) · `w`ᵀ + one bias per filter (`b`, `FN` long), for the convolution of geometry
/// `g` with the filters `w` (`FN × C·FH·FW`, column-major); `padded` (`g.padded_len()` long)
/// is made `x` padded with zeros ([`pad`]), which the product reads and [`filter_gradient`]
/// after it.
pub(crate) fn convolve<T: Float>(
    x: &[T],
    g: &Geometry,
    [w, b]: [&[T]; 2],
    padded: &mut [T],
    scratch: &mut Scratch<T>,
    out: &mut [T],
) {
    pad_halves(x, g, padded);
    convolve_in(padded, g, [w, b], &mut scratch.offsets, out);
}

/// [`convolve`] of the input already padded (`padded`), with `offsets` for the taps' offsets
/// in it: each core takes half of the positions, and with them its half of every filter's map
/// of `out`, [`MAX_FILTERS`] filters at a time.
fn convolve_in<T: Float>(
    padded: &[T],
    g: &Geometry,
    [w, b]: [&[T]; 2],
    offsets: &mut Vec<usize>,
    out: &mut [T],
) {
    let (fnum, rows, positions) = (b.len(), g.rows(), g.oh * g.ow);
    debug_assert_eq!((w.len(), out.len()), (fnum * g.cols(), rows * fnum));
    debug_assert_eq!(padded.len(), g.padded_len());
    tap_offsets(&g.padded(), offsets);
    let (offsets, half) = (&offsets[..], positions / 2);
    for (group, out) in out.chunks_mut((MAX_FILTERS * rows).max(1)).enumerate() {
        let (count, f0) = (out.len() / rows.max(1), group * MAX_FILTERS);
        let mut maps: [[&mut [T]; MAX_FILTERS]; 2] =
            std::array::from_fn(|_| std::array::from_fn(|_| Default::default()));
        let [first, second] = &mut maps;
        for ((m0, m1), map) in first.iter_mut().zip(second.iter_mut()).zip(out.chunks_exact_mut(rows.max(1)))
        {
            (*m0, *m1) = map.split_at_mut(half * g.n);
        }
        let (first, second) = (&mut first[..count], &mut second[..count]);
        join(
            || apply(padded, g, 0..half, [w, b], offsets, (f0, first)),
            || apply(padded, g, half..positions, [w, b], offsets, (f0, second)),
        );
    }
}

/// `padded` made `x` padded with zeros ([`pad`]), each core padding half of the channels.
fn pad_halves<T: Float>(x: &[T], g: &Geometry, padded: &mut [T]) {
    let (p, c0) = (g.padded(), g.c / 2);
    let (x0, x1) = x.split_at(c0 * g.h * g.w * g.n);
    let (p0, p1) = padded.split_at_mut(c0 * p.h * p.w * g.n);
    join(|| pad(x0, &Geometry { c: c0, ..*g }, p0), || pad(x1, &Geometry { c: g.c - c0, ..*g }, p1));
}

/// `dw` (`FN × C·FH·FW`, column-major, as `W`) = doutᵀ·im2col(`x`) and `db` = Σ over the
/// batch and positions of `dout`: the parameters' gradients of the convolution of geometry
/// `g`, given `dout` (`N × FN·OH·OW`) and `padded`, `x` padded with zeros as [`convolve`]
/// makes it. On two cores, each computes half of the taps of dW and sums half of the filters'
/// maps for db.
pub(crate) fn filter_gradient<T: Float>(
    padded: &[T],
    dout: &[T],
    g: &Geometry,
    scratch: &mut Scratch<T>,
    [dw, db]: [&mut [T]; 2],
) {
    let (k, rows) = (g.cols(), g.rows());
    let fnum = dw.len() / k.max(1);
    let ld = fnum.next_multiple_of(FILTERS_PAD);
    let Scratch { offsets, dout_t, .. } = scratch;
    debug_assert_eq!(padded.len(), g.padded_len());
    tap_offsets(&g.padded(), offsets);
    // A segment's rows of dout transposed, for each core. The filters past `fnum` in each row
    // are zeros: made so here, never written.
    let segment = segment(g);
    dout_t.resize(2 * segment * ld, T::zero());
    let (t0, t1) = dout_t.split_at_mut(segment * ld);
    if shared() {
        // Each core transposes every segment for its taps: the copies stay in its caches.
        let (half, f0) = (k / 2, fnum / 2);
        let (dw0, dw1) = dw.split_at_mut(half * fnum);
        let (o0, o1) = offsets.split_at(half);
        let (db0, db1) = db.split_at_mut(f0);
        let (maps0, maps1) = dout.split_at(f0 * rows);
        join(
            || (taps_gradient(padded, (dout, t0, ld), g, o0, dw0), map_sums(maps0, rows, db0)),
            || (taps_gradient(padded, (dout, t1, ld), g, o1, dw1), map_sums(maps1, rows, db1)),
        );
    } else {
        // All the taps in one pass, so that each segment is transposed once.
        taps_gradient(padded, (dout, t0, ld), g, offsets, dw);
        map_sums(dout, rows, db);
    }
}

/// The rows of `col` whose share of dW is added at once: an output row's with stride 1 (its
/// windows read consecutive values of the padded input), one position's otherwise.
fn segment(g: &Geometry) -> usize {
    (if g.stride == 1 { g.ow * g.n } else { g.n }).max(1)
}

/// `db[f]` = the sum of `maps`' map `f` (`rows` values a map), each the chain of additions in
/// order over its map that `Iterator::sum` makes. A chain waits for its last addition at every
/// step, so `AT_ONCE` (8) filters' chains run side by side, row by row: the same sums, each
/// filter's additions overlapping the others'.
fn map_sums<T: Float>(maps: &[T], rows: usize, db: &mut [T]) {
    /// The chains run side by side.
    const AT_ONCE: usize = 8;
    let mut groups = maps.chunks_exact((AT_ONCE * rows).max(1));
    let mut sums = db.chunks_exact_mut(AT_ONCE);
    for (maps, db) in (&mut groups).zip(&mut sums) {
        let maps: [&[T]; AT_ONCE] = std::array::from_fn(|j| &maps[j * rows..][..rows]);
        let mut chains = [-T::zero(); AT_ONCE];
        for r in 0..rows {
            for (chain, map) in chains.iter_mut().zip(&maps) {
                *chain += map[r];
            }
        }
        db.copy_from_slice(&chains);
    }
    for (db, map) in sums.into_remainder().iter_mut().zip(groups.remainder().chunks_exact(rows.max(1))) {
        *db = map.iter().copied().sum();
    }
}

/// The columns of dW (`dw`, `FN × offsets.len()`) for the taps at `offsets` in `padded` (the
/// input padded with zeros) = Σ over [`segment`]s of rows of the segment's rows of `dout`
/// times its rows of `col`: the segment's rows of `dout` transposed first into `dout_t` (`ld`
/// values a row, a segment's rows long), so that each row's filters are a vector there.
fn taps_gradient<T: Float>(
    padded: &[T],
    (dout, dout_t, ld): (&[T], &mut [T], usize),
    g: &Geometry,
    offsets: &[usize],
    dw: &mut [T],
) {
    let (t, rows, wide) = (offsets.len(), g.rows(), g.padded().w);
    dw.fill(T::zero());
    if t == 0 {
        return;
    }
    let (fnum, segment) = (dw.len() / t, segment(g));
    for r0 in (0..rows).step_by(segment) {
        let (oy, ox) = (r0 / g.n / g.ow, r0 / g.n % g.ow);
        // The segment's first window's first pixel in `padded`.
        let start = (oy * g.stride * wide + ox * g.stride) * g.n;
        let len = segment.min(rows - r0);
        transpose(&dout[r0..], rows, [len, fnum], dout_t, ld);
        add_share((dout_t, ld), padded, offsets, (start, len), dw);
    }
}

/// `dx` (`N × C·H·W`) = col2im(dout·W): the gradient with respect to the input of the
/// convolution of geometry `g` with the filters `w` (`fnum × C·FH·FW`, column-major), given
/// `dout` (`N × FN·OH·OW`). For stride 1, square windows and `PAD < FH`, as the convolution of
/// `dout` with the turned filters (see the module); otherwise through `dcol`.
pub(crate) fn input_gradient<T: Float>(
    dout: &[T],
    w: &[T],
    fnum: usize,
    g: &Geometry,
    scratch: &mut Scratch<T>,
    dx: &mut [T],
) {
    let Scratch { padded_dout, offsets, dcol, turned, zeros, .. } = scratch;
    if g.stride != 1 || g.fh != g.fw || g.pad >= g.fh {
        dcol.resize(g.rows() * g.cols(), T::zero());
        nn(dcol, dout, w, [g.rows(), fnum, g.cols()]);
        col2im(dcol, g, dx);
        return;
    }
    let back = Geometry { c: fnum, h: g.oh, w: g.ow, pad: g.fh - 1 - g.pad, oh: g.h, ow: g.w, ..*g };
    // Filter c of the turned set at tap (f, fy, fx) is W(f, c, FH − 1 − fy, FW − 1 − fx), kept
    // as `w` is: element (c, q) at q·C + c.
    let window = g.fh * g.fw;
    // Tap q = f·FH·FW + t of the turned set reads W's tap FH·FW − 1 − t (the window turned);
    // in loops, where a map over the index would take four divisions a value.
    turned.clear();
    for f in 0..fnum {
        for tap in (0..window).rev() {
            turned.extend((0..g.c).map(|c| w[(c * window + tap) * fnum + f]));
        }
    }
    zeros.clear();
    zeros.resize(g.c, T::zero());
    if back.pad == 0 {
        // conv4 of DeepConvNet (FH 3, pad 2): dout is its own padded copy.
        convolve_in(dout, &back, [turned, zeros], offsets, dx);
    } else {
        padded_dout.resize(back.padded_len(), T::zero());
        pad_halves(dout, &back, padded_dout);
        convolve_in(padded_dout, &back, [turned, zeros], offsets, dx);
    }
}

#[cfg(test)]
mod tests {
    use super::super::im2col::im2col;
    use super::super::im2col::tests::GEOMETRIES;
    use super::*;
    use crate::matmul::{nt, tn};
    use rand::{RngExt, SeedableRng};

    /// The im2col tests' geometries and a small one of DeepConvNet's kind (pad 1) with 16
    /// filters, and with 70: more than one call of `filters::apply` takes, and a last group
    /// not a whole number of its tiles; and one whose output rows (63 rows of 7 images) are
    /// longer than a tile of `f32` rows (48 with AVX-512) but not a whole number of them.
    fn geometries() -> impl Iterator<Item = (Geometry, usize)> {
        let conv = Geometry { n: 3, c: 4, h: 9, w: 9, fh: 3, fw: 3, pad: 1, stride: 1, oh: 9, ow: 9 };
        let wide = Geometry { n: 7, c: 3, ..conv };
        GEOMETRIES.into_iter().map(|g| (g, 4)).chain([(conv, 16), (conv, 70), (wide, 16)])
    }

    /// The padded input and the scratch of a convolution of `fnum` filters after its forward
    /// of `x`, as dW reads them.
    fn after_forward<T: Float>(x: &[T], g: &Geometry, fnum: usize) -> (Vec<T>, Scratch<T>) {
        let (mut padded, mut scratch) = (vec![T::lit(f64::NAN); g.padded_len()], Scratch::new());
        let (w, b) = (vec![T::zero(); fnum * g.cols()], vec![T::zero(); fnum]);
        convolve(x, g, [&w, &b], &mut padded, &mut scratch, &mut vec![T::zero(); g.rows() * fnum]);
        (padded, scratch)
    }

    fn draw<T: Float>(len: usize, rng: &mut rand::rngs::StdRng) -> Vec<T> {
        (0..len).map(|_| T::lit(rng.random_range(-1.0..1.0))).collect()
    }

    /// Against `col = im2col(x)` whole and `col·Wᵀ + b`: the same products in the same order,
    /// whatever the halves of positions (f32, whose roundings would show another order): split
    /// after the first position, in the middle and before the last (inside output rows), and
    /// the layer's own halves on one core and on two.
    #[test]
    fn the_blocked_product_is_col_times_w_transposed_plus_b() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(21);
        for (g, fnum) in geometries() {
            let (k, rows) = (g.cols(), g.rows());
            let (x, w, b) = (
                draw::<f32>(g.n * g.c * g.h * g.w, &mut rng),
                draw(fnum * k, &mut rng),
                draw(fnum, &mut rng),
            );
            let mut col = vec![f32::NAN; rows * k];
            im2col(&x, &g, &mut col);
            let mut expected = vec![0.0; rows * fnum];
            nt(&mut expected, &col, &w, [rows, fnum, k]);
            for (map, &b) in expected.chunks_exact_mut(rows).zip(&b) {
                map.iter_mut().for_each(|y| *y += b);
            }
            let (mut padded, mut offsets) =
                (vec![f32::NAN; g.n * g.c * g.padded().h * g.padded().w], Vec::new());
            pad(&x, &g, &mut padded);
            tap_offsets(&g.padded(), &mut offsets);
            let positions = g.oh * g.ow;
            for split in [1, positions / 2, positions - 1] {
                let mut out = vec![f32::NAN; rows * fnum];
                let (mut first, mut second): (Vec<&mut [f32]>, Vec<&mut [f32]>) =
                    out.chunks_exact_mut(rows).map(|map| map.split_at_mut(split * g.n)).unzip();
                let groups = first.chunks_mut(MAX_FILTERS).zip(second.chunks_mut(MAX_FILTERS));
                for (group, (first, second)) in groups.enumerate() {
                    let f0 = group * MAX_FILTERS;
                    apply(&padded, &g, 0..split, [&w, &b], &offsets, (f0, first));
                    apply(&padded, &g, split..positions, [&w, &b], &offsets, (f0, second));
                }
                assert_eq!(out, expected, "{g:?}, {fnum} filters, positions split at {split}");
            }
            let mut out = vec![f32::NAN; rows * fnum];
            let mut padded = vec![f32::NAN; g.padded_len()];
            convolve(&x, &g, [&w, &b], &mut padded, &mut Scratch::new(), &mut out);
            assert_eq!(out, expected, "{g:?}, {fnum} filters");
            crate::kernels::with_all_cores(|| {
                convolve(&x, &g, [&w, &b], &mut padded, &mut Scratch::new(), &mut out);
            });
            assert_eq!(out, expected, "{g:?}, {fnum} filters, on all cores");
        }
    }

    /// dW against doutᵀ·col with `col = im2col(x)` whole (the book's 7.4.3), for all the taps,
    /// all but the first and the second half, read from the padded input (stride 1 by output
    /// rows, strides 2 and 3 by positions). The segments' shares are added in another order
    /// than the whole product's blocks of terms: 1e-12 is a few dozen roundings of sums of at
    /// most 243 products of values below 1 in f64; a wrong tap or position is off by a whole
    /// product. db is each filter's map of dout summed in order. The layer's own halves give
    /// the same bits on one core and on two.
    #[test]
    fn the_filter_gradient_is_dout_transposed_times_col() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(23);
        for (g, fnum) in geometries() {
            let (k, rows) = (g.cols(), g.rows());
            let (x, dout) = (draw::<f64>(g.n * g.c * g.h * g.w, &mut rng), draw(rows * fnum, &mut rng));
            let mut col = vec![f64::NAN; rows * k];
            im2col(&x, &g, &mut col);
            let mut expected = vec![0.0; fnum * k];
            tn(&mut expected, &dout, &col, [rows, fnum, k]);
            let close = |dw: &[f64], what: &str| {
                for (i, (d, e)) in dw.iter().zip(&expected).enumerate() {
                    assert!((d - e).abs() < 1e-12, "{g:?}, {what}, [{i}]: {d} against {e}");
                }
            };
            let (mut padded, mut offsets) =
                (vec![f64::NAN; g.n * g.c * g.padded().h * g.padded().w], Vec::new());
            pad(&x, &g, &mut padded);
            tap_offsets(&g.padded(), &mut offsets);
            let ld = fnum.next_multiple_of(FILTERS_PAD);
            let mut dout_t = vec![0.0; segment(&g) * ld];
            for taps in [0..k, 1..k, k / 2..k] {
                let mut dw = vec![f64::NAN; fnum * taps.len()];
                taps_gradient(&padded, (&dout, &mut dout_t, ld), &g, &offsets[taps.clone()], &mut dw);
                let expected = &expected[taps.start * fnum..];
                for (i, (d, e)) in dw.iter().zip(expected).enumerate() {
                    assert!((d - e).abs() < 1e-12, "{g:?}, taps {taps:?}, [{i}]");
                }
            }
            let (mut dw, mut db) = (vec![f64::NAN; fnum * k], vec![f64::NAN; fnum]);
            let (padded, mut scratch) = after_forward(&x, &g, fnum);
            filter_gradient(&padded, &dout, &g, &mut scratch, [&mut dw, &mut db]);
            close(&dw, "the layer's blocks");
            // db: each filter's map summed in order, as the book's np.sum(dout, axis=0) over
            // the batch and positions, the same bits.
            let sums: Vec<f64> = dout.chunks_exact(rows).map(|map| map.iter().sum()).collect();
            assert_eq!(db, sums, "{g:?}, {fnum} filters: db");
            let (mut shared, mut shared_db) = (vec![f64::NAN; fnum * k], vec![f64::NAN; fnum]);
            crate::kernels::with_all_cores(|| {
                let (padded, mut scratch) = after_forward(&x, &g, fnum);
                filter_gradient(&padded, &dout, &g, &mut scratch, [&mut shared, &mut shared_db]);
            });
            assert_eq!((dw, db), (shared, shared_db), "{g:?}: one core and two");
        }
    }

    /// dW in `f32` (the tiles of the widest vectors: 16, 32 and 64 filters, with taps that the
    /// tile's width does not divide) against doutᵀ·col in `f64` from the same values. Each value
    /// is a sum of `rows` products, so the two differ by at most γ·Σ|products| with
    /// γ = rows·ε(f32) (Higham, §3.1); a wrong tap or row is off by a whole product.
    #[test]
    fn the_filter_gradient_in_f32_is_within_roundings_of_f64() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(24);
        // Halves of 22 and 23 taps: 12 + 10 or 11 with the tiles of 16 and 32 filters, 6 + 6 +
        // 6 + 4 or 5 with those of 64.
        let wide = Geometry { n: 7, c: 5, h: 9, w: 9, fh: 3, fw: 3, pad: 1, stride: 1, oh: 9, ow: 9 };
        for (g, fnum) in [(wide, 16), (wide, 32), (wide, 64)] {
            let (k, rows) = (g.cols(), g.rows());
            let (x, dout) =
                (draw::<f32>(g.n * g.c * g.h * g.w, &mut rng), draw::<f32>(rows * fnum, &mut rng));
            let wide64 = |v: &[f32]| v.iter().map(|&v| f64::from(v)).collect::<Vec<_>>();
            let mut col = vec![f64::NAN; rows * k];
            im2col(&wide64(&x), &g, &mut col);
            let abs = |v: &[f64]| v.iter().map(|v| v.abs()).collect::<Vec<_>>();
            let (mut expected, mut bound) = (vec![0.0; fnum * k], vec![0.0; fnum * k]);
            tn(&mut expected, &wide64(&dout), &col, [rows, fnum, k]);
            tn(&mut bound, &abs(&wide64(&dout)), &abs(&col), [rows, fnum, k]);
            let mut dw = vec![f32::NAN; fnum * k];
            let (padded, mut scratch) = after_forward(&x, &g, fnum);
            filter_gradient(&padded, &dout, &g, &mut scratch, [&mut dw, &mut vec![0.0; fnum]]);
            let gamma = rows as f64 * f64::from(f32::EPSILON);
            for (i, ((&d, e), b)) in dw.iter().zip(&expected).zip(&bound).enumerate() {
                assert!(
                    (f64::from(d) - e).abs() <= gamma * b,
                    "{g:?}, {fnum} filters, [{i}]: {d} against {e}"
                );
            }
        }
    }

    /// The input gradient against col2im(dout·W) (the book's 7.4.3) on the im2col tests'
    /// geometries (stride 2 and 3 through `dcol`, stride 1 with pad 0, 1 and 2 through the turned
    /// filters) and DeepConvNet's conv4 (pad 2) with 9 filters. The sums are the same products in
    /// other orders: 1e-13 is a few dozen roundings of sums of at most 81 products of values below
    /// 1 in f64; a wrong tap or filter is off by a whole product.
    #[test]
    fn input_gradient_is_col2im_of_dout_times_w() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(22);
        let conv4 = Geometry { n: 19, c: 3, h: 6, w: 6, fh: 3, fw: 3, pad: 2, stride: 1, oh: 8, ow: 8 };
        for (g, fnum) in GEOMETRIES.iter().map(|&g| (g, 4)).chain([(conv4, 9)]) {
            let mut draw = |len| (0..len).map(|_| rng.random_range(-1.0..1.0)).collect::<Vec<f64>>();
            let (dout, w) = (draw(g.rows() * fnum), draw(fnum * g.cols()));
            let mut dcol = vec![0.0; g.rows() * g.cols()];
            nn(&mut dcol, &dout, &w, [g.rows(), fnum, g.cols()]);
            let mut expected = vec![f64::NAN; g.n * g.c * g.h * g.w];
            col2im(&dcol, &g, &mut expected);
            let mut dx = vec![f64::NAN; expected.len()];
            input_gradient(&dout, &w, fnum, &g, &mut Scratch::new(), &mut dx);
            for (i, (d, e)) in dx.iter().zip(&expected).enumerate() {
                assert!((d - e).abs() < 1e-13, "{g:?}, {fnum} filters, [{i}]: {d} against {e}");
            }
        }
    }
}
