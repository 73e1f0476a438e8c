//! The connections: a small pool of HTTP/2 channels used in turn, TLS for `https` addresses, and
//! the interceptor that puts the api key and the deadline on every call.
//!
//! Each channel is opened with [`Endpoint::connect_lazy`], so nothing is dialled until the first
//! call. tonic starts a channel's background task with `tokio::spawn` when the channel is made,
//! which needs a runtime; so the endpoints are checked when the transport is built (which works
//! outside a runtime), and each channel is made by the first call that uses it. Its task then
//! lives on that call's runtime: a transport should be used from one runtime.

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use quadrant_transport::{Error, ErrorKind, Result};
use tonic::codec::CompressionEncoding;
use tonic::codegen::http::Uri;
use tonic::metadata::{AsciiMetadataValue, MetadataValue};
use tonic::service::interceptor::{InterceptedService, Interceptor};
use tonic::transport::{Channel, ClientTlsConfig, Endpoint};

use crate::config::GrpcConfig;
use crate::proto::collections_client::CollectionsClient;
use crate::proto::points_client::PointsClient;
use crate::proto::qdrant_client::QdrantClient;
use crate::proto::snapshots_client::SnapshotsClient;

/// How long a keep-alive ping may go unanswered before the connection is closed.
const KEEP_ALIVE_TIMEOUT: Duration = Duration::from_secs(20);

/// The channel stack every stub runs on.
pub(crate) type Intercepted = InterceptedService<Channel, CallMetadata>;

/// The connections of one transport.
pub(crate) struct Pool {
    endpoint: Endpoint,
    channels: Vec<OnceLock<Channel>>,
    next: AtomicUsize,
    metadata: CallMetadata,
    compression: bool,
    /// The address as it may be shown in `Debug` and messages.
    shown: String,
}

impl Pool {
    /// Checks the settings and prepares the endpoint; no connection is opened.
    pub(crate) fn new(config: &GrpcConfig) -> Result<Self> {
        let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
        if config.pool_size == 0 {
            return Err(invalid("the gRPC pool size must be at least 1".to_owned()));
        }
        let uri = parse_url(&config.url)?;
        let shown = display_uri(&uri);
        let mut endpoint = Endpoint::from(uri.clone())
            .user_agent(concat!("quadrant-grpc/", env!("CARGO_PKG_VERSION")))
            .map_err(|error| invalid(format!("cannot set the gRPC user agent: {error}")))?
            .tcp_nodelay(true);
        if uri.scheme_str() == Some("https") {
            endpoint = endpoint
                .tls_config(ClientTlsConfig::new().with_native_roots())
                .map_err(|error| {
                    Error::new(
                        ErrorKind::Usage,
                        format!("cannot set up TLS for the gRPC url `{shown}`: {error}"),
                    )
                })?;
        }
        if let Some(timeout) = config.connect_timeout {
            endpoint = endpoint.connect_timeout(timeout);
        }
        if let Some(interval) = config.keep_alive {
            endpoint = endpoint
                .http2_keep_alive_interval(interval)
                .keep_alive_timeout(KEEP_ALIVE_TIMEOUT)
                .keep_alive_while_idle(true);
        }
        let api_key = config
            .api_key
            .as_ref()
            .map(|key| {
                // The key is never echoed: it is the secret.
                let mut value: AsciiMetadataValue =
                    MetadataValue::try_from(key.expose()).map_err(|_| {
                        invalid(
                            "the api key contains characters that cannot be sent in gRPC metadata"
                                .to_owned(),
                        )
                    })?;
                value.set_sensitive(true);
                Ok(value)
            })
            .transpose()?;
        Ok(Self {
            endpoint,
            channels: (0..config.pool_size).map(|_| OnceLock::new()).collect(),
            next: AtomicUsize::new(0),
            metadata: CallMetadata {
                api_key,
                timeout: config.timeout,
            },
            compression: config.compression,
            shown,
        })
    }

    /// The next channel in turn, made on first use.
    fn channel(&self) -> Result<Channel> {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.channels.len();
        let slot = &self.channels[index];
        if let Some(channel) = slot.get() {
            return Ok(channel.clone());
        }
        // Making a channel spawns its task with `tokio::spawn`, which panics outside a runtime.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::new(
                ErrorKind::Usage,
                "the gRPC transport runs on Tokio: call it from inside a Tokio runtime",
            ));
        }
        Ok(slot.get_or_init(|| self.endpoint.connect_lazy()).clone())
    }

    /// The stubs for one call: the next channel, with the call metadata and compression.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Usage`] when the channel must be made and no Tokio runtime is running.
    pub(crate) fn stubs(&self) -> Result<Stubs> {
        Ok(Stubs {
            channel: InterceptedService::new(self.channel()?, self.metadata.clone()),
            compression: self.compression,
        })
    }

    /// The address, for `Debug` and messages.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("connections", &self.channels.len())
            .field(
                "api_key",
                &self.metadata.api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.metadata.timeout)
            .field("compression", &self.compression)
            .finish_non_exhaustive()
    }
}

