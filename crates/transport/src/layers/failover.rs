//! Spreads calls across the nodes of one cluster, and steers them away from a node that is down.

use std::fmt;
use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::Request;
use crate::{Error, ErrorKind, Operation, Result};

/// How a [`Failover`] treats a node that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailoverPolicy {
    cool_down: Duration,
}

impl Default for FailoverPolicy {
    /// A cool-down of 10 seconds.
    fn default() -> Self {
        Self {
            cool_down: Duration::from_secs(10),
        }
    }
}

impl FailoverPolicy {
    /// How long a node that failed with `Unavailable` gets no calls, unless every node is down.
    #[must_use]
    pub fn cool_down(mut self, cool_down: Duration) -> Self {
        self.cool_down = cool_down;
        self
    }

    /// The cool-down.
    pub fn cool_down_duration(&self) -> Duration {
        self.cool_down
    }
}

/// One transport made of several, one per node of a cluster.
///
/// Calls go to the healthy nodes in turn (round-robin). A node whose call fails with
/// [`ErrorKind::Unavailable`] is set aside for a cool-down, and the call moves on to the next
/// healthy node at once, when moving it is safe:
///
/// - always for an operation that is safe to repeat ([`Retry::is_safe`](crate::Retry::is_safe));
/// - for any other operation only when the connection was refused, since then nothing reached the
///   server. A non-idempotent write that failed after it may have been sent (a reset connection,
///   a 503 from a proxy) is returned to the caller, never sent to a second node.
///
/// Each node is tried at most once per call; when every node failed, the last error is returned
/// and a [`RetryLayer`](super::RetryLayer) in front decides whether to try again, after a backoff.
/// When every node is cooling down, the call goes to the one whose cool-down ends first, so a
/// cluster that recovered is found again without waiting. A node that answers, even with an error
/// such as `NotFound`, is healthy.
///
/// `T` is the node's transport, `Arc<dyn Transport>` when used as a
/// [`Transport`](crate::Transport) itself; the node type is generic so that the routing can be
/// tested on its own.
pub struct Failover<T> {
    nodes: Vec<Node<T>>,
    next: AtomicUsize,
    policy: FailoverPolicy,
}

struct Node<T> {
    transport: T,
    /// When the node's cool-down ends; `None` while it is healthy.
    down_until: Mutex<Option<Instant>>,
}

