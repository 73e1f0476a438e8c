//! Snapshots of a collection, of one shard, or of the whole instance: creating, listing,
//! downloading and deleting them, and recovering from them.
//!
//! Downloads answer with the snapshot file itself, and uploads send it as the `snapshot` part
//! of a `multipart/form-data` body; the models carry those bytes as `Vec<u8>`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A snapshot file, as listed or just created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotDescription {
    /// The file name, which names the snapshot in other requests.
    pub name: String,
    /// When it was created (`YYYY-MM-DDThh:mm:ss`, without a time zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256 checksum, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

/// Which data wins when a snapshot is recovered on a node whose collection has other
/// replicas; [`fmt::Display`] writes its query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotPriority {
    /// Restore the snapshot without synchronising with other replicas.
    NoSync,
    /// Prefer the snapshot's data over the current state.
    Snapshot,
    /// Prefer the other replicas' data over the snapshot.
    Replica,
}

impl fmt::Display for SnapshotPriority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SnapshotPriority::NoSync => "no_sync",
            SnapshotPriority::Snapshot => "snapshot",
            SnapshotPriority::Replica => "replica",
        })
    }
}

/// A snapshot file to upload: bytes in memory, or a file that the transport streams from disk
/// without reading it whole. Its `Debug` output gives the size or the path, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub enum SnapshotFile {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// The path of a local file, read as it is sent.
    Path(PathBuf),
}

impl Default for SnapshotFile {
    fn default() -> Self {
        SnapshotFile::Bytes(Vec::new())
    }
}

impl From<Vec<u8>> for SnapshotFile {
    fn from(bytes: Vec<u8>) -> Self {
        SnapshotFile::Bytes(bytes)
    }
}

impl From<PathBuf> for SnapshotFile {
    fn from(path: PathBuf) -> Self {
        SnapshotFile::Path(path)
    }
}

impl From<&Path> for SnapshotFile {
    fn from(path: &Path) -> Self {
        SnapshotFile::Path(path.to_path_buf())
    }
}

impl fmt::Debug for SnapshotFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotFile::Bytes(bytes) => write!(f, "Bytes(<{} bytes>)", bytes.len()),
            SnapshotFile::Path(path) => f.debug_tuple("Path").field(path).finish(),
        }
    }
}

/// Writes `{:?}` of an API key without the key.
fn redacted(api_key: Option<&String>) -> Option<&'static str> {
    api_key.map(|_| "<redacted>")
}

// ---------------------------------------------------------------------------------------------
// Collection snapshots

/// Lists the snapshots of a collection (`GET /collections/{collection_name}/snapshots`);
/// answered by a list of [`SnapshotDescription`]s. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListSnapshots {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl ListSnapshots {
    /// A request for the snapshots of `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        ListSnapshots {
            collection_name: collection_name.into(),
        }
    }
}

/// Creates a snapshot of a collection (`POST /collections/{collection_name}/snapshots`);
/// answered by its [`SnapshotDescription`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the snapshot exists; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl CreateSnapshot {
    /// A request to snapshot `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        CreateSnapshot {
            collection_name: collection_name.into(),
            wait: None,
        }
    }
}

option_setters!(CreateSnapshot {
    /// Sets whether to wait until the snapshot exists.
    wait: bool,
});

from_collection_name!(ListSnapshots, CreateSnapshot);

/// Deletes a snapshot of a collection
/// (`DELETE /collections/{collection_name}/snapshots/{snapshot_name}`); answered by `true`. It
/// has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
    /// Whether to answer only once the snapshot is gone; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl DeleteSnapshot {
    /// A request to delete the snapshot `snapshot_name` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, snapshot_name: impl Into<String>) -> Self {
        DeleteSnapshot {
            collection_name: collection_name.into(),
            snapshot_name: snapshot_name.into(),
            wait: None,
        }
    }
}

option_setters!(DeleteSnapshot {
    /// Sets whether to wait until the snapshot is gone.
    wait: bool,
});

/// Downloads a snapshot of a collection
/// (`GET /collections/{collection_name}/snapshots/{snapshot_name}`); answered by the file's
/// bytes. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
}

impl GetSnapshot {
    /// A request for the snapshot `snapshot_name` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, snapshot_name: impl Into<String>) -> Self {
        GetSnapshot {
            collection_name: collection_name.into(),
            snapshot_name: snapshot_name.into(),
        }
    }
}

