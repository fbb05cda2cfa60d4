//! Image files named on the command line (`--image`, `--thumbnail`): read whole but never more
//! than Media Intelligence takes, so a huge or endless file (a FIFO, `/dev/zero`) stops at the
//! limit with a usage error, before anything is sent.

use std::io::Read;
use std::path::Path;

use ncloud_mi::MAX_UPLOAD_BYTES;

use crate::error::CliError;

/// An image to upload: its file name (which says its type) and its bytes.
pub(crate) struct ImageFile {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads `path` for `option`, refusing a file over [`MAX_UPLOAD_BYTES`].
pub(crate) fn read(option: &str, path: &Path) -> Result<ImageFile, CliError> {
    let shown = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| CliError::usage(format!("{option} {shown}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_UPLOAD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::usage(format!("{option} {shown}: {e}")))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(CliError::usage(format!(
            "{option} {shown}: larger than the 5 MB Media Intelligence takes"
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(ImageFile { name, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.jpg");
        std::fs::write(&big, vec![0u8; MAX_UPLOAD_BYTES + 1]).unwrap();
        let error = read("--image", &big).err().unwrap();
        assert!(
            error.message.contains("larger than the 5 MB"),
            "{}",
            error.message
        );
        let ok = dir.path().join("ok.png");
        std::fs::write(&ok, b"png").unwrap();
        let image = read("--image", &ok).unwrap();
        assert_eq!((image.name.as_str(), image.bytes.len()), ("ok.png", 3));
        let missing = read("--thumbnail", &dir.path().join("none.jpg"))
            .err()
            .unwrap();
        assert!(
            missing.message.starts_with("--thumbnail "),
            "{}",
            missing.message
        );
    }
}
