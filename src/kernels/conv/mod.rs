//! The convolution's and pooling's loops over a batch of images.
//!
//! A batch of `N` images of `C × H × W` is the column-major `SMatrix<T, N, C·H·W>` the layers
//! pass on, flattened channel-major as the book's `x.reshape(N, -1)`: value `(n, c, y, x)` sits at
//! `((c·H + y)·W + x)·N + n`, so one pixel's `N` values are contiguous and every loop here moves
//! `N` values at a time.

mod filters;
pub(crate) mod first;
mod gradient;
mod im2col;
mod pool;
mod product;
mod tile;

pub(crate) use im2col::{col2im, pad, windows};
pub(crate) use pool::{Arg, MAX_WINDOW, max_pool, route_max};
pub(crate) use product::{Scratch, convolve, filter_gradient, input_gradient};

/// The sizes of one convolution or pooling over a batch: `n` images of `c × h × w`, windows
/// of `fh × fw` moved by `stride` over the image padded with `pad` zeros on every side, giving
/// `oh × ow` positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub fh: usize,
    pub fw: usize,
    pub pad: usize,
    pub stride: usize,
    pub oh: usize,
    pub ow: usize,
}

impl Geometry {
    /// The rows of im2col's matrix: one per batch image and output position.
    pub fn rows(&self) -> usize {
        self.n * self.oh * self.ow
    }

    /// The columns of im2col's matrix: one per channel and window position.
    pub fn cols(&self) -> usize {
        self.c * self.fh * self.fw
    }

    /// The values of a batch of images padded with `pad` zeros on every side
    /// (`N·C·(H + 2·PAD)·(W + 2·PAD)`), as [`pad`] makes it.
    pub fn padded_len(&self) -> usize {
        let p = self.padded();
        self.n * self.c * p.h * p.w
    }

    /// The same windows over the image padded with `pad` zeros on every side, as an image
    /// of `(H + 2·PAD) × (W + 2·PAD)` without padding.
    fn padded(&self) -> Geometry {
        Geometry { h: self.h + 2 * self.pad, w: self.w + 2 * self.pad, pad: 0, ..*self }
    }

    /// The input pixel that window position `(fy, fx)` reads at output position `(oy, ox)`, or
    /// `None` where it falls on the padding.
    fn source(&self, [oy, ox]: [usize; 2], [fy, fx]: [usize; 2]) -> Option<[usize; 2]> {
        let y = (oy * self.stride + fy).checked_sub(self.pad).filter(|&y| y < self.h)?;
        let x = (ox * self.stride + fx).checked_sub(self.pad).filter(|&x| x < self.w)?;
        Some([y, x])
    }
}
