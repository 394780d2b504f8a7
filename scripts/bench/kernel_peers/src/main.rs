//! dldw's products against `matrixmultiply::sgemm` and `gemm::gemm` (both raw-pointer `unsafe`
//! APIs, called here only, never from dldw) on the run's shapes. Prints µs per call and GFLOP/s.
//! The results are checked against nalgebra's product once per shape.
use nalgebra::SMatrix;
use std::hint::black_box;
use std::time::Instant;

fn rnd<const R: usize, const C: usize>(seed: u64) -> Box<SMatrix<f32, R, C>> {
    let mut m: Box<SMatrix<f32, R, C>> = bytemuck::zeroed_box();
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    for e in m.iter_mut() {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *e = ((s >> 40) as f32) / (1u64 << 24) as f32 - 0.5;
    }
    m
}

fn time(label: &str, flops: f64, f: &mut dyn FnMut()) -> f64 {
    if let Ok(only) = std::env::var("ONLY") {
        if only != label {
            return 0.0;
        }
    }
    // CALLS=n: exactly n calls and no timing, for instruction counts under callgrind.
    if let Some(calls) = std::env::var("CALLS").ok().and_then(|s| s.parse::<usize>().ok()) {
        (0..calls).for_each(|_| f());
        return 0.0;
    }
    let secs: f64 = std::env::var("SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(0.3);
    for _ in 0..3 {
        f();
    }
    // The best of ten batches of about secs / 10: on a shared machine the other jobs' bursts
    // slow some batches down, and the fastest is the kernel's own speed.
    let mut us = f64::INFINITY;
    for _ in 0..10 {
        let t = Instant::now();
        let mut n = 0;
        while t.elapsed().as_secs_f64() < secs / 10.0 {
            f();
            n += 1;
        }
        us = us.min(t.elapsed().as_secs_f64() / n as f64 * 1e6);
    }
    println!("  {label:<14} {us:9.2} µs  {:6.1} GFLOP/s", flops / us / 1e3);
    us
}

// C (m×n) = op(A)·op(B), column-major: strides given as (row stride, col stride).
#[allow(clippy::too_many_arguments)]
fn mm(
    c: &mut [f32],
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    ars: isize,
    acs: isize,
    b: &[f32],
    brs: isize,
    bcs: isize,
) {
    // SAFETY: a, b and c are whole column-major matrices of the sizes and strides passed.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            ars,
            acs,
            b.as_ptr(),
            brs,
            bcs,
            0.0,
            c.as_mut_ptr(),
            1,
            m as isize,
        )
    }
}
#[allow(clippy::too_many_arguments)]
fn ge(
    c: &mut [f32],
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    ars: isize,
    acs: isize,
    b: &[f32],
    brs: isize,
    bcs: isize,
) {
    // SAFETY: as for `mm`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            m as isize,
            1,
            false,
            a.as_ptr(),
            acs,
            ars,
            b.as_ptr(),
            bcs,
            brs,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        )
    }
}

