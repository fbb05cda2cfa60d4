//! A minimal HTTP/1.1 client for the tests: one request per connection, raw bytes out, so the
//! tests see exactly what the gateway sends (or that it sends nothing).

use std::io;
use std::net::SocketAddr;
use std::time::SystemTime;

use ncloud_core::Credentials;
use ncloud_core::signing::{SignableRequest, SigningParams, Timestamp, sign};
use ncloud_core::time::{SystemTimeSource, TimeSource};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::FakeGateway;

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends `GET path_and_query` with `headers`; an error when the connection closes without an
/// answer.
pub(crate) async fn get(
    address: SocketAddr,
    path_and_query: &str,
    headers: &[(String, String)],
) -> io::Result<Reply> {
    send(address, "GET", path_and_query, headers, None).await
}

/// Sends `method path_and_query` with `headers` and, if any, a JSON `body`.
pub(crate) async fn send(
    address: SocketAddr,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: Option<&str>,
) -> io::Result<Reply> {
    let mut stream = TcpStream::connect(address).await?;
    let mut request = format!("{method} {path_and_query} HTTP/1.1\r\nHost: {address}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("Connection: close\r\n\r\n");
    request.push_str(body.unwrap_or_default());
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse(&String::from_utf8_lossy(&raw))
}

fn parse(raw: &str) -> io::Result<Reply> {
    let eof = || io::Error::from(io::ErrorKind::UnexpectedEof);
    let (head, body) = raw.split_once("\r\n\r\n").ok_or_else(eof)?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(eof)?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: body.to_owned(),
    })
}

/// The signature v2 headers (and API key, if any) for a GET signed at `at`.
pub(crate) fn signed_headers(
    credentials: &Credentials,
    path_and_query: &str,
    at: SystemTime,
) -> Vec<(String, String)> {
    signed_headers_for("GET", credentials, path_and_query, at)
}

/// The signature v2 headers (and API key, if any) for `method` signed at `at`.
pub(crate) fn signed_headers_for(
    method: &str,
    credentials: &Credentials,
    path_and_query: &str,
    at: SystemTime,
) -> Vec<(String, String)> {
    sign(
        &SignableRequest::new(method, path_and_query),
        &SigningParams::new(credentials, Timestamp::from_system_time(at)),
    )
    .headers()
    .map(|h| (h.name().to_owned(), h.value().to_owned()))
    .collect()
}

/// A GET signed now with the gateway's own credentials.
pub(crate) async fn signed_get(gateway: &FakeGateway, path_and_query: &str) -> io::Result<Reply> {
    let now = SystemTimeSource.now();
    signed_get_at(gateway, gateway.credentials(), path_and_query, now).await
}

/// A GET signed with `credentials` at `at`.
pub(crate) async fn signed_get_at(
    gateway: &FakeGateway,
    credentials: &Credentials,
    path_and_query: &str,
    at: SystemTime,
) -> io::Result<Reply> {
    let headers = signed_headers(credentials, path_and_query, at);
    get(gateway.address(), path_and_query, &headers).await
}
