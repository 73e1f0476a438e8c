//! Turns the engine's errors, and our own refusals, into quadrant's [`Error`].
//!
//! Messages follow the texts a Qdrant 1.18 server sends for the same failure, so that code
//! matching on them behaves the same on every transport.

use std::path::Path;

use qdrant_edge::OperationError;
use quadrant_transport::{Error, ErrorKind, Operation, Resource};

/// The name this transport gives in errors and logs.
pub(crate) const TRANSPORT: &str = "embedded";

/// Maps an engine error to the kind and message the server would answer with.
///
/// The server wraps engine errors in its `CollectionError`; its `Display` adds `Wrong input:`
/// to bad input and `Service internal error:` to failures of its own. We do the same.
pub(crate) fn engine(error: OperationError) -> Error {
    let missing_point = matches!(error, OperationError::PointIdError { .. });
    let (kind, message) = match &error {
        OperationError::WrongVectorDimension { .. }
        | OperationError::VectorNameNotExists { .. }
        | OperationError::TypeError { .. }
        | OperationError::TypeInferenceError { .. }
        | OperationError::ValidationError { .. }
        | OperationError::MissingRangeIndexForOrderBy { .. }
        | OperationError::MissingMapIndexForFacet { .. }
        | OperationError::VariableTypeError { .. }
        | OperationError::NonFiniteNumber { .. } => {
            (ErrorKind::InvalidArgument, format!("Wrong input: {error}"))
        }
        OperationError::WrongSparse => (
            ErrorKind::InvalidArgument,
            "Wrong input: Conversion between sparse and regular vectors failed".to_owned(),
        ),
        OperationError::WrongMulti => (
            ErrorKind::InvalidArgument,
            "Wrong input: Conversion between multi and regular vectors failed".to_owned(),
        ),
        OperationError::PointIdError { missed_point_id } => (
            ErrorKind::NotFound,
            format!("Not found: No point with id {missed_point_id} found"),
        ),
        OperationError::Timeout { description } => {
            (ErrorKind::Timeout, format!("Timeout error: {description}"))
        }
        // The engine's service errors are its storage failing (I/O, a damaged file) or an
        // internal fault; on a local engine none of them goes away by asking again.
        OperationError::ServiceError { description, .. } => (
            ErrorKind::Io,
            format!("Service internal error: {description}"),
        ),
        OperationError::InconsistentStorage { .. } => {
            (ErrorKind::Io, format!("Service internal error: {error}"))
        }
        OperationError::OutOfMemory { .. } | OperationError::Cancelled { .. } => (
            ErrorKind::Server,
            format!("Service internal error: {error}"),
        ),
    };
    let error = Error::new(kind, message).with_source(error);
    if missing_point {
        error.with_resource(Resource::Point)
    } else {
        error
    }
}

/// Like [`engine`], but recognises the WAL lock that another open shard holds.
///
/// The engine locks each shard's WAL directory with `flock`; a second open fails with an I/O
/// `WouldBlock` that only survives as text inside a service error.
pub(crate) fn engine_open(error: OperationError, root: &Path) -> Error {
    if let OperationError::ServiceError { description, .. } = &error
        && description.contains("WAL")
        && description.contains("WouldBlock")
    {
        return already_open(root);
    }
    engine(error)
}

/// The database directory is held by another `EmbeddedTransport`, in this process or another.
pub(crate) fn already_open(root: &Path) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!(
            "the embedded database at {} is already open in another process \
             (or by another EmbeddedTransport in this one)",
            root.display()
        ),
    )
}

/// The server's answer for a collection that does not exist.
pub(crate) fn collection_not_found(name: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("Not found: Collection `{name}` doesn't exist!"),
    )
    .with_resource(Resource::Collection)
}

/// The server's answer for creating a collection that exists.
pub(crate) fn collection_exists(name: &str) -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        format!("Wrong input: Collection `{name}` already exists!"),
    )
}

