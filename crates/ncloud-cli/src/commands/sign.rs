//! `ncloud sign`: the signature v2 headers of one request, for curl users. It needs credentials
//! only: no HTTP client is built, nothing is sent.

use std::io::Write;

use ncloud_core::ProvideCredentials;
use ncloud_core::signing::{
    ACCESS_KEY_HEADER, API_KEY_HEADER, SIGNATURE_HEADER, SignableRequest, SigningParams,
    TIMESTAMP_HEADER, Timestamp, sign,
};
use ncloud_core::time::{SystemTimeSource, TimeSource};

use super::method::{parse_method, wire_target};
use crate::cli::SignArgs;
use crate::error::CliError;

pub(crate) async fn run(
    credentials: &impl ProvideCredentials,
    args: &SignArgs,
    mut out: impl Write,
) -> Result<(), CliError> {
    // Arguments first: a bad one is reported before credentials are looked for.
    let method = parse_method(&args.method)?;
    let path_and_query = wire_target(&args.target)?;

    let credentials = credentials
        .provide_credentials()
        .await
        .map_err(ncloud_core::Error::from)?;
    let timestamp = args.timestamp.map_or_else(
        || Timestamp::from_system_time(SystemTimeSource.now()),
        Timestamp::from_millis,
    );
    let signed = sign(
        &SignableRequest::new(method.as_str(), &path_and_query),
        &SigningParams::new(&credentials, timestamp),
    );
    // The API key is a secret of its own: it is not a signature header, so it is not printed.
    let headers = [TIMESTAMP_HEADER, ACCESS_KEY_HEADER, SIGNATURE_HEADER]
        .map(|name| (name, signed.header(name).unwrap_or_default()));
    if args.curl {
        let mut words = Vec::new();
        for (name, value) in headers {
            words.push(curl_word(name, value)?);
        }
        writeln!(out, "{}", words.join(" "))?;
    } else {
        for (name, value) in headers {
            writeln!(out, "{name}: {value}")?;
        }
    }
    if credentials.api_key().is_some() {
        eprintln!("note: also send the {API_KEY_HEADER} header with your API key (not printed)");
    }
    Ok(())
}

/// `-H name:value`, as words that `$(...)` hands to curl unchanged. Command substitution splits on
/// blanks and expands `*`, `?` and `[`, but removes no quotes: a value that would need quoting
/// cannot be printed safely at all, so it is refused (the header lines of plain `ncloud sign` show
/// it). Timestamps, signatures (base64) and NCP access keys never need quoting.
fn curl_word(name: &str, value: &str) -> Result<String, CliError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "+/=:._-".contains(c);
    if !value.chars().all(plain) {
        return Err(CliError::usage(format!(
            "--curl: the value of {name} holds characters that $(...) would split or expand (a \
             space, a quote, a wildcard...); print header lines without --curl instead"
        )));
    }
    Ok(format!("-H {name}:{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_words_need_no_quoting_or_are_refused() {
        assert_eq!(
            curl_word("x-ncp-apigw-signature-v2", "B1qd+/9=").unwrap(),
            "-H x-ncp-apigw-signature-v2:B1qd+/9="
        );
        for value in [
            "AK -o /tmp/x",
            "AK*",
            "AK'",
            "AK\"x",
            "AK$(id)",
            "AK;id",
            "AK\tX",
        ] {
            let error = curl_word("x-ncp-iam-access-key", value).unwrap_err();
            assert!(
                error.to_string().contains("x-ncp-iam-access-key"),
                "{error}"
            );
            assert!(!error.to_string().contains(value), "{error}");
        }
    }
}
