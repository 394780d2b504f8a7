//! The max-pooling layer (book 7.3, 7.4.4): the largest value of each window, channel by
//! channel.

use super::image::check_image;
use super::{AnyWidth, GivesImage, Image, ImageShape, Layer, Shape, Takes};
use crate::Float;
use crate::buffer::Buffer;
use crate::kernels::conv::{Arg, Geometry, MAX_WINDOW, max_pool, route_max};
use crate::params::{Name, Param, Parameters};
use nalgebra::SMatrix;
use std::marker::PhantomData;

/// Max pooling over windows of `PH × PW` moved by `STRIDE`, channel by channel, from images
/// `In = Image<C, H, W, _>` to `Out = Image<C, OH, OW, _>`: the book's
/// `Pooling(pool_h, pool_w, stride)`, without padding.
///
/// Write the type with [`Pooling!`](crate::Pooling!), which computes `Out`
/// (`OH = (H − PH) / STRIDE + 1`, the same for `OW`). It has no parameters.
///
/// ```
/// use dldw::layers::Layer;
/// use nalgebra::SMatrix;
/// type Pool = dldw::Pooling![in: 1, 2, 4; pool: 2, 2; stride: 2; f64];
/// let mut pool = Pool::new();
/// let x = SMatrix::<f64, 1, 8>::from_row_slice(&[1.0, 5.0, 0.0, -1.0, 3.0, 2.0, -4.0, -2.0]);
/// assert_eq!(*pool.forward(&x), SMatrix::<f64, 1, 2>::new(5.0, 0.0));
/// ```
#[derive(Clone, Debug)]
pub struct Pooling<In, Out, const PH: usize, const PW: usize, const STRIDE: usize, T: Float = f32> {
    /// Where in its window each output's maximum was read, for `backward`.
    arg: Vec<Arg>,
    out: Buffer<T>,
    dx: Buffer<T>,
    images: PhantomData<(In, Out)>,
}

impl<In: ImageShape, Out: ImageShape, const PH: usize, const PW: usize, const STRIDE: usize, T: Float>
    Pooling<In, Out, PH, PW, STRIDE, T>
{
    /// Evaluated when the layer is built: stops the build if the output image is not the one
    /// these sizes give, as in a hand-written type with a size computed by hand.
    const CONSISTENT: () = {
        check_image::<In>();
        check_image::<Out>();
        assert!(
            In::C == Out::C
                && Out::H == super::out_size(In::H, PH, 0, STRIDE)
                && Out::W == super::out_size(In::W, PW, 0, STRIDE),
            "a Pooling whose output image is not C × (H − PH) / STRIDE + 1 × (W − PW) / STRIDE + 1: \
             write its type with dldw::Pooling!, which computes it"
        );
        assert!(
            PH * PW <= MAX_WINDOW,
            "a Pooling window of more than 65 536 pixels: where each maximum was is kept in 16 bits"
        );
    };

    /// A pooling layer; its caches are allocated by the first `forward`.
    ///
    /// ```
    /// type Pool = dldw::Pooling![in: 30, 24, 24; pool: 2, 2; stride: 2];
    /// let _pool = Pool::new();
    /// ```
    pub fn new() -> Self {
        let () = Self::CONSISTENT;
        Pooling { arg: Vec::new(), out: Buffer::new(), dx: Buffer::new(), images: PhantomData }
    }

    fn geometry(n: usize) -> Geometry {
        Geometry {
            n,
            c: In::C,
            h: In::H,
            w: In::W,
            fh: PH,
            fw: PW,
            pad: 0,
            stride: STRIDE,
            oh: Out::H,
            ow: Out::W,
        }
    }
}

impl<In: ImageShape, Out: ImageShape, const PH: usize, const PW: usize, const STRIDE: usize, T: Float> Default
    for Pooling<In, Out, PH, PW, STRIDE, T>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<
    const N: usize,
    const C: usize,
    const H: usize,
    const W: usize,
    const CHW: usize,
    const OH: usize,
    const OW: usize,
    const OUT: usize,
    const PH: usize,
    const PW: usize,
    const STRIDE: usize,
    T: Float,
> Layer<SMatrix<T, N, CHW>> for Pooling<Image<C, H, W, CHW>, Image<C, OH, OW, OUT>, PH, PW, STRIDE, T>
{
    type Output = SMatrix<T, N, OUT>;

    /// out = the maximum of each window; where it was is kept for `backward` (the book's
    /// `np.argmax`, the first maximum on a tie).
    fn forward(&mut self, x: &SMatrix<T, N, CHW>) -> &SMatrix<T, N, OUT> {
        self.arg.resize(N * OUT, 0);
        let out = self.out.get_mut::<N, OUT>();
        max_pool(x.as_slice(), &Self::geometry(N), out.as_mut_slice(), &mut self.arg);
        out
    }

    /// dx = dout at the place of each window's maximum, 0 elsewhere: ∂max/∂xᵢ is 1 for the
    /// maximum and 0 for the others (book 7.4.4, as ReLU's backward passes dout where x > 0).
    fn backward(&mut self, dout: &SMatrix<T, N, OUT>) -> &SMatrix<T, N, CHW> {
        assert_eq!(
            self.arg.len(),
            N * OUT,
            "a layer's backward was called before its forward, or with another batch size"
        );
        let dx = self.dx.get_mut::<N, CHW>();
        route_max(dout.as_slice(), &self.arg, &Self::geometry(N), dx.as_mut_slice());
        dx
    }
}

/// A pooling takes its input image in `T` and gives its output image ([`shape`](super::shape)).
impl<In, Out, const PH: usize, const PW: usize, const STRIDE: usize, T: Float> Shape
    for Pooling<In, Out, PH, PW, STRIDE, T>
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
    const PH: usize,
    const PW: usize,
    const STRIDE: usize,
    T: Float,
> Takes<T, Image<C, H, W, CHW>> for Pooling<Image<C, H, W, CHW>, Out, PH, PW, STRIDE, T>
{
    type Gives = Out;
}

/// After an activation that starts a model, any width is given: a pooling fixes it.
#[diagnostic::do_not_recommend]
impl<In, Out, const PH: usize, const PW: usize, const STRIDE: usize, T: Float> Takes<T, AnyWidth>
    for Pooling<In, Out, PH, PW, STRIDE, T>
{
    type Gives = Out;
}

impl<In, Out: ImageShape, const PH: usize, const PW: usize, const STRIDE: usize, T: Float> GivesImage
    for Pooling<In, Out, PH, PW, STRIDE, T>
{
    type Float = T;
    const C: usize = Out::C;
    const H: usize = Out::H;
    const W: usize = Out::W;
}

impl<In, Out, const PH: usize, const PW: usize, const STRIDE: usize, T: Float> Parameters<T>
    for Pooling<In, Out, PH, PW, STRIDE, T>
{
    fn visit_params(&mut self, _name: &Name<'_>, _f: &mut dyn FnMut(Param<'_, T>)) {}
}
