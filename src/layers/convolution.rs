//! The convolution layer (book 7.2, 7.4.3): each filter slides over the image and sums its
//! products with every window, through im2col.

use super::image::check_image;
use super::{AnyWidth, FirstLayer, GivesImage, Image, ImageShape, Layer, Shape, Takes};
use crate::Float;
use crate::buffer::Buffer;
use crate::init::Init;
use crate::kernels::conv::{Geometry, Scratch, convolve, filter_gradient, first, input_gradient};
use crate::params::{Name, Param, Parameters};
use nalgebra::SMatrix;
use rand::Rng;
use std::marker::PhantomData;

/// A convolution of `FN` filters of `C × FH × FW` over images `In = Image<C, H, W, _>`,
/// giving `Out = Image<FN, OH, OW, _>`, with `PAD` zeros around the image and the filters
/// moved by `STRIDE`: the book's `Convolution(W, b, stride, pad)`.
///
/// Write the type with [`Convolution!`](crate::Convolution!), which computes `Out`
/// (`OH = (H + 2·PAD − FH) / STRIDE + 1`, the same for `OW`). A batch is the
/// `SMatrix<T, N, C·H·W>` of [`Image`]'s layout, so the output goes to a [`Pooling`](super::Pooling),
/// a [`Relu`](super::Relu) or an [`Affine`](super::Affine) as it is.
///
/// `W` holds the filters as the book's `W` of shape `(FN, C, FH, FW)`, and is saved and loaded
/// with that 4-D shape, as NumPy and PyTorch hold them; `b` holds one bias per filter.
///
/// ```
/// use dldw::layers::Layer;
/// use nalgebra::SMatrix;
/// type Conv = dldw::Convolution![in: 1, 3, 3; filters: 1, 2, 2; pad: 0; stride: 1; f64];
/// // One 2×2 filter that adds the top-left and bottom-right pixels of each window, bias 0.5.
/// let mut conv = Conv::from_weights(vec![1.0, 0.0, 0.0, 1.0], vec![0.5]).unwrap();
/// let x = SMatrix::<f64, 1, 9>::from_row_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
/// let y = conv.forward(&x);
/// assert_eq!(*y, SMatrix::<f64, 1, 4>::new(6.5, 8.5, 12.5, 14.5)); // 1+5, 2+6, 4+8, 5+9, + 0.5
/// ```
///
/// # Sizes written by hand
/// A type written out by hand is checked when the layer is built: 5 × 5 filters over 28 × 28
/// give 24 × 24, so an output written as 23 × 23 (and every size after it consistent with 23,
/// so that no layer's input disagrees) stops `cargo build` with
/// `evaluation panicked: a Convolution whose output image is not (H + 2·PAD − FH) / STRIDE + 1 …`.
///
/// ```compile_fail,E0080
/// use dldw::layers::{Convolution, Image};
/// use rand::SeedableRng;
/// type Conv = Convolution<Image<1, 28, 28, 784>, Image<30, 23, 23, 15870>, 5, 5, 0, 1>;
/// let conv = Conv::new(dldw::init::Init::book(), &mut rand::rngs::StdRng::seed_from_u64(0));
/// ```
#[allow(non_snake_case)] // W, b, dW, db: the book's names
#[derive(Clone, Debug)]
pub struct Convolution<
    In,
    Out,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float = f32,
> {
    /// The filters, `FN × (C·FH·FW)` column-major: element `(f, (c·FH + y)·FW + x)` is the
    /// book's `W[f, c, y, x]`.
    pub W: Box<[T]>,
    /// The biases, one per filter.
    pub b: Box<[T]>,
    /// ∂L/∂W from the last `backward`, laid out as `W`.
    pub dW: Box<[T]>,
    /// ∂L/∂b from the last `backward`.
    pub db: Box<[T]>,
    /// The input of the last forward padded with `PAD` zeros, for backward.
    x: Buffer<T>,
    work: Scratch<T>,
    out: Buffer<T>,
    dx: Buffer<T>,
    images: PhantomData<(In, Out)>,
}

