//! NCP's three sites (public, gov, fin): separate clouds with their own API Gateway domains. Keys
//! issued on one site do not work on another.

use std::fmt;
use std::str::FromStr;

/// An NCP site.
///
/// ```
/// use ncloud_core::Site;
///
/// let site: Site = "gov".parse().unwrap();
/// assert_eq!(site.gateway_url("ncloud"), "https://ncloud.apigw.gov-ntruss.com");
/// // The financial site's general gateway has a `fin-` prefix.
/// assert_eq!(Site::Fin.gateway_url("ncloud"), "https://fin-ncloud.apigw.fin-ntruss.com");
/// assert_eq!(Site::default(), Site::Public);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Site {
    /// The public site, `*.apigw.ntruss.com` (the default).
    #[default]
    Public,
    /// The public-sector site, `*.apigw.gov-ntruss.com`.
    Gov,
    /// The financial site, `*.apigw.fin-ntruss.com`.
    Fin,
}

/// Hosts that do not follow `<service>.apigw.<apex>` on a site: (site, service, host).
const HOST_EXCEPTIONS: [(Site, &str, &str); 3] = [
    (Site::Fin, "ncloud", "fin-ncloud"),
    (Site::Fin, "vpcsearchengine", "fin-vpcsearchengine"),
    (Site::Gov, "ncr", "gov-ncr"),
];

impl Site {
    /// Every site.
    pub const ALL: [Site; 3] = [Site::Public, Site::Gov, Site::Fin];

    /// `public`, `gov` or `fin`, as `NCLOUD_SITE` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Gov => "gov",
            Self::Fin => "fin",
        }
    }

    /// The gateway domain that every service host ends with, e.g. `apigw.gov-ntruss.com`.
    pub fn apex(self) -> &'static str {
        match self {
            Self::Public => "apigw.ntruss.com",
            Self::Gov => "apigw.gov-ntruss.com",
            Self::Fin => "apigw.fin-ntruss.com",
        }
    }

    /// The first label of `service`'s host on this site: `service` itself except for the
    /// documented exceptions (`ncloud` is `fin-ncloud` on the financial site, `ncr` is `gov-ncr` on
    /// the public-sector site, ...).
    pub fn host_label(self, service: &str) -> &str {
        HOST_EXCEPTIONS
            .iter()
            .find(|(site, name, _)| *site == self && *name == service)
            .map_or(service, |(_, _, host)| host)
    }

    /// `https://<host>.<apex>`, the gateway base URL of `service` (a short name such as `ncloud`,
    /// `nsml`, `mi`) on this site.
    pub fn gateway_url(self, service: &str) -> String {
        format!("https://{}.{}", self.host_label(service), self.apex())
    }

    /// The site and service of an NCP gateway URL (`https://<host>.apigw.<apex>`, any path), or
    /// `None` for any other URL (a private gateway, a test server).
    ///
    /// ```
    /// use ncloud_core::Site;
    ///
    /// assert_eq!(
    ///     Site::of_gateway_url("https://fin-ncloud.apigw.fin-ntruss.com/"),
    ///     Some((Site::Fin, "ncloud"))
    /// );
    /// assert_eq!(Site::of_gateway_url("https://nsml.apigw.ntruss.com/nsml/v1"), Some((Site::Public, "nsml")));
    /// assert_eq!(Site::of_gateway_url("http://127.0.0.1:8080"), None);
    /// ```
    pub fn of_gateway_url(url: &str) -> Option<(Site, &str)> {
        let rest = url.strip_prefix("https://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.strip_suffix('.').unwrap_or(host);
        Self::ALL.into_iter().find_map(|site| {
            let label = host
                .strip_suffix(site.apex())?
                .strip_suffix('.')
                .filter(|l| is_host_label(l))?;
            let service = HOST_EXCEPTIONS
                .iter()
                .find(|(s, _, h)| *s == site && *h == label)
                .map_or(label, |(_, service, _)| service);
            Some((site, service))
        })
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Site {
    type Err = SiteError;

    /// `public`, `gov` or `fin`, in any case, surrounding blanks ignored.
    fn from_str(value: &str) -> Result<Self, SiteError> {
        let trimmed = value.trim();
        Self::ALL
            .into_iter()
            .find(|site| site.name().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| SiteError::Unknown {
                value: value.to_owned(),
            })
    }
}

/// A site or gateway setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// Not one of `public`, `gov`, `fin`.
    #[error("unknown NCP site {value:?}: expected public, gov or fin")]
    Unknown {
        /// The value as given.
        value: String,
    },
    /// The service does not exist on the chosen site.
    #[error(
        "{service} is available on the {} site only, not on the {site} site",
        names(available)
    )]
    Unsupported {
        /// The service's name, e.g. `CLOVA NSML`.
        service: &'static str,
        /// The chosen site.
        site: Site,
        /// Where the service exists.
        available: &'static [Site],
    },
    /// Two settings of the same source name different sites.
    #[error("{site_from} says the {site} site, but {url_from} is a gateway of the {url_site} site")]
    Conflict {
        /// Where the site was set.
        site_from: String,
        /// The site set there.
        site: Site,
        /// Where the gateway URL was set.
        url_from: String,
        /// The site of that URL.
        url_site: Site,
    },
    /// A gateway base URL that cannot be one (see [`base_url`](crate::endpoint::base_url)).
    #[error("{from}: {url:?} cannot be a base URL: {reason}")]
    InvalidUrl {
        /// Where the URL was set.
        from: String,
        /// The URL as given, user info (a password, perhaps) replaced by `***`.
        url: String,
        /// Why it cannot be one.
        reason: &'static str,
    },
}

