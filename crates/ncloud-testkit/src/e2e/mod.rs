//! End-to-end tests: real HTTP requests to a running gateway, through a raw client.

mod client;
mod faults;
mod mi;
mod nsml;
mod nsml_resources;
mod observability;
mod signature;
