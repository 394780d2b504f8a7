//! Test support for saving and loading: scratch directories and a small two-layer model.

use crate::Float;
use crate::layers::Affine;
use crate::params::{Name, Param, Parameters};
use nalgebra::{RowSVector, SMatrix};
use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// An empty directory of its own for one test, under the system's temporary directory,
/// removed when the test ends.
pub(crate) struct ScratchDir(PathBuf);

impl Deref for ScratchDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A fresh [`ScratchDir`] named after `test` and this process.
pub(crate) fn scratch_dir(test: &str) -> ScratchDir {
    let dir = std::env::temp_dir().join(format!("dldw-test-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    ScratchDir(dir)
}

/// The names in `dir`, sorted: a leftover temporary file would show here.
pub(crate) fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The book's `TwoLayerNet` in miniature (3 → 4 → 2), its parameters named `W1`, `b1`, `W2`,
/// `b2` as in the book's `params` dictionary.
#[derive(Clone)]
pub(crate) struct TwoLayer<T: Float> {
    pub(crate) layer1: Affine<3, 4, T>,
    pub(crate) layer2: Affine<4, 2, T>,
}

impl<T: Float> TwoLayer<T> {
    /// Every parameter element a different value: start, start + 1, start + 2, … in walk order
    /// and storage order.
    pub(crate) fn counting(start: f64) -> Self {
        let mut model = TwoLayer {
            layer1: Affine::from_weights(Box::new(SMatrix::zeros()), RowSVector::zeros()),
            layer2: Affine::from_weights(Box::new(SMatrix::zeros()), RowSVector::zeros()),
        };
        let mut next = start;
        model.visit_params(&Name::Root, &mut |p| {
            for x in p.value.iter_mut() {
                *x = T::lit(next);
                next += 1.0;
            }
        });
        model
    }

    /// Every parameter's values, in walk order.
    pub(crate) fn values(&mut self) -> Vec<Vec<T>> {
        let mut values = Vec::new();
        self.visit_params(&Name::Root, &mut |p| values.push(p.value.to_vec()));
        values
    }
}

impl<T: Float> Parameters<T> for TwoLayer<T> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        let (l1, l2) = (&mut self.layer1, &mut self.layer2);
        f(Param {
            name: &name.child("W1"),
            value: l1.W.as_mut_slice(),
            grad: l1.dW.as_slice(),
            rows: 3,
            cols: 4,
            dims: None,
        });
        f(Param {
            name: &name.child("b1"),
            value: l1.b.as_mut_slice(),
            grad: l1.db.as_slice(),
            rows: 1,
            cols: 4,
            dims: None,
        });
        f(Param {
            name: &name.child("W2"),
            value: l2.W.as_mut_slice(),
            grad: l2.dW.as_slice(),
            rows: 4,
            cols: 2,
            dims: None,
        });
        f(Param {
            name: &name.child("b2"),
            value: l2.b.as_mut_slice(),
            grad: l2.db.as_slice(),
            rows: 1,
            cols: 2,
            dims: None,
        });
    }
}