/// A DNS label: letters, digits and inner hyphens.
fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn names(sites: &[Site]) -> String {
    let names: Vec<_> = sites.iter().map(|s| s.name()).collect();
    names.join(" and ")
}

impl SiteError {
    /// True when a service was asked for on a site where it does not exist.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Self::Unsupported { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_any_case_and_nothing_else_does() {
        for site in Site::ALL {
            assert_eq!(site.name().parse::<Site>(), Ok(site));
            assert_eq!(
                format!(" {} ", site.name().to_uppercase()).parse::<Site>(),
                Ok(site)
            );
        }
        let err = "government".parse::<Site>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown NCP site "government": expected public, gov or fin"#
        );
        assert!("".parse::<Site>().is_err());
    }

    #[test]
    fn hosts_follow_the_reference_table() {
        // The default gateway hosts of ../shared/api/sites-and-credentials.md.
        assert_eq!(
            Site::Public.gateway_url("ncloud"),
            "https://ncloud.apigw.ntruss.com"
        );
        assert_eq!(
            Site::Gov.gateway_url("ncloud"),
            "https://ncloud.apigw.gov-ntruss.com"
        );
        assert_eq!(
            Site::Fin.gateway_url("ncloud"),
            "https://fin-ncloud.apigw.fin-ntruss.com"
        );
        assert_eq!(
            Site::Fin.gateway_url("vpcsearchengine"),
            "https://fin-vpcsearchengine.apigw.fin-ntruss.com"
        );
        assert_eq!(
            Site::Gov.gateway_url("ncr"),
            "https://gov-ncr.apigw.gov-ntruss.com"
        );
        assert_eq!(
            Site::Public.gateway_url("ncr"),
            "https://ncr.apigw.ntruss.com"
        );
        assert_eq!(
            Site::Gov.gateway_url("nks"),
            "https://nks.apigw.gov-ntruss.com"
        );
    }

    #[test]
    fn gateway_urls_are_recognised_exactly() {
        assert_eq!(
            Site::of_gateway_url("https://ncloud.apigw.gov-ntruss.com"),
            Some((Site::Gov, "ncloud"))
        );
        assert_eq!(
            Site::of_gateway_url("https://gov-ncr.apigw.gov-ntruss.com/ncr/api/v2"),
            Some((Site::Gov, "ncr"))
        );
        for other in [
            "http://ncloud.apigw.ntruss.com",
            "https://apigw.ntruss.com",
            "https://a.b.apigw.ntruss.com",
            "https://ncloud.apigw.ntruss.com.evil.example",
            "https://evilapigw.ntruss.com",
            "https://127.0.0.1:8080",
            "ncloud.apigw.ntruss.com",
            "https://user@ncloud.apigw.ntruss.com",
            "https://ncloud.apigw.ntruss.com:8443",
        ] {
            assert_eq!(Site::of_gateway_url(other), None, "{other}");
        }
    }

    #[test]
    fn unsupported_names_the_sites() {
        let err = SiteError::Unsupported {
            service: "CLOVA NSML",
            site: Site::Gov,
            available: &[Site::Public],
        };
        assert!(err.is_unsupported());
        assert_eq!(
            err.to_string(),
            "CLOVA NSML is available on the public site only, not on the gov site"
        );
    }
}
