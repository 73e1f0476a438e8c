//! Filters: every condition, nested filters and `min_should`.
//!
//! Differences from REST that the conversion bridges:
//! - REST writes one condition or a list for `must`/`should`/`must_not`; gRPC always has a list,
//!   and an empty list reads back as no clause (`None`), since the wire cannot tell them apart.
//! - REST has one `match.value` for strings, integers and booleans, and one `match.any` for
//!   strings or integers; gRPC has a oneof variant for each.
//! - REST's `range` takes numbers or datetime text; gRPC has `range` (doubles) and
//!   `datetime_range` (`Timestamp`s). Datetimes are read back as RFC 3339 text in UTC, as the
//!   server writes them.
//! - `geo_radius.radius` is a 32-bit float on gRPC (a double in REST), so it is rounded to the
//!   nearest `f32`.

use quadrant_models::{
    AnyVariants, Condition, DatetimeRange, FieldCondition, Filter, GeoBoundingBox, GeoLineString,
    GeoPoint, GeoPolygon, GeoRadius, HasIdCondition, HasVectorCondition, IsEmptyCondition,
    IsNullCondition, Match, MatchAny, MatchExcept, MatchPhrase, MatchPrefix, MatchSubstring,
    MatchText, MatchTextAny, MatchValue, MinShould, Nested, NestedCondition, PayloadField, PointId,
    Range, RangeInterface, Slice, SliceCondition, ValueVariants, ValuesCount,
};
use quadrant_transport::Result;

