//! The book's apple-and-orange purchase (5.4.2, figure 5-17): 2 apples at 100 and 3 oranges at
//! 150, summed, then 10% tax; forward for the price, backward through multiplication and
//! addition nodes.
//!
//! Run: `cargo run --release --example ch05_buy_apple_orange` (the book's numbers), or change
//! them: `cargo run --release --example ch05_buy_apple_orange -- --apples 3 --tax 1.08`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::graph::{AddLayer, MulLayer};

/// The apple-and-orange purchase of book 5.4.2, forward and backward.
#[derive(Parser)]
struct Args {
    /// Price of one apple.
    #[arg(long, default_value_t = 100.0, allow_negative_numbers = true)]
    apple: f64,
    /// Number of apples.
    #[arg(long, default_value_t = 2.0, allow_negative_numbers = true)]
    apples: f64,
    /// Price of one orange.
    #[arg(long, default_value_t = 150.0, allow_negative_numbers = true)]
    orange: f64,
    /// Number of oranges.
    #[arg(long, default_value_t = 3.0, allow_negative_numbers = true)]
    oranges: f64,
    /// Tax factor (1.1 = 10% consumption tax).
    #[arg(long, default_value_t = 1.1, allow_negative_numbers = true)]
    tax: f64,
}

fn main() {
    let args: Args = cli::parse();
    for (flag, v) in [
        ("apple", args.apple),
        ("apples", args.apples),
        ("orange", args.orange),
        ("oranges", args.oranges),
        ("tax", args.tax),
    ] {
        cli::check(v.is_finite(), flag, v, "give a finite number");
    }
    let (apple, apple_num, orange, orange_num, tax) =
        (args.apple, args.apples, args.orange, args.oranges, args.tax);
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

    println!("price: {price}");
    println!("dApple: {dapple}");
    println!("dApple_num: {dapple_num}");
    println!("dOrange: {dorange}");
    println!("dOrange_num: {dorange_num}");
    println!("dTax: {dtax}");
    println!("(book, for its numbers: price 715, dApple 2.2, dApple_num 110, dOrange 3.3000000000000003,");
    println!(" dOrange_num 165, dTax 650; it prints int(…) of the price and the counts' derivatives)");
}
