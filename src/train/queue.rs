//! A queue between the trainer and a helper thread that allocates nothing once made.
//!
//! The standard library's channels allocate now and then when a thread waits on them, which
//! the trainer's no-allocation guarantee (`tests/steady_state.rs`) cannot have; a mutex, a
//! condition variable and a queue of fixed capacity do not.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

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
pub(super) struct CloseOnDrop<'a, T>(pub(super) &'a Queue<T>);

impl<T> Drop for CloseOnDrop<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
