//! Loading a model's parameters from a safetensors file (the book's `load_params`), checking
//! that the file fits the model before changing anything.

use super::ModelIoError;
use super::layout::{dtype_of, file_shape, first_non_finite, read_row_major};
use crate::Float;
use crate::params::{Param, Parameters, visit_saved};
use safetensors::SafeTensors;
use safetensors::tensor::TensorView;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Loads every parameter of `model` from the safetensors file at `path`, as [`save`](super::save())
/// writes it.
///
/// A file longer than any file the model can load (the 8-byte header length, a header of at
/// most 100 MB, safetensors' cap, and the model's values) is refused from its length before
/// it is read, and the reading stops one byte past that limit, for a device or a growing file.
/// The whole file is then checked: every parameter of the model must be there under its
/// walk name, with `T`'s dtype and exactly the model's shape, and the file must hold nothing
/// else. If anything does not fit, the model is left unchanged and the error says what.
/// A file written by NumPy or PyTorch with the same names, dtype and shapes loads too.
///
/// ```
/// use dldw::io::{ModelIoError, load_into, save};
/// use dldw::layers::Affine;
/// use nalgebra::RowSVector;
/// let path = std::env::temp_dir().join(format!("dldw-doc-load-{}.safetensors", std::process::id()));
/// let small = Affine::<784, 50, f32>::from_weights(dldw::zeros_boxed(), RowSVector::zeros());
/// save(&small, &path)?;
///
/// let mut wider = Affine::<784, 100, f32>::from_weights(dldw::zeros_boxed(), RowSVector::zeros());
/// let err = load_into(&mut wider, &path).unwrap_err();
/// assert!(matches!(err, ModelIoError::ShapeMismatch { .. }));
/// assert_eq!(
///     err.to_string(),
///     "the file holds W as [784, 50] but this model's W is [784, 100]: \
///      was it saved from another architecture?"
/// );
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelIoError::Io`] if the file cannot be read, [`ModelIoError::TooLarge`] if it is longer
/// than any file for this model can be, [`ModelIoError::Format`] if it is not a
/// valid safetensors file, [`ModelIoError::MissingTensor`], [`DtypeMismatch`],
/// [`ShapeMismatch`] or [`UnexpectedTensor`] if it does not fit the model, and
/// [`NonFinite`] if it holds a NaN or an infinity.
///
/// [`DtypeMismatch`]: ModelIoError::DtypeMismatch
/// [`ShapeMismatch`]: ModelIoError::ShapeMismatch
/// [`UnexpectedTensor`]: ModelIoError::UnexpectedTensor
/// [`NonFinite`]: ModelIoError::NonFinite
pub fn load_into<T: Float>(
    model: &mut impl Parameters<T>,
    path: impl AsRef<Path>,
) -> Result<(), ModelIoError> {
    let path = path.as_ref();
    let read_error = |source| ModelIoError::Io { action: "read", path: path.to_path_buf(), source };
    let (elements, limit) = size_limit(model);
    let too_large =
        |size| ModelIoError::TooLarge { path: path.to_path_buf(), size, limit, elements, dtype: T::DTYPE };
    // The length is asked of the open file, not the path, so it is the length of what is read.
    let file = File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    // Only a regular file's length means anything: a device or a pipe reports 0, a directory
    // its entries (reading it fails below with the operating system's own error).
    if metadata.is_file() && metadata.len() > limit {
        return Err(too_large(Some(metadata.len())));
    }
    let expected = usize::try_from(metadata.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    // The check above cannot see a device (/dev/zero never ends) or a file growing meanwhile;
    // one byte past the limit is enough to know the file is too long.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None));
    }
    load(model, &bytes, Some(path))
}

/// The longest JSON header safetensors accepts (its `MAX_HEADER_SIZE`, which it does not
/// export): any file with a longer one is a format error, whatever the model.
const MAX_HEADER_LEN: u64 = 100_000_000;

/// How many numbers `model`'s parameters hold, and the most bytes a file it can load can have.
///
/// The values must fill the data exactly (safetensors refuses bytes past the last tensor,
/// [`load`] refuses tensors the model lacks), so only the header's length can vary, and it is
/// capped at [`MAX_HEADER_LEN`]: no valid file is refused, a file past the limit is never one.
fn size_limit<T: Float>(model: &mut impl Parameters<T>) -> (u64, u64) {
    let mut elements = 0_u64;
    visit_saved(model, &mut |p| {
        elements = elements.saturating_add((p.rows as u64).saturating_mul(p.cols as u64));
    });
    let data = elements.saturating_mul(size_of::<T>() as u64);
    (elements, data.saturating_add(8 + MAX_HEADER_LEN))
}

/// Loads every parameter of `model` from the bytes of a safetensors file, as [`load_into`]
/// does from a file (for a model held in memory, e.g. with `include_bytes!`): the bytes are
/// checked first, and if anything does not fit, the model is left unchanged.
///
/// ```
/// use dldw::io::{ModelIoError, load_from_bytes};
/// use dldw::layers::Affine;
/// use nalgebra::RowSVector;
/// let mut a = Affine::<2, 3, f32>::from_weights(dldw::zeros_boxed(), RowSVector::<f32, 3>::repeat(1.0));
/// let err = load_from_bytes(&mut a, b"not a model").unwrap_err();
/// assert!(matches!(err, ModelIoError::Format { path: None, .. }));
/// assert!(err.to_string().starts_with("the bytes are not a valid safetensors file"));
/// assert_eq!(a.b, RowSVector::<f32, 3>::repeat(1.0)); // unchanged
/// ```
///
/// # Errors
/// As [`load_into`], except [`ModelIoError::Io`]: there is no file to read.
pub fn load_from_bytes<T: Float>(model: &mut impl Parameters<T>, bytes: &[u8]) -> Result<(), ModelIoError> {
    load(model, bytes, None)
}

