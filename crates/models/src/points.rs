//! Points: writing, deleting, retrieving, counting and scrolling them, and the records the
//! server returns.

use serde::{Deserialize, Serialize};

use crate::common::{
    ReadConsistency, ShardKey, ShardKeySelector, WithPayloadInterface, WithVector, WriteOrdering,
};
use crate::filter::Filter;
use crate::payload::{Payload, PayloadError};
use crate::point_id::PointId;
use crate::vectors::{BatchVectorStruct, VectorStruct, VectorStructOutput};

/// A point to write: its id, its vectors and its payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointStruct {
    /// The point's id.
    pub id: PointId,
    /// The point's vectors.
    pub vector: VectorStruct,
    /// The point's payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
}

impl PointStruct {
    /// A point with this id, vector and payload. An empty payload is stored as no payload
    /// (`None`), which the server treats the same and which keeps the body short.
    pub fn new(id: impl Into<PointId>, vector: impl Into<VectorStruct>, payload: Payload) -> Self {
        PointStruct {
            id: id.into(),
            vector: vector.into(),
            payload: (!payload.is_empty()).then_some(payload),
        }
    }

    /// A point whose payload is any `Serialize` value that serializes as a JSON object, such as
    /// the application's own `#[derive(Serialize)]` struct.
    ///
    /// ```
    /// use quadrant_models::PointStruct;
    /// # #[derive(serde::Serialize)]
    /// # struct Doc { title: &'static str }
    /// let point = PointStruct::try_new(1, vec![0.1, 0.2], &Doc { title: "Dune" })?;
    /// assert_eq!(point.payload.unwrap()["title"], "Dune");
    /// # Ok::<(), quadrant_models::PayloadError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_payload`](crate::to_payload): the value is not an object, or does not
    /// serialize; the error names the type and the field. `quadrant::Error` converts from it.
    pub fn try_new<T: Serialize + ?Sized>(
        id: impl Into<PointId>,
        vector: impl Into<VectorStruct>,
        payload: &T,
    ) -> Result<Self, PayloadError> {
        Ok(Self::new(id, vector, crate::payload::to_payload(payload)?))
    }

    /// The point's payload read into the caller's type; as
    /// [`Record::payload_as`](crate::Record::payload_as).
    ///
    /// # Errors
    ///
    /// As [`Record::payload_as`](crate::Record::payload_as).
    pub fn payload_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, PayloadError> {
        crate::payload::optional_payload_as(self.payload.as_ref())
    }
}

/// Many points in column form: ids, vectors and payloads as parallel lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// The points' ids.
    pub ids: Vec<PointId>,
    /// The points' vectors, in the order of `ids`.
    pub vectors: BatchVectorStruct,
    /// The points' payloads, in the order of `ids`; `None` for a point without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payloads: Option<Vec<Option<Payload>>>,
}

/// The points of an upsert: a list of points (`{"points": […]}`) or a column batch
/// (`{"batch": {…}}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PointInsertOperations {
    /// A list of points.
    #[serde(rename = "points")]
    Points(Vec<PointStruct>),
    /// A column batch.
    #[serde(rename = "batch")]
    Batch(Batch),
}

impl PointInsertOperations {
    /// The number of points: the list's length, or the number of ids of a column batch.
    pub fn len(&self) -> usize {
        match self {
            PointInsertOperations::Points(points) => points.len(),
            PointInsertOperations::Batch(batch) => batch.ids.len(),
        }
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How an upsert treats points that already exist, or do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UpdateMode {
    /// Insert new points and replace existing ones (the default).
    Upsert,
    /// Insert new points; leave existing ones alone.
    InsertOnly,
    /// Replace existing points; ignore new ones.
    UpdateOnly,
}

/// Inserts or replaces points (`PUT /collections/{collection_name}/points`); answered by
/// [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpsertPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the points are written; `None` is the client default,
    /// `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The points.
    #[serde(flatten)]
    pub operation: PointInsertOperations,
    /// The shards to write to (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Existing points are only replaced when they match this filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_filter: Option<Filter>,
    /// Whether to insert, replace, or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_mode: Option<UpdateMode>,
}

impl UpsertPoints {
    /// A request to upsert `points` into `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        points: impl IntoIterator<Item = PointStruct>,
    ) -> Self {
        Self::with_operation(
            collection_name,
            PointInsertOperations::Points(points.into_iter().collect()),
        )
    }