/// Input the server would refuse as bad input (HTTP 400, `Wrong input:`).
pub(crate) fn wrong_input(description: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("Wrong input: {description}"),
    )
}

/// A request the server would refuse as a bad request (HTTP 400, `Bad request:`).
pub(crate) fn bad_request(description: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("Bad request: {description}"),
    )
}

/// A request field or query kind that this transport cannot honour (yet). Never ignored.
pub(crate) fn unsupported(operation: Operation, what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!(
            "`{}` with {what} is not supported by the {TRANSPORT} transport",
            operation.name()
        ),
    )
}

/// A refusal of something a Qdrant newer than the engine added: `feature` needs Qdrant
/// `version`, and the engine (qdrant-edge 0.7.2, which speaks Qdrant 1.18) does not have it.
pub(crate) fn newer_feature(operation: Operation, feature: &str, version: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!(
            "`{}` with {feature} is not supported by the {TRANSPORT} transport: {feature} needs \
             Qdrant {version}; the embedded engine (qdrant-edge {}) does not have it",
            operation.name(),
            crate::ENGINE_VERSION,
        ),
    )
}

/// A file-system failure of our own bookkeeping (catalog, lock file, directories) or of a
/// snapshot on local disk: [`ErrorKind::Io`], which is not retried. The message keeps the
/// server's wording for its own failures.
pub(crate) fn io(context: impl std::fmt::Display, error: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("Service internal error: {context}: {error}"),
    )
    .with_source(error)
}

/// A blocking engine task that did not finish: it panicked (the engine panics on some I/O
/// failures during `flush`) or the runtime is shutting down.
pub(crate) fn join(error: tokio::task::JoinError) -> Error {
    let message = if error.is_panic() {
        "Service internal error: the embedded engine panicked while serving the request"
    } else {
        "Service internal error: the embedded engine task was cancelled"
    };
    Error::new(ErrorKind::Server, message).with_source(error)
}

/// A lock whose holder panicked. The guarded state is still consistent (the engine's own
/// state is not behind our locks), so callers recover the guard; this only builds the text for
/// logs.
pub(crate) fn poisoned(what: &str) -> String {
    format!("{what} lock was poisoned by a panic in an earlier engine call; continuing")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_keeps_the_server_text() {
        let error = engine(OperationError::WrongVectorDimension {
            expected_dim: 4,
            received_dim: 3,
        });
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert_eq!(
            error.message(),
            "Wrong input: Vector dimension error: expected dim: 4, got 3"
        );
        let error = engine(OperationError::vector_name_not_exists("nope"));
        assert_eq!(
            error.message(),
            "Wrong input: Not existing vector name error: nope"
        );
    }

    #[test]
    fn missing_point_is_not_found() {
        let error = engine(OperationError::PointIdError {
            missed_point_id: 12345.into(),
        });
        assert!(error.is_not_found());
        assert_eq!(error.message(), "Not found: No point with id 12345 found");
        assert_eq!(error.resource(), Some(Resource::Point));
    }

    /// The resources the engine's errors name are the ones the server's words for the same
    /// failure give on REST and gRPC.
    #[test]
    fn not_found_resources_agree_with_the_servers_words() {
        let missing_point = engine(OperationError::PointIdError {
            missed_point_id: 7.into(),
        });
        for error in [missing_point, collection_not_found("gone")] {
            let inferred = Resource::infer(Operation::GetCollections, error.message());
            assert_eq!(error.resource(), inferred, "{error}");
            assert!(inferred.is_some(), "{error}");
        }
        let refused = engine(OperationError::vector_name_not_exists("nope"));
        assert_eq!(refused.resource(), None);
    }

    #[test]
    fn wal_lock_is_a_usage_error() {
        let error = engine_open(
            OperationError::service_error(
                "failed to open WAL /x/wal: Can't init WAL: Kind(WouldBlock)",
            ),
            Path::new("/x"),
        );
        assert_eq!(error.kind(), ErrorKind::Usage);
        assert!(error.message().contains("already open"), "{error}");
    }
}
