//! Learning-rate schedules: how η changes over a run (beyond the book, which keeps it fixed).

/// How the learning rate moves from the optimizer's initial η over the `iters` iterations.
///
/// ```
/// use dldw::train::Schedule;
/// assert_eq!(Schedule::Constant.factor(500, 1000), 1.0);
/// assert_eq!(Schedule::Cosine.factor(0, 1000), 1.0);
/// assert!((Schedule::Cosine.factor(500, 1000) - 0.5).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// η throughout, as in the book.
    Constant,
    /// Cosine decay, η·½(1 + cos(π·i/iters)): from η at the start to nearly 0 at the end,
    /// so the last steps settle instead of jumping around the minimum.
    Cosine,
}

impl Schedule {
    /// The multiple of the initial learning rate to use at iteration `i` of `iters`.
    ///
    /// ```
    /// let f = dldw::train::Schedule::Cosine.factor(999, 1000);
    /// assert!(f > 0.0 && f < 1e-5);
    /// ```
    pub fn factor(&self, i: usize, iters: usize) -> f64 {
        match self {
            Schedule::Constant => 1.0,
            Schedule::Cosine => 0.5 * (1.0 + (std::f64::consts::PI * i as f64 / iters.max(1) as f64).cos()),
        }
    }
}
