//! The kernels on every instruction set this CPU has, not only the widest: a test machine
//! with AVX-512 would otherwise never run the AVX2 or the baseline code that other users' CPUs
//! run. `simd::run` takes the set that `simd::FORCED` holds on this thread, in dldw's own tests only.
//!
//! What is asserted, for the dense and the sparse products:
//! - AVX-512 and AVX2 + FMA give the same bits (`simd.rs`: the tiles change with the vector
//!   width, the order of each sum does not, and both fuse every multiply-add).
//! - The baseline (SSE2, no fused multiply-add in a build for any x86-64) differs only by
//!   rounding: each result is a sum of k products, and each of the two ways of summing is
//!   within γₖ·Σ|aₚbₚ| of the exact sum, γₖ = k·u/(1 − k·u) with u the unit roundoff
//!   (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1), so they differ by at
//!   most 2γₖ·Σ|aₚbₚ|. A wrong index or a lost term is off by a whole term, far above that.

use super::simd::FORCED;
use super::sparse::{Columns, Lines, sparse_mul, sparse_tmul};
use super::{matmul, matmul_nt, matmul_tn};
use crate::Float;
use crate::kernels::sparse::SparseRows;
use nalgebra::{DMatrix, RowSVector, SMatrix};
use pulp::Arch;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Every instruction set this CPU can run, widest first, with its name and whether it fuses
/// multiply-adds (then its sums are bit for bit those of the widest).
fn levels() -> Vec<(&'static str, Arch, bool)> {
    let mut levels = Vec::new();
    if let Some(simd) = pulp::x86::V4::try_new() {
        levels.push(("AVX-512", Arch::V4(simd), true));
    }
    if let Some(simd) = pulp::x86::V3::try_new() {
        levels.push(("AVX2", Arch::V3(simd), true));
    }
    levels.push(("baseline", Arch::Scalar, false));
    levels
}

/// `f`'s results under each instruction set, checked as the module says: `bound[i]` is
/// Σ|aₚbₚ| of result i, a sum of `k` products.
fn agree<T: Float>(what: &str, k: usize, bound: &[f64], f: impl Fn() -> Vec<T>) {
    let u = T::default_epsilon().to_f64().expect("ε is finite") / 2.0;
    let gamma = k as f64 * u / (1.0 - k as f64 * u);
    let runs: Vec<(&str, bool, Vec<T>)> = levels()
        .into_iter()
        .map(|(name, arch, fused)| {
            FORCED.set(Some(arch));
            let out = f();
            FORCED.set(None);
            (name, fused, out)
        })
        .collect();
    let (widest, _, first) = &runs[0];
    for (name, fused, out) in &runs[1..] {
        for (i, (&x, &y)) in first.iter().zip(out).enumerate() {
            let (x, y) = (x.to_f64().expect("finite"), y.to_f64().expect("finite"));
            if !fused {
                let tol = 2.0 * gamma * bound[i];
                assert!((x - y).abs() <= tol, "{what}[{i}]: {widest} {x:e}, {name} {y:e}, beyond {tol:e}");
            } else {
                assert_eq!(x.to_bits(), y.to_bits(), "{what}[{i}]: {widest} {x:e}, {name} {y:e}");
            }
        }
    }
}

fn random<T: Float, const R: usize, const C: usize>(rng: &mut StdRng, zeros: f64) -> Box<SMatrix<T, R, C>> {
    let mut m = crate::zeros_boxed::<T, R, C>();
    for x in m.iter_mut() {
        if !rng.random_bool(zeros) {
            *x = T::from_f64(rng.random_range(-1.0..1.0)).expect("in range");
        }
    }
    m
}

/// |m| elementwise, on the heap (the batches are too large for a test thread's stack).
fn abs<T: Float, const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> DMatrix<f64> {
    DMatrix::from_iterator(R, C, m.iter().map(|x| x.to_f64().expect("finite").abs()))
}

/// nn, tn and nt products of M×K and K×N shapes on every instruction set.
fn dense<T: Float, const M: usize, const K: usize, const N: usize>(seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let a = random::<T, M, K>(&mut rng, 0.0);
    let b = random::<T, K, N>(&mut rng, 0.0);
    let at = Box::new(a.transpose());
    let bt = Box::new(b.transpose());
    let bound = abs(&a) * abs(&b);
    agree(&format!("{M}×{K}·{K}×{N}"), K, bound.as_slice(), || {
        let mut c = crate::zeros_boxed::<T, M, N>();
        matmul(&mut c, &a, &b);
        c.as_slice().to_vec()
    });
    agree(&format!("({K}×{M})ᵀ·{K}×{N}"), K, bound.as_slice(), || {
        let mut c = crate::zeros_boxed::<T, M, N>();
        matmul_tn(&mut c, &at, &b);
        c.as_slice().to_vec()
    });
    agree(&format!("{M}×{K}·({N}×{K})ᵀ"), K, bound.as_slice(), || {
        let mut c = crate::zeros_boxed::<T, M, N>();
        matmul_nt(&mut c, &a, &bt);
        c.as_slice().to_vec()
    });
}

