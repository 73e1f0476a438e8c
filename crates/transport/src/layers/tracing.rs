//! One span per operation, naming what was called and where, and nothing of what was sent.

use std::future::Future;

use tracing::Instrument;

use super::{Call, Layer, Request};
use crate::Result;

/// A [`Layer`] that runs every call in a `quadrant.operation` span at `info` level.
///
/// The span's fields are `operation` (the REST operation id, such as `query_points`),
/// `collection` (when the request concerns one), `transport` (`rest`, `grpc` or `embedded`),
/// `attempt` (set by a [`RetryLayer`](super::RetryLayer) beneath, 1 for the first attempt) and,
/// when the call fails, `error_kind`. No field holds a request, an answer, a URL, a header, an
/// error message or any credential, so spans can go to any log sink.
#[derive(Debug, Clone, Copy, Default)]
pub struct TracingLayer {
    _private: (),
}

impl TracingLayer {
    /// The tracing layer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Layer for TracingLayer {
    async fn call<R, O, N, F>(&self, call: Call, request: R, next: N) -> Result<O>
    where
        R: Request,
        O: Send,
        N: Fn(R) -> F + Send + Sync,
        F: Future<Output = Result<O>> + Send,
    {
        let span = tracing::info_span!(
            "quadrant.operation",
            operation = call.operation.name(),
            collection = request.collection_name(),
            transport = call.transport,
            attempt = 1u32,
            error_kind = tracing::field::Empty,
        );
        let result = next(request).instrument(span.clone()).await;
        if let Err(error) = &result {
            span.record("error_kind", tracing::field::debug(error.kind()));
        }
        result
    }
}
