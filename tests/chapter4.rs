//! Chapter 4's numbers from the book, asserted: losses (4.2), activations used by them (3.2,
//! 3.5), numerical differentiation (4.3), gradients (4.4), gradient descent (4.4.1) and
//! simpleNet (4.4.2), in f64 and, for a few, in f32.

use dldw::HyperParamError;
use dldw::activation::{relu, sigmoid, softmax, step_function};
use dldw::differentiation::{numerical_diff, numerical_diff_forward_bad};
use dldw::gradient::{numerical_gradient, numerical_gradient_rows};
use dldw::gradient_descent::gradient_descent;
use dldw::loss::{CrossEntropyError, Labels, Loss, OneHot, SumSquaredError};
use dldw::simple_net::SimpleNet;
use nalgebra::{Matrix2x3, Matrix3x2, RowSVector, RowVector2, RowVector3, SMatrix};
use rand::SeedableRng;

/// The book's mini-batch-free sample: 0.6 on class 2 (right, the target is 2).
fn right_answer() -> RowSVector<f64, 10> {
    RowSVector::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
}

/// The book's wrong answer: the same row with its 0.6 on class 7.
fn wrong_answer() -> RowSVector<f64, 10> {
    RowSVector::from_row_slice(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
}

/// The book's function_1, squared first as `x**2` is.
fn function_1(x: f64) -> f64 {
    0.01 * (x * x) + 0.1 * x
}

/// The book's function_2 on a point given as a row.
fn function_2(x: &RowVector2<f64>) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

fn book_net() -> SimpleNet<f64> {
    SimpleNet::new(Matrix2x3::new(0.47355232, 0.9977393, 0.84668094, 0.85557411, 0.03563661, 0.69422093))
}

fn assert_close(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "got {got:e}, want {want:e} ± {tol:e}");
}

// ---- 4.2 losses ----

#[test]
fn losses_of_the_right_answer_match_the_book_with_both_target_kinds() {
    let t = Labels::<1, 10>::new([2]).unwrap();
    let one_hot = OneHot::<f64, 1, 10>::from_labels(&t);
    for (sse, cee) in [
        (SumSquaredError.loss(&right_answer(), &t), CrossEntropyError.loss(&right_answer(), &t)),
        (SumSquaredError.loss(&right_answer(), &one_hot), CrossEntropyError.loss(&right_answer(), &one_hot)),
    ] {
        assert_close(sse, 0.0975, 1e-15); // the book prints 0.097500000000000031
        assert_close(cee, 0.510825457099338, 1e-15);
    }
}

#[test]
fn losses_of_the_wrong_answer_match_the_book_with_both_target_kinds() {
    let t = Labels::<1, 10>::new([2]).unwrap();
    let one_hot = OneHot::<f64, 1, 10>::from_labels(&t);
    for (sse, cee) in [
        (SumSquaredError.loss(&wrong_answer(), &t), CrossEntropyError.loss(&wrong_answer(), &t)),
        (SumSquaredError.loss(&wrong_answer(), &one_hot), CrossEntropyError.loss(&wrong_answer(), &one_hot)),
    ] {
        // The book prints 0.59750000000000003; summing in another order gives 0.5974999999999999.
        assert_close(sse, 0.5975, 2e-16);
        assert_close(cee, 2.302584092994546, 1e-15);
    }
}

#[test]
fn a_batch_loss_is_the_average_of_its_rows() {
    let batch = SMatrix::<f64, 2, 10>::from_rows(&[right_answer(), wrong_answer()]);
    let t = Labels::<2, 10>::new([2, 2]).unwrap();
    assert_close(SumSquaredError.loss(&batch, &t), (0.0975 + 0.5975) / 2.0, 1e-15);
    assert_close(CrossEntropyError.loss(&batch, &t), (0.510825457099338 + 2.302584092994546) / 2.0, 1e-15);
}

#[test]
fn losses_in_f32_match_the_book_to_f32_precision() {
    let y = right_answer().map(|v| v as f32);
    let t = Labels::<1, 10>::new([2]).unwrap();
    assert!((SumSquaredError.loss(&y, &t) - 0.0975).abs() < 1e-7);
    assert!((CrossEntropyError.loss(&y, &t) - 0.5108254).abs() < 1e-6);
}

// ---- activations the losses and simpleNet rely on ----