/// The sparse products of a first layer, Y = X·W + b and dW = Xᵀ·dY, on every instruction set,
/// X an N×I batch with four fifths zeros, as MNIST's.
fn sparse<T: Float, const N: usize, const I: usize, const O: usize>(seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = random::<T, N, I>(&mut rng, 0.8);
    let w = random::<T, I, O>(&mut rng, 0.0);
    let b = RowSVector::<T, O>::from_iterator(
        (0..O).map(|_| T::from_f64(rng.random_range(-1.0..1.0)).expect("in range")),
    );
    let dout = random::<T, N, O>(&mut rng, 0.0);
    let rows = SparseRows::from_dense(&x);
    let mut forward_bound = abs(&x) * abs(&w);
    for (j, mut column) in forward_bound.column_iter_mut().enumerate() {
        column.add_scalar_mut(b[j].to_f64().expect("finite").abs());
    }
    agree(&format!("sparse {N}×{I}·{I}×{O} + b"), I + 1, forward_bound.as_slice(), || {
        let (mut lines, mut y) = (Lines::new(), crate::zeros_boxed::<T, N, O>());
        lines.copy_rows_of(&*w);
        sparse_mul(rows.csr(), &lines, b.as_slice(), y.as_mut_slice());
        y.as_slice().to_vec()
    });
    let dw_bound = abs(&x).transpose() * abs(&dout);
    agree(&format!("sparse ({N}×{I})ᵀ·{N}×{O}"), N, dw_bound.as_slice(), || {
        let (mut d, mut g, mut columns) = (Lines::new(), Lines::new(), Columns::new());
        d.copy_rows_of(&*dout);
        columns.fill_from(rows.csr(), I);
        sparse_tmul(&columns, &d, &mut g);
        let mut dw = crate::zeros_boxed::<T, I, O>();
        g.copy_rows_to(&mut *dw);
        dw.as_slice().to_vec()
    });
}

#[test]
fn dense_products_agree_on_every_instruction_set() {
    dense::<f32, 100, 784, 50>(1); // the book's X·W1, dW1, dX
    dense::<f32, 100, 50, 10>(2); // its second layer
    dense::<f32, 7, 13, 5>(3); // edges of every tile
    dense::<f32, 37, 29, 26>(9); // AVX-512's 32×10 tiles, and one of 16 rows overlapping at the end
    dense::<f32, 21, 70, 7>(10); // and its 32×4
    dense::<f32, 300, 130, 24>(11); // a tall A, packed four row tiles at a time; three blocks of terms
    dense::<f32, 48, 100, 20>(12); // two blocks of terms, summed tile by tile; a 16-row tile ending C
    dense::<f64, 33, 70, 17>(4);
    dense::<f64, 1, 3, 2>(5);
}

#[test]
fn sparse_products_agree_on_every_instruction_set() {
    sparse::<f32, 100, 784, 50>(6);
    sparse::<f32, 3, 20, 37>(7);
    sparse::<f64, 17, 40, 9>(8);
}

/// The trainer's check of its batches and parameters finds a NaN or an infinity wherever it
/// is, in the 32-wide chunks or in the tail, and passes finite values up to the largest, on
/// every instruction set: a check that passed a NaN would let it into training unannounced.
#[test]
fn non_finite_values_are_found_on_every_instruction_set() {
    fn check<T: Float>() {
        let big = T::lit(f64::from(f32::MAX)); // finite in both types
        for (name, arch, _) in levels() {
            FORCED.set(Some(arch));
            for len in [0_usize, 1, 31, 32, 33, 100, 78_400] {
                let mut values: Vec<T> = (0..len).map(|i| T::lit(i as f64 * 0.37 - 11.0)).collect();
                values.iter_mut().step_by(7).for_each(|v| *v = big);
                values.iter_mut().skip(3).step_by(11).for_each(|v| *v = -big);
                assert!(super::all_finite(&values), "{name}: {len} finite values");
                for at in [0, len / 2, len.saturating_sub(1)].into_iter().filter(|&at| at < len) {
                    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(T::lit) {
                        let old = std::mem::replace(&mut values[at], bad);
                        assert!(!super::all_finite(&values), "{name}: {bad:?} at {at} of {len}");
                        values[at] = old;
                    }
                }
            }
            FORCED.set(None);
        }
    }
    check::<f32>();
    check::<f64>();
}
