//! The optimizer's progress on a collection (`GET /collections/{collection_name}/optimizations`):
//! running, queued and completed optimizations, and the segments they work on.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Reports the optimizer's progress on a collection
/// (`GET /collections/{collection_name}/optimizations`); answered by [`OptimizationsResponse`].
/// It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetOptimizations {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The optional parts of the answer to include; sent comma-separated as `with` (query).
    #[serde(skip)]
    pub with: Option<Vec<OptimizationsWith>>,
    /// The most completed optimizations to return, with [`OptimizationsWith::Completed`];
    /// the server's default is 16 (query).
    #[serde(skip)]
    pub completed_limit: Option<u64>,
}

impl GetOptimizations {
    /// A request for the optimizer's progress on `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        GetOptimizations {
            collection_name: collection_name.into(),
            ..GetOptimizations::default()
        }
    }

    /// Includes these optional parts of the answer.
    #[must_use]
    pub fn with(mut self, parts: impl IntoIterator<Item = OptimizationsWith>) -> Self {
        self.with = Some(parts.into_iter().collect());
        self
    }
}

option_setters!(GetOptimizations {
    /// Sets the most completed optimizations to return.
    completed_limit: u64,
});

from_collection_name!(GetOptimizations);

/// An optional part of [`OptimizationsResponse`], asked for in the `with` query parameter;
/// [`fmt::Display`] writes its query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OptimizationsWith {
    /// [`OptimizationsResponse::queued`].
    Queued,
    /// [`OptimizationsResponse::completed`].
    Completed,
    /// [`OptimizationsResponse::idle_segments`].
    IdleSegments,
}

impl fmt::Display for OptimizationsWith {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OptimizationsWith::Queued => "queued",
            OptimizationsWith::Completed => "completed",
            OptimizationsWith::IdleSegments => "idle_segments",
        })
    }
}

/// The answer to [`GetOptimizations`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizationsResponse {
    /// Counts of queued work and idle segments.
    pub summary: OptimizationsSummary,
    /// The optimizations running now.
    pub running: Vec<Optimization>,
    /// An estimate of the optimizations waiting to run (with [`OptimizationsWith::Queued`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued: Option<Vec<PendingOptimization>>,
    /// Finished optimizations (with [`OptimizationsWith::Completed`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Vec<Optimization>>,
    /// Segments that need no optimization (with [`OptimizationsWith::IdleSegments`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_segments: Option<Vec<OptimizationSegmentInfo>>,
}

/// Counts of the optimizer's queued work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OptimizationsSummary {
    /// Optimizations waiting to run; each turns one or more segments into one.
    pub queued_optimizations: u64,
    /// Unoptimized segments waiting.
    pub queued_segments: u64,
    /// Points in the unoptimized segments waiting.
    pub queued_points: u64,
    /// Segments that need no optimization.
    pub idle_segments: u64,
}

/// A running or finished optimization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Optimization {
    /// The optimization's id, which the segment it creates takes.
    pub uuid: Uuid,
    /// The optimizer that runs it.
    pub optimizer: String,
    /// Its state.
    pub status: TrackerStatus,
    /// The segments it replaces.
    pub segments: Vec<OptimizationSegmentInfo>,
    /// Its progress, step by step.
    pub progress: ProgressTree,
}

/// The state of an optimization: `"optimizing"`, `"done"`, `{"cancelled": …}` or
/// `{"error": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrackerStatus {
    /// Running.
    Optimizing,
    /// Finished.
    Done,
    /// Stopped, for this reason.
    Cancelled(String),
    /// Failed with this error.
    Error(String),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// An optimization waiting to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingOptimization {
    /// The optimizer that will run it.
    pub optimizer: String,
    /// The segments it will replace.
    pub segments: Vec<OptimizationSegmentInfo>,
}

/// A segment in an optimization report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptimizationSegmentInfo {
    /// The segment's id.
    pub uuid: Uuid,
    /// The points in it that are not deleted.
    pub points_count: u64,
}

/// The progress of one step of an optimization, with its sub-steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressTree {
    /// The step's name.
    pub name: String,
    /// When it started (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When it finished (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// How long it took, in seconds, once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_sec: Option<f64>,
    /// Units of work done, where that is counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<u64>,
    /// Units of work in all, where that is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The sub-steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<ProgressTree>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_form_and_report() {
        let request = GetOptimizations::new("c")
            .with([OptimizationsWith::Queued, OptimizationsWith::IdleSegments])
            .completed_limit(4);
        let with: Vec<String> = request
            .with
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        assert_eq!(with.join(","), "queued,idle_segments");
        assert_eq!(crate::to_json(&request).unwrap(), json!({}));

        let segment = json!({"uuid": "5c56c793-69f3-4fbf-87e6-c4bf54c28c26", "points_count": 3});
        let report = json!({
            "summary": {"queued_optimizations": 1, "queued_segments": 2, "queued_points": 3,
                        "idle_segments": 0},
            "running": [{"uuid": "5c56c793-69f3-4fbf-87e6-c4bf54c28c26", "optimizer": "merge",
                         "status": {"cancelled": "shutdown"}, "segments": [segment],
                         "progress": {"name": "merge", "done": 1, "total": 2,
                                      "children": [{"name": "copy", "duration_sec": 0.5}]}}],
            "queued": [{"optimizer": "vacuum", "segments": []}],
        });
        let decoded: OptimizationsResponse = serde_json::from_value(report.clone()).unwrap();
        assert_eq!(
            decoded.running[0].status,
            TrackerStatus::Cancelled("shutdown".into())
        );
        assert_eq!(crate::to_json(&decoded).unwrap(), report);
    }
}
