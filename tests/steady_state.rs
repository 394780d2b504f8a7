//! The training loop allocates nothing once it runs (issue 5): every buffer is made by the
//! first iteration and reused after. Counted with a counting global allocator
//! (`allocation-counter`), which this test binary alone links.

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::loss::Labels;
use dldw::optim::{Optimizer, OptimizerKind};
use dldw::sparse::SparseRows;
use dldw::train::{Dataset, Sampling, Schedule, TrainConfig, train};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// 1000 synthetic 784-pixel "images" with about MNIST's share of zero pixels, given to the
/// trainer as MNIST is: their nonzeros only.
struct Synthetic;

impl Synthetic {
    /// Pixel p of image i.
    fn pixel(i: usize, p: usize) -> f32 {
        let h = (i * 7919 + p * 104_729) % 1000;
        if h < 190 { h as f32 / 190.0 } else { 0.0 }
    }
}

impl Dataset<f32, 784, 10> for Synthetic {
    type Batch<const N: usize> = SparseRows<f32, N, 784>;
    fn len(&self) -> usize {
        1000
    }
    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SparseRows<f32, N, 784>) -> Labels<N, 10> {
        x.fill(idx.iter().map(|&i| (0..784).map(move |p| (p, Self::pixel(i, p))).filter(|&(_, v)| v != 0.0)));
        Labels::new(idx.map(|i| i % 10)).expect("i % 10 < 10")
    }
}

#[test]
fn an_iteration_after_the_first_allocates_nothing_for_every_optimizer() {
    for kind in OptimizerKind::ALL {
        let mut rng = StdRng::seed_from_u64(1);
        let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
        let mut opt = kind.build::<f32>(0.01).expect("valid learning rate");
        let mut x = dldw::zeros_boxed::<f32, 100, 784>();
        let mut rows = SparseRows::<f32, 100, 784>::new();
        // Odd iterations dense, even ones sparse: both ways' buffers must be reused.
        let mut step = |i: usize| {
            let idx: [usize; 100] = std::array::from_fn(|n| (i * 100 + n) % 1000);
            let t = Synthetic.gather(&idx, &mut rows);
            let loss = if i % 2 == 1 {
                for (n, p) in (0..100).flat_map(|n| (0..784).map(move |p| (n, p))) {
                    x[(n, p)] = Synthetic::pixel(idx[n], p);
                }
                net.gradient(&x, &t)
            } else {
                net.gradient(&rows, &t)
            };
            opt.step(&mut net);
            loss
        };
        step(0); // the first iterations size every buffer and optimizer slot
        step(1);
        let info = allocation_counter::measure(|| {
            for i in 2..20 {
                assert!(step(i).is_finite());
            }
        });
        assert_eq!(
            info.count_total, 0,
            "{kind}: {} allocations in 18 steady-state iterations",
            info.count_total
        );
    }
}

#[test]
fn the_trainer_allocates_the_same_for_50_and_500_iterations() {
    let count = |iters: usize| {
        let mut rng = StdRng::seed_from_u64(2);
        let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
        let mut opt = OptimizerKind::Sgd.build::<f32>(0.1).expect("valid learning rate");
        // One evaluation (at iteration 0) in both runs; the history's capacity is reserved up
        // front, so only the loop itself could make the counts differ.
        let config =
            TrainConfig { iters, eval_every: 1000, sampling: Sampling::Shuffled, schedule: Schedule::Cosine }
                .batches::<100, 500>();
        allocation_counter::measure(|| {
            let h = train(&mut net, &mut opt, &Synthetic, &Synthetic, &config, &mut rng, |_| {})
                .expect("finite losses");
            assert_eq!(h.losses.len(), iters);
        })
        .count_total
    };
    assert_eq!(count(50), count(500));
}

/// Allocations in 3 steps of the book's SimpleConvNet (chapter 7), batches of `N`, each an
/// Adam update, after a first step that sizes every buffer; counted on the calling thread.
fn simple_conv_net_step_allocations<const N: usize>(seed: u64) -> usize {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut net = dldw::SimpleConvNet::<f32>::new(Init::book(), &mut rng);
    let mut opt = OptimizerKind::Adam.build::<f32>(0.001).expect("valid learning rate");
    let mut x = dldw::zeros_boxed::<f32, N, 784>();
    let mut step = |i: usize| {
        let idx: [usize; N] = std::array::from_fn(|n| (i * N + n) % 1000);
        for (n, p) in (0..N).flat_map(|n| (0..784).map(move |p| (n, p))) {
            x[(n, p)] = Synthetic::pixel(idx[n], p);
        }
        let t = Labels::new(idx.map(|i| i % 10)).expect("i % 10 < 10");
        let loss = net.gradient(&x, &t);
        opt.step(&mut net);
        loss
    };
    step(0);
    let info = allocation_counter::measure(|| {
        for i in 1..4 {
            assert!(step(i).is_finite());
        }
    });
    info.count_total as usize
}

/// The book's SimpleConvNet: after the first step, a step (its first convolution read
/// straight from the batch) and an Adam update allocate nothing. Batches of 10 keep the
/// unoptimised test quick.
#[test]
fn a_simple_conv_net_step_after_the_first_allocates_nothing() {
    let count = simple_conv_net_step_allocations::<10>(3);
    assert_eq!(count, 0, "{count} allocations in 3 steady-state steps");
}

/// The same inside a pool of two threads, where the step's kernels halve their loops over both
/// (`dldw::kernels::with_all_cores` runs a step so): the pool's threads persist, so once they
/// are started a step allocates nothing. A batch of 100 makes every loop large enough to be
/// halved. Counted on the thread that runs the step (the counter is per thread; the other
/// thread only runs halves of the same kernels).
#[test]
fn a_simple_conv_net_step_halved_over_two_threads_allocates_nothing() {
    let two = rayon_core::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool of two threads");
    let count = two.install(|| simple_conv_net_step_allocations::<100>(4));
    assert_eq!(count, 0, "{count} allocations in 3 steady-state steps on two threads");
}
