//! Work the trainer hands to its helper thread (filling batches, measuring accuracy), through
//! queues that allocate nothing once made.
//!
//! The standard library's channels allocate now and then when a thread waits on them, which
//! the trainer's no-allocation guarantee (`tests/steady_state.rs`) cannot have; a mutex, a
//! condition variable and a queue of fixed capacity do not.
//!
//! Both kinds of work go to one thread, not one thread each: with two helpers and the trainer,
//! three threads would share two cores, and the scheduler would let the helpers take turns on
//! the trainer's core too. The one helper fills batches first: a measurement, the longer job,
//! stops between its chunks to fill the batches asked for meanwhile.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::Scope;

/// A piece of work for the helper.
enum Job<F, M> {
    Fill(F),
    Measure(M),
}

/// One kind of work handed over item by item and turned into results, in order: by the helper
/// thread while the trainer goes on, or, with no core to spare, in place as it is handed over.
pub(super) struct Worker<'a, In, Out> {
    /// Hands an item over: to the helper's queue, or to the work itself.
    send: Box<dyn Fn(In) + 'a>,
    /// The results not yet collected.
    results: Arc<Queue<Out>>,
    /// The helper's queue, cancelled when the last of its two workers is dropped (at the end of
    /// a run, or on an error), which lets the thread end; `None` when the work is done in place.
    helper: Option<Arc<dyn Send + Sync + 'a>>,
}

/// The two workers of a run: filling batches (`fill`, `fills` of them queued at most) and
/// measuring accuracies (`measure`, `measures` of them), on one helper thread of `scope` if
/// `spare_core`, else in place.
pub(super) fn helper<'a, 'scope, F, FOut, M, MOut>(
    scope: &'scope Scope<'scope, 'a>,
    spare_core: bool,
    [fills, measures]: [usize; 2],
    fill: impl Fn(F) -> FOut + Send + 'a,
    measure: impl Fn(M, &mut dyn FnMut()) -> MOut + Send + 'a,
) -> (Worker<'a, F, FOut>, Worker<'a, M, MOut>)
where
    F: Send + 'a,
    FOut: Send + 'a,
    M: Send + 'a,
    MOut: Send + 'a,
{
    let (filled, measured) = (Arc::new(Queue::new(fills)), Arc::new(Queue::new(measures)));
    if !spare_core {
        let into = Arc::clone(&filled);
        let fills = Worker { send: Box::new(move |f| into.push(fill(f))), results: filled, helper: None };
        let into = Arc::clone(&measured);
        let measures = Worker {
            send: Box::new(move |m| into.push(measure(m, &mut || ()))),
            results: measured,
            helper: None,
        };
        return (fills, measures);
    }
    let jobs: Arc<Queue<Job<F, M>>> = Arc::new(Queue::new(fills + measures));
    let (theirs, filled_theirs, measured_theirs) =
        (Arc::clone(&jobs), Arc::clone(&filled), Arc::clone(&measured));
    // The thread stops when both workers are dropped (at the end, or on an error, when the jobs
    // still queued are dropped undone), and closes the results as it stops, even by a panic,
    // so that nobody waits for them forever.
    scope.spawn(move || {
        let (_closing_filled, _closing_measured) =
            (CloseOnDrop(&*filled_theirs), CloseOnDrop(&*measured_theirs));
        while let Some(job) = theirs.pop() {
            match job {
                Job::Fill(f) => filled_theirs.push(fill(f)),
                Job::Measure(m) => {
                    let mut fill_waiting = || {
                        while let Some(f) = theirs.take_first(|job| matches!(job, Job::Fill(_))) {
                            let Job::Fill(f) = f else { unreachable!("take_first took a fill") };
                            filled_theirs.push(fill(f));
                        }
                    };
                    measured_theirs.push(measure(m, &mut fill_waiting));
                }
            }
        }
    });
    let helper: Arc<dyn Send + Sync + 'a> = Arc::new(CancelWhenDropped(Arc::clone(&jobs)));
    let into = Arc::clone(&jobs);
    let fills = Worker {
        send: Box::new(move |f| into.push(Job::Fill(f))),
        results: filled,
        helper: Some(Arc::clone(&helper)),
    };
    let measures = Worker {
        send: Box::new(move |m| jobs.push(Job::Measure(m))),
        results: measured,
        helper: Some(helper),
    };
    (fills, measures)
}

impl<In, Out> Worker<'_, In, Out> {
    /// Whether the work is done in place, as it is handed over (no core to spare).
    pub(super) fn in_place(&self) -> bool {
        self.helper.is_none()
    }

    /// Hands `item` over.
    pub(super) fn send(&self, item: In) {
        (self.send)(item);
    }

    /// The next result, waiting for it if it is being worked on; `None` if the thread stopped
    /// before giving it (it panicked), or nothing was handed over.
    pub(super) fn recv(&self) -> Option<Out> {
        if self.in_place() { self.results.try_pop() } else { self.results.pop() }
    }

    /// The next result if it is ready, without waiting.
    pub(super) fn try_recv(&self) -> Option<Out> {
        self.results.try_pop()
    }
}

/// A first-in, first-out queue that threads can wait on, until it is closed.
pub(super) struct Queue<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

