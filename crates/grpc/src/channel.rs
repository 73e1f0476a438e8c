//! The connections: a small pool of HTTP/2 channels used in turn, TLS for `https` addresses, and
//! the interceptor that puts the api key and the deadline on every call.
//!
//! Each channel is opened with [`Endpoint::connect_lazy`], so nothing is dialled until the first
//! call. tonic starts a channel's background task with `tokio::spawn` when the channel is made,
//! which needs a runtime; so the endpoints are checked when the transport is built (which works
//! outside a runtime), and each channel is made by the first call that uses it. Its task then
//! lives on that call's runtime: a transport should be used from one runtime.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use quadrant_transport::config::{BearerAuth, Scheme, TlsConfig};
use quadrant_transport::{Error, ErrorKind, Result};
use tonic::codec::CompressionEncoding;
use tonic::codegen::http::Uri;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue, MetadataValue};
use tonic::service::interceptor::{InterceptedService, Interceptor};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Identity};

use crate::codec::SliceCodec;
use crate::config::{DEFAULT_POOL_SIZE, GrpcConfig, grpc_endpoint};

/// How long a keep-alive ping may go unanswered before the connection is closed.
const KEEP_ALIVE_TIMEOUT: Duration = Duration::from_secs(20);

/// The channel stack every call runs on.
pub(crate) type Intercepted = InterceptedService<Channel, CallMetadata>;

/// The connections of one transport.
pub(crate) struct Pool {
    endpoint: Endpoint,
    channels: Vec<OnceLock<Channel>>,
    next: AtomicUsize,
    metadata: CallMetadata,
    /// The bearer tokens put on each call, when a token provider is set.
    auth: Option<BearerAuth>,
    compression: bool,
    /// The address as it may be shown in `Debug` and messages.
    shown: String,
}

