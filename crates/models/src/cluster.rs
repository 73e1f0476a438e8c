//! The cluster of peers: its status and consensus state, and removing or recovering peers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The cluster's status (`GET /cluster`, which takes no parameters): `{"status": "disabled"}`
/// on a single node without distributed mode, else the peers and the consensus state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ClusterStatus {
    /// Distributed mode is off.
    Disabled,
    /// Distributed mode is on.
    Enabled(ClusterInfo),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// The peers and the consensus state of a cluster in distributed mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterInfo {
    /// The id of the peer that answered.
    pub peer_id: u64,
    /// The peers, by id written in decimal (JSON object keys are strings).
    pub peers: BTreeMap<String, PeerInfo>,
    /// The Raft consensus state.
    pub raft_info: RaftInfo,
    /// The state of the consensus thread.
    pub consensus_thread_status: ConsensusThreadStatus,
    /// Consecutive failures to send consensus messages, by peer address; an entry goes away
    /// on the first success.
    pub message_send_failures: BTreeMap<String, MessageSendErrors>,
}

/// A peer of the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerInfo {
    /// The peer's address for internal communication.
    pub uri: String,
}

/// The Raft consensus state, as one peer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaftInfo {
    /// The current term; it grows with each election.
    pub term: u64,
    /// The index of the last committed operation this peer knows of.
    pub commit: u64,
    /// Consensus operations not yet applied on this peer.
    pub pending_operations: u64,
    /// The leader of the current term, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<u64>,
    /// This peer's role in the current term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<StateRole>,
    /// Whether this peer votes (a voter) or only follows (a learner).
    pub is_voter: bool,
}

open_enum! {
    /// The role of a peer in Raft consensus.
    #[non_exhaustive]
    pub enum StateRole {
        /// Follows the leader.
        Follower = "Follower",
        /// Standing for election.
        Candidate = "Candidate",
        /// Leads the term.
        Leader = "Leader",
        /// Checking whether an election could succeed before standing.
        PreCandidate = "PreCandidate",
    }
}

/// The state of the consensus thread, tagged by `consensus_thread_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "consensus_thread_status", rename_all = "snake_case")]
pub enum ConsensusThreadStatus {
    /// Running.
    Working {
        /// When it last made progress (RFC 3339).
        last_update: String,
    },
    /// Stopped.
    Stopped,
    /// Stopped by an error.
    StoppedWithErr {
        /// The error.
        err: String,
    },
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// Consecutive failures to send consensus messages to one peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSendErrors {
    /// How many sends failed in a row.
    pub count: u64,
    /// The last error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_error: Option<String>,
    /// When the last error happened (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_error_timestamp: Option<String>,
}

/// Removes a peer from the cluster (`DELETE /cluster/peer/{peer_id}`); answered by `true`.
/// It has no body. Recovering the answering peer's consensus state (`POST /cluster/recover`)
/// takes no parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RemovePeer {
    /// The peer to remove (path).
    #[serde(skip)]
    pub peer_id: u64,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// Whether to remove the peer even though it holds shards; the server's default is not
    /// to (query).
    #[serde(skip)]
    pub force: Option<bool>,
}

impl RemovePeer {
    /// A request to remove the peer `peer_id`.
    pub fn new(peer_id: u64) -> Self {
        RemovePeer {
            peer_id,
            timeout: None,
            force: None,
        }
    }
}

option_setters!(RemovePeer {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets whether to remove a peer that holds shards.
    force: bool,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_forms() {
        let disabled: ClusterStatus =
            serde_json::from_value(json!({"status": "disabled"})).unwrap();
        assert_eq!(disabled, ClusterStatus::Disabled);
        let enabled = json!({
            "status": "enabled", "peer_id": 7,
            "peers": {"7": {"uri": "http://127.0.0.1:6335/"}},
            "raft_info": {"term": 1, "commit": 23, "pending_operations": 0, "leader": 7,
                          "role": "Leader", "is_voter": true},
            "consensus_thread_status": {"consensus_thread_status": "stopped_with_err",
                                        "err": "disk"},
            "message_send_failures": {"http://x": {"count": 2, "latest_error": "refused"}},
        });
        let decoded: ClusterStatus = serde_json::from_value(enabled.clone()).unwrap();
        let ClusterStatus::Enabled(info) = &decoded else {
            panic!("expected an enabled cluster");
        };
        assert_eq!(info.peers["7"].uri, "http://127.0.0.1:6335/");
        assert_eq!(crate::to_json(&decoded).unwrap(), enabled);
    }
}
