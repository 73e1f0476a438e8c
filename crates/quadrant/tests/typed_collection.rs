//! The typed collection handle on the embedded engine, on both front ends: points written from
//! and read into the test's own struct, requests filled in or refused, payloads that do not fit.

#![cfg(feature = "embedded")]

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, TryStreamExt};
use quadrant::layers::{Call, Layer, Layered, Request};
use quadrant::models::{
    Condition, CountPoints, CreateCollection, Distance, GetPoints, PointId, PointStruct,
    QueryPoints, ScrollPoints, UpsertPoints, VectorParams, payload_from_json,
};
use quadrant::transports::EmbeddedTransport;
use quadrant::{AsyncQdrantClient, Collection, ErrorKind, Operation, QdrantClient, TypedPoint};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    title: String,
    year: u16,
    tags: Vec<String>,
}

fn doc(i: u64) -> Doc {
    Doc {
        title: format!("doc {i}"),
        year: 1900 + i as u16,
        tags: vec![if i.is_multiple_of(2) { "even" } else { "odd" }.to_owned()],
    }
}

fn vector(i: u64) -> Vec<f32> {
    let x = i as f32;
    vec![x.sin(), x.cos(), 1.0]
}

/// The operations a client sent, in order, recorded by a layer in front of the engine.
#[derive(Debug, Default)]
struct Sent(Mutex<Vec<Operation>>);

impl Sent {
    fn take(&self) -> Vec<Operation> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[derive(Debug)]
struct Recording(Arc<Sent>);

impl Layer for Recording {
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
        self.0.0.lock().unwrap().push(call.operation);
        next(request)
    }
}

/// The embedded engine behind a layer that records what is sent to it.
fn recorded_engine() -> (Layered<Recording, EmbeddedTransport>, Arc<Sent>) {
    let sent = Arc::new(Sent::default());
    let engine = Arc::new(EmbeddedTransport::memory().expect("engine"));
    (Layered::new(Recording(Arc::clone(&sent)), engine), sent)
}

fn create_request() -> CreateCollection {
    CreateCollection::new("docs").vectors_config(VectorParams::new(3, Distance::Cosine))
}

/// `docs` with points 1..=25, written through the async handle.
async fn seeded() -> (Collection<Doc>, Arc<Sent>) {
    let (transport, sent) = recorded_engine();
    let client = AsyncQdrantClient::from_transport(transport);
    client.create_collection(create_request()).await.unwrap();
    let docs = client.collection::<Doc>("docs");
    let all: Vec<(u64, Doc)> = (1..=25).map(|i| (i, doc(i))).collect();
    docs.upsert(all.iter().map(|(i, d)| (*i, vector(*i), d)))
        .await
        .expect("typed upsert");
    sent.take();
    (docs, sent)
}