/// Checks `bytes` against `model`, then copies them in; `path` names the file in errors.
fn load<T: Float>(
    model: &mut impl Parameters<T>,
    bytes: &[u8],
    path: Option<&Path>,
) -> Result<(), ModelIoError> {
    let file = SafeTensors::deserialize(bytes)
        .map_err(|source| ModelIoError::Format { path: path.map(Path::to_path_buf), source })?;

    // First pass: check, changing nothing.
    let mut expected = Vec::new();
    let mut problem = None;
    visit_saved(model, &mut |p| {
        let name = p.name.to_string();
        if problem.is_none() {
            problem = fitting_tensor::<T>(&file, &name, &p).err();
        }
        expected.push(name);
    });
    if let Some(err) = problem {
        return Err(err);
    }
    let mut extra: Vec<&str> =
        file.names().into_iter().filter(|n| !expected.iter().any(|e| e == n)).collect();
    extra.sort_unstable(); // the file's order is a hash map's: report the same name every time
    if let Some(name) = extra.first() {
        return Err(ModelIoError::UnexpectedTensor { name: name.to_string() });
    }

    // Second pass: copy. Every tensor fits, so fitting_tensor succeeds again.
    visit_saved(model, &mut |p| {
        if let Ok(view) = fitting_tensor::<T>(&file, &p.name.to_string(), &p) {
            read_row_major(view.data(), p.rows, p.cols, p.value);
        }
    });
    Ok(())
}

