//! How to reach a Qdrant server, whatever the wire: the settings every remote transport shares.
//!
//! [`ConnectionConfig`] holds the address, the credentials, headers, deadlines, compression, TLS
//! and the pool size. The REST and gRPC transports build their own settings from it, so a URL is
//! checked in one place and an option means the same on both wires.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{Error, ErrorKind, Result, Secret};

/// The user agent sent when none is set: `quadrant/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("quadrant/", env!("CARGO_PKG_VERSION"));

/// Whether an address is plain or encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `http://`: plain text.
    Http,
    /// `https://`: TLS.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

/// A parsed server address: scheme, host, port and path prefix.
///
/// It never holds a user name or password, so it may be shown in logs and errors as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    scheme: Scheme,
    /// The host as written in a URL: a name, an IPv4 address, or an IPv6 address in brackets.
    host: String,
    port: Option<u16>,
    /// The path prefix without its trailing slash: empty, or like `/qdrant`.
    path: String,
}

impl Endpoint {
    /// Parses a server address such as `http://localhost:6333`, `https://db.example.com/qdrant`,
    /// or a bare `localhost:6333`, which means plain http.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] naming the problem: a scheme other than http or https, no
    /// host, a port out of range, a user name or password in the address (credentials go in
    /// [`ConnectionConfig::api_key`]), or a query or fragment.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid("the server url is empty".to_owned()));
        }
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("http".to_owned(), text),
        };
        let scheme = match scheme.as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            other => {
                return Err(invalid(format!(
                    "the server url has the scheme `{other}`; use http or https"
                )));
            }
        };
        // Authority ends at the first '/', '?' or '#'.
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.contains('@') {
            return Err(invalid(
                "the server url carries a user name or password; give credentials with \
                 `api_key` or a token provider instead"
                    .to_owned(),
            ));
        }
        if tail.contains(['?', '#']) {
            return Err(invalid(format!(
                "the server url `{scheme}://{authority}…` has a query or fragment; give only \
                 scheme, host, port and path",
                scheme = scheme.as_str()
            )));
        }
        let (host, port) = split_host_port(authority).map_err(|problem| {
            invalid(format!(
                "the server url `{}://{authority}` {problem}",
                scheme.as_str()
            ))
        })?;
        if tail.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(format!(
                "the server url `{}://{authority}` has spaces or control characters in its path",
                scheme.as_str()
            )));
        }
        let path = tail.trim_end_matches('/').to_owned();
        Ok(Self {
            scheme,
            host,
            port,
            path,
        })
    }

    /// Plain http or TLS.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host: a name, an IPv4 address, or an IPv6 address in brackets (`[::1]`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, if the address gives one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path prefix, without its trailing slash: empty, or like `/qdrant`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The same address with another port, for the REST address derived from a gRPC one.
    pub fn with_port(&self, port: u16) -> Self {
        Self {
            port: Some(port),
            ..self.clone()
        }
    }

    /// Whether the host is this machine: `localhost`, a name under `.localhost`, or a loopback
    /// address. Credentials sent there in plain text do not cross a network.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let lower = host.to_ascii_lowercase();
        if lower == "localhost" || lower.ends_with(".localhost") {
            return true;
        }
        host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// `scheme://host[:port]`, without the path prefix.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme.as_str(), self.host),
            None => format!("{}://{}", self.scheme.as_str(), self.host),
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path)
    }
}

