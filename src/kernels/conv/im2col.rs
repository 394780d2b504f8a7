//! im2col and col2im (the book's `common/util.py`), with rows ordered so that no transpose is
//! needed on either side of the convolution's product.
//!
//! `col` is the column-major `(N·OH·OW) × (C·FH·FW)` matrix whose row `(oy·OW + ox)·N + n`
//! holds the window of image `n` at output position `(oy, ox)`, its column `(c·FH + fy)·FW + fx`
//! the value `x_padded[n, c, oy·S + fy, ox·S + fx]`. The book orders the rows `(n, oy, ox)`;
//! with `n` fastest instead, `col · Wᵀ` is column-major exactly the next layer's
//! `SMatrix<T, N, FN·OH·OW>`, and each step below copies `N` contiguous values.

use super::Geometry;
use crate::Float;
use std::ops::Range;

/// Fills `col` (`g.rows() × g.cols()`, column-major) with the windows of `x` (a batch as in
/// [`super`]), zeros where a window covers the padding: [`windows`] at every position and tap.
/// The convolution never makes it whole: it is the tests' reference.
#[cfg(test)]
pub(crate) fn im2col<T: Float>(x: &[T], g: &Geometry, col: &mut [T]) {
    windows(x, g, 0..g.rows(), 0..g.cols(), col, g.rows());
}

/// The rows `rows` of `im2col`'s matrix at its columns `taps`: each tap's `rows.len()` values,
/// `ld` apart in `col` (the values between are left as they are), row `r − rows.start` what
/// `im2col` puts in row `r` and column `q`. The forward product copies through this the tiles
/// it does not read in place (output rows shorter than a tile, strides other than 1).
///
/// Tap by tap, output row by output row: with stride 1, the rows of one output row whose
/// window's tap falls on the image read consecutive pixels of one image row (`N` values a
/// position), so they are one copy (on the book's DeepConvNet, up to 28 positions of 100
/// images: 11 200 bytes, where a copy per position moved 400).
pub(crate) fn windows<T: Float>(
    x: &[T],
    g: &Geometry,
    rows: Range<usize>,
    taps: Range<usize>,
    col: &mut [T],
    ld: usize,
) {
    let (n, per_row) = (g.n, g.ow * g.n);
    debug_assert!(x.len() == g.n * g.c * g.h * g.w && ld >= rows.len() && rows.end <= g.rows());
    for (q, column) in taps.zip(col.chunks_mut(ld.max(1))) {
        let (c, fy, fx) = (q / (g.fh * g.fw), q / g.fw % g.fh, q % g.fw);
        let xs = on_image(g.ow, g.w, fx, g.pad, g.stride);
        let mut r = rows.start;
        while r < rows.end {
            // The rows r..end on output row oy, of which lo..hi read the image.
            let oy = r / per_row;
            let (row0, end) = (oy * per_row, ((oy + 1) * per_row).min(rows.end));
            let to = &mut column[r - rows.start..end - rows.start];
            let Some(y) = (oy * g.stride + fy).checked_sub(g.pad).filter(|&y| y < g.h) else {
                to.fill(T::zero());
                r = end;
                continue;
            };
            let lo = (row0 + xs.start * n).clamp(r, end);
            let hi = (row0 + xs.end * n).clamp(lo, end);
            let (before, rest) = to.split_at_mut(lo - r);
            let (inside, after) = rest.split_at_mut(hi - lo);
            before.fill(T::zero());
            after.fill(T::zero());
            let image_row = &x[(c * g.h + y) * g.w * n..][..g.w * n];
            let mut at = lo;
            while at < hi {
                let ox = (at - row0) / n;
                // With stride 1 the positions' pixels are consecutive: one copy to the end.
                let stop = if g.stride == 1 { hi } else { (row0 + (ox + 1) * n).min(hi) };
                let from = (ox * g.stride + fx - g.pad) * n + (at - row0 - ox * n);
                inside[at - lo..stop - lo].copy_from_slice(&image_row[from..][..stop - at]);
                at = stop;
            }
            r = end;
        }
    }
}

