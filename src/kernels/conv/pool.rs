//! Max pooling's loops: the maximum of each window and where it was, and the gradient routed
//! back to that place.

use super::Geometry;
use crate::Float;
use crate::kernels::{join, shared};
use crate::matmul::{Elem, as_elem, as_elem_mut, run, run_f64};
use pulp::{Simd, WithSimd};

/// The geometry's channels in two halves, when the pass is large enough to share and there is
/// a second thread to share it with (inside [`with_all_cores`](crate::kernels::with_all_cores)).
fn halves(g: &Geometry) -> Option<[Geometry; 2]> {
    let large = g.n * g.c * g.h * g.w >= 1 << 16;
    (large && g.c >= 2 && shared())
        .then(|| [Geometry { c: g.c / 2, ..*g }, Geometry { c: g.c - g.c / 2, ..*g }])
}

/// Where in its window a maximum was: the index `fy·fw + fx` of the window's pixel, two bytes
/// per output value (a window of at most [`MAX_WINDOW`] pixels).
pub(crate) type Arg = u16;

/// The most pixels a pooling window may have for [`Arg`] to name each of them.
pub(crate) const MAX_WINDOW: usize = Arg::MAX as usize + 1;

/// Fills `out` (`n` images of `c × oh × ow`, laid out as in [`super`]) with the maximum of each
/// window of `x`, and `arg` with where in its window it was read ([`Arg`]). Windows are read
/// row by row, and a later value replaces the maximum only if it is larger, so on a tie the
/// first maximum wins, as NumPy's `argmax`. `g.pad` is 0 for pooling.
///
/// Inside [`with_all_cores`](crate::kernels::with_all_cores), a large batch's channels are
/// halved over two threads (each window is one thread's).
pub(crate) fn max_pool<T: Float>(x: &[T], g: &Geometry, out: &mut [T], arg: &mut [Arg]) {
    assert!(g.fh * g.fw <= MAX_WINDOW, "a pooling window of more than {MAX_WINDOW} pixels");
    if let Some([g0, g1]) = halves(g) {
        let (x0, x1) = x.split_at(g0.c * g.h * g.w * g.n);
        let at = g0.c * g.oh * g.ow * g.n;
        let ((out0, out1), (arg0, arg1)) = (out.split_at_mut(at), arg.split_at_mut(at));
        join(|| max_pool(x0, &g0, out0, arg0), || max_pool(x1, &g1, out1, arg1));
        return;
    }
    if let (Some(x), Some(out)) = (as_elem(x), as_elem_mut(out)) {
        max_pool_f32(MaxPool { x, g, out, arg });
    } else if let (Some(x), Some(out)) = (as_elem(x), as_elem_mut(out)) {
        max_pool_f64(MaxPool { x, g, out, arg });
    }
}

// Not generic, so compiled once, with dldw (as `matmul/products.rs` explains).
#[inline(never)]
fn max_pool_f32(k: MaxPool<'_, f32>) {
    run(k)
}

#[inline(never)]
fn max_pool_f64(k: MaxPool<'_, f64>) {
    run_f64(k)
}

/// [`max_pool`]'s loop, handed to [`run`]: compiled for the CPU's widest vectors.
struct MaxPool<'a, E> {
    x: &'a [E],
    g: &'a Geometry,
    out: &'a mut [E],
    arg: &'a mut [Arg],
}

impl<E: Elem> WithSimd for MaxPool<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        windows(self.x, self.g, self.out, self.arg);
    }
}

/// The loop of [`max_pool`].
#[inline(always)]
fn windows<T: Float>(x: &[T], g: &Geometry, out: &mut [T], arg: &mut [Arg]) {
    let n = g.n;
    debug_assert_eq!((out.len(), arg.len()), (n * g.c * g.oh * g.ow, n * g.c * g.oh * g.ow));
    // Window by window, all the batch's images at once: their values at one pixel are
    // contiguous, so each comparison below runs over `n` neighbours (in vectors, once compiled).
    for (window, (out, arg)) in out.chunks_exact_mut(n.max(1)).zip(arg.chunks_exact_mut(n.max(1))).enumerate()
    {
        let (c, oy, ox) = (window / (g.oh * g.ow), window / g.ow % g.oh, window % g.ow);
        let mut first = true;
        for (fy, fx) in (0..g.fh).flat_map(|fy| (0..g.fw).map(move |fx| (fy, fx))) {
            let Some([y, x0]) = g.source([oy, ox], [fy, fx]) else { continue };
            let pixel = &x[((c * g.h + y) * g.w + x0) * n..][..n];
            let tap = (fy * g.fw + fx) as Arg;
            if first {
                out.copy_from_slice(pixel);
                arg.fill(tap);
                first = false;
                continue;
            }
            for ((o, a), &v) in out.iter_mut().zip(arg.iter_mut()).zip(pixel) {
                let larger = v > *o;
                *o = if larger { v } else { *o };
                *a = if larger { tap } else { *a };
            }
        }
        // A window always holds a pixel: its size is at most the image's.
        if first {
            out.fill(T::zero());
            arg.fill(0);
        }
    }
}

