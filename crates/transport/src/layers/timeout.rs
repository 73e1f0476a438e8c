//! A deadline for each call: the layer behind `with_timeout` on the clients, which lets one call
//! (or one part of an application) wait less than the client's own request timeout.

use std::future::Future;
use std::time::Duration;

use super::{Call, Layer, Request};
use crate::{Error, ErrorKind, Result};

/// Fails a call with [`ErrorKind::Timeout`] when it has not finished within its deadline, counted
/// from the start of the call and covering every retry beneath this layer.
///
/// This is the client side's deadline. The `timeout` field of some requests is a different thing:
/// it tells the server how long it may work. The transport's own request timeout still applies
/// to each attempt, so this layer can shorten a call's wait but not lengthen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutLayer {
    timeout: Duration,
}

impl TimeoutLayer {
    /// A layer that gives every call at most `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self { timeout }
    }

    /// The deadline of each call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl Layer for TimeoutLayer {
    async fn call<R, O, N, F>(&self, call: Call, request: R, next: N) -> Result<O>
    where
        R: Request,
        O: Send,
        N: Fn(R) -> F + Send + Sync,
        F: Future<Output = Result<O>> + Send,
    {
        match tokio::time::timeout(self.timeout, next(request)).await {
            Ok(result) => result,
            Err(_) => Err(Error::new(
                ErrorKind::Timeout,
                format!(
                    "`{}` did not finish within the call's timeout of {:?}",
                    call.operation.name(),
                    self.timeout
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Operation;

    fn call() -> Call {
        Call {
            operation: Operation::QueryPoints,
            transport: "fake",
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_past_its_deadline_is_a_timeout() {
        let layer = TimeoutLayer::new(Duration::from_millis(200));
        let started = tokio::time::Instant::now();
        let error = layer
            .call(call(), (), |()| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                Ok(1)
            })
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Timeout);
        assert!(error.message().contains("query_points"), "{error}");
        assert_eq!(started.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_within_its_deadline_keeps_its_answer() {
        let layer = TimeoutLayer::new(Duration::from_secs(1));
        let answer = layer
            .call(call(), (), |()| async {
                tokio::time::sleep(Duration::from_millis(10)).await;
                Ok(7)
            })
            .await;
        assert_eq!(answer.unwrap(), 7);
    }
}
