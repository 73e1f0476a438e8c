//! The one error type of quadrant, shared by every transport and both front ends.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::Resource;

/// A specialised `Result` whose error is quadrant's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as a caller needs to know it to decide what to do next.
///
/// Each kind says whether a retry layer may repeat the call. A kind marked "transient" is only
/// repeated when the operation itself is safe to repeat (see [`crate::Retry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The collection, point, alias or snapshot does not exist; [`Error::resource`] says which
    /// of them. Not retried.
    NotFound,
    /// The collection or alias to create exists already. Not retried.
    AlreadyExists,
    /// The request was refused as malformed or inconsistent, for example a vector of the wrong
    /// dimension or an unknown vector name. Not retried.
    InvalidArgument,
    /// No credentials, or wrong ones. Not retried.
    Unauthenticated,
    /// The credentials are valid but do not allow this operation, for example a write with a
    /// read-only key. Not retried.
    PermissionDenied,
    /// The call did not finish within its deadline. Transient: retried for safe operations.
    Timeout,
    /// The server could not be reached or said it is unavailable. Transient: retried for safe
    /// operations.
    Unavailable,
    /// The server asked the client to slow down. Transient: retried after
    /// [`Error::retry_after`] when the server gave one.
    RateLimited,
    /// The transport cannot perform this operation, for example cluster operations on the
    /// embedded engine. Not retried.
    Unsupported,
    /// The answer could not be read into quadrant's models. Not retried: the operation may have
    /// been applied.
    Decode,
    /// The server failed while serving the request. Transient: retried for safe operations.
    Server,
    /// A local file or directory could not be read or written: the embedded engine's database
    /// directory or its storage (a flush, a damaged file), a snapshot written to or read from
    /// local disk. Not retried: the same call meets the same disk (a missing path, permissions,
    /// a full or read-only file system).
    Io,
    /// The client was used in a way it cannot serve, such as a blocking call made from inside an
    /// async runtime, or an embedded path that another process holds open. Not retried.
    Usage,
}

impl ErrorKind {
    /// Whether an error of this kind may go away if the same call is made again.
    pub const fn is_transient(self) -> bool {
        matches!(
            self,
            Self::Timeout | Self::Unavailable | Self::RateLimited | Self::Server
        )
    }