    /// A request to upsert the points of a column `batch` into `collection_name`.
    pub fn batch(collection_name: impl Into<String>, batch: Batch) -> Self {
        Self::with_operation(collection_name, PointInsertOperations::Batch(batch))
    }

    fn with_operation(
        collection_name: impl Into<String>,
        operation: PointInsertOperations,
    ) -> Self {
        UpsertPoints {
            collection_name: collection_name.into(),
            wait: None,
            ordering: None,
            timeout: None,
            operation,
            shard_key: None,
            update_filter: None,
            update_mode: None,
        }
    }
}

option_setters!(UpsertPoints {
    /// Sets whether to wait until the points are written.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to write to.
    shard_key: into ShardKeySelector,
    /// Only replaces existing points that match this filter.
    update_filter: into Filter,
    /// Sets whether to insert, replace, or both.
    update_mode: UpdateMode,
});

/// Which points an operation applies to: these ids (`{"points": […]}`) or those matching a
/// filter (`{"filter": {…}}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PointsSelector {
    /// These ids.
    #[serde(rename = "points")]
    Points(Vec<PointId>),
    /// The points matching this filter.
    #[serde(rename = "filter")]
    Filter(Filter),
}

impl From<Filter> for PointsSelector {
    /// The points matching `filter`.
    fn from(filter: Filter) -> Self {
        PointsSelector::Filter(filter)
    }
}

impl From<Vec<PointId>> for PointsSelector {
    /// These ids.
    fn from(ids: Vec<PointId>) -> Self {
        PointsSelector::Points(ids)
    }
}

impl<I: Into<PointId>> FromIterator<I> for PointsSelector {
    /// These ids.
    fn from_iter<T: IntoIterator<Item = I>>(ids: T) -> Self {
        PointsSelector::Points(ids.into_iter().map(Into::into).collect())
    }
}

/// Deletes points (`POST /collections/{collection_name}/points/delete`); answered by
/// [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletePoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the points are gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The points to delete.
    #[serde(flatten)]
    pub selector: PointsSelector,
    /// The shards to delete from (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
}

impl DeletePoints {
    /// A request to delete the points with these ids from `collection_name`.
    pub fn points(
        collection_name: impl Into<String>,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        Self::with_selector(
            collection_name,
            PointsSelector::Points(ids.into_iter().map(Into::into).collect()),
        )
    }

    /// A request to delete the points of `collection_name` that match `filter`.
    pub fn filter(collection_name: impl Into<String>, filter: impl Into<Filter>) -> Self {
        Self::with_selector(collection_name, PointsSelector::Filter(filter.into()))
    }

    fn with_selector(collection_name: impl Into<String>, selector: PointsSelector) -> Self {
        DeletePoints {
            collection_name: collection_name.into(),
            wait: None,
            ordering: None,
            timeout: None,
            selector,
            shard_key: None,
        }
    }
}

option_setters!(DeletePoints {
    /// Sets whether to wait until the points are gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to delete from.
    shard_key: into ShardKeySelector,
});

/// Retrieves points by id (`POST /collections/{collection_name}/points`, body
/// `PointRequest`); answered by a list of [`Record`]s, without the ids that do not exist.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to read (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The ids to retrieve.
    pub ids: Vec<PointId>,
    /// Which payload to return; the server's default is all of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
}

impl GetPoints {
    /// A request for the points of `collection_name` with these ids.
    pub fn new(
        collection_name: impl Into<String>,
        ids: impl IntoIterator<Item = impl Into<PointId>>,
    ) -> Self {
        GetPoints {
            collection_name: collection_name.into(),
            ids: ids.into_iter().map(Into::into).collect(),
            ..GetPoints::default()
        }
    }
}

option_setters!(GetPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to read.
    shard_key: into ShardKeySelector,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
});

/// Retrieves one point by id (`GET /collections/{collection_name}/points/{id}`); answered by
/// its [`Record`], with payload and vectors, or a not-found error. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetPoint {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The point's id (path). Decoding a body leaves it at id 0, as it leaves every path
    /// field at its default.
    #[serde(skip, default = "first_id")]
    pub id: PointId,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
}

impl GetPoint {
    /// A request for the point `id` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, id: impl Into<PointId>) -> Self {
        GetPoint {
            collection_name: collection_name.into(),
            id: id.into(),
            consistency: None,
        }
    }
}

fn first_id() -> PointId {
    PointId::Num(0)
}

option_setters!(GetPoint {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
});

/// Counts the points that match a filter (`POST /collections/{collection_name}/points/count`);
/// answered by [`CountResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CountPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to count in (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Only points that match; every point when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Whether to count exactly (the server's default) or estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
}

