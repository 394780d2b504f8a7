//! A model summary (beyond the book): each layer's output shape and parameter count, and the
//! total, read from the types alone, before any weight is drawn or any batch given.
//!
//! ```
//! use dldw::SimpleConvNet;
//! let summary = SimpleConvNet::<f32>::summary();
//! assert_eq!(summary.shapes(), "1×28×28 → 30×24×24 → 30×12×12 → 100 → 10");
//! assert_eq!(summary.total(), 433_890);
//! print!("{summary}");
//! ```
//!
//! prints
//!
//! ```text
//! layer                                  output      parameters
//! input                                  1×28×28
//! Convolution 30 × 5×5, pad 0, stride 1  30×24×24           780
//! Relu                                   30×24×24             0
//! Pooling 2×2, stride 2                  30×12×12             0
//! Affine                                 100             432100
//! Relu                                   100                  0
//! Affine                                 10                1010
//! total                                                  433890
//! ```

use super::{
    Affine, AnyWidth, BatchNorm, Convolution, Dropout, Image, ImageShape, Model, Pooling, Relu, Sigmoid,
    Takes, Width,
};
use crate::Float;
use std::fmt;

/// A width as a summary prints it: `784` for [`Width<784>`], `30×24×24` for an [`Image`].
pub trait ShapeName {
    /// The printed form.
    ///
    /// ```
    /// use dldw::layers::{Image, ShapeName, Width};
    /// assert_eq!((Width::<784>::name(), Image::<30, 12, 12, 4320>::name()), ("784".to_string(), "30×12×12".to_string()));
    /// ```
    fn name() -> String;
}

impl<const W: usize> ShapeName for Width<W> {
    fn name() -> String {
        W.to_string()
    }
}

impl<const C: usize, const H: usize, const W: usize, const CHW: usize> ShapeName for Image<C, H, W, CHW> {
    fn name() -> String {
        format!("{C}×{H}×{W}")
    }
}

impl ShapeName for AnyWidth {
    fn name() -> String {
        "any".to_string()
    }
}

/// One layer of a [`Summary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The layer and its settings, e.g. `Affine` or `Pooling 2×2, stride 2`.
    pub layer: String,
    /// The shape it gives, e.g. `30×12×12` or `100`.
    pub output: String,
    /// Its number of parameters.
    pub params: usize,
}

/// A model's layers, the shape each gives and its parameters, from [`summary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The shape the model takes.
    pub input: String,
    /// One row per layer, in order.
    pub rows: Vec<Row>,
}

impl Summary {
    /// The number of parameters of the whole model.
    ///
    /// ```
    /// use dldw::layers::{Affine, Relu, summary};
    /// assert_eq!(summary::<(Affine<784, 50>, Relu, Affine<50, 10>)>().total(), 784 * 50 + 50 + 50 * 10 + 10);
    /// ```
    pub fn total(&self) -> usize {
        self.rows.iter().map(|r| r.params).sum()
    }

    /// The input and every shape that changes, joined by arrows (an activation keeps its
    /// input's shape and is left out).
    ///
    /// ```
    /// use dldw::layers::{Affine, Relu, summary};
    /// assert_eq!(summary::<(Affine<784, 50>, Relu, Affine<50, 10>)>().shapes(), "784 → 50 → 10");
    /// ```
    pub fn shapes(&self) -> String {
        let mut shapes = vec![self.input.as_str()];
        for row in &self.rows {
            if shapes.last() != Some(&row.output.as_str()) {
                shapes.push(&row.output);
            }
        }
        shapes.join(" → ")
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.rows.iter().map(|r| r.layer.chars().count()).max().unwrap_or(0).max(5);
        writeln!(f, "{:width$}  {:<10}  {:>10}", "layer", "output", "parameters")?;
        writeln!(f, "{:width$}  {}", "input", self.input)?;
        for r in &self.rows {
            writeln!(f, "{:width$}  {:<10}  {:>10}", r.layer, r.output, r.params)?;
        }
        writeln!(f, "{:width$}  {:<10}  {:>10}", "total", "", self.total())
    }
}

/// A layer, or a tuple of layers, that can say what it gives after a layer that gives `W` in
/// `T`, and how many parameters it has, from its type alone.
pub trait Summarize<T, W>: Takes<T, W> {
    /// Appends this layer's row (a tuple: each element's, in order).
    fn rows(rows: &mut Vec<Row>);
}

/// The summary of the layers `M`, from their types: the shape each gives after the one before
/// it, and its parameters.
///
/// ```
/// use dldw::layers::{Affine, Relu, flat_width, summary};
/// type Conv = dldw::Convolution![in: 1, 10, 10; filters: 10, 3, 3; pad: 0; stride: 1];
/// type Pool = dldw::Pooling![after: Conv; pool: 2, 2; stride: 2];
/// let s = summary::<(Conv, Relu, Pool, Affine<{ flat_width::<Pool>() }, 10>, Relu, Affine<10, 10>)>();
/// assert_eq!(s.shapes(), "1×10×10 → 10×8×8 → 10×4×4 → 10");
/// assert_eq!(s.rows[0].layer, "Convolution 10 × 3×3, pad 0, stride 1");
/// assert_eq!(s.rows[0].params, 10 * 9 + 10);
/// ```
pub fn summary<M: Model + Summarize<M::Float, M::Input>>() -> Summary
where
    M::Input: ShapeName,
{
    let mut rows = Vec::new();
    M::rows(&mut rows);
    Summary { input: M::Input::name(), rows }
}

/// The row of a layer `L` that gives `L::Gives` after `W`.
fn row<L: Takes<T, W>, T, W>(layer: String, params: usize, rows: &mut Vec<Row>)
where
    L::Gives: ShapeName,
{
    rows.push(Row { layer, output: L::Gives::name(), params });
}

impl<T: Float, W: ShapeName> Summarize<T, W> for Relu<T> {
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>("Relu".into(), 0, rows);
    }
}

impl<T: Float, W: ShapeName> Summarize<T, W> for Sigmoid<T> {
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>("Sigmoid".into(), 0, rows);
    }
}

impl<T: Float, W: ShapeName> Summarize<T, W> for Dropout<T> {
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>("Dropout".into(), 0, rows);
    }
}

impl<const I: usize, const O: usize, T: Float, W> Summarize<T, W> for Affine<I, O, T>
where
    Self: Takes<T, W, Gives = Width<O>>,
{
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>("Affine".into(), I * O + O, rows);
    }
}

impl<const D: usize, T: Float, W> Summarize<T, W> for BatchNorm<D, T>
where
    Self: Takes<T, W, Gives = Width<D>>,
{
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>("BatchNorm".into(), 2 * D, rows);
    }
}

impl<
    In: ImageShape,
    Out: ImageShape + ShapeName,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
    X,
> Summarize<T, X> for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
where
    Self: Takes<T, X, Gives = Out>,
{
    fn rows(rows: &mut Vec<Row>) {
        let layer = format!("Convolution {} × {FH}×{FW}, pad {PAD}, stride {STRIDE}", Out::C);
        row::<Self, T, X>(layer, Out::C * In::C * FH * FW + Out::C, rows);
    }
}

impl<In, Out: ShapeName, const PH: usize, const PW: usize, const STRIDE: usize, T: Float, W> Summarize<T, W>
    for Pooling<In, Out, PH, PW, STRIDE, T>
where
    Self: Takes<T, W, Gives = Out>,
{
    fn rows(rows: &mut Vec<Row>) {
        row::<Self, T, W>(format!("Pooling {PH}×{PW}, stride {STRIDE}"), 0, rows);
    }
}
