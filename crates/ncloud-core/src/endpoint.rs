//! Where a service's requests go: its host on the chosen site, or a base URL that replaces the
//! site's hosts (a private gateway, a test server).

use crate::site::{Site, SiteError};

/// Where a service lives on the API Gateway: the first label of its host, its path, and the sites
/// it exists on. Service crates declare one as a constant.
///
/// ```
/// use ncloud_core::{Gateway, ServiceEndpoint, Site};
///
/// const NKS: ServiceEndpoint = ServiceEndpoint::new("Kubernetes Service", "nks", "/vnks/v2");
/// const NSML: ServiceEndpoint =
///     ServiceEndpoint::new("CLOVA NSML", "nsml", "/nsml/v1").only_on(&[Site::Public]);
///
/// assert_eq!(NKS.url(&Gateway::new(Site::Gov)).unwrap(), "https://nks.apigw.gov-ntruss.com/vnks/v2");
/// assert_eq!(NSML.url(&Gateway::default()).unwrap(), "https://nsml.apigw.ntruss.com/nsml/v1");
/// let err = NSML.url(&Gateway::new(Site::Fin)).unwrap_err();
/// assert_eq!(err.to_string(), "CLOVA NSML is available on the public site only, not on the fin site");
/// // A base URL replaces the host, never the service path.
/// let local = Gateway::new(Site::Public).with_base_url("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(NSML.url(&local).unwrap(), "http://127.0.0.1:8080/nsml/v1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceEndpoint {
    name: &'static str,
    host: &'static str,
    path: &'static str,
    sites: &'static [Site],
    hosts: &'static [(Site, &'static str)],
}

impl ServiceEndpoint {
    /// A service called `name` in errors, at `https://<host>.<apex><path>` on every site.
    pub const fn new(name: &'static str, host: &'static str, path: &'static str) -> Self {
        Self {
            name,
            host,
            path,
            sites: &Site::ALL,
            hosts: &[],
        }
    }

    /// The service exists on these sites only: asked for another, [`url`](Self::url) fails.
    #[must_use]
    pub const fn only_on(mut self, sites: &'static [Site]) -> Self {
        self.sites = sites;
        self
    }

    /// The first label of the service's host on some sites, where it is not `host` (an exception
    /// the site's own rules do not know).
    #[must_use]
    pub const fn with_hosts(mut self, hosts: &'static [(Site, &'static str)]) -> Self {
        self.hosts = hosts;
        self
    }

    /// The first label of the service's host (`nsml` in `nsml.apigw.ntruss.com`).
    pub const fn host(&self) -> &'static str {
        self.host
    }

    /// The service's name, as errors say it.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The path every operation of the service starts with, e.g. `/nsml/v1`.
    pub const fn path(&self) -> &'static str {
        self.path
    }

    /// The sites the service exists on.
    pub const fn sites(&self) -> &'static [Site] {
        self.sites
    }

    /// `https://<host>.<apex>` on `site`, without the service path and without checking that the
    /// service exists there.
    pub fn host_url(&self, site: Site) -> String {
        match self.hosts.iter().find(|(s, _)| *s == site) {
            Some((_, host)) => format!("https://{host}.{}", site.apex()),
            None => site.gateway_url(self.host),
        }
    }

    /// The service's base URL through `gateway`: its base URL override or the service's host on
    /// the gateway's site, plus the service path (not added again to an override that already ends
    /// with it, such as `http://127.0.0.1:8080/nsml/v1`). Fails, before anything is sent, when the
    /// service does not exist on the gateway's site (whatever the base URL).
    ///
    /// ```
    /// use ncloud_core::{Gateway, ServiceEndpoint};
    ///
    /// const MI: ServiceEndpoint = ServiceEndpoint::new("Media Intelligence", "mi", "/api/v1");
    /// for base in ["http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1/"] {
    ///     let gateway = Gateway::default().with_base_url(base).unwrap();
    ///     assert_eq!(MI.url(&gateway).unwrap(), "http://127.0.0.1:8080/api/v1");
    /// }
    /// ```
    pub fn url(&self, gateway: &Gateway) -> Result<String, SiteError> {
        let base = self.base_url(gateway)?;
        if base.ends_with(self.path) {
            return Ok(base);
        }
        Ok(format!("{base}{}", self.path))
    }

    /// Like [`url`](Self::url), without the service path: what a path given in full (as
    /// `ncloud api` takes it) goes after.
    pub fn base_url(&self, gateway: &Gateway) -> Result<String, SiteError> {
        let site = gateway.site();
        if !self.sites.contains(&site) {
            return Err(SiteError::Unsupported {
                service: self.name,
                site,
                available: self.sites,
            });
        }
        Ok(gateway
            .base_url()
            .map_or_else(|| self.host_url(site), str::to_owned))
    }
}

