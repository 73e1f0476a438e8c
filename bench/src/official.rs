//! The official Rust client, `qdrant-client` 1.18.0, measured beside ours (bench feature
//! `official`, which `cargo xtask bench` turns on).
//!
//! Issue #6 sets its gRPC targets relative to the official client, and this machine's speed
//! varies too much from run to run for absolute µs to be compared with figures taken elsewhere:
//! so [`crate::client`] measures the official client in the same run as the facade and the lean
//! generator ([`crate::lean`]), against the same gRPC sink, on the same client thread,
//! current-thread runtime and thread CPU clock, interleaved with them round by round. It makes
//! the same requests, built with the official builders: a `query` with a 128-d dense vector,
//! limit 10 and the payload, whose answer must hold 10 points, and `upsert_points` of 256 768-d
//! points with their payloads, two in flight. The client is built as its documentation shows,
//! `Qdrant::from_url(url)`, with the version check skipped (a sink has no version to report) and
//! its defaults otherwise: no compression (as ours runs, [`crate::client::COMPRESSION`]), a
//! pool of 3 channels used in turn, a 5 s timeout. `…/official/…` is its figure, and
//! `…/vs_official` ours over its, so that below 1 means ours costs less CPU for the same work.

use futures_util::StreamExt as _;
use qdrant_client::qdrant::value::Kind;
use qdrant_client::qdrant::{
    ListValue, PointStruct, QueryPoints, QueryPointsBuilder, Struct, UpsertPoints,
    UpsertPointsBuilder, Value,
};
use qdrant_client::{Payload, Qdrant};
use quadrant_models::{PointId, PointInsertOperations, VectorStruct};

/// The official client, pointed at a gRPC sink (or, for `--server`, a real server). Clones
/// share its channels.
#[derive(Clone)]
pub struct OfficialClient {
    client: Qdrant,
}

impl OfficialClient {
    /// A client for the gRPC server at `url`, with the version check skipped and every other
    /// setting at its default (compression is off by default). It connects on its first call.
    ///
    /// # Errors
    ///
    /// When `url` is not a valid URI.
    pub fn connect(url: &str) -> Result<Self, String> {
        Self::connect_with(url, None)
    }

    /// [`OfficialClient::connect`], with the server's api key when there is one.
    ///
    /// # Errors
    ///
    /// When `url` is not a valid URI.
    pub fn connect_with(url: &str, api_key: Option<String>) -> Result<Self, String> {
        let client = Qdrant::from_url(url)
            .api_key(api_key)
            .skip_compatibility_check()
            .compression(None)
            .build()
            .map_err(|error| format!("could not build the official client: {error}"))?;
        Ok(OfficialClient { client })
    }

    /// The benchmark's query, built with the official builder: `vector`, limit 10, with the
    /// payload, and with the vectors when `with_vectors`.
    pub fn query(&self, collection: &str, vector: Vec<f32>, with_vectors: bool) -> QueryPoints {
        let query = QueryPointsBuilder::new(collection)
            .query(vector)
            .limit(10)
            .with_payload(true);
        if with_vectors {
            query.with_vectors(true).build()
        } else {
            query.build()
        }
    }

    /// Sends `request` and checks that the answer has `expected` points.
    ///
    /// # Errors
    ///
    /// When the call fails or the answer has another number of points.
    pub async fn call(&self, request: QueryPoints, expected: usize) -> Result<(), String> {
        let answer = self
            .client
            .query(request)
            .await
            .map_err(|error| format!("the official client's query failed: {error}"))?;
        if answer.result.len() == expected {
            Ok(())
        } else {
            Err(format!(
                "the official client's answer has {} points, not {expected}",
                answer.result.len()
            ))
        }
    }

