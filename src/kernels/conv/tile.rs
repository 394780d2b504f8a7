//! The register tile of the convolution's products (`filters.rs`, `gradient.rs`).

use crate::matmul::Elem;
use pulp::Simd;
use std::ops::Range;

/// The `U·NR` vectors of sums Σ over `steps` of `vectors(i)[u] · scalars(i)[j]`, the sums of
/// one tile of `U` vectors × `NR` columns, kept in registers: at each step `U` vectors loaded,
/// `NR` values broadcast and `U·NR` fused multiply-adds (as the matrix kernels' `tile`). Each
/// sum starts from zero and runs over the steps in order.
#[inline(always)]
pub(super) fn tile<'v, S: Simd, E: Elem + 'v, const U: usize, const NR: usize>(
    simd: S,
    steps: Range<usize>,
    vectors: impl Fn(usize) -> &'v [E],
    scalars: impl Fn(usize) -> [E; NR],
) -> [[E::V<S>; U]; NR] {
    let zero = E::broadcast(simd, E::zero());
    let mut acc = [[zero; U]; NR];
    for i in steps {
        let vectors = E::vectors::<S>(vectors(i));
        for (sums, &v) in acc.iter_mut().zip(&scalars(i)) {
            let v = E::broadcast(simd, v);
            for (s, &x) in sums.iter_mut().zip(vectors) {
                *s = E::mul_add_lanes(simd, x, v, *s);
            }
        }
    }
    acc
}
