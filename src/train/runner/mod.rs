//! What runs beside [`train`](super::train)'s loop, private to it: nothing here is needed to
//! follow the book. The loop asks for the next batch and reports each loss and record; this
//! folder fills the batches and measures the accuracies on a second core while it trains.
//!
//! | what | file |
//! |---|---|
//! | the batches of a run, in the order its seed gives, refused if not finite | `batches.rs` |
//! | filling them on another core, ahead of the step that needs them | `loader.rs` |
//! | the history as it is written | `records.rs` |
//! | each record's accuracies, measured on a copy of the model on another core | `accuracies.rs` |
//! | one helper thread for both jobs, through queues that allocate nothing | `queue.rs` |
//!
//! Imports run one way: `batches` → `loader` → `queue`, `records` → `accuracies` → `queue`.

mod accuracies;
mod batches;
mod loader;
mod queue;
mod records;

pub(super) use batches::{Batches, Drawn};
pub(super) use records::Records;

use super::evaluate::evaluate_between;
use super::{Classifier, Dataset, EvalBatch, TrainConfig};
use crate::Float;
use crate::kernels::cores;
use rand::Rng;
use std::thread::Scope;

/// The batches and the records of a run on `train`, with accuracies measured on `train` and
/// `test`: on one helper thread of `scope` when the machine has a core to spare, else in place.
pub(super) fn start<
    'scope,
    'env,
    'r,
    T,
    D,
    R,
    M,
    const N: usize,
    const E: usize,
    const I: usize,
    const C: usize,
>(
    scope: &'scope Scope<'scope, 'env>,
    train: &'env D,
    test: &'env D,
    config: &TrainConfig<N, E>,
    rng: &'r mut R,
) -> (Batches<'env, 'r, T, D, R, N, I, C>, Records<'env, M>)
where
    T: Float,
    D: Dataset<T, I, C> + Sync,
    R: Rng,
    M: Classifier<D::Batch<E>, T, E, C> + 'env,
{
    let cores = cores();
    // The measurements use the cores training leaves free.
    let measure = move |mut model: M, between: &mut dyn FnMut()| {
        let threads = cores.saturating_sub(1).max(1);
        (
            evaluate_between(&mut model, train, EvalBatch::<E>, threads, between),
            evaluate_between(&mut model, test, EvalBatch::<E>, threads, between),
        )
    };
    let records = config.iters.div_ceil(config.eval_every);
    let (fills, measures) =
        queue::helper(scope, cores > 1, [loader::AHEAD + 1, records], loader::fill(train), measure);
    let batches = Batches::new(loader::Loader::new(fills), train.len(), config.sampling, rng, config.iters);
    (batches, Records::new(measures, config.iters))
}