/// `dx` = 0 except at each window's maximum, which receives that window's `dout` (added up
/// where overlapping windows share their maximum). Where the windows tile the image (stride =
/// window, nothing left over), each pixel of `dx` is written once, its window's `dout` or 0;
/// otherwise `dx` is zeroed first and each window adds its `dout` at its maximum. Channels are
/// halved over two threads as in [`max_pool`].
pub(crate) fn route_max<T: Float>(dout: &[T], arg: &[Arg], g: &Geometry, dx: &mut [T]) {
    if let Some([g0, g1]) = halves(g) {
        let at = g0.c * g.oh * g.ow * g.n;
        let ((dout0, dout1), (arg0, arg1)) = (dout.split_at(at), arg.split_at(at));
        let (dx0, dx1) = dx.split_at_mut(g0.c * g.h * g.w * g.n);
        join(|| route_max(dout0, arg0, &g0, dx0), || route_max(dout1, arg1, &g1, dx1));
        return;
    }
    if let (Some(dout), Some(dx)) = (as_elem(dout), as_elem_mut(dx)) {
        route_max_f32(RouteMax { dout, arg, g, dx });
    } else if let (Some(dout), Some(dx)) = (as_elem(dout), as_elem_mut(dx)) {
        route_max_f64(RouteMax { dout, arg, g, dx });
    }
}

#[inline(never)]
fn route_max_f32(k: RouteMax<'_, f32>) {
    run(k)
}

#[inline(never)]
fn route_max_f64(k: RouteMax<'_, f64>) {
    run_f64(k)
}

/// [`route_max`]'s loop, handed to [`run`]: compiled for the CPU's widest vectors.
struct RouteMax<'a, E> {
    dout: &'a [E],
    arg: &'a [Arg],
    g: &'a Geometry,
    dx: &'a mut [E],
}

impl<E: Elem> WithSimd for RouteMax<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        routes(self.dout, self.arg, self.g, self.dx);
    }
}

/// The loop of [`route_max`].
#[inline(always)]
fn routes<T: Float>(dout: &[T], arg: &[Arg], g: &Geometry, dx: &mut [T]) {
    let n = g.n;
    let tiles =
        g.stride == g.fh && g.stride == g.fw && g.oh * g.fh == g.h && g.ow * g.fw == g.w && g.pad == 0;
    if !tiles {
        dx.fill(T::zero());
    }
    for (window, (dout, arg)) in dout.chunks_exact(n.max(1)).zip(arg.chunks_exact(n.max(1))).enumerate() {
        let (c, oy, ox) = (window / (g.oh * g.ow), window / g.ow % g.oh, window % g.ow);
        for (fy, fx) in (0..g.fh).flat_map(|fy| (0..g.fw).map(move |fx| (fy, fx))) {
            let Some([y, x0]) = g.source([oy, ox], [fy, fx]) else { continue };
            let pixel = &mut dx[((c * g.h + y) * g.w + x0) * n..][..n];
            let tap = (fy * g.fw + fx) as Arg;
            let routed = dout.iter().zip(arg).map(|(&d, &a)| if a == tap { d } else { T::zero() });
            if tiles {
                pixel.iter_mut().zip(routed).for_each(|(p, d)| *p = d);
            } else {
                pixel.iter_mut().zip(routed).for_each(|(p, d)| *p += d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_maximum_wins_a_tie_and_takes_the_whole_gradient() {
        // Two images of 1 × 2 × 2, interleaved (n fastest): [[3, 3], [1, 3]] and [[0, -1], [2, 2]].
        let x = [3.0, 0.0, 3.0, -1.0, 1.0, 2.0, 3.0, 2.0];
        let g = Geometry { n: 2, c: 1, h: 2, w: 2, fh: 2, fw: 2, pad: 0, stride: 2, oh: 1, ow: 1 };
        let (mut out, mut arg) = ([0.0; 2], [9; 2]);
        max_pool(&x, &g, &mut out, &mut arg);
        assert_eq!((out, arg), ([3.0, 2.0], [0, 2])); // (0, 0) of image 0, (1, 0) of image 1
        // The windows tile the image: every value of dx is written, none left as it was.
        let mut dx = [f64::NAN; 8];
        route_max(&[10.0, 20.0], &arg, &g, &mut dx);
        assert_eq!(dx, [10.0, 0.0, 0.0, 0.0, 0.0, 20.0, 0.0, 0.0]);
    }

    #[test]
    fn overlapping_windows_add_up_at_a_shared_maximum() {
        // One image 1 × 1 × 3, windows 1 × 2 with stride 1: [1, 5, 2] → [5, 5], both from x₁.
        let g = Geometry { n: 1, c: 1, h: 1, w: 3, fh: 1, fw: 2, pad: 0, stride: 1, oh: 1, ow: 2 };
        let (mut out, mut arg) = ([0.0; 2], [0; 2]);
        max_pool(&[1.0, 5.0, 2.0], &g, &mut out, &mut arg);
        assert_eq!((out, arg), ([5.0, 5.0], [1, 0]));
        let mut dx = [f64::NAN; 3];
        route_max(&[1.5, 2.0], &arg, &g, &mut dx);
        assert_eq!(dx, [0.0, 3.5, 0.0]);
    }
}
