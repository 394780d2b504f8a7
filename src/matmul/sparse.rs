//! Products of a [`SparseRows`](crate::sparse::SparseRows) batch S (mostly zeros, such as
//! MNIST images) with a dense matrix: only S's nonzeros are multiplied. The first `Affine`
//! layer uses them when it is given such a batch.
//!
//! | product | loop | per nonzero s = S(n, p) |
//! |---|---|---|
//! | Y = S·W + b (forward) | row n of Y = Σ s·(row p of W), summed in registers | `O` multiply-adds, no stores |
//! | G = Sᵀ·D (dW = Xᵀ·dY) | row p of G += s·(row n of D) | `O` multiply-adds and stores |
//!
//! Both read whole rows of W, D and G, which column-major storage keeps apart; so they read
//! and write those matrices as [`Lines`]: rows made contiguous, each padded to whole cache
//! lines and starting on one, so that a row is read in whole vectors that never straddle two
//! lines. `Affine` copies W and D into that layout once per call and G out of it: one pass
//! over each, against about twenty uses of each row in an MNIST batch of 100.
//!
//! The batch size, the input width and the output width are run-time values here, and the
//! kernels are compiled once, with dldw, for `f32` and `f64` (as the dense ones in
//! `products.rs`): generic over the shapes, they were compiled again for every batch size in
//! every crate that trains (`train_mnist` offers eight). A row of Y is summed in at most four
//! vectors of registers, wider rows in groups of four vectors; each sum runs over the row's
//! nonzeros in order whatever the group or the vector width, so results do not depend on
//! either.

use super::simd::{self, Elem, as_elem, as_elem_mut};
use crate::Float;
use nalgebra::SMatrix;
use pulp::{Simd, WithSimd};

/// A sparse batch as the kernels read it: row n's nonzeros are `cols[ends[n − 1]..ends[n]]`
/// (from 0 for row 0), in increasing column order, and their `values` at the same places.
#[derive(Clone, Copy)]
pub(crate) struct Csr<'a, T> {
    pub(crate) ends: &'a [usize],
    pub(crate) cols: &'a [u32],
    pub(crate) values: &'a [T],
}

impl<'a, T> Csr<'a, T> {
    /// Row n's range in `cols` and `values`.
    #[inline(always)]
    fn range(&self, n: usize) -> std::ops::Range<usize> {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        start..self.ends[n]
    }

    /// The same batch with values of another type that `T` is (`f32` or `f64`).
    fn cast<E: Elem>(self) -> Option<Csr<'a, E>>
    where
        T: Float,
    {
        Some(Csr { ends: self.ends, cols: self.cols, values: as_elem(self.values)? })
    }
}

/// Bytes of a cache line: every row of [`Lines`] starts on one and fills whole ones.
const LINE: usize = 64;

/// The rows of a matrix, one after the other, each padded with zeros to whole cache lines and
/// starting on a line; reused from call to call, so it allocates only when it grows.
#[derive(Clone, Debug)]
pub(crate) struct Lines<T> {
    /// The rows, from an offset that puts the first on a cache line (the offset changes when
    /// the vector moves, as in a clone, so it is found again at every use).
    data: Vec<T>,
    rows: usize,
    cols: usize,
}

impl<T: Float> Lines<T> {
    /// No rows; it allocates on first use.
    pub(crate) fn new() -> Self {
        Lines { data: Vec::new(), rows: 0, cols: 0 }
    }

    /// Elements from one row's start to the next's.
    fn stride(&self) -> usize {
        stride::<T>(self.cols)
    }

    /// Room for `rows` rows of `cols`, contents unspecified but the padding zero.
    fn reshape(&mut self, rows: usize, cols: usize) {
        let len = rows * stride::<T>(cols) + LINE / size_of::<T>();
        if (rows, cols) != (self.rows, self.cols) || self.data.len() != len {
            self.data.clear();
            self.data.resize(len, T::zero());
            (self.rows, self.cols) = (rows, cols);
        }
    }

