//! quadrant: a Qdrant client for Rust.
//!
//! Two front ends with the same methods: [`AsyncQdrantClient`] for services, and
//! [`QdrantClient`], the blocking one, for scripts and batch jobs. Moving from one to the other
//! means swapping the type and adding or removing `.await`. Both are generated from one table
//! of the operations (`quadrant_transport::for_each_operation!`), one method per operation
//! ([`Operation`]), named after Qdrant's REST operation id.
//!
//! Each client reaches Qdrant through a transport chosen when it is built:
//!
//! | built with | transport |
//! |---|---|
//! | [`AsyncQdrantClient::memory`] | the embedded engine, in memory: tests and examples with no server (feature `embedded`) |
//! | [`AsyncQdrantClient::local`] | the embedded engine, persisted in a directory (feature `embedded`) |
//! | [`AsyncQdrantClient::new`]`("http://host:6333")` | REST |
//! | [`AsyncQdrantClient::new`]`("http://host:6334")`, or [`ClientBuilder::grpc`] | gRPC |
//!
//! Every transport returns the same typed [`models`] for the same call, and fails with the one
//! [`Error`] type. A [`Collection`] handle (`client.collection::<Doc>("docs")`, see
//! [`collection`]) writes and reads the points of one collection as the application's own
//! payload type, through the same methods. The features `rest` and `grpc` are on by default;
//! `embedded` (the real Qdrant engine in-process, most of a build) is opt-in, and without it
//! `memory()` and `local()` fail with [`ErrorKind::Usage`] naming the feature.
//!
//! ```no_run
//! use quadrant::AsyncQdrantClient;
//! use quadrant::models::{CreateCollection, Distance, QueryPoints, VectorParams};
//!
//! # async fn run() -> quadrant::Result<()> {
//! let client = AsyncQdrantClient::memory()?;
//! client
//!     .create_collection(CreateCollection::new("docs").vectors_config(VectorParams::new(4, Distance::Cosine)))
//!     .await?;
//! let found = client
//!     .query_points(QueryPoints::new("docs").query(vec![0.9, 0.1, 0.1, 0.5]).limit(3))
//!     .await?;
//! # Ok(())
//! # }
//! ```

mod async_client;
pub mod blocking;
mod builder;
pub mod collection;
mod front_ends;
pub mod scroll;
pub mod upload;

pub use async_client::AsyncQdrantClient;
pub use blocking::QdrantClient;
pub use builder::ClientBuilder;
pub use collection::{Collection, Hit, Page, TypedPoint, TypedScrollStream};
pub use scroll::ScrollStream;

pub use quadrant_transport::{
    Capabilities, Error, ErrorKind, Operation, Resource, Result, Retry, Secret, SnapshotDownload,
    Transport,
};

/// Retry, failover, per-call deadlines and tracing: the layers a client of a server gets, and
/// their policies.
pub use quadrant_transport::layers::{self, FailoverPolicy, RetryPolicy};

/// Connection settings shared by the remote transports: the parsed endpoint, TLS, and bearer
/// tokens ([`config::TokenProvider`], for [`ClientBuilder::token_provider`]).
pub use quadrant_transport::config;

/// The attribute for implementing quadrant's async traits, such as
/// [`config::TokenProvider`], re-exported so that users need not depend on `async-trait`.
pub use quadrant_transport::async_trait;

/// The request and response types, in the shape of Qdrant's REST API.
pub use quadrant_models as models;

/// The transports, for building a client around one explicitly with
/// [`AsyncQdrantClient::from_transport`].
pub mod transports {
    #[cfg(feature = "embedded")]
    pub use quadrant_embedded::EmbeddedTransport;
    #[cfg(feature = "grpc")]
    pub use quadrant_grpc::{GrpcConfig, GrpcTransport};
    #[cfg(feature = "rest")]
    #[allow(deprecated, reason = "the old name, kept for its users")]
    pub use quadrant_rest::RestConfig;
    #[cfg(feature = "rest")]
    pub use quadrant_rest::RestTransport;
}

/// Compiles the README's Rust examples as doctests, so that they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
