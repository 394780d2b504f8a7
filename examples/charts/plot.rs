//! PNG charts for the examples (the book's figures 4-9 to 4-12), drawn with plotters: line
//! charts of training runs, and pictures of the plane (arrows, paths) for the gradient figures.
//!
//! The DejaVu font is embedded (the `dejavu` crate), so charts render on a machine without
//! system fonts. plotters draws into an RGB buffer ([`Png`]) that the `png` crate encodes:
//! plotters' own file output would compile the whole `image` crate (JPEG decoder and all) for
//! every example, the README's first run included.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::error::Error;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// A picture being drawn: an RGB buffer of `size` pixels, written to `path` by [`Png::save`].
pub struct Png {
    path: PathBuf,
    size: (u32, u32),
    rgb: Vec<u8>,
}

impl Png {
    /// A black picture of `size` pixels (fill it first), with the font registered.
    pub fn new(path: &Path, size: (u32, u32)) -> Self {
        register_font();
        Png { path: path.to_path_buf(), size, rgb: vec![0; size.0 as usize * size.1 as usize * 3] }
    }

    /// The whole picture as a plotters drawing area; what is drawn on it stays in the buffer.
    pub fn area(&mut self) -> DrawingArea<BitMapBackend<'_>, Shift> {
        BitMapBackend::with_buffer(&mut self.rgb, self.size).into_drawing_area()
    }

    /// Writes the picture to its path as an 8-bit RGB PNG, creating the directory it is in;
    /// the error names the path.
    pub fn save(self) -> Result<(), Box<dyn Error>> {
        let written = || -> Result<(), Box<dyn Error>> {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut encoder =
                png::Encoder::new(BufWriter::new(File::create(&self.path)?), self.size.0, self.size.1);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.write_header()?.write_image_data(&self.rgb)?;
            Ok(())
        };
        written().map_err(|e| format!("cannot write {}: {e}", self.path.display()).into())
    }
}

/// One line of a chart: its legend, its points and its colour.
pub struct Series<'a> {
    pub label: &'a str,
    pub points: Vec<(f64, f64)>,
    pub color: RGBColor,
    /// Dashed (the book's test curves), so that the lines differ in print as well as in colour.
    pub dashed: bool,
}

pub fn register_font() {
    static FONT: Once = Once::new();
    FONT.call_once(|| {
        // The embedded font is valid TrueType; a failure here would only lose the labels.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
    });
}

/// Draws a picture of `size` pixels with `draw` and writes it to `path` as a PNG.
pub fn draw_png(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), Box<dyn Error>>,
) -> Result<(), Box<dyn Error>> {
    let mut png = Png::new(path, size);
    draw(&png.area())?;
    png.save()
}

/// Draws `series` as lines on one chart and writes it to `path` as a PNG.
pub fn line_chart(
    path: &Path,
    title: &str,
    (x_label, y_label): (&str, &str),
    y_range: Option<(f64, f64)>,
    series: &[Series<'_>],
) -> Result<(), Box<dyn Error>> {
    draw_png(path, (800, 500), |root| {
        root.fill(&WHITE)?;
        let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
        let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
        let (x_min, x_max) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
        let (y_min, y_max) = y_range
            .unwrap_or_else(|| ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y))));
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 26))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(x_min..x_max.max(x_min + 1.0), y_min..y_max.max(y_min + 1e-9))?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .x_label_formatter(&|x| tick(*x))
            .y_label_formatter(&|y| tick(*y))
            .label_style(("sans-serif", 16))
            .draw()?;
        // Thin lines for long series (10000 losses), thicker ones for a few points.
        let width = if series.iter().any(|s| s.points.len() > 1000) { 1 } else { 2 };
        for s in series {
            let (color, dashed) = (s.color, s.dashed);
            let style = color.stroke_width(width);
            let drawn = if dashed {
                chart.draw_series(DashedLineSeries::new(s.points.iter().copied(), 8, 5, style))?
            } else {
                chart.draw_series(LineSeries::new(s.points.iter().copied(), style))?
            };
            // The legend's sample: one 20-pixel line, or two dashes.
            let gap = if dashed { 5 } else { 0 };
            drawn.label(s.label).legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (8, 0)], color.stroke_width(2))
                    + PathElement::new(vec![(8 + gap, 0), (20, 0)], color.stroke_width(2))
            });
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .position(legend_corner(series, (y_min, y_max)))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .label_font(("sans-serif", 18))
                .draw()?;
        }
        Ok(())
    })
}

