//! The convolution's forward product, `out = col·Wᵀ + b`, computed as its transpose.
//!
//! `col` has a row per batch image and output position (78 400 for DeepConvNet's conv2) and a
//! column per window tap (144), `W` a row per filter (16). Multiplied as `col·Wᵀ`, the product's
//! 16 columns are split by the kernel's tiles of 25 or 10 columns (AVX-512) with most of a tile
//! past the end; multiplied as `W·colᵀ`, one tile of 16 rows holds every filter and the
//! positions run across tiles of 25 columns, with no waste. The product then lands filter by
//! filter per position (`FN × rows`), and a transposing copy puts it in the layer's layout.
//! The sums are the same products added in the same order either way (the kernel sums each
//! element over the taps in blocks that depend only on the taps), so the values are too.

use crate::Float;
use crate::matmul::{nt, transpose};

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

#[cfg(test)]
mod tests {
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
}
