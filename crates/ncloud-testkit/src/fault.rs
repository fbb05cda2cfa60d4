//! Fault injection: what can go wrong ([`Fault`]) and where and when it does ([`FaultRule`]).

use serde_json::Value;

use crate::error_bodies;
use crate::paging::Paging;
use crate::route::Route;
use crate::wire::ApiResponse;

/// Something that goes wrong with an answer of the fake gateway.
///
/// A fault alone applies to every route and page, on the first attempt of each page; turn it
/// into a [`FaultRule`] with [`on_route`](Fault::on_route), [`on_page`](Fault::on_page),
/// [`first_attempts`](Fault::first_attempts) or [`every_attempt`](Fault::every_attempt) to
/// narrow or widen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 503 with the gateway body `{"error":{"errorCode":"500","message":"Endpoint Error"}}`.
    EndpointError,
    /// HTTP 429 with `Retry-After: 1` and the gateway body
    /// `{"error":{"errorCode":"420","message":"Rate Limited"}}`.
    RateLimited,
    /// The connection closes after the request is read, without a byte of response.
    DropConnection,
    /// HTTP 502 with an nginx-style `text/html` "Bad Gateway" page instead of JSON.
    BadGatewayHtml,
    /// HTTP 200 whose JSON body is cut in the middle (the `Content-Length` matches the cut
    /// body, so the HTTP framing is intact and only the JSON is broken).
    TruncatedJson,
    /// Media Intelligence only: HTTP 200 with the error envelope
    /// `{"code":"10001","message":"Invalid Request."}` (a `code` other than `"0"`).
    MiErrorEnvelope,
    /// A server that never ends: `totalCount` (and MI `totalPage`) grow by one page with every
    /// request to the route, and every page is full (items cycle through the data set).
    GrowingTotal,
    /// Every page answers with the items of page 1 (a full page), with the honest totals.
    RepeatedPage,
}

impl Fault {
    /// This fault on one route only.
    pub fn on_route(self, route: Route) -> FaultRule {
        FaultRule::from(self).on_route(route)
    }

    /// This fault on one page number only (on every route unless narrowed).
    pub fn on_page(self, page: u32) -> FaultRule {
        FaultRule::from(self).on_page(page)
    }

    /// This fault on the first `attempts` requests of each page, then the real answer.
    pub fn first_attempts(self, attempts: u32) -> FaultRule {
        FaultRule::from(self).first_attempts(attempts)
    }

    /// This fault on every request, however often it is retried.
    pub fn every_attempt(self) -> FaultRule {
        FaultRule::from(self).every_attempt()
    }

    fn applies_to(self, route: Route) -> bool {
        self != Fault::MiErrorEnvelope || route == Route::Workspaces
    }

    /// Answers a request hit by this fault; `page` renders the page body in a paging mode.
    /// The flag says whether a well-formed page was served.
    pub(crate) fn answer(self, page: impl FnOnce(Paging) -> Value) -> (ApiResponse, bool) {
        let response = match self {
            Fault::EndpointError => ApiResponse::json(503, &error_bodies::endpoint_error()),
            Fault::RateLimited => ApiResponse::json(429, &error_bodies::rate_limited())
                .with_header("retry-after", "1"),
            Fault::DropConnection => ApiResponse::DropConnection,
            Fault::BadGatewayHtml => ApiResponse::html(502, error_bodies::BAD_GATEWAY_HTML),
            Fault::MiErrorEnvelope => ApiResponse::json(200, &error_bodies::mi_invalid_request()),
            Fault::TruncatedJson => {
                let mut body = page(Paging::Honest).to_string().into_bytes();
                body.truncate(body.len() / 2);
                ApiResponse::json_bytes(200, body)
            }
            Fault::GrowingTotal => return (ApiResponse::json(200, &page(Paging::Growing)), true),
            Fault::RepeatedPage => return (ApiResponse::json(200, &page(Paging::Repeated)), true),
        };
        (response, false)
    }
}

