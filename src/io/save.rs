//! Saving a model's parameters to a safetensors file (the book's `save_params`, which pickles
//! its `params` dictionary; safetensors holds the same name → array map, readable from NumPy
//! and PyTorch, and cannot run code when loaded).

use super::layout::{dtype_of, file_shape, push_row_major};
use super::{FORMAT, ModelIoError};
use crate::Float;
use crate::files::replace_file;
use crate::params::{Parameters, visit_saved};
use safetensors::tensor::TensorView;
use std::io::Write;
use std::path::Path;

/// Saves every parameter of `model` to `path` in the safetensors format, replacing the file
/// atomically: should anything fail, the previous file at `path` is left intact.
///
/// The model is taken by shared reference. The parameter walk ([`Parameters::visit_params`])
/// takes `&mut self`, since optimizers update through it, so `save` walks a copy of the model
/// (hence `Clone`, which every trainable model has: [`Classifier`](crate::train::Classifier)
/// asks for it): memory for one more model while saving.
///
/// Each tensor is named by the walk ([`Name`](crate::params::Name)'s display: `W1`, `b1`, … for the book's
/// `TwoLayerNet`, `0.W`, `0.b`, … for tuple models), has dtype `F32` or `F64` as `T`, and shape
/// `[rows, cols]` in row-major order, or `[cols]` for a single row such as a bias (the
/// book's `np.zeros(O)`). The metadata is the one entry `"format": "dldw"`, so the same model always gives the
/// same bytes.
///
/// ```
/// use dldw::io::{load_into, save};
/// use dldw::layers::Affine;
/// use nalgebra::{Matrix2x3, RowSVector};
/// let w = Box::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
/// let mut a = Affine::<2, 3, f32>::from_weights(w, RowSVector::<f32, 3>::new(7.0, 8.0, 9.0));
/// let path = std::env::temp_dir().join(format!("dldw-doc-save-{}.safetensors", std::process::id()));
/// save(&a, &path)?;
///
/// let mut b = Affine::<2, 3, f32>::from_weights(dldw::zeros_boxed(), RowSVector::zeros());
/// load_into(&mut b, &path)?;
/// assert_eq!((b.W, b.b), (a.W, a.b));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ModelIoError::Io`] if the directory cannot be written or the file cannot be replaced.
///
/// # Panics
/// If two parameters of `model` have the same name: a [`Parameters`] implementation must give
/// each parameter its own name, or the file could not tell them apart.
pub fn save<T: Float, M: Parameters<T> + Clone>(
    model: &M,
    path: impl AsRef<Path>,
) -> Result<(), ModelIoError> {
    let path = path.as_ref();
    let tensors = row_major_tensors(&mut model.clone());
    let dtype = dtype_of::<T>();
    let views = tensors.iter().map(|(name, shape, bytes)| {
        // The byte count is rows × cols × size_of::<T>() by construction, which is all
        // TensorView::new checks.
        TensorView::new(dtype, shape.clone(), bytes).map(|view| (name.as_str(), view))
    });
    // One entry only: safetensors takes the metadata as a hash map (hashbrown's, seeded at
    // random per map) and writes it in the map's order, so two entries came out in either
    // order and the same model gave different bytes from run to run.
    let metadata = [("format".to_string(), FORMAT.to_string())].into_iter().collect();
    let format_err = |source| ModelIoError::Format { path: Some(path.to_path_buf()), source };
    let views = views.collect::<Result<Vec<_>, _>>().map_err(format_err)?;
    let bytes = safetensors::serialize(views, Some(metadata)).map_err(format_err)?;
    Ok(replace_file(path, |file| file.write_all(&bytes))?)
}

