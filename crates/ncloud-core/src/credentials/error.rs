use std::path::PathBuf;

/// Why a credentials provider gave no credentials.
///
/// [`NotFound`](Self::NotFound) means "this provider has nothing": a chain moves on to the next
/// provider. Every other variant is a real problem (a malformed file, half-set variables) and stops
/// the chain, so a typo is reported instead of silently using other keys.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The provider found no credentials; `looked` says where it looked.
    #[error("no NCP credentials found ({looked})")]
    NotFound {
        /// Where the provider (or every provider of a chain) looked.
        looked: String,
    },
    /// Credentials are configured, but wrongly (for example an access key without a secret key).
    #[error("invalid NCP credentials configuration: {message}")]
    InvalidConfiguration {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The profile file could not be parsed.
    #[error("{}:{line}: {message}", path.display())]
    MalformedProfileFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The server role's keys could not be had from the metadata service.
    #[error("server role: {message}")]
    ServerRole {
        /// What went wrong.
        message: String,
    },
    /// The profile file exists but could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl CredentialsError {
    /// A [`NotFound`](Self::NotFound) error.
    pub fn not_found(looked: impl Into<String>) -> Self {
        Self::NotFound {
            looked: looked.into(),
        }
    }

    /// An [`InvalidConfiguration`](Self::InvalidConfiguration) error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidConfiguration {
            message: message.into(),
        }
    }

    /// True when the provider simply had no credentials (a chain tries the next one).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }
}
