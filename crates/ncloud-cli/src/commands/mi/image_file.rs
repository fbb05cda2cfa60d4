//! Image files named on the command line (`--image`, `--thumbnail`), read by the bounded reader
//! ([`crate::input`]) up to what Media Intelligence takes: a larger file, a FIFO or a device is
//! refused with a usage error, before anything is sent.

use std::path::Path;

use ncloud_mi::MAX_UPLOAD_BYTES;

use crate::error::CliError;
use crate::input::{self, Source};

/// An image to upload: its file name (which says its type) and its bytes.
pub(crate) struct ImageFile {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads the image at `path`, refusing more than [`MAX_UPLOAD_BYTES`].
pub(crate) async fn read(path: &Path) -> Result<ImageFile, CliError> {
    let source = Source::File(path.to_owned());
    let bytes = input::read(source, "image", MAX_UPLOAD_BYTES as u64).await?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(ImageFile { name, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.jpg");
        std::fs::write(&big, vec![0u8; MAX_UPLOAD_BYTES + 1]).unwrap();
        let error = read(&big).await.err().unwrap();
        assert!(
            error.to_string().contains("too large for the image"),
            "{error}"
        );
        let ok = dir.path().join("ok.png");
        std::fs::write(&ok, b"png").unwrap();
        let image = read(&ok).await.unwrap();
        assert_eq!((image.name.as_str(), image.bytes.len()), ("ok.png", 3));
        assert!(read(dir.path()).await.is_err(), "a directory is no image");
    }
}
