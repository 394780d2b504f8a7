//! The examples' command lines, run as a user runs them: a bad value is refused with one line
//! and status 2 before any work and before any file is written; a diverging run fails with one
//! line and status 1 and writes nothing; a short run writes its four outputs, the same bytes for
//! the same seed.
//!
//! `cargo test` builds the examples before running the tests, and these tests run the binaries
//! it built (`target/<profile>/examples/`). Alone, build them first:
//! `cargo build --examples && cargo test -p dldw-tests --test all cli::` (the test alone would
//! run whatever examples an earlier build left).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The example binary `name` next to this test binary (`target/<profile>/deps/all-…` →
/// `target/<profile>/examples/<name>`), or `None` with a message if it was not built.
fn example(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let profile_dir =
        exe.parent().and_then(Path::parent).expect("the test binary is in target/<profile>/deps");
    let path = profile_dir.join("examples").join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} was not built; run `cargo test`, or `cargo build --examples` first",
            path.display()
        );
        None
    }
}

/// Runs an example with `args`, without a terminal, with `DLDW_MNIST_DIR` unset.
fn run(name: &str, args: &[&str]) -> Option<Output> {
    let output = Command::new(example(name)?)
        .args(args)
        .env_remove("DLDW_MNIST_DIR")
        .output()
        .expect("the example runs");
    Some(output)
}

/// The exit status and the one line of standard error, or a failure showing everything.
fn status_and_line(output: &Output) -> (i32, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got:\n{stderr}");
    (output.status.code().expect("the example exited rather than being killed"), lines[0].to_string())
}

/// A directory of its own under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dldw-cli-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What a previous run left in an output directory; each test checks it is still there, as it was.
const PREVIOUS: [(&str, &[u8]); 2] =
    [("metrics.csv", b"epoch,iteration\n0,0\n"), ("two_layer_net.safetensors", b"a previous model")];

fn leave_previous_outputs(dir: &Path) {
    for (name, bytes) in PREVIOUS {
        fs::write(dir.join(name), bytes).unwrap();
    }
}

fn assert_previous_outputs_untouched(dir: &Path) {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["metrics.csv", "two_layer_net.safetensors"], "no file added or removed");
    for (name, bytes) in PREVIOUS {
        assert_eq!(fs::read(dir.join(name)).unwrap(), bytes, "{name} was changed");
    }
}

#[test]
fn bad_values_are_refused_in_one_line_with_status_2_before_anything_is_written() {
    let scratch = Scratch::new("bad-values");
    let out = scratch.path("out");
    fs::create_dir_all(&out).unwrap();
    leave_previous_outputs(Path::new(&out));
    let cases: &[(&[&str], &str)] = &[
        (&["--lr", "0"], "error: --lr 0: the learning rate must be a finite number greater than 0, got 0;"),
        (
            &["--lr", "-1"],
            "error: --lr -1: the learning rate must be a finite number greater than 0, got -1;",
        ),
        (
            &["--lr", "nan"],
            "error: --lr NaN: the learning rate must be a finite number greater than 0, got NaN;",
        ),
        (
            &["--lr", "inf"],
            "error: --lr inf: the learning rate must be a finite number greater than 0, got inf;",
        ),
        (&["--lr", "fast"], "error: invalid value 'fast' for '--lr <LR>': invalid float literal"),
        (&["--iters", "0"], "error: --iters 0: training needs at least one iteration (the book runs 10000)"),
        (
            &["--iters", "-5"],
            "error: invalid value '-5' for '--iters <ITERS>': invalid digit found in string",
        ),
        (
            &["--iters", "many"],
            "error: invalid value 'many' for '--iters <ITERS>': invalid digit found in string",
        ),
        (
            &["--optimizer", "sgdd"],
            "error: invalid value 'sgdd' for '--optimizer <OPTIMIZER>': unknown optimizer `sgdd`: choose one of sgd,",
        ),
        (
            &["--init", "zeros"],
            "error: invalid value 'zeros' for '--init <INIT>': unknown init 'zeros': use std, xavier or he",
        ),
        (&["--seed", "-1"], "error: invalid value '-1' for '--seed <SEED>': invalid digit found in string"),
        (
            &["--batch", "33"],
            "error: invalid value '33' for '--batch <N>': not a batch size this example is built for: \
             use one of 1, 10, 32, 50, 64, 100, 128, 256",
        ),
        (
            &["--batch", "0"],
            "error: invalid value '0' for '--batch <N>': not a batch size this example is built for",
        ),
        (
            &["--batch", "-100"],
            "error: invalid value '-100' for '--batch <N>': not a batch size this example is built for",
        ),
        (
            &["--batch", "ten"],
            "error: invalid value 'ten' for '--batch <N>': not a batch size this example is built for",
        ),
        (
            &["--weight-decay", "-1"],
            "error: --weight-decay -1: the weight decay per step (learning rate × λ) must be in [0, 1)",
        ),
        (
            &["--schedule", "step"],
            "error: invalid value 'step' for '--schedule <SCHEDULE>': unknown schedule 'step': use constant or cosine",
        ),
        (&["--data-dir", "/nonexistent"], "error: the MNIST files are not in /nonexistent; dldw needs"),
    ];
    for &(args, expected) in cases {
        let Some(output) = run("train_mnist", &[args, &["--out", &out]].concat()) else { return };
        let (status, line) = status_and_line(&output);
        assert_eq!(status, 2, "{args:?}: {line}");
        assert!(line.starts_with(expected), "{args:?}:\n  got      {line}\n  expected {expected}…");
        assert!(output.stdout.is_empty(), "{args:?}: no work started");
        assert_previous_outputs_untouched(Path::new(&out));
    }
}

