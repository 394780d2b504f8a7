//! The book's figure 4-10: gradient descent on f(x₀, x₁) = x₀² + x₁² from (−3, 4) with learning
//! rate 0.1 for 20 steps. Each dot is a point the descent visited (the book's `x_history`); the
//! dashed circles are contours of f (f = 1, 4, 9, 16, 25) and the dashed lines the axes. Every
//! step shrinks x by the same factor 1 − 2·0.1 = 0.8, so the dots march straight to (0, 0),
//! closer together as the slope flattens.
//!
//! Run: `cargo run --release --example ch04_gradient_descent_path` (writes
//! `out/gradient_descent_path.png`; `-- --out docs/img` updates the tutorial's copy); try
//! `-- --lr 0.9` (each step
//! multiplies x by 1 − 2·0.9 = −0.8: it jumps across the minimum and back) or `-- --lr 0.01`.

#[path = "common/cli.rs"]
mod cli;
use dldw_charts::plot;

use clap::Parser;
use dldw::gradient_descent::gradient_descent;
use nalgebra::RowVector2;
use std::path::PathBuf;

/// Draws the book's figure 4-10, the path of gradient descent on function_2.
#[derive(Parser)]
struct Args {
    /// Learning rate η (finite, > 0).
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    lr: f64,
    /// Number of steps.
    #[arg(long, default_value_t = 20)]
    steps: usize,
    /// Directory the figure is written to (`docs/img` updates the tutorial's copy).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/out"))]
    out: PathBuf,
}

/// The book's function_2.
fn f(x: &RowVector2<f64>) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Args = cli::parse();
    if let Err(e) = dldw::check_learning_rate(args.lr) {
        cli::fail(&format!("--lr {}: {e}", args.lr));
    }
    let out = args.out.join("gradient_descent_path.png");
    let descent = gradient_descent(f, RowVector2::new(-3.0, 4.0), args.lr, args.steps)?;
    let points: Vec<plot::Point> = descent.history.iter().map(|x| (x[0], x[1])).collect();
    println!(
        "{} steps from (-3, 4) at lr = {}: ({:.8}, {:.8})  (book, lr 0.1 and 20 steps: [-0.03458765  0.04611686])",
        args.steps, args.lr, descent.x[0], descent.x[1]
    );

    let title = format!("Figure 4-10: gradient descent, lr = {}", args.lr);
    let plane =
        plot::Plane { title: &title, axes: ("x0", "x1"), x: (-3.5, 3.5), y: (-4.5, 4.5), size: (640, 860) };
    // Contours f = r² (circles of radius r, through the start for r = 5), then the two axes.
    let circle = |r: f64| {
        (0..=120).map(|i| (3.0 * i as f64).to_radians()).map(|a| (r * a.cos(), r * a.sin())).collect()
    };
    let mut guides: Vec<Vec<plot::Point>> = (1..=5).map(|r| circle(r as f64)).collect();
    guides.push(vec![(plane.x.0, 0.0), (plane.x.1, 0.0)]);
    guides.push(vec![(0.0, plane.y.0), (0.0, plane.y.1)]);
    plot::path_chart(&out, &plane, &guides, &points, "start (−3, 4)")?;
    println!("wrote {}", out.display());
    Ok(())
}
