//! Models as tuples of layers: forward in order, backward in reverse (book 5.7.1's OrderedDict).
//!
//! The book keeps its layers in an `OrderedDict` and runs `for layer in layers.values():
//! x = layer.forward(x)`, then the same loop over the reversed list with `backward`. In dldw
//! a model is a tuple of layers, and the tuple is itself a [`Layer`]: each element takes the
//! previous element's output type as its input, so a model whose widths do not line up is a
//! type error. The tuple also implements the width-level traits of [`shape`](super::shape),
//! element by element, so that a [`Network`](crate::Network) of it, or [`model`](super::model)
//! of it, is checked where it is written.
//!
//! ```
//! use dldw::init::Init;
//! use dldw::layers::{Affine, Layer, LossLayer, Relu, Sigmoid, SoftmaxWithLoss};
//! use dldw::loss::Labels;
//! use dldw::params::Parameters;
//! use nalgebra::SMatrix;
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(0);
//! let init = Init::book();
//! let mut model = (
//!     Affine::<784, 100, f64>::new(init, &mut rng),
//!     Relu::new(),
//!     Affine::<100, 50, f64>::new(init, &mut rng),
//!     Sigmoid::new(),
//!     Affine::<50, 10, f64>::new(init, &mut rng),
//! );
//! let mut last = SoftmaxWithLoss::new();
//!
//! let x = dldw::zeros_boxed::<f64, 2, 784>(); // a batch of 2 images
//! let t = Labels::<2, 10>::new([3, 7]).unwrap();
//! let loss = last.forward(model.forward(&x), &t);
//! // Weights N(0, 0.01²) make every score small, so every class gets about 1/10.
//! assert!((loss - 10.0_f64.ln()).abs() < 0.1);
//!
//! let dx: &SMatrix<f64, 2, 784> = model.backward(last.backward());
//! assert_eq!(dx.shape(), (2, 784));
//! assert_eq!(model.0.dW.shape(), (784, 100)); // every Affine now holds its gradients
//! assert_eq!(model.param_count(), 784 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10);
//! ```
//!
//! `model.forward(&x)` infers everything from `x`, and `model.backward(dout)` from the type
//! of `dout`. Only `last.backward()`, whose batch size and width are themselves inferred from
//! where its result goes, leaves nothing to infer from: then name one of the two shapes, the
//! input's as `dx` above or the scores' as `last.backward::<2, 10>()`. A network runs its
//! first layer through [`FirstLayer`] instead, given the batch back on the way down, so that
//! the first layer keeps no copy of it and computes no dX; a tuple does so by its first
//! element, and runs the others as layers:
//!
//! ```
//! # use dldw::layers::{Affine, FirstLayer, LossLayer, Relu, SoftmaxWithLoss};
//! # use dldw::loss::Labels;
//! # use nalgebra::SMatrix;
//! let mut model = (Affine::<3, 4, f64>::from_weights(dldw::zeros_boxed(), nalgebra::zero()), Relu::new());
//! let mut last = SoftmaxWithLoss::new();
//! let t = Labels::<2, 4>::new([0, 3]).unwrap();
//! let x = SMatrix::<f64, 2, 3>::zeros();
//! last.forward(model.forward_first(&x), &t);
//! model.backward_first(&x, last.backward::<2, 4>());
//! assert_eq!(model.0.db[0], 0.0); // ReLU stopped the gradient at 0
//! ```
//!
//! The parameters of a tuple are named by position: `0.W`, `0.b`, `2.W`, … (see
//! [`Name::index`]), so a model nested in another gets `1.0.W`.
//!
//! # When the widths do not line up
//! Wrapped in [`Network::new`](crate::Network::new), or, without a loss layer, in
//! [`model`](super::model), a tuple is checked where it is written (the traits of
//! [`shape`](super::shape)), and the first error names the layer at fault and what it is given:
//!
//! ```compile_fail,E0277
//! # use dldw::layers::{Affine, Relu, model};
//! # let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
//! # let init = dldw::init::Init::book();
//! let model = model((
//!     Affine::<784, 100, f64>::new(init, &mut rng),
//!     Relu::new(),
//!     Affine::<50, 10, f64>::new(init, &mut rng), // takes 50, is given 100
//! ));
//! ```
//!
//! ```text
//! error[E0277]: `Affine<50, 10, f64>` cannot follow a layer that gives `Width<100>` of `f64`
//! ```
//!
//! A bare tuple is checked only where it is used as a layer, and a method called on it then
//! fails as a whole:
//!
//! ```compile_fail,E0599
//! # use dldw::layers::{Affine, Layer, Relu};
//! # use nalgebra::SMatrix;
//! # let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
//! # let init = dldw::init::Init::book();
//! let mut model = (
//!     Affine::<784, 100, f64>::new(init, &mut rng),
//!     Relu::new(),
//!     Affine::<50, 10, f64>::new(init, &mut rng), // takes 50, is given 100
//! );
//! model.forward(&SMatrix::<f64, 2, 784>::zeros());
//! ```
//!
//! rustc (1.95) says, in its first and last lines (paths shortened):
//!
//! ```text
//! error[E0599]: the method `forward` exists for tuple `(Affine<784, 100, f64>, Relu<_>, Affine<50, 10, f64>)`, but its trait bounds were not satisfied
//!    = note: the following trait bounds were not satisfied:
//!            `Affine<50, 10, f64>: Layer<Matrix<f64, Const<_>, Const<100>, ArrayStorage<f64, _, 100>>>`
//! ```
//!
//! `#[diagnostic::on_unimplemented]` does not apply to a method call on a type whose impl does
//! not hold, so the message is rustc's own: read the first type of the note as the layer at
//! fault and `Const<100>` as the width it is given (`Matrix<T, Const<N>, Const<W>, …>` is a
//! batch of `N` rows of width `W`). Wrapping the tuple in `model(…)` turns it into the message
//! above. Where a model is passed to a function that needs a [`Layer`], such as
//! [`gradient_check`](crate::gradient_check::gradient_check), the message is
//! ``the layer `Affine<50, 10, f64>` cannot take `Matrix<f64, Const<_>, Const<100>, …>` as
//! its input``. A batch of the wrong width, or of `f64` for an `f32` model, given to the tuple's
//! own `forward` is a type mismatch at the argument: ``expected `784`, found `783` ``; given to
//! a [`Network`](crate::Network)'s methods, which take the batch through [`FirstLayer`], it
//! names the layer that cannot take it and both float types.
//! `tests/shape_errors/compile_fail/` holds each of these mistakes with the compiler's full message, and
//! `docs/shape-errors.md` explains them.
//!
//! # Deeper than eight layers
//! Tuples are layers for 2 to 8 elements. A deeper model nests them, one tuple per block, as
//! the book's chapter 6 nets read: six hidden layers of Affine → BatchNorm → ReLU → Dropout
//! and an output Affine are a tuple of seven, each hidden layer a tuple of four, and their
//! parameters are named `0.0.W`, `0.1.gamma`, …, `6.W`. Nesting, rather than longer tuples,
//! keeps the generated impls to seven arities and gives each block a name of its own:
//!
//! ```
//! use dldw::init::Init;
//! use dldw::layers::{Affine, BatchNorm, Dropout, Layer, Relu};
//! use rand::SeedableRng;
//! type Block<const I: usize> = (Affine<I, 100, f32>, BatchNorm<100, f32>, Relu<f32>, Dropout<f32>);
//! let mut rng = rand::rngs::StdRng::seed_from_u64(0);
//! let mut block = |rng: &mut rand::rngs::StdRng| -> Block<100> {
//!     (Affine::new(Init::he(), rng), BatchNorm::new(), Relu::new(), Dropout::new(0.5, rng).unwrap())
//! };
//! let mut deep = (block(&mut rng), block(&mut rng), block(&mut rng), block(&mut rng),
//!                 block(&mut rng), block(&mut rng), Affine::<100, 10, f32>::new(Init::he(), &mut rng));
//! let y = deep.predict(&nalgebra::SMatrix::<f32, 2, 100>::repeat(0.5));
//! assert_eq!(y.shape(), (2, 10));
//! ```
//!
//! # What a tuple of layers is
//! For two layers the implementation reads as below; every arity from 2 to 8 is the same
//! with one line per element (a small `macro_rules!` in this file writes them out).
//!
//! ```text
//! impl<X, A: Layer<X>, B: Layer<A::Output>> Layer<X> for (A, B) {
//!     type Output = B::Output;
//!     fn forward(&mut self, x: &X) -> &B::Output {
//!         let h = self.0.forward(x);
//!         self.1.forward(h)
//!     }
//!     fn predict(&mut self, x: &X) -> &B::Output { // test mode, the same chain
//!         let h = self.0.predict(x);
//!         self.1.predict(h)
//!     }
//!     fn backward(&mut self, dout: &B::Output) -> &X {
//!         let d = self.1.backward(dout);
//!         self.0.backward(d)
//!     }
//! }
//! impl<X, A: Shape + FirstLayer<X, A::Float>, B: Layer<A::Output>> FirstLayer<X, A::Float> for (A, B) {
//!     type Output = B::Output;
//!     fn forward_first(&mut self, x: &X) -> &B::Output { // x comes back to backward_first
//!         let h = self.0.forward_first(x);
//!         self.1.forward(h)
//!     }
//!     fn predict_first(&mut self, x: &X) -> &B::Output {
//!         let h = self.0.predict_first(x);
//!         self.1.predict(h)
//!     }
//!     fn backward_first(&mut self, x: &X, dout: &B::Output) { // no dX: the input is data
//!         let d = self.1.backward(dout);
//!         self.0.backward_first(x, d);
//!     }
//! }
//! impl<A: Shape, B> Shape for (A, B) {
//!     type Float = A::Float; // the first element's
//!     type Input = A::Input;
//! }
//! impl<T, W, A: Takes<T, W>, B: Takes<T, A::Gives>> Takes<T, W> for (A, B) {
//!     type Gives = B::Gives;
//! }
//! impl<T: Float, A: Parameters<T>, B: Parameters<T>> Parameters<T> for (A, B) {
//!     fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
//!         self.0.visit_params(&name.index(0), f);
//!         self.1.visit_params(&name.index(1), f);
//!     }
//!     fn visit_state(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
//!         self.0.visit_state(&name.index(0), f);
//!         self.1.visit_state(&name.index(1), f);
//!     }
//! }
//! ```
//!
//! Each element's output lives in a buffer the element owns, so passing it on to the next
//! element copies nothing, and borrowing two elements of one tuple at once is allowed.

