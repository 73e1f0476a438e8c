//! Small types shared by many operations: payload and vector selectors, read consistency,
//! write ordering, shard keys and the result of an update.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Which part of the payload to return with each point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WithPayloadInterface {
    /// `true` returns the whole payload, `false` none of it.
    Bool(bool),
    /// Only these payload keys.
    Fields(Vec<String>),
    /// Keys to include, or keys to exclude.
    Selector(PayloadSelector),
}

impl From<bool> for WithPayloadInterface {
    fn from(value: bool) -> Self {
        WithPayloadInterface::Bool(value)
    }
}

impl From<Vec<String>> for WithPayloadInterface {
    fn from(fields: Vec<String>) -> Self {
        WithPayloadInterface::Fields(fields)
    }
}

impl From<Vec<&str>> for WithPayloadInterface {
    fn from(fields: Vec<&str>) -> Self {
        WithPayloadInterface::Fields(fields.into_iter().map(str::to_owned).collect())
    }
}

impl From<PayloadSelector> for WithPayloadInterface {
    fn from(selector: PayloadSelector) -> Self {
        WithPayloadInterface::Selector(selector)
    }
}

/// Payload keys to keep (`{"include": [...]}`) or to drop (`{"exclude": [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadSelector {
    /// Return only these keys.
    Include(Vec<String>),
    /// Return every key but these.
    Exclude(Vec<String>),
}

/// Which vectors to return with each point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WithVector {
    /// `true` returns every vector, `false` none.
    Bool(bool),
    /// Only the vectors with these names.
    Names(Vec<String>),
}

impl From<bool> for WithVector {
    fn from(value: bool) -> Self {
        WithVector::Bool(value)
    }
}

impl From<Vec<String>> for WithVector {
    fn from(names: Vec<String>) -> Self {
        WithVector::Names(names)
    }
}

impl From<Vec<&str>> for WithVector {
    fn from(names: Vec<&str>) -> Self {
        WithVector::Names(names.into_iter().map(str::to_owned).collect())
    }
}

/// How many replicas must answer a read: a number, or one of the named levels.
///
/// Sent as the `consistency` query parameter; [`fmt::Display`] writes its query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReadConsistency {
    /// This many replicas.
    Factor(u64),
    /// A named level.
    Type(ReadConsistencyType),
}

impl From<u64> for ReadConsistency {
    fn from(factor: u64) -> Self {
        ReadConsistency::Factor(factor)
    }
}

impl From<ReadConsistencyType> for ReadConsistency {
    fn from(kind: ReadConsistencyType) -> Self {
        ReadConsistency::Type(kind)
    }
}

impl fmt::Display for ReadConsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadConsistency::Factor(n) => write!(f, "{n}"),
            ReadConsistency::Type(kind) => kind.fmt(f),
        }
    }
}

/// The named read consistency levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadConsistencyType {
    /// More than half of the replicas.
    Majority,
    /// More than half of the replicas, counting only active ones.
    Quorum,
    /// Every replica.
    All,
}

impl fmt::Display for ReadConsistencyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReadConsistencyType::Majority => "majority",
            ReadConsistencyType::Quorum => "quorum",
            ReadConsistencyType::All => "all",
        })
    }
}

/// How writes are ordered across replicas; sent as the `ordering` query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteOrdering {
    /// Writes may be applied in any order (Qdrant's default).
    #[default]
    Weak,
    /// Writes go through a dynamically elected leader.
    Medium,
    /// Writes go through the permanent leader.
    Strong,
}

impl fmt::Display for WriteOrdering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WriteOrdering::Weak => "weak",
            WriteOrdering::Medium => "medium",
            WriteOrdering::Strong => "strong",
        })
    }
}

/// The key of a shard in a collection with custom sharding: a string or a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShardKey {
    /// A string key.
    Keyword(String),
    /// A numeric key.
    Number(u64),
}

impl From<&str> for ShardKey {
    fn from(key: &str) -> Self {
        ShardKey::Keyword(key.to_owned())
    }
}

impl From<String> for ShardKey {
    fn from(key: String) -> Self {
        ShardKey::Keyword(key)
    }
}

impl From<u64> for ShardKey {
    fn from(key: u64) -> Self {
        ShardKey::Number(key)
    }
}

