//! A helper to implement [`PageSource::item_key`](crate::PageSource::item_key).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Hashes an item's identity (its id, or a tuple of fields) into the key
/// [`PageSource::item_key`](crate::PageSource::item_key) returns.
///
/// The hash is stable within a process, which is all overlap detection needs.
///
/// ```
/// use ncloud_pagination::key;
///
/// assert_eq!(key("project-1"), key(&String::from("project-1")));
/// assert_ne!(key("project-1"), key("project-2"));
/// assert_eq!(key(&("ws", 7)), key(&("ws", 7)));
/// ```
pub fn key<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
