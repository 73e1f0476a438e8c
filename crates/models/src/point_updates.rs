//! Changes to stored points other than upsert and delete: their payload, their vectors, and
//! batches that apply several changes in order.

use serde::{Deserialize, Serialize};

use crate::common::{ShardKeySelector, WriteOrdering};
use crate::filter::Filter;
use crate::payload::Payload;
use crate::point_id::PointId;
use crate::points::{DeletePoints, PointsSelector, UpsertPoints};
use crate::vectors::VectorStruct;

/// Sets payload keys on points (`POST /collections/{collection_name}/points/payload`, operation
/// `set_payload`), or replaces their whole payload (`PUT` on the same path, operation
/// `overwrite_payload`); both take this body (REST `SetPayload`) and are answered by
/// [`crate::UpdateResult`].
///
/// The points are given by id ([`SetPayloadPoints::points`]) or by filter
/// ([`SetPayloadPoints::filter`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SetPayloadPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the payload is written; `None` is the client default,
    /// `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The keys and values to set (or, to overwrite with, the whole new payload).
    pub payload: Payload,
    /// The points with these ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointId>>,
    /// The points that match this filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// A nested payload key (a path such as `a.b`) under which `payload` is set, rather than
    /// at the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl SetPayloadPoints {
    /// A request to set `payload` on the points of `collection_name` with these ids.
    pub fn points(
        collection_name: impl Into<String>,
        payload: Payload,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        SetPayloadPoints {
            collection_name: collection_name.into(),
            payload,
            points: Some(ids.into_iter().map(Into::into).collect()),
            ..SetPayloadPoints::default()
        }
    }

    /// A request to set `payload` on the points of `collection_name` that match `filter`.
    pub fn filter(
        collection_name: impl Into<String>,
        payload: Payload,
        filter: impl Into<Filter>,
    ) -> Self {
        SetPayloadPoints {
            collection_name: collection_name.into(),
            payload,
            filter: Some(filter.into()),
            ..SetPayloadPoints::default()
        }
    }
}

option_setters!(SetPayloadPoints {
    /// Sets whether to wait until the payload is written.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
    /// Sets the payload under this nested key.
    key: into String,
});

/// Removes payload keys from points (`POST /collections/{collection_name}/points/payload/delete`,
/// body `DeletePayload`); answered by [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeletePayloadPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the keys are gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The payload keys to remove.
    pub keys: Vec<String>,
    /// The points with these ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointId>>,
    /// The points that match this filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
}

impl DeletePayloadPoints {
    /// A request to remove `keys` from the points of `collection_name` with these ids.
    pub fn points(
        collection_name: impl Into<String>,
        keys: impl IntoIterator<Item = impl Into<String>>,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        DeletePayloadPoints {
            collection_name: collection_name.into(),
            keys: keys.into_iter().map(Into::into).collect(),
            points: Some(ids.into_iter().map(Into::into).collect()),
            ..DeletePayloadPoints::default()
        }
    }

    /// A request to remove `keys` from the points of `collection_name` that match `filter`.
    pub fn filter(
        collection_name: impl Into<String>,
        keys: impl IntoIterator<Item = impl Into<String>>,
        filter: impl Into<Filter>,
    ) -> Self {
        DeletePayloadPoints {
            collection_name: collection_name.into(),
            keys: keys.into_iter().map(Into::into).collect(),
            filter: Some(filter.into()),
            ..DeletePayloadPoints::default()
        }
    }
}

option_setters!(DeletePayloadPoints {
    /// Sets whether to wait until the keys are gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
});

/// Removes the whole payload of points (`POST /collections/{collection_name}/points/payload/clear`,
/// body `PointsSelector`); answered by [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClearPayloadPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the payloads are gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The points whose payload to clear.
    #[serde(flatten)]
    pub selector: PointsSelector,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
}

impl ClearPayloadPoints {
    /// A request to clear the payload of the points of `collection_name` with these ids.
    pub fn points(
        collection_name: impl Into<String>,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        Self::with_selector(
            collection_name,
            PointsSelector::Points(ids.into_iter().map(Into::into).collect()),
        )
    }

    /// A request to clear the payload of the points of `collection_name` that match `filter`.
    pub fn filter(collection_name: impl Into<String>, filter: impl Into<Filter>) -> Self {
        Self::with_selector(collection_name, PointsSelector::Filter(filter.into()))
    }