    /// `upsert` (our model) as the official client's request, built with its builders and
    /// waiting for the result as ours does.
    ///
    /// # Errors
    ///
    /// When the upsert is a column batch or a point has anything but one unnamed dense vector,
    /// which the benchmark never sends.
    pub fn upsert(&self, upsert: &quadrant_models::UpsertPoints) -> Result<UpsertPoints, String> {
        let PointInsertOperations::Points(points) = &upsert.operation else {
            return Err("only upserts of a point list are converted".to_owned());
        };
        let points = points
            .iter()
            .map(|point| {
                let VectorStruct::Single(vector) = &point.vector else {
                    return Err("only single dense vectors are converted".to_owned());
                };
                let payload = point
                    .payload
                    .as_ref()
                    .map(|payload| {
                        let mut converted = Payload::with_capacity(payload.len());
                        for (key, value) in payload {
                            converted.insert(key, json_value(value));
                        }
                        converted
                    })
                    .unwrap_or_default();
                Ok(match point.id {
                    PointId::Num(id) => PointStruct::new(id, vector.clone(), payload),
                    PointId::Uuid(id) => PointStruct::new(id.to_string(), vector.clone(), payload),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(
            UpsertPointsBuilder::new(upsert.collection_name.clone(), points)
                .wait(true)
                .build(),
        )
    }

    /// Sends every upsert, `in_flight` at a time.
    ///
    /// # Errors
    ///
    /// The first failed upsert.
    pub async fn send_all(
        &self,
        requests: Vec<UpsertPoints>,
        in_flight: usize,
    ) -> Result<(), String> {
        let mut answers = futures_util::stream::iter(requests)
            .map(|request| self.client.upsert_points(request))
            .buffer_unordered(in_flight.max(1));
        while let Some(answer) = answers.next().await {
            answer.map_err(|error| format!("the official client's upsert failed: {error}"))?;
        }
        Ok(())
    }
}

/// A JSON value as a payload value: integers that fit an i64 as integers, like ours.
fn json_value(value: &serde_json::Value) -> Value {
    let kind = match value {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(flag) => Kind::BoolValue(*flag),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(integer) => Kind::IntegerValue(integer),
            None => Kind::DoubleValue(number.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(text) => Kind::StringValue(text.clone()),
        serde_json::Value::Array(items) => Kind::ListValue(ListValue {
            values: items.iter().map(json_value).collect(),
        }),
        serde_json::Value::Object(map) => Kind::StructValue(Struct {
            fields: map
                .iter()
                .map(|(key, value)| (key.clone(), json_value(value)))
                .collect(),
        }),
    };
    Value { kind: Some(kind) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{self, Rng};
    use crate::lean::LeanClient;
    use crate::servers::{Protocol, SinkServer};

    /// Against the gRPC sink: the query is answered with the canned 10 points, and the
    /// official client's requests are as long on the wire as ours (the lean generator sends our
    /// transport's encoding), so both clients send the same work.
    #[test]
    fn the_official_client_sends_what_ours_does() {
        let answer = data::query_response(&mut Rng::new(3), 10, 0);
        let server = SinkServer::start(Protocol::Grpc, &answer).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let vector = data::unit_vector(&mut Rng::new(5), 128);
        let upsert = data::upsert(&mut Rng::new(4), 0, 5, 16);
        runtime.block_on(async {
            let lean = LeanClient::connect(Protocol::Grpc, &server.url(), 1)
                .await
                .unwrap();
            let ours = lean
                .query(
                    &quadrant_models::QueryPoints::new(data::COLLECTION)
                        .query(vector.clone())
                        .limit(10)
                        .with_payload(true),
                )
                .unwrap();
            let client = OfficialClient::connect(&server.url()).unwrap();
            let query = client.query(data::COLLECTION, vector, false);
            let before = server.received_bytes();
            client.call(query.clone(), 10).await.unwrap();
            assert_eq!(server.received_bytes() - before, ours.len() as u64);
            assert!(client.call(query, 3).await.is_err());

            let ours = lean.upsert(&upsert).unwrap();
            let request = client.upsert(&upsert).unwrap();
            let before = server.received_bytes();
            client.send_all(vec![request; 3], 2).await.unwrap();
            assert_eq!(server.received_bytes() - before, 3 * ours.len() as u64);
        });
    }
}
