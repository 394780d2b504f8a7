//! The convolution's products, taken a block of positions at a time: forward's
//! `out = col·Wᵀ + b` (computed as its transpose), dW = doutᵀ·col, and backward's
//! `dx = col2im(dout·W)` (computed for stride 1 as a convolution of `dout`).
//!
//! `col = im2col(x)` has a row per batch image and output position (78 400 for DeepConvNet's
//! conv2) and a column per window tap (144): 45 MB in `f32` for a batch of 100, more than the
//! caches hold, so that made whole it is written out to memory and read back by each product.
//! It is made instead a block of positions at a time ([`windows`]), about [`BLOCK`] bytes,
//! and each block is multiplied while it is in the cache; nothing is kept between forward and
//! backward but the layer's input.
//!
//! Multiplied as `col·Wᵀ`, the product's 16 columns are split by the kernel's tiles of 25 or 10
//! columns (AVX-512) with most of a tile past the end; multiplied as `W·colᵀ`, one tile of 16
//! rows holds every filter and the positions run across tiles of 25 columns, with no waste.
//! The product then lands filter by filter per position (`FN × rows`), and a transposing copy
//! puts it in the layer's layout. Each element is the same sum over the taps, in the same
//! order, whatever the blocks (the kernel sums over the taps in blocks that depend only on the
//! taps), so the values are those of the whole product.
//!
//! dW sums over the positions: each block's share is computed on its own and added to dW,
//! block after block in a fixed order. Its two halves of taps are computed side by side
//! inside [`with_all_cores`](crate::kernels::with_all_cores), each with the blocks of its own
//! columns of `col`; the forward product's two halves of positions likewise. The blocks are
//! the same whether the halves run side by side or one after the other, so the results are the
//! same bits on one core and two.
//!
//! With stride 1, dx(c, y, x) = Σ over f, fy, fx of W(f, c, fy, fx)·dout(f, y + PAD − fy,
//! x + PAD − fx): the convolution of `dout`, padded with `FH − 1 − PAD` zeros, with the filters
//! turned by 180° and `C` and `FN` swapped. `dcol = dout·W` (as large as `col`) has only `FN`
//! terms per element, so writing it and reading it back in col2im cost more than its
//! multiply-adds; the convolution of `dout` goes through the forward product above instead,
//! whose sums have `FN·FH·FW` terms, and nothing is added back pixel by pixel.

use super::{Geometry, col2im, windows};
use crate::Float;
use crate::kernels::join;
use crate::matmul::{nn, nt, tn, transpose};
use std::ops::Range;

/// The bytes of im2col's matrix made at a time (192 K values in `f32`): a block of positions
/// that stays in a core's L2 cache while the product reads it. (Of the sizes tried on
/// DeepConvNet, 12 K to 768 K values, those from 96 K to 192 K were the fastest.)
const BLOCK: usize = 768 << 10;

/// The positions of a block of windows of `taps` values: [`BLOCK`] bytes, at least one.
fn per_block<T>(g: &Geometry, taps: usize) -> usize {
    (BLOCK / size_of::<T>() / (g.n * taps).max(1)).max(1)
}

/// What the products write between steps, kept from one batch to the next.
#[derive(Clone, Debug)]
pub(crate) struct Scratch<T> {
    /// Each half's block of im2col's matrix.
    cols: [Vec<T>; 2],
    /// Each half's block of `dout`, as a matrix of its own (dW).
    douts: [Vec<T>; 2],
    /// Each half's share of dW from one block.
    shares: [Vec<T>; 2],
    /// The forward product before its transposing copy, `FN × rows`.
    product: Vec<T>,
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
        let two = || [Vec::new(), Vec::new()];
        Scratch {
            cols: two(),
            douts: two(),
            shares: two(),
            product: Vec::new(),
            dcol: Vec::new(),
            turned: Vec::new(),
            zeros: Vec::new(),
        }
    }
}

/// `out` (`rows × FN`, column-major: filter by filter, as the next layer reads it) =
/// im2col(`x`) · `w`ᵀ + one bias per filter (`b`, `FN` long), for the convolution of geometry
/// `g` with the filters `w` (`FN × C·FH·FW`, column-major).
pub(crate) fn convolve<T: Float>(
    x: &[T],
    g: &Geometry,
    w: &[T],
    b: &[T],
    scratch: &mut Scratch<T>,
    out: &mut [T],
) {
    let Scratch { cols: [col0, col1], product, .. } = scratch;
    convolve_in(x, g, [w, b], [col0, col1], product, out);
}

