//! Every layer's backward pass against central differences (book 5.7.3), through the public
//! [`dldw::gradient_check`], on random inputs and weights, in `f64`, on several shapes
//! including non-square ones and batch 1.
//!
//! # Tolerances
//! The central difference (L(w + h) − L(w − h)) / 2h with h = 1e-4 differs from ∂L/∂w by
//! 1. truncation, h²/6 · ∂³L/∂w³ = 1.7e-9 · ∂³L/∂w³, and
//! 2. rounding: each loss is a sum of at most ~100 terms below ~10 in size, each rounded to
//!    ε = 2.2e-16, so the difference of two losses over 2h is off by ≲ ε·Σ|terms|/h, about
//!    1e-10 (1e-8 if every rounding went the same way).
//!
//! The third derivative is 0 where the loss is linear or quadratic in the perturbed element
//! (Affine and ReLU under `check_layer`'s linear readout, identity + squared error), at most
//! |σ‴| ≤ 1/8 for Sigmoid, at most max p(1 − p)(1 − 2p) < 0.1 for softmax + cross-entropy,
//! and below 13 for the composed model (derived at [`composed`]). So [`TOL`] = 1e-7 holds
//! in the worst case, while a wrong backward pass is off by the size of the gradient itself
//! (~1e-2 … 1; see [`a_wrong_backward_is_reported`]). Measured worst cases over several runs
//! of 64 cases: ≤ 3e-11 for ReLU, Affine and identity + squared error, ≤ 4e-10 for Sigmoid and
//! the composed model. Softmax + cross-entropy has a known bias on top, see
//! [`softmax_with_loss`].
//!
//! Each test asserts the worst element (`max_abs_diff`), not only the book's mean.

use dldw::activation::softmax;
use dldw::gradient_check::{GradCheck, check_layer, gradient_check};
use dldw::layers::{Affine, BatchNorm, Dropout, IdentityWithLoss, Layer, Relu, Sigmoid, SoftmaxWithLoss};
use dldw::loss::{Labels, Target};
use dldw::params::{Name, Param, Parameters};
use nalgebra::{RowSVector, SMatrix};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Largest |backprop − numerical| accepted; see the module docs for the derivation.
const TOL: f64 = 1e-7;

/// The δ inside the cross-entropy's log, ln(y + δ) (book 4.2.2).
const DELTA: f64 = 1e-7;

fn values(len: usize, bound: f64) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-bound..bound, len)
}

/// Values in ±[0.01, 3]: x ± h never crosses ReLU's kink at 0, where the derivative jumps.
fn away_from_kink(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0.01..3.0_f64, any::<bool>()).prop_map(|(m, neg)| if neg { -m } else { m }), len)
}

fn matrix<const R: usize, const C: usize>(v: &[f64]) -> SMatrix<f64, R, C> {
    SMatrix::from_column_slice(v)
}

fn affine<const I: usize, const O: usize>(w: &[f64], b: &[f64]) -> Affine<I, O, f64> {
    Affine::from_weights(Box::new(matrix(w)), RowSVector::from_column_slice(b))
}

fn assert_close(report: &GradCheck, tol: f64) -> Result<(), TestCaseError> {
    prop_assert!(report.max_abs_diff() < tol, "worst difference above {tol:e}:\n{report}");
    Ok(())
}

/// y = x, so that a loss layer's gradient is checked as the gradient of the model's input.
#[derive(Clone)]
struct Identity<const N: usize, const C: usize> {
    y: SMatrix<f64, N, C>,
    dx: SMatrix<f64, N, C>,
}

impl<const N: usize, const C: usize> Identity<N, C> {
    fn new() -> Self {
        Identity { y: SMatrix::zeros(), dx: SMatrix::zeros() }
    }
}

impl<const N: usize, const C: usize> Layer<SMatrix<f64, N, C>> for Identity<N, C> {
    type Output = SMatrix<f64, N, C>;
    fn forward(&mut self, x: &SMatrix<f64, N, C>) -> &SMatrix<f64, N, C> {
        self.y = *x;
        &self.y
    }
    fn backward(&mut self, dout: &SMatrix<f64, N, C>) -> &SMatrix<f64, N, C> {
        self.dx = *dout;
        &self.dx
    }
}

