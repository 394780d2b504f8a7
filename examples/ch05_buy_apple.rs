//! The book's apple purchase as a computational graph (5.4.1, figure 5-16): 2 apples at 100
//! each with 10% tax, forward for the price, backward for how the price depends on each input.
//!
//! Run: `cargo run --release --example ch05_buy_apple` (the book's numbers), or change them:
//! `cargo run --release --example ch05_buy_apple -- --apples 3 --tax 1.08`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::graph::MulLayer;

/// The apple purchase of book 5.4.1, forward and backward.
#[derive(Parser)]
struct Args {
    /// Price of one apple.
    #[arg(long, default_value_t = 100.0, allow_negative_numbers = true)]
    apple: f64,
    /// Number of apples.
    #[arg(long, default_value_t = 2.0, allow_negative_numbers = true)]
    apples: f64,
    /// Tax factor (1.1 = 10% consumption tax).
    #[arg(long, default_value_t = 1.1, allow_negative_numbers = true)]
    tax: f64,
}

fn main() {
    let args: Args = cli::parse();
    for (flag, v) in [("apple", args.apple), ("apples", args.apples), ("tax", args.tax)] {
        cli::check(v.is_finite(), flag, v, "give a finite number");
    }
    let (apple, apple_num, tax) = (args.apple, args.apples, args.tax);
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let price = mul_tax_layer.forward(apple_price, tax);

    let dprice = 1.0;
    let (dapple_price, dtax) = mul_tax_layer.backward(dprice);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);

    println!("price: {price}");
    println!("dApple: {dapple}");
    println!("dApple_num: {dapple_num}");
    println!("dTax: {dtax}");
    println!("(book, for 2 apples at 100 and tax 1.1: price 220, dApple 2.2, dApple_num 110, dTax 200;");
    println!(" it prints int(price) and int(dapple_num), so the rounding error of 1.1 does not show)");
}