    /// The rows, padding included.
    fn as_slice(&self) -> &[T] {
        let start = line_offset(&self.data);
        &self.data[start..start + self.rows * self.stride()]
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        let start = line_offset(&self.data);
        let len = self.rows * self.stride();
        &mut self.data[start..start + len]
    }

    /// Takes the rows of `m`.
    pub(crate) fn copy_rows_of<const R: usize, const C: usize>(&mut self, m: &SMatrix<T, R, C>) {
        self.reshape(R, C);
        let stride = stride::<T>(C);
        let lines = self.as_mut_slice();
        // Sixteen rows at a time: each of m's columns gives them as one run (a cache line of
        // f32), and they land in sixteen rows here, which stay in the L1 cache.
        for r0 in (0..R).step_by(TILE) {
            let block = &mut lines[r0 * stride..(r0 + TILE).min(R) * stride];
            for (j, column) in m.as_slice().chunks_exact(R).enumerate() {
                for (row, &x) in block.chunks_exact_mut(stride).zip(&column[r0..]) {
                    row[j] = x;
                }
            }
        }
    }

    /// Writes the rows into `m`.
    ///
    /// # Panics
    /// If the rows are not `R` rows of `C`.
    pub(crate) fn copy_rows_to<const R: usize, const C: usize>(&self, m: &mut SMatrix<T, R, C>) {
        assert_eq!((self.rows, self.cols), (R, C), "rows of another shape");
        let stride = stride::<T>(C);
        let lines = self.as_slice();
        for r0 in (0..R).step_by(TILE) {
            let block = &lines[r0 * stride..(r0 + TILE).min(R) * stride];
            for (j, column) in m.as_mut_slice().chunks_exact_mut(R).enumerate() {
                for (y, row) in column[r0..].iter_mut().zip(block.chunks_exact(stride)) {
                    *y = row[j];
                }
            }
        }
    }
}

/// Rows copied at a time between [`Lines`] and a column-major matrix.
const TILE: usize = 16;

/// Elements of a row of `cols` padded to whole cache lines.
fn stride<T>(cols: usize) -> usize {
    cols.next_multiple_of(LINE / size_of::<T>())
}

/// Where in `data` the first element on a cache line is.
fn line_offset<T>(data: &[T]) -> usize {
    let misaligned = data.as_ptr().addr() % LINE;
    if misaligned == 0 { 0 } else { (LINE - misaligned) / size_of::<T>() }
}

