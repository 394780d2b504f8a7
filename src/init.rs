//! Initial weights (book 4.5.1 and 6.2): where gradient descent starts.

use crate::Float;
use crate::error::HyperParamError;
use nalgebra::SMatrix;
use rand::Rng;
use rand_distr::{Distribution, Normal};

/// How to draw a layer's initial weights from N(0, σ²); biases start at 0.
///
/// | choice | σ for a layer with `n` inputs | book |
/// |---|---|---|
/// | [`Init::std`]`(s)` | s (the book's `weight_init_std = 0.01`) | 4.5.1 |
/// | [`Init::xavier`] | 1/√n, for sigmoid and tanh | 6.2.2 |
/// | [`Init::he`] | √(2/n), for ReLU | 6.2.3 |
///
/// ```
/// use dldw::init::Init;
/// assert_eq!(Init::std(0.01).unwrap().sigma(784), 0.01);
/// assert_eq!(Init::xavier().sigma(100), 0.1);
/// assert!((Init::he().sigma(50) - 0.2).abs() < 1e-15);
/// assert!(Init::std(-1.0).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Init(Kind);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Std(f64),
    Xavier,
    He,
}

impl Init {
    /// A fixed standard deviation, checked to be finite and positive.
    ///
    /// ```
    /// assert!(dldw::init::Init::std(0.01).is_ok());
    /// assert!(dldw::init::Init::std(f64::NAN).is_err());
    /// ```
    pub fn std(sigma: f64) -> Result<Self, HyperParamError> {
        if sigma.is_finite() && sigma > 0.0 {
            Ok(Init(Kind::Std(sigma)))
        } else {
            Err(HyperParamError::OutOfRange {
                name: "the weight init standard deviation",
                expected: "a finite number greater than 0 (the book uses 0.01)",
                got: sigma,
            })
        }
    }

    /// The book's choice: σ = 0.01.
    ///
    /// ```
    /// assert_eq!(dldw::init::Init::book().sigma(784), 0.01);
    /// ```
    pub fn book() -> Self {
        Init(Kind::Std(0.01))
    }

    /// Xavier (Glorot) initialisation, σ = 1/√n.
    ///
    /// ```
    /// assert_eq!(dldw::init::Init::xavier().sigma(4), 0.5);
    /// ```
    pub fn xavier() -> Self {
        Init(Kind::Xavier)
    }

    /// He initialisation, σ = √(2/n).
    ///
    /// ```
    /// assert_eq!(dldw::init::Init::he().sigma(2), 1.0);
    /// ```
    pub fn he() -> Self {
        Init(Kind::He)
    }

    /// The standard deviation for a layer with `fan_in` inputs.
    ///
    /// ```
    /// assert_eq!(dldw::init::Init::he().sigma(8), 0.5);
    /// ```
    pub fn sigma(&self, fan_in: usize) -> f64 {
        let n = fan_in.max(1) as f64;
        match self.0 {
            Kind::Std(s) => s,
            Kind::Xavier => (1.0 / n).sqrt(),
            Kind::He => (2.0 / n).sqrt(),
        }
    }

    /// Fills `w` (an `I×O` weight matrix, so `I` inputs) with draws from N(0, σ²), row by row
    /// as NumPy's `randn(I, O)` fills its row-major array.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    /// let mut w = nalgebra::SMatrix::<f64, 100, 20>::zeros();
    /// dldw::init::Init::book().fill(&mut w, &mut rng);
    /// let std = (w.map(|v| v * v).sum() / 2000.0).sqrt();
    /// assert!((std - 0.01).abs() < 0.001);
    /// ```
    pub fn fill<T: Float, const I: usize, const O: usize>(
        &self,
        w: &mut SMatrix<T, I, O>,
        rng: &mut impl Rng,
    ) {
        self.fill_row_major(w.as_mut_slice(), [I, O], I, rng);
    }

    /// Fills `w`, a column-major `rows × cols` matrix, with draws from N(0, σ²) for `fan_in`
    /// inputs, row by row as NumPy's `randn` fills its row-major array (a convolution's
    /// `randn(FN, C, FH, FW)` is `FN` rows of `C·FH·FW`).
    pub(crate) fn fill_row_major<T: Float>(
        &self,
        w: &mut [T],
        [rows, cols]: [usize; 2],
        fan_in: usize,
        rng: &mut impl Rng,
    ) {
        // sigma() is finite and positive by construction, so Normal::new cannot fail;
        // the fallback only keeps this function total.
        let normal = Normal::new(0.0, self.sigma(fan_in)).unwrap_or_else(|_| Normal::new(0.0, 0.01).unwrap());
        for i in 0..rows {
            for j in 0..cols {
                w[i + j * rows] = T::lit(normal.sample(rng));
            }
        }
    }
}
