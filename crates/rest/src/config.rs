//! How to reach a Qdrant server over REST: the shared [`ConnectionConfig`], seen from REST.

use quadrant_transport::config::{ConnectionConfig, Endpoint};
use quadrant_transport::{Error, ErrorKind, Result};
use url::Url;

/// The settings of a [`RestTransport`](crate::RestTransport), which was its own type before
/// REST and gRPC shared one [`ConnectionConfig`].
///
/// REST honours every option of a [`ConnectionConfig`], so the two are one type: this name is
/// kept so that `RestConfig::new(url).api_key(..)` goes on compiling, with the same meaning.
#[deprecated(note = "use `ConnectionConfig`, which `RestTransport::new` takes")]
pub type RestConfig = ConnectionConfig;

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
        base_url(&ConnectionConfig::new(text).endpoint()?)
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
