//! The chapter examples as command-line tools: the book's knobs are flags whose defaults give
//! the book's numbers and whose other values change them; an unknown flag or a bad value is
//! refused in one line with status 2 before any work; output closed early ends the example
//! quietly.
//!
//! `cargo test` builds the examples before running the tests, and these tests run the binaries
//! it built (`target/<profile>/examples/`). Alone, build them first:
//! `cargo build --examples && cargo test -p dldw-tests --test all examples_cli::`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Every example that takes flags through `examples/common/cli.rs`.
const EXAMPLES: [&str; 32] = [
    "ch04_loss",
    "ch04_numerical_diff",
    "ch04_gradient_descent",
    "ch04_gradient_descent_path",
    "ch04_gradient_field",
    "ch04_simple_net",
    "ch04_tour",
    "ch04_train_numerical",
    "ch05_buy_apple",
    "ch05_buy_apple_orange",
    "ch05_relu",
    "ch05_sigmoid",
    "ch05_affine",
    "ch05_softmax_with_loss",
    "ch05_gradient_check",
    "mnist_show",
    "predict",
    "save_params",
    "ch06_optimizer_paths",
    "ch06_optimizers_mnist",
    "ch06_activation_histograms",
    "ch06_weight_init",
    "ch06_batch_norm",
    "ch06_overfitting",
    "ch06_hyperparameters",
    "ch07_book_weights",
    "ch07_train_convnet",
    "ch07_gradient_check",
    "ch07_visualize_filter",
    "ch08_book_weights",
    "ch08_misclassified",
    "ch08_train_deepnet",
];

/// The command for example `name`, built by `cargo test` next to this test's binary
/// (`target/<profile>/deps/all-…` → `target/<profile>/examples/<name>`).
fn command(name: &str) -> Option<Command> {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let deps = exe.parent().expect("the test binary is in target/<profile>/deps");
    let path: PathBuf = deps.parent().expect("deps is in target/<profile>").join("examples").join(name);
    if !path.is_file() {
        eprintln!("skipped: {} was not built; run `cargo build --examples` first", path.display());
        return None;
    }
    let mut command = Command::new(path);
    // From the repository's root (this test crate is its `tests/` directory), as a user runs them.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the repository");
    command.env_remove("DLDW_MNIST_DIR").current_dir(root);
    Some(command)
}

fn output(name: &str, args: &[&str]) -> Option<Output> {
    Some(command(name)?.args(args).output().expect("the example starts"))
}

/// Standard output of a run that must succeed.
fn stdout(name: &str, args: &[&str]) -> Option<String> {
    let out = output(name, args)?;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name} {args:?} failed: {err}");
    Some(String::from_utf8(out.stdout).expect("UTF-8 output"))
}

/// The status and the single line of standard error of a refused command line, which must
/// print nothing on standard output.
fn refused(name: &str, args: &[&str]) -> Option<(i32, String)> {
    let out = output(name, args)?;
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "{name} {args:?}: expected one line on stderr, got:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "{name} {args:?} did work before refusing: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some((out.status.code().expect("exited, not killed"), err.trim_end().to_string()))
}

#[test]
fn every_example_refuses_an_unknown_flag_in_one_line_with_status_2() {
    for name in EXAMPLES {
        let Some((status, line)) = refused(name, &["--no-such-flag"]) else { return };
        assert_eq!(status, 2, "{name}: {line}");
        assert!(line.starts_with("error: unexpected argument '--no-such-flag' found"), "{name}: {line}");
        assert!(line.ends_with("(see --help)"), "{name}: {line}");
    }
}

#[test]
fn a_misspelt_flag_is_answered_with_the_flag_that_exists() {
    let Some((status, line)) = refused("ch04_gradient_descent", &["--step", "5"]) else { return };
    assert_eq!(status, 2);
    assert!(line.contains("; a similar argument exists: '--steps'"), "{line}");
}

