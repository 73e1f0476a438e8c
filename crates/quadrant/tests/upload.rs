//! Bulk upload and scroll streams, on the embedded engine, with layers of the test's own that
//! fail, slow down or watch the batches.

#![cfg(feature = "embedded")]

use std::future::Future;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use quadrant::layers::{Call, Layer, Layered, Request, RetryLayer};
use quadrant::models::{
    Condition, CountPoints, CreateCollection, Distance, Filter, GetPoints, PointId, PointStruct,
    ScrollPoints, VectorParams, payload_from_json,
};
use quadrant::transports::EmbeddedTransport;
use quadrant::upload::{UploadCollection, UploadFailure, UploadPoints, UploadProgress};
use quadrant::{AsyncQdrantClient, Error, ErrorKind, Operation, QdrantClient, RetryPolicy};
use serde_json::json;

const DIM: u64 = 4;

fn point(i: u64) -> PointStruct {
    let x = i as f32;
    PointStruct::new(
        i,
        vec![x.sin(), x.cos(), 1.0, (i % 7) as f32],
        payload_from_json(json!({"i": i, "even": i.is_multiple_of(2)})).unwrap(),
    )
}

async fn create(client: &AsyncQdrantClient, name: &str) {
    client
        .create_collection(
            CreateCollection::new(name).vectors_config(VectorParams::new(DIM, Distance::Cosine)),
        )
        .await
        .unwrap();
}

async fn count(client: &AsyncQdrantClient, name: &str) -> u64 {
    client
        .count_points(CountPoints::new(name))
        .await
        .unwrap()
        .count
}

/// A layer in front of the embedded engine that can fail chosen upserts, delay them, and
/// records how many are in flight at once.
#[derive(Debug, Default)]
struct Watch {
    upserts: AtomicU64,
    /// Upsert calls (1-based, in order of arrival) answered with `Unavailable`.
    fail: Mutex<Vec<u64>>,
    delay: Option<Duration>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

/// The layer itself: a handle on the shared [`Watch`] the test reads.
#[derive(Debug)]
struct Watching(Arc<Watch>);

impl Layer for Watching {
    fn call<R, O, N, F>(
        &self,
        call: Call,
        request: R,
        next: N,
    ) -> impl Future<Output = quadrant::Result<O>> + Send
    where
        R: Request,
        O: Send,
        N: Fn(R) -> F + Send + Sync,
        F: Future<Output = quadrant::Result<O>> + Send,
    {
        let watch = Arc::clone(&self.0);
        async move {
            if call.operation != Operation::UpsertPoints {
                return next(request).await;
            }
            let n = watch.upserts.fetch_add(1, Ordering::SeqCst) + 1;
            if watch.fail.lock().unwrap().contains(&n) {
                return Err(Error::new(
                    ErrorKind::Unavailable,
                    format!("upsert {n} refused by the test"),
                ));
            }
            let now = watch.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            watch.most_in_flight.fetch_max(now, Ordering::SeqCst);
            if let Some(delay) = watch.delay {
                tokio::time::sleep(delay).await;
            }
            let answer = next(request).await;
            watch.in_flight.fetch_sub(1, Ordering::SeqCst);
            answer
        }
    }
}

/// A client over the embedded engine behind `watch`, and behind a retry layer when `retry`.
fn watched(watch: &Arc<Watch>, retry: Option<RetryPolicy>) -> AsyncQdrantClient {
    let engine = Arc::new(EmbeddedTransport::memory().unwrap());
    let watched = Arc::new(Layered::new(Watching(Arc::clone(watch)), engine));
    match retry {
        Some(policy) => {
            AsyncQdrantClient::from_transport(Layered::new(RetryLayer::new(policy), watched))
        }
        None => AsyncQdrantClient::from_transport(Layered::new(
            RetryLayer::new(RetryPolicy::none()),
            watched,
        )),
    }
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

#[tokio::test]
async fn uploads_every_point_in_batches_and_reports_progress() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    let reports = Arc::new(Mutex::new(Vec::<UploadProgress>::new()));
    let seen = Arc::clone(&reports);

    let summary = client
        .upload_points(
            UploadPoints::new("docs", (0..1000).map(point))
                .batch_size(64)
                .parallelism(3)
                .on_progress(move |progress| seen.lock().unwrap().push(progress.clone())),
        )
        .await
        .unwrap();

    assert_eq!(
        (summary.points, summary.batches, summary.retries),
        (1000, 16, 0)
    );
    assert_eq!(count(&client, "docs").await, 1000);
    let reports = reports.lock().unwrap().clone();
    assert_eq!(reports.len(), 16);
    assert!(
        reports
            .windows(2)
            .all(|pair| pair[0].points < pair[1].points)
    );
    let last = reports.last().unwrap();
    assert_eq!(
        (last.points, last.batches, last.total),
        (1000, 16, Some(1000))
    );

    let stored = client
        .get_points(GetPoints::new("docs", [PointId::from(999)]).with_payload(true))
        .await
        .unwrap();
    assert_eq!(stored[0].payload.as_ref().unwrap()["i"], json!(999));
}

#[tokio::test]
async fn uploads_a_stream() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    let points = futures_util::stream::iter(0..300).map(point);
    let summary = client
        .upload_points(UploadPoints::from_stream("docs", points).batch_size(100))
        .await
        .unwrap();
    assert_eq!((summary.points, summary.batches), (300, 3));
    assert_eq!(count(&client, "docs").await, 300);
}

