//! Gradient check (book 5.7.3): the gradients of backpropagation against central differences.
//!
//! Backpropagation is fast but easy to get wrong; the numerical gradient of chapter 4 is slow
//! but hard to get wrong. The book compares the two on a few images and prints, per
//! parameter, the mean absolute difference (`W1:4.2e-10`). This module does the same for any
//! model, and also for the gradient with respect to the input, and returns the numbers so a
//! test can assert on them.
//!
//! | function | checks | with the loss |
//! |---|---|---|
//! | [`gradient_check`] | a model and its last layer, as the book's `gradient_check.py` | the model's own [`LossLayer`] |
//! | [`check_layer`] | any one [`Layer`], such as one you just wrote | L = Σₙₖ rₙₖ·yₙₖ, r random and fixed |
//!
//! Each element is moved by ±h with h = 10⁻⁴ ([`H`], the book's) and put back exactly, and
//! ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h. Nothing is allocated per perturbation. The elements
//! are shared out over the machine's cores, each thread perturbing its own clone of the model
//! and the loss (hence their `Clone + Send` bounds); every difference is the same as on one
//! thread, and so is the report.
//!
//! # How close is close enough
//! The central difference is off by h²/6·L‴ (truncation) plus about ε·|L|/h (rounding of the
//! two losses, ε the machine epsilon). In `f64` with h = 10⁻⁴ that is ~10⁻⁹·L‴ + ~10⁻¹²·|L|:
//! differences around 10⁻¹⁰ … 10⁻⁷ mean the backward pass is right, while a wrong backward
//! pass is off by the size of the gradient itself. In `f32` the rounding term is ~10⁻³·|L|,
//! too coarse for a check: use `f64`.

use crate::Float;
use crate::buffer::zeros_boxed;
use crate::differentiation::numerical_diff;
use crate::layers::{Layer, LossLayer};
use crate::loss::Target;
use crate::params::{Name, Parameters};
use nalgebra::SMatrix;
use rand::{Rng, RngExt};
use std::fmt;

pub use crate::differentiation::H;

/// How one gradient (a parameter's, or the input's) compares with its numerical estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct GradDiff {
    /// The parameter's dotted name (`W1`, `0.W`), or `x` for the input.
    pub name: String,
    /// Number of elements compared.
    pub len: usize,
    /// The book's metric: mean over the elements of |backprop − numerical|.
    pub mean_abs_diff: f64,
    /// Largest |backprop − numerical| over the elements.
    pub max_abs_diff: f64,
    /// Largest |a − n| / max(|a|, |n|, floor), with a backprop and n numerical, where the
    /// floor ε·max(|L|, 1)/h is the rounding error of the central difference: elements
    /// smaller than what the numerical side can resolve are not divided by almost nothing.
    pub max_rel_err: f64,
}

/// The result of a gradient check: one [`GradDiff`] per parameter, in the order of
/// [`Parameters::visit_params`], then one for the input `x`.
///
/// It prints like the book's `gradient_check.py`, one `name:mean |difference|` line each,
/// followed by the largest relative error:
///
/// ```
/// use dldw::gradient_check::{GradCheck, GradDiff};
/// let w1 = GradDiff {
///     name: "W1".to_string(),
///     len: 39200,
///     mean_abs_diff: 4.2e-10,
///     max_abs_diff: 3.3e-9,
///     max_rel_err: 1.2e-6,
/// };
/// let report = GradCheck { loss: 2.3, entries: vec![w1] };
/// assert_eq!(report.to_string(), "W1:4.2e-10  max rel 1.2e-6\n");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GradCheck {
    /// The loss at the unperturbed point.
    pub loss: f64,
    /// One entry per parameter, then one for the input, named `x`.
    pub entries: Vec<GradDiff>,
}