impl<T> Failover<T> {
    /// A failover over `nodes`, in the order given.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when `nodes` is empty.
    pub fn new(nodes: impl IntoIterator<Item = T>, policy: FailoverPolicy) -> Result<Self> {
        let nodes: Vec<_> = nodes
            .into_iter()
            .map(|transport| Node {
                transport,
                down_until: Mutex::new(None),
            })
            .collect();
        if nodes.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "a failover needs at least one node",
            ));
        }
        Ok(Self {
            nodes,
            next: AtomicUsize::new(0),
            policy,
        })
    }

    /// The nodes' transports, in the order given.
    pub fn nodes(&self) -> impl Iterator<Item = &T> {
        self.nodes.iter().map(|node| &node.transport)
    }

    /// The first node's transport, which speaks for all of them (name, capabilities).
    pub(crate) fn first(&self) -> &T {
        // `new` refuses an empty list, so there is a first node.
        &self.nodes[0].transport
    }

    /// Whether node `index` is cooling down at this moment.
    pub fn is_cooling_down(&self, index: usize) -> bool {
        self.nodes
            .get(index)
            .and_then(|node| node.down_until())
            .is_some_and(|until| until > Instant::now())
    }

    /// The nodes to try for one call, in order: the healthy ones starting at the round-robin
    /// position, or, when all are cooling down, the one that recovers first.
    fn candidates(&self) -> Vec<usize> {
        let count = self.nodes.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        let now = Instant::now();
        let healthy: Vec<usize> = (0..count)
            .map(|offset| (start + offset) % count)
            .filter(|&index| {
                self.nodes[index]
                    .down_until()
                    .is_none_or(|until| until <= now)
            })
            .collect();
        if !healthy.is_empty() {
            return healthy;
        }
        (0..count)
            .min_by_key(|&index| self.nodes[index].down_until())
            .into_iter()
            .collect()
    }

    /// Sends `request` for `operation` to a node through `send`, moving on to the next node
    /// when the chosen one is unavailable and moving is safe.
    pub async fn route<R, O, S, F>(&self, operation: Operation, request: R, send: S) -> Result<O>
    where
        R: Request,
        S: Fn(&T, R) -> F,
        F: Future<Output = Result<O>>,
    {
        let candidates = self.candidates();
        let mut request = Some(request);
        let mut last_error = None;
        for (position, &index) in candidates.iter().enumerate() {
            let Some(pending) = request.take() else { break };
            let node = &self.nodes[index];
            let is_last = position + 1 == candidates.len();
            // Keep a copy only when another node could still get the call.
            if !is_last {
                request = Some(pending.clone());
            }
            match send(&node.transport, pending).await {
                Ok(answer) => {
                    node.mark_healthy();
                    return Ok(answer);
                }
                Err(error) if error.kind() == ErrorKind::Unavailable => {
                    node.mark_down(self.policy.cool_down);
                    let movable = operation.retry().is_safe() || never_sent(&error);
                    tracing::debug!(
                        operation = operation.name(),
                        node = index,
                        cool_down_ms =
                            u64::try_from(self.policy.cool_down.as_millis()).unwrap_or(u64::MAX),
                        moving = movable && !is_last,
                        "node unavailable: set aside for its cool-down"
                    );
                    if !movable {
                        return Err(error);
                    }
                    last_error = Some(error);
                }
                Err(error) => {
                    node.mark_healthy();
                    return Err(error);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| {
            Error::new(
                ErrorKind::Unavailable,
                format!("`{}`: no node to send the call to", operation.name()),
            )
        }))
    }
}

impl<T> Node<T> {
    fn down_until(&self) -> Option<Instant> {
        *self
            .down_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn mark_down(&self, cool_down: Duration) {
        *self
            .down_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Instant::now() + cool_down);
    }

    fn mark_healthy(&self) {
        *self
            .down_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}

/// Whether the error says the request never left the client: the connection was refused.
///
/// The transports keep the I/O error as the source of their own, so the chain tells. Anything
/// else (a reset, a timeout, a 503) may have reached the server.
fn never_sent(error: &Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(inner) = cause {
        if let Some(io) = inner.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        cause = inner.source();
    }
    false
}

impl<T: fmt::Debug> fmt::Debug for Failover<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failover")
            .field(
                "nodes",
                &self
                    .nodes
                    .iter()
                    .map(|node| &node.transport)
                    .collect::<Vec<_>>(),
            )
            .field("policy", &self.policy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::future::{Ready, ready};
    use std::sync::atomic::AtomicU32;

    use super::*;

    /// A node that answers with its number, or fails with `Unavailable` while it is down.
    #[derive(Debug)]
    struct FakeNode {
        number: u32,
        down: std::sync::atomic::AtomicBool,
        refused: bool,
        calls: AtomicU32,
    }

    fn node(number: u32, down: bool) -> FakeNode {
        FakeNode {
            number,
            down: down.into(),
            refused: false,
            calls: AtomicU32::new(0),
        }
    }

    fn send(node: &FakeNode, (): ()) -> Ready<Result<u32>> {
        node.calls.fetch_add(1, Ordering::SeqCst);
        if !node.down.load(Ordering::SeqCst) {
            return ready(Ok(node.number));
        }
        let error = Error::new(ErrorKind::Unavailable, "connection failed");
        ready(Err(if node.refused {
            error.with_source(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))
        } else {
            error
        }))
    }

