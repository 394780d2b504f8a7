//! Softmax (book 3.5), row by row, safe from overflow.

use crate::Float;
use nalgebra::SMatrix;

/// Softmax of each row: yₖ = exp(aₖ − c) / Σᵢ exp(aᵢ − c), with c the row's maximum.
///
/// Subtracting c changes nothing mathematically (book 3.5.2) but keeps every exp ≤ 1, so the
/// book's `[1010, 1000, 990]` gives finite probabilities that sum to 1.
///
/// ```
/// use dldw::activation::softmax;
/// use nalgebra::RowSVector;
/// let y = softmax(&RowSVector::<f64, 3>::new(1010.0, 1000.0, 990.0));
/// assert!((y.sum() - 1.0).abs() < 1e-15);
/// assert!((y[0] - 9.99954600e-01).abs() < 1e-9); // the book prints 9.99954600e-01
/// ```
pub fn softmax<T: Float, const N: usize, const C: usize>(a: &SMatrix<T, N, C>) -> SMatrix<T, N, C> {
    let mut y = SMatrix::zeros();
    softmax_rows(a, &mut y);
    y
}

/// Writes the row-wise softmax of `a` into `y` (for large batches, where `y` lives on the heap).
///
/// ```
/// use dldw::activation::softmax_rows;
/// use nalgebra::Matrix2;
/// let mut y = Matrix2::zeros();
/// softmax_rows(&Matrix2::new(0.0, 0.0, 1e4, -1e4), &mut y);
/// assert_eq!(y, Matrix2::new(0.5, 0.5, 1.0, 0.0));
/// ```
pub fn softmax_rows<T: Float, const N: usize, const C: usize>(
    a: &SMatrix<T, N, C>,
    y: &mut SMatrix<T, N, C>,
) {
    for n in 0..N {
        let c = a.row(n).max();
        let mut sum = T::zero();
        for k in 0..C {
            let e = (a[(n, k)] - c).exp();
            y[(n, k)] = e;
            sum += e;
        }
        for k in 0..C {
            y[(n, k)] /= sum;
        }
    }
}
