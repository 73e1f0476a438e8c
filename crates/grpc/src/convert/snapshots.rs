//! Snapshots of a collection and of the whole instance: creating, listing and deleting them.
//! Downloads, uploads, recovery and shard snapshots have no gRPC method; the transport sends
//! them over REST.
//!
//! What gRPC carries differently from REST:
//! - gRPC's snapshot calls always wait until the snapshot exists or is gone: the requests'
//!   `wait` is not sent. ([`GrpcTransport`](crate::GrpcTransport) sends a request with
//!   `wait = false` over REST, which can answer before the work is done.)
//! - The creation time is a `google.protobuf.Timestamp` on gRPC, and text without a time zone
//!   on REST (`2026-11-21T08:16:02`, in UTC). It is written the way REST writes it, with a
//!   fraction of a second only when there is one.
//! - The deletes answer with no result on gRPC; a delete that succeeds is `true`, as on REST.

use chrono::DateTime;
use quadrant_models::{
    CreateFullSnapshot, CreateSnapshot, DeleteFullSnapshot, DeleteSnapshot, ListSnapshots,
    SnapshotDescription,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, invalid, parse_timestamp, required, undecodable};
use crate::proto;

impl IntoProto<proto::CreateSnapshotRequest> for CreateSnapshot {
    fn into_proto(self) -> Result<proto::CreateSnapshotRequest> {
        Ok(proto::CreateSnapshotRequest {
            collection_name: self.collection_name,
        })
    }
}

impl IntoProto<proto::ListSnapshotsRequest> for ListSnapshots {
    fn into_proto(self) -> Result<proto::ListSnapshotsRequest> {
        Ok(proto::ListSnapshotsRequest {
            collection_name: self.collection_name,
        })
    }
}

impl IntoProto<proto::DeleteSnapshotRequest> for DeleteSnapshot {
    fn into_proto(self) -> Result<proto::DeleteSnapshotRequest> {
        Ok(proto::DeleteSnapshotRequest {
            collection_name: self.collection_name,
            snapshot_name: self.snapshot_name,
        })
    }
}

impl IntoProto<proto::CreateFullSnapshotRequest> for CreateFullSnapshot {
    fn into_proto(self) -> Result<proto::CreateFullSnapshotRequest> {
        Ok(proto::CreateFullSnapshotRequest {})
    }
}

/// Listing the full snapshots takes no parameters.
impl IntoProto<proto::ListFullSnapshotsRequest> for () {
    fn into_proto(self) -> Result<proto::ListFullSnapshotsRequest> {
        Ok(proto::ListFullSnapshotsRequest {})
    }
}

impl IntoProto<proto::DeleteFullSnapshotRequest> for DeleteFullSnapshot {
    fn into_proto(self) -> Result<proto::DeleteFullSnapshotRequest> {
        Ok(proto::DeleteFullSnapshotRequest {
            snapshot_name: self.snapshot_name,
        })
    }
}

impl FromProto<proto::SnapshotDescription> for SnapshotDescription {
    fn from_proto(message: proto::SnapshotDescription) -> Result<Self> {
        let creation_time = message
            .creation_time
            .map(|timestamp| {
                let field = "SnapshotDescription.creation_time";
                let nanos = u32::try_from(timestamp.nanos)
                    .ok()
                    .filter(|nanos| *nanos < 1_000_000_000)
                    .ok_or_else(|| {
                        undecodable(field, format!("{} nanoseconds", timestamp.nanos))
                    })?;
                let datetime =
                    DateTime::from_timestamp(timestamp.seconds, nanos).ok_or_else(|| {
                        undecodable(
                            field,
                            format!("{} seconds is out of range", timestamp.seconds),
                        )
                    })?;
                // REST writes the creation time as a UTC datetime without a zone.
                Ok::<_, quadrant_transport::Error>(
                    datetime
                        .naive_utc()
                        .format("%Y-%m-%dT%H:%M:%S%.f")
                        .to_string(),
                )
            })
            .transpose()?;
        Ok(SnapshotDescription {
            name: message.name,
            creation_time,
            size: u64::try_from(message.size).map_err(|_| {
                undecodable(
                    "SnapshotDescription.size",
                    format!("{} is negative", message.size),
                )
            })?,
            checksum: message.checksum,
        })
    }
}

