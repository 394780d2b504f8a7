//! Shape and type mistakes in a model are compile errors. Each file in `compile_fail/`
//! holds one mistake; the `.stderr` file next to it is the compiler's message, kept so that a
//! change making a message longer or vaguer shows up in review. Regenerate them with
//! `TRYBUILD=overwrite cargo test -p dldw-shape-errors --test compile_fail` and read the diff.

/// The flags trybuild gives rustc when it checks the test files. It checks the project's
/// dependencies first with the same flags minus `--diagnostic-width=140`, and the flags are
/// part of each artifact's hash, so every dependency (all the dev-dependencies too) would be
/// checked twice. Cargo lets `CARGO_ENCODED_RUSTFLAGS` override the `--config` flags trybuild
/// passes, so both passes use these flags and the dependencies are checked once: about 60 s
/// of the suite's 120 s on a 2-core machine.
const TRYBUILD_RUSTFLAGS: [&str; 6] =
    ["--cfg", "trybuild", "--verbose", "-A", "dead_code", "--diagnostic-width=140"];

#[test]
fn shape_mistakes_do_not_compile() {
    // SAFETY: this is the only test in this binary, so no other thread reads the environment.
    unsafe { std::env::set_var("CARGO_ENCODED_RUSTFLAGS", TRYBUILD_RUSTFLAGS.join("\x1f")) };
    trybuild::TestCases::new().compile_fail("compile_fail/*.rs");
}
