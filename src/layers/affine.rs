//! The Affine layer (book 5.6.1–5.6.2): Y = X·W + b over a batch.

use super::{AnyWidth, FirstLayer, Image, Layer, Shape, Takes, Width};
use crate::Float;
use crate::buffer::{Buffer, boxed_copy, zeros_boxed};
use crate::init::Init;
use crate::kernels::each;
use crate::matmul::{matmul, matmul_nt, matmul_tn};
use crate::params::{Name, Param, Parameters};
use nalgebra::{RowSVector, SMatrix};
use rand::Rng;

mod sparse;

/// A fully connected layer from `I` inputs to `O` outputs: Y = X·W + b, with W of shape I×O
/// and the bias b added to every row of the batch.
///
/// `W` and `dW` live on the heap (784×50 in f64 is 313 KB). Products go through
/// [`matmul`](crate::matmul) so that they use a fast kernel while shapes stay in the types:
/// `Affine<784, 50>` accepts only batches of width 784 and gives batches of width 50.
///
/// As the first layer of a network it also takes a batch of mostly zeros stored as its
/// nonzeros, a [`SparseRows<T, N, I>`](crate::sparse::SparseRows) (an MNIST batch is four
/// fifths zeros), through [`FirstLayer`]: then only the nonzeros are
/// multiplied, in forward and for dW (`affine/sparse.rs`), with the results of the dense
/// product up to rounding.
///
/// ```
/// use dldw::layers::{Affine, Layer};
/// use nalgebra::{Matrix2, Matrix1x2, Matrix2x3, Matrix1x3};
/// let w = Box::new(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
/// let mut affine = Affine::<2, 3, f64>::from_weights(w, Matrix1x3::new(0.1, 0.2, 0.3));
/// let y = affine.forward(&Matrix1x2::new(1.0, 1.0));
/// assert_eq!(*y, Matrix1x3::new(5.1, 7.2, 9.3));
/// ```
#[allow(non_snake_case)] // W, b, dW, db: the book's names
#[derive(Debug)]
pub struct Affine<const I: usize, const O: usize, T: Float = f32> {
    /// The weights W, I×O.
    pub W: Box<SMatrix<T, I, O>>,
    /// The bias b, one per output.
    pub b: RowSVector<T, O>,
    /// ∂L/∂W from the last `backward`.
    pub dW: Box<SMatrix<T, I, O>>,
    /// ∂L/∂b from the last `backward`.
    pub db: RowSVector<T, O>,
    x: Buffer<T>,
    out: Buffer<T>,
    dx: Buffer<T>,
    /// The caches of a sparse input.
    sparse: sparse::Cache<T>,
}

/// A copy whose `W` and `dW` are copied from heap to heap: a derived `clone`
/// of a `Box<SMatrix>` builds the matrix on the stack first, which for `Affine<4320, 100>` is
/// 1.7 MB, more than a test thread's stack holds in an unoptimised build.
impl<const I: usize, const O: usize, T: Float> Clone for Affine<I, O, T> {
    fn clone(&self) -> Self {
        Self {
            W: boxed_copy(&self.W),
            b: self.b,
            dW: boxed_copy(&self.dW),
            db: self.db,
            x: self.x.clone(),
            out: self.out.clone(),
            dx: self.dx.clone(),
            sparse: self.sparse.clone(),
        }
    }
}

impl<const I: usize, const O: usize, T: Float> Affine<I, O, T> {
    /// Weights drawn from N(0, σ²) as `init` says, biases 0 (the book's
    /// `weight_init_std * np.random.randn(I, O)`, `np.zeros(O)`).
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let a = dldw::layers::Affine::<784, 50, f32>::new(dldw::init::Init::book(), &mut rng);
    /// assert!(a.W.amax() < 0.1);
    /// assert_eq!(a.b.sum(), 0.0);
    /// ```
    pub fn new(init: Init, rng: &mut impl Rng) -> Self {
        let mut w = zeros_boxed::<T, I, O>();
        init.fill(&mut w, rng);
        Self::from_weights(w, RowSVector::zeros())
    }

    /// An Affine layer with the given weights and bias.
    ///
    /// ```
    /// let w = dldw::zeros_boxed::<f64, 4, 2>();
    /// let a = dldw::layers::Affine::from_weights(w, nalgebra::RowSVector::<f64, 2>::new(1.0, 2.0));
    /// assert_eq!(a.b[1], 2.0);
    /// ```
    pub fn from_weights(w: Box<SMatrix<T, I, O>>, b: RowSVector<T, O>) -> Self {
        Affine {
            W: w,
            b,
            dW: zeros_boxed(),
            db: RowSVector::zeros(),
            x: Buffer::new(),
            out: Buffer::new(),
            dx: Buffer::new(),
            sparse: sparse::Cache::new(),
        }
    }

