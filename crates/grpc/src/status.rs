//! Turns a failed gRPC call's status into quadrant's one [`Error`].
//!
//! The status code decides the [`ErrorKind`]; the status message, which is the server's own text
//! (the same text REST puts in `status.error`), is the error's message. A `retry-after` in the
//! trailing metadata, which Qdrant sends with `RESOURCE_EXHAUSTED`, becomes
//! [`Error::retry_after`].
//!
//! In the exchanges recorded from Qdrant 1.18.3, every failure has the same class and the same
//! words on both APIs: a missing collection is `NOT_FOUND` / 404 with "Not found: Collection `…`
//! doesn't exist!" (for `Get` and for `Query` alike), an existing one `ALREADY_EXISTS` / 409,
//! wrong input `INVALID_ARGUMENT` / 400, a missing point id in a query `NOT_FOUND` / 404, a
//! missing or wrong key `UNAUTHENTICATED` / 401, a read-only key writing `PERMISSION_DENIED` /
//! 403, and the rate limit `RESOURCE_EXHAUSTED` / 429 with `retry-after: 30` in the trailers /
//! headers. The one difference is of form: REST sends the authentication failures as a plain-text
//! body rather than Qdrant's JSON error, gRPC as the status message.

use quadrant_transport::{Error, ErrorKind, Operation, parse_retry_after};
use tonic::{Code, Status, TimeoutExpired};

/// The error kind a status code stands for.
pub(crate) fn kind_for_code(code: Code) -> ErrorKind {
    match code {
        Code::NotFound => ErrorKind::NotFound,
        Code::AlreadyExists => ErrorKind::AlreadyExists,
        // Qdrant's "wrong input" is INVALID_ARGUMENT; the other two also say that the request
        // itself cannot succeed as it is.
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            ErrorKind::InvalidArgument
        }
        Code::Unauthenticated => ErrorKind::Unauthenticated,
        Code::PermissionDenied => ErrorKind::PermissionDenied,
        Code::DeadlineExceeded => ErrorKind::Timeout,
        Code::Unavailable => ErrorKind::Unavailable,
        Code::ResourceExhausted => ErrorKind::RateLimited,
        // The server does not know the method: an older Qdrant, or a proxy in between.
        Code::Unimplemented => ErrorKind::Unsupported,
        Code::Ok
        | Code::Cancelled
        | Code::Unknown
        | Code::Aborted
        | Code::Internal
        | Code::DataLoss => ErrorKind::Server,
    }
}

/// The error for a call of `operation` that ended with `status`. A not-found one gets its
/// [`Error::resource`] from the status message and the operation.
pub(crate) fn from_status(operation: Operation, status: Status) -> Error {
    // tonic reports its own expiry of the `grpc-timeout` deadline as CANCELLED with this text.
    let client_deadline =
        status.code() == Code::Cancelled && status.message() == TimeoutExpired(()).to_string();
    let kind = if client_deadline {
        ErrorKind::Timeout
    } else if is_undecodable_answer(&status) {
        ErrorKind::Decode
    } else if is_broken_connection(&status) {
        ErrorKind::Unavailable
    } else {
        kind_for_code(status.code())
    };
    let message = if status.message().is_empty() {
        format!("gRPC status {:?}", status.code())
    } else {
        status.message().to_owned()
    };
    let retry_after = status
        .metadata()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(parse_retry_after)
        .filter(|_| matches!(kind, ErrorKind::RateLimited | ErrorKind::Unavailable));
    let error = Error::new(kind, message)
        .with_source(status)
        .infer_resource(operation);
    match retry_after {
        Some(delay) => error.with_retry_after(delay),
        None => error,
    }
}