#[test]
fn softmax_of_huge_scores_is_finite_and_sums_to_one() {
    let y = softmax(&RowVector3::new(1010.0_f64, 1000.0, 990.0));
    assert!(y.iter().all(|v| v.is_finite()));
    assert_close(y.sum(), 1.0, 1e-15);
    // The book prints [9.99954600e-01 4.53978686e-05 2.06106005e-09].
    assert_close(y[0], 9.99954600e-01, 1e-9);
    assert_close(y[1], 4.53978686e-05, 1e-13);
    assert_close(y[2], 2.06106005e-09, 1e-17);
    let y32 = softmax(&RowVector3::new(1010.0_f32, 1000.0, 990.0));
    assert!(y32.iter().all(|v| v.is_finite()) && (y32.sum() - 1.0).abs() < 1e-6);
}

#[test]
fn softmax_of_the_books_scores() {
    // Book 3.5.1: softmax([0.3, 2.9, 4.0]) = [0.01821127 0.24519181 0.73659691].
    let y = softmax(&RowVector3::new(0.3_f64, 2.9, 4.0));
    assert!((y - RowVector3::new(0.01821127, 0.24519181, 0.73659691)).amax() < 1e-8);
}

#[test]
fn sigmoid_step_and_relu_values_match_the_book() {
    let x = RowVector3::new(-1.0_f64, 1.0, 2.0);
    // Book 3.2.4: sigmoid([-1, 1, 2]) = [0.26894142 0.73105858 0.88079708].
    assert!((x.map(sigmoid) - RowVector3::new(0.26894142, 0.73105858, 0.88079708)).amax() < 1e-8);
    // Book 3.2.3: step([-1, 1, 2]) = [0 1 1].
    assert_eq!(x.map(step_function), RowVector3::new(0.0, 1.0, 1.0));
    assert_eq!(x.map(relu), RowVector3::new(0.0, 1.0, 2.0));
    assert_eq!(relu(-0.5_f32), 0.0);
}

// ---- 4.3 numerical differentiation ----

#[test]
fn the_forward_difference_with_a_tiny_step_is_wrecked_by_rounding() {
    // f64: 5 + 1e-50 == 5, so the numerator is exactly 0.
    assert_eq!(numerical_diff_forward_bad(function_1, 5.0), 0.0);
    assert_eq!(numerical_diff_forward_bad(function_1, 10.0), 0.0);
    // f32: 1e-50 is itself 0 (the book's np.float32(1e-50)), and 0/0 is NaN.
    assert!(numerical_diff_forward_bad(|x: f32| 0.01 * (x * x) + 0.1 * x, 5.0).is_nan());
}

#[test]
fn the_central_difference_gives_the_books_values_exactly() {
    assert_eq!(numerical_diff(function_1, 5.0), 0.1999999999990898);
    assert_eq!(numerical_diff(function_1, 10.0), 0.2999999999986347);
}

#[test]
fn partial_derivatives_are_the_books_exactly() {
    // Book 4.3.3: function_tmp1 and function_tmp2, the 1-D slices of x0² + x1² through (3, 4).
    assert_eq!(numerical_diff(|x0: f64| x0 * x0 + 4.0 * 4.0, 3.0), 6.00000000000378);
    assert_eq!(numerical_diff(|x1: f64| 3.0 * 3.0 + x1 * x1, 4.0), 7.999999999999119);
}

#[test]
fn the_central_difference_works_in_f32_within_its_rounding() {
    // In f32, 5 ± 1e-4 lands on a grid of spacing 4.8e-7, so the step 2h is off by up to
    // ~0.12%, and each f(x ± h) ≈ 0.75 carries ~6e-8 of rounding, ~3e-4 once divided by 2h.
    // Together below 2e-3; the measured error is 2.7e-4 at x = 5.
    let f = |x: f32| 0.01 * (x * x) + 0.1 * x;
    assert!((numerical_diff(f, 5.0) - 0.2).abs() < 2e-3);
    assert!((numerical_diff(f, 10.0) - 0.3).abs() < 2e-3);
}

// ---- 4.4 gradient ----

#[test]
fn the_gradient_at_3_4_is_the_two_partial_derivatives() {
    // The same arithmetic as the 1-D slices, so the same bits.
    let g = numerical_gradient(function_2, &RowVector2::new(3.0, 4.0));
    assert_eq!(g, RowVector2::new(6.00000000000378, 7.999999999999119));
}

#[test]
fn gradients_at_the_books_three_points() {
    let points = Matrix3x2::new(3.0, 4.0, 0.0, 2.0, 3.0, 0.0);
    let g = numerical_gradient_rows(function_2, &points);
    assert!((g - Matrix3x2::new(6.0, 8.0, 0.0, 4.0, 6.0, 0.0)).amax() < 1e-9, "{g}");
    for n in 0..3 {
        let row: RowVector2<f64> = points.fixed_rows::<1>(n).into_owned();
        assert_eq!(g.row(n), numerical_gradient(function_2, &row), "row {n}");
    }
}

