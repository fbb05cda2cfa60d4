//! The one credentials cache, behind [`Signer`](crate::signing::Signer) and therefore every
//! signer adapter, and behind the client: loaded at the first use and kept; keys that expire are
//! reloaded [`CREDENTIALS_REFRESH_MARGIN`](super::CREDENTIALS_REFRESH_MARGIN) before they do, by
//! one load that concurrent callers share; after a failed reload, the keys in hand (while still
//! valid) are used for a pause before the next try, so a metadata service that is down costs one
//! provider call per pause, not one per request. A failed load is never kept.

use std::fmt;
use std::future::poll_fn;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::{Duration, SystemTime};

use zeroize::Zeroizing;

use super::refresh_time;
use crate::time::TimeSource;
use crate::{Credentials, CredentialsError, ProvideCredentials as _, SharedCredentialsProvider};

/// When a reload fails while the keys in hand still work, they are used for this long before the
/// next try.
pub(crate) const RETRY_AFTER_FAILED_REFRESH: Duration = Duration::from_secs(10);

pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    /// An API key that replaces the one the loaded credentials carry.
    api_key: Option<Zeroizing<String>>,
    time: Arc<dyn TimeSource>,
    state: Mutex<State>,
    /// Loads finished so far, successful or not.
    loads: AtomicU64,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// The last failed load, shared with the callers that waited for it.
    failure: Option<Failure>,
    /// A load is running; these callers wait for its outcome.
    loading: Option<Vec<Waker>>,
}

#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    /// When to reload; `None` for keys that do not expire.
    refresh_at: Option<SystemTime>,
}

struct Failure {
    load: u64,
    error: Arc<CredentialsError>,
}

/// The right to load, held by one caller at a time; dropping it (even mid-load, when the caller's
/// future is dropped) lets the next caller in.
struct LoadTurn<'a>(&'a CredentialsCache);

impl Drop for LoadTurn<'_> {
    fn drop(&mut self) {
        let waiting = self.0.lock().loading.take().unwrap_or_default();
        for waker in waiting {
            waker.wake();
        }
    }
}

impl CredentialsCache {
    pub(crate) fn new(
        provider: SharedCredentialsProvider,
        api_key: Option<Zeroizing<String>>,
        time: Arc<dyn TimeSource>,
    ) -> Self {
        Self {
            provider,
            api_key,
            time,
            state: Mutex::default(),
            loads: AtomicU64::new(0),
        }
    }

    /// Where the credentials come from.
    pub(crate) fn provider(&self) -> &SharedCredentialsProvider {
        &self.provider
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The credentials to sign with now.
    pub(crate) async fn get(&self) -> Result<Credentials, Arc<CredentialsError>> {
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        let seen = self.loads.load(Ordering::Acquire);
        let _turn = self.turn().await;
        // Someone else loaded while this caller waited: share their outcome.
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        if let Some(failure) = self.lock().failure.as_ref().filter(|f| f.load > seen) {
            return Err(failure.error.clone());
        }
        let outcome = self.load().await;
        let load = self.loads.fetch_add(1, Ordering::AcqRel) + 1;
        match outcome {
            Ok(credentials) => {
                self.lock().failure = None;
                Ok(credentials)
            }
            Err(error) => {
                let error = Arc::new(error);
                self.lock().failure = Some(Failure {
                    load,
                    error: error.clone(),
                });
                match self.still_valid() {
                    Some(credentials) => {
                        tracing::warn!(
                            error = %error,
                            "cannot reload the credentials; using the current ones until they expire"
                        );
                        Ok(credentials)
                    }
                    None => Err(error),
                }
            }
        }
    }

    /// Waits until no other caller is loading, then takes the turn.
    async fn turn(&self) -> LoadTurn<'_> {
        poll_fn(|cx| {
            let mut state = self.lock();
            match &mut state.loading {
                Some(waiting) => {
                    waiting.push(cx.waker().clone());
                    Poll::Pending
                }
                None => {
                    state.loading = Some(Vec::new());
                    Poll::Ready(())
                }
            }
        })
        .await;
        LoadTurn(self)
    }

    /// Forgets the credentials: the next call loads them again.
    pub(crate) fn invalidate(&self) {
        self.lock().cached = None;
    }

    fn fresh(&self) -> Option<Credentials> {
        let now = self.time.now();
        self.lock()
            .cached
            .as_ref()
            .filter(|c| c.refresh_at.is_none_or(|at| now < at))
            .map(|c| c.credentials.clone())
    }