/// `W` or `b` of the wrong length given to [`Convolution::from_weights`].
///
/// ```
/// type Conv = dldw::Convolution![in: 1, 3, 3; filters: 2, 2, 2; pad: 0; stride: 1];
/// let err = Conv::from_weights(vec![0.0; 7], vec![0.0; 2]).unwrap_err();
/// assert_eq!(err.to_string(), "W has 7 values but the convolution needs FN·C·FH·FW = 8 (its (FN, C, FH, FW) is (2, 1, 2, 2)), in the book's row-major order");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvolutionError {
    /// `W` is not `FN·C·FH·FW` long.
    #[error(
        "W has {found} values but the convolution needs FN·C·FH·FW = {expected} (its (FN, C, FH, FW) \
         is {dims:?}), in the book's row-major order"
    )]
    Filters {
        /// The length given.
        found: usize,
        /// `FN·C·FH·FW`.
        expected: usize,
        /// `(FN, C, FH, FW)`.
        dims: (usize, usize, usize, usize),
    },
    /// `b` is not `FN` long.
    #[error("b has {found} values but the convolution has {expected} filters: give one bias per filter")]
    Biases {
        /// The length given.
        found: usize,
        /// `FN`.
        expected: usize,
    },
}

impl<
    In: ImageShape,
    Out: ImageShape,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
