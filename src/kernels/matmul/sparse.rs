//! Products of a [`SparseRows`](crate::sparse::SparseRows) batch S (mostly zeros, such as
//! MNIST images) with a dense matrix: only S's nonzeros are multiplied. The first `Affine`
//! layer uses them when it is given such a batch.
//!
//! | product | loop | per nonzero s = S(n, p) |
//! |---|---|---|
//! | Y = S·W + b (forward) | row n of Y = Σ s·(row p of W), summed in registers | `O` multiply-adds, no stores |
//! | G = Sᵀ·D (dW = Xᵀ·dY) | row p of G = Σ s·(row n of D), over S sorted by column ([`Columns`]), summed in registers | `O` multiply-adds, no stores |
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
use super::transpose::transpose;
use crate::Float;
use nalgebra::SMatrix;
use pulp::{Simd, WithSimd};
use std::any::Any;

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
        transpose(m.as_slice(), R, [R, C], self.as_mut_slice(), stride);
    }

    /// Writes the rows into `m`.
    ///
    /// # Panics
    /// If the rows are not `R` rows of `C`.
    pub(crate) fn copy_rows_to<const R: usize, const C: usize>(&self, m: &mut SMatrix<T, R, C>) {
        assert_eq!((self.rows, self.cols), (R, C), "rows of another shape");
        transpose(self.as_slice(), self.stride(), [C, R], m.as_mut_slice(), R);
    }
}

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

/// G = Sᵀ·D into `g` (I×O, I the columns of `s`), given S by columns and D's rows `d` (N×O).
pub(crate) fn sparse_tmul<T: Float>(s: &Columns<T>, d: &Lines<T>, g: &mut Lines<T>) {
    let (o, stride) = (d.cols, d.stride());
    assert_eq!(s.batch, d.rows, "G = Sᵀ·D: one row of D per row of S");
    g.reshape(s.starts.len() - 1, o);
    let (d, g) = (d.as_slice(), g.as_mut_slice());
    let (starts, entries): (_, &dyn Any) = (&s.starts[..], &s.entries);
    if let (Some(entries), Some(d), Some(g)) = (entries.downcast_ref::<Vec<_>>(), as_elem(d), as_elem_mut(g))
    {
        tmul_f32(TMul { starts, entries, d, g, o, stride });
    } else if let (Some(entries), Some(d), Some(g)) =
        (entries.downcast_ref::<Vec<_>>(), as_elem(d), as_elem_mut(g))
    {
        tmul_f64(TMul { starts, entries, d, g, o, stride });
    } else {
        unreachable!("Float is sealed: only f32 and f64 implement it");
    }
}

/// A sparse batch by columns, as [`sparse_tmul`] reads it: column p's nonzeros are
/// `entries[starts[p]..starts[p + 1]]`, in increasing order of the batch rows they are in.
/// Refilled from each batch; it allocates only when it grows.
#[derive(Clone, Debug)]
pub(crate) struct Columns<T> {
    /// The number of rows of the batch.
    batch: usize,
    starts: Vec<usize>,
    entries: Vec<Entry<T>>,
}

/// A nonzero of a column: its row in the batch and its value, side by side, so that sorting
/// writes each to one place (an MNIST batch sorted in 21 µs against 28 µs with rows and
/// values in two lists, which left twice as many cache lines half written).
#[derive(Clone, Copy, Debug)]
struct Entry<T> {
    row: u32,
    value: T,
}

impl<T: Float> Columns<T> {
    /// Empty; it allocates on first use.
    pub(crate) fn new() -> Self {
        Columns { batch: 0, starts: Vec::new(), entries: Vec::new() }
    }

    /// S's nonzeros (a batch of `inputs` columns) sorted by column (a counting sort: stable,
    /// so each column's rows stay in increasing order).
    pub(crate) fn fill_from(&mut self, s: Csr<'_, T>, inputs: usize) {
        let nonzeros = s.values.len();
        self.batch = s.ends.len();
        self.starts.clear();
        self.starts.resize(inputs + 1, 0);
        for &p in s.cols {
            self.starts[p as usize + 1] += 1;
        }
        for p in 0..inputs {
            self.starts[p + 1] += self.starts[p];
        }
        resize_with_room(&mut self.entries, nonzeros, Entry { row: 0, value: T::zero() });
        // `starts[p]` moves along column p as it fills, then is moved back.
        for n in 0..s.ends.len() {
            let range = s.range(n);
            for (&p, &value) in s.cols[range.clone()].iter().zip(&s.values[range]) {
                let at = &mut self.starts[p as usize];
                self.entries[*at] = Entry { row: n as u32, value };
                *at += 1;
            }
        }
        for p in (1..=inputs).rev() {
            self.starts[p] = self.starts[p - 1];
        }
        self.starts[0] = 0;
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
        groups(
            b.len().div_ceil(lanes),
            #[inline(always)]
            |v0, size| {
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
            },
        );
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

/// `v` resized to `len`, growing (when it must) to the next power of two: the next batch may
/// hold a few more nonzeros, as a batch's own lists allow by growing so, and a training loop
/// allocates nothing once it runs (`tests/steady_state.rs`).
fn resize_with_room<X: Clone>(v: &mut Vec<X>, len: usize, x: X) {
    if v.capacity() < len {
        v.reserve_exact(len.next_power_of_two() - v.len());
    }
    v.resize(len, x);
}

/// [`sparse_tmul`]'s arguments, handed to [`simd::run`].
struct TMul<'a, E> {
    starts: &'a [usize],
    entries: &'a [Entry<E>],
    d: &'a [E],
    g: &'a mut [E],
    o: usize,
    stride: usize,
}

impl<E: Elem> WithSimd for TMul<'_, E> {
    type Output = ();

    /// Row p of G = Σ s·(row n of D) over column p's nonzeros s = S(n, p), summed in registers
    /// in increasing n and stored once: each row of G is written once instead of once per
    /// nonzero (the stores were the kernel's bound), with the same sums in the same order.
    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let TMul { starts, entries, d, g, o, stride } = self;
        let zero = E::broadcast(simd, E::zero());
        groups(
            o.div_ceil(E::lanes::<S>()),
            #[inline(always)]
            |v0, size| {
                with_size!(size, K => {
                    for (p, g) in g.chunks_exact_mut(stride).enumerate() {
                        let mut sums = [zero; K];
                        for entry in &entries[starts[p]..starts[p + 1]] {
                            let x = E::broadcast(simd, entry.value);
                            let d = &E::vectors::<S>(&d[entry.row as usize * stride..][..stride])[v0..v0 + K];
                            for (s, &d) in sums.iter_mut().zip(d) {
                                *s = E::mul_add_lanes(simd, x, d, *s);
                            }
                        }
                        let g = &mut bytemuck::cast_slice_mut::<E, E::V<S>>(g)[v0..v0 + K];
                        g.copy_from_slice(&sums);
                    }
                })
            },
        );
    }
}
