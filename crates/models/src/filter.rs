//! Filters: conditions on payload fields, ids and vectors, combined with `must`, `should`,
//! `must_not` and `min_should`.
//!
//! Each of `must`, `should` and `must_not` may be written as one condition or as a list in
//! REST; both decode, and a list is always written.

use serde::{Deserialize, Serialize};

use crate::common::one_or_many;
use crate::point_id::PointId;

/// A boolean combination of conditions; a point matches when every clause that is present
/// holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// At least one of these must hold.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub should: Option<Vec<Condition>>,
    /// At least `min_count` of these must hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_should: Option<MinShould>,
    /// All of these must hold.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub must: Option<Vec<Condition>>,
    /// None of these may hold.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub must_not: Option<Vec<Condition>>,
}

impl Filter {
    /// A filter that matches when all of `conditions` hold.
    pub fn must(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Filter {
            must: Some(conditions.into_iter().collect()),
            ..Filter::default()
        }
    }

    /// A filter that matches when at least one of `conditions` holds.
    pub fn should(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Filter {
            should: Some(conditions.into_iter().collect()),
            ..Filter::default()
        }
    }

    /// A filter that matches when none of `conditions` holds.
    pub fn must_not(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Filter {
            must_not: Some(conditions.into_iter().collect()),
            ..Filter::default()
        }
    }

    /// A filter that matches when at least `min_count` of `conditions` hold.
    pub fn min_should(conditions: impl IntoIterator<Item = Condition>, min_count: usize) -> Self {
        Filter {
            min_should: Some(MinShould {
                conditions: conditions.into_iter().collect(),
                min_count,
            }),
            ..Filter::default()
        }
    }
}

impl From<Condition> for Filter {
    /// A filter that matches when `condition` holds, so a request's `.filter(…)` takes one
    /// condition as it is.
    fn from(condition: Condition) -> Self {
        Filter::must([condition])
    }
}

impl From<FieldCondition> for Filter {
    /// A filter that matches when `condition` holds.
    fn from(condition: FieldCondition) -> Self {
        Filter::must([Condition::Field(condition)])
    }
}

impl From<Vec<Condition>> for Filter {
    /// A filter that matches when all of `conditions` hold.
    fn from(conditions: Vec<Condition>) -> Self {
        Filter::must(conditions)
    }
}

impl<const N: usize> From<[Condition; N]> for Filter {
    /// A filter that matches when all of `conditions` hold, so a request's `.filter([…])`
    /// takes the conditions that must all hold.
    fn from(conditions: [Condition; N]) -> Self {
        Filter::must(conditions)
    }
}

/// At least `min_count` of `conditions` must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinShould {
    /// The conditions to count.
    pub conditions: Vec<Condition>,
    /// How many of them must hold.
    pub min_count: usize,
}

/// One condition of a [`Filter`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "a request is built once and sent; boxing would make it clumsier to build and match"
)]
pub enum Condition {
    /// A condition on the value of a payload field.
    Field(FieldCondition),
    /// The payload field is missing, null or an empty list.
    IsEmpty(IsEmptyCondition),
    /// The payload field is null.
    IsNull(IsNullCondition),
    /// The point has one of these ids.
    HasId(HasIdCondition),
    /// The point has a vector of this name.
    HasVector(HasVectorCondition),
    /// The point's id falls into one slice of the id space (Qdrant 1.19).
    Slice(SliceCondition),
    /// A filter over each object of an array field.
    Nested(NestedCondition),
    /// A nested filter.
    Filter(Filter),
}

impl Condition {
    /// The payload field `key` equals `value` (a string, an integer or a boolean).
    pub fn matches(key: impl Into<String>, value: impl Into<ValueVariants>) -> Self {
        Self::field_match(
            key,
            Match::Value(MatchValue {
                value: value.into(),
            }),
        )
    }

    /// The payload field `key` equals any of `values`.
    pub fn matches_any(key: impl Into<String>, values: impl Into<AnyVariants>) -> Self {
        Self::field_match(key, Match::Any(MatchAny { any: values.into() }))
    }

    /// The payload field `key` equals none of `values`.
    pub fn matches_except(key: impl Into<String>, values: impl Into<AnyVariants>) -> Self {
        Self::field_match(
            key,
            Match::Except(MatchExcept {
                except: values.into(),
            }),
        )
    }

