//! Cluster-wide resource quotas (Qdrant 1.19): `GET /quotas` reads the limits in force and how
//! close each peer is to them, `PUT /quotas` replaces the limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Limits on node resources, the same on every peer; a limit that is absent caps nothing, and
/// none is enforced unless `enabled` is `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuotaConfig {
    /// Whether the limits are enforced; the server's default is `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Updates that need memory are refused once the process's resident memory reaches this
    /// percentage of the memory available to it (1 to 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_resident_memory_percent: Option<u8>,
    /// Updates that need disk are refused once the storage filesystem is this full, in percent
    /// (1 to 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_disk_usage_percent: Option<u8>,
    /// How many percentage points below its limit a resource must fall before the node
    /// accepts work again (0 releases at once); the server's built-in default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_margin_percent: Option<u8>,
}

impl QuotaConfig {
    /// A configuration that enforces nothing yet; set limits with the setters.
    pub fn new() -> Self {
        QuotaConfig::default()
    }
}

option_setters!(QuotaConfig {
    /// Sets whether the limits are enforced.
    enabled: bool,
    /// Sets the resident memory limit, in percent.
    max_resident_memory_percent: u8,
    /// Sets the disk usage limit, in percent.
    max_disk_usage_percent: u8,
    /// Sets the release margin, in percentage points.
    release_margin_percent: u8,
});

/// Replaces the cluster-wide quota configuration (`PUT /quotas`, body `QuotaConfig`); answers
/// `true` when done. Consensus carries the configuration to every peer, and it survives
/// restarts.
///
/// ```
/// use quadrant_models::{QuotaConfig, UpdateQuotas};
///
/// let request = UpdateQuotas::new(QuotaConfig::new().enabled(true).max_disk_usage_percent(90))
///     .wait(true);
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"enabled":true,"max_disk_usage_percent":90}"#,
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UpdateQuotas {
    /// Whether to answer only once consensus has applied the change on the answering peer
    /// (`false`: once it is proposed); `None` is the client default, `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// The new configuration (the body).
    #[serde(flatten)]
    pub config: QuotaConfig,
}

impl UpdateQuotas {
    /// Replaces the configuration with `config`.
    pub fn new(config: QuotaConfig) -> Self {
        UpdateQuotas { wait: None, config }
    }
}

impl From<QuotaConfig> for UpdateQuotas {
    fn from(config: QuotaConfig) -> Self {
        UpdateQuotas::new(config)
    }
}

option_setters!(UpdateQuotas {
    /// Sets whether to wait until consensus has applied the change.
    wait: bool,
});

/// The answer to `GET /quotas`: the configuration in force, and how close the peers are to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuotaStatus {
    /// The configuration, the same on every peer.
    pub config: QuotaConfig,
    /// The use of the answering node's resources; memory and disk are per node.
    pub usage: QuotaUsage,
    /// What each peer that answered reports about itself, by peer id written in decimal
    /// (including the answering one); absent outside distributed mode. A peer that is missing
    /// could not be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<BTreeMap<String, PeerQuotaUsage>>,
}

/// The use of one node's quota-managed resources; a value is absent when the platform does not
/// expose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuotaUsage {
    /// The process's resident memory, as a percentage of the memory available to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_memory_percent: Option<u8>,
    /// The storage filesystem's used space, as a percentage of its capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_usage_percent: Option<u8>,
}

/// What one peer reports about the quota it enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeerQuotaUsage {
    /// Whether the peer is at or over a limit, and so refuses updates; always `false` while the
    /// quota is disabled.
    pub exceeded: bool,
    /// The peer's resident memory, as a percentage of the memory available to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_memory_percent: Option<u8>,
    /// The peer's storage filesystem's used space, as a percentage of its capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_usage_percent: Option<u8>,
}