    fn calls(failover: &Failover<FakeNode>) -> Vec<u32> {
        failover
            .nodes()
            .map(|node| node.calls.load(Ordering::SeqCst))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn healthy_nodes_take_turns() {
        let failover =
            Failover::new([node(0, false), node(1, false)], FailoverPolicy::default()).unwrap();
        let mut answers = Vec::new();
        for _ in 0..4 {
            answers.push(
                failover
                    .route(Operation::QueryPoints, (), send)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(answers, [0, 1, 0, 1]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_unavailable_node_is_skipped_and_set_aside_for_the_cool_down() {
        let policy = FailoverPolicy::default().cool_down(Duration::from_secs(10));
        let failover = Failover::new([node(0, true), node(1, false)], policy).unwrap();

        let answer = failover.route(Operation::QueryPoints, (), send).await;
        assert_eq!(answer.unwrap(), 1, "the call moved to the second node");
        assert_eq!(calls(&failover), [1, 1]);
        assert!(failover.is_cooling_down(0));
        assert!(!failover.is_cooling_down(1));

        // During the cool-down every call goes to the healthy node.
        for _ in 0..4 {
            assert_eq!(
                failover
                    .route(Operation::QueryPoints, (), send)
                    .await
                    .unwrap(),
                1
            );
        }
        assert_eq!(calls(&failover), [1, 5]);

        // After it, the first node is tried again, and is back once it answers.
        tokio::time::advance(Duration::from_secs(11)).await;
        assert!(!failover.is_cooling_down(0));
        failover.nodes[0]
            .transport
            .down
            .store(false, Ordering::SeqCst);
        let answers = [
            failover
                .route(Operation::QueryPoints, (), send)
                .await
                .unwrap(),
            failover
                .route(Operation::QueryPoints, (), send)
                .await
                .unwrap(),
        ];
        assert!(answers.contains(&0), "{answers:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_that_may_have_been_sent_is_not_moved() {
        let failover =
            Failover::new([node(0, true), node(1, false)], FailoverPolicy::default()).unwrap();
        let answer = failover.route(Operation::CreateCollection, (), send).await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert_eq!(calls(&failover), [1, 0]);
        assert!(failover.is_cooling_down(0));
        // The next call goes to the healthy node.
        let answer = failover.route(Operation::CreateCollection, (), send).await;
        assert_eq!(answer.unwrap(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_whose_connection_was_refused_is_moved() {
        let mut refusing = node(0, true);
        refusing.refused = true;
        let failover =
            Failover::new([refusing, node(1, false)], FailoverPolicy::default()).unwrap();
        let answer = failover.route(Operation::CreateCollection, (), send).await;
        assert_eq!(answer.unwrap(), 1);
        assert_eq!(calls(&failover), [1, 1]);
    }

    #[tokio::test(start_paused = true)]
    async fn when_every_node_is_down_each_is_tried_once_then_the_first_to_recover() {
        let failover =
            Failover::new([node(0, true), node(1, true)], FailoverPolicy::default()).unwrap();
        let answer = failover.route(Operation::QueryPoints, (), send).await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert_eq!(calls(&failover), [1, 1]);
        // Both cool down; the call goes to the one set aside first, and only to it.
        let answer = failover.route(Operation::QueryPoints, (), send).await;
        assert!(answer.is_err());
        assert_eq!(calls(&failover).iter().sum::<u32>(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn an_answered_error_keeps_the_node_healthy() {
        let failover = Failover::new([node(0, false)], FailoverPolicy::default()).unwrap();
        let answer: Result<u32> = failover
            .route(Operation::QueryPoints, (), |_: &FakeNode, ()| {
                ready(Err(Error::new(ErrorKind::NotFound, "no collection")))
            })
            .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::NotFound);
        assert!(!failover.is_cooling_down(0));
    }

    #[test]
    fn an_empty_cluster_is_refused() {
        let error = Failover::<FakeNode>::new([], FailoverPolicy::default()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }
}
