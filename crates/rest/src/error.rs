//! Turns failed HTTP exchanges and reqwest's errors into quadrant's one [`Error`].
//!
//! Qdrant answers a failure with an HTTP status and, usually, `{"status": {"error": "..."}}`.
//! The status decides the [`ErrorKind`]; the server's text, when there is one, is the message.

use quadrant_transport::{Error, ErrorKind, Operation, parse_retry_after};
use serde::Deserialize;

/// How much of a body that is not a Qdrant error a message quotes.
const QUOTED_BODY_CHARS: usize = 200;

/// The error kind quadrant gives a failed answer's HTTP status, for example 404 → `NotFound` and
/// 429 → `RateLimited`. Public so that other transports' tests can check they agree with REST.
pub fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        404 => ErrorKind::NotFound,
        409 => ErrorKind::AlreadyExists,
        401 => ErrorKind::Unauthenticated,
        403 => ErrorKind::PermissionDenied,
        429 => ErrorKind::RateLimited,
        408 | 504 => ErrorKind::Timeout,
        502 | 503 => ErrorKind::Unavailable,
        // 400 and 422 are Qdrant's "wrong input"; any other 4xx (405, 413, ...) also means the
        // request itself was wrong, so sending it again cannot help.
        400..=499 => ErrorKind::InvalidArgument,
        _ => ErrorKind::Server,
    }
}

/// The error for an answer of `operation` with a status other than 2xx.
///
/// `retry_after` is the raw `Retry-After` header; Qdrant sends whole seconds. A not-found
/// answer in Qdrant's own error form gets its [`Error::resource`]; a 404 without it is a route
/// the server does not know (an older Qdrant, a proxy's path), which names no resource.
pub(crate) fn from_status(
    operation: Operation,
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Error {
    let kind = kind_for_status(status);
    let (message, from_qdrant) = status_message(status, body);
    let error = Error::new(kind, message);
    let error = if from_qdrant {
        error.infer_resource(operation)
    } else {
        error
    };
    match retry_after.and_then(parse_retry_after) {
        Some(delay) if kind == ErrorKind::RateLimited || status == 503 => {
            error.with_retry_after(delay)
        }
        _ => error,
    }
}

/// The server's own error text, or `HTTP <status>` and the start of whatever it sent instead;
/// and whether it was the server's own text (Qdrant's JSON error).
fn status_message(status: u16, body: &[u8]) -> (String, bool) {
    #[derive(Deserialize)]
    struct ErrorBody {
        status: ErrorStatus,
    }
    #[derive(Deserialize)]
    struct ErrorStatus {
        error: String,
    }

    if let Ok(ErrorBody {
        status: ErrorStatus { error },
    }) = serde_json::from_slice(body)
    {
        return (error, true);
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return (format!("HTTP {status}"), false);
    }
    let mut quoted: String = text.chars().take(QUOTED_BODY_CHARS).collect();
    if quoted.len() < text.len() {
        quoted.push('…');
    }
    (format!("HTTP {status}: {quoted}"), false)
}

/// The error for a request that reqwest could not complete; `context` names the call.
pub(crate) fn from_reqwest(error: reqwest::Error, context: &str) -> Error {
    let kind = if error.is_timeout() {
        ErrorKind::Timeout
    } else if error.is_connect() {
        ErrorKind::Unavailable
    } else if error.is_decode() {
        ErrorKind::Decode
    } else {
        // Among others, a connection that broke off while the request body was being sent.
        ErrorKind::Unavailable
    };
    reqwest_error(kind, error, context)
}

/// A `kind` error whose message is `context` and the whole chain of reqwest's causes.
fn reqwest_error(kind: ErrorKind, error: reqwest::Error, context: &str) -> Error {
    // The context already names the url; reqwest's copy of it could carry a password.
    let error = error.without_url();
    let mut message = format!("{context}: {error}");
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        cause = inner.source();
    }
    Error::new(kind, message).with_source(error)
}

/// The error for a failure while reading an answer's body, after its status arrived: a
/// deadline that passed, a body that cannot be decompressed, or else a connection that broke
/// off, which another attempt may not meet.
pub(crate) fn from_body(error: reqwest::Error, context: &str) -> Error {
    let kind = if error.is_timeout() {
        ErrorKind::Timeout
    } else if has_invalid_data(&error) {
        ErrorKind::Decode
    } else {
        ErrorKind::Unavailable
    };
    reqwest_error(kind, error, context)
}

