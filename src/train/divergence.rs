//! The checks that stop a run that no longer learns (the book's loop has none): a loss that is
//! not a number, a mean loss far above where the run started, a parameter that is not a
//! number. Each says what to do, and none allocates unless it fails: they run at every
//! iteration.

use super::TrainError;
use crate::Float;
use crate::kernels::first_non_finite;
use crate::params::{Name, Parameters};

/// How many times the first iteration's loss (or chance level, for a run that resumes from a
/// trained model) the mean loss may reach before the run counts as diverged.
///
/// A model that starts untrained has a first loss near chance level (for cross-entropy over
/// `C` classes, ln C: 2.30 for MNIST's ten); a run that learns stays below it. A learning rate
/// far too large drives the network into confident wrong answers, where the loss sits near
/// cross-entropy's cap −ln(1e-7) = 16.1, about 6× chance for MNIST, while the weights stay
/// finite (measured with SGD at η = 1000 and 10⁶: mean loss 14.3–14.5, weights 10⁸–10²⁰, never
/// NaN). 4× lies between. A run that resumes from a trained model starts far below chance
/// (0.08 for the book's network after 10000 iterations), where 4× its first loss is batch
/// noise: a run that starts below half of chance is compared with 4× chance instead.
///
/// ```
/// assert_eq!(dldw::train::DIVERGENCE_FACTOR, 4.0);
/// ```
pub const DIVERGENCE_FACTOR: f64 = 4.0;

/// The fewest iterations averaged before their mean loss is compared with the first one
/// (fewer if accuracy is measured more often), so that one bad batch is not a divergence.
const DIVERGENCE_WINDOW: usize = 10;

/// A divergence error if the mean loss of the iterations since the last record (`sum`,
/// `count`) is over [`DIVERGENCE_FACTOR`] times the `first` iteration's loss, or, for a run
/// that starts below half of it, times ln C (the cross-entropy of a uniform guess over the
/// `classes`).
pub(super) fn check_rising(
    first: f64,
    (sum, count): (f64, usize),
    iteration: usize,
    eval_every: usize,
    classes: usize,
) -> Result<(), TrainError> {
    let mean = sum / count as f64;
    let chance = (classes as f64).ln();
    // An untrained model starts near chance, a little above or below; one that starts under
    // half of it has been trained before.
    let resumed = first < chance / 2.0;
    let reference = if resumed { chance } else { first };
    if count >= DIVERGENCE_WINDOW.min(eval_every) && mean > DIVERGENCE_FACTOR * reference {
        // Only now is the message written: this check runs at every iteration, which must
        // not allocate.
        let which = if resumed {
            format!("chance level ln {classes} = {chance:.4} (the first iteration's was {first:.4})")
        } else {
            format!("the first iteration's {first:.4}")
        };
        let what = format!(
            "the mean loss of iterations {} to {iteration}, over {DIVERGENCE_FACTOR} times {which},",
            iteration + 1 - count
        );
        return Err(TrainError::Diverged { iteration, what, value: mean });
    }
    Ok(())
}

/// The checks of one run: the first loss is its reference.
pub(super) struct Divergence {
    /// The loss of iteration 0, once known.
    first: f64,
    /// How often records (and so the windows of [`Divergence::mean_loss`]) close.
    eval_every: usize,
    /// The number of classes, for chance level.
    classes: usize,
}

impl Divergence {
    /// The checks of a run that records every `eval_every` iterations, into `classes` classes.
    pub(super) fn new(eval_every: usize, classes: usize) -> Self {
        Divergence { first: f64::NAN, eval_every, classes }
    }

    /// An error if the `iteration`'s batch loss is not a finite number: the model's fault at
    /// iteration 0, before any update, the learning rate's afterwards.
    pub(super) fn loss(&mut self, iteration: usize, loss: f64) -> Result<(), TrainError> {
        if iteration == 0 {
            self.first = loss;
        }
        if loss.is_finite() {
            Ok(())
        } else if iteration == 0 {
            Err(TrainError::NonFiniteStart { value: loss })
        } else {
            Err(TrainError::Diverged { iteration, what: "the loss".into(), value: loss })
        }
    }

    /// An error if the mean loss of the iterations since the last record (`sum`, `count`)
    /// has risen too far: see [`check_rising`].
    pub(super) fn mean_loss(&self, iteration: usize, since_record: (f64, usize)) -> Result<(), TrainError> {
        check_rising(self.first, since_record, iteration, self.eval_every, self.classes)
    }
}

/// The first non-finite parameter, as a divergence error.
pub(super) fn check_parameters<T: Float>(
    model: &mut impl Parameters<T>,
    iteration: usize,
) -> Result<(), TrainError> {
    let mut bad = None;
    model.visit_params(&Name::Root, &mut |p| {
        if bad.is_none()
            && let Some(k) = first_non_finite(p.value)
        {
            bad = Some((p.name.to_string(), p.value[k].as_f64()));
        }
    });
    match bad {
        Some((what, value)) => Err(TrainError::Diverged { iteration, what, value }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_far_above_an_untrained_start_is_a_divergence() {
        // MNIST's numbers: a first loss of 2.3034, then confident wrong answers near 14.2.
        let err = check_rising(2.3034, (142.0, 10), 10, 600, 10).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("iterations 1 to 10, over 4 times the first iteration's 2.3034"),
            "{message}"
        );
        assert_eq!(check_rising(2.3034, (30.0, 10), 10, 600, 10), Ok(()), "mean 3.0: 1.3× the start");
    }

    #[test]
    fn a_run_resumed_from_a_trained_model_is_compared_with_chance_not_its_first_loss() {
        // A trained model's first loss is 0.08; a few noisy batches average 0.4 (5× that),
        // far below chance (ln 10 = 2.30): no divergence. 14.2 is one.
        assert_eq!(check_rising(0.08, (4.0, 10), 10, 600, 10), Ok(()));
        let err = check_rising(0.08, (142.0, 10), 10, 600, 10).unwrap_err();
        assert!(err.to_string().contains("over 4 times chance level ln 10 = 2.3026"), "{err}");
    }

    #[test]
    fn a_non_finite_parameter_is_named_with_its_value() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(0);
        let mut net = crate::TwoLayerNet::<4, 3, 2, f32>::new(crate::init::Init::book(), &mut rng);
        assert_eq!(check_parameters(&mut net, 7), Ok(()));
        net.affine2.W[(2, 1)] = f32::INFINITY;
        net.affine1.b[0] = f32::NAN; // found first: W1, b1, W2, b2 is the walk's order
        let err = check_parameters(&mut net, 7).unwrap_err();
        assert!(
            matches!(&err, TrainError::Diverged { iteration: 7, what, value } if what == "b1" && value.is_nan()),
            "{err:?}"
        );
        net.affine1.b[0] = 0.0;
        let err = check_parameters(&mut net, 7).unwrap_err();
        assert_eq!(err, TrainError::Diverged { iteration: 7, what: "W2".into(), value: f64::INFINITY });
    }

    #[test]
    fn fewer_iterations_than_the_window_are_not_judged() {
        assert_eq!(check_rising(2.3, (3.0 * 14.0, 3), 3, 600, 10), Ok(()));
        assert!(check_rising(2.3, (3.0 * 14.0, 3), 3, 3, 10).is_err(), "unless records come that often");
    }
}