use super::summary::{Row, Summarize};
use super::{FirstLayer, Layer, Shape, Takes};
use crate::Float;
use crate::params::{Name, Param, Parameters};

/// Writes out `Layer`, `FirstLayer`, `Shape`, `Takes`, `Summarize` and `Parameters` for one tuple arity. It is given the first element,
/// each further element with the element whose output it takes, the last element, and the
/// indices of all but the first in reverse; the bodies are the arity-2 code shown in the
/// module docs, one line per element. Nothing else is generated.
macro_rules! tuple_model {
    ($A:ident, $($L:ident $i:tt after $P:ident),+; output of $Z:ident; backward $($r:tt)+) => {
        impl<X, $A: Layer<X>, $($L: Layer<$P::Output>),+> Layer<X> for ($A, $($L),+) {
            type Output = $Z::Output;

            fn forward(&mut self, x: &X) -> &Self::Output {
                let h = self.0.forward(x);
                $(let h = self.$i.forward(h);)+
                h
            }

            fn predict(&mut self, x: &X) -> &Self::Output {
                let h = self.0.predict(x);
                $(let h = self.$i.predict(h);)+
                h
            }

            fn backward(&mut self, dout: &Self::Output) -> &X {
                let d = dout;
                $(let d = self.$r.backward(d);)+
                self.0.backward(d)
            }

        }

        impl<X, $A, $($L),+> FirstLayer<X, $A::Float> for ($A, $($L),+)
        where
            $A: Shape + FirstLayer<X, $A::Float>,
            $($L: Layer<$P::Output>),+
        {
            type Output = $Z::Output;

            fn forward_first(&mut self, x: &X) -> &Self::Output {
                let h = self.0.forward_first(x);
                $(let h = self.$i.forward(h);)+
                h
            }

            fn predict_first(&mut self, x: &X) -> &Self::Output {
                let h = self.0.predict_first(x);
                $(let h = self.$i.predict(h);)+
                h
            }

            fn backward_first(&mut self, x: &X, dout: &Self::Output) {
                let d = dout;
                $(let d = self.$r.backward(d);)+
                self.0.backward_first(x, d);
            }
        }

        impl<$A: Shape, $($L),+> Shape for ($A, $($L),+) {
            type Float = $A::Float;
            type Input = $A::Input;
        }

        impl<T, W, $A: Takes<T, W>, $($L: Takes<T, $P::Gives>),+> Takes<T, W> for ($A, $($L),+) {
            type Gives = $Z::Gives;
        }

        impl<T, W, $A: Summarize<T, W>, $($L: Summarize<T, $P::Gives>),+> Summarize<T, W> for ($A, $($L),+) {
            fn rows(rows: &mut Vec<Row>) {
                $A::rows(rows);
                $($L::rows(rows);)+
            }
        }

        impl<T: Float, $A: Parameters<T>, $($L: Parameters<T>),+> Parameters<T> for ($A, $($L),+) {
            fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
                self.0.visit_params(&name.index(0), f);
                $(self.$i.visit_params(&name.index($i), f);)+
            }

            fn visit_state(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
                self.0.visit_state(&name.index(0), f);
                $(self.$i.visit_state(&name.index($i), f);)+
            }
        }
    };
}

