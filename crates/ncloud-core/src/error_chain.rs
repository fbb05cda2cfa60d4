//! Printing an error with its causes: errors here say only their own message in `Display`.

use std::error::Error as StdError;
use std::fmt;

/// Displays an error and each of its sources on one line, separated by `": "`.
///
/// Every error of ncloud-rs says only its own message in `Display` and leaves the cause to
/// [`source()`](std::error::Error::source), so that nothing is printed twice; print this to show
/// the whole story (the `ncloud` CLI does).
///
/// ```
/// use ncloud_core::ErrorChain;
///
/// #[derive(Debug)]
/// struct Outer(std::io::Error);
/// impl std::fmt::Display for Outer {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("cannot read the profile file")
///     }
/// }
/// impl std::error::Error for Outer {
///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
///         Some(&self.0)
///     }
/// }
///
/// let error = Outer(std::io::Error::other("permission denied"));
/// assert_eq!(
///     ErrorChain(&error).to_string(),
///     "cannot read the profile file: permission denied"
/// );
/// ```
#[derive(Clone, Copy)]
pub struct ErrorChain<'a>(pub &'a (dyn StdError + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