> Convolution<In, Out, FH, FW, PAD, STRIDE, T>
{
    /// Evaluated when the layer is built: stops the build if the output image is not the one
    /// these sizes give, as in a hand-written type with a size computed by hand.
    const CONSISTENT: () = {
        check_image::<In>();
        check_image::<Out>();
        assert!(
            Out::H == super::out_size(In::H, FH, PAD, STRIDE)
                && Out::W == super::out_size(In::W, FW, PAD, STRIDE),
            "a Convolution whose output image is not (H + 2·PAD − FH) / STRIDE + 1 by \
             (W + 2·PAD − FW) / STRIDE + 1: write its type with dldw::Convolution!, which computes it"
        );
    };

    /// `(FN, C, FH, FW)`, the book's shape of `W`.
    pub const DIMS: [usize; 4] = [Out::C, In::C, FH, FW];

    /// Filters drawn from N(0, σ²) as `init` says with `C·FH·FW` inputs, in the book's order
    /// (`weight_init_std * np.random.randn(FN, C, FH, FW)`), biases 0.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// type Conv = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
    /// let conv = Conv::new(dldw::init::Init::book(), &mut rng);
    /// assert_eq!(conv.W.len(), 30 * 25);
    /// assert!(conv.W.iter().all(|w| w.abs() < 0.1));
    /// ```
    pub fn new(init: Init, rng: &mut impl Rng) -> Self {
        let [filters, k] = [Out::C, In::C * FH * FW];
        let mut w = vec![T::zero(); filters * k];
        init.fill_row_major(&mut w, [filters, k], k, rng);
        Self::with(w.into_boxed_slice(), vec![T::zero(); filters].into_boxed_slice())
    }

    /// A convolution with the filters `w`, given in the book's row-major `(FN, C, FH, FW)`
    /// order, and the biases `b`.
    ///
    /// # Errors
    /// [`ConvolutionError`] if `w` is not `FN·C·FH·FW` long or `b` not `FN`.
    ///
    /// ```
    /// type Conv = dldw::Convolution![in: 2, 4, 4; filters: 3, 2, 2; pad: 0; stride: 2; f64];
    /// let w: Vec<f64> = (0..24).map(f64::from).collect();
    /// let conv = Conv::from_weights(w, vec![0.0; 3]).unwrap();
    /// assert_eq!(conv.filter(1, 0, 1, 0), 10.0); // W[1, 0, 1, 0] = 1·8 + 0·4 + 1·2 + 0
    /// ```
    pub fn from_weights(w: Vec<T>, b: Vec<T>) -> Result<Self, ConvolutionError> {
        let [filters, k] = [Out::C, In::C * FH * FW];
        if w.len() != filters * k {
            let dims = (filters, In::C, FH, FW);
            return Err(ConvolutionError::Filters { found: w.len(), expected: filters * k, dims });
        }
        if b.len() != filters {
            return Err(ConvolutionError::Biases { found: b.len(), expected: filters });
        }
        // Row-major (FN, C·FH·FW) as given, column-major as kept.
        let kept = (0..filters * k).map(|i| w[(i % filters) * k + i / filters]).collect();
        Ok(Self::with(kept, b.into_boxed_slice()))
    }

    fn with(w: Box<[T]>, b: Box<[T]>) -> Self {
        let () = Self::CONSISTENT;
        Convolution {
            dW: vec![T::zero(); w.len()].into_boxed_slice(),
            db: vec![T::zero(); b.len()].into_boxed_slice(),
            W: w,
            b,
            x: Buffer::new(),
            work: Scratch::new(),
            out: Buffer::new(),
            dx: Buffer::new(),
            images: PhantomData,
        }
    }

    /// The book's `W[f, c, y, x]`.
    ///
    /// ```
    /// type Conv = dldw::Convolution![in: 1, 2, 2; filters: 1, 2, 2; pad: 0; stride: 1; f64];
    /// let conv = Conv::from_weights(vec![1.0, 2.0, 3.0, 4.0], vec![0.0]).unwrap();
    /// assert_eq!(conv.filter(0, 0, 1, 0), 3.0);
    /// ```
    pub fn filter(&self, f: usize, c: usize, y: usize, x: usize) -> T {
        self.W[((c * FH + y) * FW + x) * Out::C + f]
    }

    /// Visits `W`, with its 4-D shape `(FN, C, FH, FW)`, and `b` under the names the caller
    /// gives: the book's `SimpleConvNet` calls them `W1` and `b1`, a layer on its own `W` and `b`.
    ///
    /// ```
    /// use dldw::params::{Name, Param};
    /// type Conv = dldw::Convolution![in: 3, 8, 8; filters: 4, 3, 2; pad: 1; stride: 1; f64];
    /// let mut conv = Conv::from_weights(vec![0.0; 72], vec![0.0; 4]).unwrap();
    /// let mut seen = Vec::new();
    /// conv.visit_named(&Name::Root.child("W1"), &Name::Root.child("b1"), &mut |p: Param<'_, f64>| {
    ///     seen.push((p.name.to_string(), p.rows, p.cols, p.dims))
    /// });
    /// assert_eq!(seen[0], ("W1".to_string(), 4, 18, Some([4, 3, 3, 2])));
    /// assert_eq!(seen[1], ("b1".to_string(), 1, 4, None));
    /// ```
    pub fn visit_named(&mut self, w: &Name<'_>, b: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        let [filters, k] = [Out::C, In::C * FH * FW];
        f(Param {
            name: w,
            value: &mut self.W,
            grad: &self.dW,
            rows: filters,
            cols: k,
            dims: Some(Self::DIMS),
        });
        f(Param { name: b, value: &mut self.b, grad: &self.db, rows: 1, cols: filters, dims: None });
    }

    /// db = Σ over the batch and positions of dout, dW = doutᵀ·col, for a batch of `n` images
    /// whose input `x` the last forward kept (padded, as im2col pads it).
    fn param_grads(&mut self, n: usize, dout: &[T]) {
        let g = Self::geometry(n);
        let x = self.x.slice(g.padded_len());
        filter_gradient(x, dout, &g, &mut self.work, [&mut self.dW, &mut self.db]);
    }

    fn geometry(n: usize) -> Geometry {
        Geometry {
            n,
            c: In::C,
            h: In::H,
            w: In::W,
            fh: FH,
            fw: FW,
            pad: PAD,
            stride: STRIDE,
            oh: Out::H,
            ow: Out::W,
        }
    }
}

impl<
    const N: usize,
    const C: usize,
    const H: usize,
    const W: usize,
    const CHW: usize,
    const FN: usize,
    const OH: usize,
    const OW: usize,
    const OUT: usize,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
