//! Code shared by the training examples: the command line, the run with its progress bar and
//! outputs, and the charts. (Examples include it with `mod common;`.)
#![allow(dead_code)] // each example uses a different part

pub mod cli;
pub use dldw_charts::plot;
pub mod run;
