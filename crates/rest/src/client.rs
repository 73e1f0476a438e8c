//! The request and response plumbing shared by every operation: url building, headers, sending,
//! reading Qdrant's `{result, status, time}` envelope and mapping failures.

use std::borrow::Cow;
use std::fmt;
use std::time::Instant;

use quadrant_transport::config::{BearerAuth, ConnectionConfig, TlsConfig};
use quadrant_transport::models::{
    OptimizationsWith, ReadConsistency, SnapshotPriority, WriteOrdering,
};
use quadrant_transport::{Error, ErrorKind, Operation, Result, SnapshotDownload};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::base_url;
use crate::error;
use crate::upload::UploadForm;

/// The REST transport: sends each operation to Qdrant's HTTP API.
///
/// Cloning is cheap and clones share one connection pool.
#[derive(Clone)]
pub struct RestTransport {
    http: reqwest::Client,
    base: Url,
    /// The base url as shown in `Debug` and messages.
    shown: String,
    /// The bearer tokens sent with each request, when a token provider is set.
    auth: Option<BearerAuth>,
}

impl RestTransport {
    /// Creates a transport for the server that `config` describes: a [`ConnectionConfig`], or
    /// the server's url alone.
    ///
    /// Nothing is sent yet: the server is first contacted by the first operation. When an api
    /// key or token would be sent over plain http to a host that is not loopback, a warning is
    /// logged through `tracing`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the url is malformed or conflicts with the TLS
    /// settings (see [`ConnectionConfig::endpoint`]), when the api key, a header or the user
    /// agent cannot be sent as an HTTP header, or when a CA or client certificate is not valid
    /// PEM; [`ErrorKind::Usage`] when the HTTP client cannot be set up (for example when no TLS
    /// backend can be initialised).
    pub fn new(config: impl Into<ConnectionConfig>) -> Result<Self> {
        let config = config.into();
        let transport = Self::build(&config)?;
        if let Ok(endpoint) = config.endpoint() {
            config.warn_if_secrets_in_clear(&endpoint);
        }
        Ok(transport)
    }

    /// Like [`RestTransport::new`] without the plain-http warning, for a transport inside
    /// another one (gRPC's REST fallback) that has warned already.
    #[doc(hidden)]
    pub fn new_inner(config: impl Into<ConnectionConfig>) -> Result<Self> {
        Self::build(&config.into())
    }

