//! Mini-batch training (book 4.5.2–4.5.3, 5.7.4): sample a batch, compute the gradient, step,
//! and measure accuracy on the full sets once per epoch.
//!
//! | step | file |
//! |---|---|
//! | what a trainable model offers | `classifier.rs`: [`Classifier`] |
//! | where batches come from | `dataset.rs`: [`Dataset`] |
//! | which samples form a batch | `sampler.rs`: [`RandomChoice`], [`ShuffledEpochs`], [`Chunks`] |
//! | accuracy over a whole set | `evaluate.rs`: [`evaluate`], [`EvalBatch`] |
//! | the learning rate over a run | `schedule.rs`: [`Schedule`] |
//! | the loop | `trainer.rs`: [`train`], [`TrainConfig`], [`History`] |
//! | `metrics.csv` | `metrics.rs`: [`write_metrics_csv`] |

mod accuracies;
mod batch;
mod classifier;
mod dataset;
mod evaluate;
mod loader;
mod metrics;
mod queue;
mod sampler;
mod schedule;
mod trainer;

pub use batch::Batch;
pub use classifier::Classifier;
pub use dataset::Dataset;
pub use evaluate::{EvalBatch, evaluate};
pub use metrics::write_metrics_csv;
pub use sampler::{Chunk, Chunks, RandomChoice, Sampler, ShuffledEpochs};
pub use schedule::Schedule;
pub use trainer::{DIVERGENCE_FACTOR, EpochRecord, Event, History, Sampling, TrainConfig, TrainError, train};
