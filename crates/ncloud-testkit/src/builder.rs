use std::sync::Arc;
use std::time::Duration;

use ncloud_core::Credentials;
use ncloud_core::time::{ManualTimeSource, SystemTimeSource, TimeSource};

use crate::clock::{ClockOffset, OffsetClock};
use crate::counters::Counters;
use crate::data::{self, ProjectQuirks};
use crate::fault::FaultRule;
use crate::gateway::FakeGateway;
use crate::mi::persons::PersonStore;
use crate::mi::store::{MiDelays, MiStore};
use crate::mi::uploads::UploadStore;
use crate::nsml::operation::NsmlOperation;
use crate::nsml::seed::nsml_data;
use crate::nsml::state::{NsmlQuirks, NsmlState, NsmlTiming};
use crate::state::GatewayState;

/// Projects generated when [`FakeGatewayBuilder::projects`] is not called (not a multiple of
/// NSML's default page size of 10).
pub const DEFAULT_PROJECTS: usize = 25;
/// Workspaces generated when [`FakeGatewayBuilder::workspaces`] is not called.
pub const DEFAULT_WORKSPACES: usize = 25;
/// How long a Media Intelligence import takes to index when
/// [`FakeGatewayBuilder::mi_indexing_delay`] is not called.
pub const DEFAULT_MI_INDEXING_DELAY: Duration = Duration::from_secs(2);
/// How long a Media Intelligence search runs when [`FakeGatewayBuilder::mi_search_delay`] is not
/// called.
pub const DEFAULT_MI_SEARCH_DELAY: Duration = Duration::from_secs(1);
/// How long a created CLOVA NSML project stays `CREATING` (and a deleted one `DELETING`) when
/// [`FakeGatewayBuilder::nsml_transition`] is not called.
pub const DEFAULT_NSML_TRANSITION: Duration = Duration::from_secs(1);
/// How long a CLOVA NSML run stays `RUN_STATE_IN_PROGRESS` when
/// [`FakeGatewayBuilder::nsml_run_duration`] is not called.
pub const DEFAULT_NSML_RUN_DURATION: Duration = Duration::from_secs(2);

/// Configures and starts a [`FakeGateway`]; see [`FakeGateway::builder`].
#[derive(Debug)]
pub struct FakeGatewayBuilder {
    credentials: Credentials,
    projects: usize,
    workspaces: usize,
    quirks: ProjectQuirks,
    latency: Duration,
    admit_in_flight: Option<usize>,
    faults: Vec<FaultRule>,
    clock: Arc<dyn TimeSource>,
    /// The clock of [`manual_clock`](Self::manual_clock), handed to clients too.
    manual: Option<ManualTimeSource>,
    mi_delays: MiDelays,
    clock_offset: ClockOffset,
    nsml_timing: NsmlTiming,
    nsml_quirks: NsmlQuirks,
}

impl Default for FakeGatewayBuilder {
    fn default() -> Self {
        Self {
            credentials: FakeGateway::demo_credentials(),
            projects: DEFAULT_PROJECTS,
            workspaces: DEFAULT_WORKSPACES,
            quirks: ProjectQuirks::default(),
            latency: Duration::ZERO,
            admit_in_flight: None,
            faults: Vec::new(),
            clock: Arc::new(SystemTimeSource),
            manual: None,
            mi_delays: MiDelays {
                indexing: DEFAULT_MI_INDEXING_DELAY,
                search: DEFAULT_MI_SEARCH_DELAY,
            },
            clock_offset: ClockOffset::None,
            nsml_timing: NsmlTiming {
                transition: DEFAULT_NSML_TRANSITION,
                run: DEFAULT_NSML_RUN_DURATION,
            },
            nsml_quirks: NsmlQuirks::default(),
        }
    }
}

impl FakeGatewayBuilder {
    /// The only credentials the gateway accepts (default: [`FakeGateway::demo_credentials`]).
    /// NSML requests must also carry their API key; without one, every NSML request gets a 401.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// How many CLOVA NSML projects to generate (default [`DEFAULT_PROJECTS`]).
    pub fn projects(mut self, count: usize) -> Self {
        self.projects = count;
        self
    }

    /// How many Media Intelligence workspaces to generate (default [`DEFAULT_WORKSPACES`]).
    pub fn workspaces(mut self, count: usize) -> Self {
        self.workspaces = count;
        self
    }

    /// Every `n`-th project spells its dates `createDate` / `updateDate`, as the reference
    /// page's example does, instead of the documented `createdDate` / `updatedDate`.
    /// 0 (the default) never does; 1 always does.
    pub fn example_date_names_every(mut self, n: usize) -> Self {
        self.quirks.example_date_names_every = n;
        self
    }

    /// Every `n`-th project has the status [`UNKNOWN_PROJECT_STATUS`](crate::UNKNOWN_PROJECT_STATUS),
    /// which is not in the documented list. 0 (the default) never does.
    pub fn unknown_status_every(mut self, n: usize) -> Self {
        self.quirks.unknown_status_every = n;
        self
    }

    /// Admits at most `limit` requests in flight, as a gateway's throttle does: a request that
    /// arrives while `limit` admitted ones are unanswered gets HTTP 429 with NCP code 420 (Rate
    /// Limited) and `Retry-After: 1`, after the [latency](Self::latency), before authentication.
    /// [`FakeGateway::throttled`] counts them.
    pub fn admit_in_flight(mut self, limit: usize) -> Self {
        self.admit_in_flight = Some(limit);
        self
    }