impl GradCheck {
    /// The entry called `name` (`"0.W"`, `"x"`, …), if there is one.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut affine = dldw::layers::Affine::<3, 2, f64>::new(dldw::init::Init::he(), &mut rng);
    /// let x = nalgebra::SMatrix::<f64, 4, 3>::from_fn(|i, j| (i + j) as f64);
    /// let report = check_layer(&mut affine, &x, &mut rng);
    /// assert_eq!(report.get("W").map(|d| d.len), Some(6));
    /// assert!(report.get("W2").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&GradDiff> {
        self.entries.iter().find(|d| d.name == name)
    }

    /// The largest [`GradDiff::max_abs_diff`] over all entries.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let x = nalgebra::SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, -0.5, 3.0, 2.0);
    /// let report = check_layer(&mut dldw::layers::Sigmoid::new(), &x, &mut rng);
    /// assert!(report.max_abs_diff() < 1e-9);
    /// ```
    pub fn max_abs_diff(&self) -> f64 {
        self.entries.iter().map(|d| d.max_abs_diff).fold(0.0, f64::max)
    }

    /// The largest [`GradDiff::max_rel_err`] over all entries.
    ///
    /// ```
    /// # use dldw::gradient_check::check_layer;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let x = nalgebra::SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, -0.5, 3.0, 2.0);
    /// let report = check_layer(&mut dldw::layers::Relu::new(), &x, &mut rng);
    /// assert!(report.max_rel_err() < 1e-6);
    /// ```
    pub fn max_rel_err(&self) -> f64 {
        self.entries.iter().map(|d| d.max_rel_err).fold(0.0, f64::max)
    }
}

impl fmt::Display for GradCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.entries {
            writeln!(f, "{}:{:.1e}  max rel {:.1e}", d.name, d.mean_abs_diff, d.max_rel_err)?;
        }
        Ok(())
    }
}

