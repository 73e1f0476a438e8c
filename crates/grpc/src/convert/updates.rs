//! Changes to stored points other than upsert and delete (vectors and payload), batches of
//! changes, and the named vectors of a collection.
//!
//! Requests are only written and answers only read: the transport never receives a request.
//!
//! Differences from REST that the conversion bridges:
//! - REST names the points of a payload or vector change with `points` or `filter`; gRPC has one
//!   `points_selector`. A request with both cannot be carried and is refused; one with neither
//!   is sent without a selector, and the server answers it as it answers REST.
//! - A batch operation of REST holds the body of the standalone request; gRPC has one message
//!   per kind, without `wait`, `ordering` or `timeout`, which the batch carries. The conversion
//!   writes each standalone request and keeps the fields the batch message has.
//! - A deleted point is sent as gRPC's current `delete_points` and a cleared payload as
//!   `clear_payload`, not as their deprecated bare selectors.

use quadrant_models::{
    ClearPayloadPoints, CreateVectorName, DeletePayloadPoints, DeletePointVectors,
    DeleteVectorName, Filter, PointId, PointVectors, PointsSelector, SetPayloadPoints,
    UpdateBatchPoints, UpdateOperation, UpdatePointVectors, UpdateResult, VectorNameConfig,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, invalid};
use crate::proto::{
    self, create_vector_name_request::VectorConfig, points_update_operation as operation,
};

