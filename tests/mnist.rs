//! MNIST as the repository ships it (`data/mnist/`): the sanity figures of `data/mnist/README.md`,
//! batches, sampling, and the loader's checks on small files that break one rule each.

use dldw::mnist::{
    ImageSet, Mnist, MnistError, PIXELS, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS,
    default_data_dir, encode_idx, read_idx_file,
};
use dldw::train::{Chunks, RandomChoice, Sampler, ShuffledEpochs};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The data set, decoded once per test binary (about 1.6 s in a debug build).
fn mnist() -> &'static Mnist {
    static MNIST: OnceLock<Mnist> = OnceLock::new();
    MNIST.get_or_init(|| match Mnist::load(default_data_dir()) {
        Ok(mnist) => mnist,
        Err(e) => panic!("the repository's MNIST files should load: {e}"),
    })
}

/// (mean, standard deviation) of all pixels after dividing by 255.
fn pixel_stats(set: &ImageSet) -> (f64, f64) {
    let n = (set.len() * PIXELS) as f64;
    let (sum, sum_sq) = set
        .images()
        .flatten()
        .fold((0u64, 0u64), |(s, q), b| (s + u64::from(b), q + u64::from(b) * u64::from(b)));
    let mean = sum as f64 / n / 255.0;
    (mean, (sum_sq as f64 / n / (255.0 * 255.0) - mean * mean).sqrt())
}

#[test]
fn shapes_are_the_books_60000_by_784_and_10000_by_784() {
    let m = mnist();
    assert_eq!((m.train.images().len(), m.train.labels().len()), (60_000, 60_000));
    assert_eq!((m.test.images().len(), m.test.labels().len()), (10_000, 10_000));
}