#[tokio::test]
async fn upload_collection_zips_columns_and_generates_missing_ids() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    let vectors = (0..150).map(|i| vec![i as f32, 1.0, 0.0, 0.5]);
    let summary = client
        .upload_collection(UploadCollection::new("docs", vectors).batch_size(40))
        .await
        .unwrap();
    assert_eq!((summary.points, summary.batches), (150, 4));
    let ids: Vec<PointId> = client
        .scroll_stream(ScrollPoints::new("docs").limit(50))
        .map(|record| record.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids.len(), 150);
    assert!(
        ids.iter().all(|id| matches!(id, PointId::Uuid(_))),
        "{ids:?}"
    );

    create(&client, "named").await;
    let payloads = (0..10).map(|i| payload_from_json(json!({"n": i})).unwrap());
    client
        .upload_collection(
            UploadCollection::new("named", (0..10).map(|i| vec![i as f32, 1.0, 0.0, 0.5]))
                .ids((100..110).map(PointId::from))
                .payloads(payloads),
        )
        .await
        .unwrap();
    let stored = client
        .get_points(GetPoints::new("named", [PointId::from(107)]).with_payload(true))
        .await
        .unwrap();
    assert_eq!(stored[0].payload.as_ref().unwrap()["n"], json!(7));
}

#[tokio::test]
async fn upload_collection_refuses_columns_of_other_lengths() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    let error = client
        .upload_collection(
            UploadCollection::new("docs", (0..10).map(|i| vec![i as f32, 1.0, 0.0, 0.5]))
                .ids((0..7).map(PointId::from))
                .batch_size(4),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains("fewer ids than vectors"),
        "{error}"
    );
    let failure = UploadFailure::of(&error).unwrap();
    assert!(failure.failed.is_empty());
    assert_eq!((failure.unsent_from, failure.written.points), (7, 7));
    // The input's own error is the cause the failure's source leads to.
    let cause = std::error::Error::source(failure).expect("the input error is the source");
    assert!(
        cause.to_string().contains("fewer ids than vectors"),
        "{cause}"
    );

    let error = client
        .upload_collection(
            UploadCollection::new("docs", (0..3).map(|i| vec![i as f32, 1.0, 0.0, 0.5]))
                .payloads((0..4).map(|_| Default::default())),
        )
        .await
        .unwrap_err();
    assert!(
        error.message().contains("more payloads than vectors"),
        "{error}"
    );
}

#[tokio::test]
async fn refuses_a_zero_batch_size_or_parallelism() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    for upload in [
        UploadPoints::new("docs", (0..10).map(point)).batch_size(0),
        UploadPoints::new("docs", (0..10).map(point)).parallelism(0),
    ] {
        let error = client.upload_points(upload).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{error}");
    }
    assert_eq!(count(&client, "docs").await, 0);
}

#[tokio::test]
async fn a_transient_failure_retries_only_its_batch() {
    let watch = Arc::new(Watch {
        fail: Mutex::new(vec![2, 5]),
        ..Watch::default()
    });
    let client = watched(&watch, Some(quick_retries()));
    create(&client, "docs").await;
    let summary = client
        .upload_points(
            UploadPoints::new("docs", (0..100).map(point))
                .batch_size(25)
                .parallelism(1),
        )
        .await
        .unwrap();
    assert_eq!(
        (summary.points, summary.batches, summary.retries),
        (100, 4, 2)
    );
    // Four batches and two repeats: nothing was sent again from the start.
    assert_eq!(watch.upserts.load(Ordering::SeqCst), 6);
    assert_eq!(count(&client, "docs").await, 100);
}

