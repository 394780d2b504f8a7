//! The book's loss functions (4.2.1–4.2.4): sum of squared errors and cross-entropy for a
//! right answer (0.6 on class 2, the target) and a wrong one (0.6 on class 7), with one-hot and
//! class-index targets, then both samples as a mini-batch (the loss is their average).
//!
//! Run: `cargo run --release --example ch04_loss` (the book's answer, class 2), or make the
//! other output the right one: `cargo run --release --example ch04_loss -- --target 7`.

#[path = "common/cli.rs"]
mod cli;

use clap::Parser;
use dldw::loss::{CrossEntropyError, Labels, Loss, OneHot, SumSquaredError};
use nalgebra::{RowSVector, SMatrix};

/// The book's two outputs scored by both losses against one answer.
#[derive(Parser)]
struct Args {
    /// The correct class t, 0 to 9 (the book's is 2).
    #[arg(long, default_value_t = 2)]
    target: usize,
}

fn main() -> Result<(), dldw::loss::TargetError> {
    let args: Args = cli::parse();
    cli::check(args.target < 10, "target", args.target, "a class of MNIST is 0 to 9");
    let right = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    let wrong = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
    let labels = Labels::<1, 10>::new([args.target])?;
    let one_hot = OneHot::<f64, 1, 10>::from_labels(&labels);
    println!("target: class {}, one-hot t = {:?}", args.target, one_hot.matrix().as_slice());

    // The book's names and values are for its answer, class 2.
    for (name, y, book_sse, book_cee) in [
        ("0.6 on class 2", &right, "0.097500000000000031", "0.51082545709933802"),
        ("0.6 on class 7", &wrong, "0.59750000000000003", "2.3025840929945458"),
    ] {
        println!("{name}: y = {:?}", y.as_slice());
        println!(
            "  SSE  one-hot {:<20} labels {:<20} (book, class 2: {book_sse})",
            SumSquaredError.loss(y, &one_hot),
            SumSquaredError.loss(y, &labels)
        );
        println!(
            "  CEE  one-hot {:<20} labels {:<20} (book, class 2: {book_cee})",
            CrossEntropyError.loss(y, &one_hot),
            CrossEntropyError.loss(y, &labels)
        );
    }

    // Both outputs as one mini-batch of 2, both with the same target: the loss is the average.
    let batch = SMatrix::<f64, 2, 10>::from_rows(&[right, wrong]);
    let batch_labels = Labels::<2, 10>::new([args.target; 2])?;
    println!("mini-batch of both, targets [{0}, {0}] (the average of the two):", args.target);
    println!("  SSE {}", SumSquaredError.loss(&batch, &batch_labels));
    println!("  CEE {}", CrossEntropyError.loss(&batch, &batch_labels));
    Ok(())
}
