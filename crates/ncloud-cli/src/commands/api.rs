//! `ncloud api`: any NCP API Gateway call, signed and retried like the typed ones.

use std::io::{IsTerminal, Write};

use ncloud_core::__private::decode_json;
use ncloud_core::Client;
use ncloud_core::client::{ApiKey, Method, Request, Response, Service};
use ncloud_pagination::Paginator;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::list::{ListPlan, print_items};
use super::method::{is_url, parse_method, wire_target};
use crate::cli::ApiArgs;
use crate::endpoint;
use crate::error::CliError;
use crate::input::{self, Source};
use crate::json_pages::{JsonPages, PagingShape};
use crate::render::{Output, output_format};
use crate::text;

pub(crate) async fn run(
    client: Client,
    args: &ApiArgs,
    mut out: impl Write,
) -> Result<(), CliError> {
    let method = parse_method(&args.method)?;
    let url = resolve_url(&client, args)?;
    let query = parse_query(&args.query)?;
    if args.paginate {
        if method != Method::GET {
            return Err(CliError::usage("--paginate works with GET only"));
        }
        return paginate(client, args, &url, query, out).await;
    }
    let mut request = Request::new(method, url).api_key(api_key_use(args));
    for (key, value) in &query {
        request = request.query(key, value);
    }
    if let Some(body) = &args.body {
        request = request.json_body(read_body(body, client.max_body_size()).await?);
    }
    let response = client.send_raw(request).await?;
    refuse_error_answer(&response)?;
    let terminal = std::io::stdout().is_terminal();
    match serde_json::from_slice::<Value>(response.body()) {
        Ok(json) => {
            let json = if terminal {
                serde_json::to_string_pretty(&json)
            } else {
                serde_json::to_string(&json)
            }
            .map_err(std::io::Error::from)?;
            writeln!(out, "{}", text::escape_json(&json))?;
        }
        // Not JSON: as it came into a pipe, line by line and escaped on a terminal.
        Err(_) if terminal => {
            for line in String::from_utf8_lossy(response.body()).lines() {
                writeln!(out, "{}", text::escape(line))?;
            }
        }
        Err(_) => out.write_all(response.body())?,
    }
    Ok(())
}

/// A 2xx answer that is an error as the typed commands read it: an error envelope (the gateway's
/// `{"error": {"errorCode": ..}}`, a `responseError`, an MI `code` other than 0) is the service's
/// error, an HTML page (a login or maintenance page) an invalid answer; both exit 4 and print
/// nothing on stdout. Any other body (JSON, text, empty) is the command's output.
fn refuse_error_answer(response: &Response) -> Result<(), CliError> {
    if looks_like_html(response.body()) {
        // Never JSON: the decode error names the page (its title) and keeps an excerpt.
        response.json::<Value>()?;
        return Ok(());
    }
    match decode_json::<IgnoredAny>(response) {
        // Text that is not JSON is printed as it came.
        Err(error) if !error.is_decode() => Err(error.into()),
        _ => Ok(()),
    }
}