/// Which shards an operation goes to: one key, several keys, or a key with a fallback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShardKeySelector {
    /// One shard key.
    ShardKey(ShardKey),
    /// Several shard keys.
    ShardKeys(Vec<ShardKey>),
    /// A target key, with a fallback key for when the target shard does not exist.
    WithFallback(ShardKeyWithFallback),
}

/// A target shard key with a fallback, used when the target shard does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardKeyWithFallback {
    /// The shard key to use.
    pub target: ShardKey,
    /// The shard key to use when `target` does not exist.
    pub fallback: ShardKey,
}

impl From<ShardKey> for ShardKeySelector {
    fn from(key: ShardKey) -> Self {
        ShardKeySelector::ShardKey(key)
    }
}

impl From<&str> for ShardKeySelector {
    fn from(key: &str) -> Self {
        ShardKeySelector::ShardKey(key.into())
    }
}

impl From<String> for ShardKeySelector {
    fn from(key: String) -> Self {
        ShardKeySelector::ShardKey(key.into())
    }
}

impl From<u64> for ShardKeySelector {
    fn from(key: u64) -> Self {
        ShardKeySelector::ShardKey(key.into())
    }
}

impl From<Vec<ShardKey>> for ShardKeySelector {
    fn from(keys: Vec<ShardKey>) -> Self {
        ShardKeySelector::ShardKeys(keys)
    }
}

impl From<ShardKeyWithFallback> for ShardKeySelector {
    fn from(keys: ShardKeyWithFallback) -> Self {
        ShardKeySelector::WithFallback(keys)
    }
}

open_enum! {
    /// The state of an update when the server answered.
    #[non_exhaustive]
    pub enum UpdateStatus {
        /// Accepted and queued, not yet applied (the answer to `wait=false`).
        Acknowledged = "acknowledged",
        /// Applied.
        Completed = "completed",
        /// Accepted, but not applied within the wait timeout.
        WaitTimeout = "wait_timeout",
    }
}

/// What the server answers to a write on points or indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateResult {
    /// The sequence number of the operation, when the server gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<u64>,
    /// Whether the operation was applied.
    pub status: UpdateStatus,
}

/// Deserializes a REST field that may hold one item or a list of them into a list.
pub(crate) fn one_or_many<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    // A list is tried first, so that a list is never read as the sequence form of a struct.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }

    Ok(
        Option::<OneOrMany<T>>::deserialize(deserializer)?.map(|items| match items {
            OneOrMany::Many(items) => items,
            OneOrMany::One(item) => vec![item],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payload_selector_forms() {
        let include: WithPayloadInterface =
            serde_json::from_value(json!({"include": ["city"]})).unwrap();
        assert_eq!(
            include,
            WithPayloadInterface::Selector(PayloadSelector::Include(vec!["city".into()]))
        );
        let fields: WithPayloadInterface = serde_json::from_value(json!(["a", "b"])).unwrap();
        assert_eq!(fields, vec!["a", "b"].into());
        assert_eq!(
            crate::to_json(WithPayloadInterface::from(true)).unwrap(),
            json!(true)
        );
    }

    #[test]
    fn query_parameter_forms() {
        assert_eq!(ReadConsistency::from(2).to_string(), "2");
        assert_eq!(
            ReadConsistency::from(ReadConsistencyType::Quorum).to_string(),
            "quorum"
        );
        assert_eq!(WriteOrdering::Strong.to_string(), "strong");
        let read: ReadConsistency = serde_json::from_value(json!("majority")).unwrap();
        assert_eq!(read, ReadConsistencyType::Majority.into());
    }

    #[test]
    fn shard_key_selector_forms() {
        let one: ShardKeySelector = serde_json::from_value(json!("eu")).unwrap();
        assert_eq!(one, ShardKeySelector::from("eu"));
        let many: ShardKeySelector = serde_json::from_value(json!([1, "us"])).unwrap();
        assert_eq!(
            many,
            ShardKeySelector::ShardKeys(vec![ShardKey::Number(1), "us".into()])
        );
        let fallback: ShardKeySelector =
            serde_json::from_value(json!({"target": "a", "fallback": 7})).unwrap();
        assert!(matches!(fallback, ShardKeySelector::WithFallback(_)));
    }
}