#[test]
fn the_gradient_in_f32_is_close_to_6_8() {
    // f ≈ 25 carries ~2e-6 of f32 rounding, ~1e-2 once divided by 2h = 2e-4: hence 3e-2.
    // (Measured: (5.989, 8.001).)
    let g = numerical_gradient(|x: &RowVector2<f32>| x[0] * x[0] + x[1] * x[1], &RowVector2::new(3.0, 4.0));
    assert!((g - RowVector2::new(6.0, 8.0)).amax() < 3e-2, "{g}");
}

// ---- 4.4.1 gradient descent ----

#[test]
fn descent_at_lr_0_1_reaches_the_books_point() {
    let d = gradient_descent(function_2, RowVector2::new(-3.0, 4.0), 0.1, 20).unwrap();
    // Book: [-0.03458765  0.04611686]; measured -0.03458764513817675, 0.04611686018418694.
    assert!((d.x - RowVector2::new(-0.03458765, 0.04611686)).amax() < 1e-8);
    assert_eq!(d.history.len(), 20);
    assert_eq!(d.history[0], RowVector2::new(-3.0, 4.0));
    // Each step multiplies x by 1 − 2·lr = 0.8 (up to the gradient's ~1e-12 error).
    assert!((d.history[1] - RowVector2::new(-2.4, 3.2)).amax() < 1e-11);

    let d = gradient_descent(function_2, RowVector2::new(-3.0, 4.0), 0.1, 100).unwrap();
    // Book (100 steps): [-6.11110793e-10  8.14814391e-10].
    assert_close(d.x[0], -6.11110793e-10, 1e-18);
    assert_close(d.x[1], 8.14814391e-10, 1e-18);
}

#[test]
fn descent_at_lr_10_diverges_to_the_books_huge_numbers() {
    let f = function_2;
    let d = gradient_descent(f, RowVector2::new(-3.0, 4.0), 10.0, 100).unwrap();
    // Book: [-2.58983747e+13 -1.29524862e+12]; measured -25898374737328.363, -1295248616896.5398,
    // equal to the printed digits (tolerance: half a unit of the last printed digit).
    assert_close(d.x[0], -2.58983747e13, 0.5e5);
    assert_close(d.x[1], -1.29524862e12, 0.5e4);
    // Why it stops there: each step multiplies x by 1 − 2·10 = −19 until |x| is so large that
    // x ± 1e-4 rounds back to x (f64 spacing above 2⁴⁰ ≈ 1.1e12 is 2.4e-4). Then f(x + h) and
    // f(x − h) are the same number, the numerical gradient is exactly 0, and x freezes — the
    // rounding trap of 4.3.1 again. x0 freezes at step 10, x1 one step earlier.
    assert_eq!(numerical_gradient(f, &d.x), RowVector2::zeros());
    assert_eq!(d.history.iter().position(|x| *x == d.x), Some(10));
    assert_eq!(d.history[9][1], d.x[1]);
}

#[test]
fn descent_at_lr_1e_10_barely_moves() {
    let d = gradient_descent(function_2, RowVector2::new(-3.0, 4.0), 1e-10, 100).unwrap();
    // Book: [-2.99999994  3.99999992]; each step moves x by 2·lr·x ≈ 6e-10.
    assert!((d.x - RowVector2::new(-2.99999994, 3.99999992)).amax() < 1e-8);
    assert_ne!(d.x, RowVector2::new(-3.0, 4.0));
}

#[test]
fn descent_in_f32() {
    let f = |x: &RowVector2<f32>| x[0] * x[0] + x[1] * x[1];
    let d = gradient_descent(f, RowVector2::new(-3.0, 4.0), 0.1, 20).unwrap();
    // Each step's f32 gradient error (~1e-2 at the start, shrinking with f) is damped by the
    // 0.8 per step that follows it: ~2e-4 at the end. Measured (-0.0346107, 0.0461506).
    assert!((d.x - RowVector2::new(-0.03458765, 0.04611686)).amax() < 5e-4);
    // A step of 6e-10 is below half the f32 spacing near 3 (1.2e-7): f32 does not move at all.
    let d = gradient_descent(f, RowVector2::new(-3.0, 4.0), 1e-10, 100).unwrap();
    assert_eq!(d.x, RowVector2::new(-3.0, 4.0));
}

#[test]
fn a_learning_rate_that_cannot_work_is_a_typed_error() {
    for lr in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.1] {
        let err = gradient_descent(function_2, RowVector2::new(-3.0, 4.0), lr, 10).unwrap_err();
        assert!(
            matches!(err, HyperParamError::LearningRate(got) if got.to_bits() == lr.to_bits()),
            "{err:?}"
        );
        assert!(err.to_string().contains("learning rate must be a finite number greater than 0"), "{err}");
    }
}

