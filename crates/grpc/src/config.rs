//! How to reach a Qdrant server over gRPC: its address, api key, deadlines, compression, the
//! number of connections and their keep-alive, and the REST address for the operations that
//! Qdrant serves only over REST.

use std::time::Duration;

use quadrant_transport::config::{ConnectionConfig, Endpoint};
use quadrant_transport::{Error, ErrorKind, Result, Secret};

/// The port of Qdrant's REST API.
const DEFAULT_REST_PORT: u16 = 6333;

/// How many connections calls are spread over when [`ConnectionConfig::pool_size`] is not set.
pub(crate) const DEFAULT_POOL_SIZE: usize = 2;

/// The settings of a [`GrpcTransport`](crate::GrpcTransport): a [`ConnectionConfig`], whose
/// every option gRPC honours, plus gRPC's own keep-alive and the REST address of the operations
/// Qdrant serves only over REST.
///
/// Start from [`GrpcConfig::new`] with the server's gRPC address (port 6334 by default), or
/// convert a [`ConnectionConfig`], and change the rest with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GrpcConfig {
    /// Where the server is and how to talk to it. The address has no path: gRPC cannot be
    /// served under a path prefix. Its pool size is the number of HTTP/2 connections calls are
    /// spread over, in turn (one multiplexes many calls; a few spread the load of large
    /// answers); 2 when not set. Its REST fallback gets the same settings.
    pub connection: ConnectionConfig,
    /// How often an HTTP/2 ping checks that an open connection is still alive, also while idle,
    /// so that a connection dropped by a proxy is noticed before a call waits on it. 30 seconds
    /// by default; `None` sends no pings.
    pub keep_alive: Option<Duration>,
    /// The server's REST address, for the operations that Qdrant serves only over REST (health
    /// probes, telemetry, snapshot downloads and uploads, ...). `None`, the default, takes the
    /// scheme and host of the gRPC address with [`rest_port`](Self::rest_port).
    pub rest_url: Option<String>,
    /// The REST port used when [`rest_url`](Self::rest_url) is not set: 6333 by default, as
    /// Qdrant listens.
    pub rest_port: u16,
}

impl GrpcConfig {
    /// Settings for the server at `url`: no api key, no deadline, compression off, two
    /// connections, keep-alive pings every 30 seconds.
    pub fn new(url: impl Into<String>) -> Self {
        ConnectionConfig::new(url).into()
    }

    /// Sends `api_key` in the `api-key` metadata of every call.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.connection = self.connection.api_key(api_key);
        self
    }

    /// Fails each call that has not been answered within `timeout`; it is sent to the server
    /// as `grpc-timeout` too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.connection = self.connection.timeout(timeout);
        self
    }

    /// Fails opening a connection that takes longer than `timeout`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connection = self.connection.connect_timeout(timeout);
        self
    }

    /// Accepts gzip-compressed answers (`true`) or only plain ones (`false`, the default).
    /// Requests are always sent plain.
    pub fn compression(mut self, compression: bool) -> Self {
        self.connection = self.connection.compression(compression);
        self
    }

    /// Spreads calls over `pool_size` connections.
    pub fn pool_size(mut self, pool_size: usize) -> Self {
        self.connection = self.connection.pool_size(pool_size);
        self
    }

    /// Pings each connection every `interval` (`None`: never).
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.keep_alive = interval;
        self
    }
}

impl From<ConnectionConfig> for GrpcConfig {
    fn from(connection: ConnectionConfig) -> Self {
        Self {
            connection,
            keep_alive: Some(Duration::from_secs(30)),
            rest_url: None,
            rest_port: DEFAULT_REST_PORT,
        }
    }
}

/// The gRPC address: the shared checks, and no path prefix.
pub(crate) fn grpc_endpoint(connection: &ConnectionConfig) -> Result<Endpoint> {
    let endpoint = connection.endpoint()?;
    if !endpoint.path().is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "the gRPC url `{endpoint}` has the path `{}`; gRPC cannot be served under a \
                 path, give only scheme, host and port",
                endpoint.path()
            ),
        ));
    }
    Ok(endpoint)
}

impl GrpcConfig {
    /// Sends the operations that Qdrant serves only over REST to `url`, such as
    /// `http://localhost:6333`, instead of to the gRPC host's port 6333. It may end in a path
    /// prefix when Qdrant's REST API sits behind a proxy.
    pub fn rest_url(mut self, url: impl Into<String>) -> Self {
        self.rest_url = Some(url.into());
        self
    }

    /// Sends the operations that Qdrant serves only over REST to `port` of the gRPC host,
    /// instead of 6333. [`rest_url`](Self::rest_url), when set, wins.
    pub fn rest_port(mut self, port: u16) -> Self {
        self.rest_port = port;
        self
    }

    /// The settings of the REST fallback: the same connection settings with the REST address,
    /// [`rest_url`](Self::rest_url) or the gRPC address's scheme and host with
    /// [`rest_port`](Self::rest_port).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the REST address must be derived and the gRPC url
    /// is malformed.
    pub(crate) fn rest_connection(&self) -> Result<ConnectionConfig> {
        let url = match &self.rest_url {
            Some(url) => url.clone(),
            None => grpc_endpoint(&self.connection)?
                .with_port(self.rest_port)
                .to_string(),
        };
        let mut rest = self.connection.clone();
        rest.url = url;
        Ok(rest)
    }
}

impl From<&str> for GrpcConfig {
    fn from(url: &str) -> Self {
        Self::new(url)
    }
}

impl From<String> for GrpcConfig {
    fn from(url: String) -> Self {
        Self::new(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_address_follows_the_grpc_host() {
        let derived = |config: GrpcConfig| config.rest_connection().unwrap().url;
        assert_eq!(
            derived(GrpcConfig::new("http://localhost:6334")),
            "http://localhost:6333"
        );
        assert_eq!(
            derived(GrpcConfig::new("localhost:6334")),
            "http://localhost:6333"
        );
        assert_eq!(
            derived(GrpcConfig::new("https://db.example.com:6334").rest_port(443)),
            "https://db.example.com:443"
        );
        assert_eq!(
            derived(GrpcConfig::new("http://[::1]:6334")),
            "http://[::1]:6333"
        );
        assert_eq!(
            derived(
                GrpcConfig::new("http://localhost:6334").rest_url("https://rest.example.com/q")
            ),
            "https://rest.example.com/q"
        );
        let error = GrpcConfig::new("ftp://localhost")
            .rest_connection()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn the_rest_fallback_gets_the_same_settings() {
        let config = GrpcConfig::from(
            ConnectionConfig::new("https://db.example.com:6334")
                .api_key("k")
                .header("x-tenant", "acme")
                .user_agent("app/1")
                .timeout(Duration::from_secs(3))
                .ca_pem("pem"),
        );
        let rest = config.rest_connection().unwrap();
        assert_eq!(rest.url, "https://db.example.com:6333");
        assert_eq!(rest.api_key.unwrap().expose(), "k");
        assert_eq!(rest.headers.len(), 1);
        assert_eq!(rest.user_agent, "app/1");
        assert_eq!(rest.timeout, Some(Duration::from_secs(3)));
        assert_eq!(rest.tls.ca_pems.len(), 1);
    }

    #[test]
    fn a_grpc_url_has_no_path() {
        let error =
            grpc_endpoint(&ConnectionConfig::new("http://localhost:6334/qdrant")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("path `/qdrant`"), "{error}");
        grpc_endpoint(&ConnectionConfig::new("http://localhost:6334/")).unwrap();
    }
}