/// Where the legend covers no line: the upper right corner if the curves end in the lower half
/// of the chart (a falling loss), else the lower right (a rising accuracy).
fn legend_corner(series: &[Series<'_>], (y_min, y_max): (f64, f64)) -> SeriesLabelPosition {
    let ends: Vec<f64> =
        series.iter().flat_map(|s| s.points.iter().skip(s.points.len() * 4 / 5).map(|p| p.1)).collect();
    let mean = ends.iter().sum::<f64>() / ends.len().max(1) as f64;
    if mean < (y_min + y_max) / 2.0 {
        SeriesLabelPosition::UpperRight
    } else {
        SeriesLabelPosition::LowerRight
    }
}

/// A point of the plane, (x₀, x₁).
pub type Point = (f64, f64);

/// The square of the plane that a figure shows, with its title and axis names (figures 4-9
/// and 4-10, where x₀ and x₁ must have the same scale for circles to look round).
pub struct Plane<'a> {
    pub title: &'a str,
    pub axes: (&'a str, &'a str),
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Image size in pixels; keep its shape close to that of `x` × `y` so that the scales match.
    pub size: (u32, u32),
}

type PlaneChart<'a, 'b> = ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn plane_chart<'a, 'b>(
    root: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    plane: &Plane<'_>,
) -> Result<PlaneChart<'a, 'b>, Box<dyn Error>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(plane.title, ("sans-serif", 24))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(50)
        .build_cartesian_2d(plane.x.0..plane.x.1, plane.y.0..plane.y.1)?;
    chart
        .configure_mesh()
        .x_desc(plane.axes.0)
        .y_desc(plane.axes.1)
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| tick(*y))
        .label_style(("sans-serif", 16))
        .light_line_style(WHITE)
        .bold_line_style(BLACK.mix(0.08))
        .draw()?;
    Ok(chart)
}

/// Draws each `(from, to)` as an arrow on `plane` (a quiver plot, like matplotlib's
/// `plt.quiver`) and writes the PNG to `path`. Arrow heads are a third of the arrow's length.
pub fn arrow_chart(path: &Path, plane: &Plane<'_>, arrows: &[(Point, Point)]) -> Result<(), Box<dyn Error>> {
    draw_png(path, plane.size, |root| {
        let mut chart = plane_chart(root, plane)?;
        let style = RGBColor(0x44, 0x44, 0x44).stroke_width(2);
        for &((x0, y0), (x1, y1)) in arrows {
            // The head's two barbs: the shaft turned back by ±25°, a third as long.
            let (dx, dy) = ((x0 - x1) / 3.0, (y0 - y1) / 3.0);
            let (c, s) = (25f64.to_radians().cos(), 25f64.to_radians().sin());
            let barb = |s: f64| (x1 + dx * c - dy * s, y1 + dx * s + dy * c);
            chart.draw_series([
                PathElement::new(vec![(x0, y0), (x1, y1)], style),
                PathElement::new(vec![barb(s), (x1, y1), barb(-s)], style),
            ])?;
        }
        Ok(())
    })
}

/// Draws `guides` as light dashed lines (contours, axes), then `points` as dots joined in order
/// (a path of steps), marks the first point `start_label`, and writes the PNG to `path`.
pub fn path_chart(
    path: &Path,
    plane: &Plane<'_>,
    guides: &[Vec<Point>],
    points: &[Point],
    start_label: &str,
) -> Result<(), Box<dyn Error>> {
    draw_png(path, plane.size, |root| {
        let mut chart = plane_chart(root, plane)?;
        let inside =
            |&(x, y): &Point| (plane.x.0..=plane.x.1).contains(&x) && (plane.y.0..=plane.y.1).contains(&y);
        for guide in guides {
            // plotters pins points outside the chart to its border; draw only the runs inside.
            for run in guide.split(|p| !inside(p)).filter(|run| run.len() > 1) {
                chart.draw_series(DashedLineSeries::new(
                    run.iter().copied(),
                    6,
                    5,
                    BLUE.mix(0.35).stroke_width(1),
                ))?;
            }
        }
        chart.draw_series(LineSeries::new(points.iter().copied(), BLUE.mix(0.5).stroke_width(1)))?;
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))?;
        if let Some(&(x, y)) = points.first() {
            let label =
                EmptyElement::at((x, y)) + Text::new(start_label.to_string(), (10, -22), ("sans-serif", 18));
            chart.draw_series([label])?;
        }
        Ok(())
    })
}

/// A tick label as a person writes it: `2`, `0.5`, `10000`, not `2.0` or `0.30000000000000004`
/// (six decimals at most, trailing zeros dropped).
pub fn tick(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}