#[test]
fn an_output_directory_that_cannot_be_made_is_refused_in_one_line() {
    let scratch = Scratch::new("bad-out");
    // Tests run as root, whom permission bits do not stop: a path under a regular file, or
    // under /proc, cannot be a directory for anyone.
    let file = scratch.path("a-file");
    fs::write(&file, b"not a directory").unwrap();
    let under_file = format!("{file}/out");
    let cases = [
        (under_file.as_str(), "Not a directory (os error 20); choose a directory you can write to"),
        ("/proc/dldw-out", "No such file or directory (os error 2); choose a directory you can write to"),
    ];
    for (out, reason) in cases {
        let Some(output) = run("train_mnist", &["--out", out]) else { return };
        let (status, line) = status_and_line(&output);
        assert_eq!((status, line), (2, format!("error: --out {out}: {reason}")));
    }
    assert_eq!(fs::read(&file).unwrap(), b"not a directory");
}

#[test]
fn a_misspelt_flag_gets_claps_usage_lines_and_status_2() {
    let scratch = Scratch::new("bad-flag");
    leave_previous_outputs(&scratch.0);
    let Some(output) = run("train_mnist", &["--learning-rate", "0.1", "--out", &scratch.path("")]) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.starts_with("error: unexpected argument '--learning-rate' found"), "{stderr}");
    assert!(stderr.contains("tip: a similar argument exists: '--lr'"), "{stderr}");
    assert!(stderr.contains("Usage: train_mnist"), "{stderr}");
    assert_previous_outputs_untouched(&scratch.0);
}

/// A small MNIST in `dir`, decompressed: the first 1000 test images and labels as the training
/// set, the next 200 as the test set (a run on it evaluates in a fraction of a second).
fn small_mnist(dir: &Path) {
    let data = dldw::mnist::default_data_dir();
    let images = dldw::mnist::read_idx_file(data.join(dldw::mnist::TEST_IMAGES)).unwrap();
    let labels = dldw::mnist::read_idx_file(data.join(dldw::mnist::TEST_LABELS)).unwrap();
    let write = |name: &str, dims: &[u32], bytes: &[u8]| {
        let mut file = vec![0, 0, 8, dims.len() as u8];
        dims.iter().for_each(|d| file.extend_from_slice(&d.to_be_bytes()));
        file.extend_from_slice(bytes);
        fs::write(dir.join(name), file).unwrap();
    };
    let pixels = 28 * 28;
    write("train-images-idx3-ubyte", &[1000, 28, 28], &images.data()[..1000 * pixels]);
    write("train-labels-idx1-ubyte", &[1000], &labels.data()[..1000]);
    write("t10k-images-idx3-ubyte", &[200, 28, 28], &images.data()[1000 * pixels..1200 * pixels]);
    write("t10k-labels-idx1-ubyte", &[200], &labels.data()[1000..1200]);
}

#[test]
fn a_diverging_run_fails_in_one_line_with_status_1_and_writes_nothing() {
    let scratch = Scratch::new("diverge");
    let (data, out) = (scratch.path("mnist"), scratch.path("out"));
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(&out).unwrap();
    small_mnist(Path::new(&data));
    leave_previous_outputs(Path::new(&out));
    let args = ["--lr", "1e6", "--iters", "100", "--data-dir", &data, "--out", &out];
    let Some(output) = run("train_mnist", &args) else { return };
    let (status, line) = status_and_line(&output);
    assert_eq!(status, 1, "{line}");
    // The loss jumps from chance (2.3) to about 14 at the first update; the trainer averages
    // iterations 1 to 10 before judging, so it stops at iteration 10.
    assert!(line.starts_with("error: training diverged at iteration 10: the mean loss of iterations 1 to 10, over 4 times the first iteration's 2.3"), "{line}");
    assert!(line.ends_with("; try a smaller learning rate (for example a tenth of this one)"), "{line}");
    assert_previous_outputs_untouched(Path::new(&out));
}