/// Whether tonic made `status` itself because the answer could not be read: protobuf bytes
/// that do not decode, a frame cut short, a bad compression flag or body, or a message over the
/// size limit. tonic reports these as INTERNAL or OUT_OF_RANGE, which would read as a server
/// failure or as wrong input, so they are recognised by tonic's and prost's own wording.
fn is_undecodable_answer(status: &Status) -> bool {
    const TONIC_DECODE_TEXTS: &[&str] = &[
        "failed to decode Protobuf message",
        "Unexpected EOF decoding stream",
        "protocol error: received message with",
        "Error decompressing",
        "Error, decoded message length too large",
    ];
    matches!(
        status.code(),
        Code::Internal | Code::OutOfRange | Code::ResourceExhausted
    ) && TONIC_DECODE_TEXTS
        .iter()
        .any(|text| status.message().starts_with(text))
}

/// Whether tonic made `status` itself because the connection failed under the call: it was
/// closed or reset before or while the answer arrived. tonic reports these as UNKNOWN, or as
/// CANCELLED when the connection closed before the call was sent, with the transport's error as
/// the source, whereas a status that the server sent has no source. Like a refused connection,
/// another attempt may well succeed, so it is Unavailable, not Server.
fn is_broken_connection(status: &Status) -> bool {
    matches!(status.code(), Code::Unknown | Code::Cancelled)
        && std::error::Error::source(status).is_some()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tonic::metadata::MetadataMap;

    use super::*;

    #[test]
    fn every_code_has_its_kind() {
        for (code, kind) in [
            (Code::NotFound, ErrorKind::NotFound),
            (Code::AlreadyExists, ErrorKind::AlreadyExists),
            (Code::InvalidArgument, ErrorKind::InvalidArgument),
            (Code::FailedPrecondition, ErrorKind::InvalidArgument),
            (Code::OutOfRange, ErrorKind::InvalidArgument),
            (Code::Unauthenticated, ErrorKind::Unauthenticated),
            (Code::PermissionDenied, ErrorKind::PermissionDenied),
            (Code::DeadlineExceeded, ErrorKind::Timeout),
            (Code::Unavailable, ErrorKind::Unavailable),
            (Code::ResourceExhausted, ErrorKind::RateLimited),
            (Code::Unimplemented, ErrorKind::Unsupported),
            (Code::Internal, ErrorKind::Server),
            (Code::Unknown, ErrorKind::Server),
            (Code::Aborted, ErrorKind::Server),
            (Code::DataLoss, ErrorKind::Server),
            (Code::Cancelled, ErrorKind::Server),
        ] {
            assert_eq!(kind_for_code(code), kind, "{code:?}");
        }
    }

    #[test]
    fn the_message_is_the_servers_and_retry_after_is_kept() {
        let mut metadata = MetadataMap::new();
        metadata.insert("retry-after", "30".parse().unwrap());
        let text = "Rate limiting exceeded: Read rate limit exceeded: Operation requires 1 tokens \
                    but only 0.0 were available. Retry after 30s";
        let status = Status::with_metadata(Code::ResourceExhausted, text, metadata);
        let error = from_status(Operation::CountPoints, status);
        assert_eq!(error.kind(), ErrorKind::RateLimited);
        assert_eq!(error.message(), text);
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
        assert!(error.is_retryable());
    }

    /// The NOT_FOUND statuses recorded from Qdrant 1.18.3 (errors.json), with their RPCs'
    /// operations: the message names the resource, the operation stands in when it does not.
    #[test]
    fn not_found_names_the_resource() {
        use quadrant_transport::Resource;

        for (operation, text, resource) in [
            (
                Operation::GetCollection,
                "Not found: Collection `conf_does_not_exist` doesn't exist!",
                Resource::Collection,
            ),
            (
                Operation::QueryPoints,
                "Not found: Collection `conf_does_not_exist` doesn't exist!",
                Resource::Collection,
            ),
            (
                Operation::QueryPoints,
                "Not found: No point with id 12345 found",
                Resource::Point,
            ),
            (Operation::GetSnapshot, "", Resource::Snapshot),
        ] {
            let error = from_status(operation, Status::not_found(text));
            assert_eq!(error.kind(), ErrorKind::NotFound);
            assert_eq!(error.resource(), Some(resource), "{text}");
        }
        let refused = from_status(
            Operation::QueryPoints,
            Status::invalid_argument("Wrong input: Shard key eu not found"),
        );
        assert_eq!(refused.resource(), None);
    }

    #[test]
    fn the_clients_own_deadline_is_a_timeout() {
        let status = Status::cancelled(TimeoutExpired(()).to_string());
        assert_eq!(
            from_status(Operation::CountPoints, status).kind(),
            ErrorKind::Timeout
        );
        let other = Status::cancelled("the call was dropped");
        assert_eq!(
            from_status(Operation::CountPoints, other).kind(),
            ErrorKind::Server
        );
    }

    #[test]
    fn answers_tonic_could_not_read_are_decode_errors() {
        let garbage =
            <crate::proto::CountResponse as prost::Message>::decode(&b"\xff\xff"[..]).unwrap_err();
        for status in [
            Status::internal(garbage.to_string()),
            Status::internal("Unexpected EOF decoding stream."),
            Status::internal(
                "protocol error: received message with invalid compression flag: 7 (valid flags are 0 and 1) while receiving response with status: 200 OK",
            ),
            Status::out_of_range(
                "Error, decoded message length too large: found 9 bytes, the limit is: 4 bytes",
            ),
            Status::resource_exhausted(
                "Error decompressing: size limit, of 4 bytes, exceeded while decompressing message",
            ),
        ] {
            let text = status.message().to_owned();
            let error = from_status(Operation::CountPoints, status);
            assert_eq!(error.kind(), ErrorKind::Decode, "{text}");
            assert_eq!(error.message(), text);
        }
        // The server's own failures keep their kind.
        let server = from_status(
            Operation::CountPoints,
            Status::internal("Service internal error: disk full"),
        );
        assert_eq!(server.kind(), ErrorKind::Server);
        let limited = from_status(
            Operation::CountPoints,
            Status::resource_exhausted("Rate limiting exceeded"),
        );
        assert_eq!(limited.kind(), ErrorKind::RateLimited);
    }

    #[test]
    fn a_connection_broken_under_the_call_is_unavailable() {
        let broken = std::io::Error::other("bytes remaining on stream");
        let status = Status::from_error(Box::new(broken));
        assert_eq!(status.code(), Code::Unknown);
        assert_eq!(
            from_status(Operation::CountPoints, status).kind(),
            ErrorKind::Unavailable
        );
        let mut closed = Status::cancelled("operation was canceled");
        closed.set_source(std::sync::Arc::new(std::io::Error::other(
            "connection closed",
        )));
        assert_eq!(
            from_status(Operation::CountPoints, closed).kind(),
            ErrorKind::Unavailable
        );
        // The server's own UNKNOWN and CANCELLED carry no source and stay server failures.
        let server = from_status(
            Operation::CountPoints,
            Status::unknown("something odd happened"),
        );
        assert_eq!(server.kind(), ErrorKind::Server);
        let server = from_status(
            Operation::CountPoints,
            Status::cancelled("the server gave up"),
        );
        assert_eq!(server.kind(), ErrorKind::Server);
    }

    #[test]
    fn retry_after_forms() {
        let mut metadata = MetadataMap::new();
        metadata.insert("retry-after", "1.5".parse().unwrap());
        let status = Status::with_metadata(Code::Unavailable, "draining", metadata);
        assert_eq!(
            from_status(Operation::CountPoints, status).retry_after(),
            Some(Duration::from_millis(1500))
        );
        let mut metadata = MetadataMap::new();
        metadata.insert("retry-after", "soon".parse().unwrap());
        let status = Status::with_metadata(Code::ResourceExhausted, "slow down", metadata);
        assert_eq!(
            from_status(Operation::CountPoints, status).retry_after(),
            None
        );
        let empty = from_status(Operation::CountPoints, Status::new(Code::Internal, ""));
        assert_eq!(empty.message(), "gRPC status Internal");
    }
}
