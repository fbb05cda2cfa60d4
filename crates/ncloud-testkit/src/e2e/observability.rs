use std::collections::BTreeMap;

use super::client::{get, signed_get};
use crate::{FakeGateway, Fault, Route};

#[tokio::test]
async fn counters_show_every_page_served_once_after_retries() {
    let gateway = FakeGateway::builder()
        .workspaces(250)
        .fault(Fault::RateLimited)
        .start()
        .await;
    for page in 1..=3 {
        let path = format!("/api/v1/workspaces?pageNum={page}&pageSize=100");
        while signed_get(&gateway, &path).await.unwrap().status != 200 {}
    }
    let expected = |n| {
        (1..=3)
            .map(|page| (page, n))
            .collect::<BTreeMap<u32, usize>>()
    };
    assert_eq!(gateway.hits_by_page(Route::Workspaces), expected(2));
    assert_eq!(gateway.served_by_page(Route::Workspaces), expected(1));
    assert_eq!(gateway.requests(Route::Workspaces), 6);
    assert_eq!(gateway.requests(Route::Projects), 0);

    get(gateway.address(), "/api/v1/workspaces?pageNum=1", &[])
        .await
        .unwrap();
    assert_eq!(gateway.rejected(), 1);

    // A reset makes first-attempt faults fire again.
    gateway.reset_counters();
    assert_eq!(
        (gateway.rejected(), gateway.hits(Route::Workspaces, 1)),
        (0, 0)
    );
    let reply = signed_get(&gateway, "/api/v1/workspaces?pageNum=1")
        .await
        .unwrap();
    assert_eq!(reply.status, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_can_move_between_tasks_of_a_multi_threaded_runtime() {
    fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
    let gateway = FakeGateway::start().await;
    assert_send_sync(&gateway);
    let status = tokio::spawn(async move {
        signed_get(&gateway, "/nsml/v1/projects")
            .await
            .unwrap()
            .status
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn urls_and_debug_output() {
    let gateway = FakeGateway::start().await;
    let base = gateway.base_url();
    assert_eq!(base, format!("http://{}", gateway.address()));
    assert_eq!(gateway.nsml_endpoint(), format!("{base}/nsml/v1"));
    assert_eq!(gateway.mi_endpoint(), format!("{base}/api/v1"));
    assert_eq!(
        gateway.url(Route::Projects),
        format!("{base}/nsml/v1/projects")
    );
    let debug = format!("{gateway:?}");
    let credentials = gateway.credentials();
    assert!(!debug.contains(credentials.secret_key()), "{debug}");
    assert!(!debug.contains(credentials.api_key().unwrap()), "{debug}");
    assert!(debug.contains(&base), "{debug}");
}