/// `x` (a batch as in [`super`]) padded with `g.pad` zeros on every side, into `padded`:
/// `C × (H + 2·PAD) × (W + 2·PAD)` pixels of `N` values, as the book's im2col pads its input
/// (`np.pad`). The products read their windows from it, where no window falls outside.
pub(crate) fn pad<T: Float>(x: &[T], g: &Geometry, padded: &mut [T]) {
    let (n, p) = (g.n, g.padded());
    debug_assert_eq!((x.len(), padded.len()), (g.n * g.c * g.h * g.w, g.c * p.h * p.w * n));
    for (channel, x) in
        padded.chunks_exact_mut((p.h * p.w * n).max(1)).zip(x.chunks_exact((g.h * g.w * n).max(1)))
    {
        let (top, rest) = channel.split_at_mut(g.pad * p.w * n);
        let (middle, bottom) = rest.split_at_mut(g.h * p.w * n);
        top.fill(T::zero());
        bottom.fill(T::zero());
        for (row, x) in middle.chunks_exact_mut((p.w * n).max(1)).zip(x.chunks_exact((g.w * n).max(1))) {
            let (left, rest) = row.split_at_mut(g.pad * n);
            let (inside, right) = rest.split_at_mut(g.w * n);
            left.fill(T::zero());
            right.fill(T::zero());
            inside.copy_from_slice(x);
        }
    }
}

/// The adjoint of `im2col`: `dx` (a batch as in [`super`]) is set to the sum, over every
/// window that read a pixel, of that window's entry of `dcol`; entries on the padding are
/// dropped. Overlapping windows (a stride smaller than the filter) add up, as in the book's
/// `col2im`. Each pixel's terms are added in the order of `dcol`'s columns; with stride 1 a
/// run of pixels at a time, as [`windows`] copies them.
pub(crate) fn col2im<T: Float>(dcol: &[T], g: &Geometry, dx: &mut [T]) {
    debug_assert_eq!((dx.len(), dcol.len()), (g.n * g.c * g.h * g.w, g.rows() * g.cols()));
    let n = g.n;
    dx.fill(T::zero());
    for (q, column) in dcol.chunks_exact(g.rows().max(1)).enumerate() {
        let (c, fy, fx) = (q / (g.fh * g.fw), q / g.fw % g.fh, q % g.fw);
        let xs = on_image(g.ow, g.w, fx, g.pad, g.stride);
        for (oy, row) in column.chunks_exact((g.ow * n).max(1)).enumerate() {
            let Some(y) = (oy * g.stride + fy).checked_sub(g.pad).filter(|&y| y < g.h) else {
                continue;
            };
            let image_row = &mut dx[(c * g.h + y) * g.w * n..][..g.w * n];
            let inside = &row[xs.start * n..xs.end * n];
            for (ox, from) in xs.clone().zip(inside.chunks(run(g, n))) {
                let x0 = ox * g.stride + fx - g.pad;
                let to = &mut image_row[x0 * n..][..from.len()];
                to.iter_mut().zip(from).for_each(|(d, &v)| *d += v);
            }
        }
    }
}

/// The output positions along one axis (`out` of them, over `size` pixels) whose tap `f`
/// falls on the image: `o·stride + f − pad` in `0..size`.
fn on_image(out: usize, size: usize, f: usize, pad: usize, stride: usize) -> Range<usize> {
    let hi = (size + pad).saturating_sub(f).div_ceil(stride).min(out);
    let lo = pad.saturating_sub(f).div_ceil(stride).min(hi);
    lo..hi
}

