//! How to reach a Qdrant server over REST: the shared [`ConnectionConfig`], seen from REST.

use std::time::Duration;

use quadrant_transport::config::{ConnectionConfig, Endpoint};
use quadrant_transport::{Error, ErrorKind, Result, Secret};
use url::Url;

/// The settings of a [`RestTransport`](crate::RestTransport): a [`ConnectionConfig`], whose
/// every option REST honours.
///
/// Start from [`RestConfig::new`] with the server's address, or convert a [`ConnectionConfig`],
/// and change the rest with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RestConfig {
    /// Where the server is and how to talk to it. The address may end in a path prefix
    /// (`https://example.com/qdrant`) when Qdrant sits behind a proxy.
    pub connection: ConnectionConfig,
}

impl RestConfig {
    /// Settings for the server at `url`, with no api key, no deadline and compression off.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            connection: ConnectionConfig::new(url),
        }
    }

    /// Sends `api_key` in the `api-key` header of every request.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.connection = self.connection.api_key(api_key);
        self
    }

    /// Fails each request that has not been answered within `timeout`. A snapshot download
    /// must arrive whole within it too, so a deadline meant for searches can cut a large
    /// download short.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.connection = self.connection.timeout(timeout);
        self
    }

    /// Asks for gzip-compressed answers (`true`) or for plain ones (`false`, the default).
    pub fn compression(mut self, compression: bool) -> Self {
        self.connection = self.connection.compression(compression);
        self
    }
}

impl From<ConnectionConfig> for RestConfig {
    fn from(connection: ConnectionConfig) -> Self {
        Self { connection }
    }
}

impl From<&str> for RestConfig {
    fn from(url: &str) -> Self {
        Self::new(url)
    }
}

impl From<String> for RestConfig {
    fn from(url: String) -> Self {
        Self::new(url)
    }
}

/// The base address as a [`Url`] whose path ends in `/`, ready for the operations' paths.
pub(crate) fn base_url(endpoint: &Endpoint) -> Result<Url> {
    Url::parse(&format!("{endpoint}/")).map_err(|error| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("the REST url `{endpoint}` is not a valid url: {error}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Url> {
        base_url(&RestConfig::new(text).connection.endpoint()?)
    }

    #[test]
    fn accepts_http_https_bare_hosts_and_a_path_prefix() {
        assert_eq!(
            parse("http://localhost:6333").unwrap().as_str(),
            "http://localhost:6333/"
        );
        assert_eq!(
            parse("localhost:6333").unwrap().as_str(),
            "http://localhost:6333/"
        );
        let url = parse("https://example.com/qdrant/").unwrap();
        assert_eq!(url.path(), "/qdrant/");
        assert_eq!(
            parse("http://[::1]:6333").unwrap().as_str(),
            "http://[::1]:6333/"
        );
    }

    #[test]
    fn refuses_other_schemes_missing_hosts_and_garbage() {
        for (text, problem) in [
            ("ftp://localhost:6333", "scheme `ftp`"),
            ("unix:///tmp/qdrant.sock", "scheme `unix`"),
            ("http://", "no host"),
            ("not a url", "not a valid host name"),
            ("http://exa mple.com", "not a valid host name"),
            ("http://localhost:6333/?x=1", "query or fragment"),
            ("https://user:hunter2@example.com", "user name or password"),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{text}");
            assert!(error.message().contains(problem), "{text}: {error}");
            assert!(!error.message().contains("hunter2"), "{error}");
        }
    }
}
