//! Training that goes wrong stops with `TrainError::Diverged`, naming the iteration and
//! suggesting a smaller learning rate, instead of finishing with a useless model: an absurd
//! learning rate (on MNIST and on a synthetic set). NaN in the data, or in the model before
//! any update, is named as such. The book's learning rate does not trip the checks.

use dldw::TwoLayerNet;
use dldw::init::Init;
use dldw::loss::Labels;
use dldw::mnist::{ImageSet, PIXELS, TEST_IMAGES, TEST_LABELS, default_data_dir, read_idx_file};
use dldw::optim::Sgd;
use dldw::train::{DIVERGENCE_FACTOR, Event, Sampling, TrainConfig, TrainError, train};
use nalgebra::SMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::sync::OnceLock;

/// The first 1000 MNIST test images as a training set and the next 200 as a test set: real
/// digits, evaluated in a fraction of a second. Read from the test files alone, once.
fn small_mnist() -> (ImageSet, ImageSet) {
    static SETS: OnceLock<(ImageSet, ImageSet)> = OnceLock::new();
    SETS.get_or_init(|| {
        let dir = default_data_dir();
        let images = read_idx_file(dir.join(TEST_IMAGES)).unwrap();
        let labels = read_idx_file(dir.join(TEST_LABELS)).unwrap();
        let part = |from: usize, to: usize| {
            let pixels = images.data()[from * PIXELS..to * PIXELS].to_vec();
            ImageSet::new(pixels, labels.data()[from..to].to_vec()).unwrap()
        };
        (part(0, 1000), part(1000, 1200))
    })
    .clone()
}

/// Trains the book's 784-50-10 network with SGD at `lr`; returns the result and the loss of
/// every iteration reported.
fn train_mnist(lr: f64, iters: usize) -> (Result<dldw::train::History, TrainError>, Vec<f64>) {
    let (train_set, test_set) = small_mnist();
    let mut rng = StdRng::seed_from_u64(0);
    let mut net = TwoLayerNet::<784, 50, 10, f32>::new(Init::book(), &mut rng);
    let config =
        TrainConfig { iters, eval_every: 100, sampling: Sampling::WithReplacement, ..TrainConfig::book() }
            .batches::<100, 200>();
    let mut losses = Vec::new();
    let result =
        train(&mut net, &mut Sgd::new(lr).unwrap(), &train_set, &test_set, &config, &mut rng, |event| {
            if let Event::Iteration { loss, .. } = event {
                losses.push(loss);
            }
        });
    (result, losses)
}

#[test]
fn a_learning_rate_of_a_million_on_mnist_stops_at_iteration_10_and_says_what_to_do() {
    let (result, losses) = train_mnist(1e6, 1000);
    let err = result.unwrap_err();
    // The first update throws the network into confident wrong answers; the trainer averages
    // iterations 1 to 10 before judging, and stops at iteration 10.
    let TrainError::Diverged { iteration, ref what, value } = err else { panic!("{err:?}") };
    assert_eq!(iteration, 10);
    assert_eq!(losses.len(), 10, "iterations 0 to 9 reported, the 10th stopped the run");
    assert!((losses[0] - 10f64.ln()).abs() < 0.01, "the untrained network starts at chance: {}", losses[0]);
    // value is the mean of iterations 1 to 10; 9 of them were reported.
    assert!(value > DIVERGENCE_FACTOR * losses[0], "{value} vs first loss {}", losses[0]);
    let reported = losses[1..].iter().sum::<f64>();
    assert!(value * 10.0 > reported, "the mean covers the reported losses and one more");
    assert!(what.starts_with("the mean loss of iterations 1 to 10, over 4 times the first iteration's 2.30"));
    let msg = err.to_string();
    assert!(
        msg.starts_with("training diverged at iteration 10: the mean loss of iterations 1 to 10"),
        "{msg}"
    );
    assert!(msg.ends_with("try a smaller learning rate (for example a tenth of this one)"), "{msg}");
}

#[test]
fn the_books_learning_rate_trains_without_tripping_the_check() {
    let (result, losses) = train_mnist(0.1, 300);
    let history = result.unwrap();
    assert_eq!(history.losses, losses);
    let last: f64 = losses[250..].iter().sum::<f64>() / 50.0;
    assert!(last < losses[0] / 2.0, "it learns: {} → {last}", losses[0]);
}

/// Two classes that the features do not determine: labels scattered pseudo-randomly over
/// points on a plane, so no network can be sure, and a confident one is often wrong.
struct Noise;

