//! Dropout (book 6.4.3): in training, drop each unit at random; at test time, keep them all.

use super::{Activation, Layer, Takes};
use crate::Float;
use crate::buffer::Buffer;
use crate::error::{HyperParamError, check_fraction};
use nalgebra::SMatrix;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

/// Dropout with the book's convention (non-inverted): in training each unit is kept with
/// probability 1 − `ratio` and passed on unchanged, or set to 0; at test time every unit is
/// kept and multiplied by 1 − `ratio`, the share that was kept in training, so that a unit's
/// output at test time is its expected output in training.
///
/// | mode | call | y |
/// |---|---|---|
/// | training | [`Layer::forward`] | x ∘ mask, mask drawn fresh: 1 where u > ratio, u ~ U[0, 1) |
/// | test | [`Layer::predict`] | x · (1 − ratio) |
///
/// The book's `np.random.rand(*x.shape) > self.dropout_ratio` is the mask; the draws come
/// from the layer's own generator, seeded from the run's [`Rng`] when the layer is made, so
/// a run is the same from one time to the next and clones of the layer draw the same masks.
/// (Inverted dropout, which divides by 1 − ratio in training and does nothing at test time,
/// gives the same outputs up to that constant factor on every unit; the book's form is kept
/// so that its numbers can be compared.)
///
/// ```
/// use dldw::layers::{Dropout, Layer};
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut drop = Dropout::<f64>::new(0.5, &mut rng).unwrap();
/// let x = SMatrix::<f64, 4, 25>::repeat(2.0);
/// let y = *drop.forward(&x); // training: each 2.0 kept or dropped
/// assert!(y.iter().all(|&v| v == 0.0 || v == 2.0));
/// let kept = y.iter().filter(|&&v| v == 2.0).count();
/// assert!((30..70).contains(&kept), "about half of 100 kept, got {kept}");
/// assert_eq!(*drop.predict(&x), SMatrix::<f64, 4, 25>::repeat(1.0)); // test: 2.0 × (1 − 0.5)
/// ```
#[derive(Clone, Debug)]
pub struct Dropout<T: Float = f32> {
    ratio: f64,
    /// Xoshiro256++: fast, cloneable, and fixed by name (StdRng's algorithm may change).
    rng: Xoshiro256PlusPlus,
    /// Keep the mask from one training forward to the next (for the gradient check).
    hold: bool,
    /// The number of elements of the mask last drawn (0: none yet).
    drawn: usize,
    mask: Buffer<T>,
    out: Buffer<T>,
    dx: Buffer<T>,
}

impl<T: Float> Dropout<T> {
    /// Drops each unit with probability `ratio` in training (the book's `dropout_ratio`, 0.5
    /// by default there, 0.2 in its over-fitting experiment), with masks drawn from a
    /// generator seeded from `rng`.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// assert!(dldw::layers::Dropout::<f32>::new(0.2, &mut rng).is_ok());
    /// let err = dldw::layers::Dropout::<f32>::new(1.0, &mut rng).unwrap_err();
    /// assert!(err.to_string().contains("the dropout ratio"), "{err}");
    /// ```
    ///
    /// # Errors
    /// [`HyperParamError::OutOfRange`] unless 0 ≤ `ratio` < 1 (a ratio of 1 would drop every
    /// unit).
    pub fn new(ratio: f64, rng: &mut impl Rng) -> Result<Self, HyperParamError> {
        let ratio = check_fraction("the dropout ratio", "in [0, 1): the book uses 0.15 to 0.5", ratio)?;
        Ok(Dropout {
            ratio,
            rng: Xoshiro256PlusPlus::from_rng(rng),
            hold: false,
            drawn: 0,
            mask: Buffer::new(),
            out: Buffer::new(),
            dx: Buffer::new(),
        })
    }

    /// The share of units dropped in training.
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// assert_eq!(dldw::layers::Dropout::<f32>::new(0.2, &mut rng).unwrap().ratio(), 0.2);
    /// ```
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// Holds the mask: from now on a training `forward` reuses the mask it drew last (or draws
    /// one, if it has none of the batch's shape, and keeps it), so that the layer is one fixed
    /// function of its input — what a gradient check needs, since it runs `forward` once per
    /// perturbed element. [`Dropout::release_mask`] goes back to a fresh mask per `forward`.
    ///
    /// ```
    /// use dldw::layers::{Dropout, Layer};
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let mut drop = Dropout::<f64>::new(0.5, &mut rng).unwrap();
    /// let x = nalgebra::SMatrix::<f64, 3, 8>::repeat(1.0);
    /// drop.hold_mask();
    /// let first = *drop.forward(&x);
    /// assert_eq!(*drop.forward(&x), first);
    /// assert_eq!(*drop.mask::<3, 8>(), first); // x is all ones: y is the mask
    /// drop.release_mask();
    /// assert_ne!(*drop.forward(&x), first); // 24 fair coins: equal with odds 2⁻²⁴
    /// ```
    pub fn hold_mask(&mut self) {
        self.hold = true;
    }

