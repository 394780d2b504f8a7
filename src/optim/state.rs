//! Per-parameter optimizer state (the book's `self.v`, `self.h`, `self.m` dictionaries),
//! shared by every optimizer that remembers something between steps.
//!
//! The book keys its state by the parameter's name and creates it on the first `update`.
//! Here the state is keyed by the parameter's position in the model's walk, which the
//! [`Parameters`] trait fixes by type: the first step allocates `K` zero arrays per parameter,
//! later steps reuse them and allocate nothing.

use crate::Float;
use crate::params::{Name, Parameters};

/// `K` state arrays (Adam: `m` and `v`, so `K = 2`) for every parameter of one model, each
/// the parameter's length, stored back to back.
#[derive(Clone, Debug)]
pub(crate) struct Slots<T, const K: usize> {
    state: [Vec<T>; K],
    /// The length of each parameter, in walk order; `None` before the first step.
    sizes: Option<Vec<usize>>,
}

impl<T: Float, const K: usize> Slots<T, K> {
    /// No state yet: it is allocated by the first [`Slots::for_each`].
    pub(crate) fn new() -> Self {
        Slots { state: std::array::from_fn(|_| Vec::new()), sizes: None }
    }

    /// Calls `f(value, grad, state)` for every parameter of `model`, in walk order, where
    /// `state` holds this parameter's `K` arrays (zero at the first step).
    ///
    /// # Panics
    /// If the model's parameters differ from those of the first step in number or in size:
    /// the state belongs to one model, so a new model needs a new optimizer.
    pub(crate) fn for_each(
        &mut self,
        model: &mut impl Parameters<T>,
        mut f: impl FnMut(&mut [T], &[T], [&mut [T]; K]),
    ) {
        let state = &mut self.state;
        let first = self.sizes.is_none();
        let sizes = self.sizes.get_or_insert_with(Vec::new);
        let (mut i, mut offset) = (0, 0);
        model.visit_params(&Name::Root, &mut |p| {
            let len = p.value.len();
            if first {
                sizes.push(len);
                for s in state.iter_mut() {
                    s.resize(offset + len, T::zero());
                }
            } else {
                let seen = sizes.get(i).copied();
                assert!(
                    seen == Some(len),
                    "the model's parameters changed between optimizer steps: parameter {i} ({}) has \
                     {len} values, but {} at the first step; an optimizer keeps state for one \
                     model, so create a new optimizer for another model",
                    p.name,
                    seen.map_or("did not exist".to_string(), |n| format!("it had {n}")),
                );
            }
            f(p.value, p.grad, state.each_mut().map(|s| &mut s[offset..offset + len]));
            i += 1;
            offset += len;
        });
        assert!(
            i == sizes.len(),
            "the model's parameters changed between optimizer steps: it has {i} parameters now but \
             had {} at the first step; an optimizer keeps state for one model, so create a new \
             optimizer for another model",
            sizes.len(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::Affine;
    use nalgebra::{Matrix1x2, Matrix2};

    fn affine() -> Affine<2, 2, f64> {
        Affine::from_weights(Box::new(Matrix2::zeros()), Matrix1x2::zeros())
    }

    #[test]
    fn state_starts_at_zero_and_persists_per_parameter() {
        let mut slots = Slots::<f64, 2>::new();
        let mut model = affine();
        // First step: record each parameter's position in its first array, its length in the second.
        let mut k = 0.0;
        slots.for_each(&mut model, |value, _, [a, b]| {
            assert!(a.iter().chain(b.iter()).all(|&s| s == 0.0));
            a.fill(k);
            b.fill(value.len() as f64);
            k += 1.0;
        });
        let mut seen = Vec::new();
        slots.for_each(&mut model, |_, _, [a, b]| seen.push((a.to_vec(), b.to_vec())));
        assert_eq!(
            seen,
            [(vec![0.0; 4], vec![4.0; 4]), (vec![1.0; 2], vec![2.0; 2])] // W is 2×2, b is 1×2
        );
    }

    #[test]
    #[should_panic(expected = "parameter 0 (W) has 6 values, but it had 4 at the first step")]
    fn a_parameter_of_another_size_is_refused() {
        let mut slots = Slots::<f64, 1>::new();
        slots.for_each(&mut affine(), |_, _, _| {});
        let mut other = Affine::<3, 2, f64>::from_weights(crate::zeros_boxed(), Matrix1x2::zeros());
        slots.for_each(&mut other, |_, _, _| {});
    }

    #[test]
    #[should_panic(expected = "parameter 2 (1.W) has 4 values, but did not exist at the first step")]
    fn a_model_with_more_parameters_is_refused() {
        let mut slots = Slots::<f64, 1>::new();
        slots.for_each(&mut affine(), |_, _, _| {});
        slots.for_each(&mut TwoAffine(affine(), affine()), |_, _, _| {});
    }

    #[test]
    #[should_panic(expected = "it has 2 parameters now but had 4 at the first step")]
    fn a_model_with_fewer_parameters_is_refused() {
        let mut slots = Slots::<f64, 1>::new();
        slots.for_each(&mut TwoAffine(affine(), affine()), |_, _, _| {});
        slots.for_each(&mut affine(), |_, _, _| {});
    }

    /// Two layers under one walk, as a tuple model would give.
    struct TwoAffine(Affine<2, 2, f64>, Affine<2, 2, f64>);

    impl Parameters<f64> for TwoAffine {
        fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(crate::params::Param<'_, f64>)) {
            self.0.visit_params(&name.index(0), f);
            self.1.visit_params(&name.index(1), f);
        }
    }
}
