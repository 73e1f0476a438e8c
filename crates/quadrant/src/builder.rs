//! The one builder behind both front ends: where to connect and how.

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use quadrant_transport::config::{ConnectionConfig, TokenProvider};
use quadrant_transport::{Result, Secret, Transport};

mod layers;

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
    /// Every remote option; its url is replaced by the target's when a transport is built.
    connection: ConnectionConfig,
    grpc: GrpcOptions,
    protocol: Option<Protocol>,
    check_compatibility: bool,
    layers: layers::LayerOptions,
    client: PhantomData<fn() -> C>,
}

/// The options only gRPC has.
#[derive(Debug, Clone, Default)]
struct GrpcOptions {
    keep_alive: Option<Option<Duration>>,
    rest_url: Option<String>,
    rest_port: Option<u16>,
}

/// A client type that a [`ClientBuilder`] can build. Implemented by both front ends only.
pub trait BuildClient: Sized + private::Sealed {
    /// Wraps a ready transport in this front end.
    #[doc(hidden)]
    fn from_transport_arc(transport: Arc<dyn Transport>) -> Result<Self>;

    /// The runtime that background work of this client (the version check) runs on, if any.
    #[doc(hidden)]
    fn background(&self) -> Option<tokio::runtime::Handle> {
        tokio::runtime::Handle::try_current().ok()
    }
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
            connection: ConnectionConfig::new(""),
            grpc: GrpcOptions::default(),
            protocol: None,
            check_compatibility: true,
            layers: layers::LayerOptions::default(),
            client: PhantomData,
        }
    }

    /// The api key sent with every request to a server, in the `api-key` header. It is never
    /// printed. Over plain http to a host that is not loopback, building the client logs a
    /// warning, since anyone on the network could read it.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.connection = self.connection.api_key(api_key);
        self
    }

    /// Sends a bearer token from `provider` with every request (`authorization: Bearer ...`).
    /// The token is reused until it expires (see
    /// [`Token::valid_for`](quadrant_transport::config::Token::valid_for)) or the server
    /// refuses it, then the provider is asked again. It is never printed.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.connection = self.connection.token_provider(provider);
        self
    }

    /// Sends the header (gRPC metadata) `name: value` with every request. Values are never
    /// printed, since they may be credentials.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.connection = self.connection.header(name, value);
        self
    }

    /// The `user-agent` sent to the server; `quadrant/<version>` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.connection = self.connection.user_agent(user_agent);
        self
    }

    /// The longest a single request to a server may take before it fails with
    /// [`ErrorKind::Timeout`](quadrant_transport::ErrorKind::Timeout). Not to be confused with
    /// the server-side `timeout` of some requests, which tells Qdrant how long to work.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.connection = self.connection.timeout(timeout);
        self
    }

    /// The longest opening a connection may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connection = self.connection.connect_timeout(timeout);
        self
    }

    /// Lets the server gzip its answers (`true`) or not (`false`, the default).
    ///
    /// Off by default because gzipping costs the server CPU on every answer: measured against a
    /// real Qdrant sharing two cores with its client, asking for gzipped answers cut query
    /// throughput by about a third. Turn it on when answers are large (vectors, many hits or
    /// big payloads) and the link is slow or metered, where bytes cost more than the server's
    /// CPU. Requests are sent uncompressed either way: their bulk is float vectors, which gzip
    /// barely shrinks at a high CPU cost.
    pub fn compression(mut self, compression: bool) -> Self {
        self.connection = self.connection.compression(compression);
        self
    }

    /// Trusts the certificate authorities in the PEM bundle `pem`, besides the system's roots,
    /// for an `https` server with a private CA.
    pub fn ca_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.connection = self.connection.ca_pem(pem);
        self
    }

    /// Trusts the operating system's roots (`true`, the default) or only the certificates given
    /// to [`ca_certificate`](Self::ca_certificate).
    pub fn system_roots(mut self, trust: bool) -> Self {
        self.connection = self.connection.system_roots(trust);
        self
    }

    /// Presents a client certificate (mutual TLS): the certificate chain and its private key,
    /// both PEM. The key is never printed.
    pub fn client_certificate(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Secret>,
    ) -> Self {
        self.connection = self.connection.client_identity(cert_pem, key_pem);
        self
    }

    /// Accepts any server certificate. Anyone on the path can then read and change the traffic,
    /// the api key included: for tests against self-signed servers only. REST only; the gRPC
    /// transport refuses it with [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported).
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.connection = self.connection.danger_accept_invalid_certs(accept);
        self
    }

    /// How many connections are kept to the server: idle connections kept over REST, HTTP/2
    /// connections calls are spread over with gRPC (2 by default).
    pub fn pool_size(mut self, pool_size: usize) -> Self {
        self.connection = self.connection.pool_size(pool_size);
        self
    }

    /// gRPC only: how often an idle connection is pinged (`None`: never; 30 seconds by default).
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.grpc.keep_alive = Some(interval);
        self
    }

    /// gRPC only: where the operations that Qdrant serves only over REST (and the few requests
    /// gRPC cannot carry) are sent, instead of the gRPC host's port 6333. Needs the `rest`
    /// feature; without it, those operations answer `Unsupported`.
    pub fn rest_url(mut self, url: impl Into<String>) -> Self {
        self.grpc.rest_url = Some(url.into());
        self
    }

    /// gRPC only: the port of the gRPC host that the REST-only operations are sent to, instead
    /// of 6333. [`rest_url`](Self::rest_url), when set, wins.
    pub fn rest_port(mut self, port: u16) -> Self {
        self.grpc.rest_port = Some(port);
        self
    }

    /// Whether to check, once, in the background after [`build`](Self::build), that the server's
    /// version is one this client supports (Qdrant 1.18 through 1.20), and log a `tracing`
    /// warning if not, which also says which features need which server version. On by default;
    /// `build` never waits for it.
    pub fn check_compatibility(mut self, check: bool) -> Self {
        self.check_compatibility = check;
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
        let check = self.check_compatibility && matches!(self.target, Target::Url(_));
        let transport = self.transport()?;
        let client = C::from_transport_arc(Arc::clone(&transport))?;
        if check && let Some(runtime) = client.background() {
            // Off the caller's path: build() has returned long before the server answers.
            runtime.spawn(check_version(transport));
        }
        Ok(client)
    }

    fn transport(self) -> Result<Arc<dyn Transport>> {
        match self.target {
            Target::Url(url) => {
                let protocol = self.protocol.unwrap_or_else(|| protocol_of(&url));
                let mut nodes = Vec::new();
                for url in std::iter::once(url).chain(self.layers.failover_urls().iter().cloned()) {
                    let mut connection = self.connection.clone();
                    connection.url = url;
                    nodes.push(match protocol {
                        Protocol::Rest => rest(connection)?,
                        Protocol::Grpc => grpc(connection, self.grpc.clone())?,
                    });
                }
                self.layers.remote(nodes)
            }
            Target::Memory => embedded(None).map(layers::LayerOptions::embedded),
            Target::Local(path) => embedded(Some(path)).map(layers::LayerOptions::embedded),
        }
    }
}

