//! Transposing copies between a matrix stored by columns (nalgebra's layout) and one stored by
//! rows (the sparse kernels' [`Lines`](super::sparse::Lines)): W into rows before the sparse
//! forward, dW out of rows after the sparse backward, at every training step; and the dense
//! kernel's panels of Aᵀ (`columns.rs`), for dW = Xᵀ·dY.
//!
//! Element by element, such a copy reads along one matrix and writes across the other, one
//! scalar at a time. `f32` matrices on a CPU with AVX2 are copied in blocks of 8 × 8 instead:
//! eight loads of 8, the classic 24 shuffles, eight stores of 8. The blocks are taken down
//! each band of 8 columns of a, whose columns are sliced once per band, so the loop checks no
//! bounds: checked at every block, the loads and stores took twice as long (W1 into rows,
//! 784 × 50, on its own: 12.5 µs against 6.8). In the book's step (`scripts/stage_times`,
//! medians of six alternating rounds) the sparse forward with W1's copy takes 37.5 µs against
//! 40.9 µs when each block checked its bounds, and the sparse backward with dW1's 34.8 µs
//! against 37.5 µs; copied element by element the backward took 40–41 µs. Only values move,
//! so every way gives the same matrix.

#[cfg(target_arch = "x86_64")]
use super::simd::{as_elem, as_elem_mut};
use crate::Float;

/// b(i, j) = a(j, i) for i < `rows` and j < `cols`, where a(j, i) is `a[j * lda + i]` and
/// b(i, j) is `b[i * ldb + j]`: copies a matrix stored by columns into one stored by rows or,
/// read the other way, back.
pub(crate) fn transpose<T: Float>(a: &[T], lda: usize, [rows, cols]: [usize; 2], b: &mut [T], ldb: usize) {
    assert!(
        (rows == 0 || cols == 0)
            || (a.len() >= (cols - 1) * lda + rows && b.len() >= (rows - 1) * ldb + cols),
        "a transposing copy out of or into a matrix too small for it"
    );
    #[cfg(target_arch = "x86_64")]
    if let (Some(v3), Some(a), Some(b)) = (super::simd::v3(), as_elem::<T, f32>(a), as_elem_mut::<T, f32>(b))
    {
        let (rows8, cols8) = (rows - rows % 8, cols - cols % 8);
        pulp::Simd::vectorize(v3, Blocks { v3, a, lda, blocks: [rows8, cols8], b, ldb });
        return edges(a, lda, [rows, cols], [rows8, cols8], b, ldb);
    }
    edges(a, lda, [rows, cols], [0, 0], b, ldb);
}

/// The copy of the elements outside the first `done[0]` rows and `done[1]` columns of b.
fn edges<T: Copy>(a: &[T], lda: usize, [rows, cols]: [usize; 2], done: [usize; 2], b: &mut [T], ldb: usize) {
    for j in 0..cols {
        let from = if j < done[1] { done[0] } else { 0 };
        for i in from..rows {
            b[i * ldb + j] = a[j * lda + i];
        }
    }
}

/// The 8 × 8 blocks of an `f32` copy: the first `blocks[0]` rows and `blocks[1]` columns of b.
#[cfg(target_arch = "x86_64")]
struct Blocks<'a> {
    v3: pulp::x86::V3,
    a: &'a [f32],
    lda: usize,
    blocks: [usize; 2],
    b: &'a mut [f32],
    ldb: usize,
}

#[cfg(target_arch = "x86_64")]
impl pulp::WithSimd for Blocks<'_> {
    type Output = ();

    /// Runs compiled for AVX2 (`vectorize` enables it), with AVX's shuffles.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        use core::arch::x86_64::__m256;
        let Blocks { v3, a, lda, blocks: [rows8, cols8], b, ldb } = self;
        let avx = v3.avx;
        if rows8 == 0 {
            // Nothing to copy, and b may be empty: `b[j..]` below would be out of bounds.
            return;
        }
        for j in (0..cols8).step_by(8) {
            // Column j + k of the block as a holds it, in runs of 8, and the groups of 8 rows
            // of b: slices fixed once, so the loop below checks no bounds.
            let columns: [&[[f32; 8]]; 8] =
                std::array::from_fn(|k| a[(j + k) * lda..][..rows8].as_chunks().0);
            let groups = b[j..].chunks_mut(8 * ldb);
            for (g, out) in groups.take(rows8 / 8).enumerate() {
                let r: [__m256; 8] = std::array::from_fn(|k| bytemuck::cast(columns[k][g]));
                // Pairs of rows interleaved, then pairs of pairs, then the halves swapped.
                let t: [__m256; 8] = std::array::from_fn(|k| {
                    let (x, y) = (r[k / 2 * 2], r[k / 2 * 2 + 1]);
                    if k % 2 == 0 { avx._mm256_unpacklo_ps(x, y) } else { avx._mm256_unpackhi_ps(x, y) }
                });
                let u = [
                    avx._mm256_shuffle_ps::<0x44>(t[0], t[2]),
                    avx._mm256_shuffle_ps::<0xEE>(t[0], t[2]),
                    avx._mm256_shuffle_ps::<0x44>(t[1], t[3]),
                    avx._mm256_shuffle_ps::<0xEE>(t[1], t[3]),
                    avx._mm256_shuffle_ps::<0x44>(t[4], t[6]),
                    avx._mm256_shuffle_ps::<0xEE>(t[4], t[6]),
                    avx._mm256_shuffle_ps::<0x44>(t[5], t[7]),
                    avx._mm256_shuffle_ps::<0xEE>(t[5], t[7]),
                ];
                let out = &mut out[..7 * ldb + 8];
                for k in 0..4 {
                    let low = avx._mm256_permute2f128_ps::<0x20>(u[k], u[k + 4]);
                    let high = avx._mm256_permute2f128_ps::<0x31>(u[k], u[k + 4]);
                    out[k * ldb..][..8].copy_from_slice(&bytemuck::cast::<__m256, [f32; 8]>(low));
                    out[(k + 4) * ldb..][..8].copy_from_slice(&bytemuck::cast::<__m256, [f32; 8]>(high));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape around the block size, by columns into rows and back, in both types.
    #[test]
    fn copies_every_element_to_its_place() {
        fn check<T: Float>() {
            for (rows, cols) in
                [(0usize, 3usize), (1, 1), (7, 9), (8, 8), (16, 50), (17, 23), (784, 50), (100, 13)]
            {
                let (lda, ldb) = (rows + 3, cols.next_multiple_of(16));
                let a: Vec<T> = (0..cols * lda).map(|x| T::lit(x as f64)).collect();
                let mut b = vec![T::lit(-1.0); rows * ldb];
                transpose(&a, lda, [rows, cols], &mut b, ldb);
                for i in 0..rows {
                    for j in 0..ldb {
                        let want = if j < cols { a[j * lda + i] } else { T::lit(-1.0) };
                        assert_eq!(b[i * ldb + j], want, "{rows}×{cols}: b({i}, {j})");
                    }
                }
                let mut back = vec![T::lit(-1.0); cols * lda];
                transpose(&b, ldb, [cols, rows], &mut back, lda);
                for j in 0..cols {
                    assert_eq!(
                        back[j * lda..][..rows],
                        a[j * lda..][..rows],
                        "{rows}×{cols}: column {j} back"
                    );
                }
            }
        }
        check::<f32>();
        check::<f64>();
    }
}