/// Y = S·W + b into `y` (N×O column-major, N the rows of `s`), given W's rows `w` (I×O) and
/// the bias `b` (O) added to every row.
pub(crate) fn sparse_mul<T: Float>(s: Csr<'_, T>, w: &Lines<T>, b: &[T], y: &mut [T]) {
    let (o, stride) = (w.cols, w.stride());
    assert!(b.len() == o && y.len() == s.ends.len() * o, "Y = S·W + b: shapes do not agree");
    let w = w.as_slice();
    if let (Some(s), Some(w), Some(b), Some(y)) = (s.cast(), as_elem(w), as_elem(b), as_elem_mut(y)) {
        mul_f32(Mul { s, w, stride, b, y });
    } else if let (Some(s), Some(w), Some(b), Some(y)) = (s.cast(), as_elem(w), as_elem(b), as_elem_mut(y)) {
        mul_f64(Mul { s, w, stride, b, y });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

/// G = Sᵀ·D into `g` (I×O, I the width `g` was shaped to), given D's rows `d` (N×O).
/// `cursors` is scratch, one per row of S.
pub(crate) fn sparse_tmul<T: Float>(
    s: Csr<'_, T>,
    d: &Lines<T>,
    g: &mut Lines<T>,
    inputs: usize,
    cursors: &mut Vec<usize>,
) {
    let (o, stride) = (d.cols, d.stride());
    assert_eq!(d.rows, s.ends.len(), "G = Sᵀ·D: one row of D per row of S");
    g.reshape(inputs, o);
    cursors.clear();
    cursors.resize(s.ends.len(), 0);
    let (d, g) = (d.as_slice(), g.as_mut_slice());
    if let (Some(s), Some(d), Some(g)) = (s.cast(), as_elem(d), as_elem_mut(g)) {
        tmul_f32(TMul { s, d, g, o, stride, cursors });
    } else if let (Some(s), Some(d), Some(g)) = (s.cast(), as_elem(d), as_elem_mut(g)) {
        tmul_f64(TMul { s, d, g, o, stride, cursors });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

// Not generic, so that they are compiled once, with dldw, whatever the shapes.
#[inline(never)]
fn mul_f32(k: Mul<'_, f32>) {
    simd::run(k);
}

#[inline(never)]
fn mul_f64(k: Mul<'_, f64>) {
    simd::run_f64(k);
}

#[inline(never)]
fn tmul_f32(k: TMul<'_, f32>) {
    simd::run(k);
}

#[inline(never)]
fn tmul_f64(k: TMul<'_, f64>) {
    simd::run_f64(k);
}

/// The most vectors of sums a row of Y keeps in registers (two rows are summed at once).
const GROUP: usize = 4;

/// Calls `f(v0, k)` for each group of at most [`GROUP`] of the `vectors` vectors of a row:
/// the first vector `v0` and the group's size `k`, as a constant.
#[inline(always)]
fn groups(vectors: usize, mut f: impl FnMut(usize, Size)) {
    for v0 in (0..vectors).step_by(GROUP) {
        f(
            v0,
            match vectors - v0 {
                1 => Size::One,
                2 => Size::Two,
                3 => Size::Three,
                _ => Size::Four,
            },
        );
    }
}

/// A group's number of vectors.
#[derive(Clone, Copy)]
enum Size {
    One,
    Two,
    Three,
    Four,
}

/// Runs `$body` with `$k` a constant equal to `$size`'s number of vectors.
macro_rules! with_size {
    ($size:expr, $k:ident => $body:expr) => {
        match $size {
            Size::One => {
                const $k: usize = 1;
                $body
            }
            Size::Two => {
                const $k: usize = 2;
                $body
            }
            Size::Three => {
                const $k: usize = 3;
                $body
            }
            Size::Four => {
                const $k: usize = 4;
                $body
            }
        }
    };
}

/// [`sparse_mul`]'s arguments, handed to [`simd::run`].
struct Mul<'a, E> {
    s: Csr<'a, E>,
    w: &'a [E],
    stride: usize,
    b: &'a [E],
    y: &'a mut [E],
}

impl<E: Elem> WithSimd for Mul<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Mul { s, w, stride, b, y } = self;
        let (n, lanes) = (s.ends.len(), E::lanes::<S>());
        groups(b.len().div_ceil(lanes), |v0, size| {
            with_size!(size, K => {
                // Two rows at a time: their sums are independent, so the second row's
                // multiply-adds run while the first's wait for the one before.
                for n0 in (0..n).step_by(2) {
                    let pair = [s.range(n0), if n0 + 1 < n { s.range(n0 + 1) } else { 0..0 }];
                    let sums = row_sums::<S, E, K>(simd, s, pair, w, stride, v0);
                    for (r, sums) in sums.iter().enumerate().take(n - n0) {
                        let sums: &[E] = bytemuck::cast_slice(sums);
                        for (jj, (&a, &bias)) in sums.iter().zip(&b[v0 * lanes..]).enumerate() {
                            y[n0 + r + (v0 * lanes + jj) * n] = a + bias;
                        }
                    }
                }
            })
        });
    }
}

/// Σ s·(vectors v0 … v0 + K of row p of W) over the nonzeros s = S(n, p) of two rows of S
/// (given as their ranges), each sum in the rows' order.
#[inline(always)]
fn row_sums<S: Simd, E: Elem, const K: usize>(
    simd: S,
    s: Csr<'_, E>,
    [first, second]: [std::ops::Range<usize>; 2],
    w: &[E],
    stride: usize,
    v0: usize,
) -> [[E::V<S>; K]; 2] {
    let zero = E::broadcast(simd, E::zero());
    let mut sums = [[zero; K]; 2];
    let row = |p: u32| -> &[E::V<S>; K] {
        let vectors = E::vectors::<S>(&w[p as usize * stride..][..stride]);
        vectors[v0..v0 + K].try_into().expect("K vectors")
    };
    let rows = [(&s.cols[first.clone()], &s.values[first]), (&s.cols[second.clone()], &s.values[second])];
    let both = rows[0].0.len().min(rows[1].0.len());
    for i in 0..both {
        let (w0, w1) = (row(rows[0].0[i]), row(rows[1].0[i]));
        let (x0, x1) = (E::broadcast(simd, rows[0].1[i]), E::broadcast(simd, rows[1].1[i]));
        for k in 0..K {
            sums[0][k] = E::mul_add_lanes(simd, x0, w0[k], sums[0][k]);
            sums[1][k] = E::mul_add_lanes(simd, x1, w1[k], sums[1][k]);
        }
    }
    // The longer row's last nonzeros.
    for (r, (cols, values)) in rows.into_iter().enumerate() {
        for (&p, &v) in cols[both..].iter().zip(&values[both..]) {
            let (w, x) = (row(p), E::broadcast(simd, v));
            for k in 0..K {
                sums[r][k] = E::mul_add_lanes(simd, x, w[k], sums[r][k]);
            }
        }
    }
    sums
}

/// How many bytes of G's rows [`sparse_tmul`] updates at a time: with the rows of D, they stay
/// in a 32 KB L1 data cache.
const BLOCK_BYTES: usize = 16 * 1024;

/// [`sparse_tmul`]'s arguments, handed to [`simd::run`].
struct TMul<'a, E> {
    s: Csr<'a, E>,
    d: &'a [E],
    g: &'a mut [E],
    o: usize,
    stride: usize,
    cursors: &'a mut [usize],
}

