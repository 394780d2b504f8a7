//! The convolution's products: forward's `out = col·Wᵀ + b`, computed as its transpose, and
//! backward's `dx = col2im(dout·W)`, computed for stride 1 as a convolution of `dout`.
//!
//! `col` has a row per batch image and output position (78 400 for DeepConvNet's conv2) and a
//! column per window tap (144), `W` a row per filter (16). Multiplied as `col·Wᵀ`, the product's
//! 16 columns are split by the kernel's tiles of 25 or 10 columns (AVX-512) with most of a tile
//! past the end; multiplied as `W·colᵀ`, one tile of 16 rows holds every filter and the
//! positions run across tiles of 25 columns, with no waste. The product then lands filter by
//! filter per position (`FN × rows`), and a transposing copy puts it in the layer's layout.
//! The sums are the same products added in the same order either way (the kernel sums each
//! element over the taps in blocks that depend only on the taps), so the values are too.
//!
//! With stride 1, dx(c, y, x) = Σ over f, fy, fx of W(f, c, fy, fx)·dout(f, y + PAD − fy,
//! x + PAD − fx): the convolution of `dout`, padded with `FH − 1 − PAD` zeros, with the filters
//! turned by 180° and `C` and `FN` swapped. `dcol = dout·W` (as large as `col`: 45 MB in `f32`
//! for conv2 of a batch of 100) has only `FN` terms per element, so writing it and reading it
//! back in col2im cost more than its multiply-adds; the convolution of `dout` goes through
//! im2col and the forward product above instead, whose sums have `FN·FH·FW` terms, and
//! nothing is added back pixel by pixel.

use super::{Geometry, col2im, im2col};
use crate::Float;
use crate::matmul::{nn, nt, transpose};

/// `out` (`rows × FN`, column-major: filter by filter, as the next layer reads it) =
/// `col` (`rows × K`) · `w`ᵀ (`w`: `FN × K`, column-major) + one bias per filter (`b`, `FN`
/// long), through `scratch`, which holds `FN × rows` values.
pub(crate) fn windows_times_filters<T: Float>(col: &[T], w: &[T], b: &[T], scratch: &mut [T], out: &mut [T]) {
    let fnum = b.len();
    let k = w.len() / fnum.max(1);
    let rows = out.len() / fnum.max(1);
    debug_assert_eq!((col.len(), w.len(), scratch.len()), (rows * k, fnum * k, fnum * rows));
    nt(scratch, w, col, [fnum, rows, k]);
    transpose(scratch, fnum, [fnum, rows], out, rows);
    for (map, &b) in out.chunks_exact_mut(rows.max(1)).zip(b) {
        map.iter_mut().for_each(|y| *y += b);
    }
}

/// What [`input_gradient`] writes between steps, kept from one batch to the next.
#[derive(Clone, Debug)]
pub(crate) struct Scratch<T> {
    /// im2col of `dout`, or `dcol`.
    col: Vec<T>,
    /// The filters turned by 180°, `C × FN·FH·FW`.
    turned: Vec<T>,
    /// The product before its transposing copy.
    product: Vec<T>,
    /// `C` zeros, the turned filters' biases.
    zeros: Vec<T>,
}

impl<T> Scratch<T> {
    /// Nothing yet: the vectors grow at the first step.
    pub(crate) fn new() -> Self {
        Scratch { col: Vec::new(), turned: Vec::new(), product: Vec::new(), zeros: Vec::new() }
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
    let Scratch { col, turned, product, zeros } = scratch;
    if g.stride != 1 || g.fh != g.fw || g.pad >= g.fh {
        col.resize(g.rows() * g.cols(), T::zero());
        nn(col, dout, w, [g.rows(), fnum, g.cols()]);
        col2im(col, g, dx);
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
    col.resize(back.rows() * back.cols(), T::zero());
    product.resize(back.rows() * g.c, T::zero());
    im2col(dout, &back, col);
    windows_times_filters(col, turned, zeros, product, dx);
}

#[cfg(test)]
mod tests {
    use super::super::im2col::tests::GEOMETRIES;
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Against the definition, each element a sum over the taps then + b: the same products
    /// in the same order (f32, whose roundings would show a different order), for shapes with
    /// tiles that overlap at the ends and sums split into blocks of 64 taps.
    #[test]
    fn the_transposed_product_is_col_times_w_transposed_plus_b() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(21);
        for [rows, fnum, k] in [[37, 16, 144], [300, 32, 288], [7, 3, 5], [100, 64, 70]] {
            let mut draw = |len| (0..len).map(|_| rng.random_range(-1.0_f32..1.0)).collect::<Vec<f32>>();
            let (col, w, b) = (draw(rows * k), draw(fnum * k), draw(fnum));
            let mut expected = vec![0.0; rows * fnum];
            nt(&mut expected, &col, &w, [rows, fnum, k]);
            for (map, &b) in expected.chunks_exact_mut(rows).zip(&b) {
                map.iter_mut().for_each(|y| *y += b);
            }
            let (mut scratch, mut out) = (vec![f32::NAN; rows * fnum], vec![f32::NAN; rows * fnum]);
            windows_times_filters(&col, &w, &b, &mut scratch, &mut out);
            assert_eq!(out, expected, "{rows} × {k} windows, {fnum} filters");
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