/// Recovers a collection from a snapshot at a URL or a local path
/// (`PUT /collections/{collection_name}/snapshots/recover`, body `SnapshotRecover`); answered
/// by `true`. Its `Debug` output leaves out the API key.
#[doc(alias = "SnapshotRecover")]
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecoverFromSnapshot {
    /// The collection to recover into (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once recovered; the server's default is `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Where the snapshot is: an `http(s)://` URL or a `file://` path on the server.
    pub location: String,
    /// Which data wins over other replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<SnapshotPriority>,
    /// The expected SHA-256 checksum, checked before recovering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// An API key for fetching the snapshot from a remote URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

impl RecoverFromSnapshot {
    /// A request to recover `collection_name` from the snapshot at `location`.
    pub fn new(collection_name: impl Into<String>, location: impl Into<String>) -> Self {
        RecoverFromSnapshot {
            collection_name: collection_name.into(),
            location: location.into(),
            ..RecoverFromSnapshot::default()
        }
    }
}

option_setters!(RecoverFromSnapshot {
    /// Sets whether to wait until recovered.
    wait: bool,
    /// Sets which data wins over other replicas.
    priority: SnapshotPriority,
    /// Sets the expected checksum.
    checksum: into String,
    /// Sets the API key for fetching the snapshot.
    api_key: into String,
});

impl fmt::Debug for RecoverFromSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoverFromSnapshot")
            .field("collection_name", &self.collection_name)
            .field("wait", &self.wait)
            .field("location", &self.location)
            .field("priority", &self.priority)
            .field("checksum", &self.checksum)
            .field("api_key", &redacted(self.api_key.as_ref()))
            .finish()
    }
}

/// Recovers a collection from an uploaded snapshot file
/// (`POST /collections/{collection_name}/snapshots/upload`, a `multipart/form-data` body);
/// answered by `true`. Its `Debug` output gives the file's size, not its bytes.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecoverFromUploadedSnapshot {
    /// The collection to recover into (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once recovered; the server's default is `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Which data wins over other replicas (query).
    #[serde(skip)]
    pub priority: Option<SnapshotPriority>,
    /// The expected SHA-256 checksum, checked before recovering (query).
    #[serde(skip)]
    pub checksum: Option<String>,
    /// The snapshot file, sent as the `snapshot` part of the form.
    #[serde(skip)]
    pub snapshot: SnapshotFile,
}

impl RecoverFromUploadedSnapshot {
    /// A request to recover `collection_name` from the snapshot file `snapshot`.
    pub fn new(collection_name: impl Into<String>, snapshot: impl Into<SnapshotFile>) -> Self {
        RecoverFromUploadedSnapshot {
            collection_name: collection_name.into(),
            snapshot: snapshot.into(),
            ..RecoverFromUploadedSnapshot::default()
        }
    }
}

option_setters!(RecoverFromUploadedSnapshot {
    /// Sets whether to wait until recovered.
    wait: bool,
    /// Sets which data wins over other replicas.
    priority: SnapshotPriority,
    /// Sets the expected checksum.
    checksum: into String,
});

impl fmt::Debug for RecoverFromUploadedSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoverFromUploadedSnapshot")
            .field("collection_name", &self.collection_name)
            .field("wait", &self.wait)
            .field("priority", &self.priority)
            .field("checksum", &self.checksum)
            .field("snapshot", &self.snapshot)
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Full snapshots

/// Creates a snapshot of the whole instance, every collection included
/// (`POST /snapshots`); answered by its [`SnapshotDescription`]. It has no body. Listing the
/// full snapshots (`GET /snapshots`) takes no parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateFullSnapshot {
    /// Whether to answer only once the snapshot exists; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl CreateFullSnapshot {
    /// A request to snapshot the whole instance.
    pub fn new() -> Self {
        CreateFullSnapshot::default()
    }
}

option_setters!(CreateFullSnapshot {
    /// Sets whether to wait until the snapshot exists.
    wait: bool,
});

/// Deletes a snapshot of the whole instance (`DELETE /snapshots/{snapshot_name}`); answered by
/// `true`. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteFullSnapshot {
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
    /// Whether to answer only once the snapshot is gone; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl DeleteFullSnapshot {
    /// A request to delete the full snapshot `snapshot_name`.
    pub fn new(snapshot_name: impl Into<String>) -> Self {
        DeleteFullSnapshot {
            snapshot_name: snapshot_name.into(),
            wait: None,
        }
    }
}

option_setters!(DeleteFullSnapshot {
    /// Sets whether to wait until the snapshot is gone.
    wait: bool,
});

/// Downloads a snapshot of the whole instance (`GET /snapshots/{snapshot_name}`); answered by
/// the file's bytes. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetFullSnapshot {
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
}

