//! Element-wise passes over large arrays, halved over two threads inside
//! [`with_all_cores`](super::with_all_cores) (`cores.rs`): each element is computed alone, so
//! the results do not depend on the split.

use super::join;
use crate::Float;
use crate::matmul::{run, run_f64};
use pulp::{Simd, WithSimd};

/// Below this many elements a pass stays on one thread: halving it would cost more than it
/// saves (waking the other thread takes microseconds).
const SPLIT_FROM: usize = 1 << 16;

/// `out[i] = f(x[i])` for every `i`.
pub(crate) fn map<T: Float>(out: &mut [T], x: &[T], f: &(impl Fn(T) -> T + Sync)) {
    assert_eq!(out.len(), x.len(), "an element-wise pass over arrays of two lengths");
    if out.len() >= SPLIT_FROM && super::shared() {
        let half = split_point(out.len());
        let ((out0, out1), (x0, x1)) = (out.split_at_mut(half), x.split_at(half));
        join(|| map(out0, x0, f), || map(out1, x1, f));
        return;
    }
    widest::<T>(|| {
        for (o, &x) in out.iter_mut().zip(x) {
            *o = f(x);
        }
    });
}

/// `out` = `x`, halved over two threads as [`map`] is.
pub(crate) fn copy<T: Float>(out: &mut [T], x: &[T]) {
    map(out, x, &|x| x);
}

/// `out[i] = f(a[i], b[i])` for every `i`.
pub(crate) fn map2<T: Float>(out: &mut [T], a: &[T], b: &[T], f: &(impl Fn(T, T) -> T + Sync)) {
    assert_eq!((out.len(), a.len()), (b.len(), b.len()), "an element-wise pass over arrays of two lengths");
    if out.len() >= SPLIT_FROM && super::shared() {
        let half = split_point(out.len());
        let (out0, out1) = out.split_at_mut(half);
        let ((a0, a1), (b0, b1)) = (a.split_at(half), b.split_at(half));
        join(|| map2(out0, a0, b0, f), || map2(out1, a1, b1, f));
        return;
    }
    widest::<T>(|| {
        for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
            *o = f(a, b);
        }
    });
}

/// `f(&mut w[i], &mut m[i], &mut v[i], g[i])` for every `i`: an optimizer's update of a
/// parameter `w` and its two slots `m` and `v` from its gradient `g` (Adam's).
pub(crate) fn update<T: Float>(
    w: &mut [T],
    [m, v]: [&mut [T]; 2],
    g: &[T],
    f: &(impl Fn(&mut T, &mut T, &mut T, T) + Sync),
) {
    assert!(
        w.len() == g.len() && m.len() == g.len() && v.len() == g.len(),
        "an element-wise update over arrays of two lengths"
    );
    if w.len() >= SPLIT_FROM && super::shared() {
        let half = split_point(w.len());
        let ((w0, w1), (g0, g1)) = (w.split_at_mut(half), g.split_at(half));
        let ((m0, m1), (v0, v1)) = (m.split_at_mut(half), v.split_at_mut(half));
        join(|| update(w0, [m0, v0], g0, f), || update(w1, [m1, v1], g1, f));
        return;
    }
    widest::<T>(|| {
        for (((w, m), v), &g) in w.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g) {
            f(w, m, v, g);
        }
    });
}

/// Runs `pass`, a plain loop over elements of `T`, compiled for the CPU's widest vectors (as
/// the products are, `matmul/simd.rs`): `f32` with AVX-512 takes 16 lanes at a time where the
/// crate's baseline build (SSE2) takes 4. Each lane computes what the scalar loop computes
/// (no operation is fused or reordered), so the results are the same bits on every
/// instruction set.
fn widest<T: Float>(pass: impl FnOnce()) {
    if size_of::<T>() == 4 { run(Widest(pass)) } else { run_f64(Widest(pass)) }
}

/// A loop handed to [`run`].
struct Widest<F>(F);

impl<F: FnOnce()> WithSimd for Widest<F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        (self.0)()
    }
}

/// The middle of `len` elements, rounded to a whole number of 64-byte cache lines of `f32`
/// (16 elements), so the two threads do not write into the same line.
fn split_point(len: usize) -> usize {
    (len / 2).next_multiple_of(16).min(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_on_two_threads_give_what_one_pass_gives() {
        let x: Vec<f32> = (0..100_003).map(|i| (i % 7) as f32 - 3.0).collect();
        let (mut alone, mut shared) = (vec![f32::NAN; x.len()], vec![f32::NAN; x.len()]);
        map(&mut alone, &x, &|v: f32| v.max(0.0));
        super::super::with_all_cores(|| map(&mut shared, &x, &|v: f32| v.max(0.0)));
        assert_eq!(alone, shared);
        assert_eq!(&alone[..7], &[0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0]);
        let (mut alone2, mut shared2) = (vec![f32::NAN; x.len()], vec![f32::NAN; x.len()]);
        map2(&mut alone2, &x, &alone, &|a: f32, b: f32| a * b);
        super::super::with_all_cores(|| map2(&mut shared2, &x, &alone, &|a: f32, b: f32| a * b));
        assert_eq!(alone2, shared2);
        assert_eq!(&alone2[..7], &[0.0, 0.0, 0.0, 0.0, 1.0, 4.0, 9.0]);
        // An update of w, m and v, as Adam's: one pass or two halves, the same values.
        let step = |w: &mut f32, m: &mut f32, v: &mut f32, g: f32| {
            *m += 0.1 * (g - *m);
            *v += 0.001 * (g * g - *v);
            *w -= 0.01 * *m / (v.sqrt() + 1e-7);
        };
        let run = |shared: bool| {
            let (mut w, mut m, mut v) = (x.clone(), vec![0.0; x.len()], vec![0.0; x.len()]);
            let mut pass = || update(&mut w, [&mut m, &mut v], &alone, &step);
            if shared {
                super::super::with_all_cores(pass)
            } else {
                pass()
            }
            (w, m, v)
        };
        let (one, two) = (run(false), run(true));
        assert_eq!(one, two);
        assert_eq!((one.1[4], one.0[0]), (0.1, -3.0)); // g = 1 → m = 0.1; g = 0 leaves w
    }
}