/// Where requests go: a site, and optionally a base URL that replaces the site's hosts.
///
/// A base URL that is itself an NCP gateway (`https://ncloud.apigw.gov-ntruss.com`) does not
/// replace anything: it names its site, and each service keeps its own host there.
///
/// ```
/// use ncloud_core::{Gateway, Site};
///
/// let gov = Gateway::new(Site::Public).with_base_url("https://ncloud.apigw.gov-ntruss.com").unwrap();
/// assert_eq!((gov.site(), gov.base_url()), (Site::Gov, None));
/// let local = Gateway::default().with_base_url("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(local.base_url(), Some("http://127.0.0.1:8080"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gateway {
    site: Site,
    base_url: Option<String>,
}

impl Gateway {
    /// The hosts of `site`.
    pub fn new(site: Site) -> Self {
        Self {
            site,
            base_url: None,
        }
    }

    /// Sends every service to `url` (a trailing `/` dropped), or to the site `url` is a gateway
    /// of. Fails when `url` cannot be a base URL (see [`base_url`]).
    ///
    /// ```
    /// use ncloud_core::Gateway;
    ///
    /// assert!(Gateway::default().with_base_url("https://user:pw@gw.example/?x=1").is_err());
    /// ```
    pub fn with_base_url(self, url: impl AsRef<str>) -> Result<Self, SiteError> {
        let url = base_url(url.as_ref(), "the base URL")?;
        Ok(match Site::of_gateway_url(url) {
            Some((site, _)) => Self::new(site),
            None => Self {
                site: self.site,
                base_url: Some(url.to_owned()),
            },
        })
    }

    /// The site.
    pub fn site(&self) -> Site {
        self.site
    }

    /// The base URL that replaces every service's host, if any.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// The gateway that `layers` configure, most important first (the builder, the environment,
    /// the profile file). The first layer that sets a site or an NCP gateway URL decides the site
    /// (the public site when none does); one layer that sets both must agree. The first layer
    /// that sets a URL decides the base URL.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn resolve(layers: &[GatewayLayer]) -> Result<Self, SiteError> {
        let mut site: Option<Site> = None;
        let mut base_url: Option<Option<String>> = None;
        for layer in layers {
            let layer_site = match &layer.site {
                Some(setting) => Some(setting.value.parse::<Site>()?),
                None => None,
            };
            let url_site = match &layer.url {
                Some(setting) if base_url.is_none() => {
                    let url = self::base_url(setting.value.trim(), &setting.from)?;
                    let url_site = Site::of_gateway_url(url).map(|(s, _)| s);
                    base_url = Some(url_site.is_none().then(|| url.to_owned()));
                    url_site
                }
                _ => None,
            };
            if let (Some(a), Some(b), Some(s), Some(u)) =
                (layer_site, url_site, &layer.site, &layer.url)
                && a != b
            {
                return Err(SiteError::Conflict {
                    site_from: s.from.clone(),
                    site: a,
                    url_from: u.from.clone(),
                    url_site: b,
                });
            }
            if site.is_none() {
                site = layer_site.or(url_site);
            }
        }
        Ok(Self {
            site: site.unwrap_or_default(),
            base_url: base_url.flatten(),
        })
    }
}

