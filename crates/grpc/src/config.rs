//! How to reach a Qdrant server over gRPC: its address, api key, deadlines, compression, the
//! number of connections and their keep-alive, and the REST address for the operations that
//! Qdrant serves only over REST.

use std::time::Duration;

use quadrant_transport::{Error, ErrorKind, Result, Secret};
use tonic::codegen::http::Uri;

/// The port of Qdrant's REST API.
const DEFAULT_REST_PORT: u16 = 6333;

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
    /// The server's REST address, for the operations that Qdrant serves only over REST (health
    /// probes, telemetry, snapshot downloads and uploads, ...). `None`, the default, takes the
    /// scheme and host of [`url`](Self::url) with [`rest_port`](Self::rest_port).
    pub rest_url: Option<String>,
    /// The REST port used when [`rest_url`](Self::rest_url) is not set: 6333 by default, as
    /// Qdrant listens.
    pub rest_port: u16,
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
            rest_url: None,
            rest_port: DEFAULT_REST_PORT,
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

    /// The REST address: [`rest_url`](Self::rest_url), or the gRPC url's scheme and host with
    /// [`rest_port`](Self::rest_port).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the REST address must be derived and the gRPC url
    /// has no scheme or host.
    pub(crate) fn rest_address(&self) -> Result<String> {
        if let Some(url) = &self.rest_url {
            return Ok(url.clone());
        }
        let uri: Uri = self.url.trim().parse().map_err(|error| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("the gRPC url is not a valid url: {error}"),
            )
        })?;
        match (uri.scheme_str(), uri.host()) {
            (Some(scheme), Some(host)) if !host.is_empty() => {
                Ok(format!("{scheme}://{host}:{}", self.rest_port))
            }
            _ => Err(Error::new(
                ErrorKind::InvalidArgument,
                "the gRPC url needs a scheme and a host to derive the REST url from; \
                 set `rest_url`",
            )),
        }
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
        let derived = |config: GrpcConfig| config.rest_address().unwrap();
        assert_eq!(
            derived(GrpcConfig::new("http://localhost:6334")),
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
        let error = GrpcConfig::new("localhost").rest_address().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }
}
