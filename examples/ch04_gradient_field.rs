//! The book's figure 4-9: the negative gradient of f(x₀, x₁) = x₀² + x₁² drawn as arrows on a
//! grid, every arrow pointing downhill toward the minimum at (0, 0), longer where f is steeper.
//!
//! The gradients are computed numerically by `numerical_gradient_rows`, one grid point per row
//! (the book's `np.arange(-2, 2.5, 0.25)` in both directions: 18 × 18 points).
//!
//! Run: `cargo run --release --example ch04_gradient_field` (writes `out/gradient_field.png`;
//! `-- --out docs/img` updates the tutorial's copy).

#[path = "common/cli.rs"]
mod cli;
use dldw_charts::plot;

use clap::Parser;
use dldw::gradient::numerical_gradient_rows;
use nalgebra::{RowVector2, SMatrix};
use std::path::PathBuf;

/// Draws the book's figure 4-9, the negative gradient of function_2 on a grid.
#[derive(Parser)]
struct Args {
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// Grid points per direction: −2, −1.75, …, 2.25.
const SIDE: usize = 18;

/// The book's function_2.
fn f(x: &RowVector2<f64>) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = cli::parse::<Args>().out;
    let out = dir.join("gradient_field.png");
    let coord = |i: usize| -2.0 + 0.25 * i as f64;
    let points =
        SMatrix::<f64, { SIDE * SIDE }, 2>::from_fn(|n, c| coord(if c == 0 { n % SIDE } else { n / SIDE }));
    let grads = numerical_gradient_rows(f, &points);

    // Like matplotlib's quiver, scale every arrow by one factor: the longest spans 0.9 of a cell.
    let longest = grads.row_iter().map(|g| g.norm()).fold(0.0, f64::max);
    let scale = 0.9 * 0.25 / longest;
    let arrows: Vec<_> = points
        .row_iter()
        .zip(grads.row_iter())
        .map(|(p, g)| ((p[0], p[1]), (p[0] - scale * g[0], p[1] - scale * g[1])))
        .collect();

    // Downhill means toward the origin: −∇f(x) = −2x points straight at it.
    let inward =
        points.row_iter().zip(grads.row_iter()).filter(|(p, g)| p.norm() > 0.0 && p.dot(g) > 0.0).count();
    println!("{} grid points, longest gradient {longest:.6} at the corner (2.25, 2.25)", SIDE * SIDE);
    println!("arrows pointing toward (0, 0): {inward} of {} (all but the one at the origin)", SIDE * SIDE);

    let plane = plot::Plane {
        title: "Figure 4-9: −∇f of f(x0, x1) = x0² + x1²",
        axes: ("x0", "x1"),
        x: (-2.5, 2.5),
        y: (-2.5, 2.5),
        size: (700, 735),
    };
    plot::arrow_chart(&out, &plane, &arrows)?;
    println!("wrote {}", out.display());
    Ok(())
}
