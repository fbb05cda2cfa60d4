use std::time::{Duration, UNIX_EPOCH};

use ncloud_core::Credentials;
use ncloud_core::time::{ManualTimeSource, TimeSource};

use super::client::{get, signed_get, signed_get_at, signed_headers};
use crate::FakeGateway;

const WORKSPACES: &str = "/api/v1/workspaces?pageNum=1&pageSize=10";

fn assert_authentication_failed(reply: &super::client::Reply, details: &str) {
    assert_eq!(reply.status, 401, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["error"]["errorCode"], "200");
    assert_eq!(body["error"]["message"], "Authentication Failed");
    let actual = body["error"]["details"].as_str().unwrap();
    assert!(actual.contains(details), "{actual:?} lacks {details:?}");
}

#[tokio::test]
async fn a_correctly_signed_request_is_accepted() {
    let gateway = FakeGateway::start().await;
    let reply = signed_get(&gateway, WORKSPACES).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(gateway.rejected(), 0);
}

/// The gateway agrees with an independent implementation (Python's hmac, in the shared
/// vectors), not only with ncloud-core's signer.
#[tokio::test]
async fn the_published_vector_is_accepted_verbatim() {
    let timestamp = 1_829_468_728_327;
    let gateway = FakeGateway::builder()
        .credentials(Credentials::new(
            "k3YcT4JmEZjlTycNHU22",
            "f6P05U9rHoELTVqOkSF7aV2CuX9tkyl5iix8xCDY",
        ))
        .time_source(ManualTimeSource::new(
            UNIX_EPOCH + Duration::from_millis(timestamp),
        ))
        .start()
        .await;
    let headers = [
        ("x-ncp-apigw-timestamp", "1829468728327"),
        ("x-ncp-iam-access-key", "k3YcT4JmEZjlTycNHU22"),
        (
            "x-ncp-apigw-signature-v2",
            "G8fhkM95oiZdXsn6U6ZGTEC8v24mdYFtWrb4CNSfSxk=",
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let path = "/api/v1/workspaces?pageNum=1&pageSize=100";
    let reply = get(gateway.address(), path, &headers).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn a_wrong_secret_or_unknown_access_key_is_rejected() {
    let gateway = FakeGateway::start().await;
    let now = ncloud_core::time::SystemTimeSource.now();
    let access_key = gateway.credentials().access_key().to_owned();

    let wrong_secret = Credentials::new(access_key, "not-the-secret");
    let reply = signed_get_at(&gateway, &wrong_secret, WORKSPACES, now)
        .await
        .unwrap();
    assert_authentication_failed(&reply, "signature does not match");

    let stranger = Credentials::new("SOMEONEELSE000000000", gateway.credentials().secret_key());
    let reply = signed_get_at(&gateway, &stranger, WORKSPACES, now)
        .await
        .unwrap();
    assert_authentication_failed(&reply, "access key is not registered");
    assert_eq!(gateway.rejected(), 2);
}

#[tokio::test]
async fn timestamps_more_than_five_minutes_away_are_rejected() {
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let clock = ManualTimeSource::new(now);
    let gateway = FakeGateway::builder()
        .time_source(clock.clone())
        .start()
        .await;
    let credentials = gateway.credentials().clone();
    let minutes = |m: u64| Duration::from_secs(60 * m);

    for at in [now - minutes(4), now + minutes(4)] {
        let reply = signed_get_at(&gateway, &credentials, WORKSPACES, at)
            .await
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    for at in [now - minutes(6), now + minutes(6)] {
        let reply = signed_get_at(&gateway, &credentials, WORKSPACES, at)
            .await
            .unwrap();
        assert_authentication_failed(&reply, "more than 5 minutes");
    }
    // The same signed request goes stale when the gateway's clock moves on.
    clock.advance(minutes(10));
    let reply = signed_get_at(&gateway, &credentials, WORKSPACES, now)
        .await
        .unwrap();
    assert_authentication_failed(&reply, "more than 5 minutes");
}

#[tokio::test]
async fn the_signature_covers_the_query_exactly_as_sent() {
    let gateway = FakeGateway::start().await;
    let now = ncloud_core::time::SystemTimeSource.now();
    let send = |signed: &str, sent: &'static str| {
        let headers = signed_headers(gateway.credentials(), signed, now);
        let address = gateway.address();
        async move { get(address, sent, &headers).await.unwrap().status }
    };
    let sent = "/api/v1/workspaces?pageNum=1&pageSize=10&tag=a%2Cb";
    assert_eq!(send(sent, sent).await, 200);
    // Tampered value, reordered parameters, different percent-encoding: all rejected.
    assert_eq!(
        send("/api/v1/workspaces?pageNum=2&pageSize=10&tag=a%2Cb", sent).await,
        401
    );
    assert_eq!(
        send("/api/v1/workspaces?pageSize=10&pageNum=1&tag=a%2Cb", sent).await,
        401
    );
    assert_eq!(
        send("/api/v1/workspaces?pageNum=1&pageSize=10&tag=a,b", sent).await,
        401
    );
    assert_eq!(
        send("/api/v1/workspaces?pageNum=1&pageSize=10&tag=a%2cb", sent).await,
        401
    );
    assert_eq!(gateway.rejected(), 4);
}

#[tokio::test]
async fn missing_or_malformed_headers_are_rejected() {
    let gateway = FakeGateway::start().await;
    let reply = get(gateway.address(), WORKSPACES, &[]).await.unwrap();
    assert_authentication_failed(&reply, "x-ncp-apigw-timestamp is missing");

    let now = ncloud_core::time::SystemTimeSource.now();
    let mut headers = signed_headers(gateway.credentials(), WORKSPACES, now);
    headers.retain(|(name, _)| name != "x-ncp-apigw-signature-v2");
    let reply = get(gateway.address(), WORKSPACES, &headers).await.unwrap();
    assert_authentication_failed(&reply, "x-ncp-apigw-signature-v2 is missing");

    let mut headers = signed_headers(gateway.credentials(), WORKSPACES, now);
    headers[0].1 = "yesterday".to_owned();
    let reply = get(gateway.address(), WORKSPACES, &headers).await.unwrap();
    assert_authentication_failed(&reply, "milliseconds");
    assert_eq!(gateway.rejected(), 3);
}

#[tokio::test]
async fn unknown_paths_are_authenticated_then_not_found() {
    let gateway = FakeGateway::start().await;
    let reply = get(gateway.address(), "/nsml/v1/nothing", &[])
        .await
        .unwrap();
    assert_eq!(reply.status, 401);
    let reply = signed_get(&gateway, "/nsml/v1/nothing").await.unwrap();
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"]["errorCode"], "300");
}

#[tokio::test]
async fn a_gateway_clock_ahead_or_behind_refuses_the_local_time_and_says_its_own() {
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let ten_minutes = Duration::from_secs(600);
    for (builder, gateway_time) in [
        (
            FakeGateway::builder().clock_ahead(ten_minutes),
            now + ten_minutes,
        ),
        (
            FakeGateway::builder().clock_behind(ten_minutes),
            now - ten_minutes,
        ),
    ] {
        let gateway = builder
            .time_source(ManualTimeSource::new(now))
            .start()
            .await;
        let credentials = gateway.credentials().clone();
        let reply = signed_get_at(&gateway, &credentials, WORKSPACES, now)
            .await
            .unwrap();
        assert_authentication_failed(&reply, "more than 5 minutes");
        // One `Date`, the gateway's own time (hyper's would be the real clock's).
        let dates: Vec<_> = reply
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("date"))
            .collect();
        assert_eq!(dates.len(), 1, "{:?}", reply.headers);
        assert_eq!(dates[0].1, httpdate::fmt_http_date(gateway_time));
        let reply = signed_get_at(&gateway, &credentials, WORKSPACES, gateway_time)
            .await
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            reply.header("date"),
            Some(httpdate::fmt_http_date(gateway_time).as_str())
        );
    }
}