impl CountPoints {
    /// A request to count the points of `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        CountPoints {
            collection_name: collection_name.into(),
            ..CountPoints::default()
        }
    }
}

option_setters!(CountPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to count in.
    shard_key: into ShardKeySelector,
    /// Counts only points that match.
    filter: into Filter,
    /// Sets whether to count exactly.
    exact: bool,
});

/// The answer to [`CountPoints`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CountResult {
    /// The number of matching points.
    pub count: u64,
}

/// Reads points page by page (`POST /collections/{collection_name}/points/scroll`), in id
/// order or by a payload field; answered by [`ScrollResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScrollPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to read (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The id to start from, as given by the previous page's `next_page_offset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<PointId>,
    /// The page size; the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Which payload to return; the server's default is all of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Order by a payload field instead of by id (needs a range index on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<OrderByInterface>,
}

impl ScrollPoints {
    /// A request to scroll through the points of `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        ScrollPoints {
            collection_name: collection_name.into(),
            ..ScrollPoints::default()
        }
    }
}

option_setters!(ScrollPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to read.
    shard_key: into ShardKeySelector,
    /// Starts from this id.
    offset: into PointId,
    /// Sets the page size.
    limit: u32,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Orders by a payload field (a key, or an [`OrderBy`]).
    order_by: into OrderByInterface,
});

from_collection_name!(CountPoints, ScrollPoints);

/// One page of [`ScrollPoints`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScrollResult {
    /// The points of this page.
    pub points: Vec<Record>,
    /// The offset of the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_offset: Option<PointId>,
}

/// A stored point, as the server returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The point's id.
    pub id: PointId,
    /// The payload, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    /// The vectors, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<VectorStructOutput>,
    /// The shard key of the point's shard (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
    /// The value of the `order_by` field, when scrolling by a field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_value: Option<OrderValue>,
}

impl Record {
    /// The point's payload read into the caller's type, such as a `#[derive(Deserialize)]`
    /// struct of the application.
    ///
    /// # Errors
    ///
    /// A [`PayloadError`] naming the type and the field when the payload does not fit `T`, or
    /// saying so when the answer carries no payload (it was not asked for with
    /// `with_payload`). `quadrant::Error` converts from it, as a decode error.
    pub fn payload_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, PayloadError> {
        crate::payload::optional_payload_as(self.payload.as_ref())
    }
}

/// A point found by a query, with its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredPoint {
    /// The point's id.
    pub id: PointId,
    /// The version of the point: the number of the last operation that changed it.
    pub version: u64,
    /// The score against the query (similarity, distance or formula, per the query).
    pub score: f32,
    /// The payload, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    /// The vectors, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<VectorStructOutput>,
    /// The shard key of the point's shard (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
    /// The value of the `order_by` field, when ordering by a field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_value: Option<OrderValue>,
}

impl ScoredPoint {
    /// The point's payload read into the caller's type, such as a `#[derive(Deserialize)]`
    /// struct of the application.
    ///
    /// # Errors
    ///
    /// A [`PayloadError`] naming the type and the field when the payload does not fit `T`, or
    /// saying so when the answer carries no payload (it was not asked for with
    /// `with_payload`). `quadrant::Error` converts from it, as a decode error.
    pub fn payload_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, PayloadError> {
        crate::payload::optional_payload_as(self.payload.as_ref())
    }
}

/// The value of the field a result is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrderValue {
    /// An integer (integer and datetime fields).
    Int(i64),
    /// A float.
    Float(f64),
}

/// Ordering by a payload field: just its key (ascending), or an [`OrderBy`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrderByInterface {
    /// Ascending by this key.
    Key(String),
    /// Full ordering settings.
    Struct(OrderBy),
}

impl From<&str> for OrderByInterface {
    fn from(key: &str) -> Self {
        OrderByInterface::Key(key.to_owned())
    }
}

impl From<String> for OrderByInterface {
    fn from(key: String) -> Self {
        OrderByInterface::Key(key)
    }
}

impl From<OrderBy> for OrderByInterface {
    fn from(order_by: OrderBy) -> Self {
        OrderByInterface::Struct(order_by)
    }
}

/// Ordering by a payload field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderBy {
    /// The payload key; it needs a range-capable index.
    pub key: String,
    /// The direction; ascending when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The value to start from, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_from: Option<StartFrom>,
}

impl OrderBy {
    /// Ascending by `key`.
    pub fn new(key: impl Into<String>) -> Self {
        OrderBy {
            key: key.into(),
            direction: None,
            start_from: None,
        }
    }
}

