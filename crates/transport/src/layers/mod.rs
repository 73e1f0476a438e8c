//! Decorators over any [`Transport`](crate::Transport): retries, failover across the nodes of a cluster,
//! per-call deadlines and tracing.
//!
//! A [`Layer`] sees every call as the [`Operation`] it is, the request, and a way to call the
//! transport beneath it, as many times as it decides. [`Layered`] puts a layer in front of a
//! transport and is itself a [`Transport`](crate::Transport); its 75 methods are generated from the operation table,
//! so a layer never misses an operation. Layers nest:
//!
//! ```
//! use std::sync::Arc;
//! use quadrant_transport::Transport;
//! use quadrant_transport::layers::{Layered, RetryLayer, RetryPolicy, TracingLayer};
//!
//! fn production(transport: Arc<dyn Transport>) -> Arc<dyn Transport> {
//!     // Tracing outermost: one span per call, whose `attempt` field the retry layer updates.
//!     let retried = Layered::new(RetryLayer::new(RetryPolicy::default()), transport);
//!     Arc::new(Layered::new(TracingLayer::new(), Arc::new(retried)))
//! }
//! ```
//!
//! [`Failover`] is not a layer but a transport made of several: it spreads calls across the
//! nodes of one cluster and sets aside a node that fails with
//! [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable).

mod failover;
mod fallback;
mod request;
mod retry;
mod timeout;
mod tracing;

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;

pub use failover::{Failover, FailoverPolicy};
pub use fallback::Fallback;
pub use request::Request;
pub use retry::{RetryLayer, RetryPolicy, count_retries, with_patience};
pub use timeout::TimeoutLayer;
pub use tracing::TracingLayer;

use crate::{Operation, Result};

/// What a layer knows about a call besides its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// The operation called.
    pub operation: Operation,
    /// The name of the transport beneath the layers: `rest`, `grpc` or `embedded`.
    pub transport: &'static str,
}

/// Wraps every call made through a [`Layered`] transport.
///
/// `next` sends a request to the transport beneath; a layer may call it once (tracing), several
/// times with clones of the request (retries), or not at all (a layer that refuses a call).
/// The future must be `Send`, since the transports' futures are.
pub trait Layer: Debug + Send + Sync + 'static {
    /// Performs `call` with `request`, sending it on through `next`.
    fn call<R, O, N, F>(
        &self,
        call: Call,
        request: R,
        next: N,
    ) -> impl Future<Output = Result<O>> + Send
    where
        R: Request,
        O: Send,
        N: Fn(R) -> F + Send + Sync,
        F: Future<Output = Result<O>> + Send;
}

/// A transport with a [`Layer`] in front of it. It is a [`Transport`](crate::Transport) itself:
/// every method goes through the layer, then to `inner`.
///
/// The inner transport is shared (`Arc`), so that it may be a `dyn Transport` as the facade
/// holds it, or another `Layered`.
#[derive(Debug)]
pub struct Layered<L, T: ?Sized> {
    pub(crate) layer: L,
    pub(crate) inner: Arc<T>,
}

impl<L: Layer, T: ?Sized> Layered<L, T> {
    /// Puts `layer` in front of `inner`.
    pub fn new(layer: L, inner: Arc<T>) -> Self {
        Self { layer, inner }
    }

    /// The layer.
    pub fn layer(&self) -> &L {
        &self.layer
    }

    /// The transport beneath the layer.
    pub fn inner(&self) -> &Arc<T> {
        &self.inner
    }
}

impl<L: Clone, T: ?Sized> Clone for Layered<L, T> {
    fn clone(&self) -> Self {
        Self {
            layer: self.layer.clone(),
            inner: Arc::clone(&self.inner),
        }
    }
}
