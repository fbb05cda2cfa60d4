//! A helper to implement [`PageSource::page_fingerprint`](crate::PageSource::page_fingerprint).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Hashes a sequence of values into one fingerprint, for
/// [`PageSource::page_fingerprint`](crate::PageSource::page_fingerprint).
///
/// The hash is stable within a process, which is all duplicate detection needs.
///
/// ```
/// use ncloud_pagination::fingerprint;
///
/// let ids = ["a", "b"];
/// assert_eq!(fingerprint(ids.iter()), fingerprint(["a", "b"].iter()));
/// assert_ne!(fingerprint(ids.iter()), fingerprint(["b", "a"].iter()));
/// ```
pub fn fingerprint<I>(values: I) -> u64
where
    I: IntoIterator,
    I::Item: Hash,
{
    let mut hasher = DefaultHasher::new();
    let mut count: u64 = 0;
    for value in values {
        value.hash(&mut hasher);
        count = count.wrapping_add(1);
    }
    // The length makes `[]` and `[x]` differ even when `x` hashes to nothing.
    count.hash(&mut hasher);
    hasher.finish()
}
