//! `ncloud demo`: the real commands against an in-process fake NCP gateway with generated data.

use std::time::Duration;

use ncloud_testkit::FakeGateway;

/// Projects in the demo data set (some spelled like the reference example, some with a status the
/// reference does not document, to show they are handled).
const DEMO_PROJECTS: usize = 42;
/// Workspaces in the demo data set: several pages at any page size.
const DEMO_WORKSPACES: usize = 2_345;
/// Latency of every demo answer, so the concurrent page fetch is visible.
const DEMO_LATENCY: Duration = Duration::from_millis(40);
/// How long a demo NSML project is CREATING (or DELETING): long enough to see `--wait` poll.
const DEMO_NSML_TRANSITION: Duration = Duration::from_secs(3);
/// How long a demo NSML run is in progress.
const DEMO_NSML_RUN: Duration = Duration::from_secs(8);

/// Starts the demo gateway on 127.0.0.1 (it stops when dropped).
pub(crate) async fn start_gateway() -> FakeGateway {
    FakeGateway::builder()
        .projects(DEMO_PROJECTS)
        .workspaces(DEMO_WORKSPACES)
        .example_date_names_every(5)
        .unknown_status_every(9)
        .latency(DEMO_LATENCY)
        .nsml_transition(DEMO_NSML_TRANSITION)
        .nsml_run_duration(DEMO_NSML_RUN)
        .start()
        .await
}
