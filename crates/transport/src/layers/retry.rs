//! Sends a call again after a transient failure, when that is safe.
//!
//! Two conditions must hold for a retry: the error is transient ([`Error::is_retryable`]:
//! timeouts, unavailability, rate limiting, server errors) and the operation is safe to repeat
//! ([`Retry::is_safe`](crate::Retry::is_safe): reads, and writes whose repetition leaves the same state). Quadrant's
//! upserts always carry explicit point ids (the models require them), so an upsert is an
//! idempotent write and is retried; an operation of class [`Retry::Write`](crate::Retry::Write), such as
//! `create_collection` or `create_snapshot`, is never sent twice.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::{Call, Layer, Request};
use crate::{Error, ErrorKind, Result};

/// How a [`RetryLayer`] retries: how often, how long it waits between attempts, and how long the
/// whole call may take.
///
/// The default makes 3 attempts, waits a random time between zero and 100 ms, 200 ms, ...
/// (capped at 5 s) between them, honours a server's `Retry-After` of up to 60 s, and sets no
/// overall deadline beyond each request's own timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            deadline: None,
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is sent exactly once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a call may be sent in all, the first time included; at least 1 (0 counts
    /// as 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait. Each later wait's bound doubles, up to
    /// [`RetryPolicy::max_backoff`]; the wait itself is a random time below the bound ("full
    /// jitter"), so that many clients failing together do not retry together.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest bound of a wait between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the layer waits out. A server asking for a longer pause gets
    /// its error returned to the caller at once, who knows better whether to wait that long.
    #[must_use]
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// How long a call may take in all, attempts and waits included. An attempt still running
    /// at the deadline is abandoned with [`ErrorKind::Timeout`], and no wait is started that
    /// would end after it. This applies to every operation, retried or not.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The number of attempts a call may make.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The overall deadline, if one was set.
    pub fn overall_deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The bound of the wait after the `attempt`-th failure (1-based): the initial backoff
    /// doubled `attempt - 1` times, capped at the maximum.
    fn backoff_bound(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .checked_mul(1 << doublings)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

tokio::task_local! {
    /// Where the retries of the calls inside [`count_retries`] are counted.
    static RETRIES: Arc<AtomicU64>;
    /// How long the calls inside [`with_patience`] keep retrying past their policy.
    static PATIENCE: Duration;
}

/// Runs `future`, adding to `counter` one for every retry that a [`RetryLayer`] makes of the
/// calls inside it.
///
/// This is how a bulk upload reports its retries without knowing which layers its client has:
/// a client without a retry layer simply counts none.
pub async fn count_retries<F: Future>(counter: Arc<AtomicU64>, future: F) -> F::Output {
    RETRIES.scope(counter, future).await
}

/// Runs `future`, letting the [`RetryLayer`] keep retrying each call inside it for up to
/// `patience` from the call's start, after the retry policy would have given up.
///
/// This is how a bulk upload rides out a server restart or a rolling update, which take longer
/// than the few quick attempts that suit an interactive call: within `patience`, a transient
/// failure of an operation that is safe to repeat is retried with the policy's backoff (its
/// attempt limit lifted, its deadline extended to the end of the patience), and each retry is
/// counted by [`count_retries`] as usual. Errors that are not transient, and operations that are
/// not safe to repeat, are returned at once as ever. A client without a retry layer ignores it.
pub async fn with_patience<F: Future>(patience: Duration, future: F) -> F::Output {
    PATIENCE.scope(patience, future).await
}

/// A [`Layer`] that retries transient failures of operations that are safe to repeat, with
/// exponential backoff and full jitter, honouring the server's `Retry-After`.
///
/// Each retry is logged at `debug` level through `tracing`, with the operation, the attempt, the
/// delay and the error kind; never the request, the answer or the error's message. The layer
/// records the attempt number in the `attempt` field of the current span, which is the
/// operation's span when a [`TracingLayer`](super::TracingLayer) is in front of it.
#[derive(Debug, Clone, Default)]
pub struct RetryLayer {
    policy: RetryPolicy,
}

impl RetryLayer {
    /// A retry layer following `policy`.
    pub fn new(policy: RetryPolicy) -> Self {
        Self { policy }
    }

    /// The layer's policy.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// What to wait before sending `call` again after its `attempt`-th attempt failed with
    /// `error`, or `None` when the error is to be returned. `patient_until` is the end of a
    /// [`with_patience`] window, within which the attempt limit does not apply.
    fn delay_after(
        &self,
        call: Call,
        attempt: u32,
        error: &Error,
        deadline: Option<Instant>,
        patient_until: Option<Instant>,
    ) -> Option<Duration> {
        let patient = patient_until.is_some_and(|until| Instant::now() < until);
        if (attempt >= self.policy.max_attempts && !patient)
            || !error.is_retryable()
            || !call.operation.retry().is_safe()
        {
            return None;
        }
        let delay = match error.retry_after() {
            Some(asked) if asked > self.policy.max_retry_after => {
                tracing::debug!(
                    operation = call.operation.name(),
                    attempt,
                    retry_after_ms = millis(asked),
                    "not retrying: the server asked for a longer pause than the retry policy allows"
                );
                return None;
            }
            Some(asked) => asked,
            None => jitter(self.policy.backoff_bound(attempt)),
        };
        if attempt >= self.policy.max_attempts
            && patient_until.is_some_and(|until| Instant::now() + delay >= until)
        {
            tracing::debug!(
                operation = call.operation.name(),
                attempt,
                delay_ms = millis(delay),
                "not retrying: the next attempt would start after the patience ran out"
            );
            return None;
        }
        if let Some(deadline) = deadline
            && Instant::now() + delay >= deadline
        {
            tracing::debug!(
                operation = call.operation.name(),
                attempt,
                delay_ms = millis(delay),
                "not retrying: the next attempt would start after the retry deadline"
            );
            return None;
        }
        Some(delay)
    }
}

impl Layer for RetryLayer {
    async fn call<R, O, N, F>(&self, call: Call, request: R, next: N) -> Result<O>
    where
        R: Request,
        O: Send,
        N: Fn(R) -> F + Send + Sync,
        F: Future<Output = Result<O>> + Send,
    {
        let started = Instant::now();
        let patient_until = PATIENCE
            .try_with(|patience| started + *patience)
            .ok()
            .filter(|until| *until > started);
        // Patience extends the overall deadline, so that it does not cut the window short.
        let deadline = self
            .policy
            .deadline
            .map(|limit| (started + limit).max(patient_until.unwrap_or(started)));
        let span = tracing::Span::current();
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let patient = patient_until.is_some_and(|until| Instant::now() < until);
            let may_retry =
                (attempt < self.policy.max_attempts || patient) && call.operation.retry().is_safe();
            if !may_retry {
                // The last attempt takes the request itself rather than a clone.
                return within(deadline, self.policy.deadline, call, attempt, next(request)).await;
            }
            let error = match within(
                deadline,
                self.policy.deadline,
                call,
                attempt,
                next(request.clone()),
            )
            .await
            {
                Ok(answer) => return Ok(answer),
                Err(error) => error,
            };
            let Some(delay) = self.delay_after(call, attempt, &error, deadline, patient_until)
            else {
                return Err(error);
            };
            tracing::debug!(
                operation = call.operation.name(),
                transport = call.transport,
                attempt,
                delay_ms = millis(delay),
                error_kind = ?error.kind(),
                "retrying after a transient failure"
            );
            // Outside `count_retries` there is no counter, and nothing to count into.
            let _ = RETRIES.try_with(|counter| counter.fetch_add(1, Ordering::Relaxed));
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// Runs one attempt, abandoning it with a `Timeout` error at the overall deadline.
async fn within<O>(
    deadline: Option<Instant>,
    limit: Option<Duration>,
    call: Call,
    attempt: u32,
    attempt_future: impl Future<Output = Result<O>>,
) -> Result<O> {
    let (Some(deadline), Some(limit)) = (deadline, limit) else {
        return attempt_future.await;
    };
    match tokio::time::timeout_at(deadline, attempt_future).await {
        Ok(result) => result,
        Err(_) => Err(Error::new(
            ErrorKind::Timeout,
            format!(
                "`{}` did not finish within the retry deadline of {limit:?} ({attempt} attempt{})",
                call.operation.name(),
                if attempt == 1 { "" } else { "s" }
            ),
        )),
    }
}

/// A random duration between zero and `bound`, both included.
fn jitter(bound: Duration) -> Duration {
    // A fresh `RandomState` has fresh random keys, which makes its hash of anything a random
    // number: plenty for spreading retries, without a dependency on a random number crate.
    let random = RandomState::new().hash_one(Instant::now());
    let unit = (random >> 11) as f64 / (1u64 << 53) as f64;
    bound.mul_f64(unit)
}

/// A duration in whole milliseconds, for log fields.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::future::{Ready, ready};
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::Operation;

    fn call(operation: Operation) -> Call {
        Call {
            operation,
            transport: "fake",
        }
    }

    /// A stand-in for the transport beneath: fails its first `fails` calls with `error`, then
    /// answers with the number of the call that succeeded.
    fn flaky(
        fails: u32,
        error: impl Fn() -> Error + Send + Sync + 'static,
        calls: &AtomicU32,
    ) -> impl Fn(()) -> Ready<Result<u32>> + Send + Sync + '_ {
        move |()| {
            let number = calls.fetch_add(1, Ordering::SeqCst) + 1;
            ready(if number <= fails {
                Err(error())
            } else {
                Ok(number)
            })
        }
    }

    fn unavailable() -> Error {
        Error::new(ErrorKind::Unavailable, "node restarting")
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_is_retried_until_it_succeeds() {
        let calls = AtomicU32::new(0);
        let layer = RetryLayer::default();
        let answer = layer
            .call(
                call(Operation::QueryPoints),
                (),
                flaky(2, unavailable, &calls),
            )
            .await;
        assert_eq!(answer.unwrap(), 3);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idempotent_write_is_retried_but_only_up_to_the_attempts() {
        let calls = AtomicU32::new(0);
        let layer = RetryLayer::new(RetryPolicy::default().max_attempts(4));
        let answer = layer
            .call(
                call(Operation::UpsertPoints),
                (),
                flaky(10, unavailable, &calls),
            )
            .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert_eq!(calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_is_never_sent_twice() {
        let calls = AtomicU32::new(0);
        let layer = RetryLayer::default();
        let answer = layer
            .call(
                call(Operation::CreateCollection),
                (),
                flaky(1, unavailable, &calls),
            )
            .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_that_is_not_transient_is_not_retried() {
        for kind in [
            ErrorKind::InvalidArgument,
            ErrorKind::NotFound,
            ErrorKind::Unauthenticated,
            ErrorKind::Decode,
        ] {
            let calls = AtomicU32::new(0);
            let answer = RetryLayer::default()
                .call(
                    call(Operation::QueryPoints),
                    (),
                    flaky(1, move || Error::new(kind, "no"), &calls),
                )
                .await;
            assert_eq!(answer.unwrap_err().kind(), kind);
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{kind:?} was retried");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn none_sends_once() {
        let calls = AtomicU32::new(0);
        let answer = RetryLayer::new(RetryPolicy::none())
            .call(
                call(Operation::QueryPoints),
                (),
                flaky(1, unavailable, &calls),
            )
            .await;
        assert!(answer.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_waited_out() {
        let calls = AtomicU32::new(0);
        // A backoff far shorter than the pause the server asks for: the pause must win.
        let layer =
            RetryLayer::new(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
        let started = Instant::now();
        let answer = layer
            .call(
                call(Operation::CountPoints),
                (),
                flaky(
                    1,
                    || {
                        Error::new(ErrorKind::RateLimited, "slow down")
                            .with_retry_after(Duration::from_secs(1))
                    },
                    &calls,
                ),
            )
            .await;
        assert_eq!(answer.unwrap(), 2);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
        assert!(waited < Duration::from_millis(1100), "waited {waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_policy_is_returned_at_once() {
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let answer = RetryLayer::default()
            .call(
                call(Operation::CountPoints),
                (),
                flaky(
                    1,
                    || {
                        Error::new(ErrorKind::RateLimited, "slow down")
                            .with_retry_after(Duration::from_secs(3600))
                    },
                    &calls,
                ),
            )
            .await;
        let error = answer.unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_bounds_retries_and_waits() {
        let calls = AtomicU32::new(0);
        let policy = RetryPolicy::default()
            .max_attempts(100)
            .initial_backoff(Duration::from_secs(1))
            .max_backoff(Duration::from_secs(1))
            .deadline(Duration::from_secs(3));
        let started = Instant::now();
        let answer = RetryLayer::new(policy)
            .call(
                call(Operation::QueryPoints),
                (),
                flaky(u32::MAX, unavailable, &calls),
            )
            .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert!(started.elapsed() <= Duration::from_secs(3));
        let made = calls.load(Ordering::SeqCst);
        assert!((2..100).contains(&made), "{made} attempts");
    }

    #[tokio::test(start_paused = true)]
    async fn an_attempt_still_running_at_the_deadline_is_abandoned() {
        let policy = RetryPolicy::default().deadline(Duration::from_secs(2));
        let started = Instant::now();
        let answer: Result<u32> = RetryLayer::new(policy)
            .call(call(Operation::CreateCollection), (), |()| {
                std::future::pending()
            })
            .await;
        let error = answer.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Timeout);
        assert!(error.message().contains("create_collection"), "{error}");
        assert_eq!(started.elapsed(), Duration::from_secs(2));
    }

    /// A stand-in that fails with `Unavailable` until `up_at`, then answers with the number of
    /// the call: a server restarting until then.
    fn down_until(
        up_at: Instant,
        calls: &AtomicU32,
    ) -> impl Fn(()) -> Ready<Result<u32>> + Send + Sync + '_ {
        move |()| {
            let number = calls.fetch_add(1, Ordering::SeqCst) + 1;
            ready(if Instant::now() < up_at {
                Err(unavailable())
            } else {
                Ok(number)
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn patience_rides_out_a_restart_longer_than_the_attempts() {
        let calls = AtomicU32::new(0);
        let retries = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let up_at = started + Duration::from_secs(12);
        let answer = count_retries(
            Arc::clone(&retries),
            with_patience(
                Duration::from_secs(60),
                RetryLayer::default().call(
                    call(Operation::UpsertPoints),
                    (),
                    down_until(up_at, &calls),
                ),
            ),
        )
        .await;
        let made = answer.unwrap();
        assert!(
            made > 3,
            "only {made} attempts: the policy's 3 would not have sufficed"
        );
        assert!(started.elapsed() >= Duration::from_secs(12));
        assert_eq!(retries.load(Ordering::SeqCst), u64::from(made - 1));
    }

    #[tokio::test(start_paused = true)]
    async fn patience_ends() {
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let answer = with_patience(
            Duration::from_secs(20),
            RetryLayer::default().call(
                call(Operation::QueryPoints),
                (),
                flaky(u32::MAX, unavailable, &calls),
            ),
        )
        .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::Unavailable);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
        assert!(calls.load(Ordering::SeqCst) > 3);
    }

    #[tokio::test(start_paused = true)]
    async fn patience_never_repeats_a_write_or_a_permanent_error() {
        let calls = AtomicU32::new(0);
        let answer = with_patience(
            Duration::from_secs(60),
            RetryLayer::default().call(
                call(Operation::CreateCollection),
                (),
                flaky(1, unavailable, &calls),
            ),
        )
        .await;
        assert!(answer.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a write was sent twice");

        let calls = AtomicU32::new(0);
        let answer = with_patience(
            Duration::from_secs(60),
            RetryLayer::default().call(
                call(Operation::UpsertPoints),
                (),
                flaky(1, || Error::new(ErrorKind::InvalidArgument, "bad"), &calls),
            ),
        )
        .await;
        assert_eq!(answer.unwrap_err().kind(), ErrorKind::InvalidArgument);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn patience_extends_a_shorter_deadline() {
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let policy = RetryPolicy::default().deadline(Duration::from_secs(2));
        let answer = with_patience(
            Duration::from_secs(30),
            RetryLayer::new(policy).call(
                call(Operation::UpsertPoints),
                (),
                down_until(started + Duration::from_secs(8), &calls),
            ),
        )
        .await;
        assert!(answer.is_ok(), "{answer:?}");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_below_it() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_bound(1), Duration::from_millis(100));
        assert_eq!(policy.backoff_bound(2), Duration::from_millis(200));
        assert_eq!(policy.backoff_bound(4), Duration::from_millis(800));
        assert_eq!(policy.backoff_bound(10), Duration::from_secs(5));
        assert_eq!(policy.backoff_bound(u32::MAX), Duration::from_secs(5));
        let bound = Duration::from_millis(100);
        let waits: Vec<_> = (0..64).map(|_| jitter(bound)).collect();
        assert!(waits.iter().all(|wait| *wait <= bound));
        assert!(
            waits.iter().any(|wait| *wait != waits[0]),
            "jitter is not random"
        );
    }
}
