//! Products whose left factor is mostly zeros, such as a batch of MNIST images (81 % of the
//! pixels are background): only the nonzeros are stored and multiplied.
//!
//! [`SparseColumns`] holds the nonzeros of a column-major matrix S column after column. The
//! first Affine layer uses it for both of its products with the input:
//!
//! | product | loop | cost |
//! |---|---|---|
//! | C = S·B (forward X·W) | row r of C += s·(row p of B), for each nonzero s = S(r, p) | one vector multiply-add per nonzero and `n / lanes` |
//! | C = Sᵀ·D (backward Xᵀ·dY) | row p of C = Σ s·(row r of D) over column p's nonzeros | the same, summed in registers |
//!
//! Both read rows of B and D, which column-major storage keeps apart: B's row p is read once
//! for all of column p's nonzeros (and not at all for an empty column: MNIST's border), and
//! D is transposed into a scratch buffer. Zeros of S contribute nothing, exactly as in
//! the dense kernel (which drops zero columns of its panels too).

use super::mul_add;
use crate::Float;

/// Above this share of nonzeros (one in 3) a dense product is as fast: the sparse one spends
/// about twice the work per nonzero.
const MAX_DENSITY: usize = 3;

/// Below this many rows the dense kernel, which drops the columns that are zero in every
/// row, does about as little work and needs no transposed reads of B.
pub(crate) const MIN_ROWS: usize = 16;

/// The nonzeros of a column-major `rows×cols` matrix, column by column (compressed sparse
/// columns). Its buffers grow to the largest shape seen and are reused after that.
#[derive(Clone, Debug)]
pub(crate) struct SparseColumns<T> {
    rows: usize,
    /// `ends[p]`: one past column p's last nonzero in `index` and `values`.
    ends: Vec<usize>,
    /// The row of each nonzero.
    index: Vec<u32>,
    values: Vec<T>,
}

impl<T: Float> SparseColumns<T> {
    /// An empty store; it allocates on first use.
    pub(crate) fn new() -> Self {
        SparseColumns { rows: 0, ends: Vec::new(), index: Vec::new(), values: Vec::new() }
    }

    /// Stores the nonzeros of `a` (column-major, `rows` rows) if at most a third of its
    /// elements are nonzero and it has at least [`MIN_ROWS`] rows, and says whether it did;
    /// otherwise it holds nothing.
    pub(crate) fn compress(&mut self, a: &[T], rows: usize) -> bool {
        self.rows = 0;
        if rows < MIN_ROWS || a.len() > u32::MAX as usize {
            return false;
        }
        let cols = a.len() / rows;
        let capacity = a.len() / MAX_DENSITY;
        self.ends.resize(cols, 0);
        // Room for one chunk past the capacity: a chunk is written before it is counted.
        self.index.resize(capacity + 8, 0);
        self.values.resize(capacity + 8, T::zero());
        // The whole matrix as one run of elements, eight at a time: a vector comparison skips
        // runs of background, and a chunk that has a nonzero is copied without branches
        // (every element written, the count advanced only past the nonzeros). Positions are
        // kept whole (i = row + column·rows) and split below.
        let (chunks, rest) = a.as_chunks::<8>();
        let mut count = 0;
        for (first, chunk) in (0..).step_by(8).zip(chunks) {
            if !chunk.iter().fold(false, |any, &x| any | (x != T::zero())) {
                continue;
            }
            if count > capacity {
                return false;
            }
            let index: &mut [u32; 8] = self.index[count..].first_chunk_mut().expect("room for a chunk");
            let values: &mut [T; 8] = self.values[count..].first_chunk_mut().expect("room for a chunk");
            let mut kept = 0;
            for (i, &x) in (first..).zip(chunk) {
                // `kept & 7` is `kept` (at most 7 here), and lets the compiler drop the check.
                index[kept & 7] = i as u32;
                values[kept & 7] = x;
                kept += usize::from(x != T::zero());
            }
            count += kept;
        }
        for (i, &x) in (chunks.len() * 8..).zip(rest) {
            if x != T::zero() {
                if count > capacity {
                    return false;
                }
                (self.index[count], self.values[count]) = (i as u32, x);
                count += 1;
            }
        }
        if count > capacity {
            return false;
        }
        // Column ends, and rows in place of whole positions.
        let mut e = 0;
        for (p, end) in self.ends.iter_mut().enumerate() {
            let limit = ((p + 1) * rows) as u32;
            while e < count && self.index[e] < limit {
                self.index[e] -= (p * rows) as u32;
                e += 1;
            }
            *end = e;
        }
        self.rows = rows;
        true
    }

    /// Whether the last [`compress`](Self::compress) stored a `rows×cols` matrix.
    pub(crate) fn holds(&self, rows: usize, cols: usize) -> bool {
        self.rows == rows && self.ends.len() == cols && rows > 0
    }

