//! The stages of one training step of the book's SimpleConvNet (batch 100, f32), on MNIST: wall
//! time around each layer's call in the order `SimpleConvNet::gradient` makes them, then Adam's
//! update; medians over 200 steps after 20 (a median is not moved by the few steps that
//! another job's burst slows down), on one thread and then inside
//! `kernels::with_all_cores` (the pool `ch07_train_convnet` trains in). docs/performance.md's
//! per-stage table for chapter 7 quotes what it prints.
//!
//!   cd scripts/bench/stage_times && cargo run --release --bin convnet -- ../../../data/mnist
use dldw::SimpleConvNet;
use dldw::init::Init;
use dldw::layers::{FirstLayer, Layer, LossLayer};
use dldw::matmul::{matmul, matmul_nt, matmul_tn};
use dldw::mnist::{Mnist, PIXELS};
use dldw::optim::{Adam, Optimizer};
use dldw::train::{RandomChoice, Sampler};
use nalgebra::SMatrix;
use rand::SeedableRng;
use std::time::Instant;

const STAGES: [&str; 16] = [
    "batch gather (100 random images)",
    "Conv1 forward (first layer)",
    "Relu1 forward",
    "Pool1 forward",
    "Affine1 forward (4320 → 100)",
    "Relu2 forward",
    "Affine2 forward, SoftmaxWithLoss forward",
    "SoftmaxWithLoss backward",
    "Affine2 backward",
    "Relu2 backward",
    "Affine1 backward",
    "Pool1 backward",
    "Relu1 backward",
    "Conv1 backward (dW, db)",
    "Adam",
    "the whole step",
];

/// Median seconds per stage over `steps` steps after `warm` steps.
fn stages(data: &Mnist, warm: usize, steps: usize) -> [f64; 16] {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut net = SimpleConvNet::<f32>::new(Init::book(), &mut rng);
    let mut adam = Adam::new(0.001).expect("a valid learning rate");
    let mut sampler = RandomChoice::new(data.train.len());
    let mut x = dldw::zeros_boxed::<f32, 100, PIXELS>();
    let mut mask = [0; 100];
    let mut samples: [Vec<f64>; 16] = std::array::from_fn(|_| Vec::with_capacity(steps));
    for step in 0..warm + steps {
        let mut at = [0.0; 16];
        let whole = Instant::now();
        let mut clock = Instant::now();
        let mut lap = |k: usize| {
            at[k] += clock.elapsed().as_secs_f64();
            clock = Instant::now();
        };
        sampler.fill(&mut mask, &mut rng);
        let t = data.train.gather_pixels(&mask, &mut x);
        lap(0);
        let h = net.conv1.forward_first(&*x);
        lap(1);
        let h = net.relu1.forward(h);
        lap(2);
        let h = net.pool1.forward(h);
        lap(3);
        let h = net.affine1.forward(h);
        lap(4);
        let h = net.relu2.forward(h);
        lap(5);
        let loss = net.last.forward(net.affine2.forward(h), &t);
        lap(6);
        let d = net.last.backward::<100, 10>();
        lap(7);
        let d = net.affine2.backward(d);
        lap(8);
        let d = net.relu2.backward(d);
        lap(9);
        let d = net.affine1.backward(d);
        lap(10);
        let d = net.pool1.backward(d);
        lap(11);
        let d = net.relu1.backward(d);
        lap(12);
        net.conv1.backward_first(&*x, d);
        lap(13);
        adam.step(&mut net);
        lap(14);
        assert!(loss.is_finite(), "the loss stays finite");
        at[15] = whole.elapsed().as_secs_f64();
        if step >= warm {
            samples.iter_mut().zip(at).for_each(|(s, a)| s.push(a));
        }
    }
    samples.map(|mut s| {
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    })
}

/// Median seconds of `calls` calls of `f`, after one.
fn median(calls: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..calls)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[calls / 2]
}

/// Affine1's three products alone (X·W, Xᵀ·dY, dY·Wᵀ) and its copy of X, on one thread and
/// in the pool: what the layer's forward and backward are made of.
fn products() {
    let x = Box::new(SMatrix::<f32, 100, 4320>::from_fn(|n, k| if (n + 3 * k) % 4 == 0 { 0.0 } else { 0.5 }));
    let w = Box::new(SMatrix::<f32, 4320, 100>::from_fn(|k, j| ((k * 7 + j) % 13) as f32 * 0.01 - 0.06));
    let dy = Box::new(SMatrix::<f32, 100, 100>::from_fn(|n, j| ((n * 3 + j) % 11) as f32 * 0.1 - 0.5));
    let (mut y, mut dw, mut dx) = (
        dldw::zeros_boxed::<f32, 100, 100>(),
        dldw::zeros_boxed::<f32, 4320, 100>(),
        dldw::zeros_boxed::<f32, 100, 4320>(),
    );
    let mut copy = dldw::zeros_boxed::<f32, 100, 4320>();
    let mut run = || {
        [
            median(300, || matmul(&mut y, &x, &w)),
            median(300, || matmul_tn(&mut dw, &x, &dy)),
            median(300, || matmul_nt(&mut dx, &dy, &w)),
            median(300, || copy.copy_from(&*x)),
        ]
    };
    let one = run();
    let two = dldw::kernels::with_all_cores(&mut run);
    let names = ["X·W (100×4320·4320×100)", "dW = Xᵀ·dY", "dX = dY·Wᵀ", "the copy of X (nalgebra copy_from)"];
    for (k, name) in names.iter().enumerate() {
        println!("{name:<44} {:>10.3} {:>10.3}", one[k] * 1e3, two[k] * 1e3);
    }
}

fn main() {
    if std::env::args().nth(2).as_deref() == Some("products") {
        return products();
    }
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../../../data/mnist".into());
    let data = Mnist::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let one = stages(&data, 20, 200);
    let two = dldw::kernels::with_all_cores(|| stages(&data, 20, 200));
    println!("{:<44} {:>10} {:>10}", "stage (ms, median of 200 steps after 20)", "1 thread", "pool");
    for (k, name) in STAGES.iter().enumerate() {
        println!("{name:<44} {:>10.3} {:>10.3}", one[k] * 1e3, two[k] * 1e3);
    }
}