impl<const N: usize, const C: usize> Parameters<f64> for Identity<N, C> {
    fn visit_params(&mut self, _: &Name<'_>, _: &mut dyn FnMut(Param<'_, f64>)) {}
}

fn relu<const N: usize, const D: usize>(x: &[f64], seed: u64) -> Result<(), TestCaseError> {
    let report = check_layer(&mut Relu::new(), &matrix::<N, D>(x), &mut StdRng::seed_from_u64(seed));
    assert_close(&report, TOL)
}

fn sigmoid<const N: usize, const D: usize>(x: &[f64], seed: u64) -> Result<(), TestCaseError> {
    let report = check_layer(&mut Sigmoid::new(), &matrix::<N, D>(x), &mut StdRng::seed_from_u64(seed));
    assert_close(&report, TOL)
}

fn affine_layer<const N: usize, const I: usize, const O: usize>(
    x: &[f64],
    w: &[f64],
    b: &[f64],
    seed: u64,
) -> Result<(), TestCaseError> {
    let mut layer = affine::<I, O>(w, b);
    let report = check_layer(&mut layer, &matrix::<N, I>(x), &mut StdRng::seed_from_u64(seed));
    prop_assert_eq!(
        report.entries.iter().map(|d| (d.name.as_str(), d.len)).collect::<Vec<_>>(),
        [("W", I * O), ("b", O), ("x", N * I)]
    );
    assert_close(&report, TOL)
}

/// Backprop gives (y − t)/N, the derivative of −Σ ln y_t / N, while the loss computed is
/// −Σ ln(y_t + δ) / N: the two derivatives differ by (y − t)/N · δ/(y_t + δ), at most
/// δ / (N (y_t + δ)) for the smallest y_t of the batch. That bias is added to the tolerance.
fn softmax_with_loss<const N: usize, const C: usize>(x: &[f64], t: [usize; N]) -> Result<(), TestCaseError> {
    let x = matrix::<N, C>(x);
    let t = Labels::<N, C>::new(t).unwrap();
    let y = softmax(&x);
    let bias = (0..N).map(|n| DELTA / (N as f64 * (y[(n, t.classes()[n])] + DELTA))).fold(0.0, f64::max);
    let report = gradient_check(&mut Identity::new(), &mut SoftmaxWithLoss::new(), &x, &t);
    assert_close(&report, TOL + bias)
}

fn identity_with_loss<const N: usize, const C: usize>(
    x: &[f64],
    t: &impl Target<f64, N, C>,
) -> Result<(), TestCaseError> {
    let report = gradient_check(&mut Identity::new(), &mut IdentityWithLoss::new(), &matrix::<N, C>(x), t);
    assert_close(&report, TOL)
}

