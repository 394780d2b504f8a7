//! Chapter 7: the convolution and the pooling against their definitions and against central
//! differences, a convolution's filters saved with their 4-D shape, and the book's trained
//! SimpleConvNet scoring the MNIST test set exactly as the book's own code does.
//!
//! # Tolerances
//! Under `check_layer`'s linear readout L = Σ r·y, a convolution's loss is linear in every
//! weight, bias and input, and a max pooling's is linear in each input between the points where
//! a window's maximum changes hands: the central difference with h = 1e-4 has no truncation
//! error, only rounding, ≲ ε·Σ|terms|/h ≈ 2.2e-16 · 100 / 1e-4 ≈ 2e-10 for the at most ~100
//! products of values below ~3 summed here. [`TOL`] = 1e-8 leaves a factor 50 for roundings
//! that all go one way; a wrong backward is off by the size of the gradient (~0.1 … 10). The
//! pooling's inputs are distinct values at least 0.05 apart, so no perturbation by h moves a
//! window's maximum (at a tie the gradient has no single value to check).

use dldw::gradient_check::{check_layer, gradient_check};
use dldw::init::Init;
use dldw::io::{ModelIoError, load_into, save};
use dldw::layers::{Affine, Layer, Relu, SoftmaxWithLoss, flat_width};
use dldw::loss::Labels;
use dldw::mnist::{Mnist, default_data_dir};
use dldw::params::Parameters;
use dldw::{Convolution, Pooling, SimpleConvNet};
use nalgebra::SMatrix;
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::PathBuf;

/// Largest |backprop − numerical| accepted; see the module docs.
const TOL: f64 = 1e-8;

// Four geometries: stride 2 with pad 1, several channels and a non-square filter on a
// non-square image; pad 2; a plain 3-channel 3 × 3; stride 3 with a 5 × 1 filter that does not
// tile the image.
type ConvA = Convolution![in: 2, 5, 4; filters: 3, 3, 2; pad: 1; stride: 2; f64];
type ConvB = Convolution![in: 1, 3, 5; filters: 2, 2, 3; pad: 2; stride: 1; f64];
type ConvC = Convolution![in: 3, 4, 4; filters: 2, 3, 3; pad: 0; stride: 1; f64];
type ConvD = Convolution![in: 1, 5, 5; filters: 2, 5, 1; pad: 0; stride: 3; f64];
// Pooling: non-overlapping on a non-square image with 2 channels; overlapping 3 × 2 windows
// (stride 1), whose gradients add up.
type PoolA = Pooling![in: 2, 4, 5; pool: 2, 2; stride: 2; f64];
type PoolB = Pooling![in: 1, 5, 4; pool: 3, 2; stride: 1; f64];

fn values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1.5..1.5_f64, len)
}

/// A convolution from its `(FN, C, FH, FW)` filters and biases, in the book's order.
macro_rules! conv_from {
    ($conv:ty, $w:expr, $b:expr) => {
        <$conv>::from_weights($w, $b).expect("the strategy draws W and b of the right lengths")
    };
}

/// The definition (book 7.2.5): y[n, f, oy, ox] = b[f] + Σ_c Σ_fy Σ_fx W[f, c, fy, fx] ·
/// x_padded[n, c, oy·S + fy, ox·S + fx], straight from the indices.
#[allow(clippy::too_many_arguments)]
fn direct_conv(
    x: &[f64],
    [n_images, c, h, w]: [usize; 4],
    weights: &[f64],
    b: &[f64],
    [fh, fw, pad, stride]: [usize; 4],
    [oh, ow]: [usize; 2],
) -> Vec<Vec<f64>> {
    let fn_ = b.len();
    let pixel = |n: usize, ch: usize, y: isize, x0: isize| {
        if y < 0 || x0 < 0 || y >= h as isize || x0 >= w as isize {
            0.0
        } else {
            x[n * c * h * w + (ch * h + y as usize) * w + x0 as usize]
        }
    };
    (0..n_images)
        .map(|n| {
            let mut row = Vec::new();
            for f in 0..fn_ {
                for oy in 0..oh {
                    for ox in 0..ow {
                        let mut sum = b[f];
                        for ch in 0..c {
                            for fy in 0..fh {
                                for fx in 0..fw {
                                    let y = (oy * stride + fy) as isize - pad as isize;
                                    let x0 = (ox * stride + fx) as isize - pad as isize;
                                    sum += weights[((f * c + ch) * fh + fy) * fw + fx] * pixel(n, ch, y, x0);
                                }
                            }
                        }
                        row.push(sum);
                    }
                }
            }
            row
        })
        .collect()
}