/// A [`Fault`] with its scope: which route, which page, which attempts.
///
/// ```
/// use ncloud_testkit::{Fault, FaultRule, Route};
///
/// // Page 3 of the workspaces listing fails twice with 503, then succeeds.
/// let rule: FaultRule = Fault::EndpointError.on_route(Route::Workspaces).on_page(3).first_attempts(2);
/// assert_eq!(rule.fault(), Fault::EndpointError);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    fault: Fault,
    route: Option<Route>,
    page: Option<u32>,
    /// `None`: every attempt.
    attempts: Option<u32>,
}

impl From<Fault> for FaultRule {
    /// Every route, every page, the first attempt of each page.
    fn from(fault: Fault) -> Self {
        Self {
            fault,
            route: None,
            page: None,
            attempts: Some(1),
        }
    }
}

impl FaultRule {
    /// Restricts the rule to one route.
    pub fn on_route(mut self, route: Route) -> Self {
        self.route = Some(route);
        self
    }

    /// Restricts the rule to one page number (`page` for NSML, `pageNum` for MI).
    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Applies to the first `attempts` requests of each (route, page), then lets them through.
    pub fn first_attempts(mut self, attempts: u32) -> Self {
        self.attempts = Some(attempts);
        self
    }

    /// Applies to every request in scope.
    pub fn every_attempt(mut self) -> Self {
        self.attempts = None;
        self
    }

    /// The fault.
    pub fn fault(&self) -> Fault {
        self.fault
    }

    /// Whether the `attempt`-th request (1-based) for `page` of `route` is hit.
    pub(crate) fn matches(&self, route: Route, page: u32, attempt: u32) -> bool {
        self.fault.applies_to(route)
            && self.route.is_none_or(|r| r == route)
            && self.page.is_none_or(|p| p == page)
            && self.attempts.is_none_or(|n| attempt <= n)
    }
}

/// The first rule that hits a request wins, so rules can be layered (e.g. a 429 on the first
/// attempt, then an endless server on the retries).
pub(crate) fn find(rules: &[FaultRule], route: Route, page: u32, attempt: u32) -> Option<Fault> {
    rules
        .iter()
        .find(|rule| rule.matches(route, page, attempt))
        .map(FaultRule::fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_fault_hits_the_first_attempt_of_every_page() {
        let rule = FaultRule::from(Fault::RateLimited);
        assert!(rule.matches(Route::Projects, 1, 1));
        assert!(rule.matches(Route::Workspaces, 7, 1));
        assert!(!rule.matches(Route::Workspaces, 7, 2));
    }

    #[test]
    fn scope_narrows_by_route_page_and_attempts() {
        let rule = Fault::EndpointError
            .on_route(Route::Workspaces)
            .on_page(3)
            .first_attempts(2);
        assert!(rule.matches(Route::Workspaces, 3, 2));
        assert!(!rule.matches(Route::Workspaces, 3, 3));
        assert!(!rule.matches(Route::Workspaces, 2, 1));
        assert!(!rule.matches(Route::Projects, 3, 1));
        assert!(
            Fault::DropConnection
                .every_attempt()
                .matches(Route::Projects, 1, 99)
        );
    }

    #[test]
    fn mi_envelope_never_hits_nsml() {
        let rule = Fault::MiErrorEnvelope.every_attempt();
        assert!(!rule.matches(Route::Projects, 1, 1));
        assert!(rule.matches(Route::Workspaces, 1, 1));
    }

    #[test]
    fn first_matching_rule_wins() {
        let rules = [
            Fault::RateLimited.into(),
            Fault::GrowingTotal.every_attempt(),
        ];
        assert_eq!(
            find(&rules, Route::Projects, 1, 1),
            Some(Fault::RateLimited)
        );
        assert_eq!(
            find(&rules, Route::Projects, 1, 2),
            Some(Fault::GrowingTotal)
        );
        assert_eq!(find(&rules[..1], Route::Projects, 1, 2), None);
    }
}