use crate::convert::{
    FromProto, IntoProto, finite_out, format_timestamp, invalid, parse_timestamp, required, to_f32,
    undecodable,
};
use crate::proto::{self, condition::ConditionOneOf, r#match::MatchValue as ProtoMatch};

/// A clause written as a list; an empty list is read back as no clause.
fn clause_in(conditions: Vec<proto::Condition>) -> Result<Option<Vec<Condition>>> {
    if conditions.is_empty() {
        Ok(None)
    } else {
        Vec::from_proto(conditions).map(Some)
    }
}

impl IntoProto<proto::Filter> for Filter {
    fn into_proto(self) -> Result<proto::Filter> {
        Ok(proto::Filter {
            should: self.should.unwrap_or_default().into_proto()?,
            must: self.must.unwrap_or_default().into_proto()?,
            must_not: self.must_not.unwrap_or_default().into_proto()?,
            min_should: self.min_should.into_proto()?,
        })
    }
}

impl FromProto<proto::Filter> for Filter {
    fn from_proto(message: proto::Filter) -> Result<Self> {
        Ok(Filter {
            should: clause_in(message.should)?,
            min_should: Option::from_proto(message.min_should)?,
            must: clause_in(message.must)?,
            must_not: clause_in(message.must_not)?,
        })
    }
}

impl IntoProto<proto::MinShould> for MinShould {
    fn into_proto(self) -> Result<proto::MinShould> {
        Ok(proto::MinShould {
            conditions: self.conditions.into_proto()?,
            min_count: u64::try_from(self.min_count)
                .map_err(|_| invalid("MinShould.min_count", "it is too large"))?,
        })
    }
}

impl FromProto<proto::MinShould> for MinShould {
    fn from_proto(message: proto::MinShould) -> Result<Self> {
        Ok(MinShould {
            conditions: Vec::from_proto(message.conditions)?,
            min_count: usize::try_from(message.min_count).map_err(|_| {
                undecodable(
                    "MinShould.min_count",
                    format!("{} is too large", message.min_count),
                )
            })?,
        })
    }
}

impl IntoProto<proto::Condition> for Condition {
    fn into_proto(self) -> Result<proto::Condition> {
        let condition = match self {
            Condition::Field(field) => ConditionOneOf::Field(field.into_proto()?),
            Condition::IsEmpty(IsEmptyCondition { is_empty }) => {
                ConditionOneOf::IsEmpty(proto::IsEmptyCondition { key: is_empty.key })
            }
            Condition::IsNull(IsNullCondition { is_null }) => {
                ConditionOneOf::IsNull(proto::IsNullCondition { key: is_null.key })
            }
            Condition::HasId(HasIdCondition { has_id }) => {
                ConditionOneOf::HasId(proto::HasIdCondition {
                    has_id: has_id.into_proto()?,
                })
            }
            Condition::HasVector(HasVectorCondition { has_vector }) => {
                ConditionOneOf::HasVector(proto::HasVectorCondition { has_vector })
            }
            Condition::Nested(NestedCondition { nested }) => {
                ConditionOneOf::Nested(proto::NestedCondition {
                    key: nested.key,
                    filter: Some(nested.filter.into_proto()?),
                })
            }
            Condition::Filter(filter) => ConditionOneOf::Filter(filter.into_proto()?),
            Condition::Slice(SliceCondition {
                slice: Slice { total, index },
            }) => ConditionOneOf::Slice(proto::SliceCondition { total, index }),
            other => return Err(invalid("Condition", format!("{other:?} is not supported"))),
        };
        Ok(proto::Condition {
            condition_one_of: Some(condition),
        })
    }
}

impl FromProto<proto::Condition> for Condition {
    fn from_proto(message: proto::Condition) -> Result<Self> {
        Ok(
            match required(message.condition_one_of, "Condition.condition_one_of")? {
                ConditionOneOf::Field(field) => {
                    Condition::Field(FieldCondition::from_proto(field)?)
                }
                ConditionOneOf::IsEmpty(is_empty) => Condition::IsEmpty(IsEmptyCondition {
                    is_empty: PayloadField { key: is_empty.key },
                }),
                ConditionOneOf::IsNull(is_null) => Condition::IsNull(IsNullCondition {
                    is_null: PayloadField { key: is_null.key },
                }),
                ConditionOneOf::HasId(has_id) => Condition::HasId(HasIdCondition {
                    has_id: Vec::<PointId>::from_proto(has_id.has_id)?,
                }),
                ConditionOneOf::HasVector(has_vector) => Condition::HasVector(HasVectorCondition {
                    has_vector: has_vector.has_vector,
                }),
                ConditionOneOf::Nested(nested) => Condition::Nested(NestedCondition {
                    nested: Nested {
                        key: nested.key,
                        filter: Filter::from_proto(required(
                            nested.filter,
                            "NestedCondition.filter",
                        )?)?,
                    },
                }),
                ConditionOneOf::Filter(filter) => Condition::Filter(Filter::from_proto(filter)?),
                ConditionOneOf::Slice(slice) => Condition::Slice(SliceCondition {
                    slice: Slice {
                        total: slice.total,
                        index: slice.index,
                    },
                }),
            },
        )
    }
}

impl IntoProto<proto::FieldCondition> for FieldCondition {
    fn into_proto(self) -> Result<proto::FieldCondition> {
        let (range, datetime_range) = match self.range {
            None => (None, None),
            Some(RangeInterface::Range(range)) => (Some(range.into_proto()?), None),
            Some(RangeInterface::DatetimeRange(range)) => (None, Some(range.into_proto()?)),
        };
        Ok(proto::FieldCondition {
            key: self.key,
            r#match: self.r#match.into_proto()?,
            range,
            geo_bounding_box: self.geo_bounding_box.into_proto()?,
            geo_radius: self.geo_radius.into_proto()?,
            values_count: self.values_count.into_proto()?,
            geo_polygon: self.geo_polygon.into_proto()?,
            datetime_range,
            is_empty: self.is_empty,
            is_null: self.is_null,
        })
    }
}

impl FromProto<proto::FieldCondition> for FieldCondition {
    fn from_proto(message: proto::FieldCondition) -> Result<Self> {
        let range = match (message.range, message.datetime_range) {
            (None, None) => None,
            (Some(range), None) => Some(RangeInterface::Range(Range::from_proto(range)?)),
            (None, Some(range)) => Some(RangeInterface::DatetimeRange(DatetimeRange::from_proto(
                range,
            )?)),
            (Some(_), Some(_)) => {
                return Err(undecodable(
                    "FieldCondition.range",
                    "it has both a numeric and a datetime range, which one condition cannot hold",
                ));
            }
        };
        Ok(FieldCondition {
            key: message.key,
            r#match: Option::from_proto(message.r#match)?,
            range,
            geo_bounding_box: Option::from_proto(message.geo_bounding_box)?,
            geo_radius: Option::from_proto(message.geo_radius)?,
            geo_polygon: Option::from_proto(message.geo_polygon)?,
            values_count: Option::from_proto(message.values_count)?,
            is_empty: message.is_empty,
            is_null: message.is_null,
        })
    }
}

impl IntoProto<proto::Match> for Match {
    fn into_proto(self) -> Result<proto::Match> {
        let value = match self {
            Match::Value(MatchValue { value }) => match value {
                ValueVariants::String(text) => ProtoMatch::Keyword(text),
                ValueVariants::Integer(integer) => ProtoMatch::Integer(integer),
                ValueVariants::Bool(boolean) => ProtoMatch::Boolean(boolean),
            },
            Match::Text(MatchText { text }) => ProtoMatch::Text(text),
            Match::TextAny(MatchTextAny { text_any }) => ProtoMatch::TextAny(text_any),
            Match::Phrase(MatchPhrase { phrase }) => ProtoMatch::Phrase(phrase),
            Match::Prefix(MatchPrefix { prefix }) => ProtoMatch::Prefix(prefix),
            Match::Substring(MatchSubstring { substring }) => ProtoMatch::Substring(substring),
            Match::Any(MatchAny { any }) => match any {
                AnyVariants::Strings(strings) => {
                    ProtoMatch::Keywords(proto::RepeatedStrings { strings })
                }
                AnyVariants::Integers(integers) => {
                    ProtoMatch::Integers(proto::RepeatedIntegers { integers })
                }
            },
            Match::Except(MatchExcept { except }) => match except {
                AnyVariants::Strings(strings) => {
                    ProtoMatch::ExceptKeywords(proto::RepeatedStrings { strings })
                }
                AnyVariants::Integers(integers) => {
                    ProtoMatch::ExceptIntegers(proto::RepeatedIntegers { integers })
                }
            },
            other => return Err(invalid("Match", format!("{other:?} is not supported"))),
        };
        Ok(proto::Match {
            match_value: Some(value),
        })
    }
}

impl FromProto<proto::Match> for Match {
    fn from_proto(message: proto::Match) -> Result<Self> {
        let value = |value: ValueVariants| Match::Value(MatchValue { value });
        Ok(match required(message.match_value, "Match.match_value")? {
            ProtoMatch::Keyword(text) => value(ValueVariants::String(text)),
            ProtoMatch::Integer(integer) => value(ValueVariants::Integer(integer)),
            ProtoMatch::Boolean(boolean) => value(ValueVariants::Bool(boolean)),
            ProtoMatch::Text(text) => Match::Text(MatchText { text }),
            ProtoMatch::TextAny(text_any) => Match::TextAny(MatchTextAny { text_any }),
            ProtoMatch::Phrase(phrase) => Match::Phrase(MatchPhrase { phrase }),
            ProtoMatch::Prefix(prefix) => Match::Prefix(MatchPrefix { prefix }),
            ProtoMatch::Substring(substring) => Match::Substring(MatchSubstring { substring }),
            ProtoMatch::Keywords(keywords) => Match::Any(MatchAny {
                any: AnyVariants::Strings(keywords.strings),
            }),
            ProtoMatch::Integers(integers) => Match::Any(MatchAny {
                any: AnyVariants::Integers(integers.integers),
            }),
            ProtoMatch::ExceptKeywords(keywords) => Match::Except(MatchExcept {
                except: AnyVariants::Strings(keywords.strings),
            }),
            ProtoMatch::ExceptIntegers(integers) => Match::Except(MatchExcept {
                except: AnyVariants::Integers(integers.integers),
            }),
        })
    }
}

impl IntoProto<proto::Range> for Range {
    fn into_proto(self) -> Result<proto::Range> {
        let bound = |value: Option<f64>| value.map(|value| finite_out(value, "Range")).transpose();
        Ok(proto::Range {
            lt: bound(self.lt)?,
            gt: bound(self.gt)?,
            gte: bound(self.gte)?,
            lte: bound(self.lte)?,
        })
    }
}

impl FromProto<proto::Range> for Range {
    fn from_proto(message: proto::Range) -> Result<Self> {
        Ok(Range {
            lt: message.lt,
            gt: message.gt,
            gte: message.gte,
            lte: message.lte,
        })
    }
}

impl IntoProto<proto::DatetimeRange> for DatetimeRange {
    fn into_proto(self) -> Result<proto::DatetimeRange> {
        let bound = |text: Option<String>, field: &str| {
            text.map(|text| parse_timestamp(&text, field)).transpose()
        };
        Ok(proto::DatetimeRange {
            lt: bound(self.lt, "DatetimeRange.lt")?,
            gt: bound(self.gt, "DatetimeRange.gt")?,
            gte: bound(self.gte, "DatetimeRange.gte")?,
            lte: bound(self.lte, "DatetimeRange.lte")?,
        })
    }
}

impl FromProto<proto::DatetimeRange> for DatetimeRange {
    fn from_proto(message: proto::DatetimeRange) -> Result<Self> {
        let bound = |timestamp: Option<prost_types::Timestamp>, field: &str| {
            timestamp
                .map(|timestamp| format_timestamp(&timestamp, field))
                .transpose()
        };
        Ok(DatetimeRange {
            lt: bound(message.lt, "DatetimeRange.lt")?,
            gt: bound(message.gt, "DatetimeRange.gt")?,
            gte: bound(message.gte, "DatetimeRange.gte")?,
            lte: bound(message.lte, "DatetimeRange.lte")?,
        })
    }
}

impl IntoProto<proto::GeoPoint> for GeoPoint {
    fn into_proto(self) -> Result<proto::GeoPoint> {
        Ok(proto::GeoPoint {
            lon: finite_out(self.lon, "GeoPoint.lon")?,
            lat: finite_out(self.lat, "GeoPoint.lat")?,
        })
    }
}

impl FromProto<proto::GeoPoint> for GeoPoint {
    fn from_proto(message: proto::GeoPoint) -> Result<Self> {
        Ok(GeoPoint {
            lon: message.lon,
            lat: message.lat,
        })
    }
}

impl IntoProto<proto::GeoRadius> for GeoRadius {
    fn into_proto(self) -> Result<proto::GeoRadius> {
        Ok(proto::GeoRadius {
            center: Some(self.center.into_proto()?),
            radius: to_f32(self.radius, "GeoRadius.radius")?,
        })
    }
}

impl FromProto<proto::GeoRadius> for GeoRadius {
    fn from_proto(message: proto::GeoRadius) -> Result<Self> {
        Ok(GeoRadius {
            center: GeoPoint::from_proto(required(message.center, "GeoRadius.center")?)?,
            radius: f64::from(message.radius),
        })
    }
}

impl IntoProto<proto::GeoBoundingBox> for GeoBoundingBox {
    fn into_proto(self) -> Result<proto::GeoBoundingBox> {
        Ok(proto::GeoBoundingBox {
            top_left: Some(self.top_left.into_proto()?),
            bottom_right: Some(self.bottom_right.into_proto()?),
        })
    }
}

impl FromProto<proto::GeoBoundingBox> for GeoBoundingBox {
    fn from_proto(message: proto::GeoBoundingBox) -> Result<Self> {
        Ok(GeoBoundingBox {
            top_left: GeoPoint::from_proto(required(message.top_left, "GeoBoundingBox.top_left")?)?,
            bottom_right: GeoPoint::from_proto(required(
                message.bottom_right,
                "GeoBoundingBox.bottom_right",
            )?)?,
        })
    }
}

impl IntoProto<proto::GeoLineString> for GeoLineString {
    fn into_proto(self) -> Result<proto::GeoLineString> {
        Ok(proto::GeoLineString {
            points: self.points.into_proto()?,
        })
    }
}

impl FromProto<proto::GeoLineString> for GeoLineString {
    fn from_proto(message: proto::GeoLineString) -> Result<Self> {
        Ok(GeoLineString {
            points: Vec::from_proto(message.points)?,
        })
    }
}

impl IntoProto<proto::GeoPolygon> for GeoPolygon {
    fn into_proto(self) -> Result<proto::GeoPolygon> {
        Ok(proto::GeoPolygon {
            exterior: Some(self.exterior.into_proto()?),
            interiors: self.interiors.unwrap_or_default().into_proto()?,
        })
    }
}

impl FromProto<proto::GeoPolygon> for GeoPolygon {
    fn from_proto(message: proto::GeoPolygon) -> Result<Self> {
        Ok(GeoPolygon {
            exterior: GeoLineString::from_proto(required(
                message.exterior,
                "GeoPolygon.exterior",
            )?)?,
            interiors: if message.interiors.is_empty() {
                None
            } else {
                Some(Vec::from_proto(message.interiors)?)
            },
        })
    }
}

impl IntoProto<proto::ValuesCount> for ValuesCount {
    fn into_proto(self) -> Result<proto::ValuesCount> {
        Ok(proto::ValuesCount {
            lt: self.lt,
            gt: self.gt,
            gte: self.gte,
            lte: self.lte,
        })
    }
}

impl FromProto<proto::ValuesCount> for ValuesCount {
    fn from_proto(message: proto::ValuesCount) -> Result<Self> {
        Ok(ValuesCount {
            lt: message.lt,
            gt: message.gt,
            gte: message.gte,
            lte: message.lte,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_transport::ErrorKind;

    use super::*;

    /// A filter with every kind of condition, clause and match.
    fn every_condition() -> Filter {
        let uuid: PointId = "00000000-0000-0008-0000-000000000065".parse().unwrap();
        let datetime = FieldCondition {
            range: Some(RangeInterface::DatetimeRange(DatetimeRange {
                gte: Some("2024-03-01T00:00:00Z".into()),
                lt: Some("2024-07-01T00:00:00.250Z".into()),
                ..DatetimeRange::default()
            })),
            ..FieldCondition::new("created")
        };
        let flags = FieldCondition {
            is_empty: Some(false),
            is_null: Some(true),
            ..FieldCondition::new("flags")
        };
        let point = |lon, lat| GeoPoint { lon, lat };
        let ring = |points: &[(f64, f64)]| GeoLineString {
            points: points.iter().map(|&(lon, lat)| point(lon, lat)).collect(),
        };
        Filter {
            must: Some(vec![
                Condition::matches("city", "Berlin"),
                Condition::matches("count", 3),
                Condition::matches("in_stock", true),
                Condition::matches_any("tags", vec!["rust", "async"]),
                Condition::matches_any("count", vec![1, 2]),
                Condition::matches_except("city", vec!["Paris"]),
                Condition::matches_except("count", vec![7]),
                Condition::matches_text("text", "vector"),
                Condition::matches_text_any("text", "fast slow"),
                Condition::matches_phrase("text", "fast engine"),
                Condition::range(
                    "price",
                    Range {
                        lt: Some(250.5),
                        gte: Some(100.0),
                        ..Range::default()
                    },
                ),
                datetime.into(),
                flags.into(),
                Condition::geo_radius(
                    "location",
                    GeoRadius {
                        center: point(13.4, 52.5),
                        radius: 1_000_000.0,
                    },
                ),
                Condition::geo_bounding_box(
                    "location",
                    GeoBoundingBox {
                        top_left: point(-10.0, 60.0),
                        bottom_right: point(20.0, 40.0),
                    },
                ),
                Condition::geo_polygon(
                    "location",
                    GeoPolygon {
                        exterior: ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
                        interiors: Some(vec![ring(&[
                            (0.2, 0.2),
                            (0.4, 0.2),
                            (0.4, 0.4),
                            (0.2, 0.2),
                        ])]),
                    },
                ),
                Condition::values_count(
                    "tags",
                    ValuesCount {
                        gte: Some(2),
                        lt: Some(5),
                        ..ValuesCount::default()
                    },
                ),
                Condition::is_empty("empty_list"),
                Condition::is_null("maybe"),
                Condition::has_id([PointId::Num(1), uuid]),
                Condition::has_vector("image"),
                Condition::nested("nested.items", Filter::must([Condition::matches("qty", 4)])),
                Filter::should([Condition::matches("city", "London")]).into(),
            ]),
            should: Some(vec![Condition::matches("city", "Seoul")]),
            must_not: Some(vec![Condition::has_id([2, 8])]),
            min_should: Some(MinShould {
                conditions: vec![
                    Condition::matches("city", "Paris"),
                    Condition::matches("in_stock", true),
                ],
                min_count: 1,
            }),
        }
    }

    #[test]
    fn a_filter_with_every_condition_round_trips() {
        let filter = every_condition();
        let message: proto::Filter = filter.clone().into_proto().unwrap();
        assert_eq!(message.must.len(), 23);
        assert_eq!(Filter::from_proto(message).unwrap(), filter);
    }

    #[test]
    fn datetime_bounds_are_timestamps_on_the_wire() {
        let message: proto::Filter = every_condition().into_proto().unwrap();
        let Some(ConditionOneOf::Field(created)) = &message.must[11].condition_one_of else {
            panic!("a field condition");
        };
        let range = created.datetime_range.as_ref().unwrap();
        assert_eq!(range.gte.unwrap().seconds, 1_709_251_200);
        assert_eq!(range.lt.unwrap().nanos, 250_000_000);
        assert!(created.range.is_none());
    }

    #[test]
    fn bad_conditions_are_typed_errors() {
        let nan = Filter::must([Condition::range(
            "price",
            Range {
                gt: Some(f64::NAN),
                ..Range::default()
            },
        )]);
        let bad_date = Filter::must([Condition::datetime_range(
            "created",
            DatetimeRange {
                gt: Some("last tuesday".into()),
                ..DatetimeRange::default()
            },
        )]);
        for filter in [nan, bad_date] {
            let error = IntoProto::<proto::Filter>::into_proto(filter).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{error}");
        }

        let empty_condition = proto::Filter {
            must: vec![proto::Condition::default()],
            ..proto::Filter::default()
        };
        let empty_match = proto::Filter {
            must: vec![proto::Condition {
                condition_one_of: Some(ConditionOneOf::Field(proto::FieldCondition {
                    key: "city".into(),
                    r#match: Some(proto::Match::default()),
                    ..proto::FieldCondition::default()
                })),
            }],
            ..proto::Filter::default()
        };
        let nested_without_filter = proto::Filter {
            must: vec![proto::Condition {
                condition_one_of: Some(ConditionOneOf::Nested(proto::NestedCondition {
                    key: "items".into(),
                    filter: None,
                })),
            }],
            ..proto::Filter::default()
        };
        for message in [empty_condition, empty_match, nested_without_filter] {
            let error = Filter::from_proto(message).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        }
    }

    #[test]
    fn conditions_of_qdrant_1_19_and_1_20_map_both_ways() {
        let filter = Filter::must([
            Condition::slice(1, 4),
            Condition::matches_prefix("sku", "AB-"),
            Condition::matches_substring("title", "vector"),
        ]);
        let message: proto::Filter = filter.clone().into_proto().unwrap();
        let matched = |condition: &proto::Condition| match &condition.condition_one_of {
            Some(ConditionOneOf::Field(field)) => (
                field.key.clone(),
                field.r#match.clone().and_then(|m| m.match_value),
            ),
            other => panic!("a field condition, not {other:?}"),
        };
        assert_eq!(
            message.must[0].condition_one_of,
            Some(ConditionOneOf::Slice(proto::SliceCondition {
                total: 4,
                index: 1
            }))
        );
        assert_eq!(
            matched(&message.must[1]),
            ("sku".into(), Some(ProtoMatch::Prefix("AB-".into())))
        );
        assert_eq!(
            matched(&message.must[2]),
            ("title".into(), Some(ProtoMatch::Substring("vector".into())))
        );
        assert_eq!(Filter::from_proto(message).unwrap(), filter);
    }
}
