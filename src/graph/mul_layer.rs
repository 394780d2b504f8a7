//! The multiplication node (book 5.4.1).

use crate::Float;

/// A multiplication node: z = x·y. It remembers x and y, because each one's derivative is the
/// other.
///
/// The book's apple: 2 apples at 100 each, then 10% tax.
///
/// ```
/// use dldw::graph::MulLayer;
/// let mut mul_apple = MulLayer::new();
/// let mut mul_tax = MulLayer::new();
/// let price = mul_tax.forward(mul_apple.forward(100.0_f64, 2.0), 1.1);
/// assert!((price - 220.0).abs() < 1e-12); // f64 gives 220.00000000000003, as the book prints
/// let (d_apple_price, d_tax) = mul_tax.backward(1.0);
/// let (d_apple, d_apple_num) = mul_apple.backward(d_apple_price);
/// assert_eq!((d_apple, d_tax), (2.2, 200.0));
/// assert!((d_apple_num - 110.0).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MulLayer<T: Float> {
    inputs: Option<(T, T)>,
}

impl<T: Float> MulLayer<T> {
    /// A node that has not seen an input yet.
    ///
    /// ```
    /// let _node = dldw::graph::MulLayer::<f32>::new();
    /// ```
    pub fn new() -> Self {
        MulLayer { inputs: None }
    }

    /// z = x·y, remembering x and y for `backward`.
    ///
    /// ```
    /// assert_eq!(dldw::graph::MulLayer::new().forward(3.0_f32, 4.0), 12.0);
    /// ```
    pub fn forward(&mut self, x: T, y: T) -> T {
        self.inputs = Some((x, y));
        x * y
    }

    /// ∂z/∂x = y and ∂z/∂y = x, so (dx, dy) = (dout·y, dout·x): the inputs swap places.
    ///
    /// ```
    /// let mut node = dldw::graph::MulLayer::new();
    /// node.forward(3.0_f64, 4.0);
    /// assert_eq!(node.backward(2.0), (8.0, 6.0));
    /// ```
    ///
    /// # Panics
    ///
    /// If `forward` has not been called yet: there are no inputs to differentiate at.
    pub fn backward(&self, dout: T) -> (T, T) {
        let (x, y) = self.inputs.expect("MulLayer::backward was called before its forward");
        (dout * y, dout * x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "backward was called before its forward")]
    fn backward_before_forward_is_a_programming_error() {
        MulLayer::<f64>::new().backward(1.0);
    }
}
