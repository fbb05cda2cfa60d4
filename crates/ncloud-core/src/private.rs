//! Plumbing shared by the ncloud-rs crates (the service crates, the testkit, the CLI, and the
//! expansions of this crate's macros): **not public API**. Nothing here, nor any item of this crate
//! marked `#[doc(hidden)]` (such as `Error`'s constructors and `with_*` setters, or
//! `Response::decode_error`), is covered by semantic versioning: it changes in any release, together
//! with the sibling crates that use it. Reach it as `ncloud_core::__private`.

use std::io;
use std::path::Path;

#[cfg(feature = "client")]
pub use crate::client::{error_body::is_success_code, service::decode_json};
pub use crate::credentials::os::read_regular_file;
pub use crate::credentials::profile_file::{ProfileFile, update_profile, without_bom};
/// For [`string_enum!`](crate::string_enum): serde, whatever the user's crate calls it (or without
/// it among their dependencies).
#[cfg(feature = "serde")]
pub use serde;

/// The profile file at `path` as text, read as the credentials providers read it: a regular file
/// of at most [`MAX_PROFILE_FILE_SIZE`](crate::credentials::MAX_PROFILE_FILE_SIZE) bytes, without
/// blocking on a FIFO; `None` when it does not exist.
pub fn read_profile_file(path: &Path) -> io::Result<Option<String>> {
    crate::credentials::Fs::real().read_to_string(path)
}
