//! Test support shared by the optimizers' hand-computed tests.

use super::Optimizer;
use crate::layers::Affine;
use nalgebra::Matrix1x2;

/// Runs `opt` on a 1×2 weight starting at `w0`, one step per gradient in `grads` (the bias
/// gets gradient 0), and returns the weight after each step.
pub(crate) fn weights_after_steps(
    opt: &mut impl Optimizer<f64>,
    w0: [f64; 2],
    grads: &[[f64; 2]],
) -> Vec<[f64; 2]> {
    let mut affine = Affine::<1, 2, f64>::from_weights(Box::new(Matrix1x2::from(w0)), Matrix1x2::zeros());
    grads
        .iter()
        .map(|g| {
            *affine.dW = Matrix1x2::from(*g);
            opt.step(&mut affine);
            [affine.W[0], affine.W[1]]
        })
        .collect()
}

/// Asserts that every weight is within `1e-13` of its hand-computed value.
///
/// The expected values are written to 16 significant digits and the computation is a few f64
/// operations on numbers near 1 (rounding below 1e-15), while an error in a formula, even only
/// in its ε = 1e-7 term, moves the result by more than 1e-9.
pub(crate) fn assert_steps(actual: &[[f64; 2]], expected: &[[f64; 2]]) {
    assert_eq!(actual.len(), expected.len());
    for (step, (a, e)) in actual.iter().zip(expected).enumerate() {
        for k in 0..2 {
            assert!(
                (a[k] - e[k]).abs() < 1e-13,
                "step {}: W[{k}] = {} but expected {}",
                step + 1,
                a[k],
                e[k]
            );
        }
    }
}
