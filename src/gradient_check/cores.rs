//! The elements of a check shared out over the machine's cores.

/// `work(state, range)` for equal shares of the elements `0..total`, one per core, each on its
/// own clone of `state`, concatenated in order: the same as `work(state, 0..total)` when the
/// work on each element does not depend on the others.
pub(super) fn on_every_core<S: Clone + Send, R: Send>(
    state: S,
    total: usize,
    work: impl Fn(&mut S, std::ops::Range<usize>) -> Vec<R> + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, total.max(1));
    let share = total.div_ceil(threads);
    let range = |t: usize| (t * share).min(total)..((t + 1) * share).min(total);
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|t| {
                let mut state = state.clone();
                scope.spawn(move || work(&mut state, range(t)))
            })
            .collect();
        let mut state = state;
        let mut all = work(&mut state, range(0));
        for thread in others {
            match thread.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}
