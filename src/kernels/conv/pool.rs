//! Max pooling's loops: the maximum of each window and where it was, and the gradient routed
//! back to that place.

use super::Geometry;
use crate::Float;

/// Fills `out` (`n` images of `c × oh × ow`, laid out as in [`super`]) with the maximum of each
/// window of `x`, and `arg` with the position in `x` it was read from. Windows are read row by
/// row, and a later value replaces the maximum only if it is larger, so on a tie the first
/// maximum wins, as NumPy's `argmax`. `g.pad` is 0 for pooling.
pub(crate) fn max_pool<T: Float>(x: &[T], g: &Geometry, out: &mut [T], arg: &mut [usize]) {
    let n = g.n;
    debug_assert_eq!((out.len(), arg.len()), (n * g.c * g.oh * g.ow, n * g.c * g.oh * g.ow));
    for c in 0..g.c {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                let at = ((c * g.oh + oy) * g.ow + ox) * n;
                for i in 0..n {
                    let mut best = None::<(usize, T)>;
                    for fy in 0..g.fh {
                        for fx in 0..g.fw {
                            if let Some([y, x0]) = g.source([oy, ox], [fy, fx]) {
                                let k = ((c * g.h + y) * g.w + x0) * n + i;
                                if best.is_none_or(|(_, m)| x[k] > m) {
                                    best = Some((k, x[k]));
                                }
                            }
                        }
                    }
                    // A window always holds a pixel: its size is at most the image's.
                    let (k, m) = best.unwrap_or((0, T::zero()));
                    (out[at + i], arg[at + i]) = (m, k);
                }
            }
        }
    }
}

/// `dx` = 0 except at each window's maximum, which receives that window's `dout` (added up
/// where overlapping windows share their maximum).
pub(crate) fn route_max<T: Float>(dout: &[T], arg: &[usize], dx: &mut [T]) {
    dx.fill(T::zero());
    for (&d, &k) in dout.iter().zip(arg) {
        dx[k] += d;
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
        assert_eq!((out, arg), ([3.0, 2.0], [0, 5])); // (0, 0) of image 0, (1, 0) of image 1
        let mut dx = [f64::NAN; 8];
        route_max(&[10.0, 20.0], &arg, &mut dx);
        assert_eq!(dx, [10.0, 0.0, 0.0, 0.0, 0.0, 20.0, 0.0, 0.0]);
    }

    #[test]
    fn overlapping_windows_add_up_at_a_shared_maximum() {
        // One image 1 × 1 × 3, windows 1 × 2 with stride 1: [1, 5, 2] → [5, 5], both from x₁.
        let g = Geometry { n: 1, c: 1, h: 1, w: 3, fh: 1, fw: 2, pad: 0, stride: 1, oh: 1, ow: 2 };
        let (mut out, mut arg) = ([0.0; 2], [0; 2]);
        max_pool(&[1.0, 5.0, 2.0], &g, &mut out, &mut arg);
        assert_eq!(out, [5.0, 5.0]);
        let mut dx = [0.0; 3];
        route_max(&[1.5, 2.0], &arg, &mut dx);
        assert_eq!(dx, [0.0, 3.5, 0.0]);
    }
}
