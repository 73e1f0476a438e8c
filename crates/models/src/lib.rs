//! Serde types in the shape of Qdrant's REST JSON, up to Qdrant 1.20.
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
//!
//! # Everyday requests, each one expression
//!
//! Settings structs have chainable setters, queries convert from their inputs
//! (`.query(Fusion::Rrf)`), a request's `.filter(…)` takes one condition or an array of
//! conditions that must all hold, and named vectors and configs are arrays (or, for vectors of
//! different kinds, tuples) of `(name, value)` pairs. A collection with a named dense vector
//! and a sparse vector with the IDF modifier:
//!
//! ```
//! use quadrant_models::{CreateCollection, Distance, SparseVectorParams, VectorParams};
//!
//! let request = CreateCollection::new("docs")
//!     .vectors_config([("dense", VectorParams::new(4, Distance::Cosine))])
//!     .sparse_vectors_config([("sparse", SparseVectorParams::idf())]);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"vectors":{"dense":{"size":4,"distance":"Cosine"}},"sparse_vectors":{"sparse":{"modifier":"idf"}}}"#,
//! );
//! ```
//!
//! Three points from a user's `#[derive(Serialize)]` type, each with a dense and a sparse
//! vector:
//!
//! ```
//! use quadrant_models::{PointStruct, SparseVector, UpsertPoints};
//! use serde::Serialize;
//!
//! #[derive(Serialize)]
//! struct Doc {
//!     title: String,
//!     year: u32,
//! }
//!
//! let docs = [("Dune", 1965), ("Neuromancer", 1984), ("Hyperion", 1989)];
//! let request = UpsertPoints::new(
//!     "docs",
//!     docs.iter().zip(1_u64..).map(|(&(title, year), id)| {
//!         let doc = Doc { title: title.into(), year };
//!         let sparse = SparseVector::new(vec![id as u32], vec![1.0]);
//!         PointStruct::try_new(id, (("dense", vec![0.1, 0.2, 0.3, 0.4]), ("sparse", sparse)), &doc)
//!     }).collect::<Result<Vec<_>, _>>()?,
//! );
//! let json = serde_json::to_value(&request).unwrap();
//! assert_eq!(json["points"][2]["payload"]["title"], "Hyperion");
//! assert_eq!(json["points"][2]["vector"]["sparse"]["indices"][0], 3);
//! # Ok::<(), quadrant_models::PayloadError>(())
//! ```
//!
//! A hybrid query: dense and sparse prefetches fused by RRF, filtered on a number range and a
//! text match, the hits read back as the user's type:
//!
//! ```
//! use quadrant_models::{
//!     Condition, Fusion, Prefetch, QueryPoints, QueryResponse, Range, SparseVector,
//! };
//! use serde::Deserialize;
//!
//! let request = QueryPoints::new("docs")
//!     .prefetch([
//!         Prefetch::new(vec![0.1, 0.2, 0.3, 0.4]).using("dense").limit(20),
//!         Prefetch::new(SparseVector::new(vec![3, 17], vec![0.5, 0.25])).using("sparse").limit(20),
//!     ])
//!     .query(Fusion::Rrf)
//!     .filter([
//!         Condition::range("year", Range::new().gte(1980)),
//!         Condition::matches_text("title", "hyperion"),
//!     ])
//!     .limit(3)
//!     .with_payload(true);
//! assert_eq!(
//!     serde_json::to_value(&request).unwrap()["filter"]["must"][0],
//!     serde_json::json!({"key": "year", "range": {"gte": 1980.0}}),
//! );
//!
//! #[derive(Deserialize)]
//! struct Doc {
//!     title: String,
//!     year: u32,
//! }
//!
//! // The answer a server gives, as a transport decodes it.
//! let answer: QueryResponse = serde_json::from_value(serde_json::json!({"points": [
//!     {"id": 3, "version": 0, "score": 0.5, "payload": {"title": "Hyperion", "year": 1989}},
//! ]})).unwrap();
//! let docs: Vec<Doc> = answer.points.iter().map(|p| p.payload_as()).collect::<Result<_, _>>()?;
//! assert_eq!((docs[0].title.as_str(), docs[0].year), ("Hyperion", 1989));
//! # Ok::<(), quadrant_models::PayloadError>(())
//! ```
//!
//! Scrolling all matching points (the client's scroll stream pages through this request):
//!
//! ```
//! use quadrant_models::{Condition, Range, ScrollPoints};
//!
//! let request = ScrollPoints::new("docs")
//!     .filter(Condition::range("year", Range::between(1960, 1990)))
//!     .limit(100)
//!     .with_payload(true);
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"limit":100,"filter":{"must":[{"key":"year","range":{"gte":1960.0,"lte":1990.0}}]},"with_payload":true}"#,
//! );
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
