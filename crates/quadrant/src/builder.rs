//! The one builder behind both front ends: where to connect and how.

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use quadrant_transport::{Result, Secret, Transport};

/// Where a client sends its calls.
#[derive(Debug, Clone)]
enum Target {
    /// A Qdrant server at this URL.
    Url(String),
    /// The embedded engine in a private temporary directory.
    Memory,
    /// The embedded engine persisted in this directory.
    Local(PathBuf),
}

/// The wire protocol to a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Rest,
    Grpc,
}

/// Qdrant's default gRPC port: a URL with this port means gRPC unless the builder says otherwise.
const GRPC_PORT: u16 = 6334;

/// Configures and builds a client: [`AsyncQdrantClient`](crate::AsyncQdrantClient) or
/// [`QdrantClient`](crate::QdrantClient), chosen by the type parameter.
///
/// Required values are the constructor's arguments; every setter is optional.
///
/// ```no_run
/// use std::time::Duration;
/// use quadrant::AsyncQdrantClient;
///
/// # fn run() -> quadrant::Result<()> {
/// let client = AsyncQdrantClient::builder("https://qdrant.example.com:6333")
///     .api_key("my-key")
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder<C> {
    target: Target,
    api_key: Option<Secret>,
    timeout: Option<Duration>,
    protocol: Option<Protocol>,
    client: PhantomData<fn() -> C>,
}

/// A client type that a [`ClientBuilder`] can build. Implemented by both front ends only.
pub trait BuildClient: Sized + private::Sealed {
    /// Wraps a ready transport in this front end.
    #[doc(hidden)]
    fn from_transport_arc(transport: Arc<dyn Transport>) -> Result<Self>;
}

mod private {
    pub trait Sealed {}
    impl Sealed for crate::AsyncQdrantClient {}
    impl Sealed for crate::QdrantClient {}
}

impl<C: BuildClient> ClientBuilder<C> {
    /// A client of the server at `url`: `http://localhost:6333` is REST, and a URL with
    /// Qdrant's gRPC port 6334, such as `http://localhost:6334`, is gRPC. [`ClientBuilder::grpc`]
    /// and [`ClientBuilder::rest`] choose explicitly.
    ///
    /// The special value `:memory:` selects the in-memory embedded engine, so that one setting,
    /// such as an environment variable, can choose between a server and no server.
    pub fn new(url: impl Into<String>) -> Self {
        let url = url.into();
        let target = if url == ":memory:" {
            Target::Memory
        } else {
            Target::Url(url)
        };
        Self::with_target(target)
    }

    /// A client of the embedded engine holding everything in memory; nothing outlives the client.
    pub fn memory() -> Self {
        Self::with_target(Target::Memory)
    }

    /// A client of the embedded engine persisted in the directory `path`, which is created if
    /// needed and reopened with everything in it.
    pub fn local(path: impl Into<PathBuf>) -> Self {
        Self::with_target(Target::Local(path.into()))
    }

    fn with_target(target: Target) -> Self {
        Self {
            target,
            api_key: None,
            timeout: None,
            protocol: None,
            client: PhantomData,
        }
    }

    /// The api key sent with every request to a server. It is never printed.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The longest a single request to a server may take before it fails with
    /// [`ErrorKind::Timeout`](quadrant_transport::ErrorKind::Timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Talks gRPC to the server, whatever the URL's port.
    pub fn grpc(mut self) -> Self {
        self.protocol = Some(Protocol::Grpc);
        self
    }

