//! A first layer given sparse batches ([`SparseRows`], MNIST's mostly black pixels) computes
//! what it computes on the dense batch: the forward product and the parameter gradients, on
//! batches with three quarters of their entries 0.

use dldw::init::Init;
use dldw::layers::{Affine, FirstLayer, Layer};
use dldw::sparse::SparseRows;
use nalgebra::{RowSVector, SMatrix};
use proptest::prelude::*;
use rand::SeedableRng;

// Mostly zeros, like an image's background; the rest in (0, 1], like scaled pixels.
fn batch<const N: usize, const I: usize>() -> impl Strategy<Value = SMatrix<f64, N, I>> {
    proptest::collection::vec(prop_oneof![3 => Just(0.0), 1 => 0.01f64..1.0], N * I)
        .prop_map(SMatrix::from_vec)
}

// Integer entries, three quarters of them 0: every product and sum is exact, whatever the order.
fn sparse_ints<const R: usize, const C: usize>() -> impl Strategy<Value = SMatrix<f64, R, C>> {
    proptest::collection::vec(prop_oneof![3 => Just(0), 1 => -8i32..8], R * C)
        .prop_map(|v| SMatrix::from_iterator(v.into_iter().map(f64::from)))
}

proptest! {
    // Exact: with integers the sparse products must equal nalgebra's dense ones bit for bit
    // (x·W for forward, xᵀ·dout for dW, the column sums of dout for db).
    #[test]
    fn sparse_products_equal_dense_ones_on_integers(x in sparse_ints::<21, 11>(), w in sparse_ints::<11, 18>(), d in sparse_ints::<21, 18>()) {
        let mut affine = Affine::<11, 18, f64>::from_weights(Box::new(w), RowSVector::zeros());
        let rows = SparseRows::from_dense(&x);
        prop_assert_eq!(*affine.forward_first(&rows), x * w);
        affine.backward_first(&rows, &d);
        prop_assert_eq!(*affine.dW, x.transpose() * d);
        prop_assert_eq!(affine.db, d.row_sum());
    }

    // Rows wider than the four vectors of sums a row of Y keeps in registers (70 f64: 9
    // AVX-512 vectors, in groups of 4, 4 and 1), an odd number of rows (the last one summed
    // alone), and f32 at MNIST's 50 outputs: still exact on integers.
    #[test]
    fn wide_rows_are_summed_in_groups_of_vectors_exactly(x in sparse_ints::<7, 40>(), w in sparse_ints::<40, 70>(), d in sparse_ints::<7, 70>()) {
        let mut affine = Affine::<40, 70, f64>::from_weights(Box::new(w), RowSVector::zeros());
        let rows = SparseRows::from_dense(&x);
        prop_assert_eq!(*affine.forward_first(&rows), x * w);
        affine.backward_first(&rows, &d);
        prop_assert_eq!(*affine.dW, x.transpose() * d);
        let (x, w, d) = (x.cast::<f32>(), w.fixed_columns::<50>(0).into_owned().cast::<f32>(), d.fixed_columns::<50>(0).into_owned().cast::<f32>());
        let mut affine = Affine::<40, 50, f32>::from_weights(Box::new(w), RowSVector::zeros());
        let rows = SparseRows::from_dense(&x);
        prop_assert_eq!(*affine.forward_first(&rows), x * w);
        affine.backward_first(&rows, &d);
        prop_assert_eq!(*affine.dW, x.transpose() * d);
    }

    // The sparse way sums the same products in another order: 1e-12 allows for rounding
    // of sums of at most 13 terms of size ≤ 1 (each error ≤ 13 · 2⁻⁵³ ≈ 1.4e-15), with
    // room for the rounding of the weights' products.
    #[test]
    fn sparse_and_dense_batches_give_the_same_results(x in batch::<17, 13>(), dy in batch::<17, 5>(), seed in 0u64..1000) {
        let mut dense = Affine::<13, 5, f64>::new(Init::std(0.5).unwrap(), &mut rand::rngs::StdRng::seed_from_u64(seed));
        let mut sparse = dense.clone();
        let rows = SparseRows::from_dense(&x);
        let y = *dense.forward(&x);
        prop_assert!((sparse.forward_first(&rows) - y).amax() < 1e-12);
        dense.backward(&dy);
        sparse.backward_first(&rows, &dy);
        prop_assert!((*sparse.dW - *dense.dW).amax() < 1e-12);
        prop_assert!((sparse.db - dense.db).amax() < 1e-12);
    }
}

proptest! {
    // The book's network takes either batch through its first layer's door: the same scores,
    // loss and gradients up to rounding. 1e-12 as above: sums of at most 13 products, then a
    // second layer of 6 and a softmax of 4, all of size ≤ 10 with σ = 0.5 weights.
    #[test]
    fn two_layer_net_trains_on_a_sparse_batch_as_on_the_dense_one(x in batch::<9, 13>(), seed in 0u64..1000) {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut dense = dldw::TwoLayerNet::<13, 6, 4, f64>::new(Init::std(0.5).unwrap(), &mut rng);
        let mut sparse = dense.clone();
        let rows = SparseRows::from_dense(&x);
        let t = dldw::loss::Labels::<9, 4>::new([0, 1, 2, 3, 0, 1, 2, 3, 0]).unwrap();
        prop_assert!((*sparse.predict(&rows) - *dense.predict(&x)).amax() < 1e-12);
        prop_assert!((sparse.gradient(&rows, &t) - dense.gradient(&x, &t)).abs() < 1e-12);
        prop_assert!((*sparse.affine1.dW - *dense.affine1.dW).amax() < 1e-12);
        prop_assert!((sparse.affine1.db - dense.affine1.db).amax() < 1e-12);
        prop_assert!((*sparse.affine2.dW - *dense.affine2.dW).amax() < 1e-12);
    }
}
