//! Points: upserting, deleting, retrieving, counting and scrolling them, the records and scored
//! points the server returns, and the small selectors those requests share (payload and vector
//! selectors, read consistency, write ordering, shard keys).
//!
//! Differences from REST that the conversion bridges:
//! - `wait` is a query parameter in REST and a field in gRPC. The models leave it unset to mean
//!   the client default, `true`, which is sent explicitly: the server's own default is `false`.
//! - gRPC has no column form of an upsert: a [`Batch`] is sent as the list of points it stands
//!   for, the form the server stores either way.
//! - A point's payload is a map on gRPC, so "no payload" and "an empty payload" are the same
//!   message; both read back as `None`.
//! - A [`ShardKeySelector`] is always a list of keys (and a fallback) on gRPC; one key reads
//!   back as [`ShardKeySelector::ShardKey`].

use quadrant_models::{
    Batch, CountPoints, CountResult, DeletePoints, Direction, Filter, GetPoints, OrderBy,
    OrderByInterface, OrderValue, PayloadSelector, PointId, PointInsertOperations, PointStruct,
    PointsSelector, ReadConsistency, ReadConsistencyType, Record, ScoredPoint, ScrollPoints,
    ScrollResult, ShardKey, ShardKeySelector, ShardKeyWithFallback, StartFrom, UpdateMode,
    UpdateResult, UpdateStatus, UpsertPoints, VectorStruct, WithPayloadInterface, WithVector,
    WriteOrdering,
};
use quadrant_transport::Result;

use crate::convert::payload::{optional_payload_from_proto, optional_payload_into_proto};
use crate::convert::vectors::batch_vectors;
use crate::convert::{
    FromProto, IntoProto, enum_conversions, finite_in, finite_out, format_timestamp, invalid,
    required, undecodable,
};
use crate::proto::{
    self, order_value, points_selector::PointsSelectorOneOf, read_consistency, shard_key,
    start_from, with_payload_selector::SelectorOptions as PayloadOptions,
    with_vectors_selector::SelectorOptions as VectorsOptions,
};

// ---------------------------------------------------------------------------------------------
// Shared selectors and settings

enum_conversions!("ReadConsistency.type", ReadConsistencyType, proto::ReadConsistencyType {
    All <=> All,
    Majority <=> Majority,
    Quorum <=> Quorum,
});

enum_conversions!("WriteOrdering.type", WriteOrdering, proto::WriteOrderingType {
    Weak <=> Weak,
    Medium <=> Medium,
    Strong <=> Strong,
});

enum_conversions!("UpsertPoints.update_mode", UpdateMode, proto::UpdateMode {
    Upsert <=> Upsert,
    InsertOnly <=> InsertOnly,
    UpdateOnly <=> UpdateOnly,
});

enum_conversions!("OrderBy.direction", Direction, proto::Direction {
    Asc <=> Asc,
    Desc <=> Desc,
});

enum_conversions!(open "UpdateResult.status", UpdateStatus, proto::UpdateStatus {
    Acknowledged <=> Acknowledged,
    Completed <=> Completed,
    WaitTimeout <=> WaitTimeout,
});

impl IntoProto<proto::ReadConsistency> for ReadConsistency {
    fn into_proto(self) -> Result<proto::ReadConsistency> {
        let value = match self {
            ReadConsistency::Factor(factor) => read_consistency::Value::Factor(factor),
            ReadConsistency::Type(kind) => read_consistency::Value::Type(kind.into_proto()?),
        };
        Ok(proto::ReadConsistency { value: Some(value) })
    }
}

impl FromProto<proto::ReadConsistency> for ReadConsistency {
    fn from_proto(message: proto::ReadConsistency) -> Result<Self> {
        Ok(match required(message.value, "ReadConsistency.value")? {
            read_consistency::Value::Factor(factor) => ReadConsistency::Factor(factor),
            read_consistency::Value::Type(kind) => {
                ReadConsistency::Type(ReadConsistencyType::from_proto(kind)?)
            }
        })
    }
}