impl dldw::train::Dataset<f64, 2, 2> for Noise {
    type Batch<const N: usize> = SMatrix<f64, N, 2>;
    fn len(&self) -> usize {
        200
    }

    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
        for (n, &i) in idx.iter().enumerate() {
            x[(n, 0)] = (i as f64 * 0.37).sin();
            x[(n, 1)] = (i as f64 * 0.91).cos();
        }
        Labels::new(idx.map(|i| (i * 7919 / 13) % 2)).expect("two classes")
    }
}

#[test]
fn an_absurd_learning_rate_on_a_synthetic_set_diverges_in_f64_too() {
    let config =
        TrainConfig { iters: 500, eval_every: 100, sampling: Sampling::Shuffled, ..TrainConfig::book() }
            .batches::<10, 50>();
    let run = |lr: f64| {
        let mut rng = StdRng::seed_from_u64(3);
        let mut net = TwoLayerNet::<2, 8, 2, f64>::new(Init::he(), &mut rng);
        let mut sgd = Sgd::new(lr).unwrap();
        train(&mut net, &mut sgd, &Noise, &Noise, &config, &mut rng, |_| {})
    };
    let err = run(1e6).unwrap_err();
    assert!(matches!(err, TrainError::Diverged { iteration, .. } if iteration < 100), "{err:?}");
    assert!(err.to_string().contains("try a smaller learning rate"), "{err}");
    // At the book's rate the same hard set trains to the end, near chance and no worse.
    let history = run(0.1).unwrap();
    let last = history.epochs.last().unwrap().train_loss;
    assert!(last < 1.0, "mean loss {last} (chance: ln 2 = 0.69)");
}

/// A set whose sample 3 has a NaN feature.
struct Poisoned;

impl dldw::train::Dataset<f64, 2, 2> for Poisoned {
    type Batch<const N: usize> = SMatrix<f64, N, 2>;
    fn len(&self) -> usize {
        4
    }

    fn gather<const N: usize>(&self, idx: &[usize; N], x: &mut SMatrix<f64, N, 2>) -> Labels<N, 2> {
        for (n, &i) in idx.iter().enumerate() {
            x[(n, 0)] = if i == 3 { f64::NAN } else { i as f64 };
            x[(n, 1)] = 1.0;
        }
        Labels::new(idx.map(|i| i % 2)).expect("two classes")
    }
}

#[test]
fn nan_in_the_data_is_named_by_sample_before_it_reaches_the_model() {
    let mut rng = StdRng::seed_from_u64(4);
    let mut net = TwoLayerNet::<2, 8, 2, f64>::new(Init::he(), &mut rng);
    let before = net.clone();
    let config =
        TrainConfig { iters: 10, eval_every: 5, sampling: Sampling::Shuffled, ..TrainConfig::book() }
            .batches::<4, 1>();
    let mut sgd = Sgd::new(0.1).unwrap();
    // Batches of 4 in shuffled order: sample 3 is in the first batch.
    let err = train(&mut net, &mut sgd, &Poisoned, &Poisoned, &config, &mut rng, |_| {}).unwrap_err();
    assert!(
        matches!(err, TrainError::NonFiniteData { iteration: 0, sample: 3, value } if value.is_nan()),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "sample 3 of the training set holds NaN (drawn at iteration 0): the inputs must be finite \
         numbers; clean the data set or fix how it is read"
    );
    assert_eq!((net.affine1.W, net.affine2.b), (before.affine1.W, before.affine2.b), "no update happened");
}

#[test]
fn a_nan_in_the_initial_model_is_blamed_on_the_model_not_the_learning_rate() {
    let mut rng = StdRng::seed_from_u64(5);
    let mut net = TwoLayerNet::<2, 8, 2, f64>::new(Init::he(), &mut rng);
    net.affine2.b[1] = f64::NAN;
    let config =
        TrainConfig { iters: 10, eval_every: 5, sampling: Sampling::Shuffled, ..TrainConfig::book() }
            .batches::<10, 50>();
    let err =
        train(&mut net, &mut Sgd::new(0.1).unwrap(), &Noise, &Noise, &config, &mut rng, |_| {}).unwrap_err();
    assert!(matches!(err, TrainError::NonFiniteStart { value } if value.is_nan()), "{err:?}");
    assert!(err.to_string().contains("the model's initial parameters hold a NaN or an infinity"), "{err}");
}
