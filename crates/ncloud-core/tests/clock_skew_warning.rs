//! The clock-skew correction's warning, as `-v` shows it: by how much and which way. Alone in its
//! binary, so that no concurrent test can race tracing's per-callsite interest cache.

use ncloud_testkit::FakeGatewayBuilder;
use tracing::instrument::WithSubscriber as _;

#[path = "transport/skewed_gateway.rs"]
mod skewed_gateway;
#[path = "support/mod.rs"]
mod support;

use skewed_gateway::{TEN_MINUTES, page, skewed};
use support::Buffer;

#[tokio::test]
async fn the_correction_is_logged_with_its_size_and_direction() {
    for (skew, expected) in [
        (
            FakeGatewayBuilder::clock_ahead as fn(_, _) -> _,
            "the local clock is 600 s behind the API Gateway's",
        ),
        (
            FakeGatewayBuilder::clock_behind,
            "the local clock is 600 s ahead of the API Gateway's",
        ),
    ] {
        let (gateway, client) = skewed(|b| skew(b, TEN_MINUTES), None).await;
        let buffer = Buffer::default();
        let writer = buffer.clone();
        // The CLI's -v shows INFO and above.
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        client
            .send_raw(page(&gateway, 1))
            .with_subscriber(subscriber)
            .await
            .unwrap();
        let log = buffer.text();
        assert!(log.contains("WARN"), "{log}");
        assert!(log.contains(expected), "{log}");
    }
}