    /// The cached credentials while they still work, which are then kept a little longer.
    fn still_valid(&self) -> Option<Credentials> {
        let now = self.time.now();
        let mut state = self.lock();
        let entry = state.cached.as_mut()?;
        let expiry = entry.credentials.expiry()?;
        if now >= expiry {
            return None;
        }
        entry.refresh_at = Some((now + RETRY_AFTER_FAILED_REFRESH).min(expiry));
        Some(entry.credentials.clone())
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut credentials = self.provider.provide_credentials().await?;
        if let Some(api_key) = &self.api_key {
            credentials = credentials.with_api_key(api_key.as_str());
        }
        let now = self.time.now();
        let refresh_at = match credentials.expiry() {
            None => None,
            Some(expiry) if expiry <= now => {
                return Err(CredentialsError::invalid(format!(
                    "the credentials provider gave keys that expired {} ago",
                    crate::time::readable(now.duration_since(expiry).unwrap_or_default())
                )));
            }
            Some(expiry) => Some(refresh_time(now, expiry)),
        };
        self.lock().cached = Some(Cached {
            credentials: credentials.clone(),
            refresh_at,
        });
        Ok(credentials)
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("api_key", &self.api_key.as_ref().map(|_| crate::REDACTED))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::time::UNIX_EPOCH;

    use async_trait::async_trait;

    use super::*;
    use crate::ProvideCredentials;
    use crate::credentials::CREDENTIALS_REFRESH_MARGIN;
    use crate::time::ManualTimeSource;

    const HOUR: Duration = Duration::from_secs(3600);

    /// Keys numbered by load, living `life` from the clock's time; each load takes a second of
    /// (paused) tokio time, so concurrent callers really overlap with it.
    #[derive(Debug)]
    struct Numbered {
        clock: ManualTimeSource,
        life: Option<Duration>,
        loads: AtomicUsize,
        fail: std::sync::atomic::AtomicBool,
    }

    #[async_trait]
    impl ProvideCredentials for Numbered {
        async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
            if self.fail.load(Ordering::SeqCst) {
                return Err(CredentialsError::invalid(format!("load {n} failed")));
            }
            let credentials = Credentials::new(format!("AK{n}"), format!("SK{n}"));
            Ok(match self.life {
                Some(life) => credentials.with_expiry(self.clock.now() + life),
                None => credentials,
            })
        }
    }

    fn cache(life: Option<Duration>) -> (Arc<CredentialsCache>, Arc<Numbered>, ManualTimeSource) {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let provider = Arc::new(Numbered {
            clock: clock.clone(),
            life,
            loads: AtomicUsize::new(0),
            fail: false.into(),
        });
        let cache = CredentialsCache::new(
            SharedCredentialsProvider::new(provider.clone()),
            None,
            Arc::new(clock.clone()),
        );
        (Arc::new(cache), provider, clock)
    }

    async fn concurrently(cache: &Arc<CredentialsCache>, n: usize) -> Vec<Result<String, String>> {
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move {
                    cache
                        .get()
                        .await
                        .map(|c| c.access_key().to_owned())
                        .map_err(|e| crate::ErrorChain(&*e).to_string())
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        results
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_load_and_one_refresh() {
        let (cache, provider, clock) = cache(Some(HOUR));
        let keys = concurrently(&cache, 16).await;
        assert!(keys.iter().all(|k| k.as_deref() == Ok("AK1")), "{keys:?}");
        assert_eq!(provider.loads.load(Ordering::SeqCst), 1);
        // Inside the margin: still valid, but time to refresh, once for everybody.
        clock.advance(HOUR - CREDENTIALS_REFRESH_MARGIN + Duration::from_secs(1));
        let keys = concurrently(&cache, 16).await;
        assert!(keys.iter().all(|k| k.as_deref() == Ok("AK2")), "{keys:?}");
        assert_eq!(provider.loads.load(Ordering::SeqCst), 2);
        // Fresh keys are not reloaded per request.
        clock.advance(Duration::from_secs(600));
        concurrently(&cache, 16).await;
        assert_eq!(provider.loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn static_keys_are_loaded_once_until_invalidated() {
        let (cache, provider, clock) = cache(None);
        concurrently(&cache, 8).await;
        clock.advance(HOUR * 24 * 365);
        assert_eq!(cache.get().await.unwrap().access_key(), "AK1");
        assert_eq!(provider.loads.load(Ordering::SeqCst), 1);
        cache.invalidate();
        assert_eq!(cache.get().await.unwrap().access_key(), "AK2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_load_is_shared_by_its_waiters_but_never_kept() {
        let (cache, provider, _clock) = cache(None);
        provider.fail.store(true, Ordering::SeqCst);
        let results = concurrently(&cache, 8).await;
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().unwrap_err().ends_with("load 1 failed")),
            "{results:?}"
        );
        assert_eq!(provider.loads.load(Ordering::SeqCst), 1);
        provider.fail.store(false, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key(), "AK2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_refresh_keeps_working_keys_briefly_then_fails_after_expiry() {
        let (cache, provider, clock) = cache(Some(HOUR));
        cache.get().await.unwrap();
        clock.advance(HOUR - Duration::from_secs(60));
        provider.fail.store(true, Ordering::SeqCst);
        assert_eq!(cache.get().await.unwrap().access_key(), "AK1");
        // Not a reload per request while the service is down...
        assert_eq!(cache.get().await.unwrap().access_key(), "AK1");
        assert_eq!(provider.loads.load(Ordering::SeqCst), 2);
        // ...but again after a short while, and an error once the keys expired.
        clock.advance(RETRY_AFTER_FAILED_REFRESH);
        cache.get().await.unwrap();
        assert_eq!(provider.loads.load(Ordering::SeqCst), 3);
        clock.advance(Duration::from_secs(60));
        let err = crate::ErrorChain(&*cache.get().await.unwrap_err()).to_string();
        assert!(err.ends_with("failed"), "{err}");
    }

    #[tokio::test(start_paused = true)]
    async fn keys_that_already_expired_are_refused() {
        let (cache, _provider, _clock) = cache(Some(Duration::ZERO));
        let err = crate::ErrorChain(&*cache.get().await.unwrap_err()).to_string();
        assert!(err.contains("expired 0 ms ago"), "{err}");
    }
}