/// Checks `conv`, built from `w` and `b`, on the batch `x` (row-major, one image per row):
/// its forward against [`direct_conv`] and its backward against central differences.
#[allow(clippy::too_many_arguments)]
fn check_conv<L, const N: usize, const I: usize, const O: usize>(
    mut conv: L,
    x: &[f64],
    [w, b]: [&[f64]; 2],
    image: [usize; 4],
    window: [usize; 4],
    out: [usize; 2],
    seed: u64,
) -> Result<(), TestCaseError>
where
    L: Layer<SMatrix<f64, N, I>, Output = SMatrix<f64, N, O>> + Parameters<f64> + Clone + Send,
{
    let x = SMatrix::<f64, N, I>::from_row_slice(x);
    let y = *conv.forward(&x);
    let direct = direct_conv(x.transpose().as_slice(), image, w, b, window, out);
    for (n, row) in direct.iter().enumerate() {
        for (k, v) in row.iter().enumerate() {
            // The same products summed in another order: a few roundings of values below 20.
            prop_assert!((y[(n, k)] - v).abs() < 1e-13, "y[{n}, {k}] = {} against {v}", y[(n, k)]);
        }
    }
    let report = check_layer(&mut conv, &x, &mut StdRng::seed_from_u64(seed));
    prop_assert!(report.max_abs_diff() < TOL, "{report}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn conv_a_stride_2_pad_1_two_channels_non_square(x in values(2 * 40), w in values(36), b in values(3), seed: u64) {
        let conv = conv_from!(ConvA, w.clone(), b.clone());
        check_conv::<_, 2, 40, 27>(conv, &x, [&w, &b], [2, 2, 5, 4], [3, 2, 1, 2], [3, 3], seed)?;
    }

    #[test]
    fn conv_b_pad_2(x in values(2 * 15), w in values(12), b in values(2), seed: u64) {
        let conv = conv_from!(ConvB, w.clone(), b.clone());
        check_conv::<_, 2, 15, 84>(conv, &x, [&w, &b], [2, 1, 3, 5], [2, 3, 2, 1], [6, 7], seed)?;
    }

    #[test]
    fn conv_c_three_channels(x in values(3 * 48), w in values(54), b in values(2), seed: u64) {
        let conv = conv_from!(ConvC, w.clone(), b.clone());
        check_conv::<_, 3, 48, 8>(conv, &x, [&w, &b], [3, 3, 4, 4], [3, 3, 0, 1], [2, 2], seed)?;
    }

    #[test]
    fn conv_d_stride_3_that_does_not_tile(x in values(25), w in values(10), b in values(2), seed: u64) {
        let conv = conv_from!(ConvD, w.clone(), b.clone());
        check_conv::<_, 1, 25, 4>(conv, &x, [&w, &b], [1, 1, 5, 5], [5, 1, 0, 3], [1, 2], seed)?;
    }

    #[test]
    fn pooling_gradients(order_a in Just((0..2 * 40).collect::<Vec<usize>>()).prop_shuffle(),
                         order_b in Just((0..3 * 20).collect::<Vec<usize>>()).prop_shuffle(), seed: u64) {
        // Distinct values 0.05 apart: no maximum changes hands within ±h.
        let spread = |k: &usize| *k as f64 * 0.05 - 1.5;
        let xa = SMatrix::<f64, 2, 40>::from_iterator(order_a.iter().map(spread));
        let report = check_layer(&mut PoolA::new(), &xa, &mut StdRng::seed_from_u64(seed));
        prop_assert!(report.max_abs_diff() < TOL, "{report}");
        let xb = SMatrix::<f64, 3, 20>::from_iterator(order_b.iter().map(spread));
        let report = check_layer(&mut PoolB::new(), &xb, &mut StdRng::seed_from_u64(seed));
        prop_assert!(report.max_abs_diff() < TOL, "{report}");
    }
}

