//! The REST transport of quadrant: Qdrant's HTTP API over reqwest.
//!
//! [`RestTransport`] implements [`quadrant_transport::Transport`] by sending each operation to
//! its REST endpoint as JSON and reading the `result` of Qdrant's answer into the response model.
//! Build one from a [`RestConfig`]:
//!
//! ```no_run
//! use std::time::Duration;
//! use quadrant_rest::{RestConfig, RestTransport};
//!
//! let transport = RestTransport::new(
//!     RestConfig::new("http://localhost:6333")
//!         .api_key("my-key")
//!         .timeout(Duration::from_secs(10)),
//! )?;
//! # Ok::<(), quadrant_transport::Error>(())
//! ```
//!
//! The operations and their wire paths are listed in one place, `src/operations.rs`. Most answer
//! JSON in Qdrant's `{result, status, time}` envelope; the health probes and the metrics answer
//! text; snapshot downloads hand the file over as a stream of chunks, and snapshot uploads send a
//! `multipart/form-data` body that streams a file from disk.

mod client;
mod config;
mod error;
mod operations;
mod upload;

pub use client::RestTransport;
pub use config::RestConfig;
pub use error::kind_for_status;
