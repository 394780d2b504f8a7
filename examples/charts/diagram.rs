//! Computational graphs drawn as the book draws them (chapter 5's figures): nodes as circles or
//! boxes, edges as arrows with the forward value above in black and the backward derivative
//! below in red, drawn with plotters' primitives (circles, paths, polygons, text) on a PNG.

use crate::plot::Png;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::error::Error;
use std::path::Path;

/// A point of the picture in pixels, (x right, y down).
pub type Px = (i32, i32);

/// The red of backward values, as the book prints them.
pub const BACKWARD: RGBColor = RGBColor(200, 30, 30);

/// A picture being drawn.
pub struct Diagram {
    png: Png,
}

impl Diagram {
    /// A white picture of `size` pixels with `title` at the top, to be written to `path`.
    pub fn new(path: &Path, size: (u32, u32), title: &str) -> Result<Self, Box<dyn Error>> {
        let mut d = Diagram { png: Png::new(path, size) };
        d.area().fill(&WHITE)?;
        d.text((size.0 as i32 / 2, 22), title, 22, &BLACK)?;
        Ok(d)
    }

    /// The picture as a drawing area (cheap: a view of the buffer).
    fn area(&mut self) -> DrawingArea<BitMapBackend<'_>, Shift> {
        self.png.area()
    }

    /// `s` centred on `at`.
    pub fn text(&mut self, at: Px, s: &str, size: u32, color: &RGBColor) -> Result<(), Box<dyn Error>> {
        let style = ("sans-serif", size).into_font().color(color).pos(Pos::new(HPos::Center, VPos::Center));
        self.area().draw(&Text::new(s.to_string(), at, style))?;
        Ok(())
    }

    /// A circular node of radius `r` with `label` inside (the book's ×, +, exp, /).
    pub fn node(&mut self, at: Px, r: i32, label: &str) -> Result<(), Box<dyn Error>> {
        self.area().draw(&Circle::new(at, r, WHITE.filled()))?;
        self.area().draw(&Circle::new(at, r, BLACK.stroke_width(2)))?;
        self.text(at, label, 22, &BLACK)
    }

    /// A rectangular node (a layer) centred on `at`, `w` × `h` pixels, with `label` inside.
    pub fn layer(&mut self, at: Px, (w, h): (i32, i32), label: &str) -> Result<(), Box<dyn Error>> {
        let (x0, y0, x1, y1) = (at.0 - w / 2, at.1 - h / 2, at.0 + w / 2, at.1 + h / 2);
        self.area().draw(&Rectangle::new([(x0, y0), (x1, y1)], RGBColor(235, 242, 250).filled()))?;
        self.area().draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(2)))?;
        self.text(at, label, 20, &BLACK)
    }

    /// An arrow from `from` to `to` with its head at `to`.
    pub fn arrow(&mut self, from: Px, to: Px, color: &RGBColor) -> Result<(), Box<dyn Error>> {
        self.area().draw(&PathElement::new(vec![from, to], color.stroke_width(2)))?;
        let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let back = |side: f64| {
            let (bx, by) = (to.0 as f64 - 12.0 * ux, to.1 as f64 - 12.0 * uy);
            ((bx - side * 5.0 * uy) as i32, (by + side * 5.0 * ux) as i32)
        };
        self.area().draw(&Polygon::new(vec![to, back(1.0), back(-1.0)], color.filled()))?;
        Ok(())
    }

    /// An edge of the graph: a forward arrow from `from` to `to` with `forward` written above
    /// it, and a backward arrow just below pointing the other way with `backward` below that.
    pub fn edge(&mut self, from: Px, to: Px, forward: &str, backward: &str) -> Result<(), Box<dyn Error>> {
        self.arrow(from, to, &BLACK)?;
        let mid = ((from.0 + to.0) / 2, (from.1 + to.1) / 2);
        // On a sloping edge a label must sit further off, or its ends touch the line.
        let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
        let slope = if dx == 0.0 { 3.0 } else { (dy / dx).abs().min(3.0) };
        let clear = |s: &str| (slope * s.chars().count() as f64 * 5.0) as i32;
        self.text((mid.0, mid.1 - 16 - clear(forward)), forward, 19, &BLACK)?;
        if !backward.is_empty() {
            self.arrow((to.0, to.1 + 10), (from.0, from.1 + 10), &BACKWARD)?;
            self.text((mid.0, mid.1 + 28 + clear(backward)), backward, 19, &BACKWARD)?;
        }
        Ok(())
    }

    /// Writes the PNG.
    pub fn finish(self) -> Result<(), Box<dyn Error>> {
        self.png.save()
    }
}