/// The five-layer model of the `sequential` docs, shrunk to 4-6-5-3, with identity + squared
/// error, inputs in [−1, 1] and weights and biases in [−0.5, 0.5].
///
/// Its largest third derivative is for an element of the middle W: the pre-activation of one
/// sigmoid moves by c = h₁ ≤ 4·0.5 + 0.5 = 2.5 per unit of the element, so with |u| = |y − t|
/// ≤ 4, |u′| ≤ 0.5·σ′·c ≤ 0.31, |u″| ≤ 0.5·|σ″|·c² ≤ 0.3, |u‴| ≤ 0.5·|σ‴|·c³ ≤ 1 and three
/// outputs, |L‴| = |Σ (3u′u″ + u·u‴)| / N ≤ 3·(0.28 + 4) < 13 (the other elements give less;
/// the last Affine's, none, L being quadratic in them). Truncation is then ≤ 2.2e-8.
///
/// A ReLU pre-activation moves by at most h·max(|x|, |W|, 1) = 1e-4 when one element is
/// perturbed, so cases with a pre-activation within 1e-3 of the kink are set aside.
fn composed<const N: usize>(x: &[f64], w: &[f64], t: [usize; N]) -> Result<(), TestCaseError> {
    let (w1, rest) = w.split_at(4 * 6);
    let (b1, rest) = rest.split_at(6);
    let (w2, rest) = rest.split_at(6 * 5);
    let (b2, rest) = rest.split_at(5);
    let (w3, b3) = rest.split_at(5 * 3);
    let mut model =
        (affine::<4, 6>(w1, b1), Relu::new(), affine::<6, 5>(w2, b2), Sigmoid::new(), affine::<5, 3>(w3, b3));
    let x = matrix::<N, 4>(x);
    prop_assume!(model.0.forward(&x).iter().all(|a| a.abs() > 1e-3), "too close to ReLU's kink");
    let t = Labels::<N, 3>::new(t).unwrap();
    let report = gradient_check(&mut model, &mut IdentityWithLoss::new(), &x, &t);
    let names: Vec<_> = report.entries.iter().map(|d| d.name.as_str()).collect();
    prop_assert_eq!(names, ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b", "x"]);
    assert_close(&report, TOL)
}

/// Number of weights and biases of the composed model: 4·6 + 6 + 6·5 + 5 + 5·3 + 3.
const COMPOSED_PARAMS: usize = 83;

proptest! {
    // 64 cases per shape keep the whole file under a few seconds in a debug build; failing
    // cases are shrunk and printed, not written to the source tree.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn relu_1x7(x in away_from_kink(7), seed: u64) { relu::<1, 7>(&x, seed)?; }
    #[test]
    fn relu_4x3(x in away_from_kink(12), seed: u64) { relu::<4, 3>(&x, seed)?; }

    #[test]
    fn sigmoid_1x5(x in values(5, 6.0), seed: u64) { sigmoid::<1, 5>(&x, seed)?; }
    #[test]
    fn sigmoid_3x4(x in values(12, 6.0), seed: u64) { sigmoid::<3, 4>(&x, seed)?; }

    #[test]
    fn affine_batch1_3to2(x in values(3, 3.0), w in values(6, 1.0), b in values(2, 1.0), seed: u64) {
        affine_layer::<1, 3, 2>(&x, &w, &b, seed)?;
    }
    #[test]
    fn affine_batch4_2to5(x in values(8, 3.0), w in values(10, 1.0), b in values(5, 1.0), seed: u64) {
        affine_layer::<4, 2, 5>(&x, &w, &b, seed)?;
    }
    #[test]
    fn affine_batch3_4to4(x in values(12, 3.0), w in values(16, 1.0), b in values(4, 1.0), seed: u64) {
        affine_layer::<3, 4, 4>(&x, &w, &b, seed)?;
    }

    #[test]
    fn softmax_with_loss_1x10(x in values(10, 3.0), t in prop::array::uniform::<_, 1>(0..10_usize)) {
        softmax_with_loss::<1, 10>(&x, t)?;
    }
    #[test]
    fn softmax_with_loss_4x3(x in values(12, 3.0), t in prop::array::uniform::<_, 4>(0..3_usize)) {
        softmax_with_loss::<4, 3>(&x, t)?;
    }

    #[test]
    fn identity_with_loss_labels_1x4(x in values(4, 3.0), t in 0..4_usize) {
        identity_with_loss::<1, 4>(&x, &Labels::new([t]).unwrap())?;
    }
    #[test]
    fn identity_with_loss_labels_5x3(x in values(15, 3.0), t in prop::array::uniform::<_, 5>(0..3_usize)) {
        identity_with_loss::<5, 3>(&x, &Labels::new(t).unwrap())?;
    }

    #[test]
    fn composed_batch1(x in values(4, 1.0), w in values(COMPOSED_PARAMS, 0.5), t in 0..3_usize) {
        composed::<1>(&x, &w, [t])?;
    }
    #[test]
    fn composed_batch3(
        x in values(12, 1.0),
        w in values(COMPOSED_PARAMS, 0.5),
        t in prop::array::uniform::<_, 3>(0..3_usize),
    ) {
        composed::<3>(&x, &w, t)?;
    }
}

/// A gradient check that cannot fail is worthless: a backward pass with a wrong factor must
/// be caught. `Doubled` is ReLU whose backward returns twice the right dx.
#[test]
fn a_wrong_backward_is_reported() {
    #[derive(Clone)]
    struct Doubled(Relu<f64>, SMatrix<f64, 2, 3>);
    impl Layer<SMatrix<f64, 2, 3>> for Doubled {
        type Output = SMatrix<f64, 2, 3>;
        fn forward(&mut self, x: &SMatrix<f64, 2, 3>) -> &SMatrix<f64, 2, 3> {
            self.0.forward(x)
        }
        fn backward(&mut self, dout: &SMatrix<f64, 2, 3>) -> &SMatrix<f64, 2, 3> {
            self.1 = self.0.backward(dout) * 2.0;
            &self.1
        }
    }
    impl Parameters<f64> for Doubled {
        fn visit_params(&mut self, _: &Name<'_>, _: &mut dyn FnMut(Param<'_, f64>)) {}
    }
    let x = SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, 3.0, 0.25, -1.0);
    let report = check_layer(&mut Doubled(Relu::new(), SMatrix::zeros()), &x, &mut StdRng::seed_from_u64(7));
    // Where x > 0 backprop gives 2r and the numerical gradient r: the relative error is 1/2.
    assert!((report.max_rel_err() - 0.5).abs() < 1e-9, "{report}");
    assert!(report.max_abs_diff() > 0.01);
}