impl GetFullSnapshot {
    /// A request for the full snapshot `snapshot_name`.
    pub fn new(snapshot_name: impl Into<String>) -> Self {
        GetFullSnapshot {
            snapshot_name: snapshot_name.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shard snapshots

/// Lists the snapshots of one shard
/// (`GET /collections/{collection_name}/shards/{shard_id}/snapshots`); answered by a list of
/// [`SnapshotDescription`]s. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListShardSnapshots {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard (path).
    #[serde(skip)]
    pub shard_id: u32,
}

impl ListShardSnapshots {
    /// A request for the snapshots of shard `shard_id` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, shard_id: u32) -> Self {
        ListShardSnapshots {
            collection_name: collection_name.into(),
            shard_id,
        }
    }
}

/// Creates a snapshot of one shard
/// (`POST /collections/{collection_name}/shards/{shard_id}/snapshots`); answered by its
/// [`SnapshotDescription`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateShardSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard (path).
    #[serde(skip)]
    pub shard_id: u32,
    /// Whether to answer only once the snapshot exists; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl CreateShardSnapshot {
    /// A request to snapshot shard `shard_id` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, shard_id: u32) -> Self {
        CreateShardSnapshot {
            collection_name: collection_name.into(),
            shard_id,
            wait: None,
        }
    }
}

option_setters!(CreateShardSnapshot {
    /// Sets whether to wait until the snapshot exists.
    wait: bool,
});

/// Deletes a snapshot of one shard
/// (`DELETE /collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}`);
/// answered by `true`. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteShardSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard (path).
    #[serde(skip)]
    pub shard_id: u32,
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
    /// Whether to answer only once the snapshot is gone; the server's default is `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
}

impl DeleteShardSnapshot {
    /// A request to delete the snapshot `snapshot_name` of shard `shard_id` of
    /// `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        shard_id: u32,
        snapshot_name: impl Into<String>,
    ) -> Self {
        DeleteShardSnapshot {
            collection_name: collection_name.into(),
            shard_id,
            snapshot_name: snapshot_name.into(),
            wait: None,
        }
    }
}

option_setters!(DeleteShardSnapshot {
    /// Sets whether to wait until the snapshot is gone.
    wait: bool,
});

/// Downloads a snapshot of one shard
/// (`GET /collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}`);
/// answered by the file's bytes. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetShardSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard (path).
    #[serde(skip)]
    pub shard_id: u32,
    /// The snapshot's file name (path).
    #[serde(skip)]
    pub snapshot_name: String,
}

impl GetShardSnapshot {
    /// A request for the snapshot `snapshot_name` of shard `shard_id` of `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        shard_id: u32,
        snapshot_name: impl Into<String>,
    ) -> Self {
        GetShardSnapshot {
            collection_name: collection_name.into(),
            shard_id,
            snapshot_name: snapshot_name.into(),
        }
    }
}

/// Snapshots one shard and downloads the snapshot in one step, without storing it on the
/// server (`GET /collections/{collection_name}/shards/{shard_id}/snapshot`); answered by the
/// file's bytes. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StreamShardSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard (path).
    #[serde(skip)]
    pub shard_id: u32,
}

impl StreamShardSnapshot {
    /// A request for a fresh snapshot of shard `shard_id` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, shard_id: u32) -> Self {
        StreamShardSnapshot {
            collection_name: collection_name.into(),
            shard_id,
        }
    }
}

/// Recovers one shard from a snapshot at a URL or a local path
/// (`PUT /collections/{collection_name}/shards/{shard_id}/snapshots/recover`, body
/// `ShardSnapshotRecover`); answered by `true`. Its `Debug` output leaves out the API key.
#[doc(alias = "ShardSnapshotRecover")]
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecoverShardFromSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard to recover (path).
    #[serde(skip)]
    pub shard_id: u32,
    /// Whether to answer only once recovered; the server's default is `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Where the snapshot is: an `http(s)://` URL or a `file://` path on the server (REST
    /// `ShardSnapshotLocation`).
    pub location: String,
    /// Which data wins over other replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<SnapshotPriority>,
    /// The expected SHA-256 checksum, checked before recovering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// An API key for fetching the snapshot from a remote URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

impl RecoverShardFromSnapshot {
    /// A request to recover shard `shard_id` of `collection_name` from the snapshot at
    /// `location`.
    pub fn new(
        collection_name: impl Into<String>,
        shard_id: u32,
        location: impl Into<String>,
    ) -> Self {
        RecoverShardFromSnapshot {
            collection_name: collection_name.into(),
            shard_id,
            location: location.into(),
            ..RecoverShardFromSnapshot::default()
        }
    }
}

