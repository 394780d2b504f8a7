//! The run's history as it is written (book 4.5.3): every iteration's loss, and once per
//! epoch a record of the mean loss and of the accuracies, measured on another core.

use super::accuracies::Accuracies;
use super::queue::Worker;
use crate::train::{EpochRecord, Event, History};

/// The [`History`] of a run being written.
pub(in crate::train) struct Records<'env, M> {
    history: History,
    /// Measures the records' accuracies, in order.
    accuracies: Accuracies<'env, M>,
    /// The sum and number of the losses since the last record.
    since_record: (f64, usize),
}

impl<'env, M: Clone + Send + 'env> Records<'env, M> {
    /// The history of a run of `iters` iterations, with accuracies measured by `worker`;
    /// nothing is allocated for them afterwards.
    pub(super) fn new(worker: Worker<'env, M, (f64, f64)>, iters: usize) -> Self {
        Records {
            history: History { losses: Vec::with_capacity(iters), epochs: Vec::new() },
            accuracies: Accuracies::new(worker),
            since_record: (0.0, 0),
        }
    }

    /// Opens epoch `epoch`'s record at `iteration`, and starts measuring the accuracies of
    /// `model` as it is now, before this iteration's update.
    pub(in crate::train) fn open_epoch(&mut self, epoch: usize, iteration: usize, model: &M) {
        // The accuracies are filled in when measured, in order.
        let (train_acc, test_acc) = (f64::NAN, f64::NAN);
        self.history.epochs.push(EpochRecord { epoch, iteration, train_loss: 0.0, train_acc, test_acc });
        self.accuracies.start(model);
    }

    /// Appends `iteration`'s loss (the book's `train_loss_list.append(loss)`) and returns the
    /// sum and number of the losses since the last record, this one included. If a record
    /// was opened at this iteration, closes it with their mean.
    pub(in crate::train) fn loss(&mut self, iteration: usize, loss: f64) -> (f64, usize) {
        self.history.losses.push(loss);
        self.since_record = (self.since_record.0 + loss, self.since_record.1 + 1);
        let window = self.since_record;
        if let Some(record) = self.history.epochs.last_mut().filter(|r| r.iteration == iteration) {
            // Epoch 0's loss is that of iteration 0; later ones average their epoch.
            record.train_loss = window.0 / window.1 as f64;
            self.since_record = (0.0, 0);
        }
        window
    }

    /// Whether a record was closed at `iteration`.
    pub(in crate::train) fn closed_at(&self, iteration: usize) -> bool {
        self.history.epochs.last().is_some_and(|r| r.iteration == iteration)
    }

    /// Reports each record whose accuracies have been measured since the last call.
    pub(in crate::train) fn report(&mut self, on_event: &mut impl FnMut(Event<'_>)) {
        self.accuracies.fill(&mut self.history.epochs, false, |record| on_event(Event::Epoch(record)));
    }

    /// Waits for the last accuracies, reports them and hands over the history.
    pub(in crate::train) fn finish(mut self, on_event: &mut impl FnMut(Event<'_>)) -> History {
        self.accuracies.fill(&mut self.history.epochs, true, |record| on_event(Event::Epoch(record)));
        self.history
    }
}