#[test]
fn bad_values_are_refused_in_one_line_with_status_2_before_any_work() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "ch04_gradient_descent",
            &["--lr", "0"],
            "error: --lr 0: the learning rate must be a finite number greater than 0",
        ),
        ("ch04_gradient_descent", &["--lr", "fast"], "error: invalid value 'fast' for '--lr <LR>'"),
        ("ch04_gradient_descent_path", &["--lr", "-1"], "error: --lr -1: the learning rate must be"),
        ("ch04_numerical_diff", &["--h", "0"], "error: --h 0: the step must be a finite number > 0"),
        ("ch04_loss", &["--target", "10"], "error: --target 10: a class of MNIST is 0 to 9"),
        (
            "ch08_misclassified",
            &["--max-view", "66"],
            "error: --max-view 66: the book's network gets 65 images wrong",
        ),
        (
            "ch08_train_deepnet",
            &["--shift", "9"],
            "error: --shift 9: the largest shift must be 0 to 8 pixels",
        ),
        ("ch08_train_deepnet", &["--evaluate-samples", "0"], "error: --evaluate-samples 0: give 1 to 10000"),
        ("ch04_simple_net", &["--target", "3"], "error: --target 3: simpleNet has 3 classes"),
        ("ch05_buy_apple_orange", &["--tax", "inf"], "error: --tax inf: give a finite number"),
        ("ch05_relu", &["--x", "1,2,3"], "error: --x [1.0, 2.0, 3.0]: give four finite numbers"),
        (
            "ch05_softmax_with_loss",
            &["--y", "0,0,0"],
            "error: --y [0.0, 0.0, 0.0]: give three finite numbers ≥ 0",
        ),
        ("ch04_train_numerical", &["--lr", "-1"], "error: --lr -1: the learning rate must be"),
        ("ch04_train_numerical", &["--data-dir", "/nonexistent"], "error: "),
        ("mnist_show", &["--index", "60000"], "error: --index 60000: the training set has 60000 images"),
        // Chapter 6: every flag is checked before MNIST is read or a run starts.
        ("ch06_optimizer_paths", &["--adam", "0"], "error: --adam 0: the learning rate must be"),
        ("ch06_optimizers_mnist", &["--lr", "0.1,0.1"], "error: --lr [0.1, 0.1]: give four rates"),
        ("ch06_optimizers_mnist", &["--iters", "0"], "error: --iters 0: train at least one iteration"),
        ("ch06_activation_histograms", &["--samples", "0"], "error: --samples 0: give at least 1"),
        ("ch06_weight_init", &["--threads", "0"], "error: --threads 0: give at least 1"),
        ("ch06_weight_init", &["--std=-1"], "error: --std: "),
        ("ch06_batch_norm", &["--scales", "1"], "error: --scales 1: give at least 2"),
        ("ch06_batch_norm", &["--train-size", "60001"], "error: --train-size 60001: give 1 to 60000"),
        ("ch06_overfitting", &["--test-size", "0"], "error: --test-size 0: give 1 to 10000 test images"),
        ("ch06_overfitting", &["--dropout", "1"], "error: --dropout: the dropout ratio"),
        ("ch06_overfitting", &["--data-dir", "/nonexistent"], "error: "),
        (
            "ch06_hyperparameters",
            &["--validation-rate", "1"],
            "error: --validation-rate: the validation rate",
        ),
        ("ch06_hyperparameters", &["--images", "0"], "error: --images 0: give 1 to 60000 training images"),
        ("ch06_hyperparameters", &["--data-dir", "/nonexistent"], "error: "),
        // Chapter 7: checked before MNIST is read.
        ("ch07_train_convnet", &["--epochs", "0"], "error: --epochs 0: train for at least one epoch"),
        (
            "ch07_train_convnet",
            &["--eval-samples", "150"],
            "error: --eval-samples 150: use a multiple of 100",
        ),
        ("ch07_train_convnet", &["--lr", "0"], "error: --lr 0: the learning rate must be"),
        ("ch07_train_convnet", &["--data-dir", "/nonexistent"], "error: "),
        (
            "ch07_gradient_check",
            &["--std", "0"],
            "error: --std 0: the weight init standard deviation must be",
        ),
        (
            "ch07_visualize_filter",
            &["--image", "10000"],
            "error: --image 10000: the test set has 10000 images",
        ),
    ];
    for &(name, args, expected) in cases {
        let Some((status, line)) = refused(name, args) else { return };
        assert_eq!(status, 2, "{name} {args:?}: {line}");
        assert!(line.starts_with(expected), "{name} {args:?}:\n got {line}\nwant {expected}…");
    }
}

