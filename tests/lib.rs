//! dldw's integration tests: one file per topic beside this one (`chapter4.rs`,
//! `gradients.rs`, `compile_fail.rs`, …), each a test target of this crate (see `Cargo.toml`).
//! The crate has no code of its own; it exists so that the test-only dependencies are not
//! built for the examples.