    fn build(config: &ConnectionConfig) -> Result<Self> {
        let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
        let endpoint = config.endpoint()?;
        let base = base_url(&endpoint)?;
        let mut headers = HeaderMap::new();
        for (name, value) in &config.headers {
            let name = HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| invalid(format!("`{name}` is not a valid HTTP header name")))?;
            // The value is never echoed: it may be a credential.
            let mut value = HeaderValue::from_str(value.expose()).map_err(|_| {
                invalid(format!(
                    "the value of the header `{name}` contains characters that cannot be sent \
                     in an HTTP header"
                ))
            })?;
            value.set_sensitive(true);
            headers.append(name, value);
        }
        if let Some(api_key) = &config.api_key {
            let mut value = HeaderValue::from_str(api_key.expose()).map_err(|_| {
                invalid(
                    "the api key contains characters that cannot be sent in an HTTP header"
                        .to_owned(),
                )
            })?;
            value.set_sensitive(true);
            headers.insert("api-key", value);
        }
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
            invalid(format!(
                "the user agent `{}` cannot be sent in an HTTP header",
                config.user_agent.escape_debug()
            ))
        })?;
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .gzip(config.compression);
        if let Some(timeout) = config.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = config.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(size) = config.pool_size {
            builder = builder.pool_max_idle_per_host(size);
        }
        builder = if base.scheme() == "https" {
            tls(builder, &config.tls)?
        } else {
            // A plain-http client never verifies a certificate: reading the system's root
            // store (tens of milliseconds of parsing PEM files) would be wasted on every build.
            builder.tls_certs_only(Vec::new())
        };
        let http = builder.build().map_err(|error| {
            Error::new(
                ErrorKind::Usage,
                format!("could not set up the HTTP client: {error}"),
            )
            .with_source(error.without_url())
        })?;
        Ok(Self {
            http,
            base,
            shown: endpoint.to_string(),
            auth: config.bearer_auth(),
        })
    }

    /// Sends a request without a body whose answer is a file, and hands the body over as it
    /// arrives.
    pub(crate) async fn download(
        &self,
        operation: Operation,
        method: Method,
        path: Path<'_>,
        query: Query,
    ) -> Result<SnapshotDownload> {
        let (response, context) = self
            .send(operation, method, path, query, RequestBody::None)
            .await?;
        // With gzip on, reqwest drops the header of a compressed answer, so this is the size of
        // what the stream yields, or nothing.
        let length = response.content_length();
        let chunks = futures_util::stream::try_unfold(
            (response, context),
            |(mut response, context)| async move {
                match response.chunk().await {
                    Ok(Some(chunk)) => Ok(Some((chunk, (response, context)))),
                    Ok(None) => Ok(None),
                    Err(error) => Err(error::from_body(error, &context)),
                }
            },
        );
        Ok(SnapshotDownload::new(length, chunks))
    }

    /// Sends a snapshot upload, a `multipart/form-data` body, and reads the answer as a flag
    /// (see [`Answer::flag`]).
    pub(crate) async fn upload(
        &self,
        operation: Operation,
        method: Method,
        path: Path<'_>,
        query: Query,
        form: UploadForm,
    ) -> Result<bool> {
        let UploadForm {
            content_type,
            length,
            parts,
            failure,
        } = form;
        let body = reqwest::Body::wrap_stream(parts);
        let sent = self
            .send(
                operation,
                method,
                path,
                query,
                RequestBody::Upload {
                    content_type,
                    length,
                    body,
                },
            )
            .await;
        // A file that fails while being read ends the request; its own error says more than
        // the aborted request's.
        if let Some(file_error) = failure.take() {
            return Err(file_error);
        }
        let (response, context) = sent?;
        Answer::read(response, operation, context).await?.flag()
    }

    /// Sends a request with an optional JSON body and reads its whole 2xx answer, which the
    /// caller decodes as its operation's answer shape says ([`Answer::result`], [`Answer::flag`],
    /// [`Answer::plain`] or [`Answer::text`]).
    ///
    /// Every operation but the downloads and uploads goes through here, so that encoding,
    /// headers, logging and error mapping are written once.
    pub(crate) async fn json<B: Serialize + ?Sized>(
        &self,
        operation: Operation,
        method: Method,
        path: Path<'_>,
        query: Query,
        body: Option<&B>,
    ) -> Result<Answer> {
        let body = match body {
            None => RequestBody::None,
            Some(body) => RequestBody::Json(serde_json::to_vec(body).map_err(|error| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!(
                        "{}: could not encode the request body: {error}",
                        operation.name()
                    ),
                )
            })?),
        };
        let (response, context) = self.send(operation, method, path, query, body).await?;
        Answer::read(response, operation, context).await
    }

    /// Sends the request and returns a 2xx answer, whose body is still to be read, with the
    /// context that names the call in messages; any other answer becomes its error.
    async fn send(
        &self,
        operation: Operation,
        method: Method,
        path: Path<'_>,
        query: Query,
        body: RequestBody,
    ) -> Result<(reqwest::Response, String)> {
        let url = self.url(&path, query)?;
        let context = format!("{} ({method} {})", operation.name(), url.path());

        let mut request = self.http.request(method, url);
        if let Some(auth) = &self.auth {
            // `bearer_auth` marks the header sensitive, so it is never logged.
            request = request.bearer_auth(auth.token().await?.expose());
        }
        match body {
            RequestBody::None => {}
            RequestBody::Json(json) => {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(json);
            }
            RequestBody::Upload {
                content_type,
                length,
                body,
            } => {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .header(reqwest::header::CONTENT_LENGTH, length)
                    .body(body);
            }
        }

        let started = Instant::now();
        let outcome = Self::exchange(operation, request, &context).await;
        if let (Some(auth), Err(error)) = (&self.auth, &outcome)
            && error.kind() == ErrorKind::Unauthenticated
        {
            // The server refused the token: the next call asks the provider for a new one.
            auth.invalidate();
        }
        let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        match &outcome {
            Ok(response) => tracing::debug!(
                operation = operation.name(),
                status = response.status().as_u16(),
                elapsed_ms,
                "answered"
            ),
            Err(error) => {
                tracing::debug!(operation = operation.name(), elapsed_ms, %error, "failed");
            }
        }
        outcome.map(|response| (response, context))
    }

    /// Sends the request; a 2xx answer is returned as it is, any other is read and mapped to
    /// its error.
    async fn exchange(
        operation: Operation,
        request: reqwest::RequestBuilder,
        context: &str,
    ) -> Result<reqwest::Response> {
        let response = request
            .send()
            .await
            .map_err(|error| error::from_reqwest(error, context))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        // The status alone still makes the error when the explanation cannot be read, or is
        // too long to be one.
        let body = read_limited(response, MAX_ERROR_BYTES, context)
            .await
            .unwrap_or_default();
        Err(error::from_status(
            operation,
            status.as_u16(),
            retry_after.as_deref(),
            &body,
        ))
    }

    /// The full url of `path` under the base url, with the query parameters.
    fn url(&self, path: &Path<'_>, query: Query) -> Result<Url> {
        let mut url = self.base.clone();
        {
            let mut segments = url.path_segments_mut().map_err(|()| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!("the REST url `{}` cannot have a path", self.shown),
                )
            })?;
            segments.pop_if_empty();
            let mut params = path.params.iter().map(|param| &**param);
            for segment in path.template.trim_start_matches('/').split('/') {
                if segment.starts_with('{') {
                    let Some(param) = params.next() else {
                        return Err(path.mismatch());
                    };
                    check_path_param(segment, param)?;
                    // `push` percent-encodes the value, `/` included, so it stays one segment.
                    segments.push(param);
                } else {
                    segments.push(segment);
                }
            }
            if params.next().is_some() {
                return Err(path.mismatch());
            }
        }
        if !query.params.is_empty() {
            url.query_pairs_mut().extend_pairs(query.params);
        }
        Ok(url)
    }
}

