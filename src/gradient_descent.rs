//! Gradient descent (book 4.4.1): step downhill along the negative gradient, again and again.
//!
//! x ← x − η ∇f(x), with the learning rate η chosen by hand. Too large and the steps overshoot
//! and blow up; too small and nothing moves (both shown in `examples/ch04_gradient_descent.rs`).

use crate::Float;
use crate::error::{HyperParamError, check_learning_rate};
use crate::gradient::numerical_gradient;
use nalgebra::SMatrix;

/// Where gradient descent ended and how it got there.
///
/// ```
/// use dldw::gradient_descent::gradient_descent;
/// use nalgebra::Vector2;
/// let d = gradient_descent(|x: &Vector2<f64>| x.norm_squared(), Vector2::new(1.0, 0.0), 0.25, 2).unwrap();
/// assert_eq!(d.history.len(), 2);
/// assert_eq!(d.history[0], Vector2::new(1.0, 0.0)); // the start comes first
/// assert!((d.x[0] - 0.25).abs() < 1e-9); // each step halves x: 1 → 0.5 → 0.25
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Descent<T: Float, const R: usize, const C: usize> {
    /// The point after the last step.
    pub x: SMatrix<T, R, C>,
    /// The point before each step (the book's `x_history`): `history[0]` is the start and
    /// there is one entry per step.
    pub history: Vec<SMatrix<T, R, C>>,
}

/// Runs `steps` steps of x ← x − lr·∇f(x) from `init`, with the gradient taken numerically by
/// [`numerical_gradient`] (book 4.4.1, `gradient_descent(f, init_x, lr, step_num)`).
///
/// `init` is taken by value, so unlike the book's version the caller's starting point is not
/// overwritten. The learning rate is checked first: a rate that is not finite and greater than
/// 0 is refused with [`HyperParamError::LearningRate`] before any step is taken.
///
/// The book's run on f(x₀, x₁) = x₀² + x₁² from (−3, 4) with lr 0.1 for 20 steps:
///
/// ```
/// use dldw::gradient_descent::gradient_descent;
/// use nalgebra::Vector2;
/// let f = |x: &Vector2<f64>| x[0] * x[0] + x[1] * x[1];
/// let d = gradient_descent(f, Vector2::new(-3.0, 4.0), 0.1, 20)?;
/// assert!((d.x - Vector2::new(-0.03458765, 0.04611686)).amax() < 1e-8); // the book's digits
/// assert_eq!(d.history.len(), 20);
/// assert!(gradient_descent(f, Vector2::new(-3.0, 4.0), f64::NAN, 20).is_err());
/// # Ok::<(), dldw::HyperParamError>(())
/// ```
pub fn gradient_descent<T: Float, const R: usize, const C: usize>(
    mut f: impl FnMut(&SMatrix<T, R, C>) -> T,
    init: SMatrix<T, R, C>,
    lr: f64,
    steps: usize,
) -> Result<Descent<T, R, C>, HyperParamError> {
    let lr = T::lit(check_learning_rate(lr)?);
    let mut x = init;
    let mut history = Vec::with_capacity(steps);
    for _ in 0..steps {
        history.push(x);
        let grad = numerical_gradient(&mut f, &x);
        x -= grad * lr;
    }
    Ok(Descent { x, history })
}
