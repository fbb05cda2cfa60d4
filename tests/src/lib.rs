//! Cross-crate end-to-end scenarios for ncloud-rs live in `tests/tests/`.
//!
//! The workspace README is included below so that its Rust examples are compiled as doctests
//! (they would otherwise drift from the API unnoticed).
#![doc = include_str!("../../README.md")]
