//! The register tile of the convolution's products (`filters.rs`, `gradient.rs`).

use crate::matmul::Elem;
use pulp::Simd;

/// The `U·NR` vectors of sums Σ over the steps of `vectors[u] · scalars[j]`, the sums of one
/// tile of `U` vectors × `NR` columns, kept in registers: at each step `U` vectors loaded,
/// `NR` values broadcast and `U·NR` fused multiply-adds (as the matrix kernels' `tile`). Each
/// sum starts from zero and runs over the steps in order.
#[inline(always)]
pub(super) fn tile<'v, S: Simd, E: Elem, const U: usize, const NR: usize>(
    simd: S,
    steps: impl Iterator<Item = (&'v [E::V<S>; U], [E; NR])>,
) -> [[E::V<S>; U]; NR] {
    let zero = E::broadcast(simd, E::zero());
    let mut acc = [[zero; U]; NR];
    for (vectors, scalars) in steps {
        for (sums, &v) in acc.iter_mut().zip(&scalars) {
            let v = E::broadcast(simd, v);
            for (s, &x) in sums.iter_mut().zip(vectors) {
                *s = E::mul_add_lanes(simd, x, v, *s);
            }
        }
    }
    acc
}

/// The first `U` vectors of `x` (at least `U` vectors long), as one tile's step loads them.
#[inline(always)]
pub(super) fn vectors<S: Simd, E: Elem, const U: usize>(x: &[E]) -> &[E::V<S>; U] {
    E::vectors::<S>(x).first_chunk().expect("a tile's vectors inside the slice")
}