#[tokio::test]
async fn the_async_handle_writes_and_reads_the_users_type() {
    let (docs, sent) = seeded().await;
    assert_eq!(docs.name(), "docs");
    assert_eq!(docs.count(CountPoints::default()).await.unwrap(), 25);

    // The nearest neighbour of point 7's vector is point 7, read back as a Doc.
    let hits = docs
        .query(QueryPoints::default().query(vector(7)).limit(3))
        .await
        .expect("typed query");
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].id, PointId::Num(7));
    assert!(
        (hits[0].score - 1.0).abs() < 1e-4,
        "score {}",
        hits[0].score
    );
    assert_eq!(hits[0].payload, doc(7));
    assert!(hits[0].vector.is_none(), "vectors were not asked for");
    // The user's choice of vectors is kept.
    let hits = docs
        .query(
            QueryPoints::new("docs")
                .query(vector(7))
                .limit(1)
                .with_vector(true),
        )
        .await
        .expect("typed query with vectors");
    assert!(hits[0].vector.is_some());

    // get leaves out missing ids; retrieve keeps the request's options.
    let got = docs.get([3_u64, 999, 11]).await.expect("typed get");
    let ids: Vec<PointId> = got.iter().map(|point| point.id).collect();
    assert_eq!(ids, [PointId::Num(3), PointId::Num(11)]);
    assert_eq!(got[1].payload, doc(11));
    assert!(got[0].vector.is_none());
    let got = docs
        .retrieve(GetPoints::new("", [4_u64]).with_vector(true))
        .await
        .expect("typed retrieve");
    assert_eq!(got[0].payload, doc(4));
    assert!(got[0].vector.is_some());

    // One page, then every point as a stream of more than one page.
    let page = docs
        .scroll(ScrollPoints::default().limit(10))
        .await
        .expect("typed scroll");
    assert_eq!(page.points.len(), 10);
    assert_eq!(page.next_page_offset, Some(PointId::Num(11)));
    assert_eq!(page.points[9].payload, doc(10));
    sent.take();
    let streamed: Vec<TypedPoint<Doc>> = docs
        .scroll_stream(ScrollPoints::default().limit(10))
        .try_collect()
        .await
        .expect("typed scroll stream");
    assert_eq!(streamed.len(), 25);
    for (point, i) in streamed.iter().zip(1..) {
        assert_eq!((point.id, &point.payload), (PointId::Num(i), &doc(i)));
    }
    assert_eq!(
        sent.take(),
        [Operation::ScrollPoints; 3],
        "three pages of 10"
    );

    // A filter of the untyped API goes through as is.
    let odd: Vec<TypedPoint<Doc>> = docs
        .scroll_stream(ScrollPoints::default().filter(Condition::matches("tags", "odd")))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(odd.len(), 13);

    docs.delete([1_u64, 2]).await.expect("typed delete");
    assert_eq!(docs.count(CountPoints::default()).await.unwrap(), 23);
    // The untyped client is at hand.
    assert!(docs.client().collection_exists("docs").await.unwrap());
}

#[tokio::test]
async fn a_request_for_another_collection_is_refused_before_anything_is_sent() {
    let (docs, sent) = seeded().await;
    let error = docs
        .query(QueryPoints::new("other").query(vector(1)))
        .await
        .expect_err("another collection's query");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("`docs`"), "{error}");
    assert!(error.message().contains("`other`"), "{error}");

    let error = docs
        .scroll(ScrollPoints::new("other"))
        .await
        .expect_err("another collection's scroll");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    let error = docs
        .count(CountPoints::new("other"))
        .await
        .expect_err("another collection's count");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    let mut stream = docs.scroll_stream(ScrollPoints::new("other"));
    let error = stream.next().await.unwrap().expect_err("refused stream");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        stream.next().await.is_none(),
        "the stream ends after its error"
    );

    assert_eq!(sent.take(), [], "nothing was sent");
    // The handle's own name is accepted as well as an empty one.
    assert_eq!(docs.count(CountPoints::new("docs")).await.unwrap(), 25);
}

#[tokio::test]
async fn a_payload_that_does_not_fit_is_a_decode_error_naming_the_point_and_the_field() {
    let (docs, _) = seeded().await;
    let odd = payload_from_json(json!({"title": "odd", "year": "nineteen", "tags": []})).unwrap();
    docs.client()
        .upsert_points(UpsertPoints::new(
            "docs",
            [PointStruct::new(12_u64, vector(12), odd)],
        ))
        .await
        .unwrap();

    let error = docs.get([12_u64]).await.expect_err("year is a string");
    assert_eq!(error.kind(), ErrorKind::Decode);
    for part in ["point 12", "`docs`", "Doc", "field `year`"] {
        assert!(error.message().contains(part), "{part} missing in: {error}");
    }
    let error = docs
        .query(QueryPoints::default().query(vector(12)).limit(1))
        .await
        .expect_err("the nearest hit is point 12");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("point 12"), "{error}");

    // The stream yields the points before it, then the error, then ends.
    let items: Vec<quadrant::Result<TypedPoint<Doc>>> = docs
        .scroll_stream(ScrollPoints::default().limit(5))
        .collect()
        .await;
    assert_eq!(items.len(), 12);
    assert!(items[..11].iter().all(Result::is_ok));
    let error = items[11].as_ref().expect_err("point 12");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("field `year`"), "{error}");

    // Another type that fits every payload reads them all.
    #[derive(Deserialize)]
    struct TitleOnly {
        title: String,
    }
    let titles = docs
        .client()
        .collection::<TitleOnly>("docs")
        .get([12_u64])
        .await
        .unwrap();
    assert_eq!(titles[0].payload.title, "odd");
}