impl IntoProto<proto::SnapshotDescription> for SnapshotDescription {
    fn into_proto(self) -> Result<proto::SnapshotDescription> {
        Ok(proto::SnapshotDescription {
            name: self.name,
            creation_time: self
                .creation_time
                .map(|text| parse_timestamp(&text, "SnapshotDescription.creation_time"))
                .transpose()?,
            size: i64::try_from(self.size).map_err(|_| {
                invalid(
                    "SnapshotDescription.size",
                    format!("{} is too large", self.size),
                )
            })?,
            checksum: self.checksum,
        })
    }
}

impl FromProto<proto::CreateSnapshotResponse> for SnapshotDescription {
    fn from_proto(message: proto::CreateSnapshotResponse) -> Result<Self> {
        SnapshotDescription::from_proto(required(
            message.snapshot_description,
            "CreateSnapshotResponse.snapshot_description",
        )?)
    }
}

impl FromProto<proto::ListSnapshotsResponse> for Vec<SnapshotDescription> {
    fn from_proto(message: proto::ListSnapshotsResponse) -> Result<Self> {
        Vec::from_proto(message.snapshot_descriptions)
    }
}

/// A delete that the server answered without an error is done.
impl FromProto<proto::DeleteSnapshotResponse> for bool {
    fn from_proto(_message: proto::DeleteSnapshotResponse) -> Result<Self> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use prost_types::Timestamp;
    use quadrant_transport::ErrorKind;

    use super::*;

    fn description(seconds: i64, nanos: i32, size: i64) -> proto::SnapshotDescription {
        proto::SnapshotDescription {
            name: "c-1.snapshot".into(),
            creation_time: Some(Timestamp { seconds, nanos }),
            size,
            checksum: Some("ab".into()),
        }
    }

    #[test]
    fn the_creation_time_is_written_as_rest_writes_it() {
        // 2026-11-21T08:16:02Z, as recorded.
        let read = SnapshotDescription::from_proto(description(1_795_248_962, 0, 64_512)).unwrap();
        assert_eq!(read.creation_time.as_deref(), Some("2026-11-21T08:16:02"));
        assert_eq!(read.size, 64_512);
        let fraction =
            SnapshotDescription::from_proto(description(1_795_248_962, 250_000_000, 1)).unwrap();
        assert_eq!(
            fraction.creation_time.as_deref(),
            Some("2026-11-21T08:16:02.250")
        );
        let back: proto::SnapshotDescription = read.into_proto().unwrap();
        assert_eq!(back, description(1_795_248_962, 0, 64_512));
    }

    #[test]
    fn impossible_values_are_decode_errors() {
        for bad in [
            description(0, 0, -1),
            description(0, -5, 1),
            description(i64::MAX, 0, 1),
        ] {
            let error = SnapshotDescription::from_proto(bad).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        }
        let error = SnapshotDescription::from_proto(proto::CreateSnapshotResponse {
            snapshot_description: None,
            time: 0.0,
        })
        .unwrap_err();
        assert!(error.message().contains("snapshot_description"), "{error}");
    }

    #[test]
    fn requests_name_the_collection_and_snapshot() {
        let message: proto::DeleteSnapshotRequest = DeleteSnapshot::new("c", "c-1.snapshot")
            .into_proto()
            .unwrap();
        assert_eq!(message.collection_name, "c");
        assert_eq!(message.snapshot_name, "c-1.snapshot");
        let message: proto::DeleteFullSnapshotRequest = DeleteFullSnapshot::new("full.snapshot")
            .into_proto()
            .unwrap();
        assert_eq!(message.snapshot_name, "full.snapshot");
    }
}