/// The values moved at once between an image row and `col`: with stride 1 every position of
/// the run (their pixels are consecutive), otherwise one position's `n` images.
fn run(g: &Geometry, n: usize) -> usize {
    if g.stride == 1 { (g.ow * n).max(1) } else { n.max(1) }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Geometries with stride 2, pad 1 and 2, several channels, non-square windows and images,
    /// and windows that do not tile the image.
    pub(crate) const GEOMETRIES: [Geometry; 5] = [
        Geometry { n: 2, c: 1, h: 4, w: 4, fh: 3, fw: 3, pad: 0, stride: 1, oh: 2, ow: 2 },
        Geometry { n: 3, c: 2, h: 5, w: 4, fh: 3, fw: 2, pad: 1, stride: 2, oh: 3, ow: 3 },
        Geometry { n: 1, c: 3, h: 3, w: 5, fh: 2, fw: 3, pad: 2, stride: 1, oh: 6, ow: 7 },
        Geometry { n: 2, c: 2, h: 6, w: 7, fh: 3, fw: 3, pad: 1, stride: 2, oh: 3, ow: 4 },
        Geometry { n: 4, c: 1, h: 5, w: 5, fh: 5, fw: 1, pad: 0, stride: 3, oh: 1, ow: 2 },
    ];

    fn random(len: usize, rng: &mut rand::rngs::StdRng) -> Vec<f64> {
        (0..len).map(|_| rng.random_range(-1.0..1.0)).collect()
    }

    /// The definition, straight from the book's (n, c, y, x) indices: x_padded[n, c, oy·S + fy, ox·S + fx].
    fn padded(x: &[f64], g: &Geometry, [n, c, y, x0]: [usize; 4]) -> f64 {
        let (y, x0) = (y as isize - g.pad as isize, x0 as isize - g.pad as isize);
        if y < 0 || x0 < 0 || y >= g.h as isize || x0 >= g.w as isize {
            return 0.0;
        }
        x[((c * g.h + y as usize) * g.w + x0 as usize) * g.n + n]
    }

    #[test]
    fn the_geometries_are_consistent() {
        // OH = (H + 2·pad − FH) / stride + 1, as `layers::out_size` computes it for the types.
        let out =
            |size: usize, window: usize, pad: usize, stride: usize| (size + 2 * pad - window) / stride + 1;
        for g in GEOMETRIES {
            assert_eq!((g.oh, g.ow), (out(g.h, g.fh, g.pad, g.stride), out(g.w, g.fw, g.pad, g.stride)));
        }
    }

    /// Each window times a filter, summed as the definition of a convolution says, equals the
    /// row of im2col times the same filter: im2col is the definition rearranged.
    #[test]
    fn im2col_times_a_filter_is_the_direct_sum_of_the_definition() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for g in GEOMETRIES {
            let x = random(g.n * g.c * g.h * g.w, &mut rng);
            let filter = random(g.cols(), &mut rng);
            let mut col = vec![f64::NAN; g.rows() * g.cols()];
            im2col(&x, &g, &mut col);
            for (n, oy, ox) in
                (0..g.n).flat_map(|n| (0..g.oh).flat_map(move |oy| (0..g.ow).map(move |ox| (n, oy, ox))))
            {
                let r = (oy * g.ow + ox) * g.n + n;
                let mut direct = 0.0;
                for c in 0..g.c {
                    for fy in 0..g.fh {
                        for fx in 0..g.fw {
                            let v = padded(&x, &g, [n, c, oy * g.stride + fy, ox * g.stride + fx]);
                            let q = (c * g.fh + fy) * g.fw + fx;
                            assert_eq!(col[q * g.rows() + r], v, "{g:?} at {:?}", (n, oy, ox, c, fy, fx));
                            direct += v * filter[q];
                        }
                    }
                }
                let via_col: f64 = (0..g.cols()).map(|q| col[q * g.rows() + r] * filter[q]).sum();
                // The same products summed in the same order.
                assert_eq!(via_col, direct);
            }
        }
    }

    /// Blocks of rows that start and end inside output rows and inside positions and span
    /// several, and blocks of taps, with room between the taps or none: each is exactly its
    /// rows and columns of the whole `col`, and the room is left as it was.
    #[test]
    fn windows_are_the_blocks_of_im2col() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        for g in GEOMETRIES {
            let x = random(g.n * g.c * g.h * g.w, &mut rng);
            let mut col = vec![f64::NAN; g.rows() * g.cols()];
            im2col(&x, &g, &mut col);
            let (rows, per_row) = (g.rows(), g.ow * g.n);
            for (at, taps, room) in [
                (0..rows, 0..g.cols(), 0),
                (1..rows, 1..g.cols(), 3),
                (per_row - 1..(per_row + 2 * g.n + 1).min(rows), 0..1, 0),
                (rows / 2..rows / 2 + 1, g.cols() / 2..g.cols(), 1),
                (rows - g.n..rows, 0..g.cols(), 0),
            ] {
                let ld = at.len() + room;
                let mut block = vec![f64::NAN; ld * taps.len()];
                windows(&x, &g, at.clone(), taps.clone(), &mut block, ld);
                for (j, q) in taps.clone().enumerate() {
                    let whole = &col[q * g.rows() + at.start..][..at.len()];
                    assert_eq!(&block[j * ld..][..at.len()], whole, "{g:?}, rows {at:?}, tap {q}");
                    assert!(block[j * ld + at.len()..][..room].iter().all(|v| v.is_nan()), "{g:?}, room");
                }
            }
        }
    }

    /// ⟨im2col x, Y⟩ = ⟨x, col2im Y⟩ for random x and Y: col2im is im2col's adjoint, which is
    /// what makes dx = col2im(dcol) the gradient. Both sides sum the same products in other
    /// orders; 1e-12 is a few hundred roundings of values below 1 in f64.
    #[test]
    fn col2im_is_the_adjoint_of_im2col() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(8);
        for g in GEOMETRIES {
            let x = random(g.n * g.c * g.h * g.w, &mut rng);
            let y = random(g.rows() * g.cols(), &mut rng);
            let (mut col, mut back) = (vec![0.0; y.len()], vec![f64::NAN; x.len()]);
            im2col(&x, &g, &mut col);
            col2im(&y, &g, &mut back);
            let left: f64 = col.iter().zip(&y).map(|(a, b)| a * b).sum();
            let right: f64 = x.iter().zip(&back).map(|(a, b)| a * b).sum();
            assert!((left - right).abs() < 1e-12, "{g:?}: {left} against {right}");
        }
    }
}