/// The selector of a request that names its points by `points` or by `filter`, as REST does.
fn selector_out(
    points: Option<Vec<PointId>>,
    filter: Option<Filter>,
    field: &str,
) -> Result<Option<proto::PointsSelector>> {
    match (points, filter) {
        (Some(_), Some(_)) => Err(invalid(
            field,
            "gRPC selects points by ids or by a filter, not both",
        )),
        (Some(ids), None) => Ok(Some(PointsSelector::Points(ids).into_proto()?)),
        (None, Some(filter)) => Ok(Some(PointsSelector::Filter(filter).into_proto()?)),
        (None, None) => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Vectors

impl IntoProto<proto::PointVectors> for PointVectors {
    fn into_proto(self) -> Result<proto::PointVectors> {
        Ok(proto::PointVectors {
            id: Some(self.id.into_proto()?),
            vectors: Some(self.vector.into_proto()?),
        })
    }
}

impl IntoProto<proto::UpdatePointVectors> for UpdatePointVectors {
    fn into_proto(self) -> Result<proto::UpdatePointVectors> {
        Ok(proto::UpdatePointVectors {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            points: self.points.into_proto()?,
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            update_filter: self.update_filter.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl IntoProto<proto::DeletePointVectors> for DeletePointVectors {
    fn into_proto(self) -> Result<proto::DeletePointVectors> {
        Ok(proto::DeletePointVectors {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            points_selector: selector_out(self.points, self.filter, "DeletePointVectors.points")?,
            vectors: Some(proto::VectorsSelector { names: self.vector }),
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Payload

/// Serves both `set_payload` and `overwrite_payload`: the two RPCs take the same message.
impl IntoProto<proto::SetPayloadPoints> for SetPayloadPoints {
    fn into_proto(self) -> Result<proto::SetPayloadPoints> {
        Ok(proto::SetPayloadPoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            payload: self.payload.into_proto()?,
            points_selector: selector_out(self.points, self.filter, "SetPayloadPoints.points")?,
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            key: self.key,
            timeout: self.timeout,
        })
    }
}

impl IntoProto<proto::DeletePayloadPoints> for DeletePayloadPoints {
    fn into_proto(self) -> Result<proto::DeletePayloadPoints> {
        Ok(proto::DeletePayloadPoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            keys: self.keys,
            points_selector: selector_out(self.points, self.filter, "DeletePayloadPoints.points")?,
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl IntoProto<proto::ClearPayloadPoints> for ClearPayloadPoints {
    fn into_proto(self) -> Result<proto::ClearPayloadPoints> {
        Ok(proto::ClearPayloadPoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            points: Some(self.selector.into_proto()?),
            ordering: self.ordering.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            timeout: self.timeout,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Batches

impl IntoProto<proto::PointsUpdateOperation> for UpdateOperation {
    fn into_proto(self) -> Result<proto::PointsUpdateOperation> {
        let operation = match self {
            UpdateOperation::Upsert(upsert) => {
                let message: proto::UpsertPoints = upsert.into_proto()?;
                operation::Operation::Upsert(operation::PointStructList {
                    points: message.points,
                    shard_key_selector: message.shard_key_selector,
                    update_filter: message.update_filter,
                    update_mode: message.update_mode,
                })
            }
            UpdateOperation::Delete(delete) => {
                let message: proto::DeletePoints = delete.into_proto()?;
                operation::Operation::DeletePoints(operation::DeletePoints {
                    points: message.points,
                    shard_key_selector: message.shard_key_selector,
                })
            }
            UpdateOperation::SetPayload(set) => {
                let message: proto::SetPayloadPoints = set.into_proto()?;
                operation::Operation::SetPayload(operation::SetPayload {
                    payload: message.payload,
                    points_selector: message.points_selector,
                    shard_key_selector: message.shard_key_selector,
                    key: message.key,
                })
            }
            UpdateOperation::OverwritePayload(overwrite) => {
                let message: proto::SetPayloadPoints = overwrite.into_proto()?;
                operation::Operation::OverwritePayload(operation::OverwritePayload {
                    payload: message.payload,
                    points_selector: message.points_selector,
                    shard_key_selector: message.shard_key_selector,
                    key: message.key,
                })
            }
            UpdateOperation::DeletePayload(delete) => {
                let message: proto::DeletePayloadPoints = delete.into_proto()?;
                operation::Operation::DeletePayload(operation::DeletePayload {
                    keys: message.keys,
                    points_selector: message.points_selector,
                    shard_key_selector: message.shard_key_selector,
                })
            }
            UpdateOperation::ClearPayload(clear) => {
                let message: proto::ClearPayloadPoints = clear.into_proto()?;
                operation::Operation::ClearPayload(operation::ClearPayload {
                    points: message.points,
                    shard_key_selector: message.shard_key_selector,
                })
            }
            UpdateOperation::UpdateVectors(update) => {
                let message: proto::UpdatePointVectors = update.into_proto()?;
                operation::Operation::UpdateVectors(operation::UpdateVectors {
                    points: message.points,
                    shard_key_selector: message.shard_key_selector,
                    update_filter: message.update_filter,
                })
            }
            UpdateOperation::DeleteVectors(delete) => {
                let message: proto::DeletePointVectors = delete.into_proto()?;
                operation::Operation::DeleteVectors(operation::DeleteVectors {
                    points_selector: message.points_selector,
                    vectors: message.vectors,
                    shard_key_selector: message.shard_key_selector,
                })
            }
            other => {
                return Err(invalid(
                    "UpdateBatchPoints.operations",
                    format!("{other:?} has no gRPC equivalent"),
                ));
            }
        };
        Ok(proto::PointsUpdateOperation {
            operation: Some(operation),
        })
    }
}

impl IntoProto<proto::UpdateBatchPoints> for UpdateBatchPoints {
    fn into_proto(self) -> Result<proto::UpdateBatchPoints> {
        Ok(proto::UpdateBatchPoints {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            operations: self.operations.into_proto()?,
            ordering: self.ordering.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl FromProto<proto::UpdateBatchResponse> for Vec<UpdateResult> {
    fn from_proto(message: proto::UpdateBatchResponse) -> Result<Self> {
        Vec::from_proto(message.result)
    }
}

// ---------------------------------------------------------------------------------------------
// Named vectors of a collection

impl IntoProto<proto::CreateVectorNameRequest> for CreateVectorName {
    fn into_proto(self) -> Result<proto::CreateVectorNameRequest> {
        let config = match self.config {
            VectorNameConfig::Dense(dense) => {
                VectorConfig::DenseConfig(proto::DenseVectorCreationConfig {
                    size: dense.size,
                    distance: dense.distance.into_proto()?,
                    multivector_config: dense.multivector_config.into_proto()?,
                    datatype: dense.datatype.into_proto()?,
                })
            }
            VectorNameConfig::Sparse(sparse) => {
                VectorConfig::SparseConfig(proto::SparseVectorCreationConfig {
                    modifier: sparse.modifier.into_proto()?,
                    datatype: sparse.datatype.into_proto()?,
                })
            }
        };
        Ok(proto::CreateVectorNameRequest {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            vector_name: self.vector_name,
            timeout: self.timeout,
            ordering: self.ordering.into_proto()?,
            vector_config: Some(config),
        })
    }
}

impl IntoProto<proto::DeleteVectorNameRequest> for DeleteVectorName {
    fn into_proto(self) -> Result<proto::DeleteVectorNameRequest> {
        Ok(proto::DeleteVectorNameRequest {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            vector_name: self.vector_name,
            timeout: self.timeout,
            ordering: self.ordering.into_proto()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{
        Condition, DeletePoints, DenseVectorConfig, Distance, MultiVectorComparator,
        MultiVectorConfig, PointStruct, SparseVectorConfig, UpdateMode, UpdateStatus, UpsertPoints,
        VectorStruct, WriteOrdering, payload_from_json,
    };
    use quadrant_transport::ErrorKind;
    use serde_json::json;

    use super::*;
    use crate::proto::points_selector::PointsSelectorOneOf;

    fn payload(value: serde_json::Value) -> quadrant_models::Payload {
        payload_from_json(value).unwrap()
    }

    #[test]
    fn payload_changes_select_by_ids_or_filter_but_not_both() {
        let by_ids = SetPayloadPoints::points("c", payload(json!({"a": 1})), [1_u64, 2])
            .key("nested")
            .ordering(WriteOrdering::Strong);
        let message: proto::SetPayloadPoints = by_ids.into_proto().unwrap();
        assert_eq!(message.wait, Some(true));
        assert_eq!(message.key.as_deref(), Some("nested"));
        assert!(message.ordering.is_some());
        let Some(PointsSelectorOneOf::Points(ids)) = message
            .points_selector
            .and_then(|selector| selector.points_selector_one_of)
        else {
            panic!("selected by ids");
        };
        assert_eq!(ids.ids.len(), 2);

        let by_filter = DeletePayloadPoints::filter(
            "c",
            ["a"],
            Filter::must([Condition::matches("city", "Paris")]),
        )
        .wait(false);
        let message: proto::DeletePayloadPoints = by_filter.into_proto().unwrap();
        assert_eq!(message.wait, Some(false));
        assert!(matches!(
            message
                .points_selector
                .and_then(|selector| selector.points_selector_one_of),
            Some(PointsSelectorOneOf::Filter(_))
        ));

        let mut both = DeletePointVectors::points("c", ["image"], [1_u64]);
        both.filter = Some(Filter::must([Condition::is_null("x")]));
        let error = IntoProto::<proto::DeletePointVectors>::into_proto(both).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(
            error.message().contains("DeletePointVectors.points"),
            "{error}"
        );
    }

    #[test]
    fn every_batch_operation_has_its_message() {
        let operations: Vec<UpdateOperation> = vec![
            UpsertPoints::new(
                "ignored",
                vec![PointStruct::new(1, vec![0.5_f32], payload(json!({"b": 1})))],
            )
            .update_mode(UpdateMode::InsertOnly)
            .into(),
            DeletePoints::points("ignored", [2_u64]).into(),
            SetPayloadPoints::points("ignored", payload(json!({"c": 2})), [3_u64]).into(),
            UpdateOperation::OverwritePayload(SetPayloadPoints::points(
                "ignored",
                payload(json!({})),
                [4_u64],
            )),
            DeletePayloadPoints::points("ignored", ["d"], [5_u64]).into(),
            ClearPayloadPoints::points("ignored", [6_u64]).into(),
            UpdatePointVectors::new(
                "ignored",
                vec![PointVectors::new(7, VectorStruct::Single(vec![0.25]))],
            )
            .into(),
            DeletePointVectors::points("ignored", ["image"], [8_u64]).into(),
        ];
        let message: proto::UpdateBatchPoints = UpdateBatchPoints::new("c", operations)
            .timeout(3)
            .into_proto()
            .unwrap();
        assert_eq!(message.collection_name, "c");
        assert_eq!(message.wait, Some(true));
        assert_eq!(message.timeout, Some(3));
        let kinds: Vec<&str> = message
            .operations
            .iter()
            .map(|operation| match &operation.operation {
                Some(operation::Operation::Upsert(list)) => {
                    assert_eq!(list.points.len(), 1);
                    assert_eq!(list.update_mode, Some(proto::UpdateMode::InsertOnly as i32));
                    "upsert"
                }
                Some(operation::Operation::DeletePoints(_)) => "delete",
                Some(operation::Operation::SetPayload(_)) => "set",
                Some(operation::Operation::OverwritePayload(_)) => "overwrite",
                Some(operation::Operation::DeletePayload(delete)) => {
                    assert_eq!(delete.keys, ["d"]);
                    "delete_payload"
                }
                Some(operation::Operation::ClearPayload(_)) => "clear",
                Some(operation::Operation::UpdateVectors(_)) => "update_vectors",
                Some(operation::Operation::DeleteVectors(delete)) => {
                    assert_eq!(
                        delete.vectors.as_ref().map(|names| names.names.clone()),
                        Some(vec!["image".to_owned()])
                    );
                    "delete_vectors"
                }
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "upsert",
                "delete",
                "set",
                "overwrite",
                "delete_payload",
                "clear",
                "update_vectors",
                "delete_vectors"
            ]
        );

        let answer = proto::UpdateBatchResponse {
            result: vec![
                proto::UpdateResult {
                    operation_id: Some(4),
                    status: proto::UpdateStatus::Completed as i32,
                },
                proto::UpdateResult {
                    operation_id: None,
                    status: 0,
                },
            ],
            time: 0.0,
            usage: None,
        };
        let error = Vec::<UpdateResult>::from_proto(answer.clone()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        let first = proto::UpdateBatchResponse {
            result: answer.result[..1].to_vec(),
            ..answer
        };
        let results = Vec::<UpdateResult>::from_proto(first).unwrap();
        assert_eq!(results[0].status, UpdateStatus::Completed);
        assert_eq!(results[0].operation_id, Some(4));
    }

    #[test]
    fn named_vectors_of_a_collection() {
        let dense = CreateVectorName::new(
            "c",
            "colbert",
            DenseVectorConfig::new(128, Distance::Dot).multivector_config(MultiVectorConfig {
                comparator: MultiVectorComparator::MaxSim,
            }),
        );
        let message: proto::CreateVectorNameRequest = dense.into_proto().unwrap();
        assert_eq!(message.vector_name, "colbert");
        assert_eq!(message.wait, Some(true));
        let Some(VectorConfig::DenseConfig(config)) = message.vector_config else {
            panic!("a dense vector");
        };
        assert_eq!(config.size, 128);
        assert_eq!(config.distance, proto::Distance::Dot as i32);
        assert!(config.multivector_config.is_some());

        let sparse = CreateVectorName::new("c", "keywords", SparseVectorConfig::default());
        let message: proto::CreateVectorNameRequest = sparse.into_proto().unwrap();
        assert_eq!(
            message.vector_config,
            Some(VectorConfig::SparseConfig(
                proto::SparseVectorCreationConfig::default()
            ))
        );

        let delete: proto::DeleteVectorNameRequest = DeleteVectorName::new("c", "keywords")
            .wait(false)
            .into_proto()
            .unwrap();
        assert_eq!(delete.vector_name, "keywords");
        assert_eq!(delete.wait, Some(false));
    }
}
