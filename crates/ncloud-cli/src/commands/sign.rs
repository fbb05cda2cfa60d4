//! `ncloud sign`: the signature v2 headers of one request, for curl users.

use std::io::Write;

use ncloud_core::Client;
use ncloud_core::signing::{
    ACCESS_KEY_HEADER, API_KEY_HEADER, SIGNATURE_HEADER, SignableRequest, SigningParams,
    TIMESTAMP_HEADER, Timestamp, sign,
};
use ncloud_core::time::{SystemTimeSource, TimeSource};

use crate::cli::SignArgs;
use crate::error::CliError;

pub(crate) async fn run(
    client: Client,
    args: &SignArgs,
    mut out: impl Write,
) -> Result<(), CliError> {
    let credentials = client.credentials().await?;
    let method = args.method.to_ascii_uppercase();
    let timestamp = args.timestamp.map_or_else(
        || Timestamp::from_system_time(SystemTimeSource.now()),
        Timestamp::from_millis,
    );
    let signed = sign(
        &SignableRequest::new(&method, path_and_query(&args.target)),
        &SigningParams::new(&credentials, timestamp),
    );
    // The API key is a secret of its own: it is not a signature header, so it is not printed.
    let headers = [TIMESTAMP_HEADER, ACCESS_KEY_HEADER, SIGNATURE_HEADER]
        .map(|name| (name, signed.header(name).unwrap_or_default()));
    if args.curl {
        let words: Vec<String> = headers.iter().map(|(n, v)| format!("-H {n}:{v}")).collect();
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

/// The path and query of a full URL as written, or the argument itself.
fn path_and_query(target: &str) -> &str {
    match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_path_and_query_as_written() {
        assert_eq!(path_and_query("/a?b=c%20d"), "/a?b=c%20d");
        assert_eq!(
            path_and_query("https://mi.apigw.ntruss.com/api/v1/w?x=1"),
            "/api/v1/w?x=1"
        );
        assert_eq!(path_and_query("https://host"), "/");
    }
}
