//! Numbers arrive exactly as they were sent, on every transport.
//!
//! Random doubles (every bit pattern of a finite double, and the [64, 128) band where the
//! default serde_json parser is most often one unit in the last place off), integers across the
//! whole `i64` range and `u64` values go into payloads, geo points and range bounds, and must
//! come back bit for bit:
//! - over REST, through the facade against a server written here that keeps what it is sent,
//!   as Qdrant does, and answers it back as JSON;
//! - over gRPC, through the conversions and the protobuf encoding the transport uses, both ways;
//! - on the embedded engine, stored and read back, and found by a range whose bounds are the
//!   stored value itself.
//!
//! It fails when serde_json's `float_roundtrip` feature is off (the workspace turns it on).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::put;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use prost::Message;
use quadrant::models::*;
use quadrant::{AsyncQdrantClient, ErrorKind};
use quadrant_grpc::convert::{FromProto, IntoProto};
use quadrant_grpc::proto;
use serde_json::{Map, Value, json};

/// One case: the numbers a payload and a filter carry.
#[derive(Debug, Clone)]
struct Numbers {
    doubles: Vec<f64>,
    signed: Vec<i64>,
    unsigned: Vec<u64>,
    geo: GeoPoint,
}

fn finite_double() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::num::f64::POSITIVE
            | prop::num::f64::NEGATIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
        64.0..128.0_f64,
        -1.0e6..1.0e6_f64,
    ]
}

fn numbers() -> impl Strategy<Value = Numbers> {
    (
        prop::collection::vec(finite_double(), 1..24),
        prop::collection::vec(
            prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX)],
            1..8,
        ),
        prop::collection::vec(
            prop_oneof![any::<u64>(), Just(u64::MAX), Just(i64::MAX as u64)],
            1..8,
        ),
        (-90.0..=90.0_f64, -180.0..=180.0_f64),
    )
        .prop_map(|(doubles, signed, unsigned, (lat, lon))| Numbers {
            doubles,
            signed,
            unsigned,
            geo: GeoPoint { lon, lat },
        })
}

impl Numbers {
    /// The payload carrying every number: `d<i>`, `i<i>`, `u<i>` fields, the doubles again as a
    /// list, and the geo point as Qdrant stores one.
    fn payload(&self, unsigned: bool) -> Payload {
        let mut payload = Map::new();
        for (i, double) in self.doubles.iter().enumerate() {
            payload.insert(format!("d{i}"), json!(double));
        }
        for (i, integer) in self.signed.iter().enumerate() {
            payload.insert(format!("i{i}"), json!(integer));
        }
        if unsigned {
            for (i, integer) in self.unsigned.iter().enumerate() {
                payload.insert(format!("u{i}"), json!(integer));
            }
        }
        payload.insert("doubles".into(), json!(self.doubles));
        payload.insert(
            "location".into(),
            json!({"lat": self.geo.lat, "lon": self.geo.lon}),
        );
        payload
    }

    /// A filter whose range bounds and geo centre are the case's numbers.
    fn filter(&self) -> Filter {
        let conditions = self.doubles.iter().enumerate().map(|(i, &value)| {
            Condition::range(
                format!("d{i}"),
                Range {
                    gte: Some(value),
                    lte: Some(value),
                    ..Range::default()
                },
            )
        });
        let geo = Condition::geo_radius(
            "location",
            GeoRadius {
                center: self.geo,
                radius: 1.0,
            },
        );
        Filter::must(conditions.chain([geo]))
    }
}

/// Fails unless `got` is `sent` to the bit: doubles by their bits, integers by value and kind.
fn assert_exact(sent: &Value, got: &Value, path: &str) -> Result<(), TestCaseError> {
    match (sent, got) {
        (Value::Number(a), Value::Number(b)) => {
            if a.is_f64() {
                let (x, y) = (a.as_f64().unwrap(), b.as_f64());
                prop_assert!(b.is_f64(), "{path}: the double {x:e} came back as {b}");
                prop_assert_eq!(
                    x.to_bits(),
                    y.unwrap().to_bits(),
                    "{}: sent {:e}, got {:e}",
                    path,
                    x,
                    y.unwrap()
                );
            } else {
                prop_assert_eq!(a, b, "{}: an integer changed", path);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            prop_assert_eq!(a.len(), b.len(), "{}: list length", path);
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_exact(x, y, &format!("{path}[{i}]"))?;
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            prop_assert_eq!(
                a.len(),
                b.len(),
                "{}: fields {:?} vs {:?}",
                path,
                a.keys(),
                b.keys()
            );
            for (key, x) in a {
                let y = b.get(key);
                prop_assert!(y.is_some(), "{path}.{key} is missing");
                assert_exact(x, y.unwrap(), &format!("{path}.{key}"))?;
            }
        }
        _ => prop_assert_eq!(sent, got, "{}", path),
    }
    Ok(())
}

fn assert_same_filter(sent: &Filter, got: &Filter) -> Result<(), TestCaseError> {
    let sent = serde_json::to_value(sent).unwrap();
    let got = serde_json::to_value(got).unwrap();
    assert_exact(&sent, &got, "filter")
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    })
}

/// What the stand-in REST server holds: the points of its one collection, as parsed JSON.
type Stored = Arc<Mutex<Vec<Value>>>;

