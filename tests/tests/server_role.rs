//! A server role whose keys expire in the middle of a listing: the client reloads them from the
//! (fake, 127.0.0.1) metadata service before they expire and the listing goes on with the new ones.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use httpmock::{HttpMockRequest, MockServer};
use ncloud_core::client::RetryConfig;
use ncloud_core::credentials::{Env, Fs};
use ncloud_core::signing::TIMESTAMP_HEADER;
use ncloud_core::time::{ManualTimeSource, TimeSource};
use ncloud_core::{Client, Credentials};
use ncloud_mi::Client as MiClient;
use serde_json::json;

/// 2030-01-01T00:00:00Z, when the listing starts.
const T0: u64 = 1_893_456_000;
const MINUTE: Duration = Duration::from_secs(60);
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const WORKSPACES: u64 = 200;
const PAGE_SIZE: u32 = 5;

/// A clock that moves a minute each time the client reads it, so a long listing spans hours.
#[derive(Debug, Clone)]
struct SteppingClock(ManualTimeSource);

impl TimeSource for SteppingClock {
    fn now(&self) -> SystemTime {
        let now = self.0.now();
        self.0.advance(MINUTE);
        now
    }
}

/// The role's first keys (valid one hour) and those it gives from 30 minutes on (valid a day).
fn role_keys() -> [(Credentials, SystemTime, &'static str); 2] {
    [
        (
            Credentials::new("ROLE-AK-1", "ROLE-SK-1"),
            UNIX_EPOCH + Duration::from_secs(T0) + 60 * MINUTE,
            "2030-01-01T01:00:00Z",
        ),
        (
            Credentials::new("ROLE-AK-2", "ROLE-SK-2"),
            UNIX_EPOCH + Duration::from_secs(T0) + 24 * 60 * MINUTE,
            "2030-01-02T00:00:00Z",
        ),
    ]
}

/// Signed with keys that had not expired when the request was signed, as the gateway checks.
fn signed_with_live_keys(req: &HttpMockRequest) -> bool {
    let signed_at = req
        .headers()
        .get(TIMESTAMP_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(|ms| UNIX_EPOCH + Duration::from_millis(ms));
    role_keys().iter().any(|(keys, expiry, _)| {
        signed_at.is_some_and(|at| at < *expiry) && ncloud_testkit::signature_matches(req, keys)
    })
}

fn workspace_page(page: u64) -> serde_json::Value {
    let start = (page - 1) * u64::from(PAGE_SIZE);
    let content: Vec<_> = (start..(start + u64::from(PAGE_SIZE)).min(WORKSPACES))
        .map(|n| {
            json!({
                "workspaceName": format!("ws-{n:04}"),
                "workspaceUrl": format!("https://mi.apigw.ntruss.com/api/v1/workspaces/ws-{n:04}"),
            })
        })
        .collect();
    json!({
        "code": "0",
        "message": "success",
        "result": {
            "totalCount": WORKSPACES,
            "totalPage": WORKSPACES.div_ceil(u64::from(PAGE_SIZE)),
            "pageNo": page,
            "pageSize": PAGE_SIZE,
            "content": content,
        }
    })
}

#[tokio::test]
async fn keys_that_expire_during_a_listing_are_refreshed_and_it_goes_on() {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(T0));
    let metadata = MockServer::start_async().await;
    let role_list = metadata
        .mock_async(|when, then| {
            when.path(ROLE_PATH);
            then.status(200).body("lister\n");
        })
        .await;
    let [first, second] = role_keys();
    let mut role_answers = Vec::new();
    for (keys, _, expiration) in [first, second] {
        let before_half_hour = keys.access_key() == "ROLE-AK-1";
        let at = clock.clone();
        let half_hour = UNIX_EPOCH + Duration::from_secs(T0) + 30 * MINUTE;
        role_answers.push(
            metadata
                .mock_async(|when, then| {
                    when.path(format!("{ROLE_PATH}lister"))
                        .is_true(move |_| (at.now() < half_hour) == before_half_hour);
                    then.status(200).json_body(json!({
                        "AccessKeyId": keys.access_key(),
                        "SecretAccessKey": keys.secret_key(),
                        "Expiration": expiration,
                        "Code": "Success",
                    }));
                })
                .await,
        );
    }

    let gateway = MockServer::start_async().await;
    let pages = WORKSPACES.div_ceil(u64::from(PAGE_SIZE));
    for page in 1..=pages {
        gateway
            .mock_async(|when, then| {
                when.path("/api/v1/workspaces")
                    .query_param("pageNum", page.to_string())
                    .is_true(signed_with_live_keys);
                then.status(200).json_body(workspace_page(page));
            })
            .await;
    }
    let rejected = gateway
        .mock_async(|when, then| {
            when.is_false(signed_with_live_keys);
            then.status(401).json_body(
                json!({"error": {"errorCode": "200", "message": "Authentication Failed"}}),
            );
        })
        .await;

    let client = Client::builder()
        .env(Env::from_slice(&[(
            "NCLOUD_METADATA_API_ENDPOINT",
            &metadata.base_url(),
        )]))
        .fs(Fs::from_slice(&[]))
        .use_server_role(true)
        .endpoint(gateway.base_url())
        .time_source(SteppingClock(clock.clone()))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let workspaces = MiClient::new(client)
        .list_workspaces()
        .page_size(PAGE_SIZE)
        .concurrency(1)
        .try_collect()
        .await
        .expect("the listing completes with refreshed keys");

    let names: Vec<_> = workspaces
        .iter()
        .map(|w| w.workspace_name.clone())
        .collect();
    let expected: Vec<_> = (0..WORKSPACES).map(|n| format!("ws-{n:04}")).collect();
    assert_eq!(names, expected);
    // The listing outlived the first keys, which were replaced once, before they expired.
    assert!(
        clock.now() > first_expiry(),
        "the listing ended at {:?}, before the first keys expired: the test proves nothing",
        clock.now()
    );
    assert_eq!(role_list.calls_async().await, 2);
    assert_eq!(role_answers[0].calls_async().await, 1);
    assert_eq!(role_answers[1].calls_async().await, 1);
    assert_eq!(rejected.calls_async().await, 0);
}

fn first_expiry() -> SystemTime {
    role_keys()[0].1
}
