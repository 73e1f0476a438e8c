//! The request and response plumbing shared by every operation: url building, headers, sending,
//! reading Qdrant's `{result, status, time}` envelope and mapping failures.

use std::fmt;
use std::time::Instant;

use quadrant_transport::models::{ReadConsistency, WriteOrdering};
use quadrant_transport::{Error, ErrorKind, Operation, Result};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::{RestConfig, display_url, parse_base_url};
use crate::error;

/// The REST transport: sends each operation to Qdrant's HTTP API.
///
/// Cloning is cheap and clones share one connection pool.
#[derive(Clone)]
pub struct RestTransport {
    http: reqwest::Client,
    base: Url,
    /// The base url as shown in `Debug` and messages, with any password hidden.
    shown: String,
}

impl RestTransport {
    /// Creates a transport for the server that `config` describes.
    ///
    /// Nothing is sent yet: the server is first contacted by the first operation.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the url is not an http or https url with a host, or the
    /// api key cannot be sent as an HTTP header value; [`ErrorKind::Usage`] when the HTTP client
    /// cannot be set up (for example when no TLS backend can be initialised).
    pub fn new(config: RestConfig) -> Result<Self> {
        let base = parse_base_url(&config.url)?;
        let mut headers = HeaderMap::new();
        if let Some(api_key) = &config.api_key {
            // The value is never echoed: it is the secret.
            let mut value = HeaderValue::from_str(api_key.expose()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "the api key contains characters that cannot be sent in an HTTP header",
                )
            })?;
            value.set_sensitive(true);
            headers.insert("api-key", value);
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("quadrant-rest/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .gzip(config.compression);
        if let Some(timeout) = config.timeout {
            builder = builder.timeout(timeout);
        }
        let http = builder.build().map_err(|error| {
            Error::new(
                ErrorKind::Usage,
                format!("could not set up the HTTP client: {error}"),
            )
            .with_source(error.without_url())
        })?;
        let shown = display_url(&base);
        Ok(Self { http, base, shown })
    }

    /// Sends one operation and reads the `result` of the answer as `R`.
    ///
    /// Every operation goes through here, so that encoding, headers, logging and error mapping
    /// are written once.
    pub(crate) async fn call<B, R>(
        &self,
        operation: Operation,
        method: Method,
        path: Path<'_>,
        query: Query,
        body: Option<&B>,
    ) -> Result<R>
    where
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let url = self.url(&path, query)?;
        let context = format!("{} ({method} {})", operation.name(), url.path());

        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            let json = serde_json::to_vec(body).map_err(|error| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!("{context}: could not encode the request body: {error}"),
                )
            })?;
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json);
        }

        let started = Instant::now();
        let outcome = self.exchange(request, operation, &context).await;
        let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        match &outcome {
            Ok((status, _)) => tracing::debug!(
                operation = operation.name(),
                status = status.as_u16(),
                elapsed_ms,
                "answered"
            ),
            Err(error) => {
                tracing::debug!(operation = operation.name(), elapsed_ms, %error, "failed");
            }
        }
        outcome.map(|(_, result)| result)
    }

    /// Sends the request, then reads a 2xx answer's `result` as `R`, or maps any other answer to
    /// its error.
    async fn exchange<R: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        operation: Operation,
        context: &str,
    ) -> Result<(StatusCode, R)> {
        let response = request
            .send()
            .await
            .map_err(|error| error::from_reqwest(error, context))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response
            .bytes()
            .await
            .map_err(|error| error::from_reqwest(error, context))?;
        if !status.is_success() {
            return Err(error::from_status(
                status.as_u16(),
                retry_after.as_deref(),
                &body,
            ));
        }
        // Straight into the model: the result can be large, so no `Value` in between.
        let envelope: Envelope<R> = serde_json::from_slice(&body)
            .map_err(|error| error::undecodable(error, context, operation.response_type()))?;
        Ok((status, envelope.result))
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
            let mut params = path.params.iter();
            for segment in path.template.trim_start_matches('/').split('/') {
                if segment.starts_with('{') {
                    let Some(&param) = params.next() else {
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

impl fmt::Debug for RestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestTransport")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

/// Qdrant's answer envelope; only `result` is read; `status` and `time` are ignored.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    result: T,
}

/// An endpoint path as Qdrant's REST reference writes it, such as
/// `/collections/{collection_name}/points`, and the values of its `{...}` segments in order.
pub(crate) struct Path<'a> {
    template: &'static str,
    params: Vec<&'a str>,
}

impl<'a> Path<'a> {
    pub(crate) fn new<const N: usize>(template: &'static str, params: [&'a str; N]) -> Self {
        Self {
            template,
            params: params.to_vec(),
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

    /// `wait`: whether a write answers only once it is applied. Unset means `true`, the client
    /// default, so that a write is visible to the next read.
    pub(crate) fn wait(self, wait: Option<bool>) -> Self {
        self.param("wait", Some(wait.unwrap_or(true)))
    }

    /// `timeout`: the server-side deadline of the operation, in seconds.
    pub(crate) fn timeout(self, seconds: Option<u64>) -> Self {
        self.param("timeout", seconds)
    }

    /// `ordering`: the write ordering guarantee (`weak`, `medium`, `strong`).
    pub(crate) fn ordering(self, ordering: Option<WriteOrdering>) -> Self {
        self.param("ordering", ordering)
    }

    /// `consistency`: how many replicas a read must agree with, a number or a name.
    pub(crate) fn consistency(self, consistency: Option<&ReadConsistency>) -> Self {
        self.param("consistency", consistency)
    }

    /// Adds `name` when `value` is set; the models' `Display` is their query-parameter form.
    fn param(mut self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        if let Some(value) = value {
            self.params.push((name, value.to_string()));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use quadrant_transport::Secret;
    use quadrant_transport::models::ReadConsistencyType;

    use super::*;

    fn transport(url: &str) -> RestTransport {
        RestTransport::new(RestConfig::new(url)).unwrap()
    }

    #[test]
    fn paths_are_joined_to_the_base_and_percent_encoded() {
        let rest = transport("http://localhost:6333");
        let url = rest
            .url(
                &Path::new("/collections/{collection_name}/points", ["my_collection"]),
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
                    ["a/b c", "metadata.price?#%"],
                ),
                Query::new().wait(Some(false)).timeout(Some(5)),
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
                    &Path::new("/collections/{collection_name}", [name]),
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
            .ordering(Some(WriteOrdering::Strong))
            .consistency(Some(&ReadConsistency::Factor(2)))
            .consistency(Some(&ReadConsistencyType::Majority.into()))
            .consistency(None)
            .timeout(None);
        assert_eq!(
            query.params,
            [
                ("ordering", "strong".to_owned()),
                ("consistency", "2".to_owned()),
                ("consistency", "majority".to_owned())
            ]
        );
    }

    #[test]
    fn the_api_key_never_shows() {
        let key = "conf-admin-key";
        let config = RestConfig::new("http://user:pass@localhost:6333").api_key(Secret::new(key));
        assert!(!format!("{config:?}").contains(key));
        let rest = RestTransport::new(config).unwrap();
        let shown = format!("{rest:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(!shown.contains("pass@"), "{shown}");
        assert!(shown.contains("localhost:6333"), "{shown}");

        let refused = RestTransport::new(
            RestConfig::new("http://localhost:6333").api_key(format!("{key}\n")),
        )
        .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
        for text in [format!("{refused}"), format!("{refused:?}")] {
            assert!(!text.contains(key), "{text}");
        }
    }
}
