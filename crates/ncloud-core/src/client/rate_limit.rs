//! Adaptive client-side rate limiting, as AWS's adaptive retry mode does it: one token bucket per
//! gateway host, shared by every client of the process, that stays off until the first throttling
//! answer; then the send rate drops to 0.7 times what was measured, and recovers along a cubic
//! curve (CUBIC, C = 0.4), never above twice the measured rate. Many tasks that share a gateway
//! then slow down together instead of each learning from its own 429s.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The lowest rate the bucket refills at, in requests per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;
/// Weight of the newest half-second in the measured send rate.
const SMOOTH: f64 = 0.8;
/// What a throttle multiplies the rate by.
const BETA: f64 = 0.7;
/// How fast the rate grows back (CUBIC's C).
const SCALE: f64 = 0.4;

/// A token bucket whose rate adapts to throttling.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    origin: Instant,
    bucket: Mutex<Bucket>,
}

#[derive(Debug, Default)]
struct Bucket {
    /// Off until the first throttle.
    enabled: bool,
    /// Tokens per second.
    fill_rate: f64,
    capacity: f64,
    /// Tokens in the bucket; below zero while callers wait for tokens already promised.
    tokens: f64,
    last_refill: Option<f64>,
    /// Requests per second actually sent, smoothed over half-second buckets.
    measured_rate: f64,
    current_half_second: f64,
    sent_in_half_second: u64,
    /// The rate at the last throttle, and when it happened.
    rate_at_throttle: f64,
    throttled_at: f64,
}

impl RateLimiter {
    pub(crate) fn new(now: Instant) -> Self {
        Self {
            origin: now,
            bucket: Mutex::new(Bucket {
                fill_rate: MIN_FILL_RATE,
                capacity: MIN_CAPACITY,
                ..Bucket::default()
            }),
        }
    }

    fn seconds(&self, now: Instant) -> f64 {
        now.saturating_duration_since(self.origin).as_secs_f64()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        self.bucket.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a token for one request: how long to wait before sending it (zero while the bucket
    /// is off or holds a token).
    pub(crate) fn acquire(&self, now: Instant) -> Duration {
        let now = self.seconds(now);
        let mut bucket = self.lock();
        if !bucket.enabled {
            return Duration::ZERO;
        }
        bucket.refill(now);
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(-bucket.tokens / bucket.fill_rate)
    }

    /// Learns from an answer: a throttle lowers the rate, anything else lets it grow back.
    pub(crate) fn record(&self, now: Instant, throttled: bool) {
        let now = self.seconds(now);
        let mut bucket = self.lock();
        bucket.measure(now);
        let rate = if throttled {
            let rate = match bucket.enabled {
                true => bucket.measured_rate.min(bucket.fill_rate),
                false => bucket.measured_rate,
            };
            bucket.rate_at_throttle = rate;
            bucket.throttled_at = now;
            bucket.enabled = true;
            rate * BETA
        } else {
            bucket.cubic(now)
        };
        let rate = rate.min(2.0 * bucket.measured_rate);
        bucket.refill(now);
        bucket.fill_rate = rate.max(MIN_FILL_RATE);
        bucket.capacity = rate.max(MIN_CAPACITY);
        bucket.tokens = bucket.tokens.min(bucket.capacity);
    }

    /// Whether the bucket is on (a throttle was seen), and its rate in requests per second.
    #[cfg(test)]
    pub(crate) fn rate(&self) -> Option<f64> {
        let bucket = self.lock();
        bucket.enabled.then_some(bucket.fill_rate)
    }
}

impl Bucket {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let added = (now - last).max(0.0) * self.fill_rate;
            self.tokens = (self.tokens + added).min(self.capacity);
        }
        self.last_refill = Some(now);
    }

    fn measure(&mut self, now: f64) {
        let half_second = (now * 2.0).floor() / 2.0;
        self.sent_in_half_second += 1;
        if half_second > self.current_half_second {
            let rate = self.sent_in_half_second as f64 / (half_second - self.current_half_second);
            self.measured_rate = rate * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
            self.sent_in_half_second = 0;
            self.current_half_second = half_second;
        }
    }

    /// The rate `now` on the cubic curve that starts at `BETA` times the rate of the last throttle
    /// and passes that rate again after `window` seconds.
    fn cubic(&self, now: f64) -> f64 {
        let window = (self.rate_at_throttle * (1.0 - BETA) / SCALE).cbrt();
        SCALE * (now - self.throttled_at - window).powi(3) + self.rate_at_throttle
    }
}

/// The limiter of gateway `host` (scheme, host and port), shared by every client of the process.
pub(crate) fn shared(host: &str, now: Instant) -> Arc<RateLimiter> {
    static LIMITERS: OnceLock<Mutex<HashMap<String, Arc<RateLimiter>>>> = OnceLock::new();
    let mut limiters = LIMITERS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    limiters
        .entry(host.to_owned())
        .or_insert_with(|| Arc::new(RateLimiter::new(now)))
        .clone()
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // an origin for the limiter's seconds: only differences count
mod tests {
    use super::*;

    fn at(origin: Instant, seconds: f64) -> Instant {
        origin + Duration::from_secs_f64(seconds)
    }

    #[test]
    fn off_until_the_first_throttle() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        for i in 0..100 {
            let now = at(t0, f64::from(i) * 0.01);
            assert_eq!(limiter.acquire(now), Duration::ZERO);
            limiter.record(now, false);
        }
        assert_eq!(limiter.rate(), None);
    }

    #[test]
    fn a_throttle_cuts_the_rate_to_beta_of_the_measured_one_and_it_grows_back() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        // 20 requests a second for 3 s, then a throttle.
        let mut now = 0.0;
        while now < 3.0 {
            limiter.record(at(t0, now), false);
            now += 0.05;
        }
        limiter.record(at(t0, now), true);
        let cut = limiter.rate().unwrap();
        assert!((13.0..=14.5).contains(&cut), "0.7 x ~20/s: {cut}");
        // The bucket holds at most a second's worth of tokens; past them, tokens are promised in
        // turn, each caller waiting longer than the one before.
        let waits: Vec<_> = (0..40).map(|_| limiter.acquire(at(t0, now))).collect();
        let free = waits.iter().filter(|w| w.is_zero()).count();
        assert!(free <= 15, "{waits:?}");
        assert!(waits[free..].windows(2).all(|w| w[1] > w[0]), "{waits:?}");
        // Successes at the cut rate grow it back along the cubic, above where it was cut.
        for _ in 0..200 {
            now += 1.0 / cut;
            limiter.record(at(t0, now), false);
        }
        let grown = limiter.rate().unwrap();
        assert!(grown > cut, "{grown} > {cut}");
        assert!(
            grown <= 2.0 * 20.0,
            "never above twice the measured rate: {grown}"
        );
    }

    #[test]
    fn repeated_throttles_slow_down_to_the_floor_not_below() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        for i in 0..50 {
            limiter.record(at(t0, f64::from(i) * 0.5), true);
        }
        assert_eq!(limiter.rate(), Some(MIN_FILL_RATE));
    }

    #[test]
    fn one_limiter_per_host_for_the_whole_process() {
        let now = Instant::now();
        let a = shared("https://nsml.apigw.ntruss.com", now);
        let b = shared("https://nsml.apigw.ntruss.com", now);
        let c = shared("https://mi.apigw.ntruss.com", now);
        assert!(Arc::ptr_eq(&a, &b) && !Arc::ptr_eq(&a, &c));
    }
}