    /// The text field `key` contains all the words of `text` (full-text match).
    pub fn matches_text(key: impl Into<String>, text: impl Into<String>) -> Self {
        Self::field_match(key, Match::Text(MatchText { text: text.into() }))
    }

    /// The text field `key` contains any word of `text`.
    pub fn matches_text_any(key: impl Into<String>, text: impl Into<String>) -> Self {
        Self::field_match(
            key,
            Match::TextAny(MatchTextAny {
                text_any: text.into(),
            }),
        )
    }

    /// The text field `key` contains `phrase`, words in order.
    pub fn matches_phrase(key: impl Into<String>, phrase: impl Into<String>) -> Self {
        Self::field_match(
            key,
            Match::Phrase(MatchPhrase {
                phrase: phrase.into(),
            }),
        )
    }

    /// The keyword field `key` starts with `prefix`, byte for byte and case-sensitive
    /// (Qdrant 1.19).
    pub fn matches_prefix(key: impl Into<String>, prefix: impl Into<String>) -> Self {
        Self::field_match(
            key,
            Match::Prefix(MatchPrefix {
                prefix: prefix.into(),
            }),
        )
    }

    /// The keyword field `key` contains `substring`, byte for byte and case-sensitive
    /// (Qdrant 1.20).
    pub fn matches_substring(key: impl Into<String>, substring: impl Into<String>) -> Self {
        Self::field_match(
            key,
            Match::Substring(MatchSubstring {
                substring: substring.into(),
            }),
        )
    }

    /// The numeric field `key` lies in `range`.
    pub fn range(key: impl Into<String>, range: Range) -> Self {
        Condition::Field(FieldCondition {
            range: Some(RangeInterface::Range(range)),
            ..FieldCondition::new(key)
        })
    }

    /// The datetime field `key` lies in `range`.
    pub fn datetime_range(key: impl Into<String>, range: DatetimeRange) -> Self {
        Condition::Field(FieldCondition {
            range: Some(RangeInterface::DatetimeRange(range)),
            ..FieldCondition::new(key)
        })
    }

    /// The geo field `key` lies within `radius` of its centre.
    pub fn geo_radius(key: impl Into<String>, radius: GeoRadius) -> Self {
        Condition::Field(FieldCondition {
            geo_radius: Some(radius),
            ..FieldCondition::new(key)
        })
    }

    /// The geo field `key` lies inside `bounding_box`.
    pub fn geo_bounding_box(key: impl Into<String>, bounding_box: GeoBoundingBox) -> Self {
        Condition::Field(FieldCondition {
            geo_bounding_box: Some(bounding_box),
            ..FieldCondition::new(key)
        })
    }

    /// The geo field `key` lies inside `polygon`.
    pub fn geo_polygon(key: impl Into<String>, polygon: GeoPolygon) -> Self {
        Condition::Field(FieldCondition {
            geo_polygon: Some(polygon),
            ..FieldCondition::new(key)
        })
    }

    /// The number of values in the field `key` lies in `count`.
    pub fn values_count(key: impl Into<String>, count: ValuesCount) -> Self {
        Condition::Field(FieldCondition {
            values_count: Some(count),
            ..FieldCondition::new(key)
        })
    }

    /// The payload field `key` is missing, null or an empty list.
    pub fn is_empty(key: impl Into<String>) -> Self {
        Condition::IsEmpty(IsEmptyCondition {
            is_empty: PayloadField { key: key.into() },
        })
    }

    /// The payload field `key` is null.
    pub fn is_null(key: impl Into<String>) -> Self {
        Condition::IsNull(IsNullCondition {
            is_null: PayloadField { key: key.into() },
        })
    }

    /// The point's id is one of `ids`.
    pub fn has_id(ids: impl IntoIterator<Item = impl Into<PointId>>) -> Self {
        Condition::HasId(HasIdCondition {
            has_id: ids.into_iter().map(Into::into).collect(),
        })
    }

    /// The point has a vector named `name` (`""` is the unnamed vector).
    pub fn has_vector(name: impl Into<String>) -> Self {
        Condition::HasVector(HasVectorCondition {
            has_vector: name.into(),
        })
    }

    /// The point's id falls into slice `index` of `total` disjoint slices of the id space
    /// (Qdrant 1.19): for parallel scans and reproducible samples.
    pub fn slice(index: u32, total: u32) -> Self {
        Condition::Slice(SliceCondition {
            slice: Slice { total, index },
        })
    }

