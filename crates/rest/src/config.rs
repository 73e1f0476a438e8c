//! How to reach a Qdrant server over REST: its address, api key, deadline and compression.

use std::time::Duration;

use quadrant_transport::{Error, ErrorKind, Result, Secret};
use url::Url;

/// The settings of a [`RestTransport`](crate::RestTransport).
///
/// Start from [`RestConfig::new`] with the server's address and change the rest with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RestConfig {
    /// The server's base address, such as `http://localhost:6333`. It may end in a path prefix
    /// (`https://example.com/qdrant`) when Qdrant sits behind a proxy.
    pub url: String,
    /// The key sent in the `api-key` header of every request, if the server needs one.
    pub api_key: Option<Secret>,
    /// The deadline of each whole request, from sending it to reading the answer. `None` waits as
    /// long as the server takes. A snapshot download must arrive whole within it too, so a
    /// deadline meant for searches can cut a large download short.
    pub timeout: Option<Duration>,
    /// Whether to ask for gzip-compressed answers. On by default.
    pub compression: bool,
}

impl RestConfig {
    /// Settings for the server at `url`, with no api key, no deadline and compression on.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            api_key: None,
            timeout: None,
            compression: true,
        }
    }

    /// Sends `api_key` in the `api-key` header of every request.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Fails each request that has not been answered within `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Asks for gzip-compressed answers (`true`, the default) or for plain ones.
    pub fn compression(mut self, compression: bool) -> Self {
        self.compression = compression;
        self
    }
}

/// Parses and checks the base address: http or https, with a host, and nothing after the path.
pub(crate) fn parse_base_url(text: &str) -> Result<Url> {
    let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
    let text = text.trim();
    if !text.contains("://") {
        return Err(invalid(format!(
            "the REST url `{text}` has no scheme; start it with http:// or https://"
        )));
    }
    let url = Url::parse(text)
        .map_err(|error| invalid(format!("the REST url `{text}` is not a valid url: {error}")))?;
    let shown = display_url(&url);
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "the REST url `{shown}` has the scheme `{}`; use http or https",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("the REST url `{shown}` has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "the REST url `{shown}` has a query or fragment; give only scheme, host, port and path"
        )));
    }
    Ok(url)
}

/// The base address as it may be shown in logs and `Debug`: any password in it is hidden.
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Setting a password only fails for urls that cannot have one, which `url` can.
        let _ = shown.set_password(Some("<redacted>"));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_and_https_with_a_path_prefix() {
        assert_eq!(
            parse_base_url("http://localhost:6333").unwrap().as_str(),
            "http://localhost:6333/"
        );
        let url = parse_base_url("https://example.com/qdrant/").unwrap();
        assert_eq!(url.path(), "/qdrant/");
    }

    #[test]
    fn refuses_other_schemes_missing_hosts_and_garbage() {
        for (text, problem) in [
            ("ftp://localhost:6333", "scheme `ftp`"),
            ("localhost:6333", "no scheme"),
            ("unix:///tmp/qdrant.sock", "scheme `unix`"),
            ("http://", "not a valid url"),
            ("not a url", "no scheme"),
            ("http://exa mple.com", "not a valid url"),
            ("http://localhost:6333/?x=1", "query or fragment"),
        ] {
            let error = parse_base_url(text).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{text}");
            assert!(error.message().contains(problem), "{text}: {error}");
        }
    }

    #[test]
    fn display_hides_a_password() {
        let url = parse_base_url("https://user:hunter2@example.com").unwrap();
        let shown = display_url(&url);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("example.com"), "{shown}");
    }
}
