//! Optimizers (book 4.4 and 6.1): how parameters move against their gradients.
//!
//! An optimizer reaches every parameter of any model through
//! [`Parameters::visit_params`](crate::params::Parameters), so it never needs to know the model.

use crate::Float;
use crate::params::Parameters;

mod sgd;

pub use sgd::Sgd;

/// Updates every parameter of a model from the gradients of its last backward pass.
///
/// ```
/// use dldw::optim::{Optimizer, Sgd};
/// use dldw::params::Parameters;
/// use dldw::layers::{Affine, Layer};
/// use dldw::init::Init;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut affine = Affine::<2, 1, f64>::new(Init::book(), &mut rng);
/// let x = nalgebra::RowSVector::<f64, 2>::new(1.0, 2.0);
/// affine.forward(&x);
/// affine.backward(&nalgebra::Matrix1::new(1.0)); // dW = xᵀ, db = 1
/// let w0 = *affine.W;
/// Sgd::new(0.1).unwrap().step(&mut affine);
/// assert!((affine.W[(1, 0)] - (w0[(1, 0)] - 0.2)).abs() < 1e-15);
/// assert!((affine.b[0] + 0.1).abs() < 1e-15);
/// ```
pub trait Optimizer<T: Float> {
    /// One update of every parameter of `model`.
    fn step(&mut self, model: &mut impl Parameters<T>);
}