// ---- Chapter 6: BatchNorm (train mode) and Dropout (mask held fixed) ----------------------
//
// BatchNorm's output x̂ = (x − μ)/√(σ² + ε) is smooth but not polynomial in x: its k-th
// derivative with respect to one element scales like 1/stdᵏ (each derivative of 1/std brings
// a factor 1/std², each of xc one of 1), times small combinatorial factors. With every
// feature's batch variance kept ≥ 0.25 (std ≥ 0.5) and |γ| ≤ 2, |r| ≤ 1, the readout's third
// derivative stays below ~200 in the worst case, so truncation is ≤ 1.7e-9 · 200 ≈ 3.4e-7:
// [`BN_TOL`] = 1e-6. Measured: three runs of all cases pass at 1e-7 and fail at 1e-8, so
// the worst differences seen lie between 1e-8 and 1e-7, ten times inside the bound.
// With respect to γ and β the loss is linear, so only rounding remains there.

/// Largest |backprop − numerical| accepted for BatchNorm; derived above.
const BN_TOL: f64 = 1e-6;

/// Every feature's batch variance at least `floor`: away from std → 0, where x̂'s
/// derivatives blow up (a constant feature is normalised by √ε alone).
fn spread<const N: usize, const D: usize>(x: &SMatrix<f64, N, D>, floor: f64) -> bool {
    x.column_iter().all(|c| c.variance() >= floor)
}

fn batch_norm<const N: usize, const D: usize>(
    x: &[f64],
    g: &[f64],
    b: &[f64],
    seed: u64,
) -> Result<(), TestCaseError> {
    let x = matrix::<N, D>(x);
    prop_assume!(spread(&x, 0.25), "a feature with too little variance over the batch");
    let mut bn = BatchNorm::<D, f64>::new();
    bn.gamma = RowSVector::from_column_slice(g);
    bn.beta = RowSVector::from_column_slice(b);
    let report = check_layer(&mut bn, &x, &mut StdRng::seed_from_u64(seed));
    prop_assert_eq!(
        report.entries.iter().map(|d| (d.name.as_str(), d.len)).collect::<Vec<_>>(),
        [("gamma", D), ("beta", D), ("x", N * D)]
    );
    assert_close(&report, BN_TOL)
}

/// Dropout with its mask held is y = x ∘ mask, linear in x: only rounding is left, and TOL holds.
fn dropout<const N: usize, const D: usize>(x: &[f64], ratio: f64, seed: u64) -> Result<(), TestCaseError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut layer = Dropout::<f64>::new(ratio, &mut rng).unwrap();
    layer.hold_mask();
    let report = check_layer(&mut layer, &matrix::<N, D>(x), &mut rng);
    assert_close(&report, TOL)
}

