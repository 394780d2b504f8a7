//! Pictures of images: small greyscale images (MNIST digits, a convolution's filters) in a grid,
//! each with a caption, as the book draws them with matplotlib's `imshow` in subplots.

use crate::plot::Png;
use plotters::prelude::*;
use std::error::Error;
use std::path::Path;

/// One greyscale image of `width` pixels per row, row-major, each value 0 (white) to 1 (black):
/// matplotlib's `cmap=plt.cm.gray_r`.
pub struct Grey<'a> {
    pub values: &'a [f64],
    pub width: usize,
    pub caption: String,
}

/// Draws `images` in a grid of `cols` columns, each pixel a square of `scale` screen pixels,
/// with its caption above it, and writes the picture to `path` as a PNG.
pub fn grid(path: &Path, cols: usize, scale: u32, images: &[Grey<'_>]) -> Result<(), Box<dyn Error>> {
    let (w, h) = images.first().map_or((1, 1), |g| (g.width, g.values.len() / g.width.max(1)));
    let (caption, gap) = (22_u32, 10_u32);
    let cell = (w as u32 * scale + gap, h as u32 * scale + caption + gap);
    let rows = images.len().div_ceil(cols.max(1)) as u32;
    let mut png = Png::new(path, (cell.0 * cols as u32 + gap, cell.1 * rows + gap));
    let area = png.area();
    area.fill(&WHITE)?;
    let font = ("sans-serif", 18).into_font().color(&BLACK);
    for (k, image) in images.iter().enumerate() {
        let x0 = gap as i32 + (k % cols) as i32 * cell.0 as i32;
        let y0 = gap as i32 + (k / cols) as i32 * cell.1 as i32;
        area.draw(&Text::new(image.caption.clone(), (x0, y0), font.clone()))?;
        let top = y0 + caption as i32;
        for (i, &v) in image.values.iter().enumerate() {
            let grey = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
            let (px, py) =
                (x0 + (i % image.width) as i32 * scale as i32, top + (i / image.width) as i32 * scale as i32);
            let square = [(px, py), (px + scale as i32, py + scale as i32)];
            area.draw(&Rectangle::new(square, RGBColor(grey, grey, grey).filled()))?;
        }
        let frame = [(x0 - 1, top - 1), (x0 + (w as u32 * scale) as i32, top + (h as u32 * scale) as i32)];
        area.draw(&Rectangle::new(frame, BLACK.stroke_width(1)))?;
    }
    drop(area);
    png.save()
}
