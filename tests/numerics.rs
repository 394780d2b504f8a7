//! Softmax, cross-entropy and sigmoid on extreme numbers, in f32 and f64: logits of ±1e4 and
//! up to ±3e38, mixtures of huge and tiny, probabilities of exactly 0 and 1. Every result is
//! finite, within its mathematical bounds, and exact where the mathematics is (a logit 1e4
//! above the rest takes probability exactly 1).

use dldw::Float;
use dldw::activation::{sigmoid, softmax};
use dldw::layers::{Layer, LossLayer, Sigmoid, SoftmaxWithLoss};
use dldw::loss::{CrossEntropyError, Labels, Loss, OneHot};
use nalgebra::{RowVector3, SMatrix};
use proptest::prelude::*;

/// Rows of a batch and classes per row.
const N: usize = 3;
const C: usize = 5;

/// −ln(δ) and −ln(1 + δ) for cross-entropy's δ = 1e-7: the largest and the smallest loss one
/// sample can have (a probability of 0 or of 1 for its class).
fn loss_bounds() -> (f64, f64) {
    let delta = 1e-7; // the book's δ (4.2.2), as CrossEntropyError adds it
    (-(1.0_f64 + delta).ln(), -delta.ln())
}

/// Logits mixing ordinary values with huge and tiny ones, all finite in f32.
fn logit() -> impl Strategy<Value = f64> {
    prop_oneof![
        -10.0..10.0,
        Just(1e4),
        Just(-1e4),
        -1e4..1e4,
        -1e-30..1e-30,
        Just(0.0),
        Just(1e30),
        Just(-1e30),
        Just(3e38),
        Just(-3e38),
    ]
}

fn batch() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(logit(), N * C)
}

/// A batch of logits from row-major values.
fn matrix<T: Float>(values: &[f64]) -> SMatrix<T, N, C> {
    SMatrix::from_fn(|n, k| T::lit(values[n * C + k]))
}

/// Machine epsilon of `T`.
fn eps<T: Float>() -> f64 {
    T::default_epsilon().as_f64()
}

fn softmax_properties<T: Float>(values: &[f64]) -> Result<(), TestCaseError> {
    let x = matrix::<T>(values);
    let y = softmax(&x);
    for n in 0..N {
        let row: Vec<f64> = (0..C).map(|k| y[(n, k)].as_f64()).collect();
        prop_assert!(row.iter().all(|p| (0.0..=1.0).contains(p)), "row {}: {:?}", n, row);
        // Each of the C quotients and the sum each round once: 2C ε bounds the error.
        let sum: f64 = row.iter().sum();
        prop_assert!((sum - 1.0).abs() <= 2.0 * C as f64 * eps::<T>(), "row {} sums to {}", n, sum);
        // exp and the shared division are monotone: a larger logit never gets less.
        for i in 0..C {
            for j in 0..C {
                if x[(n, i)] >= x[(n, j)] {
                    prop_assert!(row[i] >= row[j], "row {}: x{} ≥ x{} but {:?}", n, i, j, row);
                }
            }
        }
    }
    Ok(())
}

fn softmax_with_loss_properties<T: Float>(values: &[f64], classes: [usize; N]) -> Result<(), TestCaseError> {
    let x = matrix::<T>(values);
    let t = Labels::<N, C>::new(classes).unwrap();
    let mut layer = SoftmaxWithLoss::<T>::new();
    let loss = layer.forward(&x, &t).as_f64();
    let (low, high) = loss_bounds();
    // The batch mean of per-sample losses within [low, high], plus the rounding of ln and the
    // mean (a few ε relative to the 16.1 at most).
    let slack = 16.2 * 8.0 * eps::<T>();
    prop_assert!(loss.is_finite() && loss >= low - slack && loss <= high + slack, "loss {}", loss);
    let dx = *layer.backward::<N, C>();
    for n in 0..N {
        let row: Vec<f64> = (0..C).map(|k| dx[(n, k)].as_f64()).collect();
        // (y − t) / N with y, t in [0, 1]: each element within ±1/N (1/N itself rounded: 1 ε),
        // each row summing to 0.
        let bound = (1.0 + eps::<T>()) / N as f64;
        prop_assert!(row.iter().all(|d| d.is_finite() && d.abs() <= bound), "{:?}", row);
        let sum: f64 = row.iter().sum();
        prop_assert!(sum.abs() <= 2.0 * C as f64 * eps::<T>(), "row {} sums to {}", n, sum);
    }
    Ok(())
}

/// The same batch with the class of each row 1e4 above (`winner`) or below every other logit:
/// probability exactly 1 or 0, loss exactly at its bound.
fn decided_loss<T: Float>(values: &[f64], classes: [usize; N], winner: bool) -> Result<(), TestCaseError> {
    let mut values: Vec<f64> = values.iter().map(|v| v.clamp(-1e3, 1e3)).collect();
    for (n, &k) in classes.iter().enumerate() {
        values[n * C + k] = if winner { 2e4 } else { -2e4 };
    }
    let x = matrix::<T>(&values);
    let y = softmax(&x);
    let t = Labels::<N, C>::new(classes).unwrap();
    for (n, &k) in classes.iter().enumerate() {
        prop_assert_eq!(y[(n, k)].as_f64(), if winner { 1.0 } else { 0.0 });
    }
    let loss = SoftmaxWithLoss::<T>::new().forward(&x, &t).as_f64();
    let expected = if winner { loss_bounds().0 } else { loss_bounds().1 };
    // ln(1 + δ) is 1e-7, below f32's resolution near 1: the bound holds to ε in absolute terms.
    prop_assert!(
        (loss - expected).abs() <= 4.0 * eps::<T>() * expected.abs().max(1.0),
        "{} vs {}",
        loss,
        expected
    );
    Ok(())
}

