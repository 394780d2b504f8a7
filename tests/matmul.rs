//! The dense kernels behind `Affine` (`dldw::matmul`) against nalgebra's own products, on
//! shapes that reach each of the kernels' paths.

use dldw::Float;
use dldw::matmul::{matmul, matmul_nt, matmul_tn};
use nalgebra::{DMatrix, SMatrix};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

// Entries are small integers, so every product and sum is exact in f32 and f64 whatever
// the summation order or fusing: the kernel must agree with nalgebra's own static product
// exactly. The shapes reach every path: full and overlapping tiles (sizes that are not
// multiples of a tile), more than one panel of columns, batches of 1–3 (padded tiles),
// and the plain loop of the narrowest shapes; in f32 and f64, whose tiles differ. About
// half the entries are 0, so whole panel columns are zero and dropped.
fn ints<T: Float, const R: usize, const C: usize>() -> impl Strategy<Value = Box<SMatrix<T, R, C>>> {
    proptest::collection::vec(prop_oneof![Just(0), -8i32..8], R * C).prop_map(|v| {
        let mut m = dldw::zeros_boxed::<T, R, C>();
        m.iter_mut().zip(v).for_each(|(e, x)| *e = T::lit(f64::from(x)));
        m
    })
}

/// `m` on the heap, for nalgebra's reference products: an MNIST-sized product of static
/// matrices and its transposed operand (313 KB each) would be made on the test thread's stack.
fn heap<T: Float, const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> DMatrix<T> {
    DMatrix::from_column_slice(R, C, m.as_slice())
}

/// `a·b`, `aᵀ·d` and `d·bᵀ` against nalgebra.
fn all_three<T: Float, const M: usize, const K: usize, const N: usize>(
    a: &SMatrix<T, M, K>,
    b: &SMatrix<T, K, N>,
    d: &SMatrix<T, M, N>,
) -> Result<(), TestCaseError> {
    let (mut c, mut ct, mut cn) =
        (dldw::zeros_boxed::<T, M, N>(), dldw::zeros_boxed::<T, K, N>(), dldw::zeros_boxed::<T, M, K>());
    matmul(&mut c, a, b);
    matmul_tn(&mut ct, a, d);
    matmul_nt(&mut cn, d, b);
    let (a, b, d) = (heap(a), heap(b), heap(d));
    let (ab, atd, dbt) = (&a * &b, a.transpose() * &d, &d * b.transpose());
    prop_assert_eq!(c.as_slice(), ab.as_slice(), "a·b");
    prop_assert_eq!(ct.as_slice(), atd.as_slice(), "aᵀ·d");
    prop_assert_eq!(cn.as_slice(), dbt.as_slice(), "d·bᵀ");
    Ok(())
}

proptest! {
    #[test]
    fn products_agree_with_nalgebra_f64(a in ints::<f64, 7, 9>(), b in ints::<f64, 9, 6>(), d in ints::<f64, 7, 6>()) {
        all_three(&*a, &*b, &*d)?;
    }

    #[test]
    fn tiles_with_edges_agree_f64(a in ints::<f64, 21, 13>(), b in ints::<f64, 13, 7>(), d in ints::<f64, 21, 7>()) {
        all_three(&*a, &*b, &*d)?;
    }

    #[test]
    fn tiles_with_edges_agree_f32(a in ints::<f32, 37, 13>(), b in ints::<f32, 13, 7>(), d in ints::<f32, 37, 7>()) {
        all_three(&*a, &*b, &*d)?;
    }

    #[test]
    fn batches_of_one_and_two_agree(
        a in ints::<f64, 1, 20>(), b in ints::<f64, 20, 8>(), d in ints::<f64, 1, 8>(),
        e in ints::<f32, 2, 30>(), f in ints::<f32, 30, 11>(), g in ints::<f32, 2, 11>(),
    ) {
        all_three(&*a, &*b, &*d)?;
        all_three(&*e, &*f, &*g)?;
    }

    #[test]
    fn small_shapes_agree(a in ints::<f32, 2, 3>(), b in ints::<f32, 3, 4>(), d in ints::<f32, 2, 4>()) {
        all_three(&*a, &*b, &*d)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn a_batch_of_three_over_several_panels_agrees(
        a in ints::<f64, 3, 300>(), b in ints::<f64, 300, 9>(), d in ints::<f64, 3, 9>(),
        e in ints::<f32, 3, 300>(), f in ints::<f32, 300, 9>(), g in ints::<f32, 3, 9>(),
    ) {
        all_three(&*a, &*b, &*d)?;
        all_three(&*e, &*f, &*g)?;
    }
}

#[test]
fn mnist_sized_products_agree() {
    // Entries in −3…3, a third of them 0: sums of 784 products stay far below 2²⁴, exact
    // in f32.
    fn fill<T: Float, const R: usize, const C: usize>(seed: usize) -> Box<SMatrix<T, R, C>> {
        let mut m = dldw::zeros_boxed::<T, R, C>();
        m.iter_mut().enumerate().for_each(|(i, e)| *e = T::lit(((i * 7919 + seed) % 7) as f64 - 3.0));
        m
    }
    let (x, w, dy) = (fill::<f32, 100, 784>(1), fill::<f32, 784, 50>(2), fill::<f32, 100, 50>(3));
    all_three(&*x, &*w, &*dy).unwrap();
}

#[test]
fn zero_inputs_add_nothing_even_against_infinite_weights() {
    // The documented difference from a dense product: a zero in A skips B's row.
    // In the plain loop of a tiny shape, and in the tiled kernel.
    let a = nalgebra::Matrix1x2::new(0.0, 2.0);
    let b = nalgebra::Matrix2x1::new(f64::INFINITY, 3.0);
    let mut c = nalgebra::Matrix1::zeros();
    matmul(&mut c, &a, &b);
    assert_eq!(c[0], 6.0);
    let a = SMatrix::<f64, 20, 2>::from_fn(|_, p| if p == 0 { 0.0 } else { 2.0 });
    let b = SMatrix::<f64, 2, 8>::from_fn(|p, _| if p == 0 { f64::INFINITY } else { 3.0 });
    let mut c = SMatrix::<f64, 20, 8>::zeros();
    matmul(&mut c, &a, &b);
    assert_eq!(c, SMatrix::<f64, 20, 8>::repeat(6.0));
}