#[test]
fn a_short_run_writes_four_outputs_and_the_same_seed_gives_the_same_metrics() {
    let scratch = Scratch::new("short-run");
    let mut metrics = Vec::new();
    for out in ["first", "second"] {
        let out = scratch.path(out);
        let Some(output) = run("train_mnist", &["--iters", "20", "--seed", "7", "--out", &out]) else {
            return;
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
        assert!(stdout.contains("done: 20 iterations"), "{stdout}");
        for file in ["metrics.csv", "loss.png", "accuracy.png", "two_layer_net.safetensors"] {
            assert!(Path::new(&out).join(file).is_file(), "{file} missing after: {stdout}");
        }
        metrics.push(fs::read_to_string(Path::new(&out).join("metrics.csv")).unwrap());
        // The saved model is one that dldw loads.
        let mut net = dldw::TwoLayerNet::<784, 50, 10, f32>::new(
            dldw::init::Init::book(),
            &mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0),
        );
        dldw::io::load_into(&mut net, Path::new(&out).join("two_layer_net.safetensors")).unwrap();
    }
    // 20 iterations measure accuracy once, at iteration 0: the header and one row.
    let lines: Vec<&str> = metrics[0].lines().collect();
    assert_eq!(lines.len(), 2, "{}", metrics[0]);
    assert_eq!(lines[0], "epoch,iteration,train_loss,train_acc,test_acc");
    assert!(lines[1].starts_with("0,0,"), "{}", lines[1]);
    assert_eq!(metrics[0], metrics[1], "same seed, same bytes");
}

#[test]
fn every_listed_batch_size_trains_and_measures_once_per_epoch() {
    let scratch = Scratch::new("batch-sizes");
    let data = scratch.path("mnist");
    fs::create_dir_all(&data).unwrap();
    small_mnist(Path::new(&data));
    for (example, batch) in [1, 10, 32, 50, 64, 100, 128, 256]
        .map(|n| ("train_mnist", n))
        .into_iter()
        .chain([("train_mnist_wide", 32)])
    {
        let out = scratch.path(&format!("{example}-{batch}"));
        let batch = batch.to_string();
        let args = ["--batch", &batch, "--iters", "40", "--data-dir", &data, "--out", &out];
        let Some(output) = run(example, &args) else { return };
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{example} --batch {batch}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("done: 40 iterations"), "{stdout}");
        // An epoch of the 1000 training images is 1000 / N iterations, as in the book: 40
        // iterations hold one record for N ≤ 25, and ⌈40 / (1000 / N)⌉ for larger N.
        let metrics = fs::read_to_string(Path::new(&out).join("metrics.csv")).unwrap();
        let per_epoch = (1000 / batch.parse::<usize>().unwrap()).max(1);
        let records: Vec<&str> = metrics.lines().skip(1).collect();
        assert_eq!(records.len(), 40usize.div_ceil(per_epoch), "--batch {batch}:\n{metrics}");
        let iterations: Vec<usize> =
            records.iter().map(|r| r.split(',').nth(1).unwrap().parse().unwrap()).collect();
        assert_eq!(iterations, (0..40).step_by(per_epoch).collect::<Vec<_>>(), "--batch {batch}");
    }
}

#[test]
fn predict_refuses_a_missing_or_broken_model_in_one_line_with_status_1() {
    let scratch = Scratch::new("predict");
    let broken = scratch.path("broken.safetensors");
    fs::write(&broken, b"\x10\x00\x00\x00\x00\x00\x00\x00{\"W1\": 1}").unwrap();
    let cases = [
        (
            "/nonexistent/model.safetensors",
            "error: cannot read /nonexistent/model.safetensors: No such file or directory (os error 2)"
                .to_string(),
        ),
        (broken.as_str(), format!("error: {broken} is not a valid safetensors file (")),
    ];
    for (model, expected) in cases {
        let Some(output) = run("predict", &["--model", model]) else { return };
        let (status, line) = status_and_line(&output);
        assert_eq!(status, 1, "{line}");
        assert!(line.starts_with(&expected), "got {line}\nexpected {expected}…");
    }
}

