//! [`Observer`]: a callback a waiter calls with every state it polls (for a progress line).

use std::fmt;
use std::sync::Arc;

/// A shared callback called with each polled value.
pub(crate) struct Observer<T>(Arc<dyn Fn(&T) + Send + Sync>);

impl<T> Observer<T> {
    pub(crate) fn new(f: impl Fn(&T) + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    pub(crate) fn call(&self, value: &T) {
        (self.0)(value);
    }
}

impl<T> Clone for Observer<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> fmt::Debug for Observer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}
