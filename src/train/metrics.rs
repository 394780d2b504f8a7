//! `metrics.csv`: one row per epoch, the same bytes for the same seed.

use super::History;
use std::io::{self, Write};

/// Writes `epoch,iteration,train_loss,train_acc,test_acc` and one row per epoch record, with a
/// fixed number of digits so the same run gives the same bytes.
///
/// ```
/// use dldw::train::{EpochRecord, History, write_metrics_csv};
/// let h = History {
///     losses: vec![2.3],
///     epochs: vec![EpochRecord { epoch: 0, iteration: 0, train_loss: 2.3, train_acc: 0.1, test_acc: 0.1 }],
/// };
/// let mut out = Vec::new();
/// write_metrics_csv(&mut out, &h).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "epoch,iteration,train_loss,train_acc,test_acc\n0,0,2.300000,0.100000,0.100000\n");
/// ```
pub fn write_metrics_csv(mut out: impl Write, history: &History) -> io::Result<()> {
    writeln!(out, "epoch,iteration,train_loss,train_acc,test_acc")?;
    for r in &history.epochs {
        writeln!(
            out,
            "{},{},{:.6},{:.6},{:.6}",
            r.epoch, r.iteration, r.train_loss, r.train_acc, r.test_acc
        )?;
    }
    Ok(())
}
