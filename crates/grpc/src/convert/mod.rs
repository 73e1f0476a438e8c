//! Conversions between quadrant's models and Qdrant's protobuf messages, in both directions.
//!
//! [`IntoProto`] turns a model into the message that carries it on the wire. A value that the
//! message cannot carry (a `u64` above a `uint32` field, a NaN coordinate, a setting that Qdrant's
//! gRPC API does not have) is an [`ErrorKind::InvalidArgument`] error naming the field.
//!
//! [`FromProto`] reads a message into a model. A value that the model cannot hold (an unknown
//! enum number, a required field or oneof that is missing, a UUID that does not parse) is an
//! [`ErrorKind::Decode`] error naming the field. Neither direction panics, and neither fills in
//! a default for a value that is not there.
//!
//! Each operation's request converts into its message, and its response is read from its message:
//! what a client needs. The server's direction of the same operation (`FromProto` of a request,
//! `IntoProto` of a response) is compiled with the crate's `server-conversions` feature only; the
//! conversions of the parts inside them go both ways.
//!
//! One module per area: point ids and vectors, payload values, filters, collections and their
//! updates, aliases, snapshots, shards and the cluster (with the health check), points, and the
//! universal query. Where REST and gRPC write the same thing differently, the module
//! doc says which form is sent and which forms are read.

mod aliases;
mod analytics;
mod cluster;
mod collection_update;
mod collections;
mod datetime;
mod filter;
mod payload;
mod points;
mod query;
mod search;
mod snapshots;
mod updates;
mod vectors;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::hash::Hash;

use quadrant_transport::{Error, ErrorKind, Result};

pub(crate) use cluster::cluster_operation_has_grpc;
pub(crate) use datetime::{format_timestamp, parse_timestamp};

/// Converts a quadrant model into the protobuf message `P` that carries it over gRPC.
///
/// Implemented for every model that the operations of [`quadrant_transport::Transport`] send or
/// receive, and for the request and response of each operation (for example
/// `QueryPoints: IntoProto<proto::QueryPoints>`).
///
/// # Errors
///
/// [`ErrorKind::InvalidArgument`] when the model holds a value that the message cannot carry;
/// the message names the field.
pub trait IntoProto<P> {
    /// Converts `self` into the message.
    fn into_proto(self) -> Result<P>;
}

/// Reads a quadrant model from the protobuf message `P` that carried it over gRPC.
///
/// # Errors
///
/// [`ErrorKind::Decode`] when the message holds a value that the model cannot: an unknown enum
/// number, a missing required field or oneof, a malformed UUID. The message names the field.
pub trait FromProto<P>: Sized {
    /// Reads the model from `message`.
    fn from_proto(message: P) -> Result<Self>;
}

impl<T: IntoProto<P>, P> IntoProto<Option<P>> for Option<T> {
    fn into_proto(self) -> Result<Option<P>> {
        self.map(IntoProto::into_proto).transpose()
    }
}

impl<T: FromProto<P>, P> FromProto<Option<P>> for Option<T> {
    fn from_proto(message: Option<P>) -> Result<Self> {
        message.map(T::from_proto).transpose()
    }
}

impl<T: IntoProto<P>, P> IntoProto<Vec<P>> for Vec<T> {
    fn into_proto(self) -> Result<Vec<P>> {
        self.into_iter().map(IntoProto::into_proto).collect()
    }
}

impl<T: FromProto<P>, P> FromProto<Vec<P>> for Vec<T> {
    fn from_proto(message: Vec<P>) -> Result<Self> {
        // Sized up front: collecting `Result`s gives no size hint, so the vector would grow.
        let mut converted = Vec::with_capacity(message.len());
        for item in message {
            converted.push(T::from_proto(item)?);
        }
        Ok(converted)
    }
}

impl<K: Eq + Hash, T: IntoProto<P>, P> IntoProto<HashMap<K, P>> for HashMap<K, T> {
    fn into_proto(self) -> Result<HashMap<K, P>> {
        self.into_iter()
            .map(|(key, value)| Ok((key, value.into_proto()?)))
            .collect()
    }
}

impl<K: Eq + Hash, T: FromProto<P>, P> FromProto<HashMap<K, P>> for HashMap<K, T> {
    fn from_proto(message: HashMap<K, P>) -> Result<Self> {
        message
            .into_iter()
            .map(|(key, value)| Ok((key, T::from_proto(value)?)))
            .collect()
    }
}

