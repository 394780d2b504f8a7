//! The book's loss functions (4.2.1–4.2.4): sum of squared errors and cross-entropy for a
//! right answer (0.6 on class 2, the target) and a wrong one (0.6 on class 7), with one-hot and
//! class-index targets, then both samples as a mini-batch (the loss is their average).
//!
//! Run: `cargo run --release --example ch04_loss`

use dldw::loss::{CrossEntropyError, Labels, Loss, OneHot, SumSquaredError};
use nalgebra::{RowSVector, SMatrix};

fn main() -> Result<(), dldw::loss::TargetError> {
    let right = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    let wrong = RowSVector::<f64, 10>::from_row_slice(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
    let labels = Labels::<1, 10>::new([2])?;
    let one_hot = OneHot::<f64, 1, 10>::from_labels(&labels);
    println!("target: class 2, one-hot t = {:?}", one_hot.matrix().as_slice());

    for (name, y, book_sse, book_cee) in [
        ("right", &right, "0.097500000000000031", "0.51082545709933802"),
        ("wrong", &wrong, "0.59750000000000003", "2.3025840929945458"),
    ] {
        println!("{name} answer y = {:?}", y.as_slice());
        println!(
            "  SSE  one-hot {:<20} labels {:<20} (book {book_sse})",
            SumSquaredError.loss(y, &one_hot),
            SumSquaredError.loss(y, &labels)
        );
        println!(
            "  CEE  one-hot {:<20} labels {:<20} (book {book_cee})",
            CrossEntropyError.loss(y, &one_hot),
            CrossEntropyError.loss(y, &labels)
        );
    }

    // Both answers as one mini-batch of 2, both with target class 2: the loss is the average.
    let batch = SMatrix::<f64, 2, 10>::from_rows(&[right, wrong]);
    let batch_labels = Labels::<2, 10>::new([2, 2])?;
    println!("mini-batch of both, targets [2, 2] (the average of the two):");
    println!("  SSE {}", SumSquaredError.loss(&batch, &batch_labels));
    println!("  CEE {}", CrossEntropyError.loss(&batch, &batch_labels));
    Ok(())
}
