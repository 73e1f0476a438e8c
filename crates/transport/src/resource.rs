//! What a [`NotFound`](crate::ErrorKind::NotFound) error says is missing.
//!
//! Qdrant answers every missing thing with the same status (HTTP 404, gRPC `NOT_FOUND`); only
//! its message tells a missing collection from a missing point. [`Resource::infer`] reads that
//! message once, for every transport, so that callers match on [`Error::resource`] instead of on
//! the server's wording.
//!
//! [`Error::resource`]: crate::Error::resource

use std::fmt;

use crate::Operation;

/// The kind of thing a [`NotFound`](crate::ErrorKind::NotFound) error says does not exist, as
/// [`Error::resource`](crate::Error::resource) reports it.
///
/// The variants are the things Qdrant's not-found answers name. A missing shard key is one
/// only where Qdrant answers it as not found (a fallback shard key that is missing too); most
/// of its answers about a missing shard key, and all about a missing peer, are bad input
/// (HTTP 400), which is [`InvalidArgument`](crate::ErrorKind::InvalidArgument) and has no
/// resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Resource {
    /// A collection, named directly or through an alias.
    Collection,
    /// A point, by id.
    Point,
    /// A named vector of a point or of a collection.
    Vector,
    /// A collection alias.
    Alias,
    /// A snapshot: of a collection, of the whole storage, or of a shard.
    Snapshot,
    /// A shard of a collection, by shard id.
    Shard,
    /// A shard key of a collection with custom sharding.
    ShardKey,
    /// A shard transfer between peers, as named when it is aborted.
    ShardTransfer,
}

impl Resource {
    /// What is missing, according to the server's `message` and, when the message does not
    /// say, to the `operation` that failed.
    ///
    /// The message is read first: Qdrant names the missing thing ("Collection `x` doesn't
    /// exist!", "No point with id 7 found", "Alias a does not exists!", "Snapshot s not
    /// found", "shard 3 not found"), with or without its "Not found: " prefix. A message that
    /// names nothing known falls back on the thing the operation addresses: the snapshot of
    /// `get_snapshot`, the point of `get_point`, the alias of `update_aliases`, the collection
    /// of any other operation on one collection. Operations on no single thing
    /// (`get_collections`, `telemetry`, …) give `None`.
    ///
    /// It only reads; whether the error is a not-found one is the caller's to know.
    ///
    /// ```
    /// use quadrant_transport::{Operation, Resource};
    ///
    /// let missing = "Not found: Collection `docs` doesn't exist!";
    /// assert_eq!(Resource::infer(Operation::QueryPoints, missing), Some(Resource::Collection));
    /// let missing = "Not found: No point with id 12345 found";
    /// assert_eq!(Resource::infer(Operation::QueryPoints, missing), Some(Resource::Point));
    /// assert_eq!(Resource::infer(Operation::GetSnapshot, "HTTP 404"), Some(Resource::Snapshot));
    /// ```
    pub fn infer(operation: Operation, message: &str) -> Option<Resource> {
        Self::named_in(message).or_else(|| Self::addressed_by(operation))
    }

    /// The resource the server's message names, if it names one.
    fn named_in(message: &str) -> Option<Resource> {
        // Qdrant's storage layer prefixes its not-found errors with "Not found: "; what follows
        // is the collection layer's text, which starts with the missing thing.
        const PREFIX: &str = "not found: ";
        let lower = message.to_ascii_lowercase();
        let text = match lower.find(PREFIX) {
            Some(start) => &lower[start + PREFIX.len()..],
            None => lower.as_str(),
        };
        let text = text.trim_start();
        let starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| text.starts_with(prefix));
        // The order matters where one prefix starts another ("shard transfer", "shard key",
        // "shard").
        if starts(&["shard transfer"]) {
            Some(Resource::ShardTransfer)
        } else if starts(&["shard key", "neither target shard key"]) {
            Some(Resource::ShardKey)
        } else if starts(&["collection"]) {
            Some(Resource::Collection)
        } else if starts(&["no point with id", "point with id", "point "]) {
            Some(Resource::Point)
        } else if starts(&["vector with name", "vector "]) {
            Some(Resource::Vector)
        } else if starts(&["alias"]) {
            Some(Resource::Alias)
        } else if starts(&["snapshot"]) {
            Some(Resource::Snapshot)
        } else if starts(&["shard", "local shard", "peer does not have local shard"])
            // A remote replica: "<peer>/<collection>:<shard> shard not found".
            || text.trim_end().ends_with(" shard not found")
        {
            Some(Resource::Shard)
        } else {
            None
        }
    }

    /// The resource `operation` addresses, the one most likely missing when the message does
    /// not say.
    fn addressed_by(operation: Operation) -> Option<Resource> {
        use Operation as Op;
        match operation {
            Op::GetPoint => Some(Resource::Point),
            Op::DeleteVectorName => Some(Resource::Vector),
            Op::UpdateAliases => Some(Resource::Alias),
            Op::GetSnapshot
            | Op::DeleteSnapshot
            | Op::RecoverFromSnapshot
            | Op::GetFullSnapshot
            | Op::DeleteFullSnapshot
            | Op::GetShardSnapshot
            | Op::DeleteShardSnapshot
            | Op::RecoverShardFromSnapshot => Some(Resource::Snapshot),
            Op::CreateShardSnapshot
            | Op::ListShardSnapshots
            | Op::StreamShardSnapshot
            | Op::RecoverShardFromUploadedSnapshot => Some(Resource::Shard),
            Op::DeleteShardKey => Some(Resource::ShardKey),
            // Every other operation on one collection.
            _ if operation
                .rest()
                .path
                .starts_with("/collections/{collection_name}") =>
            {
                Some(Resource::Collection)
            }
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Resource::Collection => "collection",
            Resource::Point => "point",
            Resource::Vector => "vector",
            Resource::Alias => "alias",
            Resource::Snapshot => "snapshot",
            Resource::Shard => "shard",
            Resource::ShardKey => "shard key",
            Resource::ShardTransfer => "shard transfer",
        }
    }
}

