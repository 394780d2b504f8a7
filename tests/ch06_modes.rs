//! Chapter 6's train/test modes end to end, through the public API: what a user who trains a
//! model with Dropout and BatchNorm gets from `predict`, `evaluate`, optimizers and files.

use dldw::Network;
use dldw::init::Init;
use dldw::io::{load_from_bytes, load_into, save};
use dldw::layers::{Affine, BatchNorm, Dropout, Layer, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use dldw::optim::{Adam, Optimizer};
use dldw::params::{Name, Parameters};
use dldw::train::{Dataset, EvalBatch, evaluate};
use nalgebra::SMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;

type Model = (Affine<4, 6, f64>, BatchNorm<6, f64>, Relu<f64>, Dropout<f64>, Affine<6, 3, f64>);

fn net(seed: u64) -> Network<Model, SoftmaxWithLoss<f64>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let layers = (
        Affine::new(Init::he(), &mut rng),
        BatchNorm::new(),
        Relu::new(),
        Dropout::new(0.5, &mut rng).unwrap(),
        Affine::new(Init::he(), &mut rng),
    );
    Network::new(layers, SoftmaxWithLoss::new())
}

fn batch() -> SMatrix<f64, 8, 4> {
    SMatrix::from_fn(|n, k| ((n * 4 + k) as f64 * 0.37).sin())
}

/// Three classes by the sign pattern of the first two features.
struct Points;
impl Dataset<f64, 4, 3> for Points {
    type Batch<const N: usize> = SMatrix<f64, N, 4>;
    fn len(&self) -> usize {
        50
    }
    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 4>) -> Labels<N, 3> {
        for (n, &i) in idx.iter().enumerate() {
            for k in 0..4 {
                x[(n, k)] = ((i * 4 + k) as f64 * 0.61).sin();
            }
        }
        Labels::new(idx.map(|i| i % 3)).expect("3 classes")
    }
}

#[test]
fn predict_is_test_mode_and_the_same_every_time_while_training_draws_new_masks() {
    let mut net = net(1);
    let x = batch();
    let t = Labels::<8, 3>::new([0, 1, 2, 0, 1, 2, 0, 1]).unwrap();
    for _ in 0..5 {
        net.gradient(&x, &t);
    }
    let first = *net.predict(&x);
    assert_eq!(*net.predict(&x), first, "test mode draws nothing and learns nothing");
    // Test mode is the layers' predict, step by step, by hand: running statistics, then × 0.5.
    let l = &mut net.layers;
    let h = *l.0.forward(&x);
    let bn = SMatrix::<f64, 8, 6>::from_fn(|n, j| {
        l.1.gamma[j] * (h[(n, j)] - l.1.running_mean[j]) / (l.1.running_var[j] + 1e-6).sqrt() + l.1.beta[j]
    });
    let by_hand = *l.4.forward(&(bn.map(|v| v.max(0.0)) * 0.5));
    assert!((first - by_hand).amax() < 1e-12);
    // Training mode differs: batch statistics and a random mask.
    assert!((*net.layers.forward(&x) - first).amax() > 1e-3);
}

#[test]
fn evaluate_and_its_threads_use_test_mode() {
    let mut model = net(2);
    // Running variance 0 at the start: test mode divides by √ε, training mode does not, so
    // the two disagree here; evaluate must agree with predict on every chunk.
    let mut x = SMatrix::<f64, 10, 4>::zeros();
    let t = Points.gather(&std::array::from_fn(|i| i), &mut x);
    let y = *model.predict(&x);
    let correct = (0..10).filter(|&n| dldw::accuracy::argmax(&y, n) == t.classes()[n]).count();
    let mut ten_only = net(2);
    struct First10;
    impl Dataset<f64, 4, 3> for First10 {
        type Batch<const N: usize> = SMatrix<f64, N, 4>;
        fn len(&self) -> usize {
            10
        }
        fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 4>) -> Labels<N, 3> {
            Points.gather(idx, x)
        }
    }
    // Chunks of 2 on every core: each thread's clone predicts in test mode too.
    let acc = evaluate::<f64, 2, 4, 3, _, _>(&mut ten_only, &First10, EvalBatch);
    assert_eq!(acc, correct as f64 / 10.0);
    // And evaluating twice gives the same: nothing was drawn or updated.
    assert_eq!(evaluate::<f64, 2, 4, 3, _, _>(&mut ten_only, &First10, EvalBatch), acc);
    assert_eq!(ten_only.layers.1.running_mean.sum(), 0.0);
}

