//! Data sets and batches, below both the MNIST loader and the trainer (book 4.2.3, 4.5.2):
//! what a labelled set of samples offers, how a batch of them is held, and which samples go
//! into each batch.
//!
//! | what | file |
//! |---|---|
//! | a labelled set that fills batches | `dataset.rs`: [`Dataset`] |
//! | how a batch is held (dense or sparse), and its check for NaN | `batch.rs`: [`Batch`] |
//! | the correct answers of a batch, `t` (book 4.2): class indices or one-hot rows | `target.rs`: [`Labels`], [`OneHot`], [`Target`] |
//! | the batch mask: random with replacement, shuffled epochs, or the whole set in order | `sampler.rs`: [`RandomChoice`], [`ShuffledEpochs`], [`Chunks`] |
//!
//! The words, one meaning each: a **batch** is the samples `x` (and their labels `t`) of one step,
//! held in a [`Batch`]; its **batch mask** is the indices of its samples (the book's
//! `batch_mask`), which a [`Sampler`] fills; a **chunk** is a batch of a whole set in order,
//! for evaluation ([`Chunk`]).
//!
//! [`mnist`](crate::mnist) implements [`Dataset`] for its image sets;
//! [`train`](crate::train) takes any [`Dataset`]. Nothing here imports either.

mod batch;
mod dataset;
mod sampler;
mod target;

pub use batch::Batch;
pub use dataset::Dataset;
pub use sampler::{Chunk, Chunks, RandomChoice, Sampler, ShuffledEpochs};
pub use target::{Labels, OneHot, Target, TargetError};
