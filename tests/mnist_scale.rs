//! The book's two-layer net at full MNIST scale (784-50-10, batch 100, f64) runs forward and
//! backward on an ordinary test thread: 2 MiB of stack in a debug build, no `RUST_MIN_STACK`.
//! The input batch alone is 627 KB, so this only works because nothing that size is ever a
//! stack value: the batch is boxed, layers keep their outputs in heap buffers and return
//! references.

use dldw::gradient_check::H;
use dldw::init::Init;
use dldw::layers::{Affine, Layer, LossLayer, Relu, SoftmaxWithLoss};
use dldw::loss::Labels;
use nalgebra::SMatrix;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

type Batch = SMatrix<f64, 100, 784>;
type Model = (Affine<784, 50, f64>, Relu<f64>, Affine<50, 10, f64>);

fn loss(model: &mut Model, last: &mut SoftmaxWithLoss<f64>, x: &Batch, t: &Labels<100, 10>) -> f64 {
    last.forward(model.forward(x), t)
}

/// The weight `(i, j)` of the first (`layer` 0) or last (`layer` 2) Affine.
fn weight(model: &mut Model, layer: usize, i: usize, j: usize) -> &mut f64 {
    match layer {
        0 => &mut model.0.W[(i, j)],
        _ => &mut model.2.W[(i, j)],
    }
}

#[test]
fn two_layer_net_at_mnist_scale_on_a_test_thread() {
    let mut rng = StdRng::seed_from_u64(2024);
    let mut model: Model =
        (Affine::new(Init::book(), &mut rng), Relu::new(), Affine::new(Init::book(), &mut rng));
    let mut last = SoftmaxWithLoss::new();

    // Pixel intensities in [0, 1), as MNIST after the book's normalisation.
    let mut x = dldw::zeros_boxed::<f64, 100, 784>();
    x.iter_mut().for_each(|v| *v = rng.random_range(0.0..1.0));
    let t = Labels::<100, 10>::new(std::array::from_fn(|n| n % 10)).unwrap();

    let l = loss(&mut model, &mut last, &x, &t);
    // Per sample the loss is logsumexp(s) − s_t, and ln 10 + min s ≤ logsumexp(s) ≤ ln 10 +
    // max s, so |L − ln 10| ≤ max s − min s (plus 1e-6 for the δ in the log). With weights
    // N(0, 0.01²) the scores have a standard deviation of about 0.01 (measured: spread 0.056,
    // |L − ln 10| = 2.0e-4).
    let scores = model.forward(&x);
    let spread = scores.max() - scores.min();
    assert!(spread < 0.1, "scores spread {spread}: weights are not tiny");
    assert!((l - 10.0_f64.ln()).abs() <= spread + 1e-6, "loss {l}");

    let dx: &Batch = model.backward(last.backward());
    assert_eq!(dx.shape(), (100, 784));
    assert!(dx.iter().all(|v| v.is_finite()) && dx.amax() > 0.0);
    assert_eq!(model.0.dW.shape(), (784, 50));
    assert_eq!(model.0.db.shape(), (1, 50));
    assert_eq!(model.2.dW.shape(), (50, 10));
    // Each row of ∂L/∂scores = (y − t)/N sums to 0, and db₂ is their sum over the batch.
    assert!(model.2.db.sum().abs() < 1e-15, "Σ db2 = {}", model.2.db.sum());

    // Spot-check dW against (L(w + h) − L(w − h)) / 2h. A perturbation moves a first-layer
    // pre-activation by at most h·max x < 1e-4, so the columns checked must stay clear of
    // ReLU's kink by more than that.
    let a = model.0.forward(&x);
    assert!([6, 9, 46].iter().all(|&j| a.column(j).amin() > 1e-4));
    // Hidden units 6 and 46 are active for every image of this batch, unit 9 for some.
    let spots = [(0, 0, 6), (0, 391, 9), (0, 783, 46), (2, 6, 0), (2, 9, 3), (2, 46, 9)];
    for (layer, i, j) in spots {
        let backprop = if layer == 0 { model.0.dW[(i, j)] } else { model.2.dW[(i, j)] };
        assert!(backprop.abs() > 1e-6, "{layer}.W[({i}, {j})] has no gradient to check");
        let w = *weight(&mut model, layer, i, j);
        *weight(&mut model, layer, i, j) = w + H;
        let plus = loss(&mut model, &mut last, &x, &t);
        *weight(&mut model, layer, i, j) = w - H;
        let minus = loss(&mut model, &mut last, &x, &t);
        *weight(&mut model, layer, i, j) = w;
        let numerical = (plus - minus) / (2.0 * H);
        // Backprop differentiates −ln y_t, the loss is −ln(y_t + δ): each sample's share
        // differs by the factor y_t/(y_t + δ) ≈ 1 − 1e-6 (y_t ≈ 0.1), a relative difference
        // of ~1e-6 (measured 0.86e-6 … 1.47e-6 where shares partly cancel). Truncation and
        // rounding are ≲ 1e-11.
        let tol = 3e-6 * backprop.abs() + 1e-10;
        assert!(
            (backprop - numerical).abs() <= tol,
            "{layer}.W[({i}, {j})]: backprop {backprop:e}, numerical {numerical:e}"
        );
    }
}
