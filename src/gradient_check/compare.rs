//! The comparison: backprop once, then the numerical gradient of the same loss, element by
//! element over the cores, and the differences, gradient by gradient.

use super::numerical::{input_derivatives, locate, param_derivative};
use super::objective::Objective;
use super::report::{GradCheck, grad_diff};
use crate::Float;
use crate::buffer::zeros_boxed;
use crate::kernels::{cores, on_cores};
use crate::layers::Layer;
use crate::params::{Name, Parameters};
use nalgebra::SMatrix;

/// Runs backprop once, then compares: the parameters as [`check_params`] does (with `obj` as
/// the loss on `x`), then the input, its elements shared out over the cores in the same way,
/// each thread on its own clone of the model and the objective. The model is left after the
/// backprop of the first line; the callers run one last forward and backward.
pub(super) fn compare<T, M, Obj, const N: usize, const I: usize, const C: usize>(
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

/// [`check_params`] for a loss that needs mutable state of its own, such as a loss layer,
/// which caches its forward pass: each thread gets its own clone of `state`.
pub(super) fn check_params_with<T: Float, M: Parameters<T> + Clone + Send, S: Clone + Send>(
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

/// `work(state, range)` for equal shares of the elements `0..total`, one per core, each on its
/// own clone of `state`, concatenated in order: the same as `work(state, 0..total)` when the
/// work on each element does not depend on the others.
fn on_every_core<S: Clone + Send, R: Send>(
    mut state: S,
    total: usize,
    work: impl Fn(&mut S, std::ops::Range<usize>) -> Vec<R> + Sync,
) -> Vec<R> {
    let threads = cores().clamp(1, total.max(1));
    let share = total.div_ceil(threads);
    let range = |t: usize| (t * share).min(total)..((t + 1) * share).min(total);
    on_cores(&mut state, threads, |s| work(s, range(0)), |s, t| work(s, range(t)))
        .into_iter()
        .flatten()
        .collect()
}
