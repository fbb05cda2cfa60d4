//! The testkit's admission limit, which the throttling bench runs against: beyond the admitted
//! requests in flight, the gateway answers 429 with NCP code 420 and `Retry-After: 1`.

use std::time::Duration;

use ncloud_core::Client;
use ncloud_core::client::{Request, RetryConfig};
use ncloud_testkit::{FakeGateway, Route};

#[tokio::test]
async fn beyond_the_admitted_requests_in_flight_the_gateway_throttles() {
    let gateway = FakeGateway::builder()
        .workspaces(10)
        .latency(Duration::from_secs(1))
        .admit_in_flight(2)
        .start()
        .await;
    let client = Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let client = client.clone();
            let request = Request::get(gateway.url(Route::Workspaces))
                .query("pageNum", 1)
                .query("pageSize", 10);
            tokio::spawn(async move { client.send_raw(request).await })
        })
        .collect();
    let mut throttled = 0;
    for call in calls {
        if let Err(error) = call.await.unwrap() {
            assert!(
                error.is_throttling() && error.code() == Some("420"),
                "{error:?}"
            );
            assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
            throttled += 1;
        }
    }
    // The six arrive within the first answer's latency: two are admitted.
    assert_eq!((throttled, gateway.throttled()), (4, 4));
    assert_eq!(gateway.requests(Route::Workspaces), 2);
}
