//! The contract between quadrant's facade and its transports.
//!
//! [`Transport`] has one method per Qdrant operation, each taking a request model and returning a
//! response model from [`quadrant_models`]. The [`Operation`] table lists every operation once,
//! with its retry safety; the trait is generated from that table, so the two cannot drift.
//! [`Error`] is the one error type every transport returns.

mod capabilities;
pub mod config;
mod download;
mod error;
pub mod layers;
mod operations;
mod secret;

pub use capabilities::Capabilities;
pub use download::SnapshotDownload;
pub use error::{Error, ErrorKind, Result, parse_retry_after};
pub use operations::{Operation, Retry, Transport};
pub use secret::Secret;

/// The models crate, re-exported so that the operation table can name its types.
pub use quadrant_models as models;

/// Re-exported so that transports implement [`Transport`] with the same attribute macro.
pub use async_trait::async_trait;
