//! What a run leaves behind (the book's `train_loss_list`, `train_acc_list`, `test_acc_list`)
//! and what it reports as it goes.

/// One row of `metrics.csv`: the state after an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochRecord {
    /// 0 for the measurement at iteration 0, then 1, 2, …
    pub epoch: usize,
    /// The iteration at which accuracy was measured (before that iteration's update).
    pub iteration: usize,
    /// The mean training loss of the iterations since the previous record (for epoch 0, the
    /// loss of iteration 0).
    pub train_loss: f64,
    /// Accuracy on the whole training set.
    pub train_acc: f64,
    /// Accuracy on the whole test set.
    pub test_acc: f64,
}

/// What a run leaves behind: every iteration's loss and one record per epoch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// The training loss at every iteration (the book's `train_loss_list`, figure 4-11).
    pub losses: Vec<f64>,
    /// The per-epoch accuracies (the book's `train_acc_list` and `test_acc_list`, figure 4-12).
    pub epochs: Vec<EpochRecord>,
}

/// Progress reported while training, for a progress bar or a log.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// Iteration `iteration` finished with this batch loss.
    Iteration {
        /// Zero-based iteration number.
        iteration: usize,
        /// The batch loss.
        loss: f64,
    },
    /// An epoch's accuracies were measured.
    Epoch(&'a EpochRecord),
}
