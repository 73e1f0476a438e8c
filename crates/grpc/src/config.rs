//! How to reach a Qdrant server over gRPC: its address, api key, deadlines, compression, the
//! number of connections and their keep-alive.

use std::time::Duration;

use quadrant_transport::Secret;

/// The settings of a [`GrpcTransport`](crate::GrpcTransport).
///
/// Start from [`GrpcConfig::new`] with the server's gRPC address (port 6334 by default) and
/// change the rest with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GrpcConfig {
    /// The server's gRPC address, such as `http://localhost:6334`; `https://` uses TLS with the
    /// operating system's trusted roots.
    pub url: String,
    /// The key sent in the `api-key` metadata of every call, if the server needs one.
    pub api_key: Option<Secret>,
    /// The deadline of each call, sent to the server as `grpc-timeout` and enforced by the
    /// client. `None` waits as long as the server takes.
    pub timeout: Option<Duration>,
    /// How long opening a connection may take. `None` leaves it to the operating system.
    pub connect_timeout: Option<Duration>,
    /// Whether requests are sent gzip-compressed and gzip-compressed answers are accepted. On by
    /// default.
    pub compression: bool,
    /// How many HTTP/2 connections calls are spread over, in turn. One connection multiplexes
    /// many calls; a few spread the load of large answers. At least 1; 2 by default.
    pub pool_size: usize,
    /// How often an HTTP/2 ping checks that an open connection is still alive, also while idle,
    /// so that a connection dropped by a proxy is noticed before a call waits on it. 30 seconds
    /// by default; `None` sends no pings.
    pub keep_alive: Option<Duration>,
}

impl GrpcConfig {
    /// Settings for the server at `url`: no api key, no deadline, compression on, two
    /// connections, keep-alive pings every 30 seconds.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            api_key: None,
            timeout: None,
            connect_timeout: None,
            compression: true,
            pool_size: 2,
            keep_alive: Some(Duration::from_secs(30)),
        }
    }

    /// Sends `api_key` in the `api-key` metadata of every call.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Fails each call that has not been answered within `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Fails opening a connection that takes longer than `timeout`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends and accepts gzip-compressed messages (`true`, the default) or plain ones.
    pub fn compression(mut self, compression: bool) -> Self {
        self.compression = compression;
        self
    }

    /// Spreads calls over `pool_size` connections.
    pub fn pool_size(mut self, pool_size: usize) -> Self {
        self.pool_size = pool_size;
        self
    }

    /// Pings each connection every `interval` (`None`: never).
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.keep_alive = interval;
        self
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