/// Applies the TLS settings: rustls always, with the system's roots unless told otherwise, the
/// extra CAs, the client certificate and the opt-in to skip verification.
fn tls(mut builder: reqwest::ClientBuilder, tls: &TlsConfig) -> Result<reqwest::ClientBuilder> {
    let invalid = |problem: String| Error::new(ErrorKind::InvalidArgument, problem);
    let mut roots = Vec::new();
    for pem in &tls.ca_pems {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|error| invalid(format!("the CA certificate is not valid PEM: {error}")))?;
        if certificates.is_empty() {
            return Err(invalid(
                "the CA certificate PEM holds no certificate".to_owned(),
            ));
        }
        roots.extend(certificates);
    }
    builder = if tls.system_roots {
        builder.tls_certs_merge(roots)
    } else {
        builder.tls_certs_only(roots)
    };
    if let Some(identity) = &tls.identity {
        // reqwest reads the key and the chain from one PEM buffer.
        let mut pem = identity.key_pem.expose().as_bytes().to_vec();
        pem.push(b'\n');
        pem.extend_from_slice(&identity.cert_pem);
        // The error would not show the key, but it says nothing more than this either.
        let identity = reqwest::Identity::from_pem(&pem).map_err(|_| {
            invalid(
                "the client certificate or its key is not valid PEM (a certificate chain and a \
                 PKCS#8, PKCS#1 or SEC1 private key)"
                    .to_owned(),
            )
        })?;
        builder = builder.identity(identity);
    }
    if tls.danger_accept_invalid_certs {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    Ok(builder)
}

impl fmt::Debug for RestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestTransport")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

/// The body of a request, which decides its `Content-Type`.
enum RequestBody {
    None,
    Json(Vec<u8>),
    Upload {
        content_type: String,
        length: u64,
        body: reqwest::Body,
    },
}

/// Qdrant's answer envelope; only `result` is read; `status` and `time` are ignored.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    result: T,
}

/// The same envelope where `result` may be missing, as in a `202 Accepted` answer.
#[derive(serde::Deserialize)]
struct MaybeEnvelope<T> {
    result: Option<T>,
}

/// A whole 2xx answer, read but not yet decoded.
pub(crate) struct Answer {
    status: StatusCode,
    body: bytes::Bytes,
    operation: Operation,
    context: String,
}

