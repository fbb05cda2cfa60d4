//! The waiters against the fake gateway, on a manual clock that the client's sleep moves: no test
//! waits for real, and every poll is counted by the gateway.

use std::time::Duration;

use ncloud_nsml::{Client, ImageType, ProjectStatus, RunStatus, ServerProduct, ServerUseType};
use ncloud_testkit::{FakeGateway, NsmlOperation};

/// A gateway and a client on one manual clock; projects take `transition`, runs `run`.
async fn setup(transition: Duration, run: Duration) -> (FakeGateway, Client) {
    let gateway = FakeGateway::builder()
        .projects(0)
        .manual_clock()
        .nsml_transition(transition)
        .nsml_run_duration(run)
        .start()
        .await;
    let nsml = Client::new(gateway.client_builder().build().unwrap());
    (gateway, nsml)
}

async fn create_project(nsml: &Client, name: &str) -> String {
    nsml.create_project(name, 500).await.unwrap();
    nsml.find_project(name).await.unwrap().unwrap().project_id
}

#[tokio::test]
async fn waits_until_created_with_backoff() {
    let (gateway, nsml) = setup(Duration::from_secs(30), Duration::from_secs(60)).await;
    let id = create_project(&nsml, "waited").await;
    let project = nsml
        .wait_until_project_created(&id)
        .timeout(Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(project.status, Some(ProjectStatus::Created));
    // Polls at 0, 2, 6, 14 and 30 s (pauses of 2, 4, 8, 16 s): CREATED at the fifth.
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetProject), 5);
}

#[tokio::test]
async fn a_timeout_carries_the_last_state() {
    let (gateway, nsml) = setup(Duration::from_secs(3_600), Duration::from_secs(60)).await;
    let id = create_project(&nsml, "slow").await;
    let error = nsml
        .wait_until_project_created(&id)
        .timeout(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(error.is_wait_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("CREATING"));
    assert!(error.to_string().contains(&id), "{error}");
    assert_eq!(error.operation(), Some("nsml.WaitUntilProjectCreated"));
    assert!(
        error
            .to_string()
            .ends_with("after 60 s (last seen: CREATING)"),
        "{error}"
    );
    // 2 + 4 + 8 + 16 + 30 = 60 s: six polls, no busy loop.
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetProject), 6);
}

#[tokio::test]
async fn waits_until_deleted_and_until_a_run_finishes() {
    let (gateway, nsml) = setup(Duration::from_secs(10), Duration::from_secs(300)).await;
    let id = create_project(&nsml, "short-lived").await;
    nsml.wait_until_project_created(&id)
        .timeout(Duration::from_secs(60))
        .await
        .unwrap();

    let product = ServerProduct::new(1, ServerUseType::Dev);
    let run = nsml
        .create_run(
            &id,
            &product,
            ImageType::Base,
            "nvcr.io/nvidia/pytorch:21.02-py3",
            1,
        )
        .await
        .unwrap();
    assert_eq!(run.run_name, "1");
    // The create looked its run up once.
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetRun), 1);
    let finished = nsml
        .wait_until_run_finished(&id, &run.run_name)
        .await
        .unwrap();
    assert_eq!(finished.status, Some(RunStatus::Completed));
    // Polls at 0, 5, 15, 35, 75, 135, 195, 255, 315 s (5 s doubling to 60 s).
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetRun), 1 + 9);

    nsml.delete_project(&id).await.unwrap();
    nsml.wait_until_project_deleted(&id)
        .timeout(Duration::from_secs(60))
        .await
        .unwrap();
    assert!(nsml.get_project(&id).await.unwrap_err().is_not_found());
    assert_eq!(nsml.find_project("short-lived").await.unwrap(), None);
}

#[tokio::test]
async fn an_error_ends_the_wait() {
    let (gateway, nsml) = setup(Duration::from_secs(10), Duration::from_secs(60)).await;
    let error = nsml
        .wait_until_project_created("no-such-project")
        .timeout(Duration::from_secs(600))
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetProject), 1);
}

/// Starts a training run whose command is `command` in a new project, and returns its name.
async fn start_run(nsml: &Client, project: &str, command: &str) -> (String, String) {
    let id = create_project(nsml, project).await;
    nsml.wait_until_project_created(&id).await.unwrap();
    let product = ServerProduct::new(2, ServerUseType::Train);
    let run = nsml
        .create_run(
            &id,
            &product,
            ImageType::Base,
            "nvcr.io/nvidia/pytorch:21.02-py3",
            1,
        )
        .command(command)
        .await
        .unwrap();
    (id, run.run_name)
}

#[tokio::test]
async fn a_failed_run_ends_the_wait_with_an_error_naming_the_state() {
    let (gateway, nsml) = setup(Duration::from_secs(1), Duration::from_secs(30)).await;
    let (id, run) = start_run(&nsml, "failing", "python fail.py").await;
    let error = nsml.wait_until_run_finished(&id, &run).await.unwrap_err();
    assert!(error.is_wait_failed() && !error.is_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("RUN_STATE_FAILED"));
    assert!(error.to_string().contains("RUN_STATE_FAILED"), "{error}");
    assert_eq!(error.operation(), Some("nsml.WaitUntilRunFinished"));
    // Polls at 0, 5, 15 and 35 s: failed at the fourth, and no poll after it (after the
    // create's own lookup).
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetRun), 1 + 4);
}

#[tokio::test]
async fn an_unknown_end_state_keeps_the_wait_polling_until_its_timeout_naming_it() {
    let (_gateway, nsml) = setup(Duration::from_secs(1), Duration::from_secs(30)).await;
    let (id, run) = start_run(&nsml, "stopping", "python stop.py").await;
    let error = nsml
        .wait_until_run_finished(&id, &run)
        .timeout(Duration::from_secs(300))
        .await
        .unwrap_err();
    assert!(error.is_wait_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("RUN_STATE_STOPPED"));
    assert!(error.to_string().contains("RUN_STATE_STOPPED"), "{error}");
}
