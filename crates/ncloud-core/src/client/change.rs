//! [`Change`]: what a failed call that asked for a change (a create, an import) knows of it, so a
//! change the service accepted is never reported only as a failure.

use std::fmt;

/// What is known of the change a failed call asked for ([`Error::change`](super::Error::change)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// The service accepted the change, and a later step failed (reading its answer, a lookup,
    /// a wait). `created` names what it created when that is known (a run name, an asset id, a
    /// workspace name).
    Made {
        /// What was created, when known.
        created: Option<String>,
    },
    /// The answer was lost after the request was sent (a timeout, a dropped connection): the
    /// change may have been made. Check before trying again.
    Unknown,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Made { created: Some(id) } => write!(f, "the change was made (created: {id})"),
            Self::Made { created: None } => f.write_str("the change was made"),
            Self::Unknown => f.write_str("the change may have been made (the answer was lost)"),
        }
    }
}