/// The book's `ch07/gradient_check.py` net: input 1 × 10 × 10, 10 filters of 3 × 3, hidden 10,
/// 10 classes, one image, label 1. The weights are He's rather than the book's σ = 0.01: with
/// σ = 0.01 the 640 pre-activations of the convolution lie within about ±0.03 of 0, so some
/// fall within h = 1e-4 of ReLU's kink and their central difference straddles it (the book's
/// notebook shows mean differences of 1.6e-6 for W1 and 2.9e-6 for b1, where the other
/// parameters get 1e-7 to 1e-11). He's σ = √(2/9) spreads them about 15 times wider. The bound
/// is the crate's check of the two-layer net's, for the δ = 1e-7 inside the cross-entropy's log.
#[test]
fn the_books_gradient_check_net_passes_the_check() {
    type Conv = Convolution![in: 1, 10, 10; filters: 10, 3, 3; pad: 0; stride: 1; f64];
    type Pool = Pooling![after: Conv; pool: 2, 2; stride: 2];
    let mut rng = StdRng::seed_from_u64(0);
    let mut model = (
        Conv::new(Init::he(), &mut rng),
        Relu::new(),
        Pool::new(),
        Affine::<{ flat_width::<Pool>() }, 10, f64>::new(Init::he(), &mut rng),
        Relu::new(),
        Affine::<10, 10, f64>::new(Init::he(), &mut rng),
    );
    let x = SMatrix::<f64, 1, 100>::from_fn(|_, k| ((k * 37) % 100) as f64 / 100.0);
    let t = Labels::<1, 10>::new([1]).unwrap();
    let report = gradient_check(&mut model, &mut SoftmaxWithLoss::new(), &x, &t);
    assert_eq!(report.entries.len(), 7); // 0.W, 0.b, 3.W, 3.b, 5.W, 5.b, x
    assert!(report.max_abs_diff() < 1e-5, "{report}");
    assert!(model.0.dW.iter().any(|&g| g != 0.0));
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dldw-ch7-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("model.safetensors")
}