    /// db = Σₙ dYₙ (the column sums of dY), added row after row: each column is still summed
    /// in order from the first row, but the `O` sums are independent, so the CPU adds them
    /// side by side. Summed column after column, each addition waited on the one before: the
    /// book's sparse backward took 35.1 µs against 31.1 µs now (`scripts/stage_times`, medians
    /// of five alternating rounds), the same sums.
    fn bias_grad<const N: usize>(&mut self, dout: &SMatrix<T, N, O>) {
        let (db, dout) = (self.db.as_mut_slice(), dout.as_slice());
        db.fill(T::zero());
        for n in 0..N {
            for (j, db) in db.iter_mut().enumerate() {
                *db += dout[j * N + n];
            }
        }
    }
}

impl<const N: usize, const I: usize, const O: usize, T: Float> Layer<SMatrix<T, N, I>> for Affine<I, O, T> {
    type Output = SMatrix<T, N, O>;

    fn forward(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, O> {
        each::copy(self.x.get_mut::<N, I>().as_mut_slice(), x.as_slice()); // the book's self.x = x
        self.predict(x)
    }

    /// The same Y = X·W + b, without keeping X for a backward that will not come (copying
    /// it was a tenth of the time of scoring MNIST's test set with a deep net).
    fn predict(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, O> {
        let out = self.out.get_mut::<N, O>();
        matmul(out, x, &self.W);
        add_bias(out, &self.b);
        out
    }

    /// dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ over the batch of dY (book 5.6.2).
    fn backward(&mut self, dout: &SMatrix<T, N, O>) -> &SMatrix<T, N, I> {
        matmul_tn(&mut self.dW, self.x.get::<N, I>(), dout);
        self.bias_grad(dout);
        let dx = self.dx.get_mut::<N, I>();
        matmul_nt(dx, dout, &self.W);
        dx
    }
}

/// The first layer of a network, given a dense batch: Y = X·W + b without a copy of X, and
/// dW and db from the X handed back, without dX = dY·Wᵀ (the input is data).
impl<const N: usize, const I: usize, const O: usize, T: Float> FirstLayer<SMatrix<T, N, I>, T>
    for Affine<I, O, T>
{
    type Output = SMatrix<T, N, O>;

    /// Y = X·W + b. The copy of X kept by an earlier `forward` is dropped, so that a
    /// [`Layer::backward`] now panics instead of using another batch.
    fn forward_first(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, O> {
        self.x.forget();
        self.predict(x)
    }

    fn predict_first(&mut self, x: &SMatrix<T, N, I>) -> &SMatrix<T, N, O> {
        self.predict(x)
    }

    /// dW = Xᵀ·dY and db = Σ over the batch of dY, with X given (book 5.6.2).
    fn backward_first(&mut self, x: &SMatrix<T, N, I>, dout: &SMatrix<T, N, O>) {
        matmul_tn(&mut self.dW, x, dout);
        self.bias_grad(dout);
    }
}

/// A boxed batch (as [`zeros_boxed`] gives) is taken as the batch in it.
impl<X, const I: usize, const O: usize, T: Float> FirstLayer<Box<X>, T> for Affine<I, O, T>
where
    Self: FirstLayer<X, T>,
{
    type Output = <Self as FirstLayer<X, T>>::Output;

    fn forward_first(&mut self, x: &Box<X>) -> &Self::Output {
        self.forward_first(&**x)
    }

    fn predict_first(&mut self, x: &Box<X>) -> &Self::Output {
        self.predict_first(&**x)
    }

    fn backward_first(&mut self, x: &Box<X>, dout: &Self::Output) {
        self.backward_first(&**x, dout);
    }
}

/// `Affine<I, O, T>` takes width `I` in `T` and gives width `O`: the same facts as its `Layer`
/// impl, without the batch size, so that a model is checked where it is written
/// ([`shape`](super::shape)).
impl<const I: usize, const O: usize, T: Float> Shape for Affine<I, O, T> {
    type Float = T;
    type Input = Width<I>;
}

impl<const I: usize, const O: usize, T: Float> Takes<T, Width<I>> for Affine<I, O, T> {
    type Gives = Width<O>;
}

/// An image of `C·H·W = I` values, as a convolution or a pooling gives it, flattened
/// channel-major for free (the book's `x.reshape(N, -1)`: the batch already is `N × I`).
/// (`do_not_recommend`, as below, keeps the list of what `Affine` takes in an error short.)
#[diagnostic::do_not_recommend]
impl<const C: usize, const H: usize, const W: usize, const I: usize, const O: usize, T: Float>
    Takes<T, Image<C, H, W, I>> for Affine<I, O, T>
{
    type Gives = Width<O>;
}

/// After an activation that starts a model, any width is given: an Affine fixes it.
/// (`do_not_recommend` keeps this impl out of the list of what `Affine` takes in an error,
/// where it would only add noise.)
#[diagnostic::do_not_recommend]
impl<const I: usize, const O: usize, T: Float> Takes<T, AnyWidth> for Affine<I, O, T> {
    type Gives = Width<O>;
}

/// Y += b on every row, column by column over the plain slice: nalgebra's column iterator
/// compiled to one scalar add at a time, a tenth of the time of scoring a batch.
fn add_bias<T: Float, const N: usize, const O: usize>(out: &mut SMatrix<T, N, O>, b: &RowSVector<T, O>) {
    if N == 0 {
        return;
    }
    for (col, &b) in out.as_mut_slice().chunks_exact_mut(N).zip(b.iter()) {
        col.iter_mut().for_each(|y| *y += b);
    }
}

impl<const I: usize, const O: usize, T: Float> Affine<I, O, T> {
    /// Visits `W` and `b` under the names the caller gives: the book's `TwoLayerNet` calls
    /// them `W1`, `b1`, …, while a layer on its own calls them `W` and `b`.
    ///
    /// ```
    /// use dldw::params::{Name, Param};
    /// let mut a = dldw::layers::Affine::<2, 3, f64>::from_weights(dldw::zeros_boxed(), nalgebra::zero());
    /// let mut names = Vec::new();
    /// a.visit_named(&Name::Root.child("W1"), &Name::Root.child("b1"), &mut |p: Param<'_, f64>| {
    ///     names.push(format!("{} {}x{}", p.name, p.rows, p.cols))
    /// });
    /// assert_eq!(names, ["W1 2x3", "b1 1x3"]);
    /// ```
    pub fn visit_named(&mut self, w: &Name<'_>, b: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        f(Param {
            name: w,
            value: self.W.as_mut_slice(),
            grad: self.dW.as_slice(),
            rows: I,
            cols: O,
            dims: None,
        });
        f(Param {
            name: b,
            value: self.b.as_mut_slice(),
            grad: self.db.as_slice(),
            rows: 1,
            cols: O,
            dims: None,
        });
    }
}

impl<const I: usize, const O: usize, T: Float> Parameters<T> for Affine<I, O, T> {
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.visit_named(&name.child("W"), &name.child("b"), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix2, Matrix2x3};

