//! Serde types in the shape of Qdrant 1.18's REST JSON.
//!
//! Every quadrant transport (REST, gRPC, embedded) speaks in these types. Names follow Qdrant's
//! REST reference. Operation requests (such as [`QueryPoints`] or [`UpsertPoints`]) hold the
//! REST body fields plus the path and query parameters; the latter are skipped by serde, so
//! serializing a request gives exactly the REST body.
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

mod collections;
mod common;
mod filter;
mod payload;
mod point_id;
mod points;
mod query;
mod vectors;

pub use collections::*;
pub use common::*;
pub use filter::*;
pub use payload::*;
pub use point_id::*;
pub use points::*;
pub use query::*;
pub use vectors::*;

/// Serializes through JSON text, as a transport does, so that `f32` values read back as
/// written (`serde_json::to_value` widens them to `f64` digits).
#[cfg(test)]
pub(crate) fn to_json(value: impl serde::Serialize) -> serde_json::Result<serde_json::Value> {
    serde_json::from_str(&serde_json::to_string(&value)?)
}