impl Pool {
    /// Checks the settings and prepares the endpoint; no connection is opened.
    pub(crate) fn new(config: &GrpcConfig) -> Result<Self> {
        let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
        let connection = &config.connection;
        let address = grpc_endpoint(connection)?;
        let shown = address.to_string();
        let uri: Uri = address.origin().parse().map_err(|error| {
            invalid(format!(
                "the gRPC url `{shown}` is not a valid url: {error}"
            ))
        })?;
        let mut endpoint = Endpoint::from(uri)
            .user_agent(connection.user_agent.as_str())
            .map_err(|_| {
                invalid(format!(
                    "the user agent `{}` cannot be sent in gRPC metadata",
                    connection.user_agent.escape_debug()
                ))
            })?
            .tcp_nodelay(true);
        if address.scheme() == Scheme::Https {
            endpoint = endpoint
                .tls_config(tls(&connection.tls, &shown)?)
                .map_err(|error| {
                    Error::new(
                        ErrorKind::Usage,
                        format!("cannot set up TLS for the gRPC url `{shown}`: {error}"),
                    )
                })?;
        }
        if let Some(timeout) = connection.connect_timeout {
            endpoint = endpoint.connect_timeout(timeout);
        }
        if let Some(interval) = config.keep_alive {
            endpoint = endpoint
                .http2_keep_alive_interval(interval)
                .keep_alive_timeout(KEEP_ALIVE_TIMEOUT)
                .keep_alive_while_idle(true);
        }
        let mut headers = Vec::new();
        for (name, value) in &connection.headers {
            let key = AsciiMetadataKey::from_bytes(name.trim().to_ascii_lowercase().as_bytes())
                .map_err(|_| invalid(format!("`{name}` is not a valid gRPC metadata name")))?;
            // The value is never echoed: it may be a credential.
            headers.push((
                key,
                sensitive(value.expose(), || {
                    format!(
                        "the value of the header `{name}` contains characters that cannot be sent \
                     in gRPC metadata"
                    )
                })?,
            ));
        }
        let api_key = connection
            .api_key
            .as_ref()
            .map(|key| {
                sensitive(key.expose(), || {
                    "the api key contains characters that cannot be sent in gRPC metadata"
                        .to_owned()
                })
            })
            .transpose()?;
        Ok(Self {
            endpoint,
            channels: (0..connection.pool_size.unwrap_or(DEFAULT_POOL_SIZE))
                .map(|_| OnceLock::new())
                .collect(),
            next: AtomicUsize::new(0),
            metadata: CallMetadata {
                api_key,
                bearer: None,
                headers: headers.into(),
                timeout: connection.timeout,
            },
            auth: connection.bearer_auth(),
            compression: connection.compression,
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
    /// Any error of the token provider, too.
    pub(crate) async fn stubs(&self) -> Result<Stubs> {
        let mut metadata = self.metadata.clone();
        if let Some(auth) = &self.auth {
            let token = auth.token().await?;
            metadata.bearer = Some(sensitive(&format!("Bearer {}", token.expose()), || {
                "the bearer token contains characters that cannot be sent in gRPC metadata"
                    .to_owned()
            })?);
        }
        Ok(Stubs {
            channel: InterceptedService::new(self.channel()?, metadata),
            compression: self.compression,
        })
    }

    /// Forgets the cached bearer token after the server refused a call, so that the next call
    /// asks the provider again.
    pub(crate) fn refused(&self) {
        if let Some(auth) = &self.auth {
            auth.invalidate();
        }
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
            .field(
                "headers",
                &self
                    .metadata
                    .headers
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("bearer", &self.auth)
            .field("timeout", &self.metadata.timeout)
            .field("compression", &self.compression)
            .finish_non_exhaustive()
    }
}

/// One call's channel, with its metadata and the compression choice.
pub(crate) struct Stubs {
    channel: Intercepted,
    compression: bool,
}

/// The largest message sent or accepted: 1 GiB, the bound REST answers have too. A scroll page
/// with vectors easily passes tonic's default of 4 MiB; without any bound, a hostile server's
/// 5-byte frame header could make tonic reserve 4 GiB up front. Going over is a `Decode` error.
const MAX_MESSAGE_SIZE: usize = 1 << 30;

impl Stubs {
    /// Calls the unary RPC at `rpc` (such as `/qdrant.Points/Query`) with `message`, as a
    /// generated client's method does: the message size bounds, gzip answers accepted when
    /// compression is on, the `SliceCodec`, and the method named in the request's extensions.
    pub(crate) async fn unary<P, Q>(
        self,
        rpc: &'static str,
        message: P,
    ) -> std::result::Result<tonic::Response<Q>, tonic::Status>
    where
        P: prost::Message + Send + 'static,
        Q: prost::Message + Default + Send + 'static,
    {
        let mut grpc = tonic::client::Grpc::new(self.channel)
            .max_decoding_message_size(MAX_MESSAGE_SIZE)
            .max_encoding_message_size(MAX_MESSAGE_SIZE);
        // Requests go uncompressed whatever the setting: float vectors barely compress, and
        // gzip cost the client about 15 times the encoding itself (`cargo xtask bench grpc/`:
        // 9.3k against 139k points of 768 dimensions per CPU second).
        if self.compression {
            grpc = grpc.accept_compressed(CompressionEncoding::Gzip);
        }
        grpc.ready()
            .await
            .map_err(|error| tonic::Status::unknown(format!("Service was not ready: {error}")))?;
        let mut request = tonic::Request::new(message);
        // `/qdrant.Points/Query` is the method `Query` of the service `qdrant.Points`.
        let (service, method) = rpc
            .strip_prefix('/')
            .and_then(|path| path.split_once('/'))
            .unwrap_or(("", rpc));
        request
            .extensions_mut()
            .insert(tonic::GrpcMethod::new(service, method));
        grpc.unary(
            request,
            PathAndQuery::from_static(rpc),
            SliceCodec::<P, Q>::default(),
        )
        .await
    }
}

/// Puts the api key (as `api-key`), the bearer token, the custom headers and the deadline (as
/// `grpc-timeout`) on every call.
#[derive(Clone)]
pub(crate) struct CallMetadata {
    api_key: Option<AsciiMetadataValue>,
    /// `Bearer <token>`, fetched for this call.
    bearer: Option<AsciiMetadataValue>,
    headers: Arc<[(AsciiMetadataKey, AsciiMetadataValue)]>,
    timeout: Option<Duration>,
}

impl Interceptor for CallMetadata {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        let metadata = request.metadata_mut();
        for (name, value) in self.headers.iter() {
            metadata.append(name.clone(), value.clone());
        }
        if let Some(api_key) = &self.api_key {
            metadata.insert("api-key", api_key.clone());
        }
        if let Some(bearer) = &self.bearer {
            metadata.insert("authorization", bearer.clone());
        }
        if let Some(timeout) = self.timeout {
            request.set_timeout(timeout);
        }
        Ok(request)
    }
}

/// A metadata value marked sensitive, so that it is never logged; `problem` names a value that
/// cannot be sent without repeating it.
fn sensitive(value: &str, problem: impl FnOnce() -> String) -> Result<AsciiMetadataValue> {
    let mut value: AsciiMetadataValue = MetadataValue::try_from(value)
        .map_err(|_| Error::new(ErrorKind::InvalidArgument, problem()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// The rustls settings: the system's roots unless told otherwise, the extra CAs and the client
/// certificate. Skipping verification is refused: tonic has no way to do it.
fn tls(tls: &TlsConfig, shown: &str) -> Result<ClientTlsConfig> {
    if tls.danger_accept_invalid_certs {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "the gRPC transport cannot skip certificate verification for `{shown}`; trust \
                 the server's certificate with `ca_pem` instead"
            ),
        ));
    }
    let mut config = ClientTlsConfig::new();
    if tls.system_roots {
        config = config.with_native_roots();
    }
    for pem in &tls.ca_pems {
        if !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "the CA certificate is not valid PEM: it holds no certificate",
            ));
        }
        config = config.ca_certificate(Certificate::from_pem(pem));
    }
    if let Some(identity) = &tls.identity {
        config = config.identity(Identity::from_pem(
            &identity.cert_pem,
            identity.key_pem.expose(),
        ));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use quadrant_transport::config::ConnectionConfig;

    use super::*;

    #[test]
    fn urls_are_checked() {
        for good in [
            "http://localhost:6334",
            "https://example.com",
            " http://127.0.0.1:6334/ ",
            "localhost:6334",
        ] {
            Pool::new(&GrpcConfig::new(good)).unwrap();
        }
        for (bad, problem) in [
            ("ftp://localhost:6334", "scheme `ftp`"),
            ("http://localhost:6334/qdrant", "has the path"),
            ("http://localhost:6334/?x=1", "query or fragment"),
            ("http://exa mple.com", "not a valid host name"),
        ] {
            let error = Pool::new(&GrpcConfig::new(bad)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
            assert!(error.message().contains(problem), "{bad}: {error}");
        }
    }

    #[test]
    fn user_information_is_refused_and_never_shown() {
        let error =
            Pool::new(&GrpcConfig::new("https://user:hunter2@example.com:6334")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
    }

    #[test]
    fn the_pool_is_built_outside_a_runtime_and_checks_its_size() {
        let pool = Pool::new(&GrpcConfig::new("http://localhost:6334")).unwrap();
        assert_eq!(pool.channels.len(), 2);
        assert!(pool.channels.iter().all(|channel| channel.get().is_none()));
        let pool = Pool::new(&GrpcConfig::new("http://localhost:6334").pool_size(5)).unwrap();
        assert_eq!(pool.channels.len(), 5);
        let error = Pool::new(&GrpcConfig::new("http://localhost:6334").pool_size(0)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        // TLS reads the OS trust store when the transport is built; a system without one gets a
        // Usage error, not a panic.
        if let Err(error) = Pool::new(&GrpcConfig::new("https://example.com")) {
            assert_eq!(error.kind(), ErrorKind::Usage, "{error}");
        }
    }

    #[test]
    fn bad_settings_are_named_and_secrets_never_shown() {
        let build = |config: ConnectionConfig| Pool::new(&GrpcConfig::from(config)).unwrap_err();
        let error = build(ConnectionConfig::new("http://localhost:6334").header("bad name", "v"));
        assert!(error.message().contains("bad name"), "{error}");
        let error =
            build(ConnectionConfig::new("http://localhost:6334").header("x-secret", "hunter2\nx"));
        assert!(!error.message().contains("hunter2"), "{error}");
        let error = build(ConnectionConfig::new("https://localhost:6334").ca_pem("junk"));
        assert!(error.message().contains("CA certificate"), "{error}");
        let error = build(
            ConnectionConfig::new("https://localhost:6334").danger_accept_invalid_certs(true),
        );
        assert_eq!(error.kind(), ErrorKind::Unsupported);
        let pool = Pool::new(&GrpcConfig::from(
            ConnectionConfig::new("http://localhost:6334")
                .api_key("hunter2-key")
                .header("x-tenant", "hunter2-header"),
        ))
        .unwrap();
        let shown = format!("{pool:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("x-tenant"), "{shown}");
    }
}