/// Every parameter as (name, file shape, row-major little-endian bytes), in walk order.
///
/// # Panics
/// On a repeated name, as [`save`] says.
fn row_major_tensors<T: Float>(model: &mut impl Parameters<T>) -> Vec<(String, Vec<usize>, Vec<u8>)> {
    let mut tensors = Vec::new();
    visit_saved(model, &mut |p| {
        let mut bytes = Vec::new();
        push_row_major(p.value, p.rows, p.cols, &mut bytes);
        tensors.push((p.name.to_string(), file_shape(p.rows, p.cols, p.dims), bytes));
    });
    let mut names: Vec<&str> = tensors.iter().map(|(name, _, _)| name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        panic!("two parameters of the model are both named {}; each needs its own name", pair[0]);
    }
    tensors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::{TwoLayer, file_names, scratch_dir};
    use crate::layers::Affine;
    use crate::params::Name;
    use nalgebra::{Matrix2x3, RowSVector};
    use safetensors::{Dtype, SafeTensors};
    use std::fs;

    #[test]
    fn a_weight_is_stored_row_major_and_a_bias_one_dimensional_byte_for_byte() {
        let dir = scratch_dir("save-bytes");
        let path = dir.join("affine.safetensors");
        let w = Box::new(Matrix2x3::new(1.0_f32, 2.0, 3.0, 4.0, 5.0, 6.0));
        save(&Affine::<2, 3, f32>::from_weights(w, RowSVector::<f32, 3>::new(7.0, 8.0, 9.0)), &path).unwrap();
        let file = fs::read(&path).unwrap();
        let st = SafeTensors::deserialize(&file).unwrap();
        let le = |xs: &[f32]| xs.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let w = st.tensor("W").unwrap();
        assert_eq!((w.dtype(), w.shape()), (Dtype::F32, &[2, 3][..]));
        assert_eq!(w.data(), le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        let b = st.tensor("b").unwrap();
        assert_eq!((b.dtype(), b.shape()), (Dtype::F32, &[3][..]));
        assert_eq!(b.data(), le(&[7.0, 8.0, 9.0]));
        // safetensors lays the data out sorted by name: W (24 bytes) then b (12), at the end.
        assert_eq!(
            file[file.len() - 36..],
            [le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), le(&[7.0, 8.0, 9.0])].concat()
        );
        let (_, meta) = SafeTensors::read_metadata(&file).unwrap();
        let meta = meta.metadata().as_ref().unwrap();
        assert_eq!(meta.get("format").map(String::as_str), Some("dldw"));
        assert_eq!(file_names(&dir), ["affine.safetensors"]);
    }

    #[test]
    fn the_same_model_gives_the_same_bytes() {
        // Each save builds a new metadata map with its own random seed: with entries that could
        // come out in either order, 16 saves would all agree only with probability 2^-15.
        let dir = scratch_dir("save-same");
        let path = dir.join("two.safetensors");
        let model = TwoLayer::<f32>::counting(0.5);
        save(&model, &path).unwrap();
        let first = fs::read(&path).unwrap();
        for _ in 0..15 {
            save(&model, &path).unwrap();
            assert_eq!(fs::read(&path).unwrap(), first);
        }
    }

    #[test]
    fn tensors_are_named_by_the_walk_with_the_models_dtype() {
        let dir = scratch_dir("save-names");
        let path = dir.join("two.safetensors");
        save(&TwoLayer::<f64>::counting(0.0), &path).unwrap();
        let file = fs::read(&path).unwrap();
        let st = SafeTensors::deserialize(&file).unwrap();
        let mut found: Vec<(String, Vec<usize>, Dtype)> =
            st.iter().map(|(name, t)| (name.to_string(), t.shape().to_vec(), t.dtype())).collect();
        found.sort();
        let expected = [("W1", vec![3, 4]), ("W2", vec![4, 2]), ("b1", vec![4]), ("b2", vec![2])];
        assert_eq!(found, expected.map(|(n, s)| (n.to_string(), s, Dtype::F64)));

        // A model of numbered layers, as a tuple model names them.
        #[derive(Clone)]
        struct Numbered(Affine<2, 3, f32>, Affine<3, 1, f32>);
        impl Parameters<f32> for Numbered {
            fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(crate::params::Param<'_, f32>)) {
                self.0.visit_params(&name.index(0), f);
                self.1.visit_params(&name.index(1), f);
            }
        }
        let first = Affine::from_weights(crate::zeros_boxed(), RowSVector::zeros());
        let second = Affine::from_weights(crate::zeros_boxed(), RowSVector::zeros());
        save(&Numbered(first, second), &path).unwrap();
        let file = fs::read(&path).unwrap();
        let st = SafeTensors::deserialize(&file).unwrap();
        let mut found: Vec<(&str, Vec<usize>)> =
            st.iter().map(|(name, t)| (name, t.shape().to_vec())).collect();
        found.sort();
        assert_eq!(found, [("0.W", vec![2, 3]), ("0.b", vec![3]), ("1.W", vec![3, 1]), ("1.b", vec![1])]);
    }

    #[test]
    #[should_panic(expected = "two parameters of the model are both named W")]
    fn a_model_with_a_repeated_name_is_a_programmer_error() {
        #[derive(Clone)]
        struct Twice(Affine<1, 1, f32>);
        impl Parameters<f32> for Twice {
            fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(crate::params::Param<'_, f32>)) {
                self.0.visit_params(name, f);
                self.0.visit_params(name, f);
            }
        }
        let dir = scratch_dir("save-twice");
        let _ = save(&Twice(Affine::from_weights(crate::zeros_boxed(), RowSVector::zeros())), dir.join("t"));
    }

    #[test]
    fn saving_over_a_directory_fails_and_leaves_no_temporary_file() {
        let dir = scratch_dir("save-over-dir");
        let target = dir.join("model.safetensors");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"x").unwrap();
        let err = save(&TwoLayer::<f32>::counting(0.0), &target).unwrap_err();
        assert!(err.to_string().starts_with("cannot replace "), "{err}");
        assert_eq!(file_names(&dir), ["model.safetensors"]);
    }
}
