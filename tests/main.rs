//! dldw's integration tests, one binary: each file beside this one is a module on one topic.
//! Two topics that count allocations keep a process of their own (`idx_memory.rs`,
//! `steady_state.rs`, their own targets in `Cargo.toml`): another test's allocations on a
//! parallel thread would count against theirs. The compile-fail tests are a crate of their own,
//! `shape_errors/`.
//!
//! One topic alone: `cargo test -p dldw-tests --test all chapter4::`.

mod ch06_modes;
mod chapter4;
mod chapter7;
mod chapter8;
mod cli;
mod divergence;
mod examples_cli;
mod gradients;
mod graph;
mod idx_robustness;
mod matmul;
mod mnist;
mod mnist_scale;
mod model_robustness;
mod numerics;
mod properties_ch4;
mod sparse;
mod tutorial_pages;
