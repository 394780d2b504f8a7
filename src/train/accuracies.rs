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
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::Scope;

/// A worker's way in (snapshots of the model) and out (their train and test accuracy).
type Worker<M> = (Sender<M>, Receiver<(f64, f64)>);

/// Measures (train, test) accuracy for snapshots of a model, in the order they are given.
pub(super) struct Accuracies<'env, M, F> {
    measure: &'env F,
    /// The worker's input and output, if there is a core to spare.
    worker: Option<Worker<M>>,
    /// Measurements made in place (one core), not yet written into their records.
    measured: VecDeque<(f64, f64)>,
    /// How many records have their accuracies.
    filled: usize,
}

impl<'env, M: Clone + Send + 'env, F: Fn(&mut M) -> (f64, f64) + Sync> Accuracies<'env, M, F> {
    /// Measures with `measure`, on a worker thread of `scope` if `spare_core`.
    pub(super) fn new<'scope>(
        scope: &'scope Scope<'scope, 'env>,
        measure: &'env F,
        spare_core: bool,
    ) -> Self {
        let worker = spare_core.then(|| {
            let (to_worker, snapshots) = channel::<M>();
            let (results, from_worker) = channel();
            // The worker stops when the trainer drops its sender (at the end, or on an error).
            scope.spawn(move || {
                for mut model in snapshots {
                    if results.send(measure(&mut model)).is_err() {
                        break;
                    }
                }
            });
            (to_worker, from_worker)
        });
        Accuracies { measure, worker, measured: VecDeque::new(), filled: 0 }
    }

    /// Starts measuring `model` as it is now: a clone goes to the worker, or it is measured
    /// in place.
    pub(super) fn start(&mut self, model: &mut M) {
        match &self.worker {
            // A worker that is gone has panicked; `finish` reports it.
            Some((to_worker, _)) => to_worker.send(model.clone()).unwrap_or(()),
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
                Some((_, from_worker)) if wait => Some(from_worker.recv().unwrap_or_else(|_| {
                    panic!("the thread measuring accuracy stopped before its work was done")
                })),
                Some((_, from_worker)) => from_worker.try_recv().ok(),
            };
            let Some((train_acc, test_acc)) = next else { break };
            let record = &mut records[self.filled];
            (record.train_acc, record.test_acc) = (train_acc, test_acc);
            done(record);
            self.filled += 1;
        }
    }
}