/// The book's block Affine → BatchNorm → ReLU → Dropout, then Affine, with identity +
/// squared error (no δ bias, as in [`composed`]): 3-5-5-5-5-2. Cases within 1e-3 of ReLU's
/// kink are set aside as in [`composed`].
fn block<const N: usize>(x: &[f64], w: &[f64], t: [usize; N], seed: u64) -> Result<(), TestCaseError> {
    let (w1, rest) = w.split_at(3 * 5);
    let (b1, rest) = rest.split_at(5);
    let (w2, b2) = rest.split_at(5 * 2);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut drop = Dropout::new(0.3, &mut rng).unwrap();
    drop.hold_mask();
    let mut model =
        (affine::<3, 5>(w1, b1), BatchNorm::<5, f64>::new(), Relu::new(), drop, affine::<5, 2>(w2, b2));
    let x = matrix::<N, 3>(x);
    let h = *model.0.forward(&x);
    prop_assume!(spread(&h, 0.25), "a hidden unit with too little variance over the batch");
    prop_assume!(model.1.forward(&h).iter().all(|a| a.abs() > 1e-3), "too close to ReLU's kink");
    let t = Labels::<N, 2>::new(t).unwrap();
    let report = gradient_check(&mut model, &mut IdentityWithLoss::new(), &x, &t);
    let names: Vec<_> = report.entries.iter().map(|d| d.name.as_str()).collect();
    prop_assert_eq!(names, ["0.W", "0.b", "1.gamma", "1.beta", "4.W", "4.b", "x"]);
    assert_close(&report, BN_TOL)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn batch_norm_4x3(x in values(12, 3.0), g in values(3, 2.0), b in values(3, 1.0), seed: u64) {
        batch_norm::<4, 3>(&x, &g, &b, seed)?;
    }
    #[test]
    fn batch_norm_8x2(x in values(16, 3.0), g in values(2, 2.0), b in values(2, 1.0), seed: u64) {
        batch_norm::<8, 2>(&x, &g, &b, seed)?;
    }

    #[test]
    fn dropout_1x7(x in values(7, 3.0), ratio in 0.0..0.9_f64, seed: u64) { dropout::<1, 7>(&x, ratio, seed)?; }
    #[test]
    fn dropout_4x3(x in values(12, 3.0), ratio in 0.0..0.9_f64, seed: u64) { dropout::<4, 3>(&x, ratio, seed)?; }

    #[test]
    fn affine_batch_norm_relu_dropout_affine(
        x in values(18, 2.0),
        w in values(3 * 5 + 5 + 5 * 2 + 2, 1.0),
        t in prop::array::uniform::<_, 6>(0..2_usize),
        seed: u64,
    ) {
        block::<6>(&x, &w, t, seed)?;
    }
}

/// BatchNorm's check cannot pass by accident: a backward that forgets the path through μ
/// and σ² (dx = γ/std · dout, the "treat the statistics as constants" mistake) is caught.
#[test]
fn batch_norm_with_the_statistics_held_constant_is_reported() {
    #[derive(Clone)]
    struct Naive(BatchNorm<2, f64>, SMatrix<f64, 4, 2>, SMatrix<f64, 4, 2>);
    impl Layer<SMatrix<f64, 4, 2>> for Naive {
        type Output = SMatrix<f64, 4, 2>;
        fn forward(&mut self, x: &SMatrix<f64, 4, 2>) -> &SMatrix<f64, 4, 2> {
            self.1 = *x;
            self.0.forward(x)
        }
        fn backward(&mut self, dout: &SMatrix<f64, 4, 2>) -> &SMatrix<f64, 4, 2> {
            self.0.backward(dout);
            let x = self.1;
            let std = |j: usize| (x.column(j).variance() + 1e-6).sqrt();
            self.2 = SMatrix::from_fn(|n, j| self.0.gamma[j] * dout[(n, j)] / std(j));
            &self.2
        }
    }
    impl Parameters<f64> for Naive {
        fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, f64>)) {
            self.0.visit_params(name, f);
        }
    }
    let x = SMatrix::<f64, 4, 2>::new(3.0, 2.0, 3.0, 0.0, 7.0, 0.5, 6.0, 2.0);
    let report = check_layer(
        &mut Naive(BatchNorm::new(), SMatrix::zeros(), SMatrix::zeros()),
        &x,
        &mut StdRng::seed_from_u64(7),
    );
    assert!(report.get("x").unwrap().max_abs_diff > 0.01, "{report}");
    assert!(report.get("gamma").unwrap().max_abs_diff < BN_TOL, "{report}");
}
