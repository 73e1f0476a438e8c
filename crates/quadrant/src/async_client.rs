//! The async front end: [`AsyncQdrantClient`], its construction and what it holds.
//!
//! Its operation methods, one `async fn` per row of the operation table, and the helpers beyond
//! the table are generated in `front_ends.rs`, together with their blocking twins on
//! [`QdrantClient`](crate::QdrantClient): each converts its argument into the request model and
//! hands it to the transport; nothing else happens there.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use quadrant_transport::layers::{Layered, TimeoutLayer};
use quadrant_transport::{Capabilities, Result, Transport};

use crate::builder::{BuildClient, ClientBuilder};

/// The async Qdrant client, for services and anything else already running on Tokio.
///
/// It is cheap to clone: clones share one transport (and its connection pool), so one client
/// can serve every task of an application.
#[derive(Clone)]
pub struct AsyncQdrantClient {
    transport: Arc<dyn Transport>,
}

impl AsyncQdrantClient {
    /// A client of the server at `url`: `http://localhost:6333` is REST, a URL with port 6334
    /// is gRPC.
    ///
    /// `:memory:` selects the in-memory embedded engine. Use [`AsyncQdrantClient::builder`] to
    /// set an api key or a timeout.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`].
    pub fn new(url: impl Into<String>) -> Result<Self> {
        Self::builder(url).build()
    }

    /// A client of the embedded engine, holding everything in memory (crate feature
    /// `embedded`).
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`]; [`ErrorKind::Usage`](crate::ErrorKind::Usage) without the
    /// `embedded` feature.
    pub fn memory() -> Result<Self> {
        ClientBuilder::memory().build()
    }

    /// A client of the embedded engine, persisted in the directory `path` (crate feature
    /// `embedded`).
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`]; notably [`crate::ErrorKind::Usage`] when another process
    /// has the directory open.
    pub fn local(path: impl Into<PathBuf>) -> Result<Self> {
        ClientBuilder::local(path).build()
    }

    /// A builder for a client of the server at `url`, with options such as an api key.
    pub fn builder(url: impl Into<String>) -> ClientBuilder<Self> {
        ClientBuilder::new(url)
    }

    /// A client over a transport built by hand, or wrapped in layers of the caller's own.
    pub fn from_transport(transport: impl Transport) -> Self {
        Self {
            transport: Arc::new(transport),
        }
    }

    /// The transport this client sends its calls through.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// A client that shares this one's transport but gives each call at most `timeout`, retries
    /// included, then fails it with [`crate::ErrorKind::Timeout`].
    ///
    /// It is cheap: use it for one call (`client.with_timeout(d).query_points(..)`) or keep it
    /// for a part of an application that must answer fast. This is the client's deadline, not
    /// the server-side `timeout` some requests carry; it can shorten the wait of a call but not
    /// lengthen the per-attempt request timeout the client was built with.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        let layered = Layered::new(TimeoutLayer::new(timeout), Arc::clone(&self.transport));
        Self {
            transport: Arc::new(layered),
        }
    }

    /// The operations this client's transport performs; the others answer
    /// [`crate::ErrorKind::Unsupported`].
    pub fn capabilities(&self) -> Capabilities {
        self.transport.capabilities()
    }
}

impl BuildClient for AsyncQdrantClient {
    fn from_transport_arc(transport: Arc<dyn Transport>) -> Result<Self> {
        Ok(Self { transport })
    }
}

impl fmt::Debug for AsyncQdrantClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncQdrantClient")
            .field("transport", &self.transport)
            .finish()
    }
}
