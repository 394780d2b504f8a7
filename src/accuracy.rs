//! Recognition accuracy (book 4.5.3): the share of rows whose largest score is the answer.
//!
//! Accuracy is what we report, not what we train on: it changes in jumps as parameters move, so
//! its derivative is 0 almost everywhere (book 4.2.5) — hence the loss functions.

use crate::Float;
use crate::loss::Target;
use nalgebra::SMatrix;

/// The number of rows `n` whose largest score `y[n, k]` is at the target's class (NumPy's
/// `np.sum(np.argmax(y, axis=1) == t)`); ties go to the first maximum, as `argmax` does.
///
/// ```
/// use dldw::loss::Labels;
/// use nalgebra::Matrix2x3;
/// let y = Matrix2x3::new(0.1, 0.8, 0.1, 0.6, 0.3, 0.1);
/// assert_eq!(dldw::accuracy::correct(&y, &Labels::<2, 3>::new([1, 2]).unwrap()), 1);
/// ```
pub fn correct<T: Float, const N: usize, const C: usize>(
    y: &SMatrix<T, N, C>,
    t: &impl Target<T, N, C>,
) -> usize {
    (0..N).filter(|&n| argmax(y, n) == t.class(n)).count()
}

/// [`correct`] divided by the batch size `N`.
///
/// ```
/// use dldw::loss::Labels;
/// use nalgebra::Matrix2x3;
/// let y = Matrix2x3::new(0.1, 0.8, 0.1, 0.6, 0.3, 0.1);
/// assert_eq!(dldw::accuracy::accuracy(&y, &Labels::<2, 3>::new([1, 0]).unwrap()), 1.0);
/// ```
pub fn accuracy<T: Float, const N: usize, const C: usize>(
    y: &SMatrix<T, N, C>,
    t: &impl Target<T, N, C>,
) -> f64 {
    correct(y, t) as f64 / N as f64
}

/// The column of the largest score in row `n` (the first one on ties).
///
/// ```
/// let y = nalgebra::Matrix1x3::new(0.2_f32, 0.7, 0.7);
/// assert_eq!(dldw::accuracy::argmax(&y, 0), 1);
/// ```
pub fn argmax<T: Float, const N: usize, const C: usize>(y: &SMatrix<T, N, C>, n: usize) -> usize {
    let mut best = 0;
    for k in 1..C {
        if y[(n, k)] > y[(n, best)] {
            best = k;
        }
    }
    best
}