    /// Delays every answer by `latency`. Requests are delayed concurrently, not one after
    /// another, so concurrent clients see the latency once, not summed.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Adds a fault; a bare [`Fault`](crate::Fault) hits the first attempt of every page on
    /// every route. Rules are tried in the order they were added and the first match wins.
    pub fn fault(mut self, rule: impl Into<FaultRule>) -> Self {
        self.faults.push(rule.into());
        self
    }

    /// The gateway's clock, against which request timestamps must be within
    /// [`MAX_CLOCK_SKEW`](crate::MAX_CLOCK_SKEW) (default: the system clock).
    pub fn time_source(mut self, clock: impl TimeSource + 'static) -> Self {
        self.clock = Arc::new(clock);
        self.manual = None;
        self
    }

    /// One manual clock for everything, starting at the system time: the gateway's (state
    /// changes, timestamp checks) and, through [`FakeGateway::client_builder`], the client's time
    /// and its sleep. A client's waits and backoffs then move the clock instead of waiting, so a
    /// test of a waiter or of retries finishes at once. [`FakeGateway::clock`] moves it by hand.
    pub fn manual_clock(mut self) -> Self {
        let clock = ManualTimeSource::new(SystemTimeSource.now());
        self.clock = Arc::new(clock.clone());
        self.manual = Some(clock);
        self
    }

    /// How long an imported Media Intelligence asset takes to index (default
    /// [`DEFAULT_MI_INDEXING_DELAY`]): its status is `WAIT_ANALYZE` for the first half,
    /// `ANALYZING` for the second, then `ANALYZE_COMPLETED` with one index (or `ANALYZE_FAIL` when
    /// the file name contains `corrupt`). Measured on the gateway clock
    /// ([`time_source`](Self::time_source)).
    pub fn mi_indexing_delay(mut self, delay: Duration) -> Self {
        self.mi_delays.indexing = delay;
        self
    }

    /// How long a Media Intelligence search stays `RUNNING` before its results are ready (default
    /// [`DEFAULT_MI_SEARCH_DELAY`]), on the gateway clock.
    pub fn mi_search_delay(mut self, delay: Duration) -> Self {
        self.mi_delays.search = delay;
        self
    }

    /// Sets the gateway's clock `by` ahead of its [`time_source`](Self::time_source): requests
    /// signed with the time source's time look `by` late, and every answer's `Date` shows the
    /// gateway's time, as a client whose clock is behind would see.
    pub fn clock_ahead(mut self, by: Duration) -> Self {
        self.clock_offset = ClockOffset::Ahead(by);
        self
    }

    /// Sets the gateway's clock `by` behind its [`time_source`](Self::time_source); see
    /// [`clock_ahead`](Self::clock_ahead).
    pub fn clock_behind(mut self, by: Duration) -> Self {
        self.clock_offset = ClockOffset::Behind(by);
        self
    }

    /// How long a CLOVA NSML project created through the gateway stays `CREATING` before it is
    /// `CREATED`, and a deleted one `DELETING` before it is gone (default
    /// [`DEFAULT_NSML_TRANSITION`]), on the gateway clock ([`time_source`](Self::time_source)).
    pub fn nsml_transition(mut self, delay: Duration) -> Self {
        self.nsml_timing.transition = delay;
        self
    }

    /// How long a CLOVA NSML run started through the gateway stays `RUN_STATE_IN_PROGRESS` before
    /// it is `RUN_STATE_COMPLETED` (default [`DEFAULT_NSML_RUN_DURATION`]), on the gateway clock.
    /// A run whose command or note contains `fail` ends `RUN_STATE_FAILED` instead, and one whose
    /// command or note contains `stop` ends `RUN_STATE_STOPPED` (a state the reference does not
    /// name).
    pub fn nsml_run_duration(mut self, duration: Duration) -> Self {
        self.nsml_timing.run = duration;
        self
    }

    /// `POST /projects/{projectId}/runs` answers the new run's detail with its `201` (the reference
    /// shows no body: by default there is none).
    pub fn nsml_answers_created_runs(mut self) -> Self {
        self.nsml_quirks.answer_created_runs = true;
        self
    }

    /// Every CLOVA NSML call of `operation` after the first `after` answers 503 with the
    /// gateway's Endpoint Error, e.g. a lookup that fails after the change it follows succeeded.
    pub fn nsml_failing(mut self, operation: NsmlOperation, after: usize) -> Self {
        self.nsml_quirks.failing = Some((operation, after));
        self
    }

    /// Generates the data and starts the gateway on `127.0.0.1` on a free port.
    ///
    /// The server runs on a thread of its own (httpmock's), so this works from any tokio
    /// runtime, current-thread or multi-threaded. httpmock keeps a pool of at most 25 servers
    /// (`HTTPMOCK_MAX_SERVERS`); beyond that, this waits until a gateway is dropped.
    pub async fn start(self) -> FakeGateway {
        let projects = data::projects(self.projects, self.quirks);
        let mut nsml = NsmlState::new(self.nsml_timing, nsml_data(&projects));
        nsml.quirks = self.nsml_quirks;
        let workspaces = data::workspaces(self.workspaces);
        let mi = MiStore::new(&workspaces, self.mi_delays, self.clock.now());
        let state = GatewayState {
            credentials: self.credentials,
            clock: Arc::new(OffsetClock::new(self.clock, self.clock_offset)),
            projects,
            workspaces,
            mi,
            persons: PersonStore::default(),
            uploads: UploadStore::default(),
            faults: self.faults,
            counters: Counters::default(),
            nsml,
            admit_in_flight: self.admit_in_flight,
        };
        FakeGateway::start_with(state, self.latency, self.manual).await
    }
}