impl Answer {
    /// Reads the whole body of `response`, the answer to `operation`.
    async fn read(
        response: reqwest::Response,
        operation: Operation,
        context: String,
    ) -> Result<Self> {
        let status = response.status();
        let body = read_limited(response, MAX_ANSWER_BYTES, &context).await?;
        Ok(Answer {
            status,
            body,
            operation,
            context,
        })
    }

    /// The envelope's `result`, as the response model.
    pub(crate) fn result<R: DeserializeOwned>(self) -> Result<R> {
        // Straight into the model: the result can be large, so no `Value` in between.
        let envelope: Envelope<R> = serde_json::from_slice(&self.body).map_err(|error| {
            error::undecodable(error, &self.context, self.operation.response_type())
        })?;
        Ok(envelope.result)
    }

    /// The envelope's `result` as a flag, for operations whose `true` means "done" and which
    /// answer `202 Accepted` without a `result` when asked not to wait (`wait=false`): that
    /// answer reads as `true`, since the server took the request and will apply it.
    pub(crate) fn flag(self) -> Result<bool> {
        let envelope: MaybeEnvelope<bool> =
            serde_json::from_slice(&self.body).map_err(|error| {
                error::undecodable(error, &self.context, self.operation.response_type())
            })?;
        match envelope.result {
            Some(done) => Ok(done),
            None if self.status == StatusCode::ACCEPTED => Ok(true),
            None => Err(Error::new(
                ErrorKind::Decode,
                format!(
                    "{}: the answer (HTTP {}) has no result",
                    self.context,
                    self.status.as_u16()
                ),
            )),
        }
    }

    /// The whole body as the response model, for answers without an envelope.
    pub(crate) fn plain<R: DeserializeOwned>(self) -> Result<R> {
        serde_json::from_slice(&self.body).map_err(|error| {
            error::undecodable(error, &self.context, self.operation.response_type())
        })
    }

    /// The whole body as text.
    pub(crate) fn text(self) -> Result<String> {
        String::from_utf8(Vec::from(self.body)).map_err(|error| {
            Error::new(
                ErrorKind::Decode,
                format!("{}: the answer is not UTF-8 text: {error}", self.context),
            )
            .with_source(error)
        })
    }
}

/// The largest JSON answer read into memory: 1 GiB.
///
/// A JSON answer is decoded whole, so without a bound a broken or hostile server (or a gzip
/// bomb, which a small compressed body inflates past any size) could exhaust memory. Real
/// answers stay far below: a scroll of 10,000 points with 1,536-dimensional vectors is about
/// 300 MB of JSON. Snapshot downloads are streams and have no such bound.
pub(crate) const MAX_ANSWER_BYTES: u64 = 1 << 30;

/// The most buffer reserved up front from a `Content-Length`, which the server may not honour.
const PREALLOCATED_BYTES: u64 = 16 << 20;

/// The most of an error answer's body that is read for its message: Qdrant's error texts are
/// short, and a longer body is only quoted in part anyway.
const MAX_ERROR_BYTES: u64 = 64 << 10;

/// Reads the whole body of `response`, failing with [`ErrorKind::Decode`] as soon as it is
/// known to be larger than `limit`: from its `Content-Length` before reading, or while reading
/// a body without one (chunked, or decompressed).
async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
    context: &str,
) -> Result<bytes::Bytes> {
    let too_large = |size: u64| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "{context}: the answer is larger than the limit of {limit} bytes ({size} bytes or more)"
            ),
        )
    };
    let declared = response.content_length();
    if let Some(length) = declared
        && length > limit
    {
        return Err(too_large(length));
    }
    // The declared length only sizes the buffer when it is within the limit; it is a hint, not a
    // promise, so the check below still runs on every chunk.
    let capacity = declared.map_or(0, |length| {
        usize::try_from(length.min(PREALLOCATED_BYTES)).unwrap_or(0)
    });
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| error::from_body(error, context))?
    {
        let size = (body.len() as u64).saturating_add(chunk.len() as u64);
        if size > limit {
            return Err(too_large(size));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(bytes::Bytes::from(body))
}

/// An endpoint path as Qdrant's REST reference writes it, such as
/// `/collections/{collection_name}/points`, and the values of its `{...}` segments in order.
pub(crate) struct Path<'a> {
    template: &'static str,
    params: Vec<Cow<'a, str>>,
}

