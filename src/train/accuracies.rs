//! The trainer's accuracy measurements (book 4.5.3), taken on a copy of the model by another
//! thread while training goes on.
//!
//! Training one batch after another is a chain of small steps that one core runs best; the
//! 17 measurements of the book's run, over all 70000 images each, are a third of the work and
//! independent of the steps that follow them. So at each measurement the trainer hands a
//! clone of the model to a worker thread on another core and trains on: the accuracies are
//! those of the model as it was, exactly as if training had waited, and the records come out
//! in order, a little later. On a machine with one core they are measured in place.

use super::EpochRecord;
use super::queue::{CloseOnDrop, Queue};
use std::collections::VecDeque;
use std::sync::Arc;
use std::thread::Scope;

/// A worker's way in (snapshots of the model) and out (their train and test accuracy).
type Queues<M> = (Queue<M>, Queue<(f64, f64)>);

/// Measures (train, test) accuracy for snapshots of a model, in the order they are given.
pub(super) struct Accuracies<'env, M, F> {
    measure: &'env F,
    /// The worker's queues, if there is a core to spare.
    worker: Option<Arc<Queues<M>>>,
    /// Measurements made in place (one core), not yet written into their records.
    measured: VecDeque<(f64, f64)>,
    /// How many records have their accuracies.
    filled: usize,
}

impl<'env, M: Clone + Send + 'env, F: Fn(&mut M) -> (f64, f64) + Sync> Accuracies<'env, M, F> {
    /// Measures with `measure`, on a worker thread of `scope` if `spare_core`; `count`
    /// measurements fit without allocating.
    pub(super) fn new<'scope>(
        scope: &'scope Scope<'scope, 'env>,
        measure: &'env F,
        spare_core: bool,
        count: usize,
    ) -> Self {
        let worker = spare_core.then(|| {
            let queues = Arc::new((Queue::new(count), Queue::new(count)));
            let theirs = Arc::clone(&queues);
            // The worker stops when the trainer closes the snapshots (at the end, or on an error).
            scope.spawn(move || {
                let (snapshots, results) = &*theirs;
                let _closing = CloseOnDrop(results);
                while let Some(mut model) = snapshots.pop() {
                    results.push(measure(&mut model));
                }
            });
            queues
        });
        Accuracies { measure, worker, measured: VecDeque::with_capacity(count), filled: 0 }
    }

    /// Starts measuring `model` as it is now: a clone goes to the worker, or it is measured
    /// in place.
    pub(super) fn start(&mut self, model: &mut M) {
        match &self.worker {
            Some(queues) => queues.0.push(model.clone()),
            None => self.measured.push_back((self.measure)(model)),
        }
    }

    /// Writes the accuracies measured so far into `records` (one per `start`, in order) and
    /// passes each completed record to `done`; with `wait`, waits for all of them.
    pub(super) fn fill(
        &mut self,
        records: &mut [EpochRecord],
        wait: bool,
        mut done: impl FnMut(&EpochRecord),
    ) {
        while self.filled < records.len() {
            let next = match &self.worker {
                None => self.measured.pop_front(),
                Some(queues) if wait => Some(queues.1.pop().unwrap_or_else(|| {
                    panic!("the thread measuring accuracy stopped before its work was done")
                })),
                Some(queues) => queues.1.try_pop(),
            };
            let Some((train_acc, test_acc)) = next else { break };
            let record = &mut records[self.filled];
            (record.train_acc, record.test_acc) = (train_acc, test_acc);
            done(record);
            self.filled += 1;
        }
    }
}

impl<M, F> Drop for Accuracies<'_, M, F> {
    /// Lets the worker end: no more snapshots will come.
    fn drop(&mut self) {
        if let Some(queues) = &self.worker {
            queues.0.close();
        }
    }
}
