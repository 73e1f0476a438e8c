//! Serde types in the shape of Qdrant 1.18's REST JSON.
//!
//! Every quadrant transport (REST, gRPC, embedded) speaks in these types. Names follow Qdrant's
//! REST reference. Operation requests (such as [`QueryPoints`] or [`UpsertPoints`]) hold the
//! REST body fields plus the path and query parameters; the latter are skipped by serde, so
//! serializing a request gives exactly the REST body.
//!
//! A request may sit inside another: the searches of a batch, the operations of
//! [`UpdateBatchPoints`], the shard-key operations of [`UpdateCollectionClusterSetup`]. There
//! it is the same struct, and only its body is sent; the outer request's path and query
//! parameters apply. Operations without path, query or body, such as `GET /collections` or
//! `GET /healthz`, have no request struct.
//!
//! ```
//! use quadrant_models::{Condition, Filter, QueryPoints};
//!
//! let request = QueryPoints::new("my_collection")
//!     .query(vec![0.9, 0.1, 0.1, 0.5])
//!     .filter(Filter::must([Condition::matches("city", "London")]))
//!     .limit(2)
//!     .with_payload(true);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"query":{"nearest":[0.9,0.1,0.1,0.5]},"filter":{"must":[{"key":"city","match":{"value":"London"}}]},"limit":2,"with_payload":true}"#,
//! );
//! assert_eq!(request.collection_name, "my_collection");
//! ```

#[macro_use]
mod macros;

mod aliases;
mod cluster;
mod collections;
mod common;
mod facet;
mod filter;
mod groups;
mod matrix;
mod optimizations;
mod payload;
mod point_id;
mod point_updates;
mod points;
mod query;
mod quotas;
mod search;
mod service;
mod shards;
mod snapshots;
mod vectors;

pub use aliases::*;
pub use cluster::*;
pub use collections::*;
pub use common::*;
pub use facet::*;
pub use filter::*;
pub use groups::*;
pub use matrix::*;
pub use optimizations::*;
pub use payload::*;
pub use point_id::*;
pub use point_updates::*;
pub use points::*;
pub use query::*;
pub use quotas::*;
pub use search::*;
pub use service::*;
pub use shards::*;
pub use snapshots::*;
pub use vectors::*;

/// Serializes through JSON text, as a transport does, so that `f32` values read back as
/// written (`serde_json::to_value` widens them to `f64` digits).
#[cfg(test)]
pub(crate) fn to_json(value: impl serde::Serialize) -> serde_json::Result<serde_json::Value> {
    serde_json::from_str(&serde_json::to_string(&value)?)
}
