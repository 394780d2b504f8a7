//! Shape and type mistakes in a model are compile errors. Each file in `tests/compile_fail/`
//! holds one mistake; the `.stderr` file next to it is the compiler's message, kept so that a
//! change making a message longer or vaguer shows up in review. Regenerate them with
//! `TRYBUILD=overwrite cargo test --test compile_fail` and read the diff.

#[test]
fn shape_mistakes_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