    /// Some object of the array field `key` matches `filter` on its own.
    pub fn nested(key: impl Into<String>, filter: Filter) -> Self {
        Condition::Nested(NestedCondition {
            nested: Nested {
                key: key.into(),
                filter,
            },
        })
    }

    fn field_match(key: impl Into<String>, condition: Match) -> Self {
        Condition::Field(FieldCondition {
            r#match: Some(condition),
            ..FieldCondition::new(key)
        })
    }
}

impl From<Filter> for Condition {
    fn from(filter: Filter) -> Self {
        Condition::Filter(filter)
    }
}

impl From<FieldCondition> for Condition {
    fn from(condition: FieldCondition) -> Self {
        Condition::Field(condition)
    }
}

/// A condition on the value of one payload field; the checks that are present must all hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldCondition {
    /// The payload key, in Qdrant's path syntax (`a.b`, `a[].b`).
    pub key: String,
    /// The value matches.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub r#match: Option<Match>,
    /// The value lies in a numeric or datetime range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeInterface>,
    /// The geo point lies inside a box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_bounding_box: Option<GeoBoundingBox>,
    /// The geo point lies within a radius.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_radius: Option<GeoRadius>,
    /// The geo point lies inside a polygon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_polygon: Option<GeoPolygon>,
    /// The number of values lies in a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_count: Option<ValuesCount>,
    /// The field is (`true`) or is not (`false`) missing, null or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_empty: Option<bool>,
    /// The field is (`true`) or is not (`false`) null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_null: Option<bool>,
}

impl FieldCondition {
    /// A condition on `key` with no check yet; set one of the fields.
    pub fn new(key: impl Into<String>) -> Self {
        FieldCondition {
            key: key.into(),
            r#match: None,
            range: None,
            geo_bounding_box: None,
            geo_radius: None,
            geo_polygon: None,
            values_count: None,
            is_empty: None,
            is_null: None,
        }
    }
}

/// How a payload value must match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Match {
    /// Equals a value.
    Value(MatchValue),
    /// Contains all words of a text.
    Text(MatchText),
    /// Contains any word of a text.
    TextAny(MatchTextAny),
    /// Contains a phrase.
    Phrase(MatchPhrase),
    /// A keyword that starts with a string (Qdrant 1.19).
    Prefix(MatchPrefix),
    /// A keyword that contains a string (Qdrant 1.20).
    Substring(MatchSubstring),
    /// Equals any of several values.
    Any(MatchAny),
    /// Equals none of several values.
    Except(MatchExcept),
}

/// The value equals `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchValue {
    /// The value to equal.
    pub value: ValueVariants,
}

/// The text contains all words of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchText {
    /// The words to find.
    pub text: String,
}

/// The text contains any word of `text_any`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchTextAny {
    /// The words, any of which must be found.
    pub text_any: String,
}

/// The text contains `phrase`, words in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPhrase {
    /// The phrase to find.
    pub phrase: String,
}

/// The keyword starts with `prefix`, byte for byte and case-sensitive (Qdrant 1.19); a keyword
/// index created with its `prefix` option serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPrefix {
    /// The start to find.
    pub prefix: String,
}

/// The keyword contains `substring`, byte for byte and case-sensitive (Qdrant 1.20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchSubstring {
    /// The string to find.
    pub substring: String,
}

/// The value equals any of `any`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchAny {
    /// The accepted values.
    pub any: AnyVariants,
}

/// The value equals none of `except`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchExcept {
    /// The refused values.
    pub except: AnyVariants,
}

/// A payload value to match exactly: a string, an integer or a boolean.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueVariants {
    /// A string (keywords, UUIDs).
    String(String),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
}

impl From<&str> for ValueVariants {
    fn from(value: &str) -> Self {
        ValueVariants::String(value.to_owned())
    }
}

impl From<String> for ValueVariants {
    fn from(value: String) -> Self {
        ValueVariants::String(value)
    }
}

impl From<i64> for ValueVariants {
    fn from(value: i64) -> Self {
        ValueVariants::Integer(value)
    }
}

impl From<i32> for ValueVariants {
    /// Lets integer literals such as `Condition::matches("count", 3)` infer.
    fn from(value: i32) -> Self {
        ValueVariants::Integer(value.into())
    }
}

impl From<bool> for ValueVariants {
    fn from(value: bool) -> Self {
        ValueVariants::Bool(value)
    }
}

