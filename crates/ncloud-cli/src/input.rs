//! Every file and stdin input of `ncloud`, read by one bounded reader: at most a limit fitted to
//! what the input holds, a file only when it is a regular file (the profile reader's rule: a FIFO
//! without a writer or `/dev/zero` is refused, never waited on or read forever), and within
//! `--timeout` (the read runs on its own thread, so the command's deadline still fires while stdin
//! waits for a writer).

use std::io::Read;
use std::path::PathBuf;

use ncloud_core::__private::{read_regular_file, without_bom};

use crate::error::CliError;

/// An SSH public key file (`--key-file`): an RSA key of 16384 bits is under 3 KiB.
pub(crate) const SSH_PUBLIC_KEY_LIMIT: u64 = 16 * 1024;
/// A secret (`--secret-key-file`, `--secret-key-stdin`): an NCP secret key is 40 characters.
pub(crate) const SECRET_LIMIT: u64 = 4 * 1024;
/// The answers `ncloud configure` reads from a pipe: four keys, one a line.
pub(crate) const ANSWERS_LIMIT: u64 = 16 * 1024;

/// Where an input comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// `-` is stdin, anything else a file path.
    pub(crate) fn from_arg(arg: &str) -> Self {
        match arg {
            "-" => Self::Stdin,
            path => Self::File(PathBuf::from(path)),
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Stdin => f.write_str("stdin"),
        }
    }
}

/// The text of `source`, `what` it holds naming it in errors: at most `limit` bytes, UTF-8, a
/// leading byte-order mark dropped. Stdin is read to its end.
pub(crate) async fn read_text(source: Source, what: &str, limit: u64) -> Result<String, CliError> {
    let bytes = read(source.clone(), what, limit).await?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::usage(format!(
            "cannot read the {what} from {source}: not valid UTF-8 text"
        ))
    })?;
    Ok(without_bom(&text).to_owned())
}

/// The bytes of `source` (an image, say), `what` it holds naming it in errors: at most `limit`
/// bytes. Stdin is read to its end.
pub(crate) async fn read(source: Source, what: &str, limit: u64) -> Result<Vec<u8>, CliError> {
    let (sender, receiver) = futures::channel::oneshot::channel();
    let thread_source = source.clone();
    let thread_what = what.to_owned();
    // A thread of its own, not the runtime's: a blocked read of stdin must not stop the
    // command's deadline from firing, and is dropped with the process when it ends.
    std::thread::spawn(move || {
        let _ = sender.send(read_bytes(&thread_source, limit, &thread_what));
    });
    let cannot =
        |e: std::io::Error| CliError::usage(format!("cannot read the {what} from {source}: {e}"));
    receiver
        .await
        .map_err(|_| cannot(std::io::Error::other("the reading thread stopped")))?
        .map_err(cannot)
}

fn read_bytes(source: &Source, limit: u64, what: &str) -> std::io::Result<Vec<u8>> {
    match source {
        Source::File(path) => read_regular_file(path, limit, &format!("the {what}")),
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)?;
            if bytes.len() as u64 > limit {
                return Err(std::io::Error::other(format!(
                    "larger than {limit} bytes, too large for the {what}"
                )));
            }
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(contents: &[u8]) -> (tempfile::TempDir, Source) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input");
        std::fs::write(&path, contents).unwrap();
        (dir, Source::File(path))
    }

    #[tokio::test]
    async fn files_are_read_bounded_as_text_without_a_bom() {
        let (_dir, source) = file("\u{feff}s3cr3t\n".as_bytes());
        assert_eq!(read_text(source, "secret", 64).await.unwrap(), "s3cr3t\n");
        let (_dir, source) = file(&[b'a'; 65]);
        let error = read_text(source, "secret", 64).await.unwrap_err();
        assert!(
            error
                .to_string()
                .contains("larger than 64 bytes, too large for the secret"),
            "{error}"
        );
        let (_dir, source) = file(b"\xff\xfe");
        let error = read_text(source, "secret", 64).await.unwrap_err();
        assert!(error.to_string().contains("not valid UTF-8"), "{error}");
    }

    #[tokio::test]
    async fn a_directory_is_refused() {
        // FIFOs and devices: the profile reader's tests, and the CLI's (tests/inputs.rs).
        let dir = tempfile::tempdir().unwrap();
        let source = Source::File(dir.path().to_path_buf());
        let error = read_text(source, "SSH public key", SSH_PUBLIC_KEY_LIMIT)
            .await
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cannot read the SSH public key from"),
            "{error}"
        );
    }

    #[test]
    fn a_dash_is_stdin() {
        assert!(matches!(Source::from_arg("-"), Source::Stdin));
        assert!(matches!(Source::from_arg("./-"), Source::File(_)));
    }
}
