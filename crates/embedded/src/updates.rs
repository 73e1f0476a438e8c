//! Writes to points: upsert, delete, vector and payload changes and batches of them, turned
//! into the engine's update operations and applied through [`Collection::write_all`], which
//! serialises them with the collection's other writes and flushes before answering.
//!
//! Every request is converted (and so checked) before anything is written. In a batch, an
//! operation the engine refuses stops the batch; the operations before it stay applied, as on
//! the server.

use qdrant_edge::{
    DeletePayloadOp, EdgeConfig, JsonPath, PayloadOps, PointIdsList, PointOperations,
    PointVectorsPersisted, SetPayloadOp, UpdateOperation, UpdateVectorsOp, VectorOperations,
};
use quadrant_models as models;
use quadrant_models::{
    ClearPayloadPoints, DeletePayloadPoints, DeletePointVectors, DeletePoints, GetPoint,
    PointsSelector, Record, SetPayloadPoints, UpdateBatchPoints, UpdatePointVectors, UpdateResult,
    UpsertPoints,
};
use quadrant_transport::{Error, ErrorKind, Operation, Resource, Result};

use crate::collection::Collection;
use crate::convert::{self, bridge};
use crate::database::Database;
use crate::error;

impl Database {
    pub(crate) fn update_vectors(&self, request: UpdatePointVectors) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        let schema = schema(&collection)?;
        collection.write(update_vectors(request, &schema, Operation::UpdateVectors)?)
    }

    pub(crate) fn delete_vectors(&self, request: DeletePointVectors) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(delete_vectors(request, Operation::DeleteVectors)?)
    }

    pub(crate) fn set_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(set_payload(request, false, Operation::SetPayload)?)
    }

    pub(crate) fn overwrite_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(set_payload(request, true, Operation::OverwritePayload)?)
    }

    pub(crate) fn delete_payload(&self, request: DeletePayloadPoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(delete_payload(request, Operation::DeletePayload)?)
    }

    pub(crate) fn clear_payload(&self, request: ClearPayloadPoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(clear_payload(request, Operation::ClearPayload)?)
    }

    pub(crate) fn batch_update(&self, request: UpdateBatchPoints) -> Result<Vec<UpdateResult>> {
        const OP: Operation = Operation::BatchUpdate;
        let collection = self.collection(&request.collection_name)?;
        let schema = schema(&collection)?;
        let operations = request
            .operations
            .into_iter()
            .map(|operation| {
                Ok(match operation {
                    models::UpdateOperation::Upsert(upsert) => upsert_points(upsert, &schema, OP)?,
                    models::UpdateOperation::Delete(delete) => delete_points(&delete, OP)?,
                    models::UpdateOperation::SetPayload(set) => set_payload(set, false, OP)?,
                    models::UpdateOperation::OverwritePayload(set) => set_payload(set, true, OP)?,
                    models::UpdateOperation::DeletePayload(delete) => delete_payload(delete, OP)?,
                    models::UpdateOperation::ClearPayload(clear) => clear_payload(clear, OP)?,
                    models::UpdateOperation::UpdateVectors(update) => {
                        update_vectors(update, &schema, OP)?
                    }
                    models::UpdateOperation::DeleteVectors(delete) => delete_vectors(delete, OP)?,
                    other => {
                        return Err(error::unsupported(OP, format!("the operation {other:?}")));
                    }
                })
            })
            .collect::<Result<Vec<_>>>()?;
        collection.write_all(operations)
    }

    pub(crate) fn get_point(&self, request: GetPoint) -> Result<Record> {
        let collection = self.collection(&request.collection_name)?;
        let id = convert::point_id_to_edge(request.id);
        collection.read(|shard| {
            // `GET /collections/{name}/points/{id}` returns the whole point.
            let records = shard
                .retrieve(
                    &[id],
                    Some(qdrant_edge::WithPayloadInterface::Bool(true)),
                    Some(qdrant_edge::WithVector::Bool(true)),
                )
                .map_err(error::engine)?;
            records
                .into_iter()
                .next()
                .map(convert::record)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::NotFound,
                        format!("Not found: Point with id {} does not exists!", request.id),
                    )
                    .with_resource(Resource::Point)
                })
        })
    }
}

/// The collection's current vector schema, to check vectors against before writing.
pub(crate) fn schema(collection: &Collection) -> Result<EdgeConfig> {
    collection.read(|shard| Ok(shard.config().clone()))
}