/// The generated clients of Qdrant's services over one channel.
pub(crate) struct Stubs {
    channel: Intercepted,
    compression: bool,
}

impl Stubs {
    /// The `qdrant.Collections` service.
    pub(crate) fn collections(self) -> CollectionsClient<Intercepted> {
        let mut client = CollectionsClient::new(self.channel)
            .max_decoding_message_size(usize::MAX)
            .max_encoding_message_size(usize::MAX);
        if self.compression {
            client = client
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        client
    }

    /// The `qdrant.Points` service.
    pub(crate) fn points(self) -> PointsClient<Intercepted> {
        // Answers of any size are accepted, as over REST: a scroll page with vectors easily
        // passes tonic's default 4 MiB limit.
        let mut client = PointsClient::new(self.channel)
            .max_decoding_message_size(usize::MAX)
            .max_encoding_message_size(usize::MAX);
        if self.compression {
            client = client
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        client
    }
}

impl Stubs {
    /// The `qdrant.Snapshots` service.
    pub(crate) fn snapshots(self) -> SnapshotsClient<Intercepted> {
        let mut client = SnapshotsClient::new(self.channel);
        if self.compression {
            client = client
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        client
    }

    /// The `qdrant.Qdrant` service: the health check, which reports the server's version.
    pub(crate) fn qdrant(self) -> QdrantClient<Intercepted> {
        let mut client = QdrantClient::new(self.channel);
        if self.compression {
            client = client
                .send_compressed(CompressionEncoding::Gzip)
                .accept_compressed(CompressionEncoding::Gzip);
        }
        client
    }
}

/// Puts the api key (as `api-key`) and the deadline (as `grpc-timeout`) on every call.
#[derive(Clone)]
pub(crate) struct CallMetadata {
    api_key: Option<AsciiMetadataValue>,
    timeout: Option<Duration>,
}

impl Interceptor for CallMetadata {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(api_key) = &self.api_key {
            request.metadata_mut().insert("api-key", api_key.clone());
        }
        if let Some(timeout) = self.timeout {
            request.set_timeout(timeout);
        }
        Ok(request)
    }
}

/// Parses and checks the address: http or https, with a host, and no path, query or fragment.
fn parse_url(text: &str) -> Result<Uri> {
    let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
    let text = text.trim();
    if !text.contains("://") {
        return Err(invalid(format!(
            "the gRPC url `{text}` has no scheme; start it with http:// or https://"
        )));
    }
    let uri: Uri = text
        .parse()
        .map_err(|error| invalid(format!("the gRPC url `{text}` is not a valid url: {error}")))?;
    let shown = display_uri(&uri);
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(invalid(format!(
            "the gRPC url `{shown}` has the scheme `{}`; use http or https",
            uri.scheme_str().unwrap_or_default()
        )));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid(format!("the gRPC url `{shown}` has no host")));
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(invalid(format!(
            "the gRPC url `{shown}` has a path or query; give only scheme, host and port"
        )));
    }
    Ok(uri)
}

/// The address as it may be shown: scheme, host and port, without any user information.
fn display_uri(uri: &Uri) -> String {
    let host = uri.host().unwrap_or_default();
    match (uri.scheme_str(), uri.port_u16()) {
        (Some(scheme), Some(port)) => format!("{scheme}://{host}:{port}"),
        (Some(scheme), None) => format!("{scheme}://{host}"),
        (None, _) => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        for good in [
            "http://localhost:6334",
            "https://example.com",
            " http://127.0.0.1:6334/ ",
        ] {
            parse_url(good).unwrap();
        }
        for (bad, problem) in [
            ("localhost:6334", "no scheme"),
            ("ftp://localhost:6334", "scheme `ftp`"),
            ("http://localhost:6334/qdrant", "path or query"),
            ("http://localhost:6334/?x=1", "path or query"),
            ("http://exa mple.com", "not a valid url"),
        ] {
            let error = parse_url(bad).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
            assert!(error.message().contains(problem), "{bad}: {error}");
        }
    }

    #[test]
    fn user_information_is_never_shown() {
        let uri: Uri = "https://user:hunter2@example.com:6334".parse().unwrap();
        assert_eq!(display_uri(&uri), "https://example.com:6334");
    }

    #[test]
    fn the_pool_is_built_outside_a_runtime_and_checks_its_size() {
        let pool = Pool::new(&GrpcConfig::new("http://localhost:6334")).unwrap();
        assert_eq!(pool.channels.len(), 2);
        assert!(pool.channels.iter().all(|channel| channel.get().is_none()));
        let error = Pool::new(&GrpcConfig::new("http://localhost:6334").pool_size(0)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        // TLS reads the OS trust store when the transport is built; a system without one gets a
        // Usage error, not a panic.
        if let Err(error) = Pool::new(&GrpcConfig::new("https://example.com")) {
            assert_eq!(error.kind(), ErrorKind::Usage, "{error}");
        }
    }
}