    fn with_selector(collection_name: impl Into<String>, selector: PointsSelector) -> Self {
        ClearPayloadPoints {
            collection_name: collection_name.into(),
            wait: None,
            ordering: None,
            timeout: None,
            selector,
            shard_key: None,
        }
    }
}

option_setters!(ClearPayloadPoints {
    /// Sets whether to wait until the payloads are gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
});

/// One point's new vectors, in [`UpdatePointVectors`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointVectors {
    /// The point's id.
    pub id: PointId,
    /// The vectors to set; named vectors not given keep their value.
    pub vector: VectorStruct,
}

impl PointVectors {
    /// New vectors for the point with this id.
    pub fn new(id: impl Into<PointId>, vector: impl Into<VectorStruct>) -> Self {
        PointVectors {
            id: id.into(),
            vector: vector.into(),
        }
    }
}

/// Replaces vectors of existing points (`PUT /collections/{collection_name}/points/vectors`,
/// body `UpdateVectors`); answered by [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdatePointVectors {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the vectors are written; `None` is the client default,
    /// `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The points and their new vectors (at least one).
    pub points: Vec<PointVectors>,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Only points that match this filter are updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_filter: Option<Filter>,
}

impl UpdatePointVectors {
    /// A request to set the vectors of `points` in `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        points: impl IntoIterator<Item = PointVectors>,
    ) -> Self {
        UpdatePointVectors {
            collection_name: collection_name.into(),
            points: points.into_iter().collect(),
            ..UpdatePointVectors::default()
        }
    }
}

option_setters!(UpdatePointVectors {
    /// Sets whether to wait until the vectors are written.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
    /// Updates only points that match this filter.
    update_filter: into Filter,
});

/// Deletes named vectors from points (`POST /collections/{collection_name}/points/vectors/delete`,
/// body `DeleteVectors`); answered by [`crate::UpdateResult`]. The points keep their other
/// vectors and their payload.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeletePointVectors {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the vectors are gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The points with these ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointId>>,
    /// The points that match this filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// The names of the vectors to delete (at least one).
    pub vector: Vec<String>,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
}

impl DeletePointVectors {
    /// A request to delete the vectors named `vector_names` from the points of
    /// `collection_name` with these ids.
    pub fn points(
        collection_name: impl Into<String>,
        vector_names: impl IntoIterator<Item = impl Into<String>>,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        DeletePointVectors {
            collection_name: collection_name.into(),
            vector: vector_names.into_iter().map(Into::into).collect(),
            points: Some(ids.into_iter().map(Into::into).collect()),
            ..DeletePointVectors::default()
        }
    }

    /// A request to delete the vectors named `vector_names` from the points of
    /// `collection_name` that match `filter`.
    pub fn filter(
        collection_name: impl Into<String>,
        vector_names: impl IntoIterator<Item = impl Into<String>>,
        filter: impl Into<Filter>,
    ) -> Self {
        DeletePointVectors {
            collection_name: collection_name.into(),
            vector: vector_names.into_iter().map(Into::into).collect(),
            filter: Some(filter.into()),
            ..DeletePointVectors::default()
        }
    }
}

option_setters!(DeletePointVectors {
    /// Sets whether to wait until the vectors are gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
});

/// Applies several point updates in order (`POST /collections/{collection_name}/points/batch`,
/// body `UpdateOperations`); answered by one [`crate::UpdateResult`] per operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateBatchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once every operation is applied; `None` is the client default,
    /// `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The operations, applied in this order.
    pub operations: Vec<UpdateOperation>,
}

impl UpdateBatchPoints {
    /// A request to apply `operations` to `collection_name`, in order.
    pub fn new(
        collection_name: impl Into<String>,
        operations: impl IntoIterator<Item = UpdateOperation>,
    ) -> Self {
        UpdateBatchPoints {
            collection_name: collection_name.into(),
            operations: operations.into_iter().collect(),
            ..UpdateBatchPoints::default()
        }
    }
}

