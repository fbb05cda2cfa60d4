//! A fake gateway whose clock is off, and a client on the same manual base clock: nothing here
//! reads the real clock.

use std::time::{Duration, UNIX_EPOCH};

use ncloud_core::client::Request;
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Credentials};
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Route};

use crate::support::no_wait;

pub(crate) const TEN_MINUTES: Duration = Duration::from_secs(600);
pub(crate) const PAGES: u32 = 25;
pub(crate) const PAGE_SIZE: u32 = 10;

/// A gateway with its clock off by `skew` and a client on the same manual base clock.
pub(crate) async fn skewed(
    skew: impl FnOnce(FakeGatewayBuilder) -> FakeGatewayBuilder,
    credentials: Option<Credentials>,
) -> (FakeGateway, Client) {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let builder = FakeGateway::builder()
        .workspaces((PAGES * PAGE_SIZE) as usize)
        .time_source(clock.clone());
    let gateway = skew(builder).start().await;
    let client = Client::builder()
        .credentials(credentials.unwrap_or_else(|| gateway.credentials().clone()))
        .time_source(clock)
        .clock(no_wait())
        .build()
        .unwrap();
    (gateway, client)
}

pub(crate) fn page(gateway: &FakeGateway, page: u32) -> Request {
    Request::get(gateway.url(Route::Workspaces))
        .query("pageNum", page)
        .query("pageSize", PAGE_SIZE)
}