fn sigmoid_properties<T: Float>(x: f64) -> Result<(), TestCaseError> {
    let (a, b) = (T::lit(x), T::lit(-x));
    let (ya, yb) = (sigmoid(a).as_f64(), sigmoid(b).as_f64());
    prop_assert!((0.0..=1.0).contains(&ya) && (0.0..=1.0).contains(&yb), "{} {}", ya, yb);
    // σ(−x) = 1 − σ(x): the two branches of the stable form agree to a rounding or two.
    prop_assert!((ya + yb - 1.0).abs() <= 2.0 * eps::<T>(), "σ({x}) + σ(−{x}) = {}", ya + yb);
    if a >= b {
        prop_assert!(ya >= yb);
    }
    let mut layer = Sigmoid::<T>::new();
    let input = SMatrix::<T, 1, 2>::new(a, b);
    layer.forward(&input);
    let dout = SMatrix::<T, 1, 2>::new(T::lit(1e4), T::lit(-1e4));
    let dx = *layer.backward(&dout);
    // dout · y (1 − y), and y (1 − y) ≤ 1/4.
    prop_assert!(dx.iter().all(|d| d.is_finite() && d.as_f64().abs() <= 2.5e3), "{}", dx);
    Ok(())
}

proptest! {
    #[test]
    fn softmax_stays_a_finite_ordered_distribution(values in batch()) {
        softmax_properties::<f32>(&values)?;
        softmax_properties::<f64>(&values)?;
    }

    #[test]
    fn softmax_with_loss_stays_finite_and_bounded_forward_and_backward(
        values in batch(), classes in prop::array::uniform3(0..C),
    ) {
        softmax_with_loss_properties::<f32>(&values, classes)?;
        softmax_with_loss_properties::<f64>(&values, classes)?;
    }

    #[test]
    fn a_class_far_ahead_or_far_behind_has_probability_exactly_1_or_0(
        values in batch(), classes in prop::array::uniform3(0..C), winner in any::<bool>(),
    ) {
        decided_loss::<f32>(&values, classes, winner)?;
        decided_loss::<f64>(&values, classes, winner)?;
    }

    #[test]
    fn cross_entropy_of_probabilities_0_and_1_is_finite_and_bounded(
        probs in prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0], N * C),
        classes in prop::array::uniform3(0..C),
    ) {
        let (low, high) = loss_bounds();
        let t = Labels::<N, C>::new(classes).unwrap();
        let one_hot = OneHot::<f64, N, C>::from_labels(&t);
        for loss in [
            CrossEntropyError.loss(&matrix::<f32>(&probs), &t).as_f64(),
            CrossEntropyError.loss(&matrix::<f64>(&probs), &t),
            CrossEntropyError.loss(&matrix::<f64>(&probs), &one_hot),
        ] {
            prop_assert!(loss.is_finite() && loss >= low - 1e-6 && loss <= high + 1e-5, "{}", loss);
        }
    }

    #[test]
    fn sigmoid_stays_finite_symmetric_and_ordered(
        x in prop_oneof![logit(), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(f64::from(f32::MAX))],
    ) {
        sigmoid_properties::<f32>(x)?;
        sigmoid_properties::<f64>(x)?;
    }
}

#[test]
fn softmax_of_plus_and_minus_1e4_and_0_is_exactly_one_hot() {
    assert_eq!(softmax(&RowVector3::new(1e4_f32, -1e4, 0.0)), RowVector3::new(1.0, 0.0, 0.0));
    assert_eq!(softmax(&RowVector3::new(1e4_f64, -1e4, 0.0)), RowVector3::new(1.0, 0.0, 0.0));
    // The largest finite f32 logits: differences overflow to −∞, whose exp is exactly 0.
    assert_eq!(softmax(&RowVector3::new(f32::MAX, -f32::MAX, 0.0)), RowVector3::new(1.0, 0.0, 0.0));
}

#[test]
fn sigmoid_of_plus_and_minus_1e4_is_exactly_1_and_0() {
    assert_eq!((sigmoid(1e4_f32), sigmoid(-1e4_f32)), (1.0, 0.0));
    assert_eq!((sigmoid(1e4_f64), sigmoid(-1e4_f64)), (1.0, 0.0));
    assert_eq!((sigmoid(f64::INFINITY), sigmoid(f64::NEG_INFINITY)), (1.0, 0.0));
}

#[test]
fn cross_entropy_of_a_sure_right_and_a_sure_wrong_answer_is_at_its_bounds() {
    // Probability 1 for the class: −ln(1 + 1e-7); probability 0: −ln(1e-7) = 16.118…
    let t = Labels::<2, 3>::new([0, 1]).unwrap();
    let y = SMatrix::<f64, 2, 3>::new(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let (low, high) = loss_bounds();
    assert!((CrossEntropyError.loss(&y, &t) - (low + high) / 2.0).abs() < 1e-12);
    assert!((high - 16.118_095_650_958_32).abs() < 1e-12);
}
