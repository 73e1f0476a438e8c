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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt;
    use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    use super::*;
    use crate::layers::{RetryLayer, RetryPolicy};
    use crate::models::QueryPoints;
    use crate::{Error, ErrorKind, Operation};

    type FieldMap = BTreeMap<String, String>;

    /// Keeps every span's name and fields, as text, and every event's fields.
    #[derive(Default)]
    struct Capture {
        next_id: AtomicU64,
        spans: Mutex<BTreeMap<u64, (String, FieldMap)>>,
        events: Mutex<Vec<BTreeMap<String, String>>>,
        /// The entered spans, innermost last, which `Span::current` asks for.
        entered: Mutex<Vec<(u64, &'static Metadata<'static>)>>,
        metadata: Mutex<BTreeMap<u64, &'static Metadata<'static>>>,
    }

    struct Fields<'a>(&'a mut BTreeMap<String, String>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.insert(field.name().to_owned(), format!("{value:?}"));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.insert(field.name().to_owned(), value.to_owned());
        }
    }

    /// The subscriber given to tracing, sharing the capture with the test.
    struct Shared(Arc<Capture>);

    impl Subscriber for Shared {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.0.next_id.fetch_add(1, Ordering::SeqCst) + 1;
            let mut fields = BTreeMap::new();
            span.record(&mut Fields(&mut fields));
            self.0.metadata.lock().unwrap().insert(id, span.metadata());
            self.0
                .spans
                .lock()
                .unwrap()
                .insert(id, (span.metadata().name().to_owned(), fields));
            Id::from_u64(id)
        }
        fn record(&self, span: &Id, values: &Record<'_>) {
            if let Some((_, fields)) = self.0.spans.lock().unwrap().get_mut(&span.into_u64()) {
                values.record(&mut Fields(fields));
            }
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            self.0.events.lock().unwrap().push(fields);
        }
        fn enter(&self, span: &Id) {
            let id = span.into_u64();
            if let Some(metadata) = self.0.metadata.lock().unwrap().get(&id) {
                self.0.entered.lock().unwrap().push((id, metadata));
            }
        }
        fn exit(&self, span: &Id) {
            let mut entered = self.0.entered.lock().unwrap();
            if let Some(place) = entered.iter().rposition(|(id, _)| *id == span.into_u64()) {
                entered.remove(place);
            }
        }
        fn current_span(&self) -> tracing_core::span::Current {
            match self.0.entered.lock().unwrap().last() {
                Some((id, metadata)) => {
                    tracing_core::span::Current::new(Id::from_u64(*id), metadata)
                }
                None => tracing_core::span::Current::none(),
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn one_span_per_operation_with_its_fields_and_no_payload() {
        let capture = Arc::new(Capture::default());
        let _guard = tracing::subscriber::set_default(Shared(Arc::clone(&capture)));

        let call = Call {
            operation: Operation::QueryPoints,
            transport: "rest",
        };
        let request = QueryPoints::new("docs").query(vec![0.25, 0.5]);
        let retry = RetryLayer::new(RetryPolicy::default());
        let calls = AtomicU32::new(0);
        let answer = TracingLayer::new()
            .call(call, request, |request| {
                retry.call(call, request, |_: QueryPoints| {
                    let number = calls.fetch_add(1, Ordering::SeqCst) + 1;
                    std::future::ready(if number == 1 {
                        Err(Error::new(ErrorKind::Unavailable, "secret-laden message"))
                    } else {
                        Ok(number)
                    })
                })
            })
            .await;
        assert_eq!(answer.unwrap(), 2);

        let spans = capture.spans.lock().unwrap();
        assert_eq!(spans.len(), 1, "{spans:?}");
        let (name, fields) = spans.values().next().unwrap();
        assert_eq!(name, "quadrant.operation");
        assert_eq!(fields["operation"], "query_points");
        assert_eq!(fields["collection"], "docs");
        assert_eq!(fields["transport"], "rest");
        assert_eq!(fields["attempt"], "2");
        assert!(!fields.contains_key("error_kind"));

        let events = capture.events.lock().unwrap();
        let retry_event = events
            .iter()
            .find(|event| event.get("attempt").is_some_and(|a| a == "1"))
            .expect("the retry is logged");
        assert_eq!(retry_event["operation"], "query_points");
        assert_eq!(retry_event["error_kind"], "Unavailable");
        assert!(retry_event.contains_key("delay_ms"));

        let everything = format!("{spans:?}{events:?}");
        for leak in ["0.25", "secret-laden"] {
            assert!(!everything.contains(leak), "{leak} leaked: {everything}");
        }
    }

    #[tokio::test]
    async fn a_failed_call_records_its_error_kind() {
        let capture = Arc::new(Capture::default());
        let _guard = tracing::subscriber::set_default(Shared(Arc::clone(&capture)));
        let call = Call {
            operation: Operation::GetCollections,
            transport: "grpc",
        };
        let answer: Result<()> = TracingLayer::new()
            .call(call, (), |()| {
                std::future::ready(Err(Error::new(ErrorKind::NotFound, "gone")))
            })
            .await;
        assert!(answer.is_err());
        let spans = capture.spans.lock().unwrap();
        let (_, fields) = spans.values().next().unwrap();
        assert_eq!(fields["error_kind"], "NotFound");
        assert!(!fields.contains_key("collection"));
    }
}