option_setters!(RecoverShardFromSnapshot {
    /// Sets whether to wait until recovered.
    wait: bool,
    /// Sets which data wins over other replicas.
    priority: SnapshotPriority,
    /// Sets the expected checksum.
    checksum: into String,
    /// Sets the API key for fetching the snapshot.
    api_key: into String,
});

impl fmt::Debug for RecoverShardFromSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoverShardFromSnapshot")
            .field("collection_name", &self.collection_name)
            .field("shard_id", &self.shard_id)
            .field("wait", &self.wait)
            .field("location", &self.location)
            .field("priority", &self.priority)
            .field("checksum", &self.checksum)
            .field("api_key", &redacted(self.api_key.as_ref()))
            .finish()
    }
}

/// Recovers one shard from an uploaded snapshot file
/// (`POST /collections/{collection_name}/shards/{shard_id}/snapshots/upload`, a
/// `multipart/form-data` body); answered by `true`. Its `Debug` output gives the file's size,
/// not its bytes.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecoverShardFromUploadedSnapshot {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The shard to recover (path).
    #[serde(skip)]
    pub shard_id: u32,
    /// Whether to answer only once recovered; the server's default is `true` (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Which data wins over other replicas (query).
    #[serde(skip)]
    pub priority: Option<SnapshotPriority>,
    /// The expected SHA-256 checksum, checked before recovering (query).
    #[serde(skip)]
    pub checksum: Option<String>,
    /// The snapshot file, sent as the `snapshot` part of the form.
    #[serde(skip)]
    pub snapshot: SnapshotFile,
}

impl RecoverShardFromUploadedSnapshot {
    /// A request to recover shard `shard_id` of `collection_name` from the snapshot file
    /// `snapshot`.
    pub fn new(
        collection_name: impl Into<String>,
        shard_id: u32,
        snapshot: impl Into<SnapshotFile>,
    ) -> Self {
        RecoverShardFromUploadedSnapshot {
            collection_name: collection_name.into(),
            shard_id,
            snapshot: snapshot.into(),
            ..RecoverShardFromUploadedSnapshot::default()
        }
    }
}

option_setters!(RecoverShardFromUploadedSnapshot {
    /// Sets whether to wait until recovered.
    wait: bool,
    /// Sets which data wins over other replicas.
    priority: SnapshotPriority,
    /// Sets the expected checksum.
    checksum: into String,
});

impl fmt::Debug for RecoverShardFromUploadedSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoverShardFromUploadedSnapshot")
            .field("collection_name", &self.collection_name)
            .field("shard_id", &self.shard_id)
            .field("wait", &self.wait)
            .field("priority", &self.priority)
            .field("checksum", &self.checksum)
            .field("snapshot", &self.snapshot)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn recover_bodies() {
        let request = RecoverFromSnapshot::new("c", "file:///snapshots/c.snapshot")
            .priority(SnapshotPriority::NoSync)
            .api_key("secret-key")
            .wait(false);
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({"location": "file:///snapshots/c.snapshot", "priority": "no_sync",
                   "api_key": "secret-key"})
        );
        assert!(!format!("{request:?}").contains("secret-key"));
        let shard = RecoverShardFromSnapshot::new("c", 0, "http://peer/snap").api_key("k3y");
        assert!(!format!("{shard:?}").contains("k3y"));
        assert_eq!(SnapshotPriority::Replica.to_string(), "replica");
    }

    #[test]
    fn uploads_have_no_json_body() {
        let upload = RecoverShardFromUploadedSnapshot::new("c", 1, vec![0; 2048])
            .priority(SnapshotPriority::Snapshot);
        assert_eq!(crate::to_json(&upload).unwrap(), json!({}));
        assert!(format!("{upload:?}").contains("<2048 bytes>"));
        let upload = RecoverFromUploadedSnapshot::new("c", vec![1, 2, 3]);
        assert!(format!("{upload:?}").contains("<3 bytes>"));
    }

    #[test]
    fn description_keeps_optional_fields() {
        let listed = json!({"name": "c-1.snapshot", "creation_time": "2026-11-21T08:16:02",
                            "size": 64512, "checksum": "c47b"});
        let decoded: SnapshotDescription = serde_json::from_value(listed.clone()).unwrap();
        assert_eq!(crate::to_json(&decoded).unwrap(), listed);
    }
}