impl<K: Eq + Hash, T: IntoProto<P>, P> IntoProto<HashMap<K, P>> for BTreeMap<K, T> {
    fn into_proto(self) -> Result<HashMap<K, P>> {
        self.into_iter()
            .map(|(key, value)| Ok((key, value.into_proto()?)))
            .collect()
    }
}

impl<K: Ord, T: FromProto<P>, P> FromProto<HashMap<K, P>> for BTreeMap<K, T> {
    fn from_proto(message: HashMap<K, P>) -> Result<Self> {
        message
            .into_iter()
            .map(|(key, value)| Ok((key, T::from_proto(value)?)))
            .collect()
    }
}

/// The error for a model value that gRPC cannot carry.
pub(crate) fn invalid(field: &str, problem: impl Display) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("`{field}` cannot be sent over gRPC: {problem}"),
    )
}

/// The error for a gRPC value that the models cannot hold.
pub(crate) fn undecodable(field: &str, problem: impl Display) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("`{field}` of the gRPC message cannot be read: {problem}"),
    )
}

/// The error for a required field or oneof that the gRPC message does not have.
pub(crate) fn missing(field: &str) -> Error {
    undecodable(field, "it is missing")
}

/// Reads a required message field.
pub(crate) fn required<T>(value: Option<T>, field: &str) -> Result<T> {
    value.ok_or_else(|| missing(field))
}

/// Narrows a model's `u64` to a protobuf `uint32` field.
pub(crate) fn to_u32(value: u64, field: &str) -> Result<u32> {
    u32::try_from(value).map_err(|_| invalid(field, format!("{value} is larger than {}", u32::MAX)))
}

/// Narrows an optional model `u64` to an optional protobuf `uint32` field.
pub(crate) fn to_u32_opt(value: Option<u64>, field: &str) -> Result<Option<u32>> {
    value.map(|value| to_u32(value, field)).transpose()
}

/// Narrows a model's `f64` to a protobuf `float` field; the value must be finite and within
/// `f32`'s range (precision beyond `f32`'s is rounded, as the server stores `f32`).
pub(crate) fn to_f32(value: f64, field: &str) -> Result<f32> {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the field is a protobuf float; the range is checked below"
    )]
    let narrowed = value as f32;
    if value.is_finite() && narrowed.is_finite() {
        Ok(narrowed)
    } else {
        Err(invalid(
            field,
            format!("{value} is not a finite 32-bit float"),
        ))
    }
}

/// Checks that a float the model sends is finite: JSON, and so REST, has no NaN or infinity,
/// and Qdrant refuses them.
pub(crate) fn finite_out<F: Into<f64> + Copy>(value: F, field: &str) -> Result<F> {
    let wide: f64 = value.into();
    if wide.is_finite() {
        Ok(value)
    } else {
        Err(invalid(field, format!("{wide} is not a finite number")))
    }
}

/// Checks that a float read from the server is finite, as the REST models require.
pub(crate) fn finite_in<F: Into<f64> + Copy>(value: F, field: &str) -> Result<F> {
    let wide: f64 = value.into();
    if wide.is_finite() {
        Ok(value)
    } else {
        Err(undecodable(field, format!("{wide} is not a finite number")))
    }
}

/// Reads a protobuf enum number into its generated enum.
pub(crate) fn proto_enum<E: TryFrom<i32>>(value: i32, field: &str) -> Result<E> {
    E::try_from(value).map_err(|_| undecodable(field, format!("{value} is not a known value")))
}

/// The error for a value that a newer server sent over REST and this client does not know (a
/// model's `Unknown` catch-all holding a name or a JSON value): gRPC carries enum numbers and
/// field numbers, which only a newer client's protos give, so there is no gRPC form to send.
/// The value is not replaced by a default; it can be sent over REST, as it was read.
pub(crate) fn unknown_out(field: &str, raw: impl Display) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!(
            "`{field}` cannot be sent over gRPC: `{raw}` is a value this client does not know \
             (read from a newer server over REST), and gRPC needs its protobuf number or \
             field; send it over REST"
        ),
    )
}

/// Refuses settings a newer server sent over REST that this client does not know (a config's
/// `extra` map): gRPC has no field numbers for them, and dropping them would lose them.
pub(crate) fn no_extra(
    extra: &serde_json::Map<String, serde_json::Value>,
    message: &str,
) -> Result<()> {
    match extra.keys().next() {
        None => Ok(()),
        Some(key) => Err(unknown_out(&format!("{message}.{key}"), &extra[key])),
    }
}