#[test]
fn optimizers_move_gamma_and_beta_but_never_the_running_statistics() {
    let mut net = net(3);
    let x = batch();
    let t = Labels::<8, 3>::new([0, 1, 2, 0, 1, 2, 0, 1]).unwrap();
    net.gradient(&x, &t);
    let (mean, var) = (net.layers.1.running_mean, net.layers.1.running_var);
    let (gamma, beta) = (net.layers.1.gamma, net.layers.1.beta);
    Adam::new(0.1).unwrap().step(&mut net);
    assert_eq!((net.layers.1.running_mean, net.layers.1.running_var), (mean, var));
    assert_ne!(net.layers.1.gamma, gamma);
    assert_ne!(net.layers.1.beta, beta);
    let mut names = Vec::new();
    net.visit_params(&Name::Root, &mut |p| names.push(p.name.to_string()));
    assert_eq!(names, ["0.W", "0.b", "1.gamma", "1.beta", "4.W", "4.b"]);
}

#[test]
fn a_saved_model_predicts_the_same_after_loading_running_statistics_included() {
    let mut trained = net(4);
    let x = batch();
    let t = Labels::<8, 3>::new([0, 1, 2, 0, 1, 2, 0, 1]).unwrap();
    for _ in 0..3 {
        trained.gradient(&x, &t);
    }
    let path = std::env::temp_dir().join(format!("dldw-ch06-modes-{}.safetensors", std::process::id()));
    save(&trained, &path).unwrap();
    let mut loaded = net(99);
    load_into(&mut loaded, &path).unwrap();
    assert_eq!(loaded.layers.1.running_var, trained.layers.1.running_var);
    assert_eq!(*loaded.predict(&x), *trained.predict(&x));
    // A file without the running statistics (a model saved before it had BatchNorm's state)
    // does not fit: the error names what is missing.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let kept: Vec<_> = st.iter().filter(|(name, _)| !name.contains("running")).collect();
    let partial = safetensors::serialize(kept, None).unwrap();
    let err = load_from_bytes(&mut loaded, &partial).unwrap_err();
    assert!(err.to_string().contains("1.running_mean"), "{err}");
}

/// The book's deepest net (6.3, 6.4): six hidden layers of 100, each Affine → BatchNorm →
/// ReLU → Dropout, then Affine. A flat tuple would have 25 elements (tuples stop at 8), so
/// each hidden layer is a tuple of its own, and the model a tuple of seven; parameters are
/// named by position in both, `0.1.gamma` for the first BatchNorm's γ.
#[test]
fn the_books_deepest_net_is_written_as_one_tuple_per_hidden_layer() {
    type Block<const I: usize> = (Affine<I, 100, f32>, BatchNorm<100, f32>, Relu<f32>, Dropout<f32>);
    type Deepest = Network<
        (Block<784>, Block<100>, Block<100>, Block<100>, Block<100>, Block<100>, Affine<100, 10, f32>),
        SoftmaxWithLoss<f32>,
    >;
    let mut rng = StdRng::seed_from_u64(5);
    let he = Init::he();
    let block = |rng: &mut StdRng| {
        (Affine::new(he, rng), BatchNorm::new(), Relu::new(), Dropout::new(0.2, rng).unwrap())
    };
    let first =
        (Affine::new(he, &mut rng), BatchNorm::new(), Relu::new(), Dropout::new(0.2, &mut rng).unwrap());
    let layers = (
        first,
        block(&mut rng),
        block(&mut rng),
        block(&mut rng),
        block(&mut rng),
        block(&mut rng),
        Affine::new(he, &mut rng),
    );
    let mut net: Deepest = Network::new(layers, SoftmaxWithLoss::new());
    let x = SMatrix::<f32, 4, 784>::from_fn(|n, k| ((n * 784 + k) as f32 * 0.01).sin().max(0.0));
    let t = Labels::<4, 10>::new([0, 1, 2, 3]).unwrap();
    let loss = net.gradient(&x, &t);
    assert!(loss.is_finite() && loss > 0.0);
    let mut names = Vec::new();
    net.visit_state(&Name::Root, &mut |p| names.push(p.name.to_string()));
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "0.1.running_mean");
    assert_eq!(net.param_count(), 784 * 100 + 100 + 5 * (100 * 100 + 100) + 100 * 10 + 10 + 6 * 2 * 100);
}
