//! Images as widths (book 7.2): `C` channels of `H × W`, flattened channel-major, and the
//! output size the compiler computes from the literals a model is written with.
//!
//! A batch of images is the `SMatrix<T, N, C·H·W>` every layer takes, one image per row,
//! channel after channel, row after row (the book's `x.reshape(N, -1)`), so an [`Affine`]
//! takes a convolution's or a pooling's output as it is: flattening is free. At the level of
//! [`shape`](super::shape), a [`Convolution`] and a [`Pooling`] take and give an [`Image`], and
//! an `Affine<I, O>` takes any image of `C·H·W = I` values.
//!
//! The user writes what a person would — input channels and size, filter count and size, pad,
//! stride, pool window — and the [`Convolution!`](crate::Convolution!) and
//! [`Pooling!`](crate::Pooling!) macros spell out the type, with every derived size computed by
//! [`out_size`] in the compiler:
//!
//! ```
//! use dldw::layers::{Affine, Relu, SoftmaxWithLoss, flat_width};
//! type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
//! type Pool1 = dldw::Pooling![after: Conv1; pool: 2, 2; stride: 2];
//! type Layers = (Conv1, Relu, Pool1, Affine<{ flat_width::<Pool1>() }, 100>, Relu, Affine<100, 10>);
//! assert_eq!(flat_width::<Pool1>(), 30 * 12 * 12);
//! # let _: Option<dldw::Network<Layers, SoftmaxWithLoss>> = None;
//! ```
//!
//! A layer written for another image is rejected by `cargo check` where the model is written
//! (`docs/shape-errors.md`); a window larger than the padded image, or a stride of 0, stops the
//! compiler at the macro with a sentence saying so:
//!
//! ```compile_fail,E0080
//! type Conv = dldw::Convolution![in: 1, 3, 3; filters: 8, 5, 5; pad: 0; stride: 1];
//! let _: Option<Conv> = None;
//! ```
//!
//! [`Affine`]: super::Affine
//! [`Convolution`]: super::Convolution
//! [`Pooling`]: super::Pooling

/// A batch's width when each sample is an image of `C` channels of `H × W`, flattened
/// channel-major into `CHW = C·H·W` values: what a [`Convolution`](super::Convolution) or a
/// [`Pooling`](super::Pooling) takes and gives in [`Takes`](super::Takes).
///
/// `CHW` is a parameter of its own because stable Rust cannot compute `C * H * W` from generic
/// parameters in a type; the macros write it, and every layer that names an image checks it
/// when it is built.
///
/// ```
/// use dldw::layers::{Image, Takes};
/// type Conv = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
/// fn gives<L: Takes<f32, Image<1, 28, 28, 784>, Gives = Image<30, 24, 24, 17280>>>() {}
/// gives::<Conv>();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Image<const C: usize, const H: usize, const W: usize, const CHW: usize>;

/// The sizes of an [`Image`] type, for layers generic over the images they take and give.
///
/// ```
/// use dldw::layers::{Image, ImageShape};
/// type Pooled = Image<30, 12, 12, 4320>;
/// assert_eq!((Pooled::C, Pooled::H, Pooled::W, Pooled::SIZE), (30, 12, 12, 4320));
/// ```
pub trait ImageShape {
    /// Channels.
    const C: usize;
    /// Height.
    const H: usize;
    /// Width.
    const W: usize;
    /// `C·H·W`, the width of a batch of such images.
    const SIZE: usize;
}

impl<const C: usize, const H: usize, const W: usize, const CHW: usize> ImageShape for Image<C, H, W, CHW> {
    const C: usize = C;
    const H: usize = H;
    const W: usize = W;
    const SIZE: usize = CHW;
}

/// Stops the build, where a layer that takes or gives `I` is built, if `I`'s `CHW` is not
/// `C·H·W` or a size is 0.
pub(crate) const fn check_image<I: ImageShape>() {
    assert!(
        I::C * I::H * I::W == I::SIZE && I::SIZE > 0,
        "an Image<C, H, W, CHW> whose CHW is not C·H·W (or with a size of 0): write the layer \
         with dldw::Convolution! or dldw::Pooling!, which compute the sizes"
    );
}

/// The output size of a convolution or pooling along one side (book 7.2.4, equation 7.1):
/// `(size + 2·pad − window) / stride + 1`, rounded down as the book's `im2col` does.
///
/// # Panics
/// If `stride` or `window` is 0, or if `window` is larger than the padded size. Used in a type
/// (as the macros use it), the panic is a compile error that says so.
///
/// ```
/// use dldw::layers::out_size;
/// assert_eq!(out_size(28, 5, 0, 1), 24); // SimpleConvNet's convolution
/// assert_eq!(out_size(24, 2, 0, 2), 12); // and its pooling
/// assert_eq!(out_size(14, 3, 2, 1), 16); // DeepConvNet's conv4, pad 2
/// assert_eq!(out_size(23, 2, 0, 2), 11); // 11, never 11.5
/// ```
pub const fn out_size(size: usize, window: usize, pad: usize, stride: usize) -> usize {
    assert!(stride > 0, "a stride of 0: the window would never move; write a stride of at least 1");
    assert!(window > 0, "a filter or pooling window of size 0: write a window of at least 1");
    assert!(
        window <= size + 2 * pad,
        "the filter or pooling window is larger than the padded image: use a smaller window or more padding"
    );
    (size + 2 * pad - window) / stride + 1
}