    /// Column p's nonzeros: (row, value).
    fn column(&self, p: usize) -> impl ExactSizeIterator<Item = (usize, T)> + '_ {
        let start = if p == 0 { 0 } else { self.ends[p - 1] };
        let end = self.ends[p];
        self.index[start..end].iter().map(|&r| r as usize).zip(self.values[start..end].iter().copied())
    }

    /// C = S·B for B (cols×O, column-major), into `c` (rows×O, column-major); `ct` (rows·O
    /// elements) is scratch for Cᵀ. `O` is a constant so that each row's update is unrolled.
    pub(crate) fn mul<const O: usize>(&self, b: &[T], c: &mut [T], ct: &mut [T]) {
        let cols = self.ends.len();
        ct.fill(T::zero());
        let ct_rows = ct.as_chunks_mut::<O>().0;
        for p in 0..cols {
            if self.column(p).len() == 0 {
                continue;
            }
            // B's row p, read once (strided) for all of column p's nonzeros.
            let b_row: [T; O] = std::array::from_fn(|j| b[p + j * cols]);
            for (r, s) in self.column(p) {
                for (y, &x) in ct_rows[r].iter_mut().zip(&b_row) {
                    *y = mul_add(s, x, *y);
                }
            }
        }
        transpose(ct, O, self.rows, c);
    }

    /// C = Sᵀ·D for D (rows×O, column-major), into `c` (cols×O, column-major); `dt`
    /// (rows·O elements) is scratch for Dᵀ. Each row of C is summed in registers (`O` is a
    /// constant) and then written to its strided place in C.
    pub(crate) fn tmul<const O: usize>(&self, d: &[T], c: &mut [T], dt: &mut [T]) {
        let (rows, cols) = (self.rows, self.ends.len());
        transpose(d, rows, O, dt);
        let d_rows = dt.as_chunks::<O>().0;
        for p in 0..cols {
            let mut acc = [T::zero(); O];
            for (r, s) in self.column(p) {
                for (a, &x) in acc.iter_mut().zip(&d_rows[r]) {
                    *a = mul_add(s, x, *a);
                }
            }
            for (j, a) in acc.into_iter().enumerate() {
                c[p + j * cols] = a;
            }
        }
    }
}

/// `dst` (cols×rows, column-major) = the transpose of `src` (rows×cols, column-major).
pub(crate) fn transpose<T: Float>(src: &[T], rows: usize, cols: usize, dst: &mut [T]) {
    // Sixteen of src's columns at a time: their reads are sixteen sequential streams, and
    // each row of them lands as sixteen consecutive elements of dst.
    for j0 in (0..cols).step_by(16) {
        let block = &src[j0 * rows..(j0 + 16).min(cols) * rows];
        for (i, dst_run) in dst.chunks_exact_mut(cols).enumerate().take(rows) {
            for (d, column) in dst_run[j0..].iter_mut().zip(block.chunks_exact(rows)) {
                *d = column[i];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::SMatrix;
    use proptest::prelude::*;

    // Integer entries, three quarters of them 0: products are exact, so the sparse products
    // must equal nalgebra's dense ones exactly.
    fn sparse_ints<const R: usize, const C: usize>() -> impl Strategy<Value = SMatrix<f64, R, C>> {
        proptest::collection::vec(prop_oneof![3 => Just(0), 1 => -8i32..8], R * C)
            .prop_map(|v| SMatrix::from_iterator(v.into_iter().map(f64::from)))
    }

    proptest! {
        #[test]
        fn sparse_products_agree_with_dense(s in sparse_ints::<21, 11>(), b in sparse_ints::<11, 18>(), d in sparse_ints::<21, 5>()) {
            let mut sparse = SparseColumns::new();
            prop_assume!(sparse.compress(s.as_slice(), 21));
            prop_assert!(sparse.holds(21, 11));
            let (mut c, mut scratch) = (SMatrix::<f64, 21, 18>::zeros(), [0.0; 21 * 18]);
            sparse.mul::<18>(b.as_slice(), c.as_mut_slice(), &mut scratch);
            prop_assert_eq!(c, s * b);
            let mut c = SMatrix::<f64, 11, 5>::zeros();
            sparse.tmul::<5>(d.as_slice(), c.as_mut_slice(), &mut scratch[..21 * 5]);
            prop_assert_eq!(c, s.transpose() * d);
            let mut c = SMatrix::<f64, 11, 11>::zeros();
            sparse.tmul::<11>(s.as_slice(), c.as_mut_slice(), &mut scratch[..21 * 11]);
            prop_assert_eq!(c, s.transpose() * s);
        }
    }

    #[test]
    fn dense_or_small_matrices_are_refused() {
        let mut sparse = SparseColumns::<f32>::new();
        let mut a = [0.0; 32];
        a[20] = 1.0;
        assert!(sparse.compress(&a, 16));
        assert!(sparse.holds(16, 2));
        assert!(!sparse.compress(&a[..6], 3), "fewer than MIN_ROWS rows");
        assert!(!sparse.holds(16, 2));
        a[..9].fill(2.0);
        assert!(sparse.compress(&a, 16), "10 of 32 nonzeros: at most a third");
        a[9] = 3.0;
        assert!(!sparse.compress(&a, 16), "11 of 32: more than a third");
        assert!(!sparse.compress(&[1.0; 32], 16));
    }
}