    fn describe(self) -> &'static str {
        match self {
            Self::NotFound => "not found",
            Self::AlreadyExists => "already exists",
            Self::InvalidArgument => "invalid argument",
            Self::Unauthenticated => "unauthenticated",
            Self::PermissionDenied => "permission denied",
            Self::Timeout => "timed out",
            Self::Unavailable => "unavailable",
            Self::RateLimited => "rate limited",
            Self::Unsupported => "unsupported",
            Self::Decode => "could not decode the answer",
            Self::Server => "server error",
            Self::Io => "local I/O failure",
            Self::Usage => "misuse of the client",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The error of every quadrant call.
///
/// It is opaque on purpose: ask it with [`Error::kind`], [`Error::is_retryable`],
/// [`Error::retry_after`], [`Error::resource`] and [`Error::message`]. No HTTP or gRPC library type appears in it,
/// so upgrading a transport never changes this type.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    retry_after: Option<Duration>,
    resource: Option<Resource>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    /// Creates an error of `kind` with a message that names the problem.
    ///
    /// For errors the server reported, the message is the server's own text.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                retry_after: None,
                resource: None,
                source: None,
            }),
        }
    }

    /// An [`ErrorKind::NotFound`] error with the server's `message`, and the
    /// [`resource`](Error::resource) that the message, or else `operation`, says is missing
    /// (see [`Resource::infer`]).
    pub fn not_found(operation: crate::Operation, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message).infer_resource(operation)
    }

    /// An [`ErrorKind::Unsupported`] error naming the operation and the transport that lacks it.
    pub fn unsupported(operation: crate::Operation, transport: &str) -> Self {
        Self::new(
            ErrorKind::Unsupported,
            format!(
                "`{}` is not supported by the {transport} transport",
                operation.name()
            ),
        )
    }

    /// Attaches the lower-level error that caused this one.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// Prefixes the message with `context` (`"<context>: <message>"`), keeping the kind, the
    /// source and the server's `retry_after`, so that wrapping an error to say where it
    /// happened loses nothing a caller or a retry layer reads.
    pub fn with_context(mut self, context: impl fmt::Display) -> Self {
        self.inner.message = format!("{context}: {}", self.inner.message);
        self
    }

    /// Names the operation in the message (`"upsert_points: <message>"`), keeping the kind,
    /// the source and `retry_after`: see [`Error::with_context`].
    pub fn in_operation(self, operation: crate::Operation) -> Self {
        self.with_context(operation.name())
    }

    /// Records what a not-found error says is missing. Only an [`ErrorKind::NotFound`] error
    /// reports it (see [`Error::resource`]).
    pub fn with_resource(mut self, resource: Resource) -> Self {
        self.inner.resource = Some(resource);
        self
    }

    /// Fills in, for an [`ErrorKind::NotFound`] error that has no resource yet, the one its
    /// message, or else `operation`, says is missing ([`Resource::infer`]). Any other error is
    /// returned as it is. Transports call it where they turn the server's answer into an error.
    pub fn infer_resource(mut self, operation: crate::Operation) -> Self {
        if self.inner.kind == ErrorKind::NotFound && self.inner.resource.is_none() {
            self.inner.resource = Resource::infer(operation, &self.inner.message);
        }
        self
    }

    /// Records how long the server asked the client to wait before trying again.
    pub fn with_retry_after(mut self, delay: Duration) -> Self {
        self.inner.retry_after = Some(delay);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message: the server's own words for server-side errors, otherwise ours.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Whether the failure may be transient, so that the same call could succeed later.
    ///
    /// A retry layer also checks that the operation is safe to repeat before it does so.
    pub fn is_retryable(&self) -> bool {
        self.inner.kind.is_transient()
    }

    /// How long the server asked the client to wait, when it was rate limited.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// What a not-found error says does not exist: `Some` for an [`ErrorKind::NotFound`] error
    /// whose resource is known, `None` for any other error.
    ///
    /// Every transport fills it in from the server's message and the operation, so that a
    /// caller tells a missing collection from a missing point without reading the message.
    ///
    /// ```
    /// use quadrant_transport::{Error, ErrorKind, Operation, Resource};
    ///
    /// // What a transport makes of Qdrant's answer to a query by a point id that is not there.
    /// let error = Error::not_found(
    ///     Operation::QueryPoints,
    ///     "Not found: No point with id 12345 found",
    /// );
    /// match error.resource() {
    ///     Some(Resource::Collection) => println!("create the collection first"),
    ///     Some(Resource::Point) => println!("no such point: {}", error.message()),
    ///     _ => println!("{error}"),
    /// }
    /// assert_eq!(error.resource(), Some(Resource::Point));
    ///
    /// // Other errors have none.
    /// let refused = Error::new(ErrorKind::InvalidArgument, "Wrong input: Shard key eu not found");
    /// assert_eq!(refused.resource(), None);
    /// ```
    pub fn resource(&self) -> Option<Resource> {
        self.inner
            .resource
            .filter(|_| self.inner.kind == ErrorKind::NotFound)
    }

    /// Whether this is [`ErrorKind::NotFound`].
    pub fn is_not_found(&self) -> bool {
        self.inner.kind == ErrorKind::NotFound
    }

    /// Whether this is [`ErrorKind::Timeout`].
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(resource) = self.resource() {
            debug.field("resource", &resource);
        }
        if let Some(delay) = self.inner.retry_after {
            debug.field("retry_after", &delay);
        }
        if let Some(source) = &self.inner.source {
            debug.field("source", source);
        }
        debug.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.inner.kind, self.inner.message)
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// A payload that cannot be built from the caller's value is an invalid argument; one that
/// cannot be read into the caller's type is a decode error. The message names the type and the
/// field; the [`PayloadError`](quadrant_models::PayloadError) is the source.
impl From<quadrant_models::PayloadError> for Error {
    fn from(error: quadrant_models::PayloadError) -> Self {
        let kind = if error.is_reading() {
            ErrorKind::Decode
        } else {
            ErrorKind::InvalidArgument
        };
        Error::new(kind, error.to_string()).with_source(error)
    }
}

/// A JSON value that is not an object, given as a payload, is an invalid argument.
impl From<quadrant_models::NotAnObject> for Error {
    fn from(error: quadrant_models::NotAnObject) -> Self {
        Error::new(ErrorKind::InvalidArgument, error.to_string()).with_source(error)
    }
}