#[tokio::test]
async fn patience_outlasts_more_failures_than_the_retry_policy_allows() {
    // Batch 2 fails five times in a row: more than the policy's three attempts.
    let failing = || {
        Arc::new(Watch {
            fail: Mutex::new(vec![3, 4, 5, 6, 7]),
            ..Watch::default()
        })
    };
    let upload = || {
        UploadPoints::new("docs", (0..50).map(point))
            .batch_size(10)
            .parallelism(1)
    };

    let watch = failing();
    let client = watched(&watch, Some(quick_retries()));
    create(&client, "docs").await;
    let summary = client.upload_points(upload()).await.unwrap();
    assert_eq!(
        (summary.points, summary.batches, summary.retries),
        (50, 5, 5)
    );
    assert_eq!(watch.upserts.load(Ordering::SeqCst), 10);
    assert_eq!(count(&client, "docs").await, 50);

    // Without patience the policy alone decides, and gives up after its three attempts.
    let watch = failing();
    let client = watched(&watch, Some(quick_retries()));
    create(&client, "docs").await;
    let error = client
        .upload_points(upload().patience(Duration::ZERO))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert_eq!(UploadFailure::of(&error).unwrap().failed[0].index, 2);
    assert_eq!(watch.upserts.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn a_failed_batch_stops_the_upload_and_is_reported() {
    let watch = Arc::new(Watch {
        fail: Mutex::new(vec![3]),
        ..Watch::default()
    });
    let client = watched(&watch, None);
    create(&client, "docs").await;
    let error = client
        .upload_points(
            UploadPoints::new("docs", (0..100).map(point))
                .batch_size(10)
                .parallelism(1)
                .patience(Duration::ZERO),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert!(
        error.message().contains("batch 2 (points 20..30)"),
        "{error}"
    );
    let failure = UploadFailure::of(&error).unwrap();
    assert_eq!(failure.failed.len(), 1);
    let batch = &failure.failed[0];
    assert_eq!((batch.index, batch.first_point), (2, 20));
    // The chain of sources goes on from the failure to the batch's own error.
    let cause = std::error::Error::source(failure).expect("the batch error is the source");
    let cause = cause.downcast_ref::<quadrant::Error>().unwrap();
    assert_eq!(cause.kind(), ErrorKind::Unavailable);
    assert_eq!(cause.message(), batch.error.message());
    assert_eq!(batch.ids, (20..30).map(PointId::from).collect::<Vec<_>>());
    assert_eq!(failure.unsent_from, 30);
    assert_eq!((failure.written.points, failure.written.batches), (20, 2));
    // The upload stopped reading: nothing after the failed batch was sent.
    assert_eq!(watch.upserts.load(Ordering::SeqCst), 3);
    assert_eq!(count(&client, "docs").await, 20);
}

#[tokio::test]
async fn a_missing_collection_fails_with_not_found() {
    let client = AsyncQdrantClient::memory().unwrap();
    let error = client
        .upload_points(UploadPoints::new("nowhere", (0..10).map(point)))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    assert_eq!(UploadFailure::of(&error).unwrap().failed[0].index, 0);
}

#[tokio::test]
async fn batches_overlap_up_to_the_parallelism() {
    for parallelism in [1, 2, 4] {
        let watch = Arc::new(Watch {
            delay: Some(Duration::from_millis(20)),
            ..Watch::default()
        });
        let client = watched(&watch, None);
        create(&client, "docs").await;
        client
            .upload_points(
                UploadPoints::new("docs", (0..160).map(point))
                    .batch_size(10)
                    .parallelism(parallelism),
            )
            .await
            .unwrap();
        assert_eq!(watch.most_in_flight.load(Ordering::SeqCst), parallelism);
        assert_eq!(count(&client, "docs").await, 160);
    }
}

#[tokio::test]
async fn reads_the_input_no_further_ahead_than_the_batches_in_flight() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    let read = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&read);
    let points = (0..10_000).map(move |i| {
        counter.fetch_add(1, Ordering::SeqCst);
        point(i)
    });
    let worst = Arc::new(AtomicU64::new(0));
    let (seen_read, seen_worst) = (Arc::clone(&read), Arc::clone(&worst));
    let (batch_size, parallelism) = (50, 3);
    client
        .upload_points(
            UploadPoints::new("docs", points)
                .batch_size(batch_size)
                .parallelism(parallelism)
                .on_progress(move |progress| {
                    let ahead = seen_read.load(Ordering::SeqCst) - progress.points;
                    seen_worst.fetch_max(ahead, Ordering::SeqCst);
                }),
        )
        .await
        .unwrap();
    assert_eq!(read.load(Ordering::SeqCst), 10_000);
    // Points read but not yet written: the batches in flight and the one being filled.
    let bound = batch_size as u64 * (parallelism as u64 + 1);
    let worst = worst.load(Ordering::SeqCst);
    assert!(
        worst <= bound,
        "read {worst} points ahead of the written ones, bound {bound}"
    );
}

#[tokio::test]
async fn scroll_stream_yields_every_matching_point_once_in_id_order() {
    let client = AsyncQdrantClient::memory().unwrap();
    create(&client, "docs").await;
    client
        .upload_points(UploadPoints::new("docs", (0..1000).map(point)))
        .await
        .unwrap();

    let all: Vec<u64> = client
        .scroll_stream(ScrollPoints::new("docs").limit(64))
        .map(|record| match record.unwrap().id {
            PointId::Num(n) => n,
            other => panic!("unexpected id {other}"),
        })
        .collect()
        .await;
    assert_eq!(all, (0..1000).collect::<Vec<_>>());

    let even = client
        .scroll_stream(
            ScrollPoints::new("docs")
                .limit(7)
                .filter(Filter::must([Condition::matches("even", true)])),
        )
        .collect::<Vec<_>>()
        .await;
    assert_eq!(even.len(), 500);
    assert!(
        even.iter().all(
            |record| record.as_ref().unwrap().payload.as_ref().unwrap()["even"] == json!(true)
        )
    );

    // Starting from an offset, with the default page size.
    let rest = client
        .scroll_stream(ScrollPoints::new("docs").offset(990))
        .count()
        .await;
    assert_eq!(rest, 10);
}

#[tokio::test]
async fn scroll_stream_ends_after_its_first_error() {
    let client = AsyncQdrantClient::memory().unwrap();
    let mut stream = client.scroll_stream(ScrollPoints::new("nowhere"));
    let first = stream.next().await.unwrap().unwrap_err();
    assert_eq!(first.kind(), ErrorKind::NotFound);
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());

    let mut ordered = client.scroll_stream(ScrollPoints::new("docs").order_by("i"));
    let refused = ordered.next().await.unwrap().unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
    assert!(ordered.next().await.is_none());
}