/// The protobuf number of a model enum's `Unknown` value: one read over gRPC holds its number
/// in decimal and goes back as that number; one read over REST holds a name, which gRPC
/// cannot carry ([`unknown_out`]).
pub(crate) fn unknown_number(raw: &str, field: &str) -> Result<i32> {
    raw.parse().map_err(|_| unknown_out(field, raw))
}

/// Writes the conversions between a model enum and a generated protobuf enum, both ways. Each
/// listed pair maps one to one.
///
/// The `open` form is for model enums with an `Unknown(String)` catch-all (those written by
/// `quadrant-models`' `open_enum!`, which answers carry): a number the generated enum does not
/// know, or one it knows that has no model variant, is read as `Unknown` holding the number in
/// decimal, so an answer from a newer server still converts; an `Unknown` holding a number is
/// sent back as that number, and one holding a REST name is an
/// [`ErrorKind::InvalidArgument`] error ([`unknown_out`]). Zero, protobuf's unset value, is
/// still a decode error when no model variant maps it (an `Unknown…` placeholder).
///
/// Without `open` (request-only enums), a protobuf value left out of the list is a decode
/// error.
macro_rules! enum_conversions {
    (open $field:literal, $model:ident, $proto:ty { $($m:ident <=> $p:ident),* $(,)? }) => {
        impl $crate::convert::IntoProto<i32> for $model {
            #[allow(unreachable_patterns, reason = "some model enums are non-exhaustive")]
            fn into_proto(self) -> quadrant_transport::Result<i32> {
                match self {
                    $(<$model>::$m => Ok(<$proto>::$p as i32),)*
                    $model::Unknown(raw) => $crate::convert::unknown_number(&raw, $field),
                    other => Err($crate::convert::invalid(
                        $field,
                        format!("{other:?} has no gRPC equivalent"),
                    )),
                }
            }
        }

        impl $crate::convert::FromProto<i32> for $model {
            #[allow(unreachable_patterns, reason = "some lists cover every protobuf value")]
            fn from_proto(value: i32) -> quadrant_transport::Result<Self> {
                match <$proto>::try_from(value) {
                    $(Ok(<$proto>::$p) => Ok(<$model>::$m),)*
                    Ok(other) if value == 0 => Err($crate::convert::undecodable(
                        $field,
                        format!("{} (unset) has no quadrant equivalent", other.as_str_name()),
                    )),
                    _ => Ok($model::Unknown(value.to_string())),
                }
            }
        }
    };
    ($field:literal, $model:ty, $proto:ty { $($m:ident <=> $p:ident),* $(,)? }) => {
        impl $crate::convert::IntoProto<i32> for $model {
            #[allow(unreachable_patterns, reason = "some model enums are non-exhaustive")]
            fn into_proto(self) -> quadrant_transport::Result<i32> {
                match self {
                    $(<$model>::$m => Ok(<$proto>::$p as i32),)*
                    other => Err($crate::convert::invalid(
                        $field,
                        format!("{other:?} has no gRPC equivalent"),
                    )),
                }
            }
        }

        impl $crate::convert::FromProto<i32> for $model {
            #[allow(unreachable_patterns, reason = "some lists cover every protobuf value")]
            fn from_proto(value: i32) -> quadrant_transport::Result<Self> {
                match $crate::convert::proto_enum::<$proto>(value, $field)? {
                    $(<$proto>::$p => Ok(<$model>::$m),)*
                    other => Err($crate::convert::undecodable(
                        $field,
                        format!("{} has no quadrant equivalent", other.as_str_name()),
                    )),
                }
            }
        }
    };
}

pub(crate) use enum_conversions;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_names_the_field() {
        assert_eq!(to_u32(7, "Rrf.k").unwrap(), 7);
        let error = to_u32(u64::from(u32::MAX) + 1, "Rrf.k").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("`Rrf.k`"), "{error}");

        assert_eq!(to_f32(1e6, "GeoRadius.radius").unwrap(), 1e6);
        for bad in [f64::NAN, f64::INFINITY, 1e300] {
            let error = to_f32(bad, "GeoRadius.radius").unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        }
        assert_eq!(
            finite_in(f32::NAN, "ScoredPoint.score").unwrap_err().kind(),
            ErrorKind::Decode
        );
    }
}
