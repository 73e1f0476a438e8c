//! The engine-direct baseline of the embedded query benchmark: the same query asked of a
//! qdrant-edge `EdgeShard` built here, with no quadrant code between the clock and the engine.
//!
//! This machine's speed drifts between runs (the facade's p50 has read 0.21 ms in one run and
//! 0.34 ms in another), so an absolute latency says little about our own cost. The shard here
//! holds the same points (same generator, same payloads) with the same vector settings as the
//! benchmark's collection (128-d cosine, the engine's default HNSW and optimizer settings,
//! payload on disk and a 1 MiB WAL as a `:memory:` collection has), written in the same
//! batches with the optimizers run after each batch, as the transport does after each write.
//! [`super::query_latency`] times both in the same run, on the same thread, alternating one
//! facade query and one direct query with the same vector, and divides the facade's p50 by
//! this one's: `vs_direct`.
//!
//! What the direct call leaves out, and what the ratio therefore charges to quadrant: building
//! the facade's `QueryPoints` into the engine's request (validation, defaults, vector
//! conversion), the transport's machinery (the database's collection lookup and locks, the
//! `block_in_place` hand-over, the async call through the facade) and converting the engine's
//! points into the answer's `ScoredPoint`s. The direct request is built before the clock
//! starts; both sides check that ten points came back.

use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use qdrant_edge::{
    DEFAULT_VECTOR_NAME, Distance, EdgeConfig, EdgeShard, EdgeVectorParams, NamedQuery,
    PointInsertOperations, PointOperations, PointStructPersisted, QueryEnum, QueryRequest,
    ScoredPoint, ScoringQuery, UpdateOperation, VectorInternal, VectorStructPersisted, WalOptions,
    WithPayloadInterface, WithVector,
};
use quadrant_models::{PointId, PointStruct, VectorStruct};
use tempfile::TempDir;

use super::BenchResult;

/// The WAL segment size of a `:memory:` collection of the embedded transport.
const WAL_CAPACITY: usize = 1024 * 1024;

/// An engine shard in a temporary directory, filled for the latency benchmark.
pub(super) struct DirectShard {
    shard: EdgeShard,
    /// How long writing the points and building the index took.
    pub(super) fill: Duration,
    /// The shard's indexed vectors once the optimizers had nothing left to do.
    pub(super) indexed: u64,
    /// The shard's segments then.
    pub(super) segments: u64,
    // Dropped after the shard (fields drop in order), so its files outlive it.
    _dir: TempDir,
}

impl DirectShard {
    /// Creates a `dim`-dimensional cosine shard and writes `points` into it in batches of
    /// `batch`, running the optimizers after each batch; then flushes and optimizes until the
    /// optimizers have nothing left to do.
    pub(super) fn fill(
        points: impl Iterator<Item = PointStruct>,
        dim: usize,
        batch: usize,
    ) -> BenchResult<Self> {
        let dir = tempfile::Builder::new()
            .prefix("quadrant-bench-direct-")
            .tempdir()?;
        let config = EdgeConfig::builder()
            .on_disk_payload(true)
            .wal_options(WalOptions {
                segment_capacity: WAL_CAPACITY,
                segment_queue_len: 0,
                retain_closed: NonZeroUsize::MIN,
            })
            .vector(
                DEFAULT_VECTOR_NAME,
                EdgeVectorParams::builder(dim, Distance::Cosine).build(),
            )
            .build();
        let shard = EdgeShard::new(dir.path(), config).map_err(engine)?;

        let started = Instant::now();
        let mut points = points.peekable();
        while points.peek().is_some() {
            let batch = points
                .by_ref()
                .take(batch)
                .map(edge_point)
                .collect::<BenchResult<Vec<_>>>()?;
            shard
                .update(UpdateOperation::PointOperation(
                    PointOperations::UpsertPoints(PointInsertOperations::PointsList(batch)),
                ))
                .map_err(engine)?;
            shard.optimize().map_err(engine)?;
        }
        shard.flush();
        while shard.optimize().map_err(engine)? {}
        let fill = started.elapsed();

        let info = shard.info();
        Ok(DirectShard {
            shard,
            fill,
            indexed: info.indexed_vectors_count as u64,
            segments: info.segments_count as u64,
            _dir: dir,
        })
    }

    /// The points this shard holds.
    pub(super) fn points(&self) -> u64 {
        self.shard.info().points_count as u64
    }

    /// Runs one query.
    pub(super) fn query(&self, request: QueryRequest) -> BenchResult<Vec<ScoredPoint>> {
        self.shard.query(request).map_err(engine)
    }
}

/// The engine's request for the `limit` nearest points to `vector` by the unnamed vector, with
/// or without their payload and without their vectors: what the transport builds from the
/// benchmark's `QueryPoints`.
pub(super) fn request(vector: Vec<f32>, limit: usize, with_payload: bool) -> QueryRequest {
    QueryRequest {
        prefetches: Vec::new(),
        query: Some(ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery::new(
            VectorInternal::Dense(vector),
            DEFAULT_VECTOR_NAME,
        )))),
        filter: None,
        score_threshold: None,
        limit,
        offset: 0,
        params: None,
        with_vector: WithVector::Bool(false),
        with_payload: WithPayloadInterface::Bool(with_payload),
    }
}

/// The engine's form of one of the benchmark's points (numeric id, one unnamed dense vector).
fn edge_point(point: PointStruct) -> BenchResult<PointStructPersisted> {
    let id = match point.id {
        PointId::Num(n) => qdrant_edge::PointId::NumId(n),
        PointId::Uuid(u) => qdrant_edge::PointId::Uuid(u),
    };
    let VectorStruct::Single(vector) = point.vector else {
        return Err("the direct baseline takes one unnamed dense vector per point".into());
    };
    Ok(PointStructPersisted {
        id,
        vector: VectorStructPersisted::Single(vector),
        payload: point.payload.map(qdrant_edge::Payload),
    })
}

/// An engine error as the benchmark's error.
fn engine(e: qdrant_edge::OperationError) -> Box<dyn std::error::Error + Send + Sync> {
    format!("qdrant-edge: {e}").into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::{DIM, lazy_points};

    #[test]
    fn a_direct_shard_answers_the_benchmark_query() {
        let shard = DirectShard::fill(lazy_points(1, 300, DIM), DIM, 100).unwrap();
        assert_eq!(shard.points(), 300);
        let query = lazy_points(1, 8, DIM).nth(7).unwrap();
        let VectorStruct::Single(vector) = query.vector else {
            panic!("a dense vector")
        };
        let found = shard.query(request(vector, 10, true)).unwrap();
        assert_eq!(found.len(), 10);
        // Point 7's own vector is its nearest neighbour, with its payload.
        assert_eq!(found[0].id, qdrant_edge::PointId::NumId(7));
        let payload = found[0].payload.as_ref().unwrap();
        assert_eq!(payload.0["group"], "g7");
        assert!(found.iter().all(|p| p.vector.is_none()));
        let bare = shard.query(request(vec![0.5; DIM], 10, false)).unwrap();
        assert!(bare.iter().all(|p| p.payload.is_none()));
    }
}