/// A list of payload values to match: strings or integers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnyVariants {
    /// Strings.
    Strings(Vec<String>),
    /// Integers.
    Integers(Vec<i64>),
}

impl From<Vec<String>> for AnyVariants {
    fn from(values: Vec<String>) -> Self {
        AnyVariants::Strings(values)
    }
}

impl From<Vec<&str>> for AnyVariants {
    fn from(values: Vec<&str>) -> Self {
        AnyVariants::Strings(values.into_iter().map(str::to_owned).collect())
    }
}

impl From<Vec<i64>> for AnyVariants {
    fn from(values: Vec<i64>) -> Self {
        AnyVariants::Integers(values)
    }
}

impl From<Vec<i32>> for AnyVariants {
    /// Lets integer literals such as `vec![1, 2]` infer.
    fn from(values: Vec<i32>) -> Self {
        AnyVariants::Integers(values.into_iter().map(i64::from).collect())
    }
}

impl<const N: usize> From<[&str; N]> for AnyVariants {
    fn from(values: [&str; N]) -> Self {
        AnyVariants::Strings(values.into_iter().map(str::to_owned).collect())
    }
}

impl<const N: usize> From<[i64; N]> for AnyVariants {
    fn from(values: [i64; N]) -> Self {
        AnyVariants::Integers(values.to_vec())
    }
}

impl<const N: usize> From<[i32; N]> for AnyVariants {
    /// Lets integer literals such as `[1, 2]` infer.
    fn from(values: [i32; N]) -> Self {
        AnyVariants::Integers(values.into_iter().map(i64::from).collect())
    }
}

/// A numeric range or a datetime range.
///
/// A range whose bounds are all numbers is a [`Range`]; one with RFC 3339 strings is a
/// [`DatetimeRange`]. An empty range decodes as a [`Range`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RangeInterface {
    /// Numeric bounds.
    Range(Range),
    /// Datetime bounds.
    DatetimeRange(DatetimeRange),
}

impl From<Range> for RangeInterface {
    fn from(range: Range) -> Self {
        RangeInterface::Range(range)
    }
}

impl From<DatetimeRange> for RangeInterface {
    fn from(range: DatetimeRange) -> Self {
        RangeInterface::DatetimeRange(range)
    }
}

/// Numeric bounds; those that are present must all hold.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Range {
    /// Less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<f64>,
    /// Greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<f64>,
    /// Greater than or equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<f64>,
    /// Less than or equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<f64>,
}

/// Datetime bounds as RFC 3339 strings (`2024-07-01T00:00:00Z`); those present must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DatetimeRange {
    /// Before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<String>,
    /// After.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<String>,
    /// At or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<String>,
    /// At or before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<String>,
}

impl Range {
    /// A range with no bounds yet; add them with the setters, as in
    /// `Range::new().gte(2020).lt(2025)`.
    pub fn new() -> Self {
        Range::default()
    }

    /// From `low` to `high`, both included: `Range::between(2020, 2024)`.
    pub fn between(low: impl Into<f64>, high: impl Into<f64>) -> Self {
        Range::new().gte(low).lte(high)
    }
}

option_setters!(Range {
    /// Values must be less than this (an integer or a float).
    lt: into f64,
    /// Values must be greater than this (an integer or a float).
    gt: into f64,
    /// Values must be at least this (an integer or a float).
    gte: into f64,
    /// Values must be at most this (an integer or a float).
    lte: into f64,
});

impl DatetimeRange {
    /// A range with no bounds yet; add them with the setters.
    pub fn new() -> Self {
        DatetimeRange::default()
    }

    /// From `start` to `end` (RFC 3339), both included.
    pub fn between(start: impl Into<String>, end: impl Into<String>) -> Self {
        DatetimeRange::new().gte(start).lte(end)
    }
}

option_setters!(DatetimeRange {
    /// Datetimes must be before this (RFC 3339).
    lt: into String,
    /// Datetimes must be after this (RFC 3339).
    gt: into String,
    /// Datetimes must be at or after this (RFC 3339).
    gte: into String,
    /// Datetimes must be at or before this (RFC 3339).
    lte: into String,
});

/// A point on Earth in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Longitude, -180 to 180.
    pub lon: f64,
    /// Latitude, -90 to 90.
    pub lat: f64,
}

/// The area within `radius` metres of `center`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoRadius {
    /// The centre.
    pub center: GeoPoint,
    /// The radius in metres.
    pub radius: f64,
}

