//! The book's shopping graphs (5.4): forward gives the price, backward gives how the price
//! moves with each input, checked against the book and against numerical differentiation.

use dldw::differentiation::numerical_diff;
use dldw::graph::{AddLayer, MulLayer};

/// f64 leaves a rounding trace in these sums of products (220.00000000000003): compare within
/// a few units in the last place.
fn assert_close(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "got {got}, want {want}");
}

/// The book's buy_apple graph: (price, dApple, dApple_num, dTax).
fn buy_apple(apple: f64, apple_num: f64, tax: f64) -> (f64, f64, f64, f64) {
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_tax_layer = MulLayer::new();
    let price = mul_tax_layer.forward(mul_apple_layer.forward(apple, apple_num), tax);
    let (dapple_price, dtax) = mul_tax_layer.backward(1.0);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);
    (price, dapple, dapple_num, dtax)
}

/// The book's buy_apple_orange graph: price, then (dApple, dApple_num, dOrange, dOrange_num, dTax).
fn buy_apple_orange(apple: f64, apple_num: f64, orange: f64, orange_num: f64, tax: f64) -> (f64, [f64; 5]) {
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_orange_layer = MulLayer::new();
    let add_apple_orange_layer = AddLayer::new();
    let mut mul_tax_layer = MulLayer::new();
    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let orange_price = mul_orange_layer.forward(orange, orange_num);
    let all_price = add_apple_orange_layer.forward(apple_price, orange_price);
    let price = mul_tax_layer.forward(all_price, tax);

    let (dall_price, dtax) = mul_tax_layer.backward(1.0);
    let (dapple_price, dorange_price) = add_apple_orange_layer.backward(dall_price);
    let (dorange, dorange_num) = mul_orange_layer.backward(dorange_price);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);
    (price, [dapple, dapple_num, dorange, dorange_num, dtax])
}

#[test]
fn buying_two_apples_matches_the_book() {
    let (price, dapple, dapple_num, dtax) = buy_apple(100.0, 2.0, 1.1);
    assert_close(price, 220.0); // f64: 220.00000000000003, as the book prints
    assert_close(dapple, 2.2);
    assert_close(dapple_num, 110.0); // f64: 110.00000000000001, as the book prints
    assert_close(dtax, 200.0);
}

#[test]
fn buying_apples_and_oranges_matches_the_book() {
    let (price, [dapple, dapple_num, dorange, dorange_num, dtax]) =
        buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    assert_close(price, 715.0); // f64: 715.0000000000001
    assert_close(dapple, 2.2);
    assert_close(dapple_num, 110.0);
    assert_close(dorange, 3.3); // f64: 3.3000000000000003
    assert_close(dorange_num, 165.0);
    assert_close(dtax, 650.0);
}

#[test]
fn backward_agrees_with_numerical_differentiation_of_forward() {
    // Chapter 4 checks chapter 5: each derivative from backward is the slope of the price.
    // The price is linear in each input separately, so the central difference is exact up to
    // rounding: ~ε·715/1e-4 ≈ 1.6e-9; 1e-7 leaves room.
    let inputs = [100.0, 2.0, 150.0, 3.0, 1.1];
    let price_with = |i: usize, v: f64| {
        let mut x = inputs;
        x[i] = v;
        buy_apple_orange(x[0], x[1], x[2], x[3], x[4]).0
    };
    let (_, grads) = buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    for (i, g) in grads.iter().enumerate() {
        let numerical = numerical_diff(|v| price_with(i, v), inputs[i]);
        assert!((numerical - g).abs() < 1e-7, "input {i}: backward {g}, numerical {numerical}");
    }
}

#[test]
fn the_nodes_work_in_f32() {
    let mut mul = MulLayer::<f32>::new();
    assert_eq!(mul.forward(100.0, 2.0), 200.0);
    assert_eq!(mul.backward(1.1), (2.2, 110.0));
    assert_eq!(AddLayer.forward(200.0_f32, 450.0), 650.0);
    assert_eq!(AddLayer.backward(1.1_f32), (1.1, 1.1));
}