fn no_shard_key(operation: Operation, shard_key: Option<&models::ShardKeySelector>) -> Result<()> {
    match shard_key {
        Some(_) => Err(error::unsupported(
            operation,
            "`shard_key` (custom sharding)",
        )),
        None => Ok(()),
    }
}

/// The server refuses a selection with neither ids nor a filter while it reads the body.
fn require_selection(points: bool, filter: bool) -> Result<()> {
    if points || filter {
        Ok(())
    } else {
        Err(error::bad_request(
            "Either list of point ids or filter must be provided",
        ))
    }
}

fn ids(ids: Vec<models::PointId>) -> Vec<qdrant_edge::PointId> {
    ids.into_iter().map(convert::point_id_to_edge).collect()
}

fn filter(
    filter: Option<&models::Filter>,
    what: &str,
    op: Operation,
) -> Result<Option<qdrant_edge::Filter>> {
    filter
        .map(|f| convert::edge_filter(f, what, op))
        .transpose()
}

/// An upsert, conditional (`update_filter`, `update_mode`) or not.
pub(crate) fn upsert_points(
    request: UpsertPoints,
    schema: &EdgeConfig,
    op: Operation,
) -> Result<UpdateOperation> {
    // Exhaustive on purpose: a field added to the model fails to compile here rather than
    // being ignored.
    let UpsertPoints {
        collection_name: _,
        // Always applied before the answer; one replica; no queue to time out in.
        wait: _,
        ordering: _,
        timeout: _,
        operation,
        shard_key,
        update_filter,
        update_mode,
    } = request;
    no_shard_key(op, shard_key.as_ref())?;
    let points =
        qdrant_edge::PointInsertOperations::PointsList(convert::points(operation, schema)?);
    let operation = if update_filter.is_some() || update_mode.is_some() {
        let condition = match &update_filter {
            Some(filter) => convert::edge_filter(filter, "update_filter", op)?,
            // Without a filter every existing point qualifies; only the mode applies.
            None => qdrant_edge::Filter::default(),
        };
        let update_mode = match update_mode {
            None | Some(models::UpdateMode::Upsert) => qdrant_edge::UpdateMode::Upsert,
            Some(models::UpdateMode::InsertOnly) => qdrant_edge::UpdateMode::InsertOnly,
            Some(models::UpdateMode::UpdateOnly) => qdrant_edge::UpdateMode::UpdateOnly,
            Some(other) => {
                return Err(error::unsupported(op, format!("update_mode {other:?}")));
            }
        };
        PointOperations::UpsertPointsConditional(qdrant_edge::ConditionalInsertOperation {
            points_op: points,
            condition,
            update_mode: Some(update_mode),
        })
    } else {
        PointOperations::UpsertPoints(points)
    };
    Ok(UpdateOperation::PointOperation(operation))
}

/// A delete by ids or by filter.
pub(crate) fn delete_points(request: &DeletePoints, op: Operation) -> Result<UpdateOperation> {
    no_shard_key(op, request.shard_key.as_ref())?;
    let operation = match &request.selector {
        PointsSelector::Points(points) => PointOperations::DeletePoints {
            ids: ids(points.clone()),
        },
        PointsSelector::Filter(filter) => {
            PointOperations::DeletePointsByFilter(convert::edge_filter(filter, "filter", op)?)
        }
    };
    Ok(UpdateOperation::PointOperation(operation))
}

/// Sets (merges) or overwrites payload, on ids or on a filter's points; with `key`, into the
/// object at that path of each payload. Ids win over a filter when both are given, as on the
/// server.
fn set_payload(
    request: SetPayloadPoints,
    overwrite: bool,
    op: Operation,
) -> Result<UpdateOperation> {
    let SetPayloadPoints {
        collection_name: _,
        wait: _,
        ordering: _,
        timeout: _,
        payload,
        points,
        filter: selection,
        shard_key,
        key,
    } = request;
    no_shard_key(op, shard_key.as_ref())?;
    require_selection(points.is_some(), selection.is_some())?;
    // An overwrite replaces the whole payload even with a `key`: that is the server's own
    // shard code, which the engine shares.
    let key: Option<JsonPath> = key.as_ref().map(|k| bridge(k, "key")).transpose()?;
    let op = SetPayloadOp {
        payload: qdrant_edge::Payload(payload),
        points: points.map(ids),
        filter: filter(selection.as_ref(), "filter", op)?,
        key,
    };
    Ok(UpdateOperation::PayloadOperation(if overwrite {
        PayloadOps::OverwritePayload(op)
    } else {
        PayloadOps::SetPayload(op)
    }))
}