/// Whether `body` starts (after white space) with markup: `<!DOCTYPE`, `<html`, `<?xml`...
fn looks_like_html(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

async fn paginate(
    client: Client,
    args: &ApiArgs,
    url: &str,
    query: Vec<(String, String)>,
    out: impl Write,
) -> Result<(), CliError> {
    let mut shape = PagingShape::from(args.shape);
    if let Some(p) = &args.page_param {
        shape.page_param.clone_from(p);
    }
    if let Some(p) = &args.size_param {
        shape.size_param.clone_from(p);
    }
    if let Some(p) = &args.items {
        shape.items.clone_from(p);
    }
    if let Some(p) = &args.total {
        shape.total = Some(p.clone()).filter(|p| !p.is_empty());
    }
    // The paginator sends the paging parameters: those of the URL and -q are taken out, and
    // their values are where the listing starts unless --page / --page-size say otherwise.
    let mut given = GivenPaging::default();
    let url = given.take_from_url(url, &shape)?;
    let mut kept = Vec::with_capacity(query.len());
    for (key, value) in query {
        if !given.take(&key, &value, &shape)? {
            kept.push((key, value));
        }
    }
    let plan = ListPlan {
        page: args.page.or(given.page).unwrap_or(1),
        page_size: args
            .page_size
            .or(given.size)
            .unwrap_or(shape.default_page_size),
        concurrency: usize::try_from(args.concurrency).unwrap_or(1),
        limit: None,
        output: output_format(Some(Output::Ndjson)),
    };
    let paginator = Paginator::new(JsonPages::new(client, url, kept, shape, api_key_use(args)))
        .page(plan.page)
        .page_size(plan.page_size)
        .concurrency(plan.concurrency);
    print_items(paginator.items(), &plan, "items", out).await?;
    Ok(())
}

/// The paging values a request already carried.
#[derive(Debug, Default, PartialEq, Eq)]
struct GivenPaging {
    page: Option<u64>,
    size: Option<u32>,
}

impl GivenPaging {
    /// `url` without its paging parameters (the others stay exactly as written).
    fn take_from_url(&mut self, url: &str, shape: &PagingShape) -> Result<String, CliError> {
        let Some((base, query)) = url.split_once('?') else {
            return Ok(url.to_owned());
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !self.take(key, value, shape)? {
                kept.push(pair);
            }
        }
        Ok(if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        })
    }

    /// Records `key=value` when it is a paging parameter of `shape`; whether it was.
    fn take(&mut self, key: &str, value: &str, shape: &PagingShape) -> Result<bool, CliError> {
        if key == shape.page_param {
            set(&mut self.page, key, value)?;
        } else if key == shape.size_param {
            set(&mut self.size, key, value)?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }
}

/// Sets `slot` from `key=value`: a number of 1 or more, the same each time it is given.
fn set<T: std::str::FromStr + PartialEq + From<u8> + PartialOrd>(
    slot: &mut Option<T>,
    key: &str,
    value: &str,
) -> Result<(), CliError> {
    let number = value
        .parse::<T>()
        .ok()
        .filter(|n| *n >= T::from(1))
        .ok_or_else(|| {
            CliError::usage(format!(
                "{key}={value}: expected a whole number of 1 or more"
            ))
        })?;
    match slot {
        Some(previous) if *previous != number => Err(CliError::usage(format!(
            "{key} is given twice with different values"
        ))),
        _ => {
            *slot = Some(number);
            Ok(())
        }
    }
}

/// The API key is long-lived: sent only to CLOVA NSML's short host name, or when asked for.
fn api_key_use(args: &ApiArgs) -> ApiKey {
    if args.api_key || args.host.as_deref() == Some("nsml") {
        ApiKey::Send
    } else {
        ApiKey::NotUsed
    }
}

/// The final URL: a full URL as given, or the path on the chosen host; refused unless it goes on
/// the wire exactly as written (what is signed is what the gateway routes).
fn resolve_url(client: &Client, args: &ApiArgs) -> Result<String, CliError> {
    let target = args.target.as_str();
    wire_target(target)?;
    if is_url(target) {
        return Ok(target.to_owned());
    }
    let base = match args.host.as_deref() {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            endpoint::base_url("--host", url)?
        }
        Some(name) if is_host_name(name) => host_base(client, name)?,
        Some(other) => {
            return Err(CliError::usage(format!(
                "--host {other:?}: use a host name such as ncloud, nsml or mi (resolved on the \
                 site), or a base URL such as https://ncloud.apigw.ntruss.com"
            )));
        }
        None => host_base(client, "ncloud")?,
    };
    Ok(endpoint::join(&base, target))
}

/// The base URL of host `name` on the client's site (`ncloud` on fin is `fin-ncloud...`), or the
/// endpoint override.
fn host_base(client: &Client, name: &str) -> Result<String, CliError> {
    // The services' own declarations, so the same site rules apply (public site only).
    let known = [
        <ncloud_nsml::Nsml as Service>::endpoint(),
        <ncloud_mi::Mi as Service>::endpoint(),
    ];
    if let Some(service) = known.iter().find(|s| s.host() == name) {
        return service
            .base_url(client.gateway())
            .map_err(|e| CliError::from(ncloud_core::Error::configuration(e.to_string())));
    }
    Ok(client
        .endpoint()
        .map_or_else(|| client.site().gateway_url(name), str::to_owned))
}

/// A DNS label: the first part of a gateway host.
fn is_host_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_query(pairs: &[String]) -> Result<Vec<(String, String)>, CliError> {
    pairs
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| CliError::usage(format!("-q {pair:?}: expected KEY=VALUE")))
        })
        .collect()
}