/// Splits `host[:port]`, with IPv6 addresses in brackets. The error completes "the server url
/// `...` ".
fn split_host_port(authority: &str) -> std::result::Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(after) = authority.strip_prefix('[') {
        let Some((address, rest)) = after.split_once(']') else {
            return Err("has an IPv6 address without its closing `]`".to_owned());
        };
        if address.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("has `[{address}]`, which is not an IPv6 address"));
        }
        let port = match rest {
            "" => None,
            _ => Some(
                rest.strip_prefix(':')
                    .ok_or_else(|| "has text after its IPv6 address".to_owned())?,
            ),
        };
        (format!("[{address}]"), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err("has no host".to_owned());
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
    {
        return Err(format!(
            "has the host `{host}`, which is not a valid host name"
        ));
    }
    let port = match port {
        None => None,
        Some(port) => Some(
            port.parse::<u16>()
                .ok()
                .filter(|port| *port != 0)
                .ok_or_else(|| format!("has the port `{port}`, which is not in 1..=65535"))?,
        ),
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// A bearer token handed out by a [`TokenProvider`], with how long it may be reused.
#[derive(Debug, Clone)]
pub struct Token {
    value: Secret,
    expires: Option<Instant>,
}

impl Token {
    /// A token that is reused until a call fails with
    /// [`ErrorKind::Unauthenticated`], after which the provider is asked again.
    pub fn new(value: impl Into<Secret>) -> Self {
        Self {
            value: value.into(),
            expires: None,
        }
    }

    /// Reuses the token for `lifetime` from now at most; the provider is asked again after it.
    /// A zero lifetime asks the provider before every call.
    pub fn valid_for(mut self, lifetime: Duration) -> Self {
        self.expires = Instant::now().checked_add(lifetime);
        self
    }

    /// The token itself, for sending it as `Authorization: Bearer <token>`.
    pub fn secret(&self) -> &Secret {
        &self.value
    }

    fn is_fresh(&self, now: Instant) -> bool {
        self.expires.is_none_or(|expires| now < expires)
    }
}

/// Hands out the bearer token sent as `Authorization: Bearer ...` with each call, for servers
/// behind an identity provider whose tokens expire.
///
/// The transports ask it before a call when they hold no fresh token (see [`Token::valid_for`]),
/// and again after a call failed with [`ErrorKind::Unauthenticated`]. An error it returns fails
/// the call.
#[async_trait::async_trait]
pub trait TokenProvider: Send + Sync {
    /// A current token.
    async fn token(&self) -> Result<Token>;
}

/// A [`TokenProvider`] with its last token cached: what the transports hold.
#[derive(Clone)]
pub struct BearerAuth {
    provider: Arc<dyn TokenProvider>,
    cached: Arc<Mutex<Option<Token>>>,
}

impl BearerAuth {
    /// Caches the tokens of `provider`.
    pub fn new(provider: Arc<dyn TokenProvider>) -> Self {
        Self {
            provider,
            cached: Arc::new(Mutex::new(None)),
        }
    }

    /// The cached token if it is still fresh, or a new one from the provider.
    ///
    /// # Errors
    ///
    /// Whatever the provider returns when asked.
    pub async fn token(&self) -> Result<Secret> {
        let now = Instant::now();
        if let Some(token) = self.lock().as_ref().filter(|token| token.is_fresh(now)) {
            return Ok(token.value.clone());
        }
        let token = self.provider.token().await?;
        let value = token.value.clone();
        *self.lock() = Some(token);
        Ok(value)
    }

    /// Forgets the cached token, after the server refused it.
    pub fn invalidate(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Token>> {
        // A panic while holding the lock leaves at worst a stale token, which is refreshed anyway.
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerAuth(<redacted>)")
    }
}

/// A client certificate and its private key, both PEM, for mutual TLS.
#[derive(Clone)]
pub struct ClientIdentity {
    /// The certificate chain, PEM, the client's own certificate first.
    pub cert_pem: Vec<u8>,
    /// The private key, PEM (PKCS#8, PKCS#1 or SEC1). Never shown.
    pub key_pem: Secret,
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("cert_pem", &format_args!("<{} bytes>", self.cert_pem.len()))
            .field("key_pem", &self.key_pem)
            .finish()
    }
}

/// TLS settings for `https` addresses. TLS is always rustls.
#[derive(Clone)]
#[non_exhaustive]
pub struct TlsConfig {
    /// Whether the operating system's trusted roots are trusted. On by default.
    pub system_roots: bool,
    /// More certificate authorities to trust, each a PEM bundle, such as a private CA.
    pub ca_pems: Vec<Vec<u8>>,
    /// A client certificate for servers that require mutual TLS.
    pub identity: Option<ClientIdentity>,
    /// Skips every check of the server's certificate. Anyone on the path can then read and
    /// change the traffic, api key included; for tests against self-signed servers only.
    pub danger_accept_invalid_certs: bool,
}

impl Default for TlsConfig {
    fn default() -> Self {
        Self {
            system_roots: true,
            ca_pems: Vec::new(),
            identity: None,
            danger_accept_invalid_certs: false,
        }
    }
}

impl TlsConfig {
    /// Whether anything differs from the defaults, which a plain http address cannot honour.
    pub fn is_customised(&self) -> bool {
        !self.ca_pems.is_empty() || self.identity.is_some() || self.danger_accept_invalid_certs
    }
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("system_roots", &self.system_roots)
            .field("ca_pems", &self.ca_pems.len())
            .field("identity", &self.identity)
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .finish()
    }
}

/// The settings shared by every remote transport: where the server is and how to talk to it.
///
/// Start from [`ConnectionConfig::new`] and change the rest with the setters; then hand it to
/// `RestTransport::new`, or build a `GrpcConfig` from it (`From<ConnectionConfig>`).
#[derive(Clone)]
#[non_exhaustive]
pub struct ConnectionConfig {
    /// The server's address as given: see [`Endpoint::parse`].
    pub url: String,
    /// The key sent in the `api-key` header of every call.
    pub api_key: Option<Secret>,
    /// Hands out bearer tokens sent in the `authorization` header of every call.
    pub token_provider: Option<Arc<dyn TokenProvider>>,
    /// More headers sent with every call, in order. Their values are never shown, since they
    /// may carry credentials.
    pub headers: Vec<(String, Secret)>,
    /// The `user-agent` header; [`DEFAULT_USER_AGENT`] by default.
    pub user_agent: String,
    /// How long opening a connection may take. `None` leaves it to the operating system.
    pub connect_timeout: Option<Duration>,
    /// The deadline of each call, from sending it to reading the whole answer. `None` waits as
    /// long as the server takes.
    pub timeout: Option<Duration>,
    /// Whether the server may gzip its answers. Off by default: gzipping every answer costs
    /// the server CPU it would otherwise spend answering queries (on a loaded server, about a
    /// third of its throughput), and the official clients do not ask for it either. It pays for
    /// large answers (vectors, many hits) over a slow or metered link. Requests are never
    /// compressed: their bulk is float vectors, which gzip barely shrinks at a high CPU cost.
    pub compression: bool,
    /// TLS settings for `https` addresses.
    pub tls: TlsConfig,
    /// How many connections are kept to the server. `None`: the transport's default (REST keeps
    /// as many idle connections as calls needed; gRPC multiplexes calls over 2).
    pub pool_size: Option<usize>,
}

impl ConnectionConfig {
    /// Settings for the server at `url`, with no credentials, no deadlines, compression off and
    /// the system's trusted roots.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            api_key: None,
            token_provider: None,
            headers: Vec::new(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: None,
            timeout: None,
            compression: false,
            tls: TlsConfig::default(),
            pool_size: None,
        }
    }

    /// Sends `api_key` in the `api-key` header of every call.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sends a bearer token from `provider` with every call, refreshed as it says.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// Sends the header `name: value` with every call.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `user_agent` as the `user-agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Fails opening a connection that takes longer than `timeout`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Fails each call that has not been answered within `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets the server gzip its answers (`true`) or not (`false`, the default). See
    /// the `compression` field for when it pays.
    pub fn compression(mut self, compression: bool) -> Self {
        self.compression = compression;
        self
    }

    /// Trusts the operating system's roots (`true`, the default) or only
    /// [`ca_pem`](Self::ca_pem)'s.
    pub fn system_roots(mut self, trust: bool) -> Self {
        self.tls.system_roots = trust;
        self
    }

    /// Trusts the certificate authorities in the PEM bundle `pem` too.
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.ca_pems.push(pem.into());
        self
    }

    /// Presents a client certificate, for mutual TLS: the certificate chain and the private key,
    /// both PEM.
    pub fn client_identity(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Secret>,
    ) -> Self {
        self.tls.identity = Some(ClientIdentity {
            cert_pem: cert_pem.into(),
            key_pem: key_pem.into(),
        });
        self
    }

    /// Accepts any server certificate, expired, self-signed or for another host. Anyone on the
    /// path can then read the traffic and the credentials; for tests only.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.danger_accept_invalid_certs = accept;
        self
    }

    /// Keeps up to `pool_size` connections to the server.
    pub fn pool_size(mut self, pool_size: usize) -> Self {
        self.pool_size = Some(pool_size);
        self
    }

    /// Parses the address and checks that the settings agree with each other.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] naming the problem: a malformed address (see
    /// [`Endpoint::parse`]), TLS settings with a plain http address, a pool size of 0, or an
    /// empty header name.
    pub fn endpoint(&self) -> Result<Endpoint> {
        let endpoint = Endpoint::parse(&self.url)?;
        if endpoint.scheme() == Scheme::Http && self.tls.is_customised() {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!(
                    "TLS settings (a CA, a client certificate or danger_accept_invalid_certs) \
                     were given, but `{endpoint}` is plain http; use an https url"
                ),
            ));
        }
        if self.pool_size == Some(0) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "the pool size must be at least 1",
            ));
        }
        if self.headers.iter().any(|(name, _)| name.trim().is_empty()) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "a custom header has an empty name",
            ));
        }
        Ok(endpoint)
    }

    /// The cached bearer tokens of [`token_provider`](Self::token_provider), if any.
    pub fn bearer_auth(&self) -> Option<BearerAuth> {
        self.token_provider.clone().map(BearerAuth::new)
    }

    /// Whether credentials would travel in plain text to another machine: an api key or a token
    /// provider with an http address whose host is not loopback.
    pub fn sends_secrets_in_clear(&self, endpoint: &Endpoint) -> bool {
        (self.api_key.is_some() || self.token_provider.is_some())
            && endpoint.scheme() == Scheme::Http
            && !endpoint.is_loopback()
    }

    /// Logs a warning through `tracing` when [`sends_secrets_in_clear`](Self::sends_secrets_in_clear);
    /// transports call it once, when they are built.
    pub fn warn_if_secrets_in_clear(&self, endpoint: &Endpoint) {
        if self.sends_secrets_in_clear(endpoint) {
            tracing::warn!(
                url = %endpoint,
                "the api key or token will be sent over plain http to a host that is not \
                 loopback, where anyone on the network can read it; use an https url"
            );
        }
    }
}

