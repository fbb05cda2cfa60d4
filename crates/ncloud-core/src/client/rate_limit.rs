//! Adaptive client-side rate limiting, as AWS's adaptive retry mode does it: one token bucket per
//! gateway host, shared by every client of the process, that stays off until the first throttling
//! answer; then the send rate drops to 0.7 times what was measured, and recovers along a cubic
//! curve (CUBIC, C = 0.4), never above twice the measured rate. Many tasks that share a gateway
//! then slow down together instead of each learning from its own 429s.
//!
//! Five departures from AWS's bucket; without them, against a gateway that answers
//! `Retry-After: 1`, 16 tasks starting at once were held near the floor rate for tens of seconds:
//! - the rate is cut once per throttling episode, as TCP's CUBIC cuts once per round trip: a 429 to
//!   a request sent before the last cut says nothing about the cut rate (16 answers to one burst
//!   would otherwise cut it 16 times, to 0.7^16);
//! - until a half-second with answers has ended, the measured rate is the answers of the current
//!   half-second over the time it has run (AWS measures 0 requests per second then, so a throttle
//!   among the first answers takes the rate to the floor, and growth, capped at twice it, stays
//!   there). A burst overestimates the rate, which the next throttles correct within a few round
//!   trips; an underestimate would take seconds of cubic growth to correct;
//! - the measured rate averages the half-seconds that saw answers, not the idle ones in between:
//!   while every task waits out a `Retry-After`, nothing is sent, and that says nothing about how
//!   fast the gateway answers;
//! - the bucket holds a tenth of a second's worth of tokens, not a second's: it paces requests
//!   instead of letting a second's worth go at once, which a gateway that limits requests in
//!   flight throttles at once;
//! - a caller without a token waits for one and tries again, instead of being promised a token at
//!   the rate of that moment: promises made at the floor rate kept callers asleep for tens of
//!   seconds after the rate had grown back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The lowest rate the bucket refills at, in requests per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;
/// Weight of the newest half-second in the measured send rate.
const SMOOTH: f64 = 0.8;
/// The bucket holds this many seconds' worth of tokens.
const BURST: f64 = 0.1;
/// The window of the measured rate, in seconds.
const HALF_SECOND: f64 = 0.5;
/// The shortest time a first measurement divides by, in seconds.
const MIN_ELAPSED: f64 = 0.01;
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
    /// Tokens in the bucket.
    tokens: f64,
    last_refill: Option<f64>,
    /// Answers per second, smoothed over the half-seconds that had answers (0 until one ends).
    smoothed_rate: f64,
    current_half_second: f64,
    answered_in_half_second: u64,
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

    /// Takes a token for one request, or says how long until the bucket holds one (then wait
    /// and ask again: the rate may have changed meanwhile). Always a token while the bucket is off.
    pub(crate) fn try_acquire(&self, now: Instant) -> Result<(), Duration> {
        let now = self.seconds(now);
        let mut bucket = self.lock();
        if !bucket.enabled {
            return Ok(());
        }
        bucket.refill(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        Err(Duration::from_secs_f64(
            (1.0 - bucket.tokens) / bucket.fill_rate,
        ))
    }

    /// Learns from the answer to a request sent at `sent`: a throttle lowers the rate (once per
    /// episode), anything else lets it grow back.
    pub(crate) fn record(&self, sent: Instant, now: Instant, throttled: bool) {
        let (sent, now) = (self.seconds(sent), self.seconds(now));
        let mut bucket = self.lock();
        bucket.measure(now);
        let measured = bucket.measured_rate(now);
        let rate = if !throttled {
            bucket.cubic(now)
        } else if bucket.enabled && sent < bucket.throttled_at {
            // Sent before the last cut: that cut already answered this episode.
            bucket.fill_rate
        } else {
            let rate = match bucket.enabled {
                true => measured.min(bucket.fill_rate),
                false => measured,
            };
            bucket.rate_at_throttle = rate;
            bucket.throttled_at = now;
            bucket.enabled = true;
            rate * BETA
        };
        let rate = rate.min(2.0 * measured);
        bucket.refill(now);
        bucket.fill_rate = rate.max(MIN_FILL_RATE);
        bucket.capacity = (rate * BURST).max(MIN_CAPACITY);
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
        let half_second = (now / HALF_SECOND).floor() * HALF_SECOND;
        if half_second > self.current_half_second {
            // A half-second without answers (all waiting out a Retry-After) is not averaged in.
            if self.answered_in_half_second > 0 {
                let rate = self.answered_in_half_second as f64 / HALF_SECOND;
                self.smoothed_rate = match self.smoothed_rate {
                    0.0 => rate,
                    before => rate * SMOOTH + before * (1.0 - SMOOTH),
                };
            }
            self.answered_in_half_second = 0;
            self.current_half_second = half_second;
        }
        self.answered_in_half_second += 1;
    }

    /// The send rate: the smoothed one, or until a half-second with answers has ended, the
    /// answers of this half-second over the time it has run.
    fn measured_rate(&self, now: f64) -> f64 {
        if self.smoothed_rate > 0.0 {
            return self.smoothed_rate;
        }
        self.answered_in_half_second as f64 / (now - self.current_half_second).max(MIN_ELAPSED)
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
            assert_eq!(limiter.try_acquire(now), Ok(()));
            limiter.record(now, now, false);
        }
        assert_eq!(limiter.rate(), None);
    }

    /// 20 requests a second for 3 s, each answered at once; returns the time of the last one.
    fn steady_20_per_second(limiter: &RateLimiter, t0: Instant) -> f64 {
        let mut now = 0.0;
        for i in 0..60 {
            now = f64::from(i) * 0.05;
            limiter.record(at(t0, now), at(t0, now), false);
        }
        now
    }

    #[test]
    fn a_throttle_cuts_the_rate_to_beta_of_the_measured_one_and_it_grows_back() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        let mut now = steady_20_per_second(&limiter, t0);
        limiter.record(at(t0, now), at(t0, now), true);
        let cut = limiter.rate().unwrap();
        assert!((13.0..=14.5).contains(&cut), "0.7 x ~20/s: {cut}");
        // The bucket holds a tenth of a second's worth of tokens (it paces, it does not let a
        // second's worth go at once); past them a caller is told when the next token is due, and
        // nothing is promised: 40 callers asking together are all told the same time (each asks
        // again then, at the rate of that moment).
        now += 5.0;
        let mut free = 0;
        while limiter.try_acquire(at(t0, now)).is_ok() {
            free += 1;
        }
        assert_eq!(free, 1, "0.1 s x {cut}/s, at least one");
        let wait = limiter.try_acquire(at(t0, now)).unwrap_err();
        assert!(
            wait.as_secs_f64() <= 1.0 / cut && !wait.is_zero(),
            "{wait:?}"
        );
        for _ in 0..40 {
            assert_eq!(limiter.try_acquire(at(t0, now)), Err(wait));
        }
        now += wait.as_secs_f64() + 1e-9;
        assert_eq!(limiter.try_acquire(at(t0, now)), Ok(()));
        assert!(limiter.try_acquire(at(t0, now)).is_err());
        // Successes at the cut rate grow it back along the cubic, above where it was cut.
        for _ in 0..200 {
            now += 1.0 / cut;
            limiter.record(at(t0, now), at(t0, now), false);
        }
        let grown = limiter.rate().unwrap();
        assert!(grown > cut, "{grown} > {cut}");
        assert!(
            grown <= 2.0 * 20.0,
            "never above twice the measured rate: {grown}"
        );
    }

    #[test]
    fn idle_half_seconds_do_not_lower_the_measured_rate() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        // 20 a second, then 2 s of silence (every task waiting out a Retry-After), then a throttle:
        // the cut is from the rate while answers came, not from an average over the silence.
        let now = steady_20_per_second(&limiter, t0) + 2.0;
        limiter.record(at(t0, now), at(t0, now), true);
        let cut = limiter.rate().unwrap();
        assert!((13.0..=14.5).contains(&cut), "0.7 x ~20/s: {cut}");
    }

    #[test]
    fn answers_to_one_burst_cut_the_rate_once() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        let mut now = steady_20_per_second(&limiter, t0);
        // 16 requests sent together, all throttled.
        let sent = at(t0, now);
        now += 0.02;
        for _ in 0..16 {
            limiter.record(sent, at(t0, now), true);
        }
        let once = limiter.rate().unwrap();
        assert!(
            (13.0..=14.5).contains(&once),
            "cut once, to 0.7 x ~20/s: {once}"
        );
        // A 429 to a request sent after that cut cuts again.
        limiter.record(at(t0, now), at(t0, now + 0.02), true);
        let twice = limiter.rate().unwrap();
        assert!(twice < 0.75 * once, "{twice} after {once}");
    }

    #[test]
    fn a_throttle_among_the_first_answers_measures_the_answers_so_far() {
        // 16 tasks start at once; `seconds` later 2 are answered and the first 429 arrives: the
        // rate after the cut (AWS's measurement says 0 then, and cuts to the floor).
        let rate_after = |seconds| {
            let t0 = Instant::now();
            let limiter = RateLimiter::new(t0);
            let answered = at(t0, seconds);
            for throttled in [false, false, true] {
                limiter.record(t0, answered, throttled);
            }
            limiter.rate().unwrap()
        };
        // 3 answers in 20 ms: 150 per second, cut to 105.
        let rate = rate_after(0.02);
        assert!((100.0..=110.0).contains(&rate), "0.7 x 150/s: {rate}");
        // The same after the first half-second (a slow gateway): 3 answers in the 20 ms the
        // half-second from 0.5 s has run.
        let rate = rate_after(0.52);
        assert!((100.0..=110.0).contains(&rate), "0.7 x 150/s: {rate}");
    }

    #[test]
    fn repeated_throttles_slow_down_to_the_floor_not_below() {
        let t0 = Instant::now();
        let limiter = RateLimiter::new(t0);
        for i in 0..50 {
            let now = at(t0, f64::from(i) * 0.5);
            limiter.record(now, now, true);
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
