//! Work shared out over the machine's cores: one copy of the state per extra thread, the
//! results in order, a panic on any thread passed on.

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
}