option_setters!(OrderBy {
    /// Sets the direction.
    direction: Direction,
    /// Starts from this value.
    start_from: into StartFrom,
});

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

/// Where ordering by a field starts: a number, or an RFC 3339 datetime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StartFrom {
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A datetime.
    Datetime(String),
}

impl From<i64> for StartFrom {
    fn from(value: i64) -> Self {
        StartFrom::Integer(value)
    }
}

impl From<f64> for StartFrom {
    fn from(value: f64) -> Self {
        StartFrom::Float(value)
    }
}

impl From<&str> for StartFrom {
    fn from(value: &str) -> Self {
        StartFrom::Datetime(value.to_owned())
    }
}

impl From<String> for StartFrom {
    fn from(value: String) -> Self {
        StartFrom::Datetime(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Condition;
    use crate::payload::payload_from_json;
    use serde_json::json;

    #[test]
    fn insert_operations_count_their_points() {
        let list = PointInsertOperations::Points(vec![
            PointStruct::new(1_u64, vec![1.0], Payload::new()),
            PointStruct::new(2_u64, vec![0.0], Payload::new()),
        ]);
        assert_eq!((list.len(), list.is_empty()), (2, false));
        let batch = PointInsertOperations::Batch(Batch {
            ids: vec![
                PointId::from(1_u64),
                PointId::from(2_u64),
                PointId::from(3_u64),
            ],
            vectors: crate::vectors::BatchVectorStruct::Single(vec![vec![1.0]; 3]),
            payloads: None,
        });
        assert_eq!(batch.len(), 3);
        assert!(PointInsertOperations::Points(Vec::new()).is_empty());
    }

    #[test]
    fn upsert_forms() {
        let payload = payload_from_json(json!({"color": "red"})).unwrap();
        let request = UpsertPoints::new(
            "c",
            vec![
                PointStruct::new(1, vec![0.5, 0.25], payload),
                PointStruct::new(2, vec![0.5, 0.25], Payload::new()),
            ],
        )
        .update_filter(Filter::must([Condition::matches("color", "red")]))
        .wait(false);
        assert_eq!(request.wait, Some(false));
        let body = crate::to_json(&request).unwrap();
        assert_eq!(
            body,
            json!({
                "points": [
                    {"id": 1, "vector": [0.5, 0.25], "payload": {"color": "red"}},
                    {"id": 2, "vector": [0.5, 0.25]},
                ],
                "update_filter": {"must": [{"key": "color", "match": {"value": "red"}}]},
            })
        );
        let back: UpsertPoints = serde_json::from_value(body).unwrap();
        assert_eq!(back.collection_name, "");
        assert_eq!(back.wait, None);
        assert_eq!(back.operation, request.operation);

        let batch: UpsertPoints = serde_json::from_value(json!({
            "batch": {"ids": [1, 2], "vectors": [[0.1], [0.2]], "payloads": [{"a": 1}, null]},
            "shard_key": "eu",
        }))
        .unwrap();
        let PointInsertOperations::Batch(inner) = &batch.operation else {
            panic!("expected a batch");
        };
        assert_eq!(inner.payloads.as_ref().map(Vec::len), Some(2));
        assert_eq!(batch.shard_key, Some("eu".into()));
    }

    #[test]
    fn delete_forms() {
        let by_ids = DeletePoints::points("c", [1_u64, 2]);
        assert_eq!(crate::to_json(&by_ids).unwrap(), json!({"points": [1, 2]}));
        let by_filter = DeletePoints::filter("c", Filter::must([Condition::is_null("a")]));
        assert_eq!(
            crate::to_json(&by_filter).unwrap(),
            json!({"filter": {"must": [{"is_null": {"key": "a"}}]}})
        );
        assert!(serde_json::from_value::<DeletePoints>(json!({"shard_key": 1})).is_err());
    }

    #[test]
    fn scroll_and_order_by() {
        let request = ScrollPoints::from("c")
            .limit(5)
            .order_by(
                OrderBy::new("price")
                    .direction(Direction::Desc)
                    .start_from(10.5),
            )
            .with_payload(vec!["price"]);
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({
                "limit": 5,
                "with_payload": ["price"],
                "order_by": {"key": "price", "direction": "desc", "start_from": 10.5},
            })
        );
        let record: Record = serde_json::from_value(json!({"id": 1, "order_value": 3})).unwrap();
        assert_eq!(record.order_value, Some(OrderValue::Int(3)));
    }
}
