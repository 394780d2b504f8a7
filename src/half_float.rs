//! 16-bit half precision (book 8.3.4, `ch08/half_float_network.py`): a trained network whose
//! weights and data are rounded to IEEE 754 binary16 classifies as well as in 64 bits.
//!
//! The book's script rounds every parameter and the test images to `float16`
//! (`param[...] = param.astype(np.float16)`, which keeps each value rounded in its float64
//! array) and computes on: the arithmetic stays in float64, where NumPy's `im2col` puts it.
//! [`round_params`] does the same to any model of the crate, and [`round`] to one value, so the
//! book's experiment runs on the crate's f32 or f64 layers: 16-bit *storage*, arithmetic in `T`.
//!
//! Why not compute in `half::f16` itself: every layer computes through [`Float`], which asks for
//! nalgebra's `RealField`; `half::f16` does not implement it, and the orphan rule keeps this
//! crate from implementing a foreign trait for a foreign type. A newtype around `f16` would have
//! to implement `RealField` and its dozen super-traits by converting to `f32` at every
//! operation, that is, f32 arithmetic on f16 storage, which is what rounding gives here
//! without a second float type in every kernel.
//!
//! The rounding is the [`half`](https://docs.rs/half) crate's (round to nearest, ties to even,
//! subnormals and infinities as IEEE 754 has them), behind the crate's `half` feature:
//! `cargo run --release --features half --example ch08_half_float`.
//!
//! ```
//! use dldw::half_float::round;
//! assert_eq!(round(0.1_f64), 0.0999755859375); // 0.1's nearest binary16
//! assert_eq!(round(1.0_f32 + 2f32.powi(-11)), 1.0); // a tie goes to the even neighbour
//! assert_eq!(round(70_000.0_f64), f64::INFINITY); // past f16's largest, 65 504
//! ```

use crate::Float;
use crate::params::{Name, Parameters};
use half::f16;

/// `x` rounded to the nearest IEEE 754 binary16 value (the book's `x.astype(np.float16)`),
/// kept in `T`. Both `f32` and `f64` hold every binary16 value exactly, so the result is the
/// f16 itself.
///
/// ```
/// use dldw::half_float::round;
/// assert_eq!(round(1.0_f64 / 3.0), 0.333251953125); // 11 significant bits
/// assert_eq!(round(1e-8_f32), 0.0); // below f16's smallest subnormal, 2⁻²⁴ ≈ 6e-8
/// ```
pub fn round<T: Float>(x: T) -> T {
    T::lit(f16::from_f64(x.as_f64()).to_f64())
}

/// Rounds every parameter of `model` to binary16 in place (the book's
/// `for param in network.params.values(): param[...] = param.astype(np.float16)`). The
/// model's state ([`Parameters::visit_state`], such as Batch Normalization's running
/// statistics) is left as it is, as the book's `params` do not hold it.
///
/// ```
/// use dldw::layers::Affine;
/// use nalgebra::{Matrix1x2, Matrix2};
/// let mut affine = Affine::<2, 2, f64>::from_weights(Box::new(Matrix2::new(0.1, 1.0, 2.0, 1e-9)), Matrix1x2::new(0.3, 0.0));
/// dldw::half_float::round_params(&mut affine);
/// assert_eq!(*affine.W, Matrix2::new(0.0999755859375, 1.0, 2.0, 0.0));
/// assert_eq!(affine.b[0], 0.300048828125);
/// ```
pub fn round_params<T: Float>(model: &mut impl Parameters<T>) {
    model.visit_params(&Name::Root, &mut |p| p.value.iter_mut().for_each(|v| *v = round(*v)));
}
