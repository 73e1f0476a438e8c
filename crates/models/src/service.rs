//! The instance itself: its version, telemetry, Prometheus metrics, health probes and the
//! issues it reports.
//!
//! The health probes (`GET /healthz`, `/livez`, `/readyz`) take no parameters and answer
//! with plain text, as `GET /metrics` does; those answers are `String`s.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The answer to `GET /`, which takes no parameters. Unlike other answers, it is not wrapped
/// in `{"result": …, "status": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// The server's name, `qdrant - vector search engine`.
    pub title: String,
    /// The server's version, such as `1.18.3`.
    pub version: String,
    /// The git commit the server was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// Collects telemetry of this peer (`GET /telemetry`); answered by [`TelemetryData`]. It has
/// no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Telemetry {
    /// Whether to hide names and addresses (query).
    #[serde(skip)]
    pub anonymize: Option<bool>,
    /// How much detail to include, from 0 up (query).
    #[serde(skip)]
    pub details_level: Option<u64>,
    /// Whether to include request statistics per collection (query).
    #[serde(skip)]
    pub per_collection: Option<bool>,
    /// How long the server may take, in seconds; its default is 60 (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl Telemetry {
    /// A telemetry request with the server's defaults.
    pub fn new() -> Self {
        Telemetry::default()
    }
}

option_setters!(Telemetry {
    /// Sets whether to hide names and addresses.
    anonymize: bool,
    /// Sets how much detail to include.
    details_level: u64,
    /// Sets whether to include request statistics per collection.
    per_collection: bool,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// The answer to [`Telemetry`]: kept as JSON, since its schema is large and changes from one
/// Qdrant version to the next.
pub type TelemetryData = Value;

/// Collects telemetry of every peer of the cluster (`GET /cluster/telemetry`); answered by
/// [`DistributedTelemetryData`]. It has no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClusterTelemetry {
    /// How much detail to include, from 0 up (query).
    #[serde(skip)]
    pub details_level: Option<u64>,
    /// How long the server may take, in seconds; its default is 60 (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl ClusterTelemetry {
    /// A cluster telemetry request with the server's defaults.
    pub fn new() -> Self {
        ClusterTelemetry::default()
    }
}

option_setters!(ClusterTelemetry {
    /// Sets how much detail to include.
    details_level: u64,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// The answer to [`ClusterTelemetry`]: kept as JSON, like [`TelemetryData`].
pub type DistributedTelemetryData = Value;

/// Collects metrics in the Prometheus text format (`GET /metrics`); answered by that text, a
/// `String`. It has no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metrics {
    /// Whether to hide names and addresses (query).
    #[serde(skip)]
    pub anonymize: Option<bool>,
    /// Whether to include metrics per collection (query).
    #[serde(skip)]
    pub per_collection: Option<bool>,
    /// How long the server may take, in seconds; its default is 60 (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl Metrics {
    /// A metrics request with the server's defaults.
    pub fn new() -> Self {
        Metrics::default()
    }
}

option_setters!(Metrics {
    /// Sets whether to hide names and addresses.
    anonymize: bool,
    /// Sets whether to include metrics per collection.
    per_collection: bool,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// The answer to `GET /issues`, which takes no parameters: problems the server noticed, such
/// as a filter on a field without an index. `DELETE /issues` clears them and answers `true`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IssuesReport {
    /// The unresolved issues.
    pub issues: Vec<IssueRecord>,
}

/// One issue the server noticed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueRecord {
    /// The kind of issue and what it concerns, as `KIND/instance`.
    pub id: String,
    /// What is wrong.
    pub description: String,
    /// How to fix it.
    pub solution: IssueSolution,
    /// When it was noticed (RFC 3339).
    pub timestamp: String,
}

/// How to fix an issue: `{"Immediate": …}`, `{"ImmediateChoice": […]}`, `{"Refactor": …}` or
/// `"None"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum IssueSolution {
    /// A request that fixes it.
    Immediate(ImmediateSolution),
    /// Requests to choose from, each of which fixes it.
    ImmediateChoice(Vec<ImmediateSolution>),
    /// A change to make by hand, described.
    Refactor(String),
    /// The server found no solution.
    None,
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// A request that fixes an issue, with an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImmediateSolution {
    /// What the request does.
    pub message: String,
    /// The request.
    pub action: IssueAction,
}

/// An HTTP request to the server that fixes an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueAction {
    /// The HTTP method, such as `PUT`.
    pub method: String,
    /// The path and query, such as `/collections/c/index`.
    pub uri: String,
    /// Headers to send, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Map<String, Value>>,
    /// The JSON body to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Map<String, Value>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn issue_solutions() {
        let report = json!({"issues": [
            {"id": "UNINDEXED_FIELD/c/city", "description": "no index on city",
             "timestamp": "2026-11-21T08:16:02Z",
             "solution": {"Immediate": {"message": "create an index",
                 "action": {"method": "PUT", "uri": "/collections/c/index",
                            "body": {"field_name": "city", "field_schema": "keyword"}}}}},
            {"id": "X/1", "description": "d", "timestamp": "t", "solution": "None"},
            {"id": "X/2", "description": "d", "timestamp": "t", "solution": {"Refactor": "r"}},
        ]});
        let decoded: IssuesReport = serde_json::from_value(report.clone()).unwrap();
        assert_eq!(decoded.issues[1].solution, IssueSolution::None);
        assert_eq!(crate::to_json(&decoded).unwrap(), report);
    }

    #[test]
    fn version_and_query_only_requests() {
        let info: VersionInfo = serde_json::from_value(
            json!({"title": "qdrant - vector search engine", "version": "1.18.3"}),
        )
        .unwrap();
        assert_eq!(info.commit, None);
        let telemetry = Telemetry::new().details_level(3).anonymize(true);
        assert_eq!(telemetry.details_level, Some(3));
        assert_eq!(crate::to_json(telemetry).unwrap(), json!({}));
    }
}