/// Writes `pixels` (w × h grey levels) to `path` as a PNG: grey, or RGB when `rgb`.
fn write_png(path: &str, (w, h): (u32, u32), pixels: &[u8], rgb: bool) {
    let mut encoder = png::Encoder::new(fs::File::create(path).unwrap(), w, h);
    encoder.set_color(if rgb { png::ColorType::Rgb } else { png::ColorType::Grayscale });
    let data: Vec<u8> = if rgb { pixels.iter().flat_map(|&v| [v; 3]).collect() } else { pixels.to_vec() };
    encoder.write_header().unwrap().write_image_data(&data).unwrap();
}

#[test]
fn predict_classifies_a_digit_drawn_white_on_black_or_dark_on_light_at_any_size() {
    // The first test image, a 7: as MNIST stores it (grey, 28×28), and as a scan would give it
    // (RGB, dark ink on white paper, twice the size). Scaling 56×56 down by 2×2 means and
    // inverting give back the same 784 values, so both must be read as the same digit, and
    // that digit is the 7 after one epoch of training.
    let scratch = Scratch::new("predict-png");
    let out = scratch.path("out");
    let Some(trained) = run("train_mnist", &["--iters", "600", "--out", &out]) else { return };
    assert!(trained.status.success(), "{}", String::from_utf8_lossy(&trained.stderr));
    let mnist = dldw::mnist::Mnist::load(dldw::mnist::default_data_dir()).unwrap();
    let (seven, label) = (mnist.test.image(0), mnist.test.label(0));
    assert_eq!(label, 7);
    let (small, large) = (scratch.path("seven.png"), scratch.path("seven_on_paper.png"));
    write_png(&small, (28, 28), &seven, false);
    let paper: Vec<u8> = (0..56 * 56).map(|k| 255 - seven[(k / 56 / 2) * 28 + (k % 56) / 2]).collect();
    write_png(&large, (56, 56), &paper, true);
    let model = format!("{out}/two_layer_net.safetensors");
    let Some(output) = run("predict", &["--model", &model, &small, &large]) else { return };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let answers: Vec<&str> = stdout.lines().filter(|l| l.contains(".png: ")).collect();
    assert_eq!(answers.len(), 2, "{stdout}");
    assert!(answers[0].starts_with(&format!("{small}: 7 (probability")), "{stdout}");
    assert!(answers[1].starts_with(&format!("{large}: 7 (probability")), "{stdout}");
    let probability = |l: &str| l.rsplit_once("probability ").unwrap().1.trim_end_matches(')').to_string();
    assert_eq!(probability(answers[0]), probability(answers[1]), "the same 784 values: {stdout}");
}

/// A PNG whose header says `w` × `h` grey pixels, with the first `rows` rows of zeros as its
/// image data (zeros compress a thousandfold: the file stays small whatever it claims).
fn write_png_claiming(path: &str, (w, h): (u32, u32), rows: usize) {
    use flate2::{Compression, write::ZlibEncoder};
    use std::io::Write;
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::best());
    zlib.write_all(&vec![0; rows * (w as usize + 1)]).unwrap();
    let mut encoder = png::Encoder::new(fs::File::create(path).unwrap(), w, h);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer.write_chunk(png::chunk::IDAT, &zlib.finish().unwrap()).unwrap();
}

#[test]
fn predict_refuses_a_huge_image_from_its_header_and_a_large_file_from_its_size_before_any_work() {
    // The model path does not exist: the images are checked first, so the error is theirs.
    // The first file claims 20000 × 20000 pixels (400 MB of grey once decoded) in 20 KB.
    let scratch = Scratch::new("predict-limits");
    let (huge, large) = (scratch.path("huge.png"), scratch.path("large.png"));
    write_png_claiming(&huge, (20_000, 20_000), 1000);
    assert!(fs::metadata(&huge).unwrap().len() < 100_000);
    // A well-formed 28 × 28 PNG followed by padding to 17 MiB.
    write_png(&large, (28, 28), &[0; 784], false);
    let mut bytes = fs::read(&large).unwrap();
    bytes.resize(17 << 20, 0);
    fs::write(&large, bytes).unwrap();
    let cases = [
        (&huge, "its header says 20000 × 20000 pixels, more than the 4096 × 4096 predict reads"),
        (&large, "the file is 17.0 MiB, more than the 16 MiB predict reads"),
    ];
    for (image, expected) in cases {
        let Some(output) = run("predict", &["--model", "/nonexistent/model.safetensors", image]) else {
            return;
        };
        let (status, line) = status_and_line(&output);
        assert_eq!(status, 1, "{line}");
        assert_eq!(
            line,
            format!(
                "error: cannot read {image} as a PNG image: {expected}; scale the image down{}",
                if image == &huge { " (the network sees 28 × 28)" } else { "" }
            )
        );
    }
}