impl IntoProto<proto::WriteOrdering> for WriteOrdering {
    fn into_proto(self) -> Result<proto::WriteOrdering> {
        Ok(proto::WriteOrdering {
            r#type: IntoProto::<i32>::into_proto(self)?,
        })
    }
}

impl FromProto<proto::WriteOrdering> for WriteOrdering {
    fn from_proto(message: proto::WriteOrdering) -> Result<Self> {
        WriteOrdering::from_proto(message.r#type)
    }
}

impl IntoProto<proto::ShardKey> for ShardKey {
    fn into_proto(self) -> Result<proto::ShardKey> {
        let key = match self {
            ShardKey::Keyword(keyword) => shard_key::Key::Keyword(keyword),
            ShardKey::Number(number) => shard_key::Key::Number(number),
        };
        Ok(proto::ShardKey { key: Some(key) })
    }
}

impl FromProto<proto::ShardKey> for ShardKey {
    fn from_proto(message: proto::ShardKey) -> Result<Self> {
        Ok(match required(message.key, "ShardKey.key")? {
            shard_key::Key::Keyword(keyword) => ShardKey::Keyword(keyword),
            shard_key::Key::Number(number) => ShardKey::Number(number),
        })
    }
}

impl IntoProto<proto::ShardKeySelector> for ShardKeySelector {
    fn into_proto(self) -> Result<proto::ShardKeySelector> {
        let (keys, fallback) = match self {
            ShardKeySelector::ShardKey(key) => (vec![key], None),
            ShardKeySelector::ShardKeys(keys) => (keys, None),
            ShardKeySelector::WithFallback(ShardKeyWithFallback { target, fallback }) => {
                (vec![target], Some(fallback))
            }
        };
        Ok(proto::ShardKeySelector {
            shard_keys: keys.into_proto()?,
            fallback: fallback.into_proto()?,
        })
    }
}

impl FromProto<proto::ShardKeySelector> for ShardKeySelector {
    fn from_proto(message: proto::ShardKeySelector) -> Result<Self> {
        let mut keys = Vec::<ShardKey>::from_proto(message.shard_keys)?;
        match (
            Option::<ShardKey>::from_proto(message.fallback)?,
            keys.len(),
        ) {
            (None, 1) => Ok(ShardKeySelector::ShardKey(keys.remove(0))),
            (None, _) => Ok(ShardKeySelector::ShardKeys(keys)),
            (Some(fallback), 1) => Ok(ShardKeySelector::WithFallback(ShardKeyWithFallback {
                target: keys.remove(0),
                fallback,
            })),
            (Some(_), count) => Err(undecodable(
                "ShardKeySelector.fallback",
                format!("a fallback needs exactly one target key, not {count}"),
            )),
        }
    }
}

impl IntoProto<proto::WithPayloadSelector> for WithPayloadInterface {
    fn into_proto(self) -> Result<proto::WithPayloadSelector> {
        let options = match self {
            WithPayloadInterface::Bool(enable) => PayloadOptions::Enable(enable),
            WithPayloadInterface::Fields(fields)
            | WithPayloadInterface::Selector(PayloadSelector::Include(fields)) => {
                PayloadOptions::Include(proto::PayloadIncludeSelector { fields })
            }
            WithPayloadInterface::Selector(PayloadSelector::Exclude(fields)) => {
                PayloadOptions::Exclude(proto::PayloadExcludeSelector { fields })
            }
        };
        Ok(proto::WithPayloadSelector {
            selector_options: Some(options),
        })
    }
}

impl FromProto<proto::WithPayloadSelector> for WithPayloadInterface {
    fn from_proto(message: proto::WithPayloadSelector) -> Result<Self> {
        Ok(
            match required(
                message.selector_options,
                "WithPayloadSelector.selector_options",
            )? {
                PayloadOptions::Enable(enable) => WithPayloadInterface::Bool(enable),
                PayloadOptions::Include(include) => {
                    WithPayloadInterface::Selector(PayloadSelector::Include(include.fields))
                }
                PayloadOptions::Exclude(exclude) => {
                    WithPayloadInterface::Selector(PayloadSelector::Exclude(exclude.fields))
                }
            },
        )
    }
}

impl IntoProto<proto::WithVectorsSelector> for WithVector {
    fn into_proto(self) -> Result<proto::WithVectorsSelector> {
        let options = match self {
            WithVector::Bool(enable) => VectorsOptions::Enable(enable),
            WithVector::Names(names) => VectorsOptions::Include(proto::VectorsSelector { names }),
        };
        Ok(proto::WithVectorsSelector {
            selector_options: Some(options),
        })
    }
}

impl FromProto<proto::WithVectorsSelector> for WithVector {
    fn from_proto(message: proto::WithVectorsSelector) -> Result<Self> {
        Ok(
            match required(
                message.selector_options,
                "WithVectorsSelector.selector_options",
            )? {
                VectorsOptions::Enable(enable) => WithVector::Bool(enable),
                VectorsOptions::Include(include) => WithVector::Names(include.names),
            },
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Writing points

impl IntoProto<proto::PointStruct> for PointStruct {
    fn into_proto(self) -> Result<proto::PointStruct> {
        Ok(proto::PointStruct {
            id: Some(self.id.into_proto()?),
            payload: optional_payload_into_proto(self.payload)?,
            vectors: Some(self.vector.into_proto()?),
        })
    }
}

impl FromProto<proto::PointStruct> for PointStruct {
    fn from_proto(message: proto::PointStruct) -> Result<Self> {
        Ok(PointStruct {
            id: PointId::from_proto(required(message.id, "PointStruct.id")?)?,
            vector: VectorStruct::from_proto(required(message.vectors, "PointStruct.vectors")?)?,
            payload: optional_payload_from_proto(message.payload)?,
        })
    }
}

/// The points of a column batch, one by one.
fn batch_points(batch: Batch) -> Result<Vec<PointStruct>> {
    let count = batch.ids.len();
    let vectors = batch_vectors(batch.vectors, count)?;
    let payloads = match batch.payloads {
        None => vec![None; count],
        Some(payloads) if payloads.len() == count => payloads,
        Some(payloads) => {
            return Err(invalid(
                "Batch.payloads",
                format!("{} payloads for {count} ids", payloads.len()),
            ));
        }
    };
    Ok(batch
        .ids
        .into_iter()
        .zip(vectors)
        .zip(payloads)
        .map(|((id, vector), payload)| PointStruct {
            id,
            vector,
            payload,
        })
        .collect())
}

impl IntoProto<proto::UpsertPoints> for UpsertPoints {
    fn into_proto(self) -> Result<proto::UpsertPoints> {
        let points = match self.operation {
            PointInsertOperations::Points(points) => points,
            PointInsertOperations::Batch(batch) => batch_points(batch)?,
        };
        Ok(proto::UpsertPoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            points: points.into_proto()?,
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            update_filter: self.update_filter.into_proto()?,
            timeout: self.timeout,
            update_mode: self.update_mode.into_proto()?,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::UpsertPoints> for UpsertPoints {
    fn from_proto(message: proto::UpsertPoints) -> Result<Self> {
        Ok(UpsertPoints {
            collection_name: message.collection_name,
            wait: message.wait,
            ordering: Option::from_proto(message.ordering)?,
            timeout: message.timeout,
            operation: PointInsertOperations::Points(Vec::from_proto(message.points)?),
            shard_key: Option::from_proto(message.shard_key_selector)?,
            update_filter: Option::from_proto(message.update_filter)?,
            update_mode: Option::from_proto(message.update_mode)?,
        })
    }
}

impl IntoProto<proto::PointsSelector> for PointsSelector {
    fn into_proto(self) -> Result<proto::PointsSelector> {
        let selector = match self {
            PointsSelector::Points(ids) => PointsSelectorOneOf::Points(proto::PointsIdsList {
                ids: ids.into_proto()?,
            }),
            PointsSelector::Filter(filter) => PointsSelectorOneOf::Filter(filter.into_proto()?),
        };
        Ok(proto::PointsSelector {
            points_selector_one_of: Some(selector),
        })
    }
}

impl FromProto<proto::PointsSelector> for PointsSelector {
    fn from_proto(message: proto::PointsSelector) -> Result<Self> {
        Ok(
            match required(
                message.points_selector_one_of,
                "PointsSelector.points_selector_one_of",
            )? {
                PointsSelectorOneOf::Points(ids) => {
                    PointsSelector::Points(Vec::from_proto(ids.ids)?)
                }
                PointsSelectorOneOf::Filter(filter) => {
                    PointsSelector::Filter(Filter::from_proto(filter)?)
                }
            },
        )
    }
}

impl IntoProto<proto::DeletePoints> for DeletePoints {
    fn into_proto(self) -> Result<proto::DeletePoints> {
        Ok(proto::DeletePoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            points: Some(self.selector.into_proto()?),
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::DeletePoints> for DeletePoints {
    fn from_proto(message: proto::DeletePoints) -> Result<Self> {
        Ok(DeletePoints {
            collection_name: message.collection_name,
            wait: message.wait,
            ordering: Option::from_proto(message.ordering)?,
            timeout: message.timeout,
            selector: PointsSelector::from_proto(required(message.points, "DeletePoints.points")?)?,
            shard_key: Option::from_proto(message.shard_key_selector)?,
        })
    }
}

impl IntoProto<proto::UpdateResult> for UpdateResult {
    fn into_proto(self) -> Result<proto::UpdateResult> {
        Ok(proto::UpdateResult {
            operation_id: self.operation_id,
            status: self.status.into_proto()?,
        })
    }
}

impl FromProto<proto::UpdateResult> for UpdateResult {
    fn from_proto(message: proto::UpdateResult) -> Result<Self> {
        Ok(UpdateResult {
            operation_id: message.operation_id,
            status: UpdateStatus::from_proto(message.status)?,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::PointsOperationResponse> for UpdateResult {
    fn into_proto(self) -> Result<proto::PointsOperationResponse> {
        Ok(proto::PointsOperationResponse {
            result: Some(self.into_proto()?),
            time: 0.0,
            usage: None,
        })
    }
}

impl FromProto<proto::PointsOperationResponse> for UpdateResult {
    fn from_proto(message: proto::PointsOperationResponse) -> Result<Self> {
        UpdateResult::from_proto(required(message.result, "PointsOperationResponse.result")?)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading points

impl IntoProto<proto::GetPoints> for GetPoints {
    fn into_proto(self) -> Result<proto::GetPoints> {
        Ok(proto::GetPoints {
            collection_name: self.collection_name,
            ids: self.ids.into_proto()?,
            with_payload: self.with_payload.into_proto()?,
            with_vectors: self.with_vector.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::GetPoints> for GetPoints {
    fn from_proto(message: proto::GetPoints) -> Result<Self> {
        Ok(GetPoints {
            collection_name: message.collection_name,
            consistency: Option::from_proto(message.read_consistency)?,
            timeout: message.timeout,
            shard_key: Option::from_proto(message.shard_key_selector)?,
            ids: Vec::from_proto(message.ids)?,
            with_payload: Option::from_proto(message.with_payload)?,
            with_vector: Option::from_proto(message.with_vectors)?,
        })
    }
}

impl IntoProto<proto::CountPoints> for CountPoints {
    fn into_proto(self) -> Result<proto::CountPoints> {
        Ok(proto::CountPoints {
            collection_name: self.collection_name,
            filter: self.filter.into_proto()?,
            exact: self.exact,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::CountPoints> for CountPoints {
    fn from_proto(message: proto::CountPoints) -> Result<Self> {
        Ok(CountPoints {
            collection_name: message.collection_name,
            consistency: Option::from_proto(message.read_consistency)?,
            timeout: message.timeout,
            shard_key: Option::from_proto(message.shard_key_selector)?,
            filter: Option::from_proto(message.filter)?,
            exact: message.exact,
        })
    }
}

impl IntoProto<proto::ScrollPoints> for ScrollPoints {
    fn into_proto(self) -> Result<proto::ScrollPoints> {
        Ok(proto::ScrollPoints {
            collection_name: self.collection_name,
            filter: self.filter.into_proto()?,
            offset: self.offset.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            with_vectors: self.with_vector.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            order_by: self.order_by.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::ScrollPoints> for ScrollPoints {
    fn from_proto(message: proto::ScrollPoints) -> Result<Self> {
        Ok(ScrollPoints {
            collection_name: message.collection_name,
            consistency: Option::from_proto(message.read_consistency)?,
            timeout: message.timeout,
            shard_key: Option::from_proto(message.shard_key_selector)?,
            offset: Option::from_proto(message.offset)?,
            limit: message.limit,
            filter: Option::from_proto(message.filter)?,
            with_payload: Option::from_proto(message.with_payload)?,
            with_vector: Option::from_proto(message.with_vectors)?,
            order_by: Option::from_proto(message.order_by)?,
        })
    }
}

impl IntoProto<proto::OrderBy> for OrderByInterface {
    fn into_proto(self) -> Result<proto::OrderBy> {
        let order_by = match self {
            OrderByInterface::Key(key) => OrderBy::new(key),
            OrderByInterface::Struct(order_by) => order_by,
        };
        let start_from = order_by
            .start_from
            .map(|start| -> Result<proto::StartFrom> {
                let value = match start {
                    StartFrom::Integer(integer) => start_from::Value::Integer(integer),
                    StartFrom::Float(float) => {
                        start_from::Value::Float(finite_out(float, "OrderBy.start_from")?)
                    }
                    StartFrom::Datetime(datetime) => start_from::Value::Datetime(datetime),
                };
                Ok(proto::StartFrom { value: Some(value) })
            })
            .transpose()?;
        Ok(proto::OrderBy {
            key: order_by.key,
            direction: order_by.direction.into_proto()?,
            start_from,
        })
    }
}

impl FromProto<proto::OrderBy> for OrderByInterface {
    fn from_proto(message: proto::OrderBy) -> Result<Self> {
        let start_from = message
            .start_from
            .map(|start| -> Result<StartFrom> {
                Ok(match required(start.value, "OrderBy.start_from.value")? {
                    start_from::Value::Integer(integer) => StartFrom::Integer(integer),
                    start_from::Value::Float(float) => StartFrom::Float(float),
                    start_from::Value::Datetime(datetime) => StartFrom::Datetime(datetime),
                    start_from::Value::Timestamp(timestamp) => StartFrom::Datetime(
                        format_timestamp(&timestamp, "OrderBy.start_from.timestamp")?,
                    ),
                })
            })
            .transpose()?;
        let direction = Option::from_proto(message.direction)?;
        if direction.is_none() && start_from.is_none() {
            return Ok(OrderByInterface::Key(message.key));
        }
        Ok(OrderByInterface::Struct(OrderBy {
            key: message.key,
            direction,
            start_from,
        }))
    }
}

impl IntoProto<proto::OrderValue> for OrderValue {
    fn into_proto(self) -> Result<proto::OrderValue> {
        let variant = match self {
            OrderValue::Int(int) => order_value::Variant::Int(int),
            OrderValue::Float(float) => order_value::Variant::Float(float),
        };
        Ok(proto::OrderValue {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::OrderValue> for OrderValue {
    fn from_proto(message: proto::OrderValue) -> Result<Self> {
        Ok(match required(message.variant, "OrderValue.variant")? {
            order_value::Variant::Int(int) => OrderValue::Int(int),
            order_value::Variant::Float(float) => {
                OrderValue::Float(finite_in(float, "OrderValue.float")?)
            }
        })
    }
}

impl IntoProto<proto::RetrievedPoint> for Record {
    fn into_proto(self) -> Result<proto::RetrievedPoint> {
        Ok(proto::RetrievedPoint {
            id: Some(self.id.into_proto()?),
            payload: optional_payload_into_proto(self.payload)?,
            vectors: self.vector.into_proto()?,
            shard_key: self.shard_key.into_proto()?,
            order_value: self.order_value.into_proto()?,
        })
    }
}

impl FromProto<proto::RetrievedPoint> for Record {
    fn from_proto(message: proto::RetrievedPoint) -> Result<Self> {
        Ok(Record {
            id: PointId::from_proto(required(message.id, "RetrievedPoint.id")?)?,
            payload: optional_payload_from_proto(message.payload)?,
            vector: Option::from_proto(message.vectors)?,
            shard_key: Option::from_proto(message.shard_key)?,
            order_value: Option::from_proto(message.order_value)?,
        })
    }
}

impl IntoProto<proto::ScoredPoint> for ScoredPoint {
    fn into_proto(self) -> Result<proto::ScoredPoint> {
        Ok(proto::ScoredPoint {
            id: Some(self.id.into_proto()?),
            payload: optional_payload_into_proto(self.payload)?,
            score: self.score,
            version: self.version,
            vectors: self.vector.into_proto()?,
            shard_key: self.shard_key.into_proto()?,
            order_value: self.order_value.into_proto()?,
        })
    }
}

impl FromProto<proto::ScoredPoint> for ScoredPoint {
    fn from_proto(message: proto::ScoredPoint) -> Result<Self> {
        Ok(ScoredPoint {
            id: PointId::from_proto(required(message.id, "ScoredPoint.id")?)?,
            version: message.version,
            score: finite_in(message.score, "ScoredPoint.score")?,
            payload: optional_payload_from_proto(message.payload)?,
            vector: Option::from_proto(message.vectors)?,
            shard_key: Option::from_proto(message.shard_key)?,
            order_value: Option::from_proto(message.order_value)?,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::GetResponse> for Vec<Record> {
    fn into_proto(self) -> Result<proto::GetResponse> {
        Ok(proto::GetResponse {
            result: self.into_proto()?,
            time: 0.0,
            usage: None,
        })
    }
}

impl FromProto<proto::GetResponse> for Vec<Record> {
    fn from_proto(message: proto::GetResponse) -> Result<Self> {
        Vec::from_proto(message.result)
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::CountResponse> for CountResult {
    fn into_proto(self) -> Result<proto::CountResponse> {
        Ok(proto::CountResponse {
            result: Some(proto::CountResult { count: self.count }),
            time: 0.0,
            usage: None,
        })
    }
}

impl FromProto<proto::CountResponse> for CountResult {
    fn from_proto(message: proto::CountResponse) -> Result<Self> {
        let result = required(message.result, "CountResponse.result")?;
        Ok(CountResult {
            count: result.count,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::ScrollResponse> for ScrollResult {
    fn into_proto(self) -> Result<proto::ScrollResponse> {
        Ok(proto::ScrollResponse {
            next_page_offset: self.next_page_offset.into_proto()?,
            result: self.points.into_proto()?,
            time: 0.0,
            usage: None,
        })
    }
}

impl FromProto<proto::ScrollResponse> for ScrollResult {
    fn from_proto(message: proto::ScrollResponse) -> Result<Self> {
        Ok(ScrollResult {
            points: Vec::from_proto(message.result)?,
            next_page_offset: Option::from_proto(message.next_page_offset)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use quadrant_models::{BatchVectorStruct, payload_from_json};
    use quadrant_transport::ErrorKind;
    use serde_json::json;

    use super::*;

    #[test]
    fn wait_defaults_to_true_on_the_wire() {
        let request = UpsertPoints::new("c", Vec::new());
        let message: proto::UpsertPoints = request.into_proto().unwrap();
        assert_eq!(message.wait, Some(true));
        let request = DeletePoints::points("c", [1]).wait(false);
        let message: proto::DeletePoints = request.into_proto().unwrap();
        assert_eq!(message.wait, Some(false));
    }

    #[test]
    fn a_batch_is_sent_as_points() {
        let batch = Batch {
            ids: vec![PointId::Num(1), PointId::Num(2)],
            vectors: BatchVectorStruct::Single(vec![vec![0.1], vec![0.2]]),
            payloads: Some(vec![
                Some(payload_from_json(json!({"n": 1})).unwrap()),
                None,
            ]),
        };
        let message: proto::UpsertPoints = UpsertPoints::batch("c", batch.clone())
            .into_proto()
            .unwrap();
        let read = UpsertPoints::from_proto(message).unwrap();
        let PointInsertOperations::Points(points) = read.operation else {
            panic!("gRPC has only the list form");
        };
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].vector, VectorStruct::Single(vec![0.2]));
        assert_eq!(points[1].payload, None);

        let uneven = Batch {
            payloads: Some(vec![None]),
            ..batch
        };
        let error = IntoProto::<proto::UpsertPoints>::into_proto(UpsertPoints::batch("c", uneven))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn selectors_round_trip() {
        for selector in [
            ShardKeySelector::from("eu"),
            ShardKeySelector::ShardKeys(vec![ShardKey::Number(1), "us".into()]),
            ShardKeySelector::WithFallback(ShardKeyWithFallback {
                target: "a".into(),
                fallback: 7.into(),
            }),
        ] {
            let message: proto::ShardKeySelector = selector.clone().into_proto().unwrap();
            assert_eq!(ShardKeySelector::from_proto(message).unwrap(), selector);
        }
        for consistency in [
            ReadConsistency::Factor(2),
            ReadConsistencyType::Quorum.into(),
        ] {
            let message: proto::ReadConsistency = consistency.into_proto().unwrap();
            assert_eq!(ReadConsistency::from_proto(message).unwrap(), consistency);
        }
        let fields = WithPayloadInterface::Selector(PayloadSelector::Exclude(vec!["a".into()]));
        let message: proto::WithPayloadSelector = fields.clone().into_proto().unwrap();
        assert_eq!(WithPayloadInterface::from_proto(message).unwrap(), fields);
    }

    #[test]
    fn update_statuses_without_a_model_are_kept_by_number_unless_unset() {
        let message = |status: proto::UpdateStatus| proto::PointsOperationResponse {
            result: Some(proto::UpdateResult {
                operation_id: Some(1),
                status: status as i32,
            }),
            time: 0.0,
            usage: None,
        };
        let error = UpdateResult::from_proto(message(proto::UpdateStatus::UnknownUpdateStatus))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(error.message().contains("UpdateResult.status"), "{error}");
        // Qdrant's internal `ClockRejected` has no REST name: it is kept as its number.
        let rejected =
            UpdateResult::from_proto(message(proto::UpdateStatus::ClockRejected)).unwrap();
        assert_eq!(rejected.status, UpdateStatus::Unknown("3".into()));
    }

    #[test]
    fn scored_points_round_trip_and_bad_scores_fail() {
        let point = ScoredPoint {
            id: PointId::Num(7),
            version: 3,
            score: 0.5,
            payload: Some(payload_from_json(json!({"city": "Berlin"})).unwrap()),
            vector: Some(quadrant_models::VectorStructOutput::Named(HashMap::new())),
            shard_key: Some("eu".into()),
            order_value: Some(OrderValue::Float(4.36)),
        };
        let message: proto::ScoredPoint = point.clone().into_proto().unwrap();
        assert_eq!(ScoredPoint::from_proto(message.clone()).unwrap(), point);
        let nan = proto::ScoredPoint {
            score: f32::NAN,
            ..message
        };
        assert_eq!(
            ScoredPoint::from_proto(nan).unwrap_err().kind(),
            ErrorKind::Decode
        );
    }
}