fn delete_payload(request: DeletePayloadPoints, op: Operation) -> Result<UpdateOperation> {
    let DeletePayloadPoints {
        collection_name: _,
        wait: _,
        ordering: _,
        timeout: _,
        keys,
        points,
        filter: selection,
        shard_key,
    } = request;
    no_shard_key(op, shard_key.as_ref())?;
    require_selection(points.is_some(), selection.is_some())?;
    let keys = keys
        .iter()
        .map(|key| bridge(key, "payload key"))
        .collect::<Result<Vec<JsonPath>>>()?;
    Ok(UpdateOperation::PayloadOperation(
        PayloadOps::DeletePayload(DeletePayloadOp {
            keys,
            points: points.map(ids),
            filter: filter(selection.as_ref(), "filter", op)?,
        }),
    ))
}

fn clear_payload(request: ClearPayloadPoints, op: Operation) -> Result<UpdateOperation> {
    no_shard_key(op, request.shard_key.as_ref())?;
    Ok(UpdateOperation::PayloadOperation(match request.selector {
        PointsSelector::Points(points) => PayloadOps::ClearPayload {
            points: ids(points),
        },
        PointsSelector::Filter(selection) => {
            PayloadOps::ClearPayloadByFilter(convert::edge_filter(&selection, "filter", op)?)
        }
    }))
}

/// Replaces the given vectors of existing points; a point that does not exist is an error
/// (`Not found`), as on the server. With `update_filter`, only points matching it change.
fn update_vectors(
    request: UpdatePointVectors,
    schema: &EdgeConfig,
    op: Operation,
) -> Result<UpdateOperation> {
    let UpdatePointVectors {
        collection_name: _,
        wait: _,
        ordering: _,
        timeout: _,
        points,
        shard_key,
        update_filter,
    } = request;
    no_shard_key(op, shard_key.as_ref())?;
    let points = points
        .into_iter()
        .map(|point| {
            Ok(PointVectorsPersisted {
                id: convert::point_id_to_edge(point.id),
                vector: convert::vector_struct(point.vector, schema, op)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(UpdateOperation::VectorOperation(
        VectorOperations::UpdateVectors(UpdateVectorsOp {
            points,
            update_filter: filter(update_filter.as_ref(), "update_filter", op)?,
        }),
    ))
}

fn delete_vectors(request: DeletePointVectors, op: Operation) -> Result<UpdateOperation> {
    let DeletePointVectors {
        collection_name: _,
        wait: _,
        ordering: _,
        timeout: _,
        points,
        filter: selection,
        vector,
        shard_key,
    } = request;
    no_shard_key(op, shard_key.as_ref())?;
    Ok(UpdateOperation::VectorOperation(
        match (points, selection) {
            (Some(points), _) => {
                VectorOperations::DeleteVectors(PointIdsList::from(ids(points)), vector)
            }
            (None, Some(selection)) => VectorOperations::DeleteVectorsByFilter(
                convert::edge_filter(&selection, "filter", op)?,
                vector,
            ),
            (None, None) => {
                return Err(error::bad_request(
                    "Either list of point ids or filter must be provided",
                ));
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_is_required() {
        let request = SetPayloadPoints {
            collection_name: "c".into(),
            ..SetPayloadPoints::default()
        };
        let error = set_payload(request, false, Operation::SetPayload).expect_err("no selection");
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        let request = DeletePointVectors {
            vector: vec!["v".into()],
            ..DeletePointVectors::default()
        };
        let error = delete_vectors(request, Operation::DeleteVectors).expect_err("no selection");
        assert!(error.message().contains("point ids or filter"), "{error}");
    }

    #[test]
    fn nested_keys_reach_the_engine_as_paths() {
        let request = SetPayloadPoints::points("c", models::Payload::new(), [1_u64]).key("a.b[0]");
        let UpdateOperation::PayloadOperation(PayloadOps::SetPayload(op)) =
            set_payload(request, false, Operation::SetPayload).expect("valid")
        else {
            panic!("a set payload operation");
        };
        assert_eq!(op.key.map(|k| k.to_string()).as_deref(), Some("a.b[0]"));
    }

    #[test]
    fn custom_sharding_is_refused() {
        let request = ClearPayloadPoints::points("c", [1_u64]).shard_key("eu");
        let error = clear_payload(request, Operation::ClearPayload).expect_err("shard key");
        assert_eq!(error.kind(), ErrorKind::Unsupported);
    }
}