    /// Draws a fresh mask at every training `forward` again (the default).
    ///
    /// ```
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut drop = dldw::layers::Dropout::<f32>::new(0.5, &mut rng).unwrap();
    /// drop.hold_mask();
    /// drop.release_mask();
    /// ```
    pub fn release_mask(&mut self) {
        self.hold = false;
    }

    /// The mask of the last training `forward`, 1 for a kept unit and 0 for a dropped one.
    ///
    /// ```
    /// use dldw::layers::{Dropout, Layer};
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut drop = Dropout::<f64>::new(0.3, &mut rng).unwrap();
    /// let x = nalgebra::Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    /// let y = *drop.forward(&x);
    /// assert_eq!(y, x.component_mul(drop.mask::<2, 3>()));
    /// ```
    ///
    /// # Panics
    /// If no training `forward` has run on a batch of this shape.
    pub fn mask<const N: usize, const D: usize>(&self) -> &SMatrix<T, N, D> {
        self.mask.get::<N, D>()
    }
}

impl<T: Float, const N: usize, const D: usize> Layer<SMatrix<T, N, D>> for Dropout<T> {
    type Output = SMatrix<T, N, D>;

    /// Training: y = x ∘ mask, with a fresh mask unless it is held.
    fn forward(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let mask = self.mask.get_mut::<N, D>();
        if !(self.hold && self.drawn == N * D) {
            let (ratio, rng) = (self.ratio, &mut self.rng);
            // Column-major, as nalgebra stores the batch; the book's mask is drawn row-major.
            mask.iter_mut().for_each(|m| *m = if rng.random::<f64>() > ratio { T::one() } else { T::zero() });
            self.drawn = N * D;
        }
        let out = self.out.get_mut::<N, D>();
        out.zip_zip_apply(x, mask, |o, xi, m| *o = xi * m);
        out
    }

    /// dx = dout ∘ mask: a dropped unit passes nothing back, a kept one passes dout on.
    fn backward(&mut self, dout: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let mask = self.mask.get::<N, D>();
        let dx = self.dx.get_mut::<N, D>();
        dx.zip_zip_apply(dout, mask, |d, g, m| *d = g * m);
        dx
    }

    /// Test: y = x · (1 − ratio), every unit kept and scaled by the share kept in training.
    fn predict(&mut self, x: &SMatrix<T, N, D>) -> &SMatrix<T, N, D> {
        let keep = T::lit(1.0 - self.ratio);
        let out = self.out.get_mut::<N, D>();
        out.zip_apply(x, |o, xi| *o = xi * keep);
        out
    }
}

/// Dropout is an activation: it takes any width in its float type and gives the same width
/// ([`shape`](super::shape)).
impl<T: Float> Activation for Dropout<T> {
    type Float = T;
}

impl<T: Float, W> Takes<T, W> for Dropout<T> {
    type Gives = W;
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix2x3;
    use rand::rngs::StdRng;

    fn dropout(ratio: f64) -> Dropout<f64> {
        Dropout::new(ratio, &mut StdRng::seed_from_u64(42)).unwrap()
    }

    #[test]
    fn backward_passes_dout_where_the_mask_kept_the_unit() {
        let mut d = dropout(0.5);
        let x = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        let y = *d.forward(&x);
        let mask = *d.mask::<2, 3>();
        assert!(mask.iter().all(|&m| m == 0.0 || m == 1.0));
        let dout = Matrix2x3::new(10.0, 20.0, 30.0, 40.0, 50.0, 60.0);
        let dx = *d.backward(&dout);
        // Kept units: y = x and dx = dout; dropped ones: both 0.
        for k in 0..6 {
            assert_eq!((y[k], dx[k]), if mask[k] == 1.0 { (x[k], dout[k]) } else { (0.0, 0.0) });
        }
    }

    #[test]
    fn the_share_kept_is_one_minus_the_ratio_and_test_scales_by_it() {
        let mut d = dropout(0.2);
        let x = crate::zeros_boxed::<f64, 100, 100>().add_scalar(1.0);
        // 10 000 units kept with p = 0.8: mean 8000, standard deviation 40; ±200 is 5σ.
        let kept = d.forward(&x).sum();
        assert!((7800.0..8200.0).contains(&kept), "{kept}");
        // Test mode: 1 × (1 − 0.2) everywhere, the expected value of the training output.
        assert!(d.predict(&x).iter().all(|&v| v == 0.8));
    }

    #[test]
    fn a_ratio_of_zero_keeps_everything_and_clones_draw_the_same_masks() {
        let x = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assert_eq!(*dropout(0.0).forward(&x), x);
        let mut a = dropout(0.5);
        let mut b = a.clone();
        assert_eq!(*a.forward(&x), *b.forward(&x));
    }

    #[test]
    fn bad_ratios_are_refused() {
        let mut rng = StdRng::seed_from_u64(0);
        for r in [-0.1, 1.0, f64::NAN] {
            assert!(Dropout::<f32>::new(r, &mut rng).is_err(), "{r}");
        }
    }
}
