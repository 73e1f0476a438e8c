//! The builder's options for the layers a client of a server gets: retries, failover across the
//! nodes of a cluster, and one tracing span per operation.

use std::sync::Arc;
use std::time::Duration;

use quadrant_transport::layers::{
    Failover, FailoverPolicy, Layered, RetryLayer, RetryPolicy, TracingLayer,
};
use quadrant_transport::{Result, Transport};

use super::{BuildClient, ClientBuilder};

/// What the builder wraps around a transport.
#[derive(Debug, Clone, Default)]
pub(super) struct LayerOptions {
    retry: RetryPolicy,
    /// More nodes of the same cluster, besides the builder's URL.
    failover_urls: Vec<String>,
    failover: FailoverPolicy,
}

impl LayerOptions {
    /// The other nodes' URLs, to build one transport each like the first.
    pub(super) fn failover_urls(&self) -> &[String] {
        &self.failover_urls
    }

    /// Wraps the transports of a server's nodes (one unless failover URLs were given): failover
    /// across them, then retries, then tracing outermost, so that its span covers every attempt
    /// and shows the attempt number.
    pub(super) fn remote(&self, nodes: Vec<Arc<dyn Transport>>) -> Result<Arc<dyn Transport>> {
        let base: Arc<dyn Transport> = match <[_; 1]>::try_from(nodes) {
            Ok([single]) => single,
            Err(nodes) => Arc::new(Failover::new(nodes, self.failover.clone())?),
        };
        let retried: Arc<dyn Transport> =
            Arc::new(Layered::new(RetryLayer::new(self.retry.clone()), base));
        Ok(Arc::new(Layered::new(TracingLayer::new(), retried)))
    }

    /// The embedded engine gets tracing only: its failures (a wrong argument, a locked
    /// directory) are not transient, so a retry could only repeat them.
    pub(super) fn embedded(transport: Arc<dyn Transport>) -> Arc<dyn Transport> {
        Arc::new(Layered::new(TracingLayer::new(), transport))
    }
}

impl<C: BuildClient> ClientBuilder<C> {
    /// A client of a cluster reached at several URLs, one per node (at least one). Calls are
    /// spread across the healthy nodes in turn; a node that is unavailable is set aside for a
    /// cool-down ([`ClientBuilder::failover_cool_down`]) and the call moves to the next node
    /// when that is safe. Every URL speaks the same protocol, the first one's.
    ///
    /// An empty list makes [`build`](Self::build) fail with
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
    pub fn new_cluster<U: Into<String>>(urls: impl IntoIterator<Item = U>) -> Self {
        let mut urls = urls.into_iter().map(Into::into);
        let first = urls.next().unwrap_or_default();
        Self::new(first).failover_urls(urls)
    }

    /// More URLs of the same cluster as the builder's, for failover: see
    /// [`ClientBuilder::new_cluster`].
    pub fn failover_urls<U: Into<String>>(mut self, urls: impl IntoIterator<Item = U>) -> Self {
        self.layers
            .failover_urls
            .extend(urls.into_iter().map(Into::into));
        self
    }

    /// How long a node that failed with `Unavailable` gets no calls; 10 seconds by default.
    pub fn failover_cool_down(mut self, cool_down: Duration) -> Self {
        self.layers.failover = self.layers.failover.cool_down(cool_down);
        self
    }

    /// How calls to a server are retried. By default 3 attempts in all, with exponential
    /// backoff and full jitter (100 ms doubling up to 5 s), honouring the server's
    /// `Retry-After`; [`RetryPolicy::none`] sends every call once.
    ///
    /// Only transient failures (timeouts, unavailability, rate limiting, server errors) of
    /// operations that are safe to repeat are retried: reads, and the idempotent writes of the
    /// operation table ([`Operation::retry`](crate::Operation::retry)). Upserts are idempotent,
    /// since quadrant's points always carry their ids; creating a collection, a snapshot or a
    /// shard key is never sent twice. The embedded engine is never retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.layers.retry = policy;
        self
    }
}
