//! Properties of chapter 4's tools on random inputs from bounded ranges, each tolerance derived
//! in a comment next to it. EPS is f64's machine epsilon, 2.2e-16.

use dldw::activation::softmax;
use dldw::differentiation::H;
use dldw::gradient::numerical_gradient;
use dldw::loss::{CrossEntropyError, Labels, Loss, SumSquaredError};
use nalgebra::SMatrix;
use proptest::prelude::*;

const EPS: f64 = f64::EPSILON;

/// Six numbers in [-10, 10] as a 2×3 matrix (filled column by column; the layout is irrelevant).
fn mat2x3() -> impl Strategy<Value = SMatrix<f64, 2, 3>> {
    proptest::array::uniform6(-10.0..10.0_f64).prop_map(|a| SMatrix::from_column_slice(&a))
}

/// Three rows of four scores in [-50, 50].
fn scores() -> impl Strategy<Value = SMatrix<f64, 3, 4>> {
    proptest::array::uniform12(-50.0..50.0_f64).prop_map(|a| SMatrix::from_column_slice(&a))
}

proptest! {
    /// For f(x) = Σ aᵢxᵢ² + bᵢxᵢ the gradient is 2aᵢxᵢ + bᵢ, and the central difference of a
    /// quadratic is exact in real arithmetic: (a(x+h)² − a(x−h)²)/2h = 2ax. What remains is
    /// rounding. With S = Σ |aᵢ|(|xᵢ|+1)² + |bᵢ|(|xᵢ|+1) bounding every term of f near x:
    /// * each evaluation of f (n = 6 terms, 3 roundings per term, n − 1 additions) is off by at
    ///   most (n + 2)·EPS·S, so the difference of two, over 2h, by (n + 2)·EPS·S/h;
    /// * xᵢ ± h is rounded, moving each side's step by ≤ EPS·(|xᵢ|+1)/2; that changes the
    ///   quotient by ≤ |gᵢ|·EPS·(|xᵢ|+1)/(2h) ≤ EPS·S/h, since |gᵢ|(|xᵢ|+1) ≤ 2S;
    /// * the final subtraction and division add ≤ 2·EPS·|gᵢ| ≤ EPS·S/h (h < 1).
    ///
    /// Total ≤ (n + 4)·EPS·S/h; we allow twice that. For comparison, a forward difference
    /// would be off by |aᵢ|·h, up to 1e-3, and fail this test by orders of magnitude.
    #[test]
    fn numerical_gradient_of_a_quadratic_is_its_analytic_gradient(a in mat2x3(), b in mat2x3(), x in mat2x3()) {
        let f = |x: &SMatrix<f64, 2, 3>| (0..6).map(|i| a[i] * (x[i] * x[i]) + b[i] * x[i]).sum::<f64>();
        let analytic = SMatrix::<f64, 2, 3>::from_fn(|r, c| 2.0 * a[(r, c)] * x[(r, c)] + b[(r, c)]);
        let s: f64 = (0..6).map(|i| a[i].abs() * (x[i].abs() + 1.0).powi(2) + b[i].abs() * (x[i].abs() + 1.0)).sum();
        let tol = 2.0 * (6.0 + 4.0) * EPS * s / H;
        let err = (numerical_gradient(f, &x) - analytic).amax();
        prop_assert!(err <= tol, "error {err:e} > tolerance {tol:e}");
    }

    /// The caller's matrix is bit-for-bit unchanged, and f only ever sees it with a single
    /// element moved: element i perturbed for the 2i-th and (2i+1)-th calls, every other element
    /// exactly as given. This is what "save tmp and write it back" must guarantee — a restore by
    /// `x += h` after `x -= h` would leave traces of rounding.
    #[test]
    fn numerical_gradient_never_mutates_and_restores_each_element(x in mat2x3()) {
        let before = x.map(f64::to_bits);
        let mut calls = 0;
        let mut stray = Vec::new();
        numerical_gradient(
            |p: &SMatrix<f64, 2, 3>| {
                let moved = calls / 2;
                for i in 0..6 {
                    if (i == moved) == (p[i].to_bits() == x[i].to_bits()) {
                        stray.push((calls, i));
                    }
                }
                calls += 1;
                p.sum()
            },
            &x,
        );
        prop_assert_eq!(calls, 12);
        prop_assert!(stray.is_empty(), "unexpected elements (call, index): {:?}", stray);
        prop_assert_eq!(x.map(f64::to_bits), before);
    }

    /// Each row of softmax sums to 1. The computed yₖ = fl(eₖ/s) with s = fl(Σ eₖ), whatever
    /// rounding the eₖ carry, so Σ yₖ = (Σ eₖ / s)(1 ± EPS) ± (C − 1)·EPS: within (2C)·EPS
    /// of 1 to first order, C = 4. We allow twice that, 16·EPS ≈ 3.6e-15.
    #[test]
    fn softmax_rows_sum_to_one(a in scores()) {
        let y = softmax(&a);
        for n in 0..3 {
            let sum = y.row(n).sum();
            prop_assert!((sum - 1.0).abs() <= 16.0 * EPS, "row {n} sums to {sum}");
            prop_assert!(y.row(n).iter().all(|v| (0.0..=1.0).contains(v)));
        }
    }

    /// Adding a constant cₙ to row n leaves its softmax unchanged. In floats, aₖ + cₙ is rounded
    /// by ≤ EPS·|aₖ + cₙ|/2 ≤ 75·EPS (|a| ≤ 50, |c| ≤ 100), and subtracting the row maximum
    /// rounds again by ≤ 50·EPS; exp turns an absolute error δ in its argument into a relative
    /// error δ in eₖ, and normalising moves each yₖ by ≤ 2·max δ. Together with the ~4·EPS of
    /// exp and the division, |Δyₖ| ≤ 2·(75 + 50 + 4)·EPS ≈ 260·EPS for each of the two
    /// softmaxes compared; we allow 600·EPS ≈ 1.3e-13.
    #[test]
    fn softmax_is_unchanged_by_adding_a_constant_to_a_row(a in scores(), c in proptest::array::uniform3(-100.0..100.0_f64)) {
        let shifted = SMatrix::<f64, 3, 4>::from_fn(|n, k| a[(n, k)] + c[n]);
        let err = (softmax(&shifted) - softmax(&a)).amax();
        prop_assert!(err <= 600.0 * EPS, "softmax moved by {err:e}");
    }

    /// Both losses are ≥ 0 on probability rows (softmax outputs). SSE is a sum of squares.
    /// CEE is −log(yₜ + δ) with the book's δ = 1e-7: ≥ 0 whenever yₜ ≤ 1 − δ, and never below
    /// −log(1 + δ) ≈ −1e-7, reached when the answer gets probability exactly 1 (which f64
    /// softmax gives for scores 100 apart) — the price of the δ that keeps log(0) away. The
    /// batch average of three such terms rounds by ≤ 3·EPS relative, hence the factor 1 + 4·EPS.
    #[test]
    fn losses_are_non_negative_on_probability_rows(a in scores(), t in proptest::array::uniform3(0..4_usize)) {
        let y = softmax(&a);
        let labels = Labels::<3, 4>::new(t).unwrap();
        prop_assert!(SumSquaredError.loss(&y, &labels) >= 0.0);
        let cee = CrossEntropyError.loss(&y, &labels);
        prop_assert!(cee >= -(1.0 + 1e-7_f64).ln() * (1.0 + 4.0 * EPS), "CEE {cee:e}");
        if (0..3).all(|n| y[(n, t[n])] <= 1.0 - 1e-7) {
            prop_assert!(cee >= 0.0, "CEE {cee:e} with every answer's probability below 1 − δ");
        }
    }
}