/// The Qdrant versions this client supports: one major, and its minors from the first to the
/// second.
const SUPPORTED_VERSIONS: (u64, u64, u64) = (1, 18, 20);

/// What a server older than the newest supported version lacks, by the minor version that
/// brought it.
const FEATURES_BY_VERSION: &[(u64, &str)] = &[
    (
        19,
        "memory placement (`memory`), payload storage params (`payload`), keyword prefix \
         indexes and prefix/substring matches, the disabled stemmer, IDF over a corpus, slice \
         conditions, quotas",
    ),
    (
        20,
        "the turbo8/turbo16 datatypes (and turbo4 over gRPC), turbo quantization `bits8`, id \
         tracker params (`id_tracker`), BM25 text queries and text index `scoring`, the `code` \
         tokenizer, `nested` payload indexes, min/max/acosh expressions, a collection's \
         `created_at`",
    ),
];

/// Asks the server its version and warns when it is not compatible. A failure to ask is only a
/// debug message: the first real call will report it.
async fn check_version(transport: Arc<dyn Transport>) {
    match transport.root(()).await {
        Ok(info) => {
            if let Some(problem) = incompatibility(&info.version) {
                tracing::warn!(server_version = %info.version, "{problem}");
            }
        }
        Err(error) => {
            tracing::debug!(%error, "could not ask the server its version");
        }
    }
}