#[tokio::test]
async fn a_value_that_is_not_an_object_is_refused_naming_the_point() {
    let (transport, sent) = recorded_engine();
    let client = AsyncQdrantClient::from_transport(transport);
    let numbers = client.collection::<Vec<u8>>("docs");
    let error = numbers
        .upsert([(5_u64, vector(5), vec![1_u8, 2])])
        .await
        .expect_err("an array is no payload");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("point 5"), "{error}");
    assert!(error.message().contains("an array"), "{error}");
    assert_eq!(sent.take(), [], "nothing was sent");
}

#[test]
fn the_blocking_handle_has_the_same_methods() {
    let (transport, sent) = recorded_engine();
    let client = QdrantClient::from_transport(transport).expect("blocking client");
    client.create_collection(create_request()).unwrap();
    let docs = client.collection::<Doc>("docs");
    assert_eq!(docs.name(), "docs");
    // Owned payloads are taken as well as references.
    docs.upsert((1..=12).map(|i| (i, vector(i), doc(i))))
        .expect("blocking upsert");
    sent.take();

    let streamed: Vec<TypedPoint<Doc>> = docs
        .scroll_stream(ScrollPoints::default().limit(5))
        .collect::<quadrant::Result<_>>()
        .expect("blocking scroll stream");
    assert_eq!(streamed.len(), 12);
    assert_eq!(streamed[11].payload, doc(12));
    assert_eq!(
        sent.take(),
        [Operation::ScrollPoints; 3],
        "three pages of 5"
    );

    let got = docs.get([2_u64]).expect("blocking get");
    assert_eq!(got[0].payload, doc(2));
    let hits = docs
        .query(QueryPoints::default().query(vector(9)).limit(1))
        .expect("blocking query");
    assert_eq!((hits[0].id, &hits[0].payload), (PointId::Num(9), &doc(9)));
    let page = docs.scroll(ScrollPoints::default().limit(20)).unwrap();
    assert_eq!((page.points.len(), page.next_page_offset), (12, None));

    let error = docs
        .query(QueryPoints::new("other"))
        .expect_err("another collection");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    docs.delete([2_u64]).unwrap();
    assert_eq!(docs.count(CountPoints::default()).unwrap(), 11);
    assert_eq!(docs.as_async().name(), "docs");
    assert!(format!("{docs:?}").contains("Doc"));
}

#[test]
fn the_blocking_handle_inside_a_runtime_is_a_usage_error() {
    let client = QdrantClient::memory().expect("blocking client");
    let docs = client.collection::<Doc>("docs");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let error = runtime
        .block_on(async { docs.get([1_u64]) })
        .expect_err("blocking inside a runtime");
    assert_eq!(error.kind(), ErrorKind::Usage);
    let error = runtime
        .block_on(async { docs.scroll_stream(ScrollPoints::default()).next() })
        .expect("one item")
        .expect_err("blocking iterator inside a runtime");
    assert_eq!(error.kind(), ErrorKind::Usage);
    runtime.block_on(async move { drop(docs) });
}

#[tokio::test]
async fn a_point_without_payload_reads_as_an_empty_one() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Tags {
        #[serde(skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
    }

    let (docs, _) = seeded().await;
    let tags = docs.client().collection::<Tags>("docs");
    // `{}` is written as no payload at all.
    tags.upsert([(40_u64, vector(40), Tags { tags: None })])
        .await
        .unwrap();
    let got = tags.get([2_u64, 40]).await.expect("all fields optional");
    let ids: Vec<PointId> = got.iter().map(|point| point.id).collect();
    assert_eq!(ids, [PointId::Num(2), PointId::Num(40)]);
    assert_eq!(
        got[0].payload.tags.as_deref(),
        Some(&["even".to_owned()][..])
    );
    assert_eq!(got[1].payload, Tags { tags: None });

    let error = docs
        .get([40_u64])
        .await
        .expect_err("a Doc has required fields");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("point 40"), "{error}");
    assert!(error.message().contains("title"), "{error}");
}
