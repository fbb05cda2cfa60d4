//! Clock-skew correction, as AWS SDKs do it: the gateway refuses a timestamp more than 5 minutes off
//! its own clock (401, code 200) and says its time in the `Date` header; the client records the
//! difference, signs with the gateway's time from then on, and re-sends the refused request once.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::retry_loop::AttemptError;
use crate::time::TimeSource;

/// A refusal whose `Date` is further than this from the time we signed with is blamed on the clock.
/// Below the gateway's 5-minute window, with room for `Date`'s 1-second precision and latency.
pub(crate) const SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// The gateway rejects timestamps further than this from its clock.
const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// On a 401 (gateway code 200) whose `Date` is further from the local clock than a signature may
/// be (and than the offset already known), records the gateway's clock offset: the caller
/// re-signs and sends again.
pub(crate) fn correct(offset: &ClockOffset, time: &dyn TimeSource, failure: &AttemptError) -> bool {
    let error = &failure.error;
    let (Some(401), Some("200"), Some(server)) =
        (error.http_status(), error.code(), failure.server_date)
    else {
        return false;
    };
    let measured = difference_millis(server, time.now());
    let threshold = u64::try_from(SKEW_THRESHOLD.as_millis()).unwrap_or(u64::MAX);
    if measured.abs_diff(offset.millis()) <= threshold {
        return false;
    }
    offset.set(measured);
    tracing::warn!(
        offset_ms = measured,
        "the local clock is {} the API Gateway's: signing with the gateway's time from now on",
        describe(measured)
    );
    true
}

/// What a 401 has to do with the clock, if anything: the gateway's `Date` is still far from the
/// time signed with (`now`, already corrected by `offset`), or the request was refused even after
/// the offset was corrected.
pub(crate) fn hint(
    server_date: Option<SystemTime>,
    now: SystemTime,
    offset: i64,
    corrected: bool,
) -> Option<String> {
    if let Some(server) = server_date {
        let skew = difference_millis(server, now);
        if skew.unsigned_abs() > SIGNATURE_WINDOW.as_millis() as u64 {
            return Some(format!(
                "the local clock is {} the gateway's (which accepts 5 minutes): check the system \
                 time",
                describe(skew.saturating_add(offset))
            ));
        }
    }
    corrected.then(|| {
        format!(
            "the local clock is {} the gateway's; signed with the gateway's time, the request was \
             still refused, so check the access key and the secret key",
            describe(offset)
        )
    })
}

/// The gateway's clock minus ours, in milliseconds; shared by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct ClockOffset {
    millis: AtomicI64,
}

impl ClockOffset {
    /// The measured offset, in milliseconds (positive: the gateway is ahead).
    pub(crate) fn millis(&self) -> i64 {
        self.millis.load(Ordering::Relaxed)
    }

    pub(crate) fn set(&self, millis: i64) {
        self.millis.store(millis, Ordering::Relaxed);
    }

    /// `local` moved by the offset: the gateway's time, as far as we know it.
    pub(crate) fn apply(&self, local: SystemTime) -> SystemTime {
        shift(local, self.millis())
    }
}

/// `server - local` in milliseconds, saturating.
pub(crate) fn difference_millis(server: SystemTime, local: SystemTime) -> i64 {
    let millis = |t: SystemTime| match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_millis()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_millis()).unwrap_or(i128::MAX),
    };
    let diff = millis(server) - millis(local);
    i64::try_from(diff).unwrap_or(if diff < 0 { i64::MIN } else { i64::MAX })
}

fn shift(time: SystemTime, millis: i64) -> SystemTime {
    let by = Duration::from_millis(millis.unsigned_abs());
    let moved = if millis >= 0 {
        time.checked_add(by)
    } else {
        time.checked_sub(by)
    };
    moved.unwrap_or(time)
}

/// "600 s behind" / "600 s ahead of": how the local clock stands against the gateway's.
pub(crate) fn describe(offset_millis: i64) -> String {
    let seconds = offset_millis.unsigned_abs().div_ceil(1000);
    // A positive offset means the gateway is ahead, so the local clock is behind.
    let direction = if offset_millis > 0 {
        "behind"
    } else {
        "ahead of"
    };
    format!("{seconds} s {direction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_move_time_both_ways() {
        let local = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let ahead = local + Duration::from_secs(600);
        let behind = local - Duration::from_secs(600);
        assert_eq!(difference_millis(ahead, local), 600_000);
        assert_eq!(difference_millis(behind, local), -600_000);
        let offset = ClockOffset::default();
        assert_eq!(offset.apply(local), local);
        offset.set(600_000);
        assert_eq!(offset.apply(local), ahead);
        offset.set(-600_000);
        assert_eq!(offset.apply(local), behind);
        assert_eq!(describe(600_000), "600 s behind");
        assert_eq!(describe(-600_000), "600 s ahead of");
        assert_eq!(describe(-1), "1 s ahead of");
    }

    #[test]
    fn extreme_values_saturate_instead_of_panicking() {
        let far = UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX) * 1000);
        assert!(difference_millis(far, UNIX_EPOCH) > 0);
        assert!(difference_millis(UNIX_EPOCH, far) < 0);
        let offset = ClockOffset::default();
        offset.set(i64::MIN);
        let _ = offset.apply(UNIX_EPOCH);
        offset.set(i64::MAX);
        let _ = offset.apply(far);
    }
}
