#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod builder;
mod clock;
#[doc(hidden)]
pub mod conformance;
mod counters;
mod data;
mod error_bodies;
mod fault;
mod gateway;
mod matcher;
mod mi;
mod mocks;
mod nsml;
mod paging;
mod route;
mod state;
mod wire;

#[cfg(test)]
mod e2e;

pub use auth::MAX_CLOCK_SKEW;
pub use builder::{
    DEFAULT_MI_INDEXING_DELAY, DEFAULT_MI_SEARCH_DELAY, DEFAULT_NSML_RUN_DURATION,
    DEFAULT_NSML_TRANSITION, DEFAULT_PROJECTS, DEFAULT_WORKSPACES, FakeGatewayBuilder,
};
pub use data::UNKNOWN_PROJECT_STATUS;
pub use fault::{Fault, FaultRule};
pub use gateway::FakeGateway;
pub use matcher::signature_matches;
pub use nsml::operation::NsmlOperation;
pub use route::Route;
