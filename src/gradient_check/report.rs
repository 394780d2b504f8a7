//! The report of a gradient check, one line per gradient as the book's `gradient_check.py`
//! prints it, and how one gradient is compared with its numerical estimate.

use super::H;
use crate::Float;
use std::fmt;

/// How one gradient (a parameter's, or the input's) compares with its numerical estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct GradDiff {
    /// The parameter's dotted name (`W1`, `0.W`), or `x` for the input.
    pub name: String,
    /// Number of elements compared.
    pub len: usize,
    /// The book's metric: mean over the elements of |backprop − numerical|.
    pub mean_abs_diff: f64,
    /// Largest |backprop − numerical| over the elements.
    pub max_abs_diff: f64,
    /// Largest |a − n| / max(|a|, |n|, floor), with a backprop and n numerical, where the
    /// floor ε·max(|L|, 1)/h is the rounding error of the central difference: elements
    /// smaller than what the numerical side can resolve are not divided by almost nothing.
    pub max_rel_err: f64,
}

/// The result of a gradient check: one [`GradDiff`] per parameter, in the order of
/// [`Parameters::visit_params`](crate::params::Parameters::visit_params), then one for the input `x`.
///
/// It prints like the book's `gradient_check.py`, one `name:mean |difference|` line each,
/// followed by the largest relative error:
///
/// ```
/// use dldw::gradient_check::{GradCheck, GradDiff};
/// let w1 = GradDiff {
///     name: "W1".to_string(),
///     len: 39200,
///     mean_abs_diff: 4.2e-10,
///     max_abs_diff: 3.3e-9,
///     max_rel_err: 1.2e-6,
/// };
/// let report = GradCheck { loss: 2.3, entries: vec![w1] };
/// assert_eq!(report.to_string(), "W1:4.2e-10  max rel 1.2e-6\n");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheck {
    /// The loss at the unperturbed point.
    pub loss: f64,
    /// One entry per parameter, then one for the input, named `x`.
    pub entries: Vec<GradDiff>,
}

impl GradCheck {
    /// The entry called `name` (`"0.W"`, `"x"`, …), if there is one.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut affine = dldw::layers::Affine::<3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let x = nalgebra::SMatrix::<f64, 4, 3>::from_fn(|i, j| (i + j) as f64);
    /// let report = check_layer(&mut affine, &x, &mut rng);
    /// assert_eq!(report.get("W").map(|d| d.len), Some(6));
    /// assert!(report.get("W2").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&GradDiff> {
        self.entries.iter().find(|d| d.name == name)
    }

    /// The largest [`GradDiff::max_abs_diff`] over all entries.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let x = nalgebra::SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, -0.5, 3.0, 2.0);
    /// let report = check_layer(&mut dldw::layers::Sigmoid::new(), &x, &mut rng);
    /// assert!(report.max_abs_diff() < 1e-9);
    /// ```
    pub fn max_abs_diff(&self) -> f64 {
        self.entries.iter().map(|d| d.max_abs_diff).fold(0.0, f64::max)
    }

    /// The largest [`GradDiff::max_rel_err`] over all entries.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let x = nalgebra::SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, -0.5, 3.0, 2.0);
    /// let report = check_layer(&mut dldw::layers::Relu::new(), &x, &mut rng);
    /// assert!(report.max_rel_err() < 1e-6);
    /// ```
    pub fn max_rel_err(&self) -> f64 {
        self.entries.iter().map(|d| d.max_rel_err).fold(0.0, f64::max)
    }
}

impl fmt::Display for GradCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.entries {
            writeln!(f, "{}:{:.1e}  max rel {:.1e}", d.name, d.mean_abs_diff, d.max_rel_err)?;
        }
        Ok(())
    }
}

/// How the gradient `name` from backprop compares with its `numerical` estimate, at a point
/// where the loss is `loss`.
pub(super) fn grad_diff<T: Float>(name: String, backprop: &[T], numerical: &[T], loss: f64) -> GradDiff {
    // The rounding error of a central difference: below it the numerical side says nothing.
    let floor = T::default_epsilon().as_f64() * loss.abs().max(1.0) / H;
    let (mut sum_abs, mut max_abs, mut max_rel) = (0.0, 0.0_f64, 0.0_f64);
    for (a, n) in backprop.iter().zip(numerical) {
        let (a, n) = (a.as_f64(), n.as_f64());
        let abs = (a - n).abs();
        sum_abs += abs;
        max_abs = max_abs.max(abs);
        max_rel = max_rel.max(abs / a.abs().max(n.abs()).max(floor));
    }
    let len = backprop.len();
    let mean_abs_diff = if len == 0 { 0.0 } else { sum_abs / len as f64 };
    GradDiff { name, len, mean_abs_diff, max_abs_diff: max_abs, max_rel_err: max_rel }
}