#[test]
fn the_defaults_are_the_books_values_and_flags_change_them() {
    // Book 5.4.2: 2 apples at 100, 3 oranges at 150, tax 1.1.
    let Some(book) = stdout("ch05_buy_apple_orange", &[]) else { return };
    for line in ["price: 715.0000000000001", "dApple: 2.2", "dOrange: 3.3000000000000003", "dTax: 650"] {
        assert!(book.lines().any(|l| l == line), "missing {line:?} in\n{book}");
    }
    let Some(more) = stdout("ch05_buy_apple_orange", &["--apples", "3", "--tax", "1.08"]) else { return };
    // 3 apples: the bill before tax is 300 + 450 = 750, dTax is that, dApple is 3 × 1.08.
    for line in ["price: 810", "dApple: 3.24", "dApple_num: 108", "dTax: 750"] {
        assert!(more.lines().any(|l| l == line), "missing {line:?} in\n{more}");
    }

    // Book 4.4.1: lr 0.1 for 20 steps, then the two experiments of a bad learning rate.
    for (args, end) in [
        (&[][..], "x = (-3.45876451e-2, 4.61168602e-2)"),
        (&["--lr", "10", "--steps", "100"][..], "x = (-2.58983747e13, -1.29524862e12)"),
        (&["--lr", "1e-10", "--steps", "100"][..], "x = (-2.99999994e0, 3.99999992e0)"),
    ] {
        let Some(out) = stdout("ch04_gradient_descent", args) else { return };
        assert!(out.contains(end), "{args:?}: missing {end:?} in\n{out}");
    }

    // Book 4.3: h = 1e-4 gives the book's digits; h = 1e-50 loses the slope entirely.
    let Some(good) = stdout("ch04_numerical_diff", &[]) else { return };
    assert!(good.contains("/ 2h = 0.1999999999990898 "), "{good}");
    assert!(good.contains("∂f/∂x0 ≈ 6.00000000000378 "), "{good}");
    let Some(bad) = stdout("ch04_numerical_diff", &["--h", "1e-50"]) else { return };
    assert!(bad.contains("/ 2h = 0  (error -2.0e-1)"), "{bad}");

    let Some(loss) = stdout("ch04_loss", &["--target", "7"]) else { return };
    assert!(
        loss.contains("CEE  one-hot 0.510825457099338 "),
        "with target 7 the second output is right:\n{loss}"
    );
}

#[test]
fn each_chapter_5_layer_example_prints_the_books_forward_and_backward() {
    let Some(relu) = stdout("ch05_relu", &[]) else { return };
    assert!(relu.contains("mask = [[false, true], [true, false]]"), "{relu}");
    assert!(relu.contains("dx   = [[10.0, 0.0], [0.0, 40.0]]"), "{relu}");

    let Some(sigmoid) = stdout("ch05_sigmoid", &[]) else { return };
    assert!(
        sigmoid.contains("dx (dout = 1)   = [0.19661193324148185, 0.25, 0.10499358540350662]"),
        "{sigmoid}"
    );

    let Some(affine) = stdout("ch05_affine", &[]) else { return };
    assert!(affine.contains("Y     = [[1.0, 2.0, 3.0], [11.0, 12.0, 13.0]]"), "{affine}");
    assert!(affine.contains("dB    = [5.0, 7.0, 9.0]"), "the book's dB:\n{affine}");

    let Some(softmax) = stdout("ch05_softmax_with_loss", &[]) else { return };
    assert!(softmax.contains("y - t           = [0.3, -0.8, 0.5]"), "{softmax}");
    let da = softmax.lines().find_map(|l| l.strip_prefix("da (backward)   = [")).expect("the backward line");
    let da: Vec<f64> = da.trim_end_matches(']').split(", ").map(|v| v.parse().unwrap()).collect();
    for (got, want) in da.iter().zip([0.3, -0.8, 0.5]) {
        assert!((got - want).abs() < 1e-12, "backward {da:?} is not y - t");
    }
}

