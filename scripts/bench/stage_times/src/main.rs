//! The stages of the book's run (784-50-10, batch 100, f32), timed one by one on MNIST: each
//! line is the best of seven batches of calls (on a shared machine the other jobs' bursts slow
//! some batches down; the fastest is the code's own speed), in µs or ms per call.
use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::layers::{Affine, FirstLayer};
use dldw::matmul::{matmul, matmul_tn};
use dldw::mnist::{Mnist, PIXELS};
use dldw::optim::Sgd;
use dldw::sparse::SparseRows;
use dldw::train::{Batch, EvalBatch, TrainConfig, evaluate, train};
use nalgebra::SMatrix;
use rand::SeedableRng;
use std::hint::black_box;
use std::time::Instant;

/// Seconds per call of `f`, the best of seven batches of `calls`.
fn best(calls: usize, mut f: impl FnMut()) -> f64 {
    f();
    (0..7)
        .map(|_| {
            let start = Instant::now();
            (0..calls).for_each(|_| f());
            start.elapsed().as_secs_f64() / calls as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn line(what: &str, seconds: f64) {
    if seconds >= 1e-3 {
        println!("{what:<48} {:9.1} ms", seconds * 1e3);
    } else {
        println!("{what:<48} {:9.2} µs", seconds * 1e6);
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../../../data/mnist".into());
    let load = |dir: &str| Mnist::load(dir).unwrap_or_else(|e| panic!("{e}"));
    line("Mnist::load (both sets)", best(1, || _ = black_box(load(&dir))));
    let data = load(&dir);
    let set = &data.train;

    // 100 random images per batch, a different batch at every call.
    let mut k = 0usize;
    let mut random = move || -> [usize; 100] {
        k += 1;
        std::array::from_fn(|i| (k * 7919 + i * 104_729) % set.len())
    };
    let in_order: [usize; 1000] = std::array::from_fn(|i| i + 5000);
    let mut x = dldw::zeros_boxed::<f32, 100, PIXELS>();
    let mut chunk = dldw::zeros_boxed::<f32, 1000, PIXELS>();
    let mut rows = SparseRows::<f32, 100, PIXELS>::new();
    line("dense gather, 100 random images", best(2000, || _ = set.gather_pixels(&random(), &mut x)));
    line("dense gather, 1000 images in order", best(100, || _ = set.gather_pixels(&in_order, &mut chunk)));
    line("sparse gather, 100 random images", best(2000, || _ = set.gather_ink(&random(), &mut rows)));
    set.gather_pixels(&random(), &mut x);
    set.gather_pixels(&in_order, &mut chunk);
    line("finiteness check of a dense batch of 100", best(2000, || _ = black_box(x.first_non_finite())));

    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let w =
        Box::new(SMatrix::<f32, PIXELS, 50>::from_fn(|p, j| ((p * 31 + j * 7) % 13) as f32 * 0.01 - 0.06));
    let dy = Box::new(SMatrix::<f32, 100, 50>::from_fn(|n, j| ((n * 3 + j) % 11) as f32 * 0.1 - 0.5));
    let (mut y, mut y1000) = (dldw::zeros_boxed::<f32, 100, 50>(), dldw::zeros_boxed::<f32, 1000, 50>());
    let mut dw = dldw::zeros_boxed::<f32, PIXELS, 50>();
    line("dense X·W1, 100×784·784×50", best(2000, || matmul(&mut y, &x, &w)));
    line("dense dW1 = Xᵀ·dY", best(2000, || matmul_tn(&mut dw, &x, &dy)));
    line("dense X·W1 of 1000 images in order", best(200, || matmul(&mut y1000, &chunk, &w)));

    set.gather_ink(&random(), &mut rows);
    let mut affine = Affine::<PIXELS, 50, f32>::new(Init::book(), &mut rng);
    let mut sorted = rows.clone();
    sorted.prepare();
    println!("(a sparse batch of 100 holds {} nonzeros)", rows.nonzeros());
    line("sparse forward (X·W1 + b)", best(2000, || _ = black_box(affine.forward_first(&rows))));
    line("sparse backward, batch not sorted (dW1, db)", best(2000, || affine.backward_first(&rows, &dy)));
    line("sorting a batch by column (Batch::prepare)", best(2000, || sorted.prepare()));
    line("sparse backward, batch sorted", best(2000, || affine.backward_first(&sorted, &dy)));

    let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
    line(
        "evaluation of both sets (70000 images)",
        best(3, || {
            black_box((
                evaluate(&mut net, &data.train, EvalBatch::<1000>),
                evaluate(&mut net, &data.test, EvalBatch::<1000>),
            ));
        }),
    );
    for every in [10_000, 600] {
        let seconds = best(1, || {
            let mut rng = rand::rngs::StdRng::seed_from_u64(0);
            let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
            let config = TrainConfig { iters: 10_000, eval_every: every, ..TrainConfig::book() }
                .batches::<100, 1000>();
            let mut sgd = Sgd::new(0.1).expect("a valid learning rate");
            train(&mut net, &mut sgd, &data.train, &data.test, &config, &mut rng, |_| {}).expect("trains");
        });
        line(&format!("training, 10000 iterations, a record every {every}"), seconds);
    }
}