/// Why a server of `version` is not compatible with this client, or `None` when it is, or when
/// the version cannot be read (a development build, say).
fn incompatibility(version: &str) -> Option<String> {
    let version = version.trim().trim_start_matches('v');
    let mut parts = version.split(['.', '-', '+']);
    let major: u64 = parts.next()?.parse().ok()?;
    let minor: u64 = parts.next()?.parse().ok()?;
    let (supported_major, oldest, newest) = SUPPORTED_VERSIONS;
    if major == supported_major && (oldest..=newest).contains(&minor) {
        return None;
    }
    let features: Vec<String> = FEATURES_BY_VERSION
        .iter()
        .map(|(minor, features)| format!("{supported_major}.{minor}: {features}"))
        .collect();
    Some(format!(
        "the Qdrant server's version {version} may not be compatible with this client, which \
         supports Qdrant {supported_major}.{oldest} through {supported_major}.{newest}; \
         features that need a newer server than {supported_major}.{oldest}, by version: {}; \
         disable this check with check_compatibility(false)",
        features.join("; ")
    ))
}

/// The protocol a URL implies: gRPC on port 6334, REST otherwise. A URL that does not parse is
/// left to the transport, which names the problem.
/// gRPC for Qdrant's gRPC port, else REST. The URL is read as the transports read it (so a bare
/// `localhost:6334` is gRPC); one it cannot read goes to REST, whose `build` names the problem.
fn protocol_of(url: &str) -> Protocol {
    match quadrant_transport::config::Endpoint::parse(url).map(|endpoint| endpoint.port()) {
        Ok(Some(GRPC_PORT)) => Protocol::Grpc,
        _ => Protocol::Rest,
    }
}

#[cfg(feature = "rest")]
fn rest(connection: ConnectionConfig) -> Result<Arc<dyn Transport>> {
    Ok(Arc::new(quadrant_rest::RestTransport::new(connection)?))
}

#[cfg(not(feature = "rest"))]
fn rest(connection: ConnectionConfig) -> Result<Arc<dyn Transport>> {
    Err(quadrant_transport::Error::new(
        quadrant_transport::ErrorKind::Unsupported,
        format!(
            "cannot connect to {}: quadrant was built without the `rest` feature",
            connection.endpoint()?
        ),
    ))
}

/// The port of Qdrant's REST API, where a gRPC client sends what gRPC does not carry.
#[cfg(all(feature = "grpc", feature = "rest"))]
const REST_PORT: u16 = 6333;

/// The gRPC transport, with a REST transport of the same server behind it (in a
/// [`Fallback`](quadrant_transport::layers::Fallback)) for the operations that Qdrant serves
/// over REST only and the requests gRPC cannot carry, when the `rest` feature is on.
#[cfg(feature = "grpc")]
fn grpc(connection: ConnectionConfig, options: GrpcOptions) -> Result<Arc<dyn Transport>> {
    let mut config = quadrant_grpc::GrpcConfig::from(connection);
    if let Some(interval) = options.keep_alive {
        config = config.keep_alive(interval);
    }
    let grpc = quadrant_grpc::GrpcTransport::new(config.clone())?;
    #[cfg(feature = "rest")]
    {
        let rest = fallback_connection(config.connection, options)?;
        // One client with the gRPC transport, which has warned about plain http already.
        let rest = quadrant_rest::RestTransport::new_inner(rest)?;
        Ok(Arc::new(quadrant_transport::layers::Fallback::new(
            Arc::new(grpc),
            Arc::new(rest),
        )))
    }
    #[cfg(not(feature = "rest"))]
    {
        // Without REST there is nowhere to send what gRPC does not carry.
        let _ = (options.rest_url, options.rest_port);
        Ok(Arc::new(grpc))
    }
}