#[test]
fn the_blocking_client_uploads_and_scrolls_with_an_iterator() {
    let client = QdrantClient::memory().unwrap();
    client
        .create_collection(
            CreateCollection::new("docs").vectors_config(VectorParams::new(DIM, Distance::Cosine)),
        )
        .unwrap();
    let summary = client
        .upload_points(
            UploadPoints::new("docs", (0..500).map(point))
                .batch_size(100)
                .parallelism(2),
        )
        .unwrap();
    assert_eq!((summary.points, summary.batches), (500, 5));

    let ids: Vec<PointId> = client
        .scroll_stream(ScrollPoints::new("docs").limit(33))
        .map(|record| record.unwrap().id)
        .collect();
    assert_eq!(ids, (0..500).map(PointId::from).collect::<Vec<_>>());

    let mut missing = client.scroll_stream(ScrollPoints::new("nowhere"));
    assert_eq!(
        missing.next().unwrap().unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert!(missing.next().is_none());
}

#[tokio::test]
async fn an_upload_into_a_local_database_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let client = AsyncQdrantClient::local(dir.path()).unwrap();
        create(&client, "docs").await;
        let summary = client
            .upload_points(
                UploadPoints::new("docs", (0..2000).map(point))
                    .batch_size(128)
                    .parallelism(4),
            )
            .await
            .unwrap();
        assert_eq!(summary.points, 2000);
    }
    let reopened = AsyncQdrantClient::local(dir.path()).unwrap();
    assert_eq!(count(&reopened, "docs").await, 2000);
}