/// `url` checked as a base URL, without its trailing `/`: `http://` or `https://`, a host, and no
/// user info (`user:password@`), query (`?`), fragment (`#`), `.` or `..` path segment (even as
/// `%2e`), backslash, space or control character, so that what is signed and sent is `url` followed by the request's path, nothing else. It may
/// include a path (a private gateway's prefix, or a service path such as `/api/v1`). `from` says
/// where the URL was set, for the error (`--endpoint`, `NCLOUD_API_GW`).
///
/// ```
/// use ncloud_core::endpoint::base_url;
///
/// assert_eq!(base_url("http://127.0.0.1:8080/api/v1/", "--endpoint").unwrap(), "http://127.0.0.1:8080/api/v1");
/// let err = base_url("https://gw.example/?x=1", "--endpoint").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"--endpoint: "https://gw.example/?x=1" cannot be a base URL: it has a query (?...); give query parameters with the request"#
/// );
/// ```
pub fn base_url<'a>(url: &'a str, from: &str) -> Result<&'a str, SiteError> {
    let invalid = |reason: &'static str| SiteError::InvalidUrl {
        from: from.to_owned(),
        url: without_user_info(url),
        reason,
    };
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err(invalid("it is not an http:// or https:// URL"));
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains a space or a control character"));
    }
    if url.contains('?') {
        return Err(invalid(
            "it has a query (?...); give query parameters with the request",
        ));
    }
    if url.contains('#') {
        return Err(invalid("it has a fragment (#...)"));
    }
    if url.contains('\\') {
        return Err(invalid("it contains a backslash"));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(invalid("it carries a user name or password"));
    }
    if authority.is_empty() {
        return Err(invalid("it has no host"));
    }
    let dot_segment = rest.split('/').skip(1).any(|segment| {
        matches!(
            segment.to_ascii_lowercase().replace("%2e", ".").as_str(),
            "." | ".."
        )
    });
    if dot_segment {
        return Err(invalid(
            "it has a '.' or '..' path segment, which URL parsers remove",
        ));
    }
    Ok(url.trim_end_matches('/'))
}

