//! The book's training run in pieces, on the real MNIST files (`data/mnist`, or
//! `$DLDW_MNIST_DIR`): one training iteration of 784-50-10 at batch 100 in f32 and f64, one
//! full evaluation of the test set, and the book's gradient check (5.7.3) on 3 images in f64.
//!
//! ```sh
//! cargo bench --bench training
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use dldw::gradient_check::gradient_check;
use dldw::init::Init;
use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
use dldw::mnist::{Mnist, data_dir};
use dldw::optim::{Optimizer, Sgd};
use dldw::sparse::SparseRows;
use dldw::train::{EvalBatch, RandomChoice, Sampler, evaluate};
use dldw::{Float, TwoLayerNet, zeros_boxed};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::hint::black_box;

fn mnist() -> Mnist {
    Mnist::load(data_dir(None)).expect("the MNIST files (see data/mnist/README.md)")
}

/// Sample a batch of 100, backprop, one SGD step: one iteration of `train_neuralnet.py`, as
/// the trainer runs it (the batch as its nonzero pixels) and with a dense batch.
fn iteration<T: Float + Default>(c: &mut Criterion, data: &Mnist) {
    let mut rng = StdRng::seed_from_u64(0);
    let mut net = TwoLayerNet::<784, 50, 10, T>::new(Init::book(), &mut rng);
    let mut sgd = Sgd::new(0.1).expect("valid learning rate");
    let mut sampler = RandomChoice::new(data.train.len());
    let mut rows = SparseRows::<T, 100, 784>::new();
    let mut idx = [0; 100];
    c.bench_function(&format!("training iteration 784-50-10 batch 100 {}", T::DTYPE), |b| {
        b.iter(|| {
            sampler.fill(&mut idx, &mut rng);
            let t = data.train.gather_ink(&idx, &mut rows);
            let loss = net.gradient(&rows, &t);
            sgd.step(&mut net);
            black_box(loss)
        })
    });
    let mut x = zeros_boxed::<T, 100, 784>();
    c.bench_function(&format!("training iteration 784-50-10 batch 100 {} dense batch", T::DTYPE), |b| {
        b.iter(|| {
            sampler.fill(&mut idx, &mut rng);
            let t = data.train.gather_pixels(&idx, &mut x);
            let loss = net.gradient(&*x, &t);
            sgd.step(&mut net);
            black_box(loss)
        })
    });
}

fn training(c: &mut Criterion) {
    let data = mnist();
    iteration::<f32>(c, &data);
    iteration::<f64>(c, &data);

    let mut rng = StdRng::seed_from_u64(0);
    let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
    let mut group = c.benchmark_group("evaluation");
    group.sample_size(20);
    group.bench_function("test set 10000 images f32 chunks of 1000", |b| {
        b.iter(|| evaluate(&mut net, &data.test, EvalBatch::<1000>))
    });
    group.bench_function("train set 60000 images f32 chunks of 1000", |b| {
        b.iter(|| evaluate(&mut net, &data.train, EvalBatch::<1000>))
    });
    group.finish();

    let mut model = (
        Affine::<784, 50, f64>::new(Init::book(), &mut rng),
        Relu::new(),
        Affine::<50, 10, f64>::new(Init::book(), &mut rng),
    );
    let mut x = zeros_boxed::<f64, 3, 784>();
    let t = data.train.gather_pixels(&[0, 1, 2], &mut x);
    let mut group = c.benchmark_group("gradient check");
    group.sample_size(10);
    group.bench_function("784-50-10 on 3 images f64", |b| {
        b.iter(|| black_box(gradient_check(&mut model, &mut SoftmaxWithLoss::new(), &*x, &t).max_abs_diff()))
    });
    group.finish();
}

criterion_group!(benches, training);
criterion_main!(benches);
