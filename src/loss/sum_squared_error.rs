//! Sum of squared errors (book 4.2.1): E = ½ Σₖ (yₖ − tₖ)².

use super::{Loss, Target};
use crate::Float;
use nalgebra::SMatrix;

/// Sum of squared errors, E = ½ Σₖ (yₖ − tₖ)², averaged over the rows of a batch.
///
/// The book's example: the network says 0.6 for class 2 and the answer is 2.
///
/// ```
/// use dldw::loss::{Labels, Loss, SumSquaredError};
/// use nalgebra::RowSVector;
/// let y = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
/// let e = SumSquaredError.loss(&y, &Labels::<1, 10>::new([2]).unwrap());
/// assert!((e - 0.0975).abs() < 1e-15); // the book prints 0.097500000000000031
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SumSquaredError;

impl Loss for SumSquaredError {
    fn loss<T: Float, const N: usize, const C: usize>(
        &self,
        y: &SMatrix<T, N, C>,
        t: &impl Target<T, N, C>,
    ) -> T {
        let mut total = T::zero();
        for n in 0..N {
            for k in 0..C {
                let e = y[(n, k)] - t.value(n, k);
                total += e * e;
            }
        }
        total * T::lit(0.5) / T::lit(N as f64)
    }
}
