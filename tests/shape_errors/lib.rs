//! dldw's compile-fail tests: `compile_fail.rs` beside this file checks that each model
//! mistake in `compile_fail/` does not build, with the compiler's message kept next to it. The
//! crate has no code of its own; it exists so that trybuild, which checks all of a package's
//! dependencies before its cases, checks only what the cases use.