/// Reads a `Retry-After` value (the REST header or the gRPC trailer) given in seconds, whole
/// or fractional, with blanks around it allowed, as the delay the server asked for.
///
/// Qdrant sends whole seconds (`retry-after: 30`). A value that is not a non-negative number of
/// seconds, such as the HTTP date form, which Qdrant does not send, gives `None`, and the
/// caller then keeps its own backoff.
///
/// ```
/// use std::time::Duration;
/// use quadrant_transport::parse_retry_after;
///
/// assert_eq!(parse_retry_after("30"), Some(Duration::from_secs(30)));
/// assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
/// assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
/// ```
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    value
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_kind_and_message() {
        let error = Error::new(
            ErrorKind::NotFound,
            "Not found: Collection `x` doesn't exist!",
        );
        assert_eq!(
            error.to_string(),
            "not found: Not found: Collection `x` doesn't exist!"
        );
        assert!(error.is_not_found());
        assert!(!error.is_retryable());
    }

    #[test]
    fn rate_limited_keeps_retry_after() {
        let error = Error::new(ErrorKind::RateLimited, "slow down")
            .with_retry_after(Duration::from_secs(2));
        assert!(error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn payload_errors_are_invalid_arguments_when_writing_and_decode_errors_when_reading() {
        let written: Error = quadrant_models::to_payload(&[1, 2]).unwrap_err().into();
        assert_eq!(written.kind(), ErrorKind::InvalidArgument);
        assert!(written.message().contains("an array"), "{written}");
        assert!(StdError::source(&written).is_some());

        let payload = quadrant_models::to_payload(&serde_json::json!({"n": "x"})).unwrap();
        let read: Error =
            quadrant_models::from_payload::<std::collections::BTreeMap<String, u8>>(&payload)
                .unwrap_err()
                .into();
        assert_eq!(read.kind(), ErrorKind::Decode);
        assert!(read.message().contains("field `n`"), "{read}");
        assert!(!read.is_retryable());

        let refused: Error = quadrant_models::payload_from_json(serde_json::json!(3))
            .unwrap_err()
            .into();
        assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after(" 30 "), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(
            parse_retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        for refused in [
            "",
            "soon",
            "-1",
            "-0.5",
            "NaN",
            "inf",
            "1e300",
            "Wed, 21 Oct 2026 07:28:00 GMT",
        ] {
            assert_eq!(parse_retry_after(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn naming_the_operation_keeps_kind_source_and_delay() {
        let cause = std::io::Error::other("connection reset by peer");
        let error = Error::new(ErrorKind::RateLimited, "slow down")
            .with_source(cause)
            .with_retry_after(Duration::from_secs(3))
            .in_operation(crate::Operation::UpsertPoints);
        assert_eq!(error.kind(), ErrorKind::RateLimited);
        assert_eq!(error.message(), "upsert_points: slow down");
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        let source = StdError::source(&error).expect("the source survives");
        assert_eq!(source.to_string(), "connection reset by peer");
        assert!(source.downcast_ref::<std::io::Error>().is_some());

        let error = error.with_context("batch 2");
        assert_eq!(error.message(), "batch 2: upsert_points: slow down");
        assert!(StdError::source(&error).is_some());
    }

    #[test]
    fn only_not_found_errors_report_a_resource_and_context_keeps_it() {
        let error = Error::not_found(
            crate::Operation::GetPoint,
            "Not found: Collection `gone` doesn't exist!",
        )
        .in_operation(crate::Operation::GetPoint)
        .with_context("batch 2");
        assert_eq!(error.resource(), Some(Resource::Collection));
        assert!(format!("{error:?}").contains("resource: Collection"));

        // An explicit resource is not guessed over; other kinds report none.
        let error = Error::new(ErrorKind::NotFound, "Not found: Snapshot s not found")
            .with_resource(Resource::Shard)
            .infer_resource(crate::Operation::GetSnapshot);
        assert_eq!(error.resource(), Some(Resource::Shard));
        let refused = Error::new(
            ErrorKind::InvalidArgument,
            "Wrong input: Shard key eu not found",
        )
        .with_resource(Resource::ShardKey)
        .infer_resource(crate::Operation::QueryPoints);
        assert_eq!(refused.resource(), None);
        assert!(!format!("{refused:?}").contains("resource"));
        let bare = Error::new(ErrorKind::NotFound, "gRPC status NotFound");
        assert_eq!(bare.resource(), None);
        assert_eq!(
            bare.infer_resource(crate::Operation::GetCollection)
                .resource(),
            Some(Resource::Collection)
        );
    }

    #[test]
    fn local_io_failures_are_not_retried() {
        let error = Error::new(ErrorKind::Io, "cannot create /x: permission denied");
        assert!(!error.is_retryable());
        assert!(!ErrorKind::Io.is_transient());
        assert_eq!(
            error.to_string(),
            "local I/O failure: cannot create /x: permission denied"
        );
    }
}