/// A REST server that keeps upserted points and answers a retrieve with them, writing numbers
/// back as Qdrant does (shortest round-trip text).
async fn keeping_server() -> String {
    async fn upsert(State(stored): State<Stored>, body: String) -> String {
        let body: Value = serde_json::from_str(&body).expect("the client sent JSON");
        let points = body["points"].as_array().expect("points").clone();
        stored.lock().unwrap().extend(points);
        json!({"result": {"operation_id": 1, "status": "completed"}, "status": "ok", "time": 0.0})
            .to_string()
    }
    async fn retrieve(State(stored): State<Stored>, Path(_name): Path<String>) -> String {
        let points: Vec<Value> = std::mem::take(&mut *stored.lock().unwrap())
            .into_iter()
            .map(|point| json!({"id": point["id"], "payload": point["payload"]}))
            .collect();
        json!({"result": points, "status": "ok", "time": 0.0}).to_string()
    }
    let app = Router::new()
        .route("/collections/{name}/points", put(upsert).post(retrieve))
        .with_state(Stored::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[test]
fn numbers_round_trip_exactly_over_rest() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(async {
        let url = keeping_server().await;
        AsyncQdrantClient::builder(url)
            .rest()
            .check_compatibility(false)
            .build()
            .unwrap()
    });
    runner()
        .run(&numbers(), |numbers| {
            let payload = numbers.payload(true);
            let point = PointStruct::new(1, vec![0.5_f32], payload.clone());
            let records = runtime.block_on(async {
                client
                    .upsert_points(UpsertPoints::new("exact", vec![point]))
                    .await
                    .unwrap();
                client
                    .get_points(GetPoints::new("exact", [1]).with_payload(true))
                    .await
                    .unwrap()
            });
            prop_assert_eq!(records.len(), 1);
            let got = records[0].payload.clone().unwrap_or_default();
            assert_exact(&Value::Object(payload), &Value::Object(got), "payload")?;

            // A filter is only ever written by the client and read by the server.
            let filter = numbers.filter();
            let text = serde_json::to_string(&filter).unwrap();
            assert_same_filter(&filter, &serde_json::from_str(&text).unwrap())
        })
        .unwrap();
}

/// The model sent as its protobuf message, through the bytes on the wire, and back.
fn through_protobuf<M, P>(model: M) -> M
where
    M: IntoProto<P> + FromProto<P>,
    P: Message + Default,
{
    let bytes = model.into_proto().unwrap().encode_to_vec();
    M::from_proto(P::decode(bytes.as_slice()).unwrap()).unwrap()
}

#[test]
fn numbers_round_trip_exactly_over_grpc() {
    runner()
        .run(&numbers(), |numbers| {
            // gRPC's integer_value is signed: u64 values are checked on their own below.
            let payload = numbers.payload(false);
            let point = PointStruct::new(1, vec![0.5_f32], payload.clone());
            let sent: PointStruct = through_protobuf::<_, proto::PointStruct>(point);
            assert_exact(
                &Value::Object(payload.clone()),
                &Value::Object(sent.payload.clone().unwrap_or_default()),
                "request payload",
            )?;
            let record = Record {
                id: 1.into(),
                payload: Some(payload.clone()),
                vector: None,
                shard_key: None,
                order_value: None,
            };
            let answered: Record = through_protobuf::<_, proto::RetrievedPoint>(record);
            assert_exact(
                &Value::Object(payload),
                &Value::Object(answered.payload.unwrap_or_default()),
                "answer payload",
            )?;
            let filter = numbers.filter();
            assert_same_filter(
                &filter,
                &through_protobuf::<_, proto::Filter>(filter.clone()),
            )?;

            for &unsigned in &numbers.unsigned {
                let value = json!(unsigned);
                let converted: Result<proto::Value, _> = value.clone().into_proto();
                if let Ok(signed) = i64::try_from(unsigned) {
                    let back = Value::from_proto(converted.unwrap()).unwrap();
                    prop_assert_eq!(back.as_i64(), Some(signed));
                } else {
                    // Refused by name rather than sent as a rounded double.
                    let error = converted.unwrap_err();
                    prop_assert_eq!(error.kind(), ErrorKind::InvalidArgument);
                    prop_assert!(error.message().contains(&unsigned.to_string()), "{}", error);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn numbers_round_trip_exactly_on_the_embedded_engine() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = AsyncQdrantClient::memory().unwrap();
    runtime
        .block_on(client.create_collection(
            CreateCollection::new("exact").vectors_config(VectorParams::new(1, Distance::Dot)),
        ))
        .unwrap();
    let next_id = std::sync::atomic::AtomicU64::new(0);
    runner()
        .run(&numbers(), |numbers| {
            let id = next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let payload = numbers.payload(true);
            let point = PointStruct::new(id, vec![0.5_f32], payload.clone());
            let (records, found) = runtime.block_on(async {
                client
                    .upsert_points(UpsertPoints::new("exact", vec![point]).wait(true))
                    .await
                    .unwrap();
                let records = client
                    .get_points(GetPoints::new("exact", [id]).with_payload(true))
                    .await
                    .unwrap();
                let mut filter = numbers.filter();
                filter
                    .must
                    .get_or_insert_with(Vec::new)
                    .push(Condition::has_id([id]));
                let found = client
                    .count_points(CountPoints::new("exact").filter(filter).exact(true))
                    .await
                    .unwrap();
                (records, found)
            });
            prop_assert_eq!(records.len(), 1);
            let got = records[0].payload.clone().unwrap_or_default();
            assert_exact(&Value::Object(payload), &Value::Object(got), "payload")?;
            prop_assert_eq!(
                found.count,
                1,
                "ranges bounded by each stored double, and a circle around the stored geo point, find the point"
            );
            Ok(())
        })
        .unwrap();
}