option_setters!(UpdateBatchPoints {
    /// Sets whether to wait until every operation is applied.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// One operation of an [`UpdateBatchPoints`], written `{"<operation>": <body>}`.
///
/// Each variant holds the request of the standalone operation, whose body is the same. Only
/// that body is sent: the request's collection, `wait`, `ordering` and `timeout` are not part
/// of it, and the batch's own apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "a request is built once and sent; boxing would make it clumsier to build and match"
)]
pub enum UpdateOperation {
    /// Inserts or replaces points.
    Upsert(UpsertPoints),
    /// Deletes points.
    Delete(DeletePoints),
    /// Sets payload keys.
    SetPayload(SetPayloadPoints),
    /// Replaces whole payloads.
    OverwritePayload(SetPayloadPoints),
    /// Removes payload keys.
    DeletePayload(DeletePayloadPoints),
    /// Removes whole payloads.
    ClearPayload(ClearPayloadPoints),
    /// Replaces vectors.
    UpdateVectors(UpdatePointVectors),
    /// Deletes named vectors.
    DeleteVectors(DeletePointVectors),
}

/// Writes `From<$request> for UpdateOperation`.
macro_rules! update_operation_from {
    ($($request:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$request> for UpdateOperation {
                fn from(request: $request) -> Self {
                    UpdateOperation::$variant(request)
                }
            }
        )*
    };
}

// `SetPayloadPoints` converts to `SetPayload`; an overwrite is written out as
// `UpdateOperation::OverwritePayload`.
update_operation_from! {
    UpsertPoints => Upsert,
    DeletePoints => Delete,
    SetPayloadPoints => SetPayload,
    DeletePayloadPoints => DeletePayload,
    ClearPayloadPoints => ClearPayload,
    UpdatePointVectors => UpdateVectors,
    DeletePointVectors => DeleteVectors,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Condition;
    use crate::payload::payload_from_json;
    use crate::points::PointStruct;
    use serde_json::json;

    #[test]
    fn payload_bodies() {
        let payload = payload_from_json(json!({"level": 42})).unwrap();
        let set = SetPayloadPoints::points("c", payload, [1_u64])
            .key("nested")
            .wait(true);
        assert_eq!(set.wait, Some(true));
        assert_eq!(
            crate::to_json(&set).unwrap(),
            json!({"payload": {"level": 42}, "points": [1], "key": "nested"})
        );
        let delete =
            DeletePayloadPoints::filter("c", ["a"], Filter::must([Condition::is_null("b")]));
        assert_eq!(
            crate::to_json(&delete).unwrap(),
            json!({"keys": ["a"], "filter": {"must": [{"is_null": {"key": "b"}}]}})
        );
        let clear = ClearPayloadPoints::points("c", [5_u64]).shard_key("eu");
        assert_eq!(
            crate::to_json(&clear).unwrap(),
            json!({"points": [5], "shard_key": "eu"})
        );
    }

    #[test]
    fn vector_bodies() {
        let update = UpdatePointVectors::new(
            "c",
            vec![PointVectors::new(
                1,
                [("text", vec![1.0_f32, 0.0])]
                    .into_iter()
                    .collect::<VectorStruct>(),
            )],
        );
        assert_eq!(
            crate::to_json(&update).unwrap(),
            json!({"points": [{"id": 1, "vector": {"text": [1.0, 0.0]}}]})
        );
        let delete = DeletePointVectors::points("c", ["image"], [2_u64]);
        assert_eq!(
            crate::to_json(&delete).unwrap(),
            json!({"points": [2], "vector": ["image"]})
        );
    }

    #[test]
    fn batch_operations_are_tagged_bodies() {
        let batch = UpdateBatchPoints::new(
            "c",
            [
                UpsertPoints::new(
                    "c",
                    vec![PointStruct::new(7, vec![0.5_f32], Payload::new())],
                )
                .into(),
                UpdateOperation::OverwritePayload(SetPayloadPoints::points(
                    "c",
                    Payload::new(),
                    [7_u64],
                )),
                DeletePoints::points("c", [8_u64]).into(),
            ],
        )
        .wait(true);
        let body = crate::to_json(&batch).unwrap();
        assert_eq!(
            body,
            json!({"operations": [
                {"upsert": {"points": [{"id": 7, "vector": [0.5]}]}},
                {"overwrite_payload": {"payload": {}, "points": [7]}},
                {"delete": {"points": [8]}},
            ]})
        );
        let back: UpdateBatchPoints = serde_json::from_value(body).unwrap();
        assert!(matches!(
            back.operations[1],
            UpdateOperation::OverwritePayload(_)
        ));
    }
}
