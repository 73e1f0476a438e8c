//! The runnable examples of quadrant: `cargo run --example quickstart` from the repository root.
//!
//! This library is empty. The package exists to build the examples (the `.rs` files beside its
//! manifest) with the embedded engine turned on, which quadrant itself leaves off by default, and
//! to test them (`tests/axum_service.rs` drives the web-service example).