/// The box between two corners.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoBoundingBox {
    /// The north-west corner.
    pub top_left: GeoPoint,
    /// The south-east corner.
    pub bottom_right: GeoPoint,
}

/// A polygon: an outer ring, less any holes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoPolygon {
    /// The outer ring; its first and last points must be equal.
    pub exterior: GeoLineString,
    /// Holes in the polygon, each a closed ring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interiors: Option<Vec<GeoLineString>>,
}

/// A line through points; a ring when its first and last points are equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoLineString {
    /// The points, in order.
    pub points: Vec<GeoPoint>,
}

/// Bounds on how many values a field holds; those present must all hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValuesCount {
    /// Fewer than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<u64>,
    /// More than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<u64>,
    /// At least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<u64>,
    /// At most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<u64>,
}

impl ValuesCount {
    /// No bounds yet; add them with the setters, as in `ValuesCount::new().gte(2)`.
    pub fn new() -> Self {
        ValuesCount::default()
    }
}

option_setters!(ValuesCount {
    /// The field must hold fewer values than this.
    lt: u64,
    /// The field must hold more values than this.
    gt: u64,
    /// The field must hold at least this many values.
    gte: u64,
    /// The field must hold at most this many values.
    lte: u64,
});

/// The payload field is missing, null or an empty list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsEmptyCondition {
    /// The field.
    pub is_empty: PayloadField,
}

/// The payload field is null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsNullCondition {
    /// The field.
    pub is_null: PayloadField,
}

/// A payload field, named by its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadField {
    /// The payload key.
    pub key: String,
}

/// The point's id is one of `has_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HasIdCondition {
    /// The accepted ids.
    pub has_id: Vec<PointId>,
}

/// The point has a vector named `has_vector`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HasVectorCondition {
    /// The vector name.
    pub has_vector: String,
}

/// The point's id falls into one of `total` disjoint slices of the id space (Qdrant 1.19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SliceCondition {
    /// The slice.
    pub slice: Slice,
}

/// Slice `index` of `total` disjoint slices of the id space. Membership is decided by a hash of
/// the id, so it is the same in every query and on every server; the slices of one `total`
/// together cover every point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slice {
    /// How many slices the id space is split into (at least 1).
    pub total: u32,
    /// Which slice, from 0 to `total - 1`.
    pub index: u32,
}

/// Some object of an array field matches a filter on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NestedCondition {
    /// The array field and the filter.
    pub nested: Nested,
}