/// The book's gradient check: `model` followed by the loss layer `last` on the batch `x` with
/// target `t`, backpropagation against central differences for every parameter and for `x`.
///
/// Afterwards every parameter holds exactly its old value, and the model and `last` are as
/// after one `forward` and `backward` on `x` (their gradients are the backprop ones).
///
/// ```
/// use dldw::gradient_check::gradient_check;
/// use dldw::init::Init;
/// use dldw::layers::{Affine, Relu, SoftmaxWithLoss};
/// use dldw::loss::Labels;
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let mut model = (
///     Affine::<4, 5, f64>::new(Init::he(), &mut rng),
///     Relu::new(),
///     Affine::<5, 3, f64>::new(Init::he(), &mut rng),
/// );
/// let x = SMatrix::<f64, 2, 4>::new(0.5, -1.0, 2.0, 0.3, -0.7, 1.5, 0.2, -2.0);
/// let t = Labels::<2, 3>::new([2, 0]).unwrap();
/// let report = gradient_check(&mut model, &mut SoftmaxWithLoss::new(), &x, &t);
/// print!("{report}"); // 0.W:…, 0.b:…, 2.W:…, 2.b:…, x:…
/// assert_eq!(report.entries.len(), 5);
/// // The δ = 1e-7 in the cross-entropy's log accounts for most of the difference.
/// assert!(report.max_abs_diff() < 1e-5);
/// ```
pub fn gradient_check<T, M, L, const N: usize, const I: usize, const C: usize>(
    model: &mut M,
    last: &mut L,
    x: &SMatrix<T, N, I>,
    t: &impl Target<T, N, C>,
) -> GradCheck
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>> + Parameters<T>,
    M: Clone + Send,
    L: LossLayer<T>,
    L: Clone + Send,
{
    let objective = WithTarget { last: last.clone(), t: Copied::new(t) };
    let report = compare(model, objective, x);
    last.forward(model.forward(x), t);
    model.backward(last.backward::<N, C>());
    report
}

/// Checks one layer on its own, with the loss L = Σₙₖ rₙₖ·yₙₖ for a random `r` drawn once
/// from U(−1, 1): then ∂L/∂y = r, so every output element passes a different weight back and
/// a mistake in any of them shows. This is the one call to make for a layer you wrote.
///
/// The layer needs [`Layer`] and [`Parameters`] (an empty `visit_params` if it has no
/// parameters), and `Clone + Send` so that each core can check a share of the elements on its
/// own copy. Here a `Tanh` layer, y = tanh x with dx = dout·(1 − y²), is written and
/// checked, once and then as a property test over random inputs:
///
/// ```
/// use dldw::gradient_check::check_layer;
/// use dldw::layers::Layer;
/// use dldw::params::{Name, Param, Parameters};
/// use nalgebra::SMatrix;
/// use rand::SeedableRng;
///
/// #[derive(Clone)]
/// struct Tanh<const N: usize, const D: usize> {
///     y: SMatrix<f64, N, D>,
///     dx: SMatrix<f64, N, D>,
/// }
///
/// impl<const N: usize, const D: usize> Tanh<N, D> {
///     fn new() -> Self {
///         Tanh { y: SMatrix::zeros(), dx: SMatrix::zeros() }
///     }
/// }
///
/// impl<const N: usize, const D: usize> Layer<SMatrix<f64, N, D>> for Tanh<N, D> {
///     type Output = SMatrix<f64, N, D>;
///     fn forward(&mut self, x: &SMatrix<f64, N, D>) -> &SMatrix<f64, N, D> {
///         self.y = x.map(f64::tanh);
///         &self.y
///     }
///     /// dx = dout · (1 − y²)
///     fn backward(&mut self, dout: &SMatrix<f64, N, D>) -> &SMatrix<f64, N, D> {
///         self.dx = dout.zip_map(&self.y, |d, y| d * (1.0 - y * y));
///         &self.dx
///     }
/// }
///
/// impl<const N: usize, const D: usize> Parameters<f64> for Tanh<N, D> {
///     fn visit_params(&mut self, _: &Name<'_>, _: &mut dyn FnMut(Param<'_, f64>)) {}
/// }
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let x = SMatrix::<f64, 2, 3>::new(0.5, -1.0, 2.0, 0.0, -0.3, 1.2);
/// let report = check_layer(&mut Tanh::new(), &x, &mut rng);
/// // The central difference is off by h²/6·|tanh‴| ≤ 3.4e-9 per unit of r.
/// assert!(report.get("x").unwrap().max_abs_diff < 1e-8);
///
/// // The same check over 32 random inputs of shape 3×4.
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(32), |(v in prop::collection::vec(-3.0..3.0_f64, 12), seed: u64)| {
///     let x = SMatrix::<f64, 3, 4>::from_vec(v);
///     let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
///     let report = check_layer(&mut Tanh::new(), &x, &mut rng);
///     prop_assert!(report.max_abs_diff() < 1e-8, "{report}");
/// });
/// ```
pub fn check_layer<T, M, const N: usize, const I: usize, const O: usize>(
    layer: &mut M,
    x: &SMatrix<T, N, I>,
    rng: &mut impl Rng,
) -> GradCheck
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, O>> + Parameters<T>,
    M: Clone + Send,
{
    let mut r = zeros_boxed::<T, N, O>();
    r.iter_mut().for_each(|v| *v = T::lit(rng.random_range(-1.0..1.0)));
    let report = compare(layer, Readout { r: r.clone() }, x);
    layer.forward(x);
    layer.backward(&r);
    report
}

/// What turns the model's output into a scalar loss, and its gradient at the last output.
trait Objective<T, const N: usize, const C: usize> {
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T;
    fn grad(&mut self) -> &SMatrix<T, N, C>;
}

/// A loss layer with its target: the book's `lastLayer` (a clone of the caller's, one per
/// thread).
#[derive(Clone)]
struct WithTarget<L, Tg> {
    last: L,
    t: Tg,
}

impl<T: Float, L: LossLayer<T>, Tg: Target<T, N, C>, const N: usize, const C: usize> Objective<T, N, C>
    for WithTarget<L, Tg>
{
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T {
        self.last.forward(y, &self.t)
    }
    fn grad(&mut self) -> &SMatrix<T, N, C> {
        self.last.backward::<N, C>()
    }
}

/// A target's values and classes copied out of the caller's [`Target`], so that each thread
/// owns one (the caller's needs not be `Sync`).
#[derive(Clone)]
struct Copied<T, const N: usize, const C: usize> {
    values: Box<SMatrix<T, N, C>>,
    classes: [usize; N],
}

impl<T: Float, const N: usize, const C: usize> Copied<T, N, C> {
    fn new(t: &impl Target<T, N, C>) -> Self {
        let mut values = zeros_boxed::<T, N, C>();
        for ((n, k), v) in (0..C).flat_map(|k| (0..N).map(move |n| (n, k))).zip(values.iter_mut()) {
            *v = t.value(n, k);
        }
        Copied { values, classes: std::array::from_fn(|n| t.class(n)) }
    }
}

impl<T: Float, const N: usize, const C: usize> Target<T, N, C> for Copied<T, N, C> {
    fn value(&self, n: usize, k: usize) -> T {
        self.values[(n, k)]
    }
    fn class(&self, n: usize) -> usize {
        self.classes[n]
    }
}

/// L = Σ r∘y, so ∂L/∂y = r.
#[derive(Clone)]
struct Readout<T: Float, const N: usize, const C: usize> {
    r: Box<SMatrix<T, N, C>>,
}

impl<T: Float, const N: usize, const C: usize> Objective<T, N, C> for Readout<T, N, C> {
    fn loss(&mut self, y: &SMatrix<T, N, C>) -> T {
        self.r.dot(y)
    }
    fn grad(&mut self) -> &SMatrix<T, N, C> {
        &self.r
    }
}

/// Compares the gradients a model holds now (left by the backward pass you just ran) with the
/// numerical gradients of `loss`, parameter by parameter: the check for models that are not a
/// [`Layer`], such as the book's [`TwoLayerNet`](crate::TwoLayerNet) with its `W1`, `b1`, `W2`,
/// `b2` (the book's `gradient_check.py` exactly). The elements are shared out over the cores,
/// each thread perturbing its own clone of the model (hence `Clone + Send`, and a `loss` that
/// threads can share); the model's own parameters are not touched.
///
/// ```
/// use dldw::gradient_check::check_params;
/// use dldw::loss::Labels;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(3);
/// let mut net = dldw::TwoLayerNet::<6, 5, 3, f64>::new(dldw::init::Init::he(), &mut rng);
/// let x = nalgebra::SMatrix::<f64, 2, 6>::from_fn(|n, k| ((n * 6 + k) as f64 * 0.7).sin());
/// let t = Labels::<2, 3>::new([2, 0]).unwrap();
/// net.gradient(&x, &t); // backprop first
/// let report = check_params(&mut net, |net| net.loss(&x, &t));
/// let names: Vec<_> = report.entries.iter().map(|e| e.name.as_str()).collect();
/// assert_eq!(names, ["W1", "b1", "W2", "b2"]);
/// assert!(report.max_abs_diff() < 1e-6);
/// ```
pub fn check_params<T: Float, M: Parameters<T> + Clone + Send>(
    model: &mut M,
    loss: impl Fn(&mut M) -> T + Sync,
) -> GradCheck {
    check_params_with(model, (), |model, ()| loss(model))
}

/// [`check_params`] for a loss that needs mutable state of its own, such as a loss layer,
/// which caches its forward pass: each thread gets its own clone of `state`.
fn check_params_with<T: Float, M: Parameters<T> + Clone + Send, S: Clone + Send>(
    model: &mut M,
    mut state: S,
    loss: impl Fn(&mut M, &mut S) -> T + Sync,
) -> GradCheck {
    let mut grads = Vec::new();
    let mut params = Vec::new();
    model.visit_params(&Name::Root, &mut |p| {
        grads.push(p.grad.to_vec());
        params.push(p.name.to_string());
    });
    let l = loss(model, &mut state).as_f64();
    let sizes: Vec<usize> = grads.iter().map(Vec::len).collect();
    let numerical = on_every_core((model.clone(), state), sizes.iter().sum(), |(model, state), range| {
        range
            .map(|e| {
                let (k, j) = locate(&sizes, e);
                param_derivative(model, k, j, &mut |m: &mut M| loss(m, state))
            })
            .collect()
    });
    let mut rest = numerical.as_slice();
    let entries = params
        .into_iter()
        .zip(&grads)
        .map(|(name, g)| {
            let (n, after) = rest.split_at(g.len());
            rest = after;
            grad_diff(name, g, n, l)
        })
        .collect();
    GradCheck { loss: l, entries }
}

/// The numerical gradient of `loss` with respect to every parameter of `model` (book 4.4's
/// `numerical_gradient` over `params`): one vector per parameter in walk order, column-major
/// like [`Param::value`](crate::params::Param), each element by central difference with
/// h = [`H`]. Every element is restored to its exact value afterwards.
///
/// ```
/// use dldw::gradient_check::numerical_gradients;
/// use dldw::layers::{Affine, Layer};
/// let w = Box::new(nalgebra::Matrix2x1::new(3.0, -1.0));
/// let mut a = Affine::<2, 1, f64>::from_weights(w, nalgebra::Matrix1::new(0.5));
/// let x = nalgebra::Matrix1x2::new(2.0, 5.0);
/// // L = (x·W + b)², so ∂L/∂W = 2y·xᵀ and ∂L/∂b = 2y with y = 6 − 5 + 0.5 = 1.5.
/// let g = numerical_gradients(&mut a, |a| a.forward(&x)[0].powi(2));
/// assert!((g[0][0] - 6.0).abs() < 1e-7 && (g[0][1] - 15.0).abs() < 1e-7);
/// assert!((g[1][0] - 3.0).abs() < 1e-7);
/// assert_eq!(a.W[0], 3.0); // restored exactly
/// ```
pub fn numerical_gradients<T: Float, M: Parameters<T>>(
    model: &mut M,
    mut loss: impl FnMut(&mut M) -> T,
) -> Vec<Vec<T>> {
    param_sizes(model)
        .into_iter()
        .enumerate()
        .map(|(k, len)| (0..len).map(|j| param_derivative(model, k, j, &mut loss)).collect())
        .collect()
}

/// The number of elements of each parameter, in walk order.
fn param_sizes<T: Float>(model: &mut impl Parameters<T>) -> Vec<usize> {
    let mut sizes = Vec::new();
    model.visit_params(&Name::Root, &mut |p| sizes.push(p.value.len()));
    sizes
}

/// ∂loss/∂w for element `j` of the `k`-th parameter, by central difference; the element is
/// put back exactly.
fn param_derivative<T: Float, M: Parameters<T>>(
    model: &mut M,
    k: usize,
    j: usize,
    loss: &mut impl FnMut(&mut M) -> T,
) -> T {
    let mut w = T::zero();
    on_element(model, k, j, |v| w = *v);
    let numerical = numerical_diff(
        |v| {
            on_element(model, k, j, |e| *e = v);
            loss(model)
        },
        w,
    );
    on_element(model, k, j, |e| *e = w);
    numerical
}

/// Runs backprop once, then compares: the parameters as [`check_params`] does (with `obj` as
/// the loss on `x`), then the input, its elements shared out over the cores in the same way,
/// each thread on its own clone of the model and the objective. The model is left after the
/// backprop of the first line; the callers run one last forward and backward.
fn compare<T, M, Obj, const N: usize, const I: usize, const C: usize>(
    model: &mut M,
    mut obj: Obj,
    x: &SMatrix<T, N, I>,
) -> GradCheck
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>> + Parameters<T> + Clone + Send,
    Obj: Objective<T, N, C> + Clone + Send,
{
    // Forward only for the backward pass: `check_params_with` takes the loss for the report.
    obj.loss(model.forward(x));
    // Copied now: what a layer keeps after `backward` is its own business.
    let mut dx = zeros_boxed::<T, N, I>();
    dx.copy_from(model.backward(obj.grad()));
    let mut report = check_params_with(model, obj.clone(), |m, obj| obj.loss(m.forward(x)));
    let numerical = on_every_core((model.clone(), obj), N * I, |(model, obj), range| {
        input_derivatives(model, obj, x, range)
    });
    report.entries.push(grad_diff("x".to_string(), dx.as_slice(), &numerical, report.loss));
    report
}

/// `work(state, range)` for equal shares of the elements `0..total`, one per core, each on its
/// own clone of `state`, concatenated in order: the same as `work(state, 0..total)` when the
/// work on each element does not depend on the others.
fn on_every_core<S: Clone + Send, R: Send>(
    state: S,
    total: usize,
    work: impl Fn(&mut S, std::ops::Range<usize>) -> Vec<R> + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, total.max(1));
    let share = total.div_ceil(threads);
    let range = |t: usize| (t * share).min(total)..((t + 1) * share).min(total);
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|t| {
                let mut state = state.clone();
                scope.spawn(move || work(&mut state, range(t)))
            })
            .collect();
        let mut state = state;
        let mut all = work(&mut state, range(0));
        for thread in others {
            match thread.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// The central differences ∂L/∂x for the elements `range` of the input (column-major), each
/// put back exactly.
fn input_derivatives<T, M, Obj, const N: usize, const I: usize, const C: usize>(
    model: &mut M,
    obj: &mut Obj,
    x: &SMatrix<T, N, I>,
    range: std::ops::Range<usize>,
) -> Vec<T>
where
    T: Float,
    M: Layer<SMatrix<T, N, I>, Output = SMatrix<T, N, C>>,
    Obj: Objective<T, N, C>,
{
    let mut xp = zeros_boxed::<T, N, I>();
    xp.copy_from(x);
    range
        .map(|j| {
            let w = xp[j];
            let numerical = numerical_diff(
                |v| {
                    xp[j] = v;
                    obj.loss(model.forward(&xp))
                },
                w,
            );
            xp[j] = w;
            numerical
        })
        .collect()
}

/// Which parameter `k`, and which element `j` of it, is element `e` of the walk.
fn locate(sizes: &[usize], mut e: usize) -> (usize, usize) {
    for (k, &len) in sizes.iter().enumerate() {
        if e < len {
            return (k, e);
        }
        e -= len;
    }
    unreachable!("element {e} past the end of the walk")
}

/// Calls `f` on element `j` (column-major) of the `k`-th parameter of the walk, and on no
/// other element.
fn on_element<T: Float>(model: &mut impl Parameters<T>, k: usize, j: usize, mut f: impl FnMut(&mut T)) {
    let mut seen = 0;
    model.visit_params(&Name::Root, &mut |p| {
        if seen == k {
            f(&mut p.value[j]);
        }
        seen += 1;
    });
}

/// How the gradient `name` from backprop compares with its `numerical` estimate, at a point
/// where the loss is `loss`.
fn grad_diff<T: Float>(name: String, backprop: &[T], numerical: &[T], loss: f64) -> GradDiff {
    // The rounding error of a central difference: below it the numerical side says nothing.
    let floor = T::default_epsilon().as_f64() * loss.abs().max(1.0) / H;
    let (mut sum_abs, mut max_abs, mut max_rel) = (0.0, 0.0_f64, 0.0_f64);
    for (a, n) in backprop.iter().zip(numerical) {
        let (a, n) = (a.as_f64(), n.as_f64());
        let abs = (a - n).abs();
        sum_abs += abs;
        max_abs = max_abs.max(abs);
        max_rel = max_rel.max(abs / a.abs().max(n.abs()).max(floor));
    }
    let len = backprop.len();
    let mean_abs_diff = if len == 0 { 0.0 } else { sum_abs / len as f64 };
    GradDiff { name, len, mean_abs_diff, max_abs_diff: max_abs, max_rel_err: max_rel }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{Affine, IdentityWithLoss, Relu};
    use crate::loss::Labels;
    use nalgebra::{Matrix2x3, RowSVector};
    use rand::SeedableRng;

    fn model() -> (Affine<3, 2, f64>, Relu<f64>) {
        let w = nalgebra::Matrix3x2::new(0.1, -0.7, 0.3, 0.2, -0.5, 0.9);
        (Affine::from_weights(Box::new(w), RowSVector::<f64, 2>::new(0.01, -0.02)), Relu::new())
    }

    #[test]
    fn parameters_are_restored_bit_for_bit_and_gradients_are_backprops() {
        let x = Matrix2x3::new(0.3, -1.1, 0.7, 1.9, 0.4, -0.6);
        let t = Labels::<2, 2>::new([1, 0]).unwrap();
        let (mut checked, mut plain) = (model(), model());
        let report = gradient_check(&mut checked, &mut IdentityWithLoss::new(), &x, &t);
        assert_eq!((&checked.0.W, &checked.0.b), (&plain.0.W, &plain.0.b));

        let mut last = IdentityWithLoss::new();
        let loss = last.forward(plain.forward(&x), &t);
        plain.backward_params(last.backward::<2, 2>());
        assert_eq!((&checked.0.dW, &checked.0.db), (&plain.0.dW, &plain.0.db));
        assert_eq!(report.loss, loss);
    }

    #[test]
    fn report_has_one_entry_per_parameter_then_the_input() {
        let x = Matrix2x3::new(0.3, -1.1, 0.7, 1.9, 0.4, -0.6);
        let report = check_layer(&mut model(), &x, &mut rand::rngs::StdRng::seed_from_u64(3));
        let entries: Vec<_> = report.entries.iter().map(|d| (d.name.as_str(), d.len)).collect();
        assert_eq!(entries, [("0.W", 6), ("0.b", 2), ("x", 6)]);
        // Linear readout of an Affine followed by ReLU away from its kink: only rounding is
        // left, ε·|L|/h ≈ 1e-12.
        assert!(report.max_abs_diff() < 1e-10, "{report}");
    }
}