/// [`convolve`] through the given blocks of `col` and product.
fn convolve_in<T: Float>(
    x: &[T],
    g: &Geometry,
    [w, b]: [&[T]; 2],
    [col0, col1]: [&mut Vec<T>; 2],
    product: &mut Vec<T>,
    out: &mut [T],
) {
    let (fnum, rows, positions) = (b.len(), g.rows(), g.oh * g.ow);
    debug_assert_eq!((w.len(), out.len()), (fnum * g.cols(), rows * fnum));
    let per = per_block::<T>(g, g.cols());
    product.resize(fnum * rows, T::zero());
    let half = positions / 2;
    let (first, second) = product.split_at_mut(half * g.n * fnum);
    join(
        || windows_times_filters(x, g, [w, b], 0..half, per, col0, first),
        || windows_times_filters(x, g, [w, b], half..positions, per, col1, second),
    );
    // Into the layer's layout, each half of the filters on its own: filter f's map is row f of
    // the product, `FN` apart.
    let product = &product[..];
    let lay_out = |from: usize, to: usize, out: &mut [T]| {
        transpose(&product[from..], fnum, [to - from, rows], out, rows)
    };
    let (out0, out1) = out.split_at_mut(fnum / 2 * rows);
    join(|| lay_out(0, fnum / 2, out0), || lay_out(fnum / 2, fnum, out1));
}

/// `product` (`FN × (at.len()·N)`) = `w`·colᵀ + `b` (one bias per row) over the positions
/// `at`, `per` positions at a time through `col`, each block's biases added while it is in the
/// cache.
fn windows_times_filters<T: Float>(
    x: &[T],
    g: &Geometry,
    [w, b]: [&[T]; 2],
    at: Range<usize>,
    per: usize,
    col: &mut Vec<T>,
    product: &mut [T],
) {
    let k = g.cols();
    let fnum = w.len() / k.max(1);
    col.resize(per * g.n * k, T::zero());
    for (start, out) in at.clone().step_by(per).zip(product.chunks_mut((per * g.n * fnum).max(1))) {
        let end = (start + per).min(at.end);
        let len = (end - start) * g.n;
        let col = &mut col[..len * k];
        windows(x, g, start..end, 0..k, col);
        nt(out, w, col, [fnum, len, k]);
        for position in out.chunks_exact_mut(fnum.max(1)) {
            position.iter_mut().zip(b).for_each(|(y, &b)| *y += b);
        }
    }
}

/// `dw` (`FN × C·FH·FW`, column-major, as `W`) = doutᵀ·im2col(`x`): the filters' gradient of
/// the convolution of geometry `g`, given `dout` (`N × FN·OH·OW`).
pub(crate) fn filter_gradient<T: Float>(
    x: &[T],
    dout: &[T],
    g: &Geometry,
    scratch: &mut Scratch<T>,
    dw: &mut [T],
) {
    let k = g.cols();
    let fnum = dw.len() / k.max(1);
    let Scratch { cols: [c0, c1], douts: [d0, d1], shares: [s0, s1], .. } = scratch;
    let half = k / 2;
    let (dw0, dw1) = dw.split_at_mut(half * fnum);
    let per = |taps: usize| per_block::<T>(g, taps);
    join(
        || taps_gradient(x, dout, g, 0..half, per(half), [c0, d0, s0], dw0),
        || taps_gradient(x, dout, g, half..k, per(k - half), [c1, d1, s1], dw1),
    );
}