// ---- 4.4.2 simpleNet ----

#[test]
fn simple_net_predicts_the_books_scores_and_class() {
    let p = book_net().predict(&RowVector2::new(0.6, 0.9));
    assert!((p - RowVector3::new(1.05414809, 0.63071653, 1.1328074)).amax() < 1e-8, "{p}");
    assert_eq!(p.transpose().argmax().0, 2);
}

#[test]
fn simple_net_loss_and_gradient_match_the_book_up_to_its_missing_delta() {
    let (net, x) = (book_net(), RowVector2::new(0.6, 0.9));
    let t = OneHot::new(RowVector3::new(0.0, 0.0, 1.0)).unwrap();
    let y2 = softmax(&net.predict(&x))[2];
    let delta = 1e-7;

    // NumPy with the book's cross_entropy_error (δ = 1e-7) on these W gives 0.9280682857864075.
    let loss = net.loss(&x, &t);
    assert_close(loss, 0.9280682857864075, 1e-15);
    // The book prints 0.92806853663411326 = −ln y₂ without δ; −ln(y₂ + δ) ≈ −ln y₂ − δ/y₂.
    // (What is left, 2e-9, is the rounding of the printed W to 8 digits.)
    assert_close(loss + delta / y2, 0.9280685366341133, 1e-8);

    // With δ, every entry of dW is the book's times y₂/(y₂ + δ).
    let book_dw = Matrix2x3::new(0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514);
    let dw = net.numerical_gradient(&x, &t);
    assert!((dw * ((y2 + delta) / y2) - book_dw).amax() < 1e-8, "{dw}");
    // Measured: [[0.21924757, 0.14356243, -0.36281000], [0.32887136, 0.21534364, -0.54421500]].
    assert!((dw - book_dw).amax() < 2e-7);

    // And the loss without δ, differentiated by the same numerical_gradient, is the book's dW.
    let no_delta = numerical_gradient(|w: &Matrix2x3<f64>| -softmax(&(x * w))[2].ln(), &net.W);
    assert!((no_delta - book_dw).amax() < 1e-8, "{no_delta}");
}

#[test]
fn simple_net_with_class_index_target_gives_the_same_as_one_hot() {
    let (net, x) = (book_net(), RowVector2::new(0.6, 0.9));
    let labels = Labels::<1, 3>::new([2]).unwrap();
    let one_hot = OneHot::new(RowVector3::new(0.0, 0.0, 1.0)).unwrap();
    assert_eq!(net.loss(&x, &labels), net.loss(&x, &one_hot));
    assert_eq!(net.numerical_gradient(&x, &labels), net.numerical_gradient(&x, &one_hot));
}

#[test]
fn simple_net_gradient_leaves_the_weights_alone() {
    let net = book_net();
    let before = net.clone();
    net.numerical_gradient(&RowVector2::new(0.6, 0.9), &Labels::<1, 3>::new([2]).unwrap());
    assert_eq!(net, before);
}

#[test]
fn simple_net_random_weights_depend_only_on_the_seed() {
    let draw = |seed| SimpleNet::<f64>::random(&mut rand::rngs::StdRng::seed_from_u64(seed));
    assert_eq!(draw(42), draw(42));
    assert_ne!(draw(42), draw(43));
    // Standard normal draws: none of the six is beyond 6σ (chance ~1e-8).
    let w = draw(42).W;
    assert!(w.iter().all(|v| v.abs() < 6.0), "{w}");
    // The worked loss of a seeded net is finite and positive.
    let loss = draw(42).loss(&RowVector2::new(0.6, 0.9), &Labels::<1, 3>::new([2]).unwrap());
    assert!(loss.is_finite() && loss > 0.0);
}

#[test]
fn simple_net_in_f32() {
    let net = SimpleNet::new(book_net().W.map(|v| v as f32));
    let (x, t) = (RowVector2::new(0.6_f32, 0.9), Labels::<1, 3>::new([2]).unwrap());
    assert!((net.loss(&x, &t) - 0.928_068_3).abs() < 1e-6);
    // f32 differences of a loss near 0.93 (spacing 6e-8) over 2h = 2e-4 are ~3e-4 coarse, and
    // W ± h is rounded to a grid of ~1e-7 (another ~5e-4 relative): 2e-3 covers both.
    let dw64 = book_net().numerical_gradient(&RowVector2::new(0.6, 0.9), &t);
    let dw = net.numerical_gradient(&x, &t);
    assert!((dw.map(f64::from) - dw64).amax() < 2e-3, "{dw}");
}