impl<E: Elem> WithSimd for TMul<'_, E> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let TMul { s, d, g, o, stride, cursors } = self;
        g.fill(E::zero());
        let inputs = g.len() / stride.max(1);
        // The nonzeros scatter over all of G's rows (200 KB for MNIST's 784×50 in f32); taken
        // a block of G's rows at a time, the updates hit the L1 cache instead of L2. Each row
        // of S is in increasing column order, so a cursor per row walks it block after block;
        // each row of G is still summed over S's rows in order.
        let block = (BLOCK_BYTES / (stride * size_of::<E>()).max(1)).max(1);
        groups(o.div_ceil(E::lanes::<S>()), |v0, size| {
            with_size!(size, K => {
                for (n, k) in cursors.iter_mut().enumerate() {
                    *k = s.range(n).start;
                }
                for block_end in (block..inputs + block).step_by(block) {
                    let block_end = block_end.min(inputs) as u32;
                    for (n, cursor) in cursors.iter_mut().enumerate() {
                        let end = s.range(n).end;
                        let d = &E::vectors::<S>(&d[n * stride..][..stride])[v0..v0 + K];
                        let mut k = *cursor;
                        while k < end && s.cols[k] < block_end {
                            let x = E::broadcast(simd, s.values[k]);
                            let row = &mut g[s.cols[k] as usize * stride..][..stride];
                            let row = &mut bytemuck::cast_slice_mut::<E, E::V<S>>(row)[v0..v0 + K];
                            for (g, &d) in row.iter_mut().zip(d) {
                                *g = E::mul_add_lanes(simd, x, d, *g);
                            }
                            k += 1;
                        }
                        *cursor = k;
                    }
                }
            })
        });
    }
}
