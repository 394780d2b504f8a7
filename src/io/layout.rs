//! How one parameter is laid out in a safetensors file: its dtype, its shape, and its values
//! in row-major order as little-endian bytes, the layout NumPy and PyTorch read.
//!
//! nalgebra stores a matrix column by column, so writing and reading transpose the order.

use crate::Float;
use safetensors::Dtype;

/// The safetensors dtype of `T`.
///
/// # Panics
/// If `T::DTYPE` is neither `"F32"` nor `"F64"`, which cannot happen for `f32` and `f64`,
/// the only types the crate implements [`Float`] for.
pub(crate) fn dtype_of<T: Float>() -> Dtype {
    [Dtype::F32, Dtype::F64]
        .into_iter()
        .find(|d| d.to_string() == T::DTYPE)
        .unwrap_or_else(|| panic!("dldw saves only F32 and F64 tensors, but a Float type says {}", T::DTYPE))
}

/// The shape in the file of a `rows × cols` parameter: its 4-D `dims` if it has them (a
/// convolution's `(FN, C, FH, FW)`, whose row-major values are the `FN × (C·FH·FW)` matrix's),
/// `[cols]` for a single row (a bias, as the book's `np.zeros(O)`), `[rows, cols]` otherwise.
pub(crate) fn file_shape(rows: usize, cols: usize, dims: Option<[usize; 4]>) -> Vec<usize> {
    match dims {
        Some(dims) => dims.to_vec(),
        None if rows == 1 => vec![cols],
        None => vec![rows, cols],
    }
}

/// Appends `value`, a column-major `rows × cols` matrix, to `out` row by row, each element
/// as little-endian bytes.
pub(crate) fn push_row_major<T: Float>(value: &[T], rows: usize, cols: usize, out: &mut Vec<u8>) {
    out.reserve(size_of_val(value));
    for i in 0..rows {
        for x in value.iter().skip(i).step_by(rows.max(1)).take(cols) {
            let bytes = bytemuck::bytes_of(x);
            if cfg!(target_endian = "little") {
                out.extend_from_slice(bytes);
            } else {
                out.extend(bytes.iter().rev());
            }
        }
    }
}

/// Fills `value`, a column-major `rows × cols` matrix, from `bytes` holding it row by row in
/// little-endian order. The caller has checked that the sizes agree; were they not to, the
/// elements without a counterpart would be left as they are.
pub(crate) fn read_row_major<T: Float>(bytes: &[u8], rows: usize, cols: usize, value: &mut [T]) {
    for (k, x) in elements::<T>(bytes).enumerate() {
        let (i, j) = (k / cols.max(1), k % cols.max(1));
        if let Some(slot) = value.get_mut(i + j * rows) {
            *slot = x;
        }
    }
}

/// The first element of `bytes` (little-endian `T`s) that is NaN or infinite, as its position
/// and value.
pub(crate) fn first_non_finite<T: Float>(bytes: &[u8]) -> Option<(usize, f64)> {
    elements::<T>(bytes).map(|x| x.as_f64()).enumerate().find(|(_, x)| !x.is_finite())
}

/// The little-endian `T`s of `bytes`, in order (a trailing partial element is ignored).
fn elements<T: Float>(bytes: &[u8]) -> impl Iterator<Item = T> + '_ {
    bytes.chunks_exact(size_of::<T>()).map(|chunk| {
        let mut x = T::zeroed();
        let dst = bytemuck::bytes_of_mut(&mut x);
        dst.copy_from_slice(chunk);
        if cfg!(target_endian = "big") {
            dst.reverse();
        }
        x
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix2x3;

    #[test]
    fn a_matrix_is_written_row_by_row_in_little_endian() {
        // nalgebra keeps [[1, 2, 3], [4, 5, 6]] as 1, 4, 2, 5, 3, 6; the file wants 1, 2, 3, 4, 5, 6.
        let w = Matrix2x3::new(1.0_f32, 2.0, 3.0, 4.0, 5.0, 6.0);
        assert_eq!(w.as_slice(), [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
        let mut out = Vec::new();
        push_row_major(w.as_slice(), 2, 3, &mut out);
        let expected: Vec<u8> =
            [1.0_f32, 2.0, 3.0, 4.0, 5.0, 6.0].iter().flat_map(|x| x.to_le_bytes()).collect();
        assert_eq!(out, expected);
        assert_eq!(&out[4..8], [0x00, 0x00, 0x00, 0x40]); // 2.0_f32 is 0x4000_0000, low byte first
    }

    #[test]
    fn reading_undoes_writing() {
        let w = Matrix2x3::new(1.5_f64, -2.0, 3.25, 4.0, -5.5, 6.0);
        let mut bytes = Vec::new();
        push_row_major(w.as_slice(), 2, 3, &mut bytes);
        let mut back = Matrix2x3::<f64>::zeros();
        read_row_major(&bytes, 2, 3, back.as_mut_slice());
        assert_eq!(back, w);
    }

    #[test]
    fn the_first_non_finite_element_is_found_by_position() {
        let bytes: Vec<u8> =
            [1.0_f32, f32::MAX, f32::INFINITY, f32::NAN].iter().flat_map(|x| x.to_le_bytes()).collect();
        assert_eq!(first_non_finite::<f32>(&bytes), Some((2, f64::INFINITY)));
        assert_eq!(first_non_finite::<f32>(&bytes[..8]), None);
        let nan = f64::NAN.to_le_bytes();
        assert!(matches!(first_non_finite::<f64>(&nan), Some((0, v)) if v.is_nan()));
    }

    #[test]
    fn a_single_row_is_stored_one_dimensional() {
        assert_eq!(file_shape(1, 50, None), [50]);
        assert_eq!(file_shape(784, 50, None), [784, 50]);
        assert_eq!(file_shape(30, 25, Some([30, 1, 5, 5])), [30, 1, 5, 5]);
        assert_eq!(dtype_of::<f32>(), Dtype::F32);
        assert_eq!(dtype_of::<f64>(), Dtype::F64);
    }
}
