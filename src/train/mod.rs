//! Mini-batch training (book 4.5.2–4.5.3, 5.7.4): sample a batch, compute the gradient, step,
//! and measure accuracy on the full sets once per epoch.
//!
//! | step | file |
//! |---|---|
//! | what a trainable model offers | `classifier.rs`: [`Classifier`] |
//! | where batches come from | `dataset.rs`: [`Dataset`], `batch.rs`: [`Batch`] |
//! | which samples form a batch | `sampler.rs`: [`RandomChoice`], [`ShuffledEpochs`], [`Chunks`] |
//! | accuracy over a whole set | `evaluate.rs`: [`evaluate`], [`evaluate_on`], [`EvalBatch`] |
//! | the learning rate over a run | `schedule.rs`: [`Schedule`] |
//! | the settings of a run, with its batch sizes | `config.rs`: [`TrainConfig`], [`Sampling`] |
//! | **the loop** | `trainer.rs`: [`train`] |
//! | what a run leaves and reports | `history.rs`: [`History`], [`EpochRecord`], [`Event`] |
//! | why a run stops early | `error.rs`: [`TrainError`]; `divergence.rs`: [`DIVERGENCE_FACTOR`] |
//! | `metrics.csv` | `metrics.rs`: [`write_metrics_csv`] |
//!
//! Beside the loop, private to it: `batches.rs` draws each batch's indices and checks its data,
//! `loader.rs` gathers the samples on another core, `records.rs` writes the history,
//! `accuracies.rs` measures each record's accuracies on another core, and `queue.rs` hands both
//! jobs to one helper thread, batches first, without allocating.

mod accuracies;
mod batch;
mod batches;
mod classifier;
mod config;
mod dataset;
mod divergence;
mod error;
mod evaluate;
mod history;
mod loader;
mod metrics;
mod queue;
mod records;
mod sampler;
mod schedule;
mod trainer;

pub use batch::Batch;
pub use classifier::Classifier;
pub use config::{Sampling, TrainConfig};
pub use dataset::Dataset;
pub use divergence::DIVERGENCE_FACTOR;
pub use error::TrainError;
pub use evaluate::{EvalBatch, evaluate, evaluate_on};
pub use history::{EpochRecord, Event, History};
pub use metrics::write_metrics_csv;
pub use sampler::{Chunk, Chunks, RandomChoice, Sampler, ShuffledEpochs};
pub use schedule::Schedule;
pub use trainer::train;
