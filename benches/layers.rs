//! Forward + backward of each layer of the book's network at MNIST sizes (batch 100), and the
//! three matrix products underneath.
//!
//! ```sh
//! cargo bench --bench layers
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use dldw::init::Init;
use dldw::layers::{Affine, FirstLayer, Layer, LossLayer, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use dldw::matmul::{matmul, matmul_nt, matmul_tn};
use dldw::sparse::SparseRows;
use dldw::{Float, zeros_boxed};
use nalgebra::SMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::hint::black_box;

const N: usize = 100;

/// A batch with MNIST's share of zero pixels (about 81 %), values in [0, 1].
fn batch<T: Float, const R: usize, const C: usize>() -> Box<SMatrix<T, R, C>> {
    let mut x = zeros_boxed::<T, R, C>();
    for (i, v) in x.iter_mut().enumerate() {
        let h = (i * 7919) % 1000;
        *v = if h < 190 { T::lit(h as f64 / 190.0) } else { T::zero() };
    }
    x
}

fn affine<T: Float, const I: usize, const O: usize>(c: &mut Criterion, name: &str) {
    let mut rng = StdRng::seed_from_u64(0);
    let mut layer = Affine::<I, O, T>::new(Init::book(), &mut rng);
    let x = batch::<T, N, I>();
    let dy = batch::<T, N, O>();
    c.bench_function(&format!("{name} forward+backward"), |b| {
        b.iter(|| {
            layer.forward(&x);
            black_box(layer.backward(&dy)[0])
        })
    });
    c.bench_function(&format!("{name} forward_first+backward_first"), |b| {
        b.iter(|| {
            layer.forward_first(&x);
            layer.backward_first(&x, &dy);
            black_box(layer.dW[0])
        })
    });
}

/// The first layer as the trainer runs it on MNIST: the batch as its nonzeros.
fn affine_sparse<T: Float, const I: usize, const O: usize>(c: &mut Criterion, name: &str) {
    let mut rng = StdRng::seed_from_u64(0);
    let mut layer = Affine::<I, O, T>::new(Init::book(), &mut rng);
    let x = SparseRows::from_dense(&batch::<T, N, I>());
    let dy = batch::<T, N, O>();
    c.bench_function(&format!("{name} sparse forward_first+backward_first"), |b| {
        b.iter(|| {
            layer.forward_first(&x);
            layer.backward_first(&x, &dy);
            black_box(layer.dW[0])
        })
    });
}

fn layers(c: &mut Criterion) {
    affine_sparse::<f32, 784, 50>(c, "Affine 784→50 f32");
    affine_sparse::<f64, 784, 50>(c, "Affine 784→50 f64");
    affine::<f32, 784, 50>(c, "Affine 784→50 f32");
    affine::<f64, 784, 50>(c, "Affine 784→50 f64");
    affine::<f32, 50, 10>(c, "Affine 50→10 f32");

    let mut relu = Relu::<f32>::new();
    let (x, dy) = (batch::<f32, N, 50>(), batch::<f32, N, 50>());
    c.bench_function("Relu 50 f32 forward+backward", |b| {
        b.iter(|| {
            relu.forward(&x);
            black_box(relu.backward(&dy)[0])
        })
    });

    let mut last = SoftmaxWithLoss::<f32>::new();
    let y = batch::<f32, N, 10>();
    let t = Labels::<N, 10>::new(std::array::from_fn(|n| n % 10)).expect("digits");
    c.bench_function("SoftmaxWithLoss 10 f32 forward+backward", |b| {
        b.iter(|| {
            let loss = last.forward(&y, &t);
            black_box((loss, last.backward::<N, 10>()[0]))
        })
    });
}

fn products(c: &mut Criterion) {
    let (x, w, dy) = (batch::<f32, N, 784>(), batch::<f32, 784, 50>(), batch::<f32, N, 50>());
    let (mut y, mut dw, mut dx) =
        (zeros_boxed::<f32, N, 50>(), zeros_boxed::<f32, 784, 50>(), zeros_boxed::<f32, N, 784>());
    c.bench_function("matmul X·W 100×784·784×50 f32", |b| b.iter(|| matmul(&mut y, &x, &w)));
    c.bench_function("matmul_tn Xᵀ·dY 784×100·100×50 f32", |b| b.iter(|| matmul_tn(&mut dw, &x, &dy)));
    c.bench_function("matmul_nt dY·Wᵀ 100×50·50×784 f32", |b| b.iter(|| matmul_nt(&mut dx, &dy, &w)));
    let (x3, w64) = (batch::<f64, 3, 784>(), batch::<f64, 784, 50>());
    let mut y3 = zeros_boxed::<f64, 3, 50>();
    c.bench_function("matmul X·W 3×784·784×50 f64", |b| b.iter(|| matmul(&mut y3, &x3, &w64)));
}

criterion_group!(benches, layers, products);
criterion_main!(benches);
