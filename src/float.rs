//! The one numeric bound of the crate.
//!
//! Every generic item in dldw is generic over `T: Float`, and only `f32` and `f64` implement it.
//! Keeping all bounds in one trait keeps signatures short: `fn loss<T: Float>(..)` instead of
//! a list of `nalgebra`, `num-traits` and `bytemuck` bounds.

use nalgebra::RealField;
use num_traits::{FromPrimitive, ToPrimitive};

/// A floating-point scalar dldw computes with: `f32` or `f64`.
///
/// The trait is sealed: no other type can implement it, because the matrix kernels
/// (`matmul`) dispatch on exactly these two.
///
/// It carries nalgebra's [`RealField`] (arithmetic, `exp`, `ln`, `max`, …), conversions from and
/// to `f64` (`num-traits`), and `bytemuck::Pod` so that matrices can live in heap buffers
/// without copies. It deliberately does *not* also carry `num_traits::Float`: both traits name
/// methods such as `exp`, and the calls would become ambiguous.
///
/// ```
/// use dldw::Float;
/// fn half<T: Float>(x: T) -> T { x * T::lit(0.5) }
/// assert_eq!(half(3.0_f32), 1.5);
/// assert_eq!(half(3.0_f64), 1.5);
/// ```
pub trait Float:
    sealed::Sealed
    + RealField
    + Copy
    + bytemuck::Pod
    + FromPrimitive
    + ToPrimitive
    + std::iter::Sum
    + std::fmt::Display
    + std::fmt::LowerExp
    + Send
    + Sync
    + 'static
{
    /// The dtype name of this scalar in the safetensors format: `"F32"` or `"F64"`.
    ///
    /// ```
    /// use dldw::Float;
    /// assert_eq!(<f32 as Float>::DTYPE, "F32");
    /// ```
    const DTYPE: &'static str;

    /// Converts an `f64` literal such as `1e-7` to this type (rounding to nearest for `f32`).
    ///
    /// ```
    /// use dldw::Float;
    /// assert_eq!(f32::lit(0.25), 0.25_f32);
    /// ```
    fn lit(x: f64) -> Self {
        nalgebra::convert(x)
    }

    /// Converts this value to `f64` exactly (both `f32` and `f64` fit).
    ///
    /// ```
    /// use dldw::Float;
    /// assert_eq!(0.5_f32.as_f64(), 0.5);
    /// ```
    fn as_f64(self) -> f64 {
        self.to_f64().unwrap_or(f64::NAN)
    }
}

impl Float for f32 {
    const DTYPE: &'static str = "F32";
}

impl Float for f64 {
    const DTYPE: &'static str = "F64";
}

/// Keeps [`Float`] to the two types the kernels know.
mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}