/// The value after `name ` on the line that starts with it.
fn value_after(out: &str, name: &str) -> f64 {
    let line =
        out.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_else(|| panic!("no {name:?} in\n{out}"));
    line.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name}: {line}"))
}

/// Book 7 (`ch07/gradient_check.py`): the mean differences per parameter have the sizes their
/// two causes give. Seed 0 has no pool window and no hidden unit within h of ReLU's kink, so
/// every difference but b3's is the central difference's own error: truncation h²/6·|L‴| and
/// rounding ε·|L|/h ≈ 5e-12, plus δ = 1e-7's share, 1e-6 of gradients that are at most 1e-2
/// here: below 1e-8. b3's difference is δ's alone, δ/(y_t + δ)·mean|y − t| with y ≈ 0.1, which
/// the example prints beside it. Seed 1 has a pool window within reach of a kink, and W1's
/// difference is then the book's size, 1e-6; with σ = 0.1 it has none, and W1's is small again.
#[test]
fn ch07_gradient_check_differences_have_the_sizes_their_causes_give() {
    let Some(out) = stdout("ch07_gradient_check", &[]) else { return };
    assert!(out.contains("pool windows within h of a kink: 0 of 160"), "{out}");
    assert!(out.contains("hidden units within h of ReLU's kink: 0 of 10"), "{out}");
    for name in ["W1 ", "b1 ", "W2 ", "b2 ", "W3 ", "(beyond the book) x "] {
        assert!(value_after(&out, name) < 1e-8, "{name}in\n{out}");
    }
    let b3 = value_after(&out, "b3 ");
    assert!((1.7e-7..1.9e-7).contains(&b3), "{out}");
    assert_eq!(b3, value_after(&out, "b3 from δ alone: δ/(y_t + δ) · mean|y − t| = "), "{out}");

    let Some(kink) = stdout("ch07_gradient_check", &["--seed", "1"]) else { return };
    assert!(!kink.contains("pool windows within h of a kink: 0 of 160"), "{kink}");
    assert!(value_after(&kink, "W1 ") > 1e-7, "{kink}");
    let Some(wider) = stdout("ch07_gradient_check", &["--seed", "1", "--std", "0.1"]) else { return };
    assert!(wider.contains("pool windows within h of a kink: 0 of 160"), "{wider}");
    assert!(value_after(&wider, "W1 ") < 1e-7, "{wider}");
}

/// Figure 7-24 before and after learning, and `apply_filter.py`'s picture: the example writes
/// the bytes the tutorial shows from `docs/img`.
#[test]
fn ch07_visualize_filter_draws_the_committed_figures() {
    let dir = std::env::temp_dir().join(format!("dldw-ch07-filters-{}", std::process::id()));
    let Some(out) = stdout("ch07_visualize_filter", &["--out", dir.to_str().expect("a UTF-8 path")]) else {
        return;
    };
    assert!(out.contains("test image 0 (a 7) through the first 16 learned filters"), "{out}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the repository");
    for name in ["ch07_filters_before.png", "ch07_filters_after.png", "ch07_apply_filter.png"] {
        let drawn = std::fs::read(dir.join(name)).expect("the example wrote it");
        let committed = std::fs::read(root.join("docs/img").join(name)).expect("the figure is committed");
        assert!(drawn == committed, "{name} differs from docs/img/{name}");
    }
    std::fs::remove_dir_all(&dir).expect("the scratch directory is removable");
}

#[test]
fn output_closed_early_ends_the_example_quietly() {
    // 200000 steps print far more than a pipe holds, so the example is still writing when the
    // reading end is closed, as `… | head` does.
    let Some(mut command) = command("ch04_gradient_descent") else { return };
    let mut child = command
        .args(["--steps", "200000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the example ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "expected no message, got:\n{err}");
    assert_eq!(out.status.code(), Some(0));
}
