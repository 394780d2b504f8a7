//! dldw's benchmarks: `layers.rs` (the layers and products one by one) and `training.rs` (the
//! book's training iteration, evaluation and gradient check), run with `cargo bench` at the
//! repository's root. This library is empty: a package needs a library or a binary, and the
//! benchmarks are its bench targets.
