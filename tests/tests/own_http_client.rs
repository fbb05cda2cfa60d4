//! `ClientBuilder::http_client`: the core transport over the user's own `reqwest::Client`.

use httpmock::MockServer;
use ncloud_core::client::Request;
use ncloud_core::{Client, Credentials};
use serde_json::Value;

#[tokio::test]
async fn the_users_client_sends_and_the_transport_still_signs() {
    let credentials = Credentials::new("AKIDOWNCLIENT", "own-client-secret");
    let server = MockServer::start_async().await;
    let check = credentials.clone();
    let mock = server
        .mock_async(move |when, then| {
            // Only the user's client sends this header: proof that it carried the request.
            when.header("x-corporate-proxy", "yes")
                .is_true(move |req| ncloud_testkit::signature_matches(req, &check));
            then.status(200).body(r#"{"ok":true}"#);
        })
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-corporate-proxy", "yes".parse().unwrap());
    let http = ncloud_core::client::http_client_builder()
        .unwrap()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::builder()
        .credentials(credentials)
        .http_client(http)
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("Client"));

    let answer: Value = client
        .send(Request::get(server.url("/api/v1/workspaces")).query("name", "a b/c"))
        .await
        .unwrap();
    assert_eq!(answer["ok"], true);
    mock.assert_async().await;
}