/// The settings for the server at a url, as [`ConnectionConfig::new`].
impl From<&str> for ConnectionConfig {
    fn from(url: &str) -> Self {
        Self::new(url)
    }
}

/// The settings for the server at a url, as [`ConnectionConfig::new`].
impl From<String> for ConnectionConfig {
    fn from(url: String) -> Self {
        Self::new(url)
    }
}

impl fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The url as given may hold a password, which `endpoint()` refuses; show the parsed form.
        let url = Endpoint::parse(&self.url)
            .map(|endpoint| endpoint.to_string())
            .unwrap_or_else(|_| "<invalid url>".to_owned());
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ConnectionConfig")
            .field("url", &url)
            .field("api_key", &self.api_key)
            .field(
                "token_provider",
                &self.token_provider.as_ref().map(|_| "<redacted>"),
            )
            .field("headers", &headers)
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("compression", &self.compression)
            .field("tls", &self.tls)
            .field("pool_size", &self.pool_size)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_urls_parse_into_their_parts() {
        for (text, scheme, host, port, path) in [
            (
                "http://localhost:6333",
                Scheme::Http,
                "localhost",
                Some(6333),
                "",
            ),
            ("localhost:6333", Scheme::Http, "localhost", Some(6333), ""),
            ("localhost", Scheme::Http, "localhost", None, ""),
            (
                " HTTPS://Db.Example.com/ ",
                Scheme::Https,
                "db.example.com",
                None,
                "",
            ),
            (
                "https://example.com/qdrant/",
                Scheme::Https,
                "example.com",
                None,
                "/qdrant",
            ),
            ("http://[::1]:6334", Scheme::Http, "[::1]", Some(6334), ""),
            (
                "10.0.0.7:6334/a/b",
                Scheme::Http,
                "10.0.0.7",
                Some(6334),
                "/a/b",
            ),
        ] {
            let endpoint = Endpoint::parse(text).unwrap();
            assert_eq!(endpoint.scheme(), scheme, "{text}");
            assert_eq!(endpoint.host(), host, "{text}");
            assert_eq!(endpoint.port(), port, "{text}");
            assert_eq!(endpoint.path(), path, "{text}");
        }
        assert_eq!(
            Endpoint::parse("https://example.com:8443/q/")
                .unwrap()
                .to_string(),
            "https://example.com:8443/q"
        );
    }

    #[test]
    fn bad_urls_name_their_problem() {
        for (text, problem) in [
            ("", "is empty"),
            ("ftp://localhost:6333", "scheme `ftp`"),
            ("unix:///tmp/qdrant.sock", "scheme `unix`"),
            ("http://", "has no host"),
            ("http://:6333", "has no host"),
            ("http://localhost:0", "port `0`"),
            ("http://localhost:70000", "port `70000`"),
            ("http://localhost:abc", "port `abc`"),
            ("http://exa mple.com", "not a valid host name"),
            ("not a url", "not a valid host name"),
            ("http://[::1", "closing `]`"),
            ("http://[nope]:1", "not an IPv6 address"),
            ("http://localhost:6333/?x=1", "query or fragment"),
            ("http://localhost:6333#top", "query or fragment"),
            ("https://user:hunter2@example.com", "user name or password"),
        ] {
            let error = Endpoint::parse(text).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{text}");
            assert!(error.message().contains(problem), "{text}: {error}");
            assert!(!error.message().contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn conflicting_settings_are_refused() {
        let error = ConnectionConfig::new("http://example.com")
            .ca_pem("pem")
            .endpoint()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("plain http"), "{error}");
        let error = ConnectionConfig::new("http://localhost")
            .pool_size(0)
            .endpoint()
            .unwrap_err();
        assert!(error.message().contains("pool size"), "{error}");
        ConnectionConfig::new("https://example.com")
            .ca_pem("pem")
            .endpoint()
            .unwrap();
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for (text, loopback) in [
            ("http://localhost:6333", true),
            ("http://LOCALHOST", true),
            ("http://qdrant.localhost", true),
            ("http://127.0.0.1", true),
            ("http://127.8.9.1", true),
            ("http://[::1]:6333", true),
            ("http://10.0.0.1", false),
            ("http://qdrant.example.com", false),
            ("http://localhost.example.com", false),
        ] {
            assert_eq!(
                Endpoint::parse(text).unwrap().is_loopback(),
                loopback,
                "{text}"
            );
        }
        let remote = ConnectionConfig::new("http://db.example.com").api_key("k");
        assert!(remote.sends_secrets_in_clear(&remote.endpoint().unwrap()));
        let local = ConnectionConfig::new("http://localhost").api_key("k");
        assert!(!local.sends_secrets_in_clear(&local.endpoint().unwrap()));
        let tls = ConnectionConfig::new("https://db.example.com").api_key("k");
        assert!(!tls.sends_secrets_in_clear(&tls.endpoint().unwrap()));
        let anonymous = ConnectionConfig::new("http://db.example.com");
        assert!(!anonymous.sends_secrets_in_clear(&anonymous.endpoint().unwrap()));
    }

    struct Counting(std::sync::atomic::AtomicUsize, Duration);

    #[async_trait::async_trait]
    impl TokenProvider for Counting {
        async fn token(&self) -> Result<Token> {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Token::new(format!("token-{n}")).valid_for(self.1))
        }
    }

    #[tokio::test]
    async fn tokens_are_cached_until_stale_or_refused() {
        let auth = BearerAuth::new(Arc::new(Counting(0.into(), Duration::from_secs(3600))));
        assert_eq!(auth.token().await.unwrap().expose(), "token-0");
        assert_eq!(auth.token().await.unwrap().expose(), "token-0");
        auth.invalidate();
        assert_eq!(auth.token().await.unwrap().expose(), "token-1");
        let auth = BearerAuth::new(Arc::new(Counting(0.into(), Duration::ZERO)));
        assert_eq!(auth.token().await.unwrap().expose(), "token-0");
        assert_eq!(auth.token().await.unwrap().expose(), "token-1");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let config = ConnectionConfig::new("https://example.com")
            .api_key("hunter2-key")
            .header("x-tenant", "hunter2-header")
            .client_identity("cert", "hunter2-private")
            .token_provider(Counting(0.into(), Duration::ZERO));
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("x-tenant"), "{shown}");
    }
}
