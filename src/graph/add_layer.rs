//! The addition node (book 5.4.2).

use crate::Float;

/// An addition node: z = x + y. Its derivative is 1 for both inputs, so it needs to remember
/// nothing.
///
/// ```
/// use dldw::graph::AddLayer;
/// let add = AddLayer;
/// assert_eq!(add.forward(200.0_f64, 450.0), 650.0);
/// assert_eq!(add.backward(1.1), (1.1, 1.1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddLayer;

impl AddLayer {
    /// An addition node (the same as writing `AddLayer`; kept for the book's `AddLayer()`).
    ///
    /// ```
    /// assert_eq!(dldw::graph::AddLayer::new(), dldw::graph::AddLayer);
    /// ```
    pub const fn new() -> Self {
        AddLayer
    }

    /// z = x + y.
    ///
    /// ```
    /// assert_eq!(dldw::graph::AddLayer.forward(1.5_f32, 2.0), 3.5);
    /// ```
    pub fn forward<T: Float>(&self, x: T, y: T) -> T {
        x + y
    }

    /// ∂z/∂x = ∂z/∂y = 1, so (dx, dy) = (dout, dout): the derivative passes through unchanged.
    ///
    /// ```
    /// assert_eq!(dldw::graph::AddLayer.backward(0.5_f64), (0.5, 0.5));
    /// ```
    pub fn backward<T: Float>(&self, dout: T) -> (T, T) {
        (dout, dout)
    }
}