/// `url` for an error message: user info (a password, perhaps) replaced by `***`.
fn without_user_info(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

/// The site and gateway URL that one source sets, with where each was set for errors.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
#[derive(Debug, Clone, Default)]
pub(crate) struct GatewayLayer {
    site: Option<Setting>,
    url: Option<Setting>,
}

#[cfg_attr(not(feature = "client"), allow(dead_code))]
#[derive(Debug, Clone)]
struct Setting {
    value: String,
    from: String,
}

#[cfg_attr(not(feature = "client"), allow(dead_code))]
impl GatewayLayer {
    pub(crate) fn site(mut self, value: Option<String>, from: impl Into<String>) -> Self {
        self.site = value.map(|value| Setting {
            value,
            from: from.into(),
        });
        self
    }

    pub(crate) fn url(mut self, value: Option<String>, from: impl Into<String>) -> Self {
        self.url = value.map(|value| Setting {
            value,
            from: from.into(),
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(site: Option<&str>, url: Option<&str>) -> GatewayLayer {
        GatewayLayer::default()
            .site(site.map(str::to_owned), "site setting")
            .url(url.map(str::to_owned), "url setting")
    }

    fn resolve(layers: &[GatewayLayer]) -> Result<(Site, Option<String>), SiteError> {
        Gateway::resolve(layers).map(|g| (g.site, g.base_url))
    }

    #[test]
    fn nothing_set_is_the_public_site() {
        assert_eq!(resolve(&[]), Ok((Site::Public, None)));
        assert_eq!(resolve(&[layer(None, None)]), Ok((Site::Public, None)));
    }

    #[test]
    fn the_first_layer_that_names_a_site_wins() {
        let layers = [
            layer(None, None),
            layer(Some("fin"), None),
            layer(Some("gov"), None),
        ];
        assert_eq!(resolve(&layers), Ok((Site::Fin, None)));
        // A gateway URL of a site counts as naming it, at its own layer.
        let layers = [
            layer(None, Some("https://ncloud.apigw.gov-ntruss.com")),
            layer(Some("fin"), None),
        ];
        assert_eq!(resolve(&layers), Ok((Site::Gov, None)));
        let layers = [
            layer(Some("fin"), None),
            layer(None, Some("https://ncloud.apigw.gov-ntruss.com")),
        ];
        assert_eq!(resolve(&layers), Ok((Site::Fin, None)));
    }

    #[test]
    fn a_private_base_url_keeps_the_site() {
        let layers = [
            layer(None, Some("http://127.0.0.1:9/")),
            layer(Some("gov"), Some("https://elsewhere.example")),
        ];
        assert_eq!(
            resolve(&layers),
            Ok((Site::Gov, Some("http://127.0.0.1:9".to_owned())))
        );
    }

    #[test]
    fn one_layer_that_disagrees_with_itself_is_an_error() {
        let err =
            resolve(&[layer(Some("gov"), Some("https://ncloud.apigw.ntruss.com"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "site setting says the gov site, but url setting is a gateway of the public site"
        );
        assert_eq!(
            resolve(&[layer(Some("gov"), Some("https://nks.apigw.gov-ntruss.com"))]),
            Ok((Site::Gov, None))
        );
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            resolve(&[layer(Some("moon"), None)]),
            Err(SiteError::Unknown { .. })
        ));
        let err = resolve(&[layer(None, Some("ncloud.apigw.ntruss.com"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"url setting: "ncloud.apigw.ntruss.com" cannot be a base URL: it is not an http:// or https:// URL"#
        );
    }

    #[test]
    fn base_urls_keep_a_path_and_lose_a_trailing_slash() {
        for (given, expected) in [
            ("https://mi.apigw.ntruss.com", "https://mi.apigw.ntruss.com"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            (
                "http://127.0.0.1:8080/api/v1/",
                "http://127.0.0.1:8080/api/v1",
            ),
            ("http://h/a@b", "http://h/a@b"),
        ] {
            assert_eq!(base_url(given, "--endpoint"), Ok(expected));
        }
    }

    #[test]
    fn what_is_not_a_base_url_is_refused_with_the_reason() {
        for (given, why) in [
            ("http://h/api?x=1", "query"),
            ("http://h/api?", "query"),
            ("http://h/#top", "fragment"),
            ("ftp://h", "not an http"),
            ("127.0.0.1:8080", "not an http"),
            ("http://", "no host"),
            ("http:///path", "no host"),
            ("http://h\\@evil/", "backslash"),
            ("http://h/\nx", "control"),
            ("http://h /x", "space"),
            ("http://h/gw/../x", "'..' path segment"),
            ("http://h/gw/%2E", "'..' path segment"),
        ] {
            let error = base_url(given, "--endpoint").unwrap_err();
            assert!(error.to_string().contains(why), "{given}: {error}");
        }
        // User info is refused and its password never printed.
        let error = base_url("https://user:s3cr3t@h/", "NCLOUD_API_GW").unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"NCLOUD_API_GW: "https://***@h/" cannot be a base URL: it carries a user name or password"#
        );
    }

    #[test]
    fn the_client_gateway_refuses_what_is_not_a_base_url() {
        for url in ["https://u:p@h", "http://h/?x", "http://h/#f"] {
            assert!(Gateway::default().with_base_url(url).is_err(), "{url}");
            assert!(resolve(&[layer(None, Some(url))]).is_err(), "{url}");
        }
    }

    #[test]
    fn service_hosts_follow_the_site_with_overrides() {
        const PRIVATE_CA: ServiceEndpoint = ServiceEndpoint::new("Private CA", "pca", "/v1")
            .with_hosts(&[(Site::Gov, "privateca")]);
        assert_eq!(
            PRIVATE_CA.url(&Gateway::new(Site::Gov)).unwrap(),
            "https://privateca.apigw.gov-ntruss.com/v1"
        );
        assert_eq!(
            PRIVATE_CA.url(&Gateway::new(Site::Public)).unwrap(),
            "https://pca.apigw.ntruss.com/v1"
        );
        const GENERAL: ServiceEndpoint = ServiceEndpoint::new("Server", "ncloud", "/vserver/v2");
        assert_eq!(
            GENERAL.url(&Gateway::new(Site::Fin)).unwrap(),
            "https://fin-ncloud.apigw.fin-ntruss.com/vserver/v2"
        );
    }

    #[test]
    fn a_public_only_service_refuses_other_sites_even_with_a_base_url() {
        const MI: ServiceEndpoint =
            ServiceEndpoint::new("Media Intelligence", "mi", "/api/v1").only_on(&[Site::Public]);
        for site in [Site::Gov, Site::Fin] {
            let gateway = Gateway::new(site)
                .with_base_url("http://127.0.0.1:9")
                .unwrap();
            let err = MI.url(&gateway).unwrap_err();
            assert!(err.is_unsupported(), "{err}");
        }
    }
}
