//! The examples' charts and diagrams (the book's figures), drawn with plotters into PNG files.
//!
//! A crate of its own so that plotters' generic drawing code is compiled once for all the
//! examples instead of again in each of them (compiled in each, it made the examples that draw
//! charts take 6–26 s each to compile against 1–3 s for the others).
//! Its API takes plain numbers (points, ranges, colours), nothing of dldw's, so it is also
//! compiled beside dldw rather than after it.

pub mod ch06_plot;
pub mod diagram;
pub mod images;
pub mod plot;

pub use plotters::style::{BLACK, RGBColor};