impl<'a> Path<'a> {
    pub(crate) fn new<const N: usize>(template: &'static str, params: [Cow<'a, str>; N]) -> Self {
        Self {
            template,
            params: Vec::from(params),
        }
    }

    fn mismatch(&self) -> Error {
        Error::new(
            ErrorKind::Usage,
            format!(
                "quadrant-rest bug: the path `{}` was given {} parameters",
                self.template,
                self.params.len()
            ),
        )
    }
}

/// Refuses path values that a url cannot carry as one segment: empty ones, and `.` and `..`,
/// which url normalisation would drop and so send the request to another endpoint.
fn check_path_param(placeholder: &str, value: &str) -> Result<()> {
    if matches!(value, "" | "." | "..") {
        let name = placeholder.trim_matches(|c| c == '{' || c == '}');
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("`{value}` is not a valid {name}"),
        ));
    }
    Ok(())
}

/// The query parameters of one request. Unset parameters are left out, so the server applies
/// its own defaults.
#[derive(Default)]
pub(crate) struct Query {
    params: Vec<(&'static str, String)>,
}

impl Query {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds `name` when `value` is set, in its query-parameter form (see [`QueryValue`]).
    pub(crate) fn push(mut self, name: &'static str, value: &impl QueryValue) -> Self {
        if let Some(text) = value.query_text() {
            self.params.push((name, text));
        }
        self
    }