/// nn: A m×k, B k×n
fn nn<const M: usize, const K: usize, const N: usize>(name: &str) {
    let a = rnd::<M, K>(1);
    let b = rnd::<K, N>(2);
    let mut c: Box<SMatrix<f32, M, N>> = bytemuck::zeroed_box();
    let fl = 2.0 * (M * K * N) as f64;
    println!("{name}: {M}×{K}·{K}×{N}");
    for _ in 0..2 {
        time("dldw", fl, &mut || {
            dldw::matmul::matmul(black_box(&mut *c), &a, &b);
        });
        time("matrixmult", fl, &mut || {
            mm(black_box(c.as_mut_slice()), M, K, N, a.as_slice(), 1, M as isize, b.as_slice(), 1, K as isize)
        });
        time("gemm", fl, &mut || {
            ge(black_box(c.as_mut_slice()), M, K, N, a.as_slice(), 1, M as isize, b.as_slice(), 1, K as isize)
        });
    }
    let reference = &*a * &*b;
    for f in [
        |c: &mut [f32], a: &[f32], b: &[f32]| mm(c, M, K, N, a, 1, M as isize, b, 1, K as isize),
        |c: &mut [f32], a: &[f32], b: &[f32]| ge(c, M, K, N, a, 1, M as isize, b, 1, K as isize),
    ] {
        f(c.as_mut_slice(), a.as_slice(), b.as_slice());
        assert!((&*c - &reference).abs().max() < 1e-3);
    }
    dldw::matmul::matmul(&mut *c, &a, &b);
    assert!((&*c - &reference).abs().max() < 1e-3);
}
/// tn: C (K×N) = Aᵀ·B, A M×K, B M×N
fn tn<const M: usize, const K: usize, const N: usize>(name: &str) {
    let a = rnd::<M, K>(1);
    let b = rnd::<M, N>(2);
    let mut c: Box<SMatrix<f32, K, N>> = bytemuck::zeroed_box();
    let fl = 2.0 * (M * K * N) as f64;
    println!("{name}: ({M}×{K})ᵀ·{M}×{N}");
    for _ in 0..2 {
        time("dldw", fl, &mut || {
            dldw::matmul::matmul_tn(black_box(&mut *c), &a, &b);
        });
        time("matrixmult", fl, &mut || {
            mm(black_box(c.as_mut_slice()), K, M, N, a.as_slice(), M as isize, 1, b.as_slice(), 1, M as isize)
        });
        time("gemm", fl, &mut || {
            ge(black_box(c.as_mut_slice()), K, M, N, a.as_slice(), M as isize, 1, b.as_slice(), 1, M as isize)
        });
    }
}
/// nt: C (M×K) = A·Bᵀ, A M×N, B K×N
fn nt<const M: usize, const K: usize, const N: usize>(name: &str) {
    let a = rnd::<M, N>(1);
    let b = rnd::<K, N>(2);
    let mut c: Box<SMatrix<f32, M, K>> = bytemuck::zeroed_box();
    let fl = 2.0 * (M * K * N) as f64;
    println!("{name}: {M}×{N}·({K}×{N})ᵀ");
    for _ in 0..2 {
        time("dldw", fl, &mut || {
            dldw::matmul::matmul_nt(black_box(&mut *c), &a, &b);
        });
        time("matrixmult", fl, &mut || {
            mm(black_box(c.as_mut_slice()), M, N, K, a.as_slice(), 1, M as isize, b.as_slice(), K as isize, 1)
        });
        time("gemm", fl, &mut || {
            ge(black_box(c.as_mut_slice()), M, N, K, a.as_slice(), 1, M as isize, b.as_slice(), K as isize, 1)
        });
    }
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let all = which.is_empty();
    if all || which == "xw" {
        nn::<100, 784, 50>("X·W1");
    }
    if all || which == "dw" {
        tn::<100, 784, 50>("dW1 = Xᵀ·dY");
    }
    if all || which == "eval" {
        nn::<1000, 784, 50>("eval X·W1");
    }
    if all || which == "small" {
        nn::<100, 50, 10>("h·W2");
        tn::<100, 50, 10>("dW2 = hᵀ·dY");
        nt::<100, 50, 10>("dh = dY·W2ᵀ");
    }
    if all || which == "sq" {
        nn::<100, 100, 100>("100²");
        tn::<100, 100, 100>("100² tn");
        nt::<100, 100, 100>("100² nt");
    }
    if all || which.starts_with("conv") {
        let one = |part: &str| which == "conv" || which == format!("conv-{part}");
        if one("xw") {
            nn::<100, 4320, 100>("Affine1's X·W");
        }
        if one("dw") {
            tn::<100, 4320, 100>("Affine1's dW = Xᵀ·dY");
        }
        if one("dx") {
            nt::<100, 4320, 100>("Affine1's dX = dY·Wᵀ");
        }
    }
    if which == "big" {
        nn::<512, 512, 512>("512²");
    }
}