/// The resource in lower case, as a sentence names it: "collection", "shard key".
impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not-found texts as Qdrant writes them (1.18.3 recordings, and its sources), with the
    /// resource each names. The operation is one whose fallback differs, so that a message
    /// that were not read would fail.
    #[test]
    fn qdrants_messages_name_the_resource() {
        for (message, resource) in [
            // Recorded from Qdrant 1.18.3 (errors.json), REST and gRPC alike.
            (
                "Not found: Collection `conf_does_not_exist` doesn't exist!",
                Resource::Collection,
            ),
            ("Not found: No point with id 12345 found", Resource::Point),
            // Qdrant's other wordings.
            (
                "Not found: Collection lookup not found",
                Resource::Collection,
            ),
            (
                "Not found: Point with id 7 does not exists!",
                Resource::Point,
            ),
            (
                "Not found: Point with id 5b4c8a4e-5a3c-4f5e-8a5b-0d8d1c9e1f2a does not exists!",
                Resource::Point,
            ),
            (
                "Not found: Vector with name \"image\" for point not found",
                Resource::Vector,
            ),
            ("Not found: Alias old does not exists!", Resource::Alias),
            (
                "Not found: Snapshot conf-1.snapshot not found",
                Resource::Snapshot,
            ),
            (
                "Not found: Snapshot directory: /qdrant/snapshots/conf not found",
                Resource::Snapshot,
            ),
            ("Not found: shard 3 not found", Resource::Shard),
            ("Not found: Shard 3 not found not found", Resource::Shard),
            ("Not found: local shard conf:0 not found", Resource::Shard),
            ("Not found: 2/conf:0 shard not found", Resource::Shard),
            (
                "Not found: Neither target shard key eu nor fallback shard key default exist not found",
                Resource::ShardKey,
            ),
            (
                "Not found: Shard transfer 1 -> 2 for collection conf:0 does not exist",
                Resource::ShardTransfer,
            ),
            // Without the storage layer's prefix, as the collection layer says it.
            ("No point with id 1 found", Resource::Point),
            ("Collection `x` doesn't exist!", Resource::Collection),
        ] {
            assert_eq!(
                Resource::infer(Operation::GetCollections, message),
                Some(resource),
                "{message}"
            );
        }
    }

    #[test]
    fn the_message_wins_over_the_operation() {
        // `get_point` on a missing collection: the collection is missing, not the point.
        assert_eq!(
            Resource::infer(
                Operation::GetPoint,
                "Not found: Collection `gone` doesn't exist!"
            ),
            Some(Resource::Collection)
        );
        // A collection named like another resource is still a collection.
        assert_eq!(
            Resource::infer(
                Operation::GetSnapshot,
                "Not found: Collection `shard key snapshot` doesn't exist!"
            ),
            Some(Resource::Collection)
        );
        assert_eq!(
            Resource::infer(
                Operation::QueryPoints,
                "query_points: Not found: No point with id 3 found"
            ),
            Some(Resource::Point)
        );
    }

    #[test]
    fn an_unknown_message_falls_back_on_the_operation() {
        for (operation, resource) in [
            (Operation::GetCollection, Some(Resource::Collection)),
            (Operation::QueryPoints, Some(Resource::Collection)),
            (Operation::CreateFieldIndex, Some(Resource::Collection)),
            (Operation::GetPoint, Some(Resource::Point)),
            (Operation::GetSnapshot, Some(Resource::Snapshot)),
            (Operation::DeleteFullSnapshot, Some(Resource::Snapshot)),
            (Operation::GetShardSnapshot, Some(Resource::Snapshot)),
            (Operation::ListShardSnapshots, Some(Resource::Shard)),
            (Operation::UpdateAliases, Some(Resource::Alias)),
            (Operation::DeleteShardKey, Some(Resource::ShardKey)),
            (Operation::DeleteVectorName, Some(Resource::Vector)),
            (Operation::GetCollections, None),
            (Operation::Telemetry, None),
            (Operation::ListFullSnapshots, None),
            (Operation::ClusterStatus, None),
        ] {
            for message in ["gRPC status NotFound", "File not found: x", ""] {
                assert_eq!(
                    Resource::infer(operation, message),
                    resource,
                    "{} {message:?}",
                    operation.name()
                );
            }
        }
    }

    #[test]
    fn display_is_lower_case_words() {
        assert_eq!(Resource::Collection.to_string(), "collection");
        assert_eq!(Resource::ShardKey.to_string(), "shard key");
        assert_eq!(Resource::ShardTransfer.to_string(), "shard transfer");
    }
}