    /// `wait`: whether a write answers only once it is applied. Unset means `true`, the client
    /// default, so that a write is visible to the next read; the server's own default is
    /// `false`. The one parameter whose absence is not left to the server.
    pub(crate) fn wait(self, wait: Option<bool>) -> Self {
        self.push("wait", &wait.unwrap_or(true))
    }
}

/// A request field sent as a query parameter: how its value is written, or that it is left out.
pub(crate) trait QueryValue {
    /// The parameter's text, or `None` to leave the parameter out.
    fn query_text(&self) -> Option<String>;
}

/// An unset field is left out.
impl<T: QueryValue> QueryValue for Option<T> {
    fn query_text(&self) -> Option<String> {
        self.as_ref().and_then(QueryValue::query_text)
    }
}

/// A list is one parameter, its items separated by commas, as Qdrant reads `with=a,b`.
impl<T: QueryValue> QueryValue for Vec<T> {
    fn query_text(&self) -> Option<String> {
        let items: Vec<String> = self.iter().filter_map(QueryValue::query_text).collect();
        Some(items.join(","))
    }
}

/// Values written with their `Display`, which for the models is their query-parameter form.
macro_rules! display_query_value {
    ($($ty:ty),* $(,)?) => {$(
        impl QueryValue for $ty {
            fn query_text(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}

display_query_value!(
    bool,
    u32,
    u64,
    String,
    WriteOrdering,
    ReadConsistency,
    SnapshotPriority,
    OptimizationsWith,
);

#[cfg(test)]
mod tests {
    use quadrant_transport::Secret;
    use quadrant_transport::models::ReadConsistencyType;

    use super::*;

    fn transport(url: &str) -> RestTransport {
        RestTransport::new(url).unwrap()
    }

    #[test]
    fn paths_are_joined_to_the_base_and_percent_encoded() {
        let rest = transport("http://localhost:6333");
        let url = rest
            .url(
                &Path::new(
                    "/collections/{collection_name}/points",
                    ["my_collection".into()],
                ),
                Query::new().wait(None),
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://localhost:6333/collections/my_collection/points?wait=true"
        );

        let rest = transport("https://example.com/qdrant/");
        let url = rest
            .url(
                &Path::new(
                    "/collections/{collection_name}/index/{field_name}",
                    ["a/b c".into(), "metadata.price?#%".into()],
                ),
                Query::new().wait(Some(false)).push("timeout", &Some(5_u64)),
            )
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://example.com/qdrant/collections/a%2Fb%20c/index/metadata.price%3F%23%25?wait=false&timeout=5"
        );
    }

    #[test]
    fn paths_refuse_values_that_would_change_the_endpoint() {
        let rest = transport("http://localhost:6333");
        for name in ["", ".", ".."] {
            let error = rest
                .url(
                    &Path::new("/collections/{collection_name}", [name.into()]),
                    Query::new(),
                )
                .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument);
            assert!(error.message().contains("collection_name"), "{error}");
        }
    }

    #[test]
    fn query_parameters_are_written_as_plain_text() {
        let query = Query::new()
            .push("ordering", &Some(WriteOrdering::Strong))
            .push("consistency", &Some(ReadConsistency::Factor(2)))
            .push(
                "consistency",
                &Some(ReadConsistency::from(ReadConsistencyType::Majority)),
            )
            .push("consistency", &None::<ReadConsistency>)
            .push("timeout", &None::<u64>)
            .push("checksum", &Some("abc".to_owned()))
            .push("priority", &Some(SnapshotPriority::Snapshot))
            .push(
                "with",
                &Some(vec![
                    OptimizationsWith::Queued,
                    OptimizationsWith::Completed,
                ]),
            )
            .push("with", &Some(Vec::<OptimizationsWith>::new()))
            .wait(None)
            .wait(Some(false));
        assert_eq!(
            query.params,
            [
                ("ordering", "strong".to_owned()),
                ("consistency", "2".to_owned()),
                ("consistency", "majority".to_owned()),
                ("checksum", "abc".to_owned()),
                ("priority", "snapshot".to_owned()),
                ("with", "queued,completed".to_owned()),
                ("with", String::new()),
                ("wait", "true".to_owned()),
                ("wait", "false".to_owned()),
            ]
        );
    }

    /// Answers one connection with `answer`, raw bytes, and returns the url to ask.
    async fn answer_once(answer: &'static [u8]) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0_u8; 4096];
            let _ = socket.read(&mut request).await;
            let _ = socket.write_all(answer).await;
            let _ = socket.shutdown().await;
        });
        url
    }

    async fn read_with_limit(answer: &'static [u8], limit: u64) -> Result<bytes::Bytes> {
        let url = answer_once(answer).await;
        let response = reqwest::get(url).await.unwrap();
        read_limited(response, limit, "test (GET /)").await
    }

    #[tokio::test]
    async fn answers_over_the_limit_are_decode_errors() {
        let body = read_with_limit(
            b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\n0123456789",
            10,
        )
        .await
        .unwrap();
        assert_eq!(&body[..], b"0123456789");

        // Refused from the header alone, before any of the body is read.
        let declared = read_with_limit(
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000000000000\r\nconnection: close\r\n\r\n{",
            10,
        )
        .await
        .unwrap_err();
        assert_eq!(declared.kind(), ErrorKind::Decode);
        assert!(
            declared
                .message()
                .contains("larger than the limit of 10 bytes"),
            "{declared}"
        );

        // Without a length, the running total is checked as chunks arrive.
        let chunked = read_with_limit(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n\
              8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n",
            10,
        )
        .await
        .unwrap_err();
        assert_eq!(chunked.kind(), ErrorKind::Decode);
        assert!(chunked.message().contains("test (GET /)"), "{chunked}");
    }

    #[test]
    fn the_api_key_never_shows() {
        let key = "conf-admin-key";
        let config = ConnectionConfig::new("http://localhost:6333").api_key(Secret::new(key));
        assert!(!format!("{config:?}").contains(key));
        let rest = RestTransport::new(config).unwrap();
        let shown = format!("{rest:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(shown.contains("localhost:6333"), "{shown}");

        // Credentials in the url are refused, and neither the error nor Debug repeats them.
        let config = ConnectionConfig::new("http://user:pass-word@localhost:6333");
        assert!(!format!("{config:?}").contains("pass-word"));
        let refused = RestTransport::new(config).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
        assert!(!format!("{refused:?}").contains("pass-word"), "{refused:?}");

        let refused = RestTransport::new(
            ConnectionConfig::new("http://localhost:6333").api_key(format!("{key}\n")),
        )
        .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
        for text in [format!("{refused}"), format!("{refused:?}")] {
            assert!(!text.contains(key), "{text}");
        }
    }
}