> Layer<SMatrix<T, N, CHW>>
    for Convolution<Image<C, H, W, CHW>, Image<FN, OH, OW, OUT>, FH, FW, PAD, STRIDE, T>
{
    type Output = SMatrix<T, N, OUT>;

    /// `col = im2col(x)`, `out = col·Wᵀ + b` (the book's `col_W = W.reshape(FN, -1).T`): each
    /// row of `col` is one window, each column of the product one filter's feature map. `x` is
    /// kept for backward, padded with zeros as im2col pads it (underneath, the product reads
    /// each window's values straight from it, so that `col` is never made).
    fn forward(&mut self, x: &SMatrix<T, N, CHW>) -> &SMatrix<T, N, OUT> {
        let g = Self::geometry(N);
        let out = self.out.get_mut::<N, OUT>();
        let kept = self.x.slice_mut(g.padded_len());
        convolve(x.as_slice(), &g, [&self.W, &self.b], kept, &mut self.work, out.as_mut_slice());
        out
    }

    /// With `x` and `W` as in forward (book 7.4.3, through im2col as for an Affine):
    /// db = Σ over the batch and positions of dout, dW = doutᵀ·col reshaped to (FN, C, FH, FW),
    /// dcol = dout·W and dx = col2im(dcol), which adds up what overlapping windows pass back
    /// (underneath, with stride 1: `dout` convolved with the filters turned by 180°, the same
    /// sums without `dcol`).
    fn backward(&mut self, dout: &SMatrix<T, N, OUT>) -> &SMatrix<T, N, CHW> {
        self.param_grads(N, dout.as_slice());
        let dx = self.dx.get_mut::<N, CHW>();
        input_gradient(dout.as_slice(), &self.W, FN, &Self::geometry(N), &mut self.work, dx.as_mut_slice());
        dx
    }
}

/// The first layer of a network (its input is data): the same output as `forward`, read
/// straight from the batch without im2col, and backward without dx, that is without
/// dcol = dout·W and col2im (the book computes them even there).
impl<
    const N: usize,
    const C: usize,
    const H: usize,
    const W: usize,
    const CHW: usize,
    const FN: usize,
    const OH: usize,
    const OW: usize,
    const OUT: usize,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
> FirstLayer<SMatrix<T, N, CHW>, T>
    for Convolution<Image<C, H, W, CHW>, Image<FN, OH, OW, OUT>, FH, FW, PAD, STRIDE, T>
{
    type Output = SMatrix<T, N, OUT>;

    /// The same `out` as `forward`, read straight from `x`, without `col`: the caller hands `x`
    /// back to `backward_first` (a kernel underneath; windows of more than a few dozen values
    /// take `forward`).
    fn forward_first(&mut self, x: &SMatrix<T, N, CHW>) -> &SMatrix<T, N, OUT> {
        let g = Self::geometry(N);
        if !first::fits(&g) {
            return self.forward(x);
        }
        // No `x` of this batch: a `backward` now panics instead of using an older one.
        self.x.forget();
        let out = self.out.get_mut::<N, OUT>();
        first::forward(x.as_slice(), &self.W, &self.b, &g, out.as_mut_slice());
        out
    }

    fn predict_first(&mut self, x: &SMatrix<T, N, CHW>) -> &SMatrix<T, N, OUT> {
        self.forward_first(x)
    }

    /// db and dW as in `backward`, from the `x` given back; no dx.
    fn backward_first(&mut self, x: &SMatrix<T, N, CHW>, dout: &SMatrix<T, N, OUT>) {
        let g = Self::geometry(N);
        if !first::fits(&g) {
            self.param_grads(N, dout.as_slice()); // from the `x` that `forward` kept
            return;
        }
        first::backward_params(x.as_slice(), dout.as_slice(), &g, &mut self.dW, &mut self.db);
    }
}

/// A boxed batch (as [`zeros_boxed`](crate::zeros_boxed) gives) is taken as the batch in it.
impl<X, In, Out, const FH: usize, const FW: usize, const PAD: usize, const STRIDE: usize, T: Float>
    FirstLayer<Box<X>, T> for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
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

/// A convolution takes its input image in `T` and gives its output image
/// ([`shape`](super::shape)).
impl<In, Out, const FH: usize, const FW: usize, const PAD: usize, const STRIDE: usize, T: Float> Shape
    for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
{
    type Float = T;
    type Input = In;
}

impl<
    const C: usize,
    const H: usize,
    const W: usize,
    const CHW: usize,
    Out,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