/// The columns `taps` of dW (`dw`, `FN × taps.len()`) = Σ over blocks of `per` positions of
/// the block's rows of `dout`, transposed, times its rows and columns of `col`.
fn taps_gradient<T: Float>(
    x: &[T],
    dout: &[T],
    g: &Geometry,
    taps: Range<usize>,
    per: usize,
    [col, block, share]: [&mut Vec<T>; 3],
    dw: &mut [T],
) {
    let (t, rows, positions) = (taps.len(), g.rows(), g.oh * g.ow);
    if t == 0 {
        return;
    }
    let fnum = dw.len() / t;
    col.resize(per * g.n * t, T::zero());
    block.resize(per * g.n * fnum, T::zero());
    share.resize(fnum * t, T::zero());
    dw.fill(T::zero());
    for start in (0..positions).step_by(per) {
        let end = (start + per).min(positions);
        let (r0, len) = (start * g.n, (end - start) * g.n);
        let col = &mut col[..len * t];
        windows(x, g, start..end, taps.clone(), col);
        let block = &mut block[..len * fnum];
        for (to, map) in block.chunks_exact_mut(len.max(1)).zip(dout.chunks_exact(rows.max(1))) {
            to.copy_from_slice(&map[r0..r0 + len]);
        }
        tn(share, block, col, [len, fnum, t]);
        dw.iter_mut().zip(share.iter()).for_each(|(d, &s)| *d += s);
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
    let Scratch { cols: [col0, col1], product, dcol, turned, zeros, .. } = scratch;
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
    turned.clear();
    turned.extend((0..back.cols() * g.c).map(|i| {
        let (q, c) = (i / g.c, i % g.c);
        let (f, tap) = (q / window, window - 1 - q % window);
        w[(c * window + tap) * fnum + f]
    }));
    zeros.clear();
    zeros.resize(g.c, T::zero());
    convolve_in(dout, &back, [turned, zeros], [col0, col1], product, dx);
}

#[cfg(test)]
mod tests {
    use super::super::im2col::im2col;
    use super::super::im2col::tests::GEOMETRIES;
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The im2col tests' geometries and a small one of DeepConvNet's kind (pad 1, 16 filters).
    fn geometries() -> impl Iterator<Item = (Geometry, usize)> {
        let conv = Geometry { n: 3, c: 4, h: 9, w: 9, fh: 3, fw: 3, pad: 1, stride: 1, oh: 9, ow: 9 };
        GEOMETRIES.into_iter().map(|g| (g, 4)).chain([(conv, 16)])
    }

    fn draw<T: Float>(len: usize, rng: &mut rand::rngs::StdRng) -> Vec<T> {
        (0..len).map(|_| T::lit(rng.random_range(-1.0..1.0))).collect()
    }

    /// Against `col = im2col(x)` whole and `col·Wᵀ + b`: the same products in the same order,
    /// whatever the blocks (f32, whose roundings would show another order), with blocks of 1, 2
    /// and 5 positions that end inside output rows, and the layer's own blocks on one core and
    /// on two.
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
            for per in [1, 2, 5] {
                let mut product = vec![f32::NAN; rows * fnum];
                windows_times_filters(&x, &g, [&w, &b], 0..g.oh * g.ow, per, &mut Vec::new(), &mut product);
                for (i, &e) in expected.iter().enumerate() {
                    assert_eq!(product[(i % rows) * fnum + i / rows], e, "{g:?}, blocks of {per}, [{i}]");
                }
            }
            let mut out = vec![f32::NAN; rows * fnum];
            convolve(&x, &g, &w, &b, &mut Scratch::new(), &mut out);
            assert_eq!(out, expected, "{g:?}, {fnum} filters");
            crate::kernels::with_all_cores(|| convolve(&x, &g, &w, &b, &mut Scratch::new(), &mut out));
            assert_eq!(out, expected, "{g:?}, {fnum} filters, on all cores");
        }
    }

    /// dW against doutᵀ·col with `col = im2col(x)` whole (the book's 7.4.3), with blocks of 1,
    /// 2 and 5 positions and halves of taps. The blocks' shares are added in another order
    /// than the whole product's blocks of terms: 1e-12 is a few dozen roundings of sums of at
    /// most 243 products of values below 1 in f64; a wrong tap or position is off by a whole
    /// product. The layer's own blocks give the same bits on one core and on two.
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
            for (per, taps) in [(1, 0..k), (2, 1..k), (5, k / 2..k)] {
                let mut dw = vec![f64::NAN; fnum * taps.len()];
                let scratch = [&mut Vec::new(), &mut Vec::new(), &mut Vec::new()];
                taps_gradient(&x, &dout, &g, taps.clone(), per, scratch, &mut dw);
                let expected = &expected[taps.start * fnum..];
                for (i, (d, e)) in dw.iter().zip(expected).enumerate() {
                    assert!((d - e).abs() < 1e-12, "{g:?}, blocks of {per}, taps {taps:?}, [{i}]");
                }
            }
            let mut dw = vec![f64::NAN; fnum * k];
            filter_gradient(&x, &dout, &g, &mut Scratch::new(), &mut dw);
            close(&dw, "the layer's blocks");
            let mut shared = vec![f64::NAN; fnum * k];
            crate::kernels::with_all_cores(|| {
                filter_gradient(&x, &dout, &g, &mut Scratch::new(), &mut shared)
            });
            assert_eq!(dw, shared, "{g:?}: one core and two");
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
