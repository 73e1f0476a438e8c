//! The contract between quadrant's facade and its transports.
//!
//! [`Transport`] has one method per Qdrant operation, each taking a request model and returning a
//! response model from [`quadrant_models`]. The operation table ([`for_each_operation!`]) lists
//! every operation once, with everything particular to it; the trait, the [`Operation`] enum and
//! the wrapping transports are generated from that table, and so are the other crates'
//! per-operation code, so none of it can drift.
//! [`Error`] is the one error type every transport returns.

mod capabilities;
pub mod config;
mod download;
mod error;
pub mod layers;
mod operations;
mod resource;
mod secret;

pub use capabilities::Capabilities;
pub use download::SnapshotDownload;
pub use error::{Error, ErrorKind, Result, parse_retry_after};
pub use operations::{Operation, RestAnswer, RestRoute, Retry, Transport};
pub use resource::Resource;
pub use secret::Secret;

/// The models crate, re-exported so that the operation table can name its types.
pub use quadrant_models as models;

/// Re-exported so that transports implement [`Transport`] with the same attribute macro.
pub use async_trait::async_trait;