/// The array field `key` and the `filter` one of its objects must match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nested {
    /// The array field; keys in `filter` are relative to its objects.
    pub key: String,
    /// The filter for a single object.
    pub filter: Filter,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_condition_clauses_decode_as_lists() {
        let filter: Filter = serde_json::from_value(json!({
            "must": {"key": "city", "match": {"value": "Berlin"}},
            "should": [{"has_id": [1, 2]}],
            "must_not": null,
        }))
        .unwrap();
        assert_eq!(
            filter.must,
            Some(vec![Condition::matches("city", "Berlin")])
        );
        assert_eq!(filter.should, Some(vec![Condition::has_id([1, 2])]));
        assert_eq!(filter.must_not, None);
        assert_eq!(
            crate::to_json(&filter).unwrap(),
            json!({
                "must": [{"key": "city", "match": {"value": "Berlin"}}],
                "should": [{"has_id": [1, 2]}],
            })
        );
    }

    #[test]
    fn filter_refuses_unknown_keys() {
        assert!(serde_json::from_value::<Filter>(json!({"muts": []})).is_err());
    }

    #[test]
    fn range_and_datetime_range_decode_apart() {
        let numeric: RangeInterface =
            serde_json::from_value(json!({"gt": 5, "lte": 10.5})).unwrap();
        assert_eq!(
            numeric,
            RangeInterface::Range(Range {
                gt: Some(5.0),
                lte: Some(10.5),
                ..Range::default()
            })
        );
        let datetime: RangeInterface =
            serde_json::from_value(json!({"lt": "2024-07-01T00:00:00Z"})).unwrap();
        assert_eq!(
            datetime,
            RangeInterface::DatetimeRange(DatetimeRange {
                lt: Some("2024-07-01T00:00:00Z".into()),
                ..DatetimeRange::default()
            })
        );
        let empty: RangeInterface = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, RangeInterface::Range(Range::default()));
    }

    #[test]
    fn conditions_decode_to_their_kind() {
        let cases = [
            (json!({"key": "a", "match": {"any": [1, 2]}}), "field"),
            (json!({"is_empty": {"key": "a"}}), "is_empty"),
            (json!({"is_null": {"key": "a"}}), "is_null"),
            (
                json!({"has_id": [1, "00000000-0000-0000-0000-000000000001"]}),
                "has_id",
            ),
            (json!({"has_vector": "image"}), "has_vector"),
            (json!({"slice": {"total": 4, "index": 1}}), "slice"),
            (
                json!({"nested": {"key": "items", "filter": {"must": []}}}),
                "nested",
            ),
            (json!({"must_not": [{"has_vector": ""}]}), "filter"),
        ];
        for (value, kind) in cases {
            let condition: Condition = serde_json::from_value(value.clone()).unwrap();
            let found = match &condition {
                Condition::Field(_) => "field",
                Condition::IsEmpty(_) => "is_empty",
                Condition::IsNull(_) => "is_null",
                Condition::HasId(_) => "has_id",
                Condition::HasVector(_) => "has_vector",
                Condition::Slice(_) => "slice",
                Condition::Nested(_) => "nested",
                Condition::Filter(_) => "filter",
            };
            assert_eq!(found, kind, "{value}");
            assert_eq!(crate::to_json(&condition).unwrap(), value);
        }
    }

    #[test]
    fn match_kinds() {
        let cases = [
            (Condition::matches("k", "s"), json!({"value": "s"})),
            (Condition::matches("k", 3), json!({"value": 3})),
            (Condition::matches("k", true), json!({"value": true})),
            (
                Condition::matches_any("k", vec!["a", "b"]),
                json!({"any": ["a", "b"]}),
            ),
            (Condition::matches_except("k", [1]), json!({"except": [1]})),
            (Condition::matches_text("k", "a b"), json!({"text": "a b"})),
            (
                Condition::matches_text_any("k", "a b"),
                json!({"text_any": "a b"}),
            ),
            (
                Condition::matches_phrase("k", "a b"),
                json!({"phrase": "a b"}),
            ),
            (
                Condition::matches_prefix("k", "ab"),
                json!({"prefix": "ab"}),
            ),
            (
                Condition::matches_substring("k", "b c"),
                json!({"substring": "b c"}),
            ),
        ];
        for (condition, expected) in cases {
            let json = crate::to_json(&condition).unwrap();
            assert_eq!(json, json!({"key": "k", "match": expected}));
            assert_eq!(
                serde_json::from_value::<Condition>(json).unwrap(),
                condition
            );
        }
    }

    #[test]
    fn constructors_write_rest_json() {
        let filter = Filter::must([
            Condition::range(
                "price",
                Range {
                    gte: Some(1.0),
                    ..Range::default()
                },
            ),
            Condition::geo_radius(
                "location",
                GeoRadius {
                    center: GeoPoint {
                        lon: 13.4,
                        lat: 52.5,
                    },
                    radius: 1000.0,
                },
            ),
            Condition::values_count(
                "tags",
                ValuesCount {
                    gte: Some(2),
                    ..ValuesCount::default()
                },
            ),
            Condition::is_empty("e"),
            Condition::is_null("n"),
            Condition::has_vector("image"),
            Condition::nested("items", Filter::must([Condition::matches("qty", 4)])),
            Filter::should([Condition::matches("a", "b")]).into(),
        ]);
        assert_eq!(
            crate::to_json(&filter).unwrap(),
            json!({"must": [
                {"key": "price", "range": {"gte": 1.0}},
                {"key": "location", "geo_radius": {"center": {"lon": 13.4, "lat": 52.5}, "radius": 1000.0}},
                {"key": "tags", "values_count": {"gte": 2}},
                {"is_empty": {"key": "e"}},
                {"is_null": {"key": "n"}},
                {"has_vector": "image"},
                {"nested": {"key": "items", "filter": {"must": [{"key": "qty", "match": {"value": 4}}]}}},
                {"should": [{"key": "a", "match": {"value": "b"}}]},
            ]})
        );
        let min_should = Filter::min_should([Condition::is_null("a")], 1);
        assert_eq!(
            crate::to_json(&min_should).unwrap(),
            json!({"min_should": {"conditions": [{"is_null": {"key": "a"}}], "min_count": 1}})
        );
    }
}