    /// Talks REST to the server, whatever the URL's port.
    pub fn rest(mut self) -> Self {
        self.protocol = Some(Protocol::Rest);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the URL is
    /// malformed, [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) when the transport it
    /// needs was left out by the crate features, and for the embedded engine any error opening its
    /// directory (such as [`ErrorKind::Usage`](crate::ErrorKind::Usage) when another process
    /// holds it).
    pub fn build(self) -> Result<C> {
        C::from_transport_arc(self.transport()?)
    }

    fn transport(self) -> Result<Arc<dyn Transport>> {
        match self.target {
            Target::Url(url) => {
                let protocol = self.protocol.unwrap_or_else(|| protocol_of(&url));
                match protocol {
                    Protocol::Rest => rest(url, self.api_key, self.timeout),
                    Protocol::Grpc => grpc(url, self.api_key, self.timeout),
                }
            }
            Target::Memory => embedded(None),
            Target::Local(path) => embedded(Some(path)),
        }
    }
}

/// The protocol a URL implies: gRPC on port 6334, REST otherwise. A URL that does not parse is
/// left to the transport, which names the problem.
fn protocol_of(url: &str) -> Protocol {
    match url::Url::parse(url).ok().and_then(|parsed| parsed.port()) {
        Some(GRPC_PORT) => Protocol::Grpc,
        _ => Protocol::Rest,
    }
}

#[cfg(feature = "rest")]
fn rest(
    url: String,
    api_key: Option<Secret>,
    timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>> {
    let mut config = quadrant_rest::RestConfig::new(url);
    if let Some(key) = api_key {
        config = config.api_key(key);
    }
    if let Some(timeout) = timeout {
        config = config.timeout(timeout);
    }
    Ok(Arc::new(quadrant_rest::RestTransport::new(config)?))
}

#[cfg(not(feature = "rest"))]
fn rest(url: String, _: Option<Secret>, _: Option<Duration>) -> Result<Arc<dyn Transport>> {
    Err(quadrant_transport::Error::new(
        quadrant_transport::ErrorKind::Unsupported,
        format!("cannot connect to {url}: quadrant was built without the `rest` feature"),
    ))
}

#[cfg(feature = "grpc")]
fn grpc(
    url: String,
    api_key: Option<Secret>,
    timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>> {
    let mut config = quadrant_grpc::GrpcConfig::new(url);
    if let Some(key) = api_key {
        config = config.api_key(key);
    }
    if let Some(timeout) = timeout {
        config = config.timeout(timeout);
    }
    Ok(Arc::new(quadrant_grpc::GrpcTransport::new(config)?))
}

#[cfg(not(feature = "grpc"))]
fn grpc(url: String, _: Option<Secret>, _: Option<Duration>) -> Result<Arc<dyn Transport>> {
    Err(quadrant_transport::Error::new(
        quadrant_transport::ErrorKind::Unsupported,
        format!("cannot connect to {url} over gRPC: quadrant was built without the `grpc` feature"),
    ))
}

#[cfg(feature = "embedded")]
fn embedded(path: Option<PathBuf>) -> Result<Arc<dyn Transport>> {
    let transport = match path {
        Some(path) => quadrant_embedded::EmbeddedTransport::open(path)?,
        None => quadrant_embedded::EmbeddedTransport::memory()?,
    };
    Ok(Arc::new(transport))
}

#[cfg(not(feature = "embedded"))]
fn embedded(_: Option<PathBuf>) -> Result<Arc<dyn Transport>> {
    Err(quadrant_transport::Error::new(
        quadrant_transport::ErrorKind::Unsupported,
        "the embedded engine needs quadrant's `embedded` feature",
    ))
}

#[cfg(test)]
mod tests {
    use super::{Protocol, protocol_of};

    #[test]
    fn the_grpc_port_means_grpc_and_anything_else_rest() {
        assert_eq!(protocol_of("http://localhost:6334"), Protocol::Grpc);
        assert_eq!(
            protocol_of("https://qdrant.example.com:6334/"),
            Protocol::Grpc
        );
        assert_eq!(protocol_of("http://localhost:6333"), Protocol::Rest);
        assert_eq!(protocol_of("https://qdrant.example.com"), Protocol::Rest);
        assert_eq!(protocol_of("not a url"), Protocol::Rest);
    }
}
