//! The book's apple purchase as a computational graph (5.4.1): 2 apples at 100 each with 10%
//! tax, forward for the price, backward for how the price depends on each input.
//!
//! Run: `cargo run --release --example ch05_buy_apple`

use dldw::graph::MulLayer;

fn main() {
    let (apple, apple_num, tax) = (100.0_f64, 2.0, 1.1);
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let price = mul_tax_layer.forward(apple_price, tax);
    println!("price: {price}  (book 220.00000000000003; 2 × 100 × 1.1)");

    let dprice = 1.0;
    let (dapple_price, dtax) = mul_tax_layer.backward(dprice);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);
    println!("dApple: {dapple}  (book 2.2: a price 1 higher per apple adds 2 × 1.1)");
    println!("dApple_num: {dapple_num}  (book 110.00000000000001: one more apple costs 110)");
    println!("dTax: {dtax}  (book 200: the price before tax)");
}
