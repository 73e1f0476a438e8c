//! Sends what one transport cannot carry through another: gRPC first, REST for the rest.

use std::fmt;
use std::sync::Arc;

/// One transport made of two: each call goes to `primary` when it
/// [carries](crate::Transport::carries) the request, and to `secondary` otherwise.
///
/// This is how a gRPC client reaches the operations that Qdrant serves over REST only (the
/// health probes, telemetry, snapshot downloads and uploads, cluster status, ...) and the few
/// requests whose settings have no gRPC field: the facade puts the REST transport of the same
/// server behind the gRPC one. The [`Transport`](crate::Transport) implementation is generated
/// from the operation table, so no operation can be missed; its capabilities are the union of
/// both transports'.
///
/// The choice is made before sending and never after a failure: a call that fails on the
/// primary is not sent again over the secondary (that is what retries and
/// [`Failover`](super::Failover) are for). Its [`name`](crate::Transport::name) is the
/// primary's.
pub struct Fallback<P: ?Sized, S: ?Sized> {
    primary: Arc<P>,
    secondary: Arc<S>,
}

impl<P: ?Sized, S: ?Sized> Fallback<P, S> {
    /// Sends each call through `primary`, or through `secondary` when the primary cannot
    /// carry it.
    pub fn new(primary: Arc<P>, secondary: Arc<S>) -> Self {
        Self { primary, secondary }
    }

    /// The transport tried first.
    pub fn primary(&self) -> &Arc<P> {
        &self.primary
    }

    /// The transport of the calls the primary cannot carry.
    pub fn secondary(&self) -> &Arc<S> {
        &self.secondary
    }
}

impl<P: ?Sized, S: ?Sized> Clone for Fallback<P, S> {
    fn clone(&self) -> Self {
        Self {
            primary: Arc::clone(&self.primary),
            secondary: Arc::clone(&self.secondary),
        }
    }
}

impl<P: fmt::Debug + ?Sized, S: fmt::Debug + ?Sized> fmt::Debug for Fallback<P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fallback")
            .field("primary", &self.primary)
            .field("secondary", &self.secondary)
            .finish()
    }
}