#[test]
fn first_labels_match_the_readme() {
    let m = mnist();
    assert_eq!(&m.train.labels()[..10], &[5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    assert_eq!(&m.test.labels()[..10], &[7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
}

#[test]
fn class_counts_match_the_readme() {
    let count = |set: &ImageSet| {
        let mut counts = [0usize; 10];
        set.labels().iter().for_each(|&l| counts[usize::from(l)] += 1);
        counts
    };
    assert_eq!(count(&mnist().train), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    // The test set's published class counts (they sum to 10000).
    assert_eq!(count(&mnist().test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
}

#[test]
fn pixel_mean_and_std_match_the_readme() {
    // The README rounds to 4 decimals, so the exact figures lie within 5e-5 of it.
    let (mean, std) = pixel_stats(&mnist().train);
    assert!((mean - 0.1307).abs() < 5e-5 && (std - 0.3081).abs() < 5e-5, "train: {mean} {std}");
    let (mean, std) = pixel_stats(&mnist().test);
    assert!((mean - 0.1325).abs() < 5e-5 && (std - 0.3105).abs() < 5e-5, "test: {mean} {std}");
}

#[test]
fn a_batch_holds_the_raw_bytes_over_255_and_their_labels() {
    let m = mnist();
    let indices = [0, 59_999, 7, 7, 31_415];
    let mut x32 = dldw::zeros_boxed::<f32, 5, PIXELS>();
    let mut x64 = dldw::zeros_boxed::<f64, 5, PIXELS>();
    let t = m.train.gather_pixels(&indices, &mut x32);
    assert_eq!(m.train.gather_pixels(&indices, &mut x64), t);
    for (n, &i) in indices.iter().enumerate() {
        assert_eq!(t.classes()[n], usize::from(m.train.label(i)));
        for (p, &byte) in m.train.image(i).iter().enumerate() {
            assert_eq!(x32[(n, p)], f32::from(byte) / 255.0);
            assert_eq!(x64[(n, p)], f64::from(byte) / 255.0);
        }
    }
    assert!(x32.iter().all(|v| (0.0..=1.0).contains(v)));
    assert_eq!(x32.max(), 1.0, "MNIST digits have fully inked pixels");
    assert_eq!(t.classes()[0], 5);
}

#[test]
fn a_batch_overwrites_what_the_matrix_held() {
    let m = mnist();
    let mut x = dldw::zeros_boxed::<f32, 2, PIXELS>();
    x.fill(7.0);
    m.test.gather_pixels(&[0, 1], &mut x);
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn the_same_seed_draws_the_same_batches_and_another_seed_others() {
    fn draws(sampler: &mut impl Sampler, seed: u64) -> Vec<[usize; 100]> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..5)
            .map(|_| {
                let mut batch = [0; 100];
                sampler.fill(&mut batch, &mut rng);
                batch
            })
            .collect()
    }
    let len = mnist().train.len();
    for (a, b, c) in [
        (
            draws(&mut RandomChoice::new(len), 7),
            draws(&mut RandomChoice::new(len), 7),
            draws(&mut RandomChoice::new(len), 8),
        ),
        (
            draws(&mut ShuffledEpochs::new(len), 7),
            draws(&mut ShuffledEpochs::new(len), 7),
            draws(&mut ShuffledEpochs::new(len), 8),
        ),
    ] {
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.iter().flatten().all(|&i| i < len));
    }
}

#[test]
fn an_epoch_visits_every_training_image_exactly_once_and_the_next_reshuffles() {
    let len = mnist().train.len();
    let mut rng = StdRng::seed_from_u64(3);
    let mut epochs = ShuffledEpochs::new(len);
    let mut batch = [0; 100];
    let mut one_epoch = |epochs: &mut ShuffledEpochs| {
        let mut order = Vec::with_capacity(len);
        for _ in 0..len / 100 {
            epochs.fill(&mut batch, &mut rng);
            order.extend_from_slice(&batch);
        }
        order
    };
    let first = one_epoch(&mut epochs);
    assert_eq!(epochs.epoch(), 1);
    let second = one_epoch(&mut epochs);
    assert_eq!(epochs.epoch(), 2);
    assert_ne!(first, second);
    for order in [first, second] {
        let mut seen = vec![0u8; len];
        order.iter().for_each(|&i| seen[i] += 1);
        assert!(seen.iter().all(|&k| k == 1), "every index exactly once per epoch");
    }
}

#[test]
fn chunks_cover_the_test_set_once_with_and_without_a_tail() {
    let len = mnist().test.len();
    fn covered<const N: usize>(len: usize) -> Vec<usize> {
        Chunks::<N>::new(len).flat_map(|c| c.indices[..c.valid].to_vec()).collect()
    }
    let all: Vec<usize> = (0..len).collect();
    assert_eq!(covered::<100>(len), all);
    assert_eq!(covered::<300>(len), all); // 33 full chunks and a tail of 100
    let last = Chunks::<300>::new(len).last().unwrap();
    assert_eq!((last.valid, last.indices[99], last.indices[100]), (100, 9_999, 0));
}

/// A directory holding MNIST-named files with the given contents, removed on drop.
struct TempMnist(PathBuf);

impl TempMnist {
    fn new(name: &str, files: [(&str, Vec<u8>); 4]) -> TempMnist {
        let dir = std::env::temp_dir().join(format!("dldw-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, bytes) in files {
            std::fs::write(dir.join(file), bytes).unwrap();
        }
        TempMnist(dir)
    }
}

impl Drop for TempMnist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Four tiny files (3 training and 2 test images), with `edit` applied to them.
fn load_tiny(name: &str, edit: impl FnOnce(&mut [(&str, Vec<u8>); 4])) -> Result<Mnist, MnistError> {
    let mut files = [
        (TRAIN_IMAGES, encode_idx(&[3, 28, 28], &[1; 3 * PIXELS])),
        (TRAIN_LABELS, encode_idx(&[3], &[0, 9, 5])),
        (TEST_IMAGES, encode_idx(&[2, 28, 28], &[2; 2 * PIXELS])),
        (TEST_LABELS, encode_idx(&[2], &[3, 4])),
    ];
    edit(&mut files);
    let dir = TempMnist::new(name, files);
    Mnist::load(&dir.0)
}

#[test]
fn raw_idx_files_under_gz_names_load() {
    let m = load_tiny("ok", |_| {}).unwrap();
    assert_eq!((m.train.labels(), m.test.labels()), (&[0, 9, 5][..], &[3, 4][..]));
}

#[test]
fn the_loader_names_the_file_and_the_rule_it_broke() {
    let err = load_tiny("swapped", |f| f[0].1 = encode_idx(&[3], &[0, 9, 5])).unwrap_err();
    assert!(
        matches!(err, MnistError::WrongMagic { expected: 0x0803, found: 0x0801, ref path } if path.ends_with(TRAIN_IMAGES))
    );

    let err = load_tiny("size", |f| f[2].1 = encode_idx(&[2, 27, 28], &[2; 2 * 27 * 28])).unwrap_err();
    assert!(matches!(err, MnistError::WrongImageSize { rows: 27, cols: 28, .. }), "{err}");

    let err = load_tiny("count", |f| f[3].1 = encode_idx(&[3], &[3, 4, 5])).unwrap_err();
    let MnistError::Set { source, labels, .. } = err else { panic!("expected a set error, got {err}") };
    assert!(
        matches!(*source, MnistError::CountMismatch { images: 2, labels: 3 })
            && labels.ends_with(TEST_LABELS)
    );

    let err = load_tiny("label", |f| f[1].1 = encode_idx(&[3], &[0, 10, 5])).unwrap_err();
    let MnistError::Set { source, .. } = err else { panic!("expected a set error, got {err}") };
    assert!(matches!(*source, MnistError::LabelOutOfRange { index: 1, label: 10 }));
    assert!(source.to_string().contains("digits 0 to 9"));

    let err = load_tiny("truncated", |f| f[0].1.truncate(100)).unwrap_err();
    assert!(matches!(err, MnistError::Idx { source: dldw::mnist::IdxError::Truncated { got: 84, .. }, .. }));
    assert!(err.to_string().contains(TRAIN_IMAGES), "{err}");

    // The two sets are read at the same time; with both broken, the training set's error is the
    // one reported, as when they were read one after the other.
    let err = load_tiny("both", |f| {
        f[1].1 = encode_idx(&[3], &[0, 10, 5]);
        f[2].1.truncate(100);
    })
    .unwrap_err();
    let MnistError::Set { source, labels, .. } = err else {
        panic!("expected the training set's error, got {err}")
    };
    assert!(
        matches!(*source, MnistError::LabelOutOfRange { index: 1, label: 10 })
            && labels.ends_with(TRAIN_LABELS)
    );
}

#[test]
fn images_and_sparse_batches_hold_the_files_bytes() {
    // The set keeps only the nonzero pixels; the raw IDX file is the oracle.
    let m = mnist();
    let raw = read_idx_file(default_data_dir().join(TEST_IMAGES)).expect("the test images load");
    let raw = raw.data();
    let indices = [0, 9_999, 1234, 42];
    let mut rows = dldw::sparse::SparseRows::<f64, 4, PIXELS>::new();
    let t = m.test.gather_ink(&indices, &mut rows);
    let dense = rows.to_dense();
    for (n, &i) in indices.iter().enumerate() {
        let bytes = &raw[i * PIXELS..(i + 1) * PIXELS];
        assert_eq!(m.test.image(i).as_slice(), bytes, "image {i}");
        assert_eq!(t.classes()[n], usize::from(m.test.label(i)));
        for (p, &byte) in bytes.iter().enumerate() {
            assert_eq!(dense[(n, p)], f64::from(byte) / 255.0, "image {i}, pixel {p}");
        }
        assert_eq!(rows.row(n).0.len(), bytes.iter().filter(|&&b| b != 0).count());
    }
    // MNIST is about 19 % ink: the share of nonzero bytes in the whole test file.
    let ink = raw.iter().filter(|&&b| b != 0).count() as f64 / raw.len() as f64;
    assert!((0.18..0.20).contains(&ink), "{ink}");
}

#[test]
fn the_trainers_accuracies_are_those_of_the_model_at_each_record() {
    // The trainer measures accuracy on a copy of the model on another core while it trains
    // on, and draws its batches ahead of training: the records, the weights and the random
    // generator's state must be what a loop that stops to measure would leave. The same run by
    // hand, measuring in place, is the oracle (the test set serves as both sets, for speed).
    // 3 iterations are fewer than the trainer draws ahead, 30 more.
    use dldw::optim::{Optimizer, Sgd};
    use dldw::train::{EvalBatch, TrainConfig, evaluate, train};
    use rand::RngExt;
    let set = &mnist().test;
    for (iters, eval_every) in [(3, 1), (30, 10)] {
        let config = TrainConfig { iters, eval_every, ..TrainConfig::book() };
        let mut net = dldw::TwoLayerNet::<PIXELS, 50, 10, f32>::new(
            dldw::init::Init::book(),
            &mut StdRng::seed_from_u64(5),
        );
        let mut by_hand = net.clone();
        let mut rng = StdRng::seed_from_u64(6);
        let history = train(&mut net, &mut Sgd::new(0.1).unwrap(), set, set, &config, &mut rng, |_| {})
            .expect("the book's settings train");

        let (mut rng_by_hand, mut sgd, mut choice) =
            (StdRng::seed_from_u64(6), Sgd::new(0.1).unwrap(), RandomChoice::new(set.len()));
        let (mut idx, mut x) = ([0; 100], dldw::sparse::SparseRows::<f32, 100, PIXELS>::new());
        let mut expected = Vec::new();
        for iteration in 0..iters {
            if iteration % eval_every == 0 {
                expected.push(evaluate(&mut by_hand, set, EvalBatch::<1000>));
            }
            choice.fill(&mut idx, &mut rng_by_hand);
            let t = set.gather_ink(&idx, &mut x);
            by_hand.gradient(&x, &t);
            sgd.step(&mut by_hand);
        }
        let measured: Vec<f64> = history.epochs.iter().map(|r| r.test_acc).collect();
        assert_eq!(measured, expected, "{iters} iterations");
        assert_eq!(expected.len(), 3);
        if iters == 30 {
            assert!(expected[2] > expected[0], "{expected:?}: 20 steps of SGD learn something");
        }
        assert_eq!(*net.affine1.W, *by_hand.affine1.W, "{iters} iterations");
        assert_eq!(
            rng.random::<u64>(),
            rng_by_hand.random::<u64>(),
            "{iters} iterations: no batch drawn past the last"
        );
    }
}
