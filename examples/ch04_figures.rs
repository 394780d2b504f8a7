//! Three of chapter 4's figures: the cross-entropy's −log y against the probability y given to
//! the answer (after book figure 4-3, which draws log y), the step function and the sigmoid with
//! their slopes (figure 4-4), and the tangent of f(x) = 0.01x² + 0.1x at x = 5
//! against the forward and the central difference (figure 4-5; h = 5 here so that the gap
//! shows — the central difference's line is parallel to the tangent, the forward one is not).
//!
//! Run: `cargo run --release --example ch04_figures` (writes `out/ch04_log.png`,
//! `out/ch04_tangent.png` and `out/ch04_step_sigmoid.png`; `-- --out docs/img` updates the
//! tutorial's copies); `-- --h 1` draws the differences with another step.

#[path = "common/cli.rs"]
mod cli;
use dldw_charts::plot;

use clap::Parser;
use dldw::activation::{sigmoid, step_function};
use dldw::differentiation::numerical_diff;
use dldw::loss::{CrossEntropyError, Labels, Loss};
use dldw_charts::RGBColor;
use nalgebra::RowVector2;
use plot::{Series, line_chart};
use std::error::Error;
use std::path::PathBuf;

/// Draws figures 4-3, 4-4 and 4-5.
#[derive(Parser)]
struct Args {
    /// The step h of the two differences drawn against the tangent.
    #[arg(long, default_value_t = 5.0)]
    h: f64,
    /// Directory the figures are written to (`docs/img` updates the tutorial's copies).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// The book's function_1.
fn function_1(x: f64) -> f64 {
    0.01 * (x * x) + 0.1 * x
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Args = cli::parse();
    cli::check(args.h.is_finite() && args.h > 0.0 && args.h <= 5.0, "h", args.h, "give a step in (0, 5]");
    std::fs::create_dir_all(&args.out)?;

    // Figure 4-3: the loss of one sample as the answer's probability y goes from 0.01 to 1,
    // computed by the crate's CrossEntropyError on a two-class output (y, 1 − y), answer 0.
    let t = Labels::<1, 2>::new([0])?;
    let curve: Vec<(f64, f64)> = (1..=100)
        .map(|i| i as f64 / 100.0)
        .map(|y| (y, CrossEntropyError.loss(&RowVector2::new(y, 1.0 - y), &t)))
        .collect();
    for y in [0.6, 0.1] {
        let loss = CrossEntropyError.loss(&RowVector2::new(y, 1.0 - y), &t);
        println!("y = {y}: -log y = {loss:.4}  (page 1: the right answer 0.6, the wrong one 0.1)");
    }
    let log_png = args.out.join("ch04_log.png");
    line_chart(
        &log_png,
        "After figure 4-3: −log y, the cross-entropy error of the answer's probability y",
        ("y, the probability given to the answer", "−log y"),
        Some((0.0, 5.0)),
        &[Series { label: "−log y", points: curve, color: RGBColor(31, 119, 180), dashed: false }],
    )?;
    println!("wrote {}", log_png.display());

    // Figure 4-5: the true tangent at 5 (slope 0.2) and the two differences of step h.
    let (x0, h) = (5.0, args.h);
    let slope_true = 0.02 * x0 + 0.1;
    let forward = (function_1(x0 + h) - function_1(x0)) / h;
    let central = (function_1(x0 + h) - function_1(x0 - h)) / (2.0 * h);
    println!(
        "at x = 5: tangent slope {slope_true}, forward difference {forward:.6}, central difference {central:.6} (h = {h})"
    );
    println!("numerical_diff (h = 1e-4): {}", numerical_diff(function_1, x0));
    let xs = || (0..=200).map(|i| i as f64 / 10.0);
    let line = |slope: f64, through: (f64, f64)| -> Vec<(f64, f64)> {
        xs().map(|x| (x, through.1 + slope * (x - through.0))).collect()
    };
    let tangent_png = args.out.join("ch04_tangent.png");
    let forward_label = format!("forward difference, h = {h}: slope {}", plot::tick(forward));
    let central_label = format!("central difference, h = {h}: slope {}", plot::tick(central));
    line_chart(
        &tangent_png,
        "Figure 4-5: the tangent at x = 5 and two numerical differences",
        ("x", "f(x) = 0.01x² + 0.1x"),
        Some((-1.0, 6.0)),
        &[
            Series {
                label: "f(x)",
                points: xs().map(|x| (x, function_1(x))).collect(),
                color: RGBColor(0, 0, 0),
                dashed: false,
            },
            Series {
                label: "tangent at 5: slope 0.2",
                points: line(slope_true, (x0, function_1(x0))),
                color: RGBColor(31, 119, 180),
                dashed: false,
            },
            Series {
                label: &forward_label,
                points: line(forward, (x0, function_1(x0))),
                color: RGBColor(214, 39, 40),
                dashed: false,
            },
            Series {
                label: &central_label,
                points: line(central, (x0 - h, function_1(x0 - h))),
                color: RGBColor(44, 160, 44),
                dashed: false,
            },
        ],
    )?;
    println!("wrote {}", tangent_png.display());

    // Figure 4-4: the step function is flat almost everywhere, the sigmoid never is; each with
    // its tangent at x = 1 (book 4.2.5: why a network cannot learn through a step).
    let grid = || (-60..=60).map(|i| i as f64 / 10.0);
    let s1 = sigmoid(1.0_f64);
    let sigmoid_slope = s1 * (1.0 - s1);
    let tangent = |slope: f64, y1: f64| -> Vec<(f64, f64)> {
        (-10..=30).map(|i| i as f64 / 10.0).map(|x| (x, y1 + slope * (x - 1.0))).collect()
    };
    let step_png = args.out.join("ch04_step_sigmoid.png");
    let sigmoid_label =
        format!("sigmoid's tangent at 1: slope {}", plot::tick((sigmoid_slope * 1e4).round() / 1e4));
    line_chart(
        &step_png,
        "Figure 4-4: the step function and the sigmoid, with their slopes",
        ("x", "y"),
        Some((-0.1, 1.1)),
        &[
            Series {
                label: "step function",
                points: grid().map(|x| (x, step_function(x))).collect(),
                color: RGBColor(0, 0, 0),
                dashed: false,
            },
            Series {
                label: "step's tangent at 1: slope 0",
                points: tangent(0.0, 1.0),
                color: RGBColor(214, 39, 40),
                dashed: true,
            },
            Series {
                label: "sigmoid",
                points: grid().map(|x| (x, sigmoid(x))).collect(),
                color: RGBColor(31, 119, 180),
                dashed: false,
            },
            Series {
                label: &sigmoid_label,
                points: tangent(sigmoid_slope, s1),
                color: RGBColor(44, 160, 44),
                dashed: true,
            },
        ],
    )?;
    println!("wrote {}", step_png.display());
    Ok(())
}
