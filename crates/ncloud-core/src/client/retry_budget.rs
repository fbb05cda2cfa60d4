//! A token bucket that stops retry storms: when a service keeps failing, retries stop even before
//! `max_attempts` is reached (AWS learned the hard way that a missing bucket goes unnoticed, so a
//! test proves this one limits).

use std::sync::Mutex;

/// Tokens in a fresh budget.
pub(crate) const DEFAULT_CAPACITY: u32 = 500;
/// What a retry after an error response or a connection failure costs.
pub(crate) const RETRY_COST: u32 = 5;
/// What a retry after a timeout costs (timeouts tie up more resources).
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;

#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: Mutex<u32>,
}

impl RetryBudget {
    pub(crate) fn new(capacity: u32) -> Self {
        Self {
            capacity,
            tokens: Mutex::new(capacity),
        }
    }

    /// Takes `cost` tokens for a retry; false (and nothing taken) when the budget is short.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        match tokens.checked_sub(cost) {
            Some(left) => {
                *tokens = left;
                true
            }
            None => false,
        }
    }

    /// Gives tokens back after a success: the retry's cost when the success came from a retry, else 1.
    pub(crate) fn refill(&self, amount: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *tokens = tokens.saturating_add(amount).min(self.capacity);
    }

    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        *self.tokens.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_and_refills_within_capacity() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_acquire(RETRY_COST));
        assert!(budget.try_acquire(RETRY_COST));
        assert!(!budget.try_acquire(RETRY_COST), "only 2 tokens left");
        assert_eq!(budget.available(), 2);
        budget.refill(100);
        assert_eq!(budget.available(), 12);
        assert!(!budget.try_acquire(TIMEOUT_RETRY_COST + 3));
    }
}
