//! PNG line charts for the examples (the book's figures 4-9 to 4-12), drawn with plotters.
//!
//! The DejaVu font is embedded (the `dejavu` crate), so charts render on a machine without
//! system fonts.

use plotters::prelude::*;
use std::error::Error;
use std::path::Path;
use std::sync::Once;

/// One line of a chart: its legend, its points and its colour.
pub struct Series<'a> {
    pub label: &'a str,
    pub points: Vec<(f64, f64)>,
    pub color: RGBColor,
}

fn register_font() {
    static FONT: Once = Once::new();
    FONT.call_once(|| {
        // The embedded font is valid TrueType; a failure here would only lose the labels.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
    });
}

/// Draws `series` as lines on one chart and writes it to `path` as a PNG.
pub fn line_chart(
    path: &Path,
    title: &str,
    (x_label, y_label): (&str, &str),
    y_range: Option<(f64, f64)>,
    series: &[Series<'_>],
) -> Result<(), Box<dyn Error>> {
    register_font();
    let root = BitMapBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (x_min, x_max) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    let (y_min, y_max) = y_range
        .unwrap_or_else(|| ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y))));
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 26))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(x_min..x_max.max(x_min + 1.0), y_min..y_max.max(y_min + 1e-9))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_label_formatter(&|x| if x_max - x_min > 20.0 { format!("{x:.0}") } else { format!("{x:.1}") })
        .label_style(("sans-serif", 16))
        .draw()?;
    // Thin lines for long series (10000 losses), thicker ones for a few points.
    let width = if series.iter().any(|s| s.points.len() > 1000) { 1 } else { 2 };
    for s in series {
        let color = s.color;
        chart
            .draw_series(LineSeries::new(s.points.iter().copied(), color.stroke_width(width)))?
            .label(s.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(("sans-serif", 18))
            .draw()?;
    }
    root.present()?;
    Ok(())
}
