//! Cross-crate end-to-end scenarios for ncloud-rs live in `tests/tests/`; this library is empty.
