//! One walk over every parameter of a layer or model: name, value, gradient.
//!
//! The book keeps its parameters in a dictionary `params['W1']` and its gradients in another,
//! `grads['W1']`. dldw gives every layer and every model the same visit instead: an optimizer
//! updates any model through it without knowing its structure, and saving and loading use
//! the same walk, so names and order are defined once.

use crate::Float;
use std::fmt;

/// The dotted name of a parameter, built on the stack as the walk descends (no allocation):
/// `W1` in the book's `TwoLayerNet`, `0.W` for the first layer's weight in a tuple model.
///
/// ```
/// use dldw::params::Name;
/// let root = Name::Root;
/// let layer = root.index(2);
/// assert_eq!(layer.child("W").to_string(), "2.W");
/// assert_eq!(root.child("b1").to_string(), "b1");
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Name<'a> {
    /// The model itself; it has no name of its own.
    Root,
    /// A named part, such as `W` or `b1`, below `parent`.
    Child(&'a Name<'a>, &'static str),
    /// The `i`-th element of a tuple model, below `parent`.
    Index(&'a Name<'a>, usize),
}

impl<'a> Name<'a> {
    /// The part called `part` below this name.
    ///
    /// ```
    /// assert_eq!(dldw::params::Name::Root.child("W2").to_string(), "W2");
    /// ```
    pub fn child(&'a self, part: &'static str) -> Name<'a> {
        Name::Child(self, part)
    }

    /// The `i`-th element below this name.
    ///
    /// ```
    /// assert_eq!(dldw::params::Name::Root.index(0).child("b").to_string(), "0.b");
    /// ```
    pub fn index(&'a self, i: usize) -> Name<'a> {
        Name::Index(self, i)
    }
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (parent, part): (&Name<'_>, &dyn fmt::Display) = match self {
            Name::Root => return Ok(()),
            Name::Child(parent, part) => (parent, part),
            Name::Index(parent, i) => (parent, i),
        };
        if matches!(parent, Name::Root) { write!(f, "{part}") } else { write!(f, "{parent}.{part}") }
    }
}

/// One parameter met on the walk: its name, its values, the gradient the last `backward`
/// computed for it, and its shape.
///
/// `value` and `grad` are nalgebra's storage order: column-major (`value[i + j * rows]` is
/// element `(i, j)`). A bias has `rows == 1`.
#[derive(Debug)]
pub struct Param<'a, T> {
    /// Dotted name, e.g. `W1` or `0.W`.
    pub name: &'a Name<'a>,
    /// The values, column-major, to read or update in place.
    pub value: &'a mut [T],
    /// ∂L/∂value from the last backward pass, same layout as `value`; empty for state met by
    /// [`Parameters::visit_state`], which has no gradient.
    pub grad: &'a [T],
    /// Number of rows of the parameter matrix.
    pub rows: usize,
    /// Number of columns of the parameter matrix.
    pub cols: usize,
    /// The 4-D shape it is saved and loaded with, when it is a convolution's filters held as
    /// the `FN × (C·FH·FW)` matrix `rows × cols`: `Some([FN, C, FH, FW])`, the book's, NumPy's
    /// and PyTorch's shape of the same row-major values. `None` for a matrix or a row.
    pub dims: Option<[usize; 4]>,
}

/// Anything with parameters: a layer, a tuple of layers, a whole network.
///
/// Layers without parameters (`Relu`, `Sigmoid`) implement it with an empty body. Visiting
/// order is fixed by the type, so it is the same from one call to the next: optimizers key
/// their per-parameter state by position in the walk.
///
/// ```
/// use dldw::params::{Name, Param, Parameters};
/// use dldw::layers::Affine;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut affine = Affine::<3, 2, f64>::new(dldw::init::Init::book(), &mut rng);
/// let mut names = Vec::new();
/// affine.visit_params(&Name::Root, &mut |p: Param<'_, f64>| {
///     names.push((p.name.to_string(), p.rows, p.cols));
/// });
/// assert_eq!(names, [("W".to_string(), 3, 2), ("b".to_string(), 1, 2)]);
/// ```
pub trait Parameters<T: Float> {
    /// Calls `f` once per parameter, in a fixed order, with names below `name`.
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>));

    /// Calls `f` once per tensor of *state*: numbers a layer learns from the data without a
    /// gradient, such as [`BatchNorm`](crate::layers::BatchNorm)'s running mean and variance
    /// (book 6.3). Files save and load them with the parameters ([`crate::io`]); optimizers,
    /// which walk [`visit_params`](Parameters::visit_params) only, never see them. Each
    /// [`Param`] met here has an empty `grad`. The default visits nothing: most layers have
    /// no state, and a tuple visits its elements' state by position.
    ///
    /// ```
    /// use dldw::layers::{Affine, BatchNorm};
    /// use dldw::params::{Name, Parameters};
    /// let mut model = (Affine::<3, 2, f64>::from_weights(dldw::zeros_boxed(), nalgebra::zero()), BatchNorm::<2, f64>::new());
    /// let (mut params, mut state) = (Vec::new(), Vec::new());
    /// model.visit_params(&Name::Root, &mut |p| params.push(p.name.to_string()));
    /// model.visit_state(&Name::Root, &mut |p| state.push(p.name.to_string()));
    /// assert_eq!(params, ["0.W", "0.b", "1.gamma", "1.beta"]);
    /// assert_eq!(state, ["1.running_mean", "1.running_var"]);
    /// ```
    fn visit_state(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        let _ = (name, f);
    }

    /// The number of scalar parameters (the total of `rows × cols` over the walk).
    ///
    /// ```
    /// use dldw::params::Parameters;
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut affine = dldw::layers::Affine::<784, 50, f32>::new(dldw::init::Init::book(), &mut rng);
    /// assert_eq!(affine.param_count(), 784 * 50 + 50);
    /// ```
    fn param_count(&mut self) -> usize {
        let mut n = 0;
        self.visit_params(&Name::Root, &mut |p| n += p.value.len());
        n
    }
}

/// Every tensor a file holds for `model`: its parameters, then its state.
pub(crate) fn visit_saved<T: Float>(model: &mut impl Parameters<T>, f: &mut dyn FnMut(Param<'_, T>)) {
    model.visit_params(&Name::Root, f);
    model.visit_state(&Name::Root, f);
}