impl<T> Queue<T> {
    /// An open queue with room for `capacity` items before it would allocate.
    pub(super) fn new(capacity: usize) -> Self {
        Queue {
            state: Mutex::new(State { items: VecDeque::with_capacity(capacity), closed: false }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Nothing panics while holding the lock, so a poisoned one still holds a valid queue.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds an item at the back.
    pub(super) fn push(&self, item: T) {
        self.lock().items.push_back(item);
        self.changed.notify_all();
    }

    /// The item at the front, waiting for one; `None` once the queue is closed and empty.
    pub(super) fn pop(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                return Some(item);
            }
            if state.closed {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The first item that `wanted` picks, taken out of its place, without waiting.
    pub(super) fn take_first(&self, wanted: impl Fn(&T) -> bool) -> Option<T> {
        let mut state = self.lock();
        let at = state.items.iter().position(wanted)?;
        state.items.remove(at)
    }

    /// The item at the front if there is one, without waiting.
    pub(super) fn try_pop(&self) -> Option<T> {
        self.lock().items.pop_front()
    }

    /// Wakes every waiter: no more items will come.
    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// Closes the queue and drops the items not yet taken: nobody wants them done any more.
    fn cancel(&self) {
        let dropped = {
            let mut state = self.lock();
            state.closed = true;
            std::mem::take(&mut state.items)
        };
        self.changed.notify_all();
        drop(dropped);
    }
}

/// Closes a queue when dropped: the helper thread holds one for each of its outputs, so that
/// the trainer stops waiting if the helper stops, even by a panic.
struct CloseOnDrop<'a, T>(&'a Queue<T>);

impl<T> Drop for CloseOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Cancels the helper's queue when dropped: its workers share one, so that the thread ends when
/// both are gone, without doing the jobs still queued. Both go at the end of a run, when every
/// job has been collected, or when a run stops early (a NaN, divergence), whose queued batches
/// and measurement nobody will read.
struct CancelWhenDropped<T>(Arc<Queue<T>>);

impl<T> Drop for CancelWhenDropped<T> {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_give_results_in_order_on_a_thread_or_in_place() {
        for spare_core in [true, false] {
            std::thread::scope(|scope| {
                let (doubles, sums) =
                    helper(scope, spare_core, [4, 4], |x: u32| 2 * x, |x: u32, _: &mut dyn FnMut()| x + 1);
                (1..=3).for_each(|x| doubles.send(x));
                sums.send(10);
                assert_eq!([doubles.recv(), doubles.recv(), doubles.recv()], [Some(2), Some(4), Some(6)]);
                assert_eq!([doubles.try_recv(), sums.recv()], [None, Some(11)]);
            });
        }
    }

    #[test]
    fn a_measurement_fills_the_batches_asked_for_while_it_runs() {
        let (started, release) = (Queue::new(1), Queue::new(1));
        let order = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            let fill = |x: u32| {
                order.lock().unwrap().push("fill");
                2 * x
            };
            let measure = |x: u32, between: &mut dyn FnMut()| {
                started.push(());
                // Goes on once the fills below are queued behind it: `between` fills them.
                release.pop();
                between();
                order.lock().unwrap().push("measured");
                x
            };
            let (fills, measures) = helper(scope, true, [4, 4], fill, measure);
            measures.send(7);
            started.pop();
            fills.send(1);
            fills.send(2);
            release.push(());
            assert_eq!([fills.recv(), fills.recv()], [Some(2), Some(4)]);
            assert_eq!(measures.recv(), Some(7));
        });
        assert_eq!(*order.lock().unwrap(), ["fill", "fill", "measured"]);
    }

    #[test]
    fn jobs_still_queued_when_the_workers_are_dropped_are_not_done() {
        let (started, release) = (Queue::new(3), Queue::<()>::new(0));
        let done = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let fill = |x: u32| {
                started.push(());
                release.pop();
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                x
            };
            let (fills, measures) = helper(scope, true, [4, 1], fill, |x: u32, _: &mut dyn FnMut()| x);
            (1..=3).for_each(|x| fills.send(x));
            started.pop();
            // The run stops while the first fill runs: the other two are still queued.
            drop((fills, measures));
            release.close();
        });
        assert_eq!(done.into_inner(), 1, "only the fill already started was done");
    }

    #[test]
    fn workers_whose_thread_panicked_give_none_instead_of_waiting_forever() {
        let mut received = (Some(0), Some(0));
        let scope = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::thread::scope(|scope| {
                let (fills, measures) = helper(
                    scope,
                    true,
                    [1, 1],
                    |_: ()| -> u32 { panic!("the work failed") },
                    |_: (), _: &mut dyn FnMut()| 0u32,
                );
                fills.send(());
                received = (fills.recv(), measures.recv());
            })
        }));
        assert_eq!(received, (None, None), "the closed results end the wait");
        assert!(scope.is_err(), "the scope passes the thread's panic on");
    }

    #[test]
    fn items_come_out_in_order_and_a_closed_queue_ends_the_wait() {
        let (requests, answers) = (Queue::new(4), Queue::new(4));
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _closing = CloseOnDrop(&answers);
                while let Some(x) = requests.pop() {
                    answers.push(2 * x);
                }
            });
            for x in 1..=3 {
                requests.push(x);
            }
            assert_eq!([answers.pop(), answers.pop(), answers.pop()], [Some(2), Some(4), Some(6)]);
            requests.close();
            assert_eq!(answers.pop(), None, "the helper closed its output as it ended");
            assert_eq!(answers.try_pop(), None);
        });
    }
}