/// The settings of a gRPC client's REST fallback: the same settings, with the REST address:
/// `rest_url`, or the gRPC address's scheme and host with `rest_port` (6333 by default).
///
/// # Errors
///
/// [`ErrorKind::InvalidArgument`](quadrant_transport::ErrorKind::InvalidArgument) when the REST
/// address must be derived and the gRPC url is malformed.
#[cfg(all(feature = "grpc", feature = "rest"))]
fn fallback_connection(
    connection: ConnectionConfig,
    options: GrpcOptions,
) -> Result<ConnectionConfig> {
    let url = match options.rest_url {
        Some(url) => url,
        None => connection
            .endpoint()?
            .with_port(options.rest_port.unwrap_or(REST_PORT))
            .to_string(),
    };
    let mut rest = connection;
    rest.url = url;
    Ok(rest)
}

#[cfg(not(feature = "grpc"))]
fn grpc(connection: ConnectionConfig, _: GrpcOptions) -> Result<Arc<dyn Transport>> {
    Err(quadrant_transport::Error::new(
        quadrant_transport::ErrorKind::Unsupported,
        format!(
            "cannot connect to {} over gRPC: quadrant was built without the `grpc` feature",
            connection.endpoint()?
        ),
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
    use super::{Protocol, incompatibility, protocol_of};

    #[cfg(all(feature = "grpc", feature = "rest"))]
    mod fallback {
        use std::time::Duration;

        use quadrant_transport::ErrorKind;
        use quadrant_transport::config::ConnectionConfig;

        use super::super::{GrpcOptions, fallback_connection};

        fn derived(url: &str, rest_url: Option<&str>, rest_port: Option<u16>) -> String {
            let options = GrpcOptions {
                keep_alive: None,
                rest_url: rest_url.map(str::to_owned),
                rest_port,
            };
            fallback_connection(ConnectionConfig::new(url), options)
                .unwrap()
                .url
        }

        #[test]
        fn the_rest_address_follows_the_grpc_host() {
            assert_eq!(
                derived("http://localhost:6334", None, None),
                "http://localhost:6333"
            );
            assert_eq!(
                derived("localhost:6334", None, None),
                "http://localhost:6333"
            );
            assert_eq!(
                derived("https://db.example.com:6334", None, Some(443)),
                "https://db.example.com:443"
            );
            assert_eq!(
                derived("http://[::1]:6334", None, None),
                "http://[::1]:6333"
            );
            assert_eq!(
                derived(
                    "http://localhost:6334",
                    Some("https://rest.example.com/q"),
                    Some(2)
                ),
                "https://rest.example.com/q"
            );
            let error = fallback_connection(
                ConnectionConfig::new("ftp://localhost"),
                GrpcOptions::default(),
            )
            .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        }

        #[test]
        fn the_rest_fallback_gets_the_same_settings() {
            let config = ConnectionConfig::new("https://db.example.com:6334")
                .api_key("k")
                .header("x-tenant", "acme")
                .user_agent("app/1")
                .timeout(Duration::from_secs(3))
                .ca_pem("pem");
            let rest = fallback_connection(config, GrpcOptions::default()).unwrap();
            assert_eq!(rest.url, "https://db.example.com:6333");
            assert_eq!(rest.api_key.unwrap().expose(), "k");
            assert_eq!(rest.headers.len(), 1);
            assert_eq!(rest.user_agent, "app/1");
            assert_eq!(rest.timeout, Some(Duration::from_secs(3)));
            assert_eq!(rest.tls.ca_pems.len(), 1);
        }
    }

    #[test]
    fn the_supported_window_is_1_18_through_1_20() {
        for compatible in [
            "1.18.3",
            "1.19.0",
            "1.20.0",
            "1.20.1",
            "v1.18.0",
            "1.20.0-dev",
            "nightly",
        ] {
            assert_eq!(incompatibility(compatible), None, "{compatible}");
        }
        for incompatible in ["1.17.9", "1.16.0", "1.21.0", "2.19.0", "0.19.0"] {
            let problem = incompatibility(incompatible).unwrap();
            assert!(problem.contains(incompatible), "{problem}");
            assert!(problem.contains("1.18 through 1.20"), "{problem}");
            // Which features need which server version.
            assert!(problem.contains("1.19: memory placement"), "{problem}");
            assert!(
                problem.contains("1.20: the turbo8/turbo16 datatypes"),
                "{problem}"
            );
            assert!(problem.contains("BM25 text queries"), "{problem}");
        }
    }

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
