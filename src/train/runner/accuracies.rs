//! The trainer's accuracy measurements (book 4.5.3), taken on a copy of the model by another
//! thread while training goes on.
//!
//! Training one batch after another is a chain of small steps that one core runs best; the
//! 17 measurements of the book's run, over all 70000 images each, are a third of the work and
//! independent of the steps that follow them. So at each measurement the trainer hands a
//! clone of the model to its helper thread on another core (the one that fills the batches,
//! which it goes on doing between the measurement's chunks) and trains on: the accuracies are
//! those of the model as it was, exactly as if training had waited, and the records come out
//! in order, a little later. On a machine with one core they are measured in place.

use super::queue::Worker;
use crate::train::EpochRecord;

/// Measures (train, test) accuracy for snapshots of a model, in the order they are given.
pub(super) struct Accuracies<'env, M> {
    /// Measures a snapshot.
    worker: Worker<'env, M, (f64, f64)>,
    /// How many records have their accuracies.
    filled: usize,
}

impl<'env, M: Clone + Send + 'env> Accuracies<'env, M> {
    /// Measures snapshots with `worker`.
    pub(super) fn new(worker: Worker<'env, M, (f64, f64)>) -> Self {
        Accuracies { worker, filled: 0 }
    }

    /// Starts measuring `model` as it is now: a copy goes to the worker.
    pub(super) fn start(&mut self, model: &M) {
        self.worker.send(model.clone());
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
            let next = if wait {
                let measured = self.worker.recv();
                Some(measured.expect("the thread measuring accuracy stopped before its work was done"))
            } else {
                self.worker.try_recv()
            };
            let Some((train_acc, test_acc)) = next else { break };
            let record = &mut records[self.filled];
            (record.train_acc, record.test_acc) = (train_acc, test_acc);
            done(record);
            self.filled += 1;
        }
    }
}
