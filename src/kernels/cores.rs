//! Work shared out over the machine's cores: one copy of the state per extra thread, the
//! results in order, a panic on any thread passed on ([`on_cores`]); and, for the kernels of a
//! training step, the two halves of a large loop on two threads that persist
//! ([`with_all_cores`], `join`), so that a step starts no thread and allocates nothing.
//!
//! Halves split the *outputs* of a loop (columns of a product, channels of a pooling, filters
//! of a convolution, a range of an element-wise pass), never the terms of one sum: every value
//! is computed by one thread in the same order as on one, so the results are the same bits
//! whatever the number of threads and however they are timed.

/// The machine's cores, as far as the standard library can tell
/// ([`available_parallelism`](std::thread::available_parallelism)); 1 if it cannot.
///
/// ```
/// assert!(dldw::kernels::cores() >= 1);
/// ```
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs share 0 of some work on this thread with `state` itself (`first`), and shares
/// 1..`shares` each on a thread of its own with its own clone of `state` (`work(clone, t)`),
/// and returns their results in order of share. A panic on any thread is passed on, once the
/// others have ended. With `shares` ≤ 1 nothing is cloned and no thread is started.
///
/// ```
/// use dldw::kernels::on_cores;
/// let mut total = 0_u64;
/// let parts = on_cores(&mut total, 3, |t| { *t += 1; 10 }, |t, share| { *t += 1; 10 * share as u64 });
/// assert_eq!(parts, [10, 10, 20]);
/// assert_eq!(total, 1, "the clones' changes stay with the clones");
/// ```
pub fn on_cores<S: Clone + Send, R: Send>(
    state: &mut S,
    shares: usize,
    first: impl FnOnce(&mut S) -> R,
    work: impl Fn(&mut S, usize) -> R + Sync,
) -> Vec<R> {
    if shares <= 1 {
        return vec![first(state)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..shares)
            .map(|t| {
                let mut clone = state.clone();
                scope.spawn(move || work(&mut clone, t))
            })
            .collect();
        let mut all = Vec::with_capacity(shares);
        all.push(first(state));
        for thread in others {
            match thread.join() {
                Ok(part) => all.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// Runs `f` on a thread of a pool with one thread per core (`rayon-core`'s global pool, whose
/// size `RAYON_NUM_THREADS` can also set), where
/// the kernels underneath a training step split their large loops in two and run the halves
/// side by side; elsewhere they run on the calling thread. The results are the same bits
/// either way: only outputs are split, never the terms of a sum.
///
/// The pool's threads persist and wait for work between calls, so a step inside `f` neither
/// starts threads nor allocates. With one core (`taskset -c 1`, say) everything runs in order.
///
/// ```
/// use dldw::layers::{Layer, Relu};
/// let mut x = dldw::zeros_boxed::<f32, 100, 1000>(); // 100 000 values: halved in the pool
/// x.iter_mut().enumerate().for_each(|(i, v)| *v = (i % 9) as f32 - 4.0);
/// let mut relu = Relu::new();
/// let alone = relu.forward(&*x).as_slice().to_vec();
/// let shared = dldw::kernels::with_all_cores(|| relu.forward(&*x).as_slice().to_vec());
/// assert_eq!(alone, shared);
/// assert_eq!(&shared[..9], &[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0]);
/// ```
pub fn with_all_cores<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon_core::scope(|_| f())
}

/// `a()` and `b()`, side by side on two of the pool's threads when called on one of them
/// (inside [`with_all_cores`]) and the pool has two or more, else one after the other here.
pub(crate) fn join<RA: Send, RB: Send>(
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    if shared() { rayon_core::join(a, b) } else { (a(), b()) }
}

/// Whether [`join`] would run its halves side by side here.
pub(crate) fn shared() -> bool {
    threads() > 1
}

/// The threads that work can be shared out over here: the pool's inside [`with_all_cores`],
/// else 1 (this one).
pub(crate) fn threads() -> usize {
    if rayon_core::current_thread_index().is_some() { rayon_core::current_num_threads() } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_another_thread_is_passed_on() {
        let caught = std::panic::catch_unwind(|| {
            on_cores(&mut (), 2, |_| 0, |_, _| -> i32 { panic!("share 1 failed") });
        });
        let panic = caught.expect_err("the panic reaches the caller");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"share 1 failed"));
    }

    #[test]
    fn join_runs_both_halves_inside_and_outside_the_pool() {
        let halves = || join(|| (0..1000).sum::<u64>(), || (1000..2000).sum::<u64>());
        assert_eq!(halves(), (499_500, 1_499_500));
        assert!(!shared(), "a test's own thread is not one of the pool's");
        assert_eq!(with_all_cores(halves), (499_500, 1_499_500));
    }
}
