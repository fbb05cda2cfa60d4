//! The TLS of the clients this crate builds: rustls on *ring* (pure Rust and assembly, no C
//! toolchain; reqwest 0.13's own `rustls` feature builds aws-lc), with the built-in Mozilla roots,
//! or the operating system's verifier with the feature `native-roots`.
//!
//! reqwest is used with `rustls-no-provider`, so a `reqwest::Client` built without a TLS
//! configuration panics when no rustls crypto provider is installed: every client here is built
//! from [`http_client_builder`].

use std::sync::Arc;

use super::Error;

/// A `reqwest::ClientBuilder` with ncloud-core's TLS and redirects off, to start the client you
/// give [`ClientBuilder::http_client`](super::ClientBuilder::http_client) (add proxies, client
/// certificates, timeouts...).
///
/// Use it when your own `reqwest` (0.13) has no TLS feature of its own: ncloud-core turns on
/// reqwest's `rustls-no-provider`, and with it `reqwest::Client::builder().build()` panics unless a
/// rustls crypto provider is installed (reqwest's default `rustls` feature brings one).
///
/// ```
/// use ncloud_core::{Client, Credentials};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let http = ncloud_core::client::http_client_builder()?
///     // .proxy(...), .identity(...), .tls_certs_merge(...), ...
///     .build()?;
/// let client = Client::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .http_client(http)
///     .build()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// A configuration error when TLS cannot be set up (with `native-roots`: the operating system's
/// verifier cannot start).
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let tls = tls_config().map_err(|e| Error::configuration(format!("cannot set up TLS: {e}")))?;
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // The gateway never redirects; following one would send the signed headers elsewhere.
        .redirect(reqwest::redirect::Policy::none()))
}

fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?;
    #[cfg(not(feature = "native-roots"))]
    let builder = builder.with_root_certificates(rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    });
    #[cfg(feature = "native-roots")]
    let builder = {
        use rustls_platform_verifier::BuilderVerifierExt;
        builder.with_platform_verifier()?
    };
    Ok(builder.with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_builds_without_an_installed_crypto_provider() {
        // reqwest's own rustls set-up would panic here: no process-wide provider is installed.
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
        http_client_builder().unwrap().build().unwrap();
    }
}