> Takes<T, Image<C, H, W, CHW>> for Convolution<Image<C, H, W, CHW>, Out, FH, FW, PAD, STRIDE, T>
{
    type Gives = Out;
}

/// After an activation that starts a model, any width is given: a convolution fixes it.
#[diagnostic::do_not_recommend]
impl<In, Out, const FH: usize, const FW: usize, const PAD: usize, const STRIDE: usize, T: Float>
    Takes<T, AnyWidth> for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
{
    type Gives = Out;
}

impl<In, Out: ImageShape, const FH: usize, const FW: usize, const PAD: usize, const STRIDE: usize, T: Float>
    GivesImage for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
{
    type Float = T;
    const C: usize = Out::C;
    const H: usize = Out::H;
    const W: usize = Out::W;
}

/// `W` with its 4-D shape `(FN, C, FH, FW)` and `b` with `(FN)`, as the book's `params` hold them.
impl<
    In: ImageShape,
    Out: ImageShape,
    const FH: usize,
    const FW: usize,
    const PAD: usize,
    const STRIDE: usize,
    T: Float,
> Parameters<T> for Convolution<In, Out, FH, FW, PAD, STRIDE, T>
{
    fn visit_params(&mut self, name: &Name<'_>, f: &mut dyn FnMut(Param<'_, T>)) {
        self.visit_named(&name.child("W"), &name.child("b"), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Conv = crate::Convolution![in: 1, 3, 3; filters: 1, 2, 2; pad: 0; stride: 1; f64];

    /// By hand: x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], the filter [[1, 0], [0, 1]], b = 0.5,
    /// dout = [[1, 2], [3, 4]].
    #[test]
    fn backward_gives_the_hand_computed_gradients() {
        let mut conv = Conv::from_weights(vec![1.0, 0.0, 0.0, 1.0], vec![0.5]).unwrap();
        let x = SMatrix::<f64, 1, 9>::from_row_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        assert_eq!(*conv.forward(&x), SMatrix::<f64, 1, 4>::new(6.5, 8.5, 12.5, 14.5));
        let dx = *conv.backward(&SMatrix::<f64, 1, 4>::new(1.0, 2.0, 3.0, 4.0));
        // db = Σ dout; dW[fy, fx] = Σ over positions of dout · the pixel the tap read there.
        assert_eq!(*conv.db, [10.0]);
        assert_eq!(*conv.dW, [37.0, 47.0, 67.0, 77.0]); // 1·1 + 2·2 + 3·4 + 4·5, …
        // dx: each pixel gets dout times the taps that read it (the diagonal filter).
        assert_eq!(dx, SMatrix::<f64, 1, 9>::from_row_slice(&[1.0, 2.0, 0.0, 3.0, 5.0, 2.0, 0.0, 3.0, 4.0]));
    }

    #[test]
    fn weights_of_the_wrong_length_are_refused() {
        assert_eq!(
            Conv::from_weights(vec![0.0; 4], vec![0.0; 2]).unwrap_err(),
            ConvolutionError::Biases { found: 2, expected: 1 }
        );
    }

    #[test]
    #[should_panic(expected = "backward was called before its forward")]
    fn backward_before_forward_is_a_programming_error() {
        let mut conv = Conv::from_weights(vec![0.0; 4], vec![0.0]).unwrap();
        conv.backward(&SMatrix::<f64, 1, 4>::zeros());
    }

    /// As a first layer, the same output and parameter gradients as forward and backward.
    #[test]
    fn the_first_layers_door_gives_the_same_parameter_gradients() {
        let x = SMatrix::<f64, 1, 9>::from_row_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        let dout = SMatrix::<f64, 1, 4>::new(1.0, 2.0, 3.0, 4.0);
        let mut a = Conv::from_weights(vec![1.0, 0.0, 0.0, 1.0], vec![0.5]).unwrap();
        let mut b = a.clone();
        assert_eq!(*a.forward(&x), *b.forward_first(&x));
        a.backward(&dout);
        b.backward_first(&x, &dout);
        assert_eq!((&a.dW, &a.db), (&b.dW, &b.db));
    }
}