/// `W1` is saved as the book's `(30, 1, 5, 5)` array, row-major: element `[f, 0, y, x]` at
/// `f·25 + y·5 + x`, as NumPy and PyTorch read it; and loads back bit for bit.
#[test]
fn a_convs_filters_are_saved_with_their_4d_shape() {
    let mut rng = StdRng::seed_from_u64(3);
    let net = SimpleConvNet::<f32>::new(Init::book(), &mut rng);
    let path = scratch("save");
    save(&net, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let w1 = file.tensor("W1").unwrap();
    assert_eq!(w1.shape(), [30, 1, 5, 5]);
    let at = |i: usize| f32::from_le_bytes(w1.data()[4 * i..4 * i + 4].try_into().unwrap());
    assert_eq!(at(7 * 25 + 2 * 5 + 4), net.conv1.filter(7, 0, 2, 4));
    assert_eq!(file.tensor("W2").unwrap().shape(), [4320, 100]);
    let mut names: Vec<&str> = file.names().into_iter().collect();
    names.sort_unstable();
    assert_eq!(names, ["W1", "W2", "W3", "b1", "b2", "b3"]);

    let mut back = SimpleConvNet::<f32>::new(Init::book(), &mut StdRng::seed_from_u64(4));
    load_into(&mut back, &path).unwrap();
    assert_eq!((&back.conv1.W, &back.conv1.b), (&net.conv1.W, &net.conv1.b));
    assert_eq!(back.affine1.W, net.affine1.W);
}

/// A file of another architecture (the book's DeepConvNet, whose `W1` is `(16, 1, 3, 3)`) is
/// refused with one error naming the tensor and both shapes, and nothing is replaced.
#[test]
fn a_file_of_another_architecture_is_refused_and_nothing_replaced() {
    let mut net = SimpleConvNet::<f64>::new(Init::book(), &mut StdRng::seed_from_u64(5));
    let before = net.conv1.W.clone();
    let err = load_into(&mut net, book_weights("deep_convnet.safetensors")).unwrap_err();
    assert!(matches!(&err, ModelIoError::ShapeMismatch { name, .. } if name == "W1"), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the file holds W1 as [16, 1, 3, 3] but this model's W1 is [30, 1, 5, 5]: was it saved from \
         another architecture?"
    );
    assert_eq!(net.conv1.W, before);
}

fn book_weights(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/book_weights").join(file)
}

/// The book's trained SimpleConvNet (`ch07/params.pkl`, 2016), loaded through the public API,
/// scores the 10 000 test images exactly as the book's own code does: 0.9890, 110 wrong, the
/// same class for every image, and the logits of image 0 to 1e-9 (f64, inputs the book's
/// float32 `byte / 255`).
#[test]
fn the_books_trained_simple_conv_net_classifies_every_test_image_as_the_book_does() {
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(book_weights("expected_predictions.json")).unwrap()).unwrap();
    let expected = &expected["SimpleConvNet"];
    let mut net = SimpleConvNet::<f64>::new(Init::book(), &mut StdRng::seed_from_u64(0));
    load_into(&mut net, book_weights("simple_convnet.safetensors")).unwrap();
    let test = Mnist::load(default_data_dir()).unwrap().test;

    let mut x32 = dldw::zeros_boxed::<f32, 100, 784>();
    let mut x = dldw::zeros_boxed::<f64, 100, 784>();
    let mut predictions = String::new();
    let mut wrong = 0;
    for start in (0..test.len()).step_by(100) {
        let t = test.gather_pixels(&std::array::from_fn(|i| start + i), &mut x32);
        x.zip_apply(&x32, |v, p| *v = f64::from(p));
        let y = net.predict(&x);
        if start == 0 {
            let logits = expected["logits_test0_float64"].as_array().unwrap();
            for (k, l) in logits.iter().enumerate() {
                let l = l.as_f64().unwrap();
                assert!(
                    (y[(0, k)] - l).abs() < 1e-9,
                    "logit {k} of image 0: {} against the book's {l}",
                    y[(0, k)]
                );
            }
        }
        for (n, &label) in t.classes().iter().enumerate() {
            let class = y.row(n).transpose().argmax().0;
            predictions.push(char::from(b'0' + class as u8));
            wrong += usize::from(class != label);
        }
    }
    assert_eq!(wrong, 110);
    assert_eq!(wrong as u64, expected["wrong_count"].as_u64().unwrap());
    assert_eq!(1.0 - wrong as f64 / 10_000.0, 0.989);
    let book = expected["predictions"].as_str().unwrap();
    let first_difference = predictions.chars().zip(book.chars()).position(|(a, b)| a != b);
    assert_eq!(first_difference, None, "the first test image classified otherwise than by the book's code");
    assert_eq!(predictions.len(), 10_000);
}

#[test]
fn simple_conv_net_has_the_books_parameter_count() {
    let mut net = SimpleConvNet::<f32>::new(Init::book(), &mut StdRng::seed_from_u64(0));
    assert_eq!(net.param_count(), 30 * 25 + 30 + 4320 * 100 + 100 + 100 * 10 + 10);
}
