//! The REST transport of quadrant: Qdrant's HTTP API over reqwest.
//!
//! [`RestTransport`] implements [`quadrant_transport::Transport`] by sending each operation to
//! its REST endpoint as JSON and reading the `result` of Qdrant's answer into the response model.
//! Build one from a [`ConnectionConfig`], the settings every remote transport shares:
//!
//! ```no_run
//! use std::time::Duration;
//! use quadrant_rest::RestTransport;
//! use quadrant_transport::config::ConnectionConfig;
//!
//! let transport = RestTransport::new(
//!     ConnectionConfig::new("http://localhost:6333")
//!         .api_key("my-key")
//!         .timeout(Duration::from_secs(10)),
//! )?;
//! # Ok::<(), quadrant_transport::Error>(())
//! ```
//!
//! [`RestTransport::new`] also takes the server's url alone. The operations' wire forms are the
//! REST column of the operation table (`quadrant_transport::for_each_operation!`), from which
//! `src/operations.rs` generates the whole `Transport` implementation. Most answer
//! JSON in Qdrant's `{result, status, time}` envelope; the health probes and the metrics answer
//! text; snapshot downloads hand the file over as a stream of chunks, and snapshot uploads send a
//! `multipart/form-data` body that streams a file from disk.

mod client;
mod config;
mod error;
mod operations;
mod upload;

pub use client::RestTransport;
#[allow(deprecated, reason = "the old name, kept for its users")]
pub use config::RestConfig;
pub use error::kind_for_status;
pub use quadrant_transport::config::ConnectionConfig;