/// Whether an I/O error in the chain says the data itself is wrong, as a decompressor does.
fn has_invalid_data(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(inner) = cause {
        if let Some(io) = inner.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::InvalidData
        {
            return true;
        }
        cause = inner.source();
    }
    false
}

/// The error for a 2xx answer whose body is not the response model it should hold.
pub(crate) fn undecodable(error: serde_json::Error, context: &str, model: &str) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("{context}: could not decode the result as {model}: {error}"),
    )
    .with_source(error)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use quadrant_transport::Resource;

    use super::*;

    /// An error answer recorded from Qdrant 1.18.3, and what it must become.
    struct Recorded {
        step: &'static str,
        operation: Operation,
        status: u16,
        retry_after: Option<&'static str>,
        body: &'static str,
        kind: ErrorKind,
        message: &'static str,
        resource: Option<Resource>,
    }

    /// From errors.json and auth_and_rate_limits.json.
    const RECORDED: &[Recorded] = &[
        Recorded {
            step: "error_get_missing_collection",
            operation: Operation::GetCollection,
            status: 404,
            retry_after: None,
            body: r#"{"status":{"error":"Not found: Collection `conf_does_not_exist` doesn't exist!"},"time":3.4982e-05}"#,
            kind: ErrorKind::NotFound,
            message: "Not found: Collection `conf_does_not_exist` doesn't exist!",
            resource: Some(Resource::Collection),
        },
        Recorded {
            step: "error_query_missing_collection",
            operation: Operation::QueryPoints,
            status: 404,
            retry_after: None,
            body: r#"{"status":{"error":"Not found: Collection `conf_does_not_exist` doesn't exist!"},"time":1.854e-05}"#,
            kind: ErrorKind::NotFound,
            message: "Not found: Collection `conf_does_not_exist` doesn't exist!",
            resource: Some(Resource::Collection),
        },
        Recorded {
            step: "error_query_by_missing_id",
            operation: Operation::QueryPoints,
            status: 404,
            retry_after: None,
            body: r#"{"status":{"error":"Not found: No point with id 12345 found"},"time":0.000168734}"#,
            kind: ErrorKind::NotFound,
            message: "Not found: No point with id 12345 found",
            resource: Some(Resource::Point),
        },
        Recorded {
            step: "error_create_existing",
            operation: Operation::CreateCollection,
            status: 409,
            retry_after: None,
            body: r#"{"status":{"error":"Wrong input: Collection `conf_errors` already exists!"},"time":6.5364e-05}"#,
            kind: ErrorKind::AlreadyExists,
            message: "Wrong input: Collection `conf_errors` already exists!",
            resource: None,
        },
        Recorded {
            step: "error_wrong_dimension",
            operation: Operation::UpsertPoints,
            status: 400,
            retry_after: None,
            body: r#"{"status":{"error":"Wrong input: Vector dimension error: expected dim: 4, got 3"},"time":1.6662e-05}"#,
            kind: ErrorKind::InvalidArgument,
            message: "Wrong input: Vector dimension error: expected dim: 4, got 3",
            resource: None,
        },
        Recorded {
            step: "error_bad_json_body",
            operation: Operation::UpsertPoints,
            status: 400,
            retry_after: None,
            body: r#"{"status":{"error":"Format error in JSON body: value not-a-uuid is not a valid point ID, valid values are either an unsigned integer or a UUID"},"time":0.0}"#,
            kind: ErrorKind::InvalidArgument,
            message: "Format error in JSON body: value not-a-uuid is not a valid point ID, valid values are either an unsigned integer or a UUID",
            resource: None,
        },
        Recorded {
            step: "error_unknown_route",
            operation: Operation::GetCollection,
            status: 404,
            retry_after: None,
            body: "",
            kind: ErrorKind::NotFound,
            message: "HTTP 404",
            resource: None,
        },
        Recorded {
            step: "error_no_key_list",
            operation: Operation::GetCollections,
            status: 401,
            retry_after: None,
            body: "Must provide an API key or an Authorization bearer token",
            kind: ErrorKind::Unauthenticated,
            message: "HTTP 401: Must provide an API key or an Authorization bearer token",
            resource: None,
        },
        Recorded {
            step: "error_wrong_key_list",
            operation: Operation::GetCollections,
            status: 401,
            retry_after: None,
            body: "Invalid API key or JWT",
            kind: ErrorKind::Unauthenticated,
            message: "HTTP 401: Invalid API key or JWT",
            resource: None,
        },
        Recorded {
            step: "error_read_only_key_write",
            operation: Operation::UpsertPoints,
            status: 403,
            retry_after: None,
            body: r#"{"status":{"error":"Forbidden: Global manage access is required"},"time":3.717e-05}"#,
            kind: ErrorKind::PermissionDenied,
            message: "Forbidden: Global manage access is required",
            resource: None,
        },
        Recorded {
            step: "read_2",
            operation: Operation::CountPoints,
            status: 429,
            retry_after: Some("30"),
            body: r#"{"status":{"error":"Rate limiting exceeded: Read rate limit exceeded: Operation requires 1 tokens but only 0.0 were available. Retry after 30s"},"time":6.2496e-05}"#,
            kind: ErrorKind::RateLimited,
            message: "Rate limiting exceeded: Read rate limit exceeded: Operation requires 1 tokens but only 0.0 were available. Retry after 30s",
            resource: None,
        },
    ];

    #[test]
    fn recorded_error_answers_map_to_kind_and_server_message() {
        for recorded in RECORDED {
            let error = from_status(
                recorded.operation,
                recorded.status,
                recorded.retry_after,
                recorded.body.as_bytes(),
            );
            assert_eq!(error.kind(), recorded.kind, "{}", recorded.step);
            assert_eq!(error.message(), recorded.message, "{}", recorded.step);
            assert_eq!(error.resource(), recorded.resource, "{}", recorded.step);
        }
    }

    #[test]
    fn rate_limit_keeps_the_servers_delay() {
        let rate_limited = &RECORDED[RECORDED.len() - 1];
        let body = rate_limited.body.as_bytes();
        let error = from_status(Operation::CountPoints, 429, rate_limited.retry_after, body);
        assert!(error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));

        let without = from_status(Operation::CountPoints, 429, None, body);
        assert_eq!(without.retry_after(), None);
        let unreadable = from_status(
            Operation::CountPoints,
            429,
            Some("Wed, 21 Oct 2026 07:28:00 GMT"),
            b"",
        );
        assert_eq!(unreadable.retry_after(), None);
        assert_eq!(
            from_status(Operation::CountPoints, 429, Some("1.5"), b"").retry_after(),
            Some(Duration::from_millis(1500))
        );
    }

    #[test]
    fn every_status_class_has_its_kind() {
        for (status, kind) in [
            (400, ErrorKind::InvalidArgument),
            (422, ErrorKind::InvalidArgument),
            (413, ErrorKind::InvalidArgument),
            (408, ErrorKind::Timeout),
            (504, ErrorKind::Timeout),
            (502, ErrorKind::Unavailable),
            (503, ErrorKind::Unavailable),
            (500, ErrorKind::Server),
            (599, ErrorKind::Server),
        ] {
            assert_eq!(kind_for_status(status), kind, "{status}");
        }
    }

    #[test]
    fn a_long_foreign_body_is_cut_short() {
        let body = format!("<html>{}</html>", "é".repeat(1000));
        let error = from_status(Operation::CountPoints, 502, None, body.as_bytes());
        assert_eq!(error.kind(), ErrorKind::Unavailable);
        assert!(error.message().starts_with("HTTP 502: <html>éé"));
        assert!(error.message().ends_with('…'));
        assert!(error.message().chars().count() < QUOTED_BODY_CHARS + 20);
    }

    #[test]
    fn a_body_that_is_not_utf8_or_not_an_error_still_gives_a_message() {
        let error = from_status(Operation::CountPoints, 500, None, &[0xff, 0xfe, b'x']);
        assert_eq!(error.kind(), ErrorKind::Server);
        assert!(error.message().starts_with("HTTP 500: "));
        let error = from_status(
            Operation::CountPoints,
            500,
            None,
            br#"{"status":"ok","result":null}"#,
        );
        assert!(error.message().starts_with("HTTP 500: {"));
    }
}
