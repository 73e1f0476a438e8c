//! How to reach a Qdrant server over gRPC: its address, api key, deadlines, compression, the
//! number of connections and their keep-alive.

use std::time::Duration;

use quadrant_transport::config::{ConnectionConfig, Endpoint};
use quadrant_transport::{Error, ErrorKind, Result, Secret};

/// How many connections calls are spread over when [`ConnectionConfig::pool_size`] is not set.
pub(crate) const DEFAULT_POOL_SIZE: usize = 2;

/// The settings of a [`GrpcTransport`](crate::GrpcTransport): a [`ConnectionConfig`], whose
/// every option gRPC honours, plus gRPC's own keep-alive.
///
/// Start from [`GrpcConfig::new`] with the server's gRPC address (port 6334 by default), or
/// convert a [`ConnectionConfig`], and change the rest with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GrpcConfig {
    /// Where the server is and how to talk to it. The address has no path: gRPC cannot be
    /// served under a path prefix. Its pool size is the number of HTTP/2 connections calls are
    /// spread over, in turn (one multiplexes many calls; a few spread the load of large
    /// answers); 2 when not set.
    pub connection: ConnectionConfig,
    /// How often an HTTP/2 ping checks that an open connection is still alive, also while idle,
    /// so that a connection dropped by a proxy is noticed before a call waits on it. 30 seconds
    /// by default; `None` sends no pings.
    pub keep_alive: Option<Duration>,
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
    fn a_grpc_url_has_no_path() {
        let error =
            grpc_endpoint(&ConnectionConfig::new("http://localhost:6334/qdrant")).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("path `/qdrant`"), "{error}");
        grpc_endpoint(&ConnectionConfig::new("http://localhost:6334/")).unwrap();
    }
}
