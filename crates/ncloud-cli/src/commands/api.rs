//! `ncloud api`: any NCP API Gateway call, signed and retried like the typed ones.

use std::io::{IsTerminal, Write};

use ncloud_core::client::{ApiKey, Method, Request, Service};
use ncloud_core::{Client, Site};
use ncloud_pagination::Paginator;
use serde_json::Value;

use crate::cli::ApiArgs;
use crate::error::CliError;
use crate::json_pages::{JsonPages, PagingShape};

pub(crate) async fn run(
    client: Client,
    args: &ApiArgs,
    mut out: impl Write,
) -> Result<(), CliError> {
    let method = Method::from_bytes(args.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::usage(format!("{:?} is not an HTTP method", args.method)))?;
    let url = resolve_url(&client, args)?;
    let query = parse_query(&args.query)?;
    if args.paginate {
        if method != Method::GET {
            return Err(CliError::usage("--paginate works with GET only"));
        }
        return paginate(client, args, url, query, out).await;
    }
    let mut request = Request::new(method, url).api_key(api_key_use(args));
    for (key, value) in &query {
        request = request.query(key, value);
    }
    if let Some(body) = &args.body {
        request = request.json_body(read_body(body)?);
    }
    let response = client.send_raw(request).await?;
    match serde_json::from_slice::<Value>(response.body()) {
        Ok(json) if std::io::stdout().is_terminal() => {
            serde_json::to_writer_pretty(&mut out, &json).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Ok(json) => writeln!(out, "{json}")?,
        // Not JSON (or empty): print it as it came.
        Err(_) => out.write_all(response.body())?,
    }
    Ok(())
}

async fn paginate(
    client: Client,
    args: &ApiArgs,
    url: String,
    query: Vec<(String, String)>,
    mut out: impl Write,
) -> Result<(), CliError> {
    let mut shape = default_shape(args);
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
    // The paginator owns the paging parameters.
    let query = query
        .into_iter()
        .filter(|(k, _)| *k != shape.page_param && *k != shape.size_param)
        .collect();
    let mut paginator = Paginator::new(JsonPages {
        client,
        url,
        query,
        shape,
        api_key: api_key_use(args),
    })
    .concurrency(usize::try_from(args.concurrency).unwrap_or(1));
    if let Some(size) = args.page_size {
        paginator = paginator.page_size(size);
    }
    let mut items = paginator.items();
    while let Some(item) = items.next().await {
        writeln!(out, "{}", item?)?;
    }
    Ok(())
}

/// The API key is long-lived: sent only to CLOVA NSML's short host name, or when asked for.
fn api_key_use(args: &ApiArgs) -> ApiKey {
    if args.api_key || args.host.as_deref() == Some("nsml") {
        ApiKey::Send
    } else {
        ApiKey::NotUsed
    }
}

/// The final URL: a full URL as given, or the path on the chosen host.
fn resolve_url(client: &Client, args: &ApiArgs) -> Result<String, CliError> {
    let target = args.target.as_str();
    if target.starts_with("http://") || target.starts_with("https://") {
        return Ok(target.to_owned());
    }
    if !target.starts_with('/') {
        return Err(CliError::usage(format!(
            "{target:?} is neither a URL nor a path starting with /"
        )));
    }
    let base = match args.host.as_deref() {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            url.trim_end_matches('/').to_owned()
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
    Ok(format!("{base}{target}"))
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
    Ok(client.service_endpoint(&Site::Public.gateway_url(name), ""))
}

/// A DNS label: the first part of a gateway host.
fn is_host_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// NSML's shape unless the call is Media Intelligence's.
fn default_shape(args: &ApiArgs) -> PagingShape {
    let is_mi = args.host.as_deref() == Some("mi")
        || args.target.contains("mi.apigw.ntruss.com")
        || args.target.contains("/api/v1/");
    if is_mi {
        PagingShape::mi()
    } else {
        PagingShape::nsml()
    }
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

/// `@file` or inline JSON, checked to be JSON before anything is sent.
fn read_body(body: &str) -> Result<Vec<u8>, CliError> {
    let bytes = match body.strip_prefix('@') {
        Some(path) => {
            std::fs::read(path).map_err(|e| CliError::usage(format!("--body @{path}: {e}")))?
        }
        None => body.as_bytes().to_vec(),
    };
    serde_json::from_slice::<Value>(&bytes)
        .map_err(|e| CliError::usage(format!("--body is not valid JSON: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use ncloud_core::Credentials;
    use ncloud_core::credentials::Env;

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
    fn bodies_must_be_json() {
        assert_eq!(read_body(r#"{"a":1}"#).unwrap(), br#"{"a":1}"#);
        assert!(read_body("{oops").is_err());
        assert!(read_body("@/definitely/not/here.json").is_err());
    }
}
