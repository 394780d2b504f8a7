//! Work the trainer hands to a helper thread (filling batches, measuring accuracy), through
//! queues that allocate nothing once made.
//!
//! The standard library's channels allocate now and then when a thread waits on them, which
//! the trainer's no-allocation guarantee (`tests/steady_state.rs`) cannot have; a mutex, a
//! condition variable and a queue of fixed capacity do not.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::Scope;

/// One piece of work turned into its result.
type Work<'a, In, Out> = Box<dyn Fn(In) -> Out + Send + 'a>;

/// Items handed over one by one and turned into results, in order: by a helper thread while
/// the trainer goes on, or, with no core to spare, in place as they are handed over.
pub(super) struct Worker<'a, In, Out> {
    /// The items not yet taken up, and the results not yet collected.
    queues: Arc<(Queue<In>, Queue<Out>)>,
    /// The work, when it is done in place.
    in_place: Option<Work<'a, In, Out>>,
}

impl<'a, In: Send + 'a, Out: Send + 'a> Worker<'a, In, Out> {
    /// A worker doing `work` on a thread of `scope` if `spare_core`, else in place; `capacity`
    /// items and results fit without allocating.
    pub(super) fn new<'scope>(
        scope: &'scope Scope<'scope, 'a>,
        spare_core: bool,
        capacity: usize,
        work: impl Fn(In) -> Out + Send + 'a,
    ) -> Self {
        let queues = Arc::new((Queue::new(capacity), Queue::new(capacity)));
        if !spare_core {
            return Worker { queues, in_place: Some(Box::new(work)) };
        }
        let theirs = Arc::clone(&queues);
        // The thread stops when the worker is dropped (at the end, or on an error), and closes
        // the results as it stops, even by a panic, so that nobody waits for them forever.
        scope.spawn(move || {
            let (items, results) = &*theirs;
            let _closing = CloseOnDrop(results);
            while let Some(item) = items.pop() {
                results.push(work(item));
            }
        });
        Worker { queues, in_place: None }
    }

    /// Hands `item` over.
    pub(super) fn send(&self, item: In) {
        match &self.in_place {
            Some(work) => self.queues.1.push(work(item)),
            None => self.queues.0.push(item),
        }
    }

    /// The next result, waiting for it if it is being worked on; `None` if the thread stopped
    /// before giving it (it panicked), or nothing was handed over.
    pub(super) fn recv(&self) -> Option<Out> {
        match &self.in_place {
            Some(_) => self.queues.1.try_pop(),
            None => self.queues.1.pop(),
        }
    }

    /// The next result if it is ready, without waiting.
    pub(super) fn try_recv(&self) -> Option<Out> {
        self.queues.1.try_pop()
    }
}

impl<In, Out> Drop for Worker<'_, In, Out> {
    /// Lets the thread end: no more items will come.
    fn drop(&mut self) {
        self.queues.0.close();
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

    /// The item at the front if there is one, without waiting.
    pub(super) fn try_pop(&self) -> Option<T> {
        self.lock().items.pop_front()
    }

    /// Wakes every waiter: no more items will come.
    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }
}

/// Closes a queue when dropped: a helper thread holds one for its output, so that the trainer
/// stops waiting if the helper stops, even by a panic.
struct CloseOnDrop<'a, T>(&'a Queue<T>);

impl<T> Drop for CloseOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_gives_results_in_order_on_a_thread_or_in_place() {
        for spare_core in [true, false] {
            std::thread::scope(|scope| {
                let worker = Worker::new(scope, spare_core, 4, |x: u32| 2 * x);
                (1..=3).for_each(|x| worker.send(x));
                assert_eq!([worker.recv(), worker.recv(), worker.recv()], [Some(2), Some(4), Some(6)]);
                assert_eq!(worker.try_recv(), None);
            });
        }
    }

    #[test]
    fn a_worker_whose_thread_panicked_gives_none_instead_of_waiting_forever() {
        let mut received = Some(0);
        let scope = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::thread::scope(|scope| {
                let worker = Worker::new(scope, true, 1, |_: ()| -> u32 { panic!("the work failed") });
                worker.send(());
                received = worker.recv();
            })
        }));
        assert_eq!(received, None, "the closed results end the wait");
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
