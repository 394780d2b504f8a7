//! dldw's integration tests: `main.rs` and its modules (one file per topic: `chapter4.rs`,
//! `gradients.rs`, `cli.rs`, …) are one test binary; `idx_memory.rs` and `steady_state.rs`,
//! which count allocations, are two more (see `Cargo.toml`). The compile-fail tests are a crate
//! of their own, `shape_errors/`. This library has no code of its own; the crate exists so that
//! the test-only dependencies are not built for the examples.

/// Page 9 of the tutorial (English): its code uses proptest, a dependency of this crate and not
/// of dldw, so its doc tests run here (`src/tutorial.rs` shows the page in dldw's docs).
#[cfg(doctest)]
#[doc = include_str!("../docs/tutorial/09-two-layer-net.md")]
pub mod two_layer_net {}

/// Page 9 of the tutorial (Korean), for the same reason.
#[cfg(doctest)]
#[doc = include_str!("../docs/ko/tutorial/09-two-layer-net.md")]
pub mod two_layer_net_ko {}