/// Inline JSON, `@FILE` or `@-` (stdin), read within `limit` bytes (the client's body limit) and
/// checked to be JSON before anything is sent.
async fn read_body(body: &str, limit: usize) -> Result<Vec<u8>, CliError> {
    let bytes = match body.strip_prefix('@') {
        Some(arg) => {
            let limit = u64::try_from(limit).unwrap_or(u64::MAX);
            input::read_text(Source::from_arg(arg), "--body", limit)
                .await?
                .into_bytes()
        }
        None => body.as_bytes().to_vec(),
    };
    if bytes.len() > limit {
        return Err(CliError::usage(format!(
            "--body is larger than {limit} bytes, the client's body limit"
        )));
    }
    serde_json::from_slice::<Value>(&bytes)
        .map_err(|e| CliError::usage(format!("--body is not valid JSON: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use ncloud_core::credentials::Env;
    use ncloud_core::{Credentials, Site};

    use super::*;

    fn url_on(site: Site, endpoint: Option<&str>, host: Option<&str>) -> Result<String, String> {
        let mut builder = Client::builder()
            .credentials(Credentials::new("AK", "SK"))
            .env(Env::from_slice(&[]))
            .site(site);
        if let Some(endpoint) = endpoint {
            builder = builder.endpoint(endpoint);
        }
        let args = ApiArgs {
            method: "GET".into(),
            target: "/vserver/v2/getRegionList".into(),
            host: host.map(str::to_owned),
            query: Vec::new(),
            body: None,
            paginate: false,
            shape: crate::json_pages::Shape::Nsml,
            page: None,
            page_param: None,
            size_param: None,
            items: None,
            total: None,
            page_size: None,
            concurrency: 4,
            api_key: false,
        };
        resolve_url(&builder.build().unwrap(), &args).map_err(|e| e.to_string())
    }

    #[test]
    fn host_names_resolve_on_the_site() {
        let path = "/vserver/v2/getRegionList";
        for (site, host, base) in [
            (
                Site::Gov,
                Some("ncloud"),
                "https://ncloud.apigw.gov-ntruss.com",
            ),
            (Site::Gov, None, "https://ncloud.apigw.gov-ntruss.com"),
            (
                Site::Fin,
                Some("ncloud"),
                "https://fin-ncloud.apigw.fin-ntruss.com",
            ),
            (Site::Fin, None, "https://fin-ncloud.apigw.fin-ntruss.com"),
            (Site::Gov, Some("nks"), "https://nks.apigw.gov-ntruss.com"),
            (Site::Public, Some("mi"), "https://mi.apigw.ntruss.com"),
            (Site::Public, None, "https://ncloud.apigw.ntruss.com"),
            (
                Site::Gov,
                Some("https://example.test/"),
                "https://example.test",
            ),
        ] {
            assert_eq!(
                url_on(site, None, host),
                Ok(format!("{base}{path}")),
                "{site} {host:?}"
            );
        }
        assert_eq!(
            url_on(Site::Gov, Some("http://127.0.0.1:9"), Some("nks")),
            Ok(format!("http://127.0.0.1:9{path}"))
        );
    }

    #[test]
    fn public_only_hosts_and_bad_names_are_refused() {
        let err = url_on(Site::Fin, None, Some("mi")).unwrap_err();
        assert_eq!(
            err,
            "invalid request: mi is available on the public site only, not on the fin site"
        );
        assert!(url_on(Site::Public, None, Some("Bad Host")).is_err());
        assert!(url_on(Site::Public, None, Some("-x")).is_err());
    }

    #[test]
    fn query_pairs_keep_equals_in_values() {
        let q = parse_query(&["a=1".into(), "b=x=y".into(), "c=".into()]).unwrap();
        assert_eq!(
            q,
            [
                ("a".into(), "1".into()),
                ("b".into(), "x=y".into()),
                ("c".into(), String::new())
            ]
        );
        assert!(parse_query(&["nope".into()]).is_err());
    }

    #[test]
    fn paging_parameters_are_taken_out_of_the_url_once() {
        let shape = PagingShape::from(crate::json_pages::Shape::Mi);
        let mut given = GivenPaging::default();
        let url = given
            .take_from_url("http://h/api/v1/w?pageNum=3&q=a%20b&pageSize=20&x", &shape)
            .unwrap();
        assert_eq!(url, "http://h/api/v1/w?q=a%20b&x");
        assert_eq!(
            given,
            GivenPaging {
                page: Some(3),
                size: Some(20)
            }
        );
        // -q gives the same value again: fine; another value: refused.
        assert!(given.take("pageNum", "3", &shape).unwrap());
        assert!(given.take("pageNum", "4", &shape).is_err());
        assert!(!given.take("page", "9", &shape).unwrap());
        for bad in ["0", "-1", "x", ""] {
            assert!(
                GivenPaging::default()
                    .take("pageSize", bad, &shape)
                    .is_err(),
                "{bad}"
            );
        }
        let mut given = GivenPaging::default();
        assert_eq!(
            given.take_from_url("http://h/w?pageNum=1", &shape).unwrap(),
            "http://h/w"
        );
    }

    #[tokio::test]
    async fn bodies_must_be_json_within_the_limit() {
        assert_eq!(read_body(r#"{"a":1}"#, 64).await.unwrap(), br#"{"a":1}"#);
        assert!(read_body("{oops", 64).await.is_err());
        assert!(read_body("@/definitely/not/here.json", 64).await.is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("body.json");
        std::fs::write(&path, "\u{feff}[1, 2, 3]").unwrap();
        let at = format!("@{}", path.display());
        assert_eq!(read_body(&at, 64).await.unwrap(), b"[1, 2, 3]");
        let error = read_body(&at, 4).await.unwrap_err();
        assert!(error.to_string().contains("larger than 4 bytes"), "{error}");
        let error = read_body("[1, 2, 3]", 4).await.unwrap_err();
        assert!(error.to_string().contains("larger than 4 bytes"), "{error}");
    }
}