    // Hand-computed: X = [[1, 2], [3, 4]], W = [[1, 0, -1], [2, 1, 0]], b = [0.5, 0, -0.5].
    fn layer() -> Affine<2, 3, f64> {
        Affine::from_weights(
            Box::new(Matrix2x3::new(1.0, 0.0, -1.0, 2.0, 1.0, 0.0)),
            RowSVector::<f64, 3>::new(0.5, 0.0, -0.5),
        )
    }

    #[test]
    fn forward_is_x_w_plus_b_on_every_row() {
        let mut a = layer();
        let y = *a.forward(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
        assert_eq!(y, Matrix2x3::new(5.5, 2.0, -1.5, 11.5, 4.0, -3.5));
    }

    #[test]
    fn backward_gives_the_book_formulas() {
        let mut a = layer();
        a.forward(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
        let dy = Matrix2x3::new(1.0, 0.0, 2.0, 0.0, 1.0, -1.0);
        let dx = *a.backward(&dy);
        // dX = dY·Wᵀ
        assert_eq!(dx, Matrix2::new(-1.0, 2.0, 1.0, 1.0));
        // dW = Xᵀ·dY
        assert_eq!(*a.dW, Matrix2x3::new(1.0, 3.0, -1.0, 2.0, 4.0, 0.0));
        // db = column sums of dY
        assert_eq!(a.db, RowSVector::<f64, 3>::new(1.0, 1.0, 1.0));
    }

    /// The first layer's way (no copy of X, X handed back) gives the same output and
    /// parameter gradients bit for bit, also after an earlier forward cached another batch.
    #[test]
    fn backward_first_matches_forward_and_backward() {
        let (mut a, mut b) = (layer(), layer());
        let x = Matrix2::new(1.0, 2.0, 3.0, 4.0);
        let dy = Matrix2x3::new(1.0, 0.0, 2.0, 0.0, 1.0, -1.0);
        b.forward(&Matrix2::new(9.0, 9.0, 9.0, 9.0));
        assert_eq!(*a.forward(&x), *b.forward_first(&x));
        a.backward(&dy);
        b.backward_first(&x, &dy);
        assert_eq!((a.dW, a.db), (b.dW, b.db));
    }

    /// After `forward_first` the layer holds no input, so a `backward` cannot use an older one.
    #[test]
    #[should_panic(expected = "backward was called before its forward")]
    fn backward_after_forward_first_panics_instead_of_using_an_older_batch() {
        let mut a = layer();
        a.forward(&Matrix2::new(9.0, 9.0, 9.0, 9.0));
        a.forward_first(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
        a.backward(&Matrix2x3::new(1.0, 0.0, 2.0, 0.0, 1.0, -1.0));
    }
}
