//! The blocking front end: [`QdrantClient`] is [`AsyncQdrantClient`] driven by a runtime it owns.
//!
//! Its methods are generated in `front_ends.rs` together with the async client's, from the same
//! operation table and the same list of helpers, so the two have the same methods by
//! construction. Here are construction, the runtime, the typed collection handle
//! ([`Collection`]), and the iterators that stand for the async client's streams
//! ([`SnapshotDownload`], [`ScrollIter`], [`TypedScrollIter`]).

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use quadrant_transport::{Capabilities, Error, ErrorKind, Result, Transport};
use tokio::runtime::{Handle, Runtime};

use crate::AsyncQdrantClient;
use crate::builder::{BuildClient, ClientBuilder};

mod collection;
mod download;
mod scroll;

pub use collection::{Collection, TypedScrollIter};
pub use download::SnapshotDownload;
pub use scroll::ScrollIter;

/// The blocking Qdrant client, for scripts, batch jobs and other code without an async runtime.
///
/// It has the same methods as [`AsyncQdrantClient`], with the same arguments and results, and
/// returns when the call is done. It is the async client driven by a Tokio runtime that it owns,
/// so the two behave the same by construction. It is cheap to clone, and clones share the
/// transport and the runtime.
///
/// # Errors
///
/// Besides each operation's own errors, every call fails with [`ErrorKind::Usage`] when it is made
/// from inside a Tokio runtime, where blocking would stall the runtime's thread. Use
/// [`AsyncQdrantClient`] there: it has the same methods.
#[derive(Clone)]
pub struct QdrantClient {
    inner: AsyncQdrantClient,
    runtime: Arc<OwnedRuntime>,
}

impl QdrantClient {
    /// A client of the server at `url`: `http://localhost:6333` is REST, a URL with port 6334
    /// is gRPC.
    ///
    /// `:memory:` selects the in-memory embedded engine. Use [`QdrantClient::builder`] to set an
    /// api key or a timeout.
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
    /// As [`ClientBuilder::build`]; [`ErrorKind::Usage`] without the
    /// `embedded` feature.
    pub fn memory() -> Result<Self> {
        ClientBuilder::memory().build()
    }

    /// A client of the embedded engine, persisted in the directory `path` (crate feature
    /// `embedded`).
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`]; notably [`ErrorKind::Usage`] when another process has the
    /// directory open.
    pub fn local(path: impl Into<PathBuf>) -> Result<Self> {
        ClientBuilder::local(path).build()
    }

    /// A builder for a client of the server at `url`, with options such as an api key.
    pub fn builder(url: impl Into<String>) -> ClientBuilder<Self> {
        ClientBuilder::new(url)
    }

    /// A client over a transport built by hand.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Usage`] when the runtime cannot be started.
    pub fn from_transport(transport: impl Transport) -> Result<Self> {
        Self::from_transport_arc(Arc::new(transport))
    }

    /// The async client this one drives, sharing its transport.
    pub fn as_async(&self) -> &AsyncQdrantClient {
        &self.inner
    }

    /// A client that shares this one's transport and runtime but gives each call at most
    /// `timeout`, retries included, then fails it with [`ErrorKind::Timeout`]; see
    /// [`AsyncQdrantClient::with_timeout`].
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        Self {
            inner: self.inner.with_timeout(timeout),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// The operations this client's transport performs; the others answer
    /// [`ErrorKind::Unsupported`].
    pub fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    /// Runs one call of the async client to completion on the owned runtime.
    pub(crate) fn block_on<T>(&self, call: impl Future<Output = Result<T>>) -> Result<T> {
        runtime_for_blocking(&self.runtime)?.block_on(call)
    }

    /// Hands a stream of the async client (a download, a scroll) to the caller as its blocking
    /// form, with the runtime that drives it.
    pub(crate) fn blocking<T: IntoBlocking>(&self, answer: T) -> T::Blocking {
        answer.into_blocking(Arc::clone(&self.runtime))
    }
}

/// What an answer of the async client that is a stream becomes on the blocking client: an
/// iterator, pulled on the client's runtime.
pub(crate) trait IntoBlocking {
    /// The blocking form.
    type Blocking;

    /// The blocking form, driven by `runtime`.
    fn into_blocking(self, runtime: Arc<OwnedRuntime>) -> Self::Blocking;
}

/// The owned runtime, unless the caller is inside a Tokio runtime, where blocking would stall
/// that runtime's thread.
fn runtime_for_blocking(runtime: &OwnedRuntime) -> Result<&Runtime> {
    if Handle::try_current().is_ok() {
        return Err(Error::new(
            ErrorKind::Usage,
            "QdrantClient is the blocking client and was called from inside a Tokio runtime, \
             where blocking would stall the runtime's thread; use AsyncQdrantClient there, \
             it has the same methods",
        ));
    }
    runtime.get()
}

impl BuildClient for QdrantClient {
    fn from_transport_arc(transport: Arc<dyn Transport>) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("quadrant-blocking")
            .enable_all()
            .build()
            .map_err(|error| {
                Error::new(
                    ErrorKind::Usage,
                    "could not start the blocking client's runtime",
                )
                .with_source(error)
            })?;
        Ok(Self {
            inner: AsyncQdrantClient::from_transport_arc(transport)?,
            runtime: Arc::new(OwnedRuntime(Some(runtime))),
        })
    }

    fn background(&self) -> Option<Handle> {
        self.runtime
            .get()
            .ok()
            .map(|runtime| runtime.handle().clone())
    }
}

impl fmt::Debug for QdrantClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QdrantClient")
            .field("transport", self.inner.transport())
            .finish()
    }
}

/// The runtime of a [`QdrantClient`] and its clones.
///
/// Dropping a Tokio runtime inside another runtime panics, and a blocking client may well be
/// dropped there (for example when an async task owns one by mistake), so it is shut down in the
/// background instead.
pub(crate) struct OwnedRuntime(Option<Runtime>);

impl OwnedRuntime {
    fn get(&self) -> Result<&Runtime> {
        self.0.as_ref().ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                "the blocking client's runtime has shut down",
            )
        })
    }
}

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}