/// A layer that gives images, with the image it gives and its float type: what
/// `Pooling![after: …]`, `Convolution![after: …]` and [`flat_width`] read.
///
/// ```
/// use dldw::layers::GivesImage;
/// type Conv = dldw::Convolution![in: 3, 32, 32; filters: 16, 3, 3; pad: 1; stride: 1; f64];
/// assert_eq!((<Conv as GivesImage>::C, <Conv as GivesImage>::H, <Conv as GivesImage>::W), (16, 32, 32));
/// ```
pub trait GivesImage {
    /// The float type of the layer.
    type Float;
    /// Channels of the image it gives.
    const C: usize;
    /// Height of the image it gives.
    const H: usize;
    /// Width of the image it gives.
    const W: usize;
}

/// The width of the batch an image-giving layer `L` gives, `C·H·W`: what the `Affine` after it
/// takes (the book's `x.reshape(N, -1)`).
///
/// ```
/// type Conv = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
/// type Pool = dldw::Pooling![after: Conv; pool: 2, 2; stride: 2];
/// assert_eq!(dldw::layers::flat_width::<Pool>(), 4320);
/// ```
pub const fn flat_width<L: GivesImage>() -> usize {
    L::C * L::H * L::W
}

/// The type of a [`Convolution`](crate::layers::Convolution) layer from the literals of the
/// book's `Convolution`: the image it takes (channels, height, width; or `after:` a layer that
/// gives images), the number and size of its filters, its pad and its stride, and optionally
/// its float type (if not given, `f32`, or after a layer that layer's). The output size is
/// computed by [`out_size`](crate::layers::out_size).
///
/// ```
/// use dldw::layers::{Convolution, Image};
/// type Conv1 = dldw::Convolution![in: 1, 28, 28; filters: 30, 5, 5; pad: 0; stride: 1];
/// let same: Option<Convolution<Image<1, 28, 28, 784>, Image<30, 24, 24, 17280>, 5, 5, 0, 1, f32>> = None;
/// let _: Option<Conv1> = same;
/// type Conv2 = dldw::Convolution![after: Conv1; filters: 8, 3, 2; pad: 1; stride: 2];
/// assert_eq!(dldw::layers::flat_width::<Conv2>(), 8 * 12 * 13);
/// ```
#[macro_export]
macro_rules! Convolution {
    (in: $c:expr, $h:expr, $w:expr; filters: $fn:expr, $fh:expr, $fw:expr; pad: $p:expr; stride: $s:expr $(; $t:ty)?) => {
        $crate::layers::Convolution<
            $crate::layers::Image<{ $c }, { $h }, { $w }, { $c * $h * $w }>,
            $crate::layers::Image<
                { $fn },
                { $crate::layers::out_size($h, $fh, $p, $s) },
                { $crate::layers::out_size($w, $fw, $p, $s) },
                { $fn * $crate::layers::out_size($h, $fh, $p, $s) * $crate::layers::out_size($w, $fw, $p, $s) },
            >,
            { $fh }, { $fw }, { $p }, { $s } $(, $t)?
        >
    };
    (after: $prev:ty; filters: $fn:expr, $fh:expr, $fw:expr; pad: $p:expr; stride: $s:expr) => {
        $crate::Convolution![
            after: $prev; filters: $fn, $fh, $fw; pad: $p; stride: $s; <$prev as $crate::layers::GivesImage>::Float
        ]
    };
    (after: $prev:ty; filters: $fn:expr, $fh:expr, $fw:expr; pad: $p:expr; stride: $s:expr; $t:ty) => {
        $crate::Convolution![
            in: <$prev as $crate::layers::GivesImage>::C,
                <$prev as $crate::layers::GivesImage>::H,
                <$prev as $crate::layers::GivesImage>::W;
            filters: $fn, $fh, $fw; pad: $p; stride: $s; $t
        ]
    };
}

/// The type of a max-[`Pooling`](crate::layers::Pooling) layer from the literals of the book's
/// `Pooling`: the image it takes (channels, height, width; or `after:` a layer that gives
/// images), the window and the stride, and optionally its float type (if not given, `f32`, or
/// after a layer that layer's). The output size is computed by
/// [`out_size`](crate::layers::out_size) with no padding.
///
/// ```
/// use dldw::layers::{Image, Pooling};
/// type Pool = dldw::Pooling![in: 30, 24, 24; pool: 2, 2; stride: 2; f64];
/// let same: Option<Pooling<Image<30, 24, 24, 17280>, Image<30, 12, 12, 4320>, 2, 2, 2, f64>> = None;
/// let _: Option<Pool> = same;
/// ```
#[macro_export]
macro_rules! Pooling {
    (in: $c:expr, $h:expr, $w:expr; pool: $ph:expr, $pw:expr; stride: $s:expr $(; $t:ty)?) => {
        $crate::layers::Pooling<
            $crate::layers::Image<{ $c }, { $h }, { $w }, { $c * $h * $w }>,
            $crate::layers::Image<
                { $c },
                { $crate::layers::out_size($h, $ph, 0, $s) },
                { $crate::layers::out_size($w, $pw, 0, $s) },
                { $c * $crate::layers::out_size($h, $ph, 0, $s) * $crate::layers::out_size($w, $pw, 0, $s) },
            >,
            { $ph }, { $pw }, { $s } $(, $t)?
        >
    };
    (after: $prev:ty; pool: $ph:expr, $pw:expr; stride: $s:expr) => {
        $crate::Pooling![after: $prev; pool: $ph, $pw; stride: $s; <$prev as $crate::layers::GivesImage>::Float]
    };
    (after: $prev:ty; pool: $ph:expr, $pw:expr; stride: $s:expr; $t:ty) => {
        $crate::Pooling![
            in: <$prev as $crate::layers::GivesImage>::C,
                <$prev as $crate::layers::GivesImage>::H,
                <$prev as $crate::layers::GivesImage>::W;
            pool: $ph, $pw; stride: $s; $t
        ]
    };
}
