//! Mini-batch training (book 4.5.2–4.5.3, 5.7.4): sample a batch, take a step, and measure
//! accuracy on the full sets once per epoch.
//!
//! | step | file |
//! |---|---|
//! | what a trainable model offers | `classifier.rs`: [`Classifier`] |
//! | **one step**: gradient, update, loss (the book's `train_step`) | `step.rs`: [`step`] |
//! | **the loop**: next batch → step → record | `trainer.rs`: [`train`] |
//! | the loop written out by a program, its batches and records | `with_loop.rs`: [`with_loop`], [`Loop`] |
//! | accuracy over a whole set | `evaluate.rs`: [`evaluate`], [`evaluate_on`], [`EvalBatch`] |
//! | the learning rate over a run | `schedule.rs`: [`Schedule`] |
//! | the settings of a run, with its batch sizes | `config.rs`: [`TrainConfig`], [`Sampling`] |
//! | what a run leaves and reports | `history.rs`: [`History`], [`EpochRecord`], [`Event`] |
//! | why a run stops early | `error.rs`: [`TrainError`]; `divergence.rs`: [`DIVERGENCE_FACTOR`] |
//! | `metrics.csv` | `metrics.rs`: [`write_metrics_csv`] |
//!
//! Where batches come from — [`Dataset`], [`Batch`], the samplers — is the floor below,
//! [`data`](crate::data), re-exported here. What runs beside the loop (batches filled and
//! accuracies measured on a second core) is private to it, in `runner/`: nothing there is
//! needed to follow the book.

mod classifier;
mod config;
mod divergence;
mod error;
mod evaluate;
mod history;
mod metrics;
mod runner;
mod schedule;
mod step;
mod trainer;
mod with_loop;

pub use crate::data::{Batch, Chunk, Chunks, Dataset, RandomChoice, Sampler, ShuffledEpochs};
pub use classifier::Classifier;
pub use config::{Sampling, TrainConfig};
pub use divergence::DIVERGENCE_FACTOR;
pub use error::TrainError;
pub use evaluate::{EvalBatch, evaluate, evaluate_on};
pub use history::{EpochRecord, Event, History};
pub use metrics::write_metrics_csv;
pub use schedule::Schedule;
pub use step::step;
pub use trainer::train;
pub use with_loop::{Loop, with_loop};