/// The tensor `name` of `file` if it has `T`'s dtype and the file shape of a `rows × cols`
/// parameter.
fn fitting_tensor<'a, T: Float>(
    file: &SafeTensors<'a>,
    name: &str,
    p: &Param<'_, T>,
) -> Result<TensorView<'a>, ModelIoError> {
    let view = file.tensor(name).map_err(|_| ModelIoError::MissingTensor { name: name.to_string() })?;
    if view.dtype() != dtype_of::<T>() {
        return Err(ModelIoError::DtypeMismatch {
            name: name.to_string(),
            expected: T::DTYPE,
            found: view.dtype().to_string(),
        });
    }
    let shape = file_shape(p.rows, p.cols, p.dims);
    if view.shape() != shape {
        return Err(ModelIoError::ShapeMismatch {
            name: name.to_string(),
            expected: shape,
            found: view.shape().to_vec(),
        });
    }
    if let Some((index, value)) = first_non_finite::<T>(view.data()) {
        return Err(ModelIoError::NonFinite { name: name.to_string(), index, value });
    }
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::save;
    use crate::io::testing::{TwoLayer, scratch_dir};
    use crate::layers::Affine;
    use crate::params::{Name, Param};
    use nalgebra::{Matrix2x3, RowSVector};
    use std::fs;

    fn affine<T: crate::Float>(scale: f64) -> Affine<2, 3, T> {
        let w = Matrix2x3::from_fn(|i, j| T::lit(scale * (1.0 + i as f64 * 3.0 + j as f64)));
        Affine::from_weights(Box::new(w), RowSVector::from_fn(|_, j| T::lit(-scale * j as f64)))
    }

    #[test]
    fn an_affine_round_trips_in_f32_and_f64() {
        let dir = scratch_dir("load-affine");
        let a32 = affine::<f32>(0.1);
        save(&a32, dir.join("a32")).unwrap();
        let mut b32 = affine::<f32>(0.0);
        load_into(&mut b32, dir.join("a32")).unwrap();
        assert_eq!((&b32.W, &b32.b), (&a32.W, &a32.b));
        assert_eq!(b32.W[(1, 2)], 0.6); // 0.1·(1 + 3 + 2), bit-exact through the file

        let a64 = affine::<f64>(1.0 / 3.0);
        save(&a64, dir.join("a64")).unwrap();
        let mut b64 = affine::<f64>(0.0);
        load_into(&mut b64, dir.join("a64")).unwrap();
        assert_eq!((&b64.W, &b64.b), (&a64.W, &a64.b));
    }

    #[test]
    fn a_two_layer_model_round_trips_in_f32_and_f64() {
        let dir = scratch_dir("load-two");
        let mut saved = TwoLayer::<f32>::counting(0.5);
        save(&saved, dir.join("m32")).unwrap();
        let mut loaded = TwoLayer::<f32>::counting(100.0);
        load_into(&mut loaded, dir.join("m32")).unwrap();
        assert_eq!(loaded.values(), saved.values());
        assert_eq!(loaded.values()[0][..3], [0.5, 1.5, 2.5]);

        let mut saved = TwoLayer::<f64>::counting(-0.25);
        save(&saved, dir.join("m64")).unwrap();
        let mut loaded = TwoLayer::<f64>::counting(7.0);
        load_into(&mut loaded, dir.join("m64")).unwrap();
        assert_eq!(loaded.values(), saved.values());
    }

    #[test]
    fn a_file_written_elsewhere_row_major_loads_as_the_same_matrix() {
        // What NumPy's np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float64) and np.array([7, 8, 9])
        // saved by safetensors.numpy.save_file hold: row-major little-endian bytes, no metadata.
        let le = |xs: &[f64]| xs.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let (w, b) = (le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), le(&[7.0, 8.0, 9.0]));
        let tensors = [
            ("W", TensorView::new(safetensors::Dtype::F64, vec![2, 3], &w).unwrap()),
            ("b", TensorView::new(safetensors::Dtype::F64, vec![3], &b).unwrap()),
        ];
        let dir = scratch_dir("load-foreign");
        fs::write(dir.join("np"), safetensors::serialize(tensors, None).unwrap()).unwrap();
        let mut a = affine::<f64>(0.0);
        load_into(&mut a, dir.join("np")).unwrap();
        assert_eq!(*a.W, Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
        assert_eq!(a.b, RowSVector::<f64, 3>::new(7.0, 8.0, 9.0));
    }

    #[test]
    fn a_wrong_shape_is_refused_and_the_model_is_left_unchanged() {
        let dir = scratch_dir("load-shape");
        save(&affine::<f32>(1.0), dir.join("m")).unwrap();
        let mut other = Affine::<3, 3, f32>::from_weights(crate::zeros_boxed(), RowSVector::repeat(5.0));
        match load_into(&mut other, dir.join("m")).unwrap_err() {
            ModelIoError::ShapeMismatch { name, expected, found } => {
                assert_eq!((name.as_str(), expected, found), ("W", vec![3, 3], vec![2, 3]));
            }
            other => panic!("expected a shape mismatch, got {other:?}"),
        }
        assert_eq!((other.W.sum(), other.b.sum()), (0.0, 15.0));
    }

    #[test]
    fn a_wrong_dtype_is_refused() {
        let dir = scratch_dir("load-dtype");
        save(&affine::<f64>(1.0), dir.join("m")).unwrap();
        let err = load_into(&mut affine::<f32>(0.0), dir.join("m")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file holds W as F64 but this model's W is F32: load it into a model of the file's \
             float type (f32 for F32, f64 for F64)"
        );
        assert!(matches!(err, ModelIoError::DtypeMismatch { expected: "F32", .. }));
    }

    #[test]
    fn a_missing_tensor_and_an_extra_tensor_are_named() {
        let dir = scratch_dir("load-names");
        save(&affine::<f64>(1.0), dir.join("affine")).unwrap();
        save(&TwoLayer::<f64>::counting(0.0), dir.join("two")).unwrap();
        // The two-layer model looks for W1, which an Affine's file does not have.
        let err = load_into(&mut TwoLayer::<f64>::counting(0.0), dir.join("affine")).unwrap_err();
        assert!(matches!(&err, ModelIoError::MissingTensor { name } if name == "W1"), "{err:?}");
        // A model with only W1 and b1 would silently drop W2 and b2.
        let mut first_only = FirstLayer(TwoLayer::<f64>::counting(0.0));
        let err = load_into(&mut first_only, dir.join("two")).unwrap_err();
        assert!(matches!(&err, ModelIoError::UnexpectedTensor { name } if name == "W2"), "{err:?}");
    }

    #[test]
    fn malformed_files_are_format_errors_not_panics() {
        let dir = scratch_dir("load-malformed");
        let good_path = dir.join("good");
        save(&affine::<f32>(1.0), &good_path).unwrap();
        let good = fs::read(&good_path).unwrap();
        let header_len = u64::from_le_bytes(good[..8].try_into().unwrap());
        let mut huge_header = good.clone();
        huge_header[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        let mut bad_json = good.clone();
        bad_json[8] = b'[';
        let cases: [(&str, Vec<u8>); 5] = [
            ("empty", vec![]),
            ("truncated", good[..good.len() - 1].to_vec()),
            ("header cut", good[..8 + header_len as usize / 2].to_vec()),
            ("huge header length", huge_header),
            ("not json", bad_json),
        ];
        for (what, bytes) in cases {
            let path = dir.join(what);
            fs::write(&path, bytes).unwrap();
            let err = load_into(&mut affine::<f32>(0.0), &path).unwrap_err();
            assert!(matches!(err, ModelIoError::Format { .. }), "{what}: {err:?}");
            assert!(err.to_string().contains("is not a valid safetensors file"), "{what}: {err}");
        }
    }

    #[test]
    fn a_nan_or_an_infinity_in_the_file_is_refused_and_the_model_is_left_unchanged() {
        let dir = scratch_dir("load-nonfinite");
        for (bad, is) in [(f32::NAN, "NaN"), (f32::NEG_INFINITY, "-inf")] {
            let mut saved = affine::<f32>(1.0);
            saved.W[(1, 0)] = bad; // row-major position 1·3 + 0 = 3
            save(&saved, dir.join("m")).unwrap();
            let mut model = affine::<f32>(2.0);
            let err = load_into(&mut model, dir.join("m")).unwrap_err();
            assert!(matches!(&err, ModelIoError::NonFinite { name, index: 3, .. } if name == "W"), "{err:?}");
            assert!(err.to_string().starts_with(&format!("the file holds {is} as element 3 of W")), "{err}");
            assert_eq!((&model.W, &model.b), (&affine::<f32>(2.0).W, &affine::<f32>(2.0).b));
        }
    }

    #[test]
    fn the_header_cap_is_the_one_safetensors_enforces() {
        // A header length of exactly the cap passes safetensors' length check (then the
        // 8-byte buffer is too short for it); one more is refused as too large.
        let at_cap = SafeTensors::deserialize(&MAX_HEADER_LEN.to_le_bytes()).err();
        assert!(matches!(at_cap, Some(safetensors::SafeTensorError::InvalidHeaderLength)), "{at_cap:?}");
        let past_cap = SafeTensors::deserialize(&(MAX_HEADER_LEN + 1).to_le_bytes()).err();
        assert!(matches!(past_cap, Some(safetensors::SafeTensorError::HeaderTooLarge)), "{past_cap:?}");
    }

    #[test]
    fn the_size_limit_counts_every_element_at_the_dtype_s_width() {
        // 3·4 + 4 + 4·2 + 2 = 26 elements.
        assert_eq!(size_limit(&mut TwoLayer::<f32>::counting(0.0)), (26, 8 + MAX_HEADER_LEN + 26 * 4));
        assert_eq!(size_limit(&mut TwoLayer::<f64>::counting(0.0)), (26, 8 + MAX_HEADER_LEN + 26 * 8));
        let mut mnist = Affine::<784, 50, f32>::from_weights(crate::zeros_boxed(), RowSVector::zeros());
        assert_eq!(size_limit(&mut mnist), (39_250, 8 + MAX_HEADER_LEN + 157_000));
    }

    /// Only the first layer of a [`TwoLayer`]: its W1 and b1.
    struct FirstLayer(TwoLayer<f64>);

    impl Parameters<f64> for FirstLayer {
        fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, f64>)) {
            let mut k = 0;
            self.0.visit_params(name, &mut |p| {
                if k < 2 {
                    f(p);
                }
                k += 1;
            });
        }
    }
}