tuple_model!(A, B 1 after A; output of B; backward 1);
tuple_model!(A, B 1 after A, C 2 after B; output of C; backward 2 1);
tuple_model!(A, B 1 after A, C 2 after B, D 3 after C; output of D; backward 3 2 1);
tuple_model!(A, B 1 after A, C 2 after B, D 3 after C, E 4 after D; output of E; backward 4 3 2 1);
tuple_model!(
    A, B 1 after A, C 2 after B, D 3 after C, E 4 after D, F 5 after E;
    output of F; backward 5 4 3 2 1
);
tuple_model!(
    A, B 1 after A, C 2 after B, D 3 after C, E 4 after D, F 5 after E, G 6 after F;
    output of G; backward 6 5 4 3 2 1
);
tuple_model!(
    A, B 1 after A, C 2 after B, D 3 after C, E 4 after D, F 5 after E, G 6 after F, H 7 after G;
    output of H; backward 7 6 5 4 3 2 1
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{Affine, Model, Relu, Sigmoid, Takes, Width};
    use nalgebra::{Matrix2, Matrix2x3, RowSVector};

    // W1 = [[1, −1, 0], [0, 2, 1]], b1 = [0, 0, −1]; W2 = [[1, 0], [0, 1], [1, 1]], b2 = [0.5, 0].
    fn model() -> (Affine<2, 3, f64>, Relu<f64>, Affine<3, 2, f64>) {
        (
            Affine::from_weights(
                Box::new(Matrix2x3::new(1.0, -1.0, 0.0, 0.0, 2.0, 1.0)),
                RowSVector::<f64, 3>::new(0.0, 0.0, -1.0),
            ),
            Relu::new(),
            Affine::from_weights(
                Box::new(nalgebra::Matrix3x2::new(1.0, 0.0, 0.0, 1.0, 1.0, 1.0)),
                RowSVector::<f64, 2>::new(0.5, 0.0),
            ),
        )
    }

    #[test]
    fn forward_runs_in_order_and_backward_in_reverse() {
        let mut m = model();
        let x = Matrix2::new(1.0, 1.0, 2.0, -1.0);
        // By hand: X·W1 + b1 = [[1, 1, 0], [2, −4, −2]]; ReLU → [[1, 1, 0], [2, 0, 0]];
        // ·W2 + b2 = [[1.5, 1], [2.5, 0]].
        assert_eq!(*m.forward(&x), Matrix2::new(1.5, 1.0, 2.5, 0.0));
        let dout = Matrix2::new(1.0, 2.0, -1.0, 1.0);
        // dH = dout·W2ᵀ = [[1, 2, 3], [−1, 1, 0]], masked by ReLU → [[1, 2, 0], [−1, 0, 0]],
        // dX = ·W1ᵀ = [[−1, 4], [−1, 0]].
        let dx: &Matrix2<f64> = m.backward(&dout);
        assert_eq!(*dx, Matrix2::new(-1.0, 4.0, -1.0, 0.0));
        // dW2 = Hᵀ·dout, dW1 = Xᵀ·(masked dH).
        assert_eq!(*m.2.dW, nalgebra::Matrix3x2::new(-1.0, 4.0, 1.0, 2.0, 0.0, 0.0));
        assert_eq!(*m.0.dW, Matrix2x3::new(-1.0, 2.0, 0.0, 2.0, 2.0, 0.0));
    }

    /// A tuple runs `forward_first` and `backward_first` on its first element and the usual
    /// forward and backward on the others: the same scores and parameter gradients, and the
    /// first Affine keeps no copy of the input (a `backward` after it panics).
    #[test]
    fn backward_first_gives_the_same_parameter_gradients() {
        let (mut a, mut b) = (model(), model());
        let x = Matrix2::new(1.0, 1.0, 2.0, -1.0);
        let dout = Matrix2::new(1.0, 2.0, -1.0, 1.0);
        assert_eq!(*a.forward(&x), *b.forward_first(&x));
        let _: &Matrix2<f64> = a.backward(&dout);
        b.backward_first(&x, &dout);
        assert_eq!((&a.0.dW, &a.0.db, &a.2.dW, &a.2.db), (&b.0.dW, &b.0.db, &b.2.dW, &b.2.db));
        let kept = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _: &Matrix2<f64> = b.backward(&dout);
        }));
        assert!(kept.is_err(), "the first Affine kept a copy of the input");
    }

    #[test]
    fn parameters_are_named_by_position_also_when_nested() {
        let mut m = (model(), Sigmoid::<f64>::new(), model().2);
        let mut names = Vec::new();
        m.visit_params(&Name::Root, &mut |p| names.push((p.name.to_string(), p.rows, p.cols)));
        let expected = [
            ("0.0.W", 2, 3),
            ("0.0.b", 1, 3),
            ("0.2.W", 3, 2),
            ("0.2.b", 1, 2),
            ("2.W", 3, 2),
            ("2.b", 1, 2),
        ];
        assert_eq!(names, expected.map(|(n, r, c)| (n.to_string(), r, c)));
    }

    /// Compiles only if `M` lines up and gives width `O`.
    fn gives<M, const O: usize>(_: &M)
    where
        M: Model + Takes<M::Float, M::Input, Gives = Width<O>>,
    {
    }

    #[test]
    fn nested_tuples_line_up_element_by_element_and_run_in_a_network() {
        let nested = (model(), Sigmoid::new(), model());
        gives::<_, 2>(&nested);
        // An activation first: the model takes any width until the first Affine fixes it.
        gives::<_, 3>(&(Relu::new(), model().0, Relu::new()));
        let mut net = crate::Network::new(nested, crate::layers::SoftmaxWithLoss::new());
        let t = crate::loss::Labels::<2, 2>::new([0, 1]).unwrap();
        let x = Matrix2::new(1.0, 1.0, 2.0, -1.0);
        let loss = net.gradient(&x, &t);
        // It runs: forward through the nested tuple, backward into its first layer.
        assert!(loss.is_finite());
        assert_ne!(net.layers.0.0.dW.amax(), 0.0);
    }

    #[test]
    fn eight_layers_compose() {
        let mut m = (
            Relu::<f64>::new(),
            Relu::new(),
            Relu::new(),
            Relu::new(),
            Relu::new(),
            Relu::new(),
            Relu::new(),
            Sigmoid::new(),
        );
        let y = *m.forward(&Matrix2::new(0.0, 1.0, -1.0, 2.0));
        assert_eq!(y[(0, 0)], 0.5);
        assert_eq!(y[(1, 0)], 0.5);
        assert_eq!(m.param_count(), 0);
        gives::<_, 3>(&(m, Affine::<3, 3, f64>::from_weights(crate::zeros_boxed(), nalgebra::zero())));
    }
}
