//! Chapter 6's figures that are grids of small charts (plotters): optimizer paths over a
//! contour plot (figure 6-8), activation histograms (6-10 to 6-14), and panels of training
//! curves (6-18, 6-19, 6-24). Single line charts use `plot.rs`.

use crate::plot::{draw_png, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::error::Error;
use std::path::Path;

pub use crate::RGBColor;

/// The book's two colours for "with" and "without" (matplotlib's default blue and orange).
pub const BLUE: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
pub const ORANGE: RGBColor = RGBColor(0xff, 0x7f, 0x0e);
pub const GREEN: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);
pub const RED: RGBColor = RGBColor(0xd6, 0x27, 0x28);

/// One line of a panel.
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub color: RGBColor,
    /// Dashed (the book's "without" and "train" lines) or solid.
    pub dashed: bool,
}

/// One small chart of a grid.
pub struct Panel {
    pub title: String,
    pub lines: Vec<Line>,
}

/// Draws `panels` in a grid of `cols` columns, each with the same axes `x`, `y` (named
/// `x_desc`, `y_desc`), under `title`, and writes the PNG to `path`. One legend, for the lines of
/// the first panel, sits in a strip under the title, where it covers no curve.
pub fn line_grid(
    path: &Path,
    title: &str,
    cols: usize,
    (x, y): ((f64, f64), (f64, f64)),
    (x_desc, y_desc): (&str, &str),
    panels: &[Panel],
) -> Result<(), Box<dyn Error>> {
    let rows = panels.len().div_ceil(cols);
    draw_png(path, (280 * cols as u32, 220 * rows as u32 + 76), |root| {
        root.fill(&WHITE)?;
        let root = root.titled(title, ("sans-serif", 24))?;
        let (strip, grid) = root.split_vertically(36);
        if let Some(first) = panels.first() {
            legend_strip(&strip, &first.lines)?;
        }
        for (area, panel) in grid.split_evenly((rows, cols)).iter().zip(panels) {
            let mut chart = ChartBuilder::on(area)
                .caption(&panel.title, ("sans-serif", 14))
                .margin(8)
                .x_label_area_size(34)
                .y_label_area_size(44)
                .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .label_style(("sans-serif", 12))
                .axis_desc_style(("sans-serif", 12))
                .x_desc(x_desc)
                .y_desc(y_desc)
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|v| tick(*v))
                .x_labels(4)
                .y_labels(3)
                .draw()?;
            for line in &panel.lines {
                let style = line.color.stroke_width(1);
                let pts = line.points.iter().copied();
                if line.dashed {
                    chart.draw_series(DashedLineSeries::new(pts, 4, 3, style))?;
                } else {
                    chart.draw_series(LineSeries::new(pts, style))?;
                }
            }
        }
        Ok(())
    })
}

/// The legend of `lines` in one row across `strip`: a sample of each line (solid or dashed)
/// and its label.
fn legend_strip(strip: &DrawingArea<BitMapBackend<'_>, Shift>, lines: &[Line]) -> Result<(), Box<dyn Error>> {
    let (width, _) = strip.dim_in_pixel();
    let step = 220;
    let mut x = (width as i32 - step * lines.len() as i32).max(0) / 2;
    for line in lines {
        let style = line.color.stroke_width(2);
        let gap = if line.dashed { 6 } else { 0 };
        strip.draw(&PathElement::new(vec![(x, 18), (x + 12, 18)], style))?;
        strip.draw(&PathElement::new(vec![(x + 12 + gap, 18), (x + 30, 18)], style))?;
        strip.draw(&Text::new(line.label.clone(), (x + 38, 10), ("sans-serif", 15)))?;
        x += step;
    }
    Ok(())
}

/// Histograms of `values` (one panel each, `bins` bins over `range`), side by side. The count
/// axis runs to `y_max` if given (the book's `plt.ylim(0, 7000)`, so that a tall first bar does
/// not flatten the rest; a bar above it is cut at the top), else to the tallest bar.
pub fn histograms(
    path: &Path,
    title: &str,
    range: (f64, f64),
    bins: usize,
    y_max: Option<f64>,
    panels: &[(String, Vec<f64>)],
) -> Result<(), Box<dyn Error>> {
    draw_png(path, (240 * panels.len() as u32, 290), |root| {
        root.fill(&WHITE)?;
        let root = root.titled(title, ("sans-serif", 20))?;
        let width = (range.1 - range.0) / bins as f64;
        let counts: Vec<Vec<usize>> = panels
            .iter()
            .map(|(_, v)| {
                let mut c = vec![0; bins];
                for &x in v {
                    let b = ((x - range.0) / width).floor();
                    if b >= 0.0 && (b as usize) < bins {
                        c[b as usize] += 1;
                    } else if x == range.1 {
                        c[bins - 1] += 1;
                    }
                }
                c
            })
            .collect();
        let tallest = counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f64 * 1.05;
        let top = y_max.unwrap_or(tallest);
        for (i, ((area, (name, _)), c)) in
            root.split_evenly((1, panels.len())).iter().zip(panels).zip(&counts).enumerate()
        {
            let mut chart = ChartBuilder::on(area)
                .caption(name, ("sans-serif", 14))
                .margin(8)
                .x_label_area_size(34)
                .y_label_area_size(if i == 0 { 56 } else { 44 })
                .build_cartesian_2d(range.0..range.1, 0.0..top)?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .label_style(("sans-serif", 12))
                .axis_desc_style(("sans-serif", 12))
                .x_desc("activation")
                .y_desc(if i == 0 { "count" } else { "" })
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|v| tick(*v))
                .x_labels(3)
                .y_labels(4)
                .draw()?;
            chart.draw_series(c.iter().enumerate().map(|(b, &n)| {
                let x0 = range.0 + b as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.9, (n as f64).min(top))], BLUE.filled())
            }))?;
        }
        Ok(())
    })
}

/// Paths over contour lines, one panel each (figure 6-8): `contours` dashed, the path as dots
/// joined in order, the minimum marked with a `+`.
pub fn paths(
    path: &Path,
    (x, y): ((f64, f64), (f64, f64)),
    contours: &[Vec<(f64, f64)>],
    panels: &[(String, Vec<(f64, f64)>)],
) -> Result<(), Box<dyn Error>> {
    let cols = 2;
    let rows = panels.len().div_ceil(cols);
    draw_png(path, (520 * cols as u32, 300 * rows as u32 + 40), |root| {
        root.fill(&WHITE)?;
        let root = root.titled("Figure 6-8: optimizer paths on f(x, y) = x²/20 + y²", ("sans-serif", 22))?;
        for (area, (name, pts)) in root.split_evenly((rows, cols)).iter().zip(panels) {
            let mut chart = ChartBuilder::on(area)
                .caption(name, ("sans-serif", 16))
                .margin(8)
                .x_label_area_size(34)
                .y_label_area_size(40)
                .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .label_style(("sans-serif", 12))
                .x_desc("x")
                .y_desc("y")
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|v| tick(*v))
                .draw()?;
            for c in contours {
                chart.draw_series(LineSeries::new(c.iter().copied(), BLUE.mix(0.3).stroke_width(1)))?;
            }
            chart.draw_series(LineSeries::new(pts.iter().copied(), RED.stroke_width(1)))?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, RED.filled())))?;
            chart.draw_series([Cross::new((0.0, 0.0), 5, BLACK.stroke_width(2))])?;
        }
        Ok(())
    })
}
