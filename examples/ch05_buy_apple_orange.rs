//! The book's apple-and-orange purchase (5.4.2): 2 apples at 100 and 3 oranges at 150, summed,
//! then 10% tax; forward for the price, backward through multiplication and addition nodes.
//!
//! Run: `cargo run --release --example ch05_buy_apple_orange`

use dldw::graph::{AddLayer, MulLayer};

fn main() {
    let (apple, apple_num, orange, orange_num, tax) = (100.0_f64, 2.0, 150.0, 3.0, 1.1);
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_orange_layer = MulLayer::new();
    let add_apple_orange_layer = AddLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let orange_price = mul_orange_layer.forward(orange, orange_num);
    let all_price = add_apple_orange_layer.forward(apple_price, orange_price);
    let price = mul_tax_layer.forward(all_price, tax);

    // Backward in the reverse order of forward.
    let dprice = 1.0;
    let (dall_price, dtax) = mul_tax_layer.backward(dprice);
    let (dapple_price, dorange_price) = add_apple_orange_layer.backward(dall_price);
    let (dorange, dorange_num) = mul_orange_layer.backward(dorange_price);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);

    println!("price: {price}  (book 715.0000000000001)");
    println!("dApple: {dapple}  (book 2.2)");
    println!("dApple_num: {dapple_num}  (book 110.00000000000001)");
    println!("dOrange: {dorange}  (book 3.3000000000000003)");
    println!("dOrange_num: {dorange_num}  (book 165.0)");
    println!("dTax: {dtax}  (book 650)");
}
