//! Payload values: JSON on the model side, Qdrant's `Value` (a copy of `google.protobuf.Value`
//! with a separate integer kind) on the wire.
//!
//! Integers stay integers: a JSON integer is sent as `integer_value` and an `integer_value` is
//! read back as a JSON integer, while a JSON float is a `double_value` and stays a float, even
//! when it is whole (`5.0`). JSON `null` is `NullValue`. An unsigned integer above `i64::MAX`,
//! which JSON allows but `integer_value` cannot carry, is refused rather than sent as a float.

use std::collections::HashMap;

use quadrant_models::Payload;
use quadrant_transport::Result;
use serde_json::{Map, Number, Value};

use crate::convert::{FromProto, IntoProto, invalid, undecodable};
use crate::proto::{self, value::Kind};

impl IntoProto<proto::Value> for Value {
    fn into_proto(self) -> Result<proto::Value> {
        let kind = match self {
            Value::Null => Kind::NullValue(proto::NullValue::NullValue as i32),
            Value::Bool(value) => Kind::BoolValue(value),
            Value::Number(number) => number_into_proto(&number)?,
            Value::String(value) => Kind::StringValue(value),
            Value::Array(values) => Kind::ListValue(proto::ListValue {
                values: values.into_proto()?,
            }),
            Value::Object(fields) => Kind::StructValue(proto::Struct {
                fields: fields.into_proto()?,
            }),
        };
        Ok(proto::Value { kind: Some(kind) })
    }
}

fn number_into_proto(number: &Number) -> Result<Kind> {
    if let Some(integer) = number.as_i64() {
        Ok(Kind::IntegerValue(integer))
    } else if number.is_u64() {
        Err(invalid(
            "Value.integer_value",
            format!("{number} is larger than the largest 64-bit signed integer"),
        ))
    } else {
        number
            .as_f64()
            .map(Kind::DoubleValue)
            .ok_or_else(|| invalid("Value.double_value", format!("{number} is not a number")))
    }
}

impl FromProto<proto::Value> for Value {
    fn from_proto(message: proto::Value) -> Result<Self> {
        Ok(
            match message
                .kind
                .ok_or_else(|| undecodable("Value.kind", "it is missing"))?
            {
                Kind::NullValue(_) => Value::Null,
                Kind::BoolValue(value) => Value::Bool(value),
                Kind::IntegerValue(value) => Value::Number(value.into()),
                Kind::DoubleValue(value) => {
                    Number::from_f64(value).map(Value::Number).ok_or_else(|| {
                        undecodable(
                            "Value.double_value",
                            format!("{value} is not a finite number, which JSON cannot hold"),
                        )
                    })?
                }
                Kind::StringValue(value) => Value::String(value),
                Kind::ListValue(list) => Value::Array(Vec::from_proto(list.values)?),
                Kind::StructValue(fields) => Value::Object(Map::from_proto(fields.fields)?),
            },
        )
    }
}

impl IntoProto<HashMap<String, proto::Value>> for Payload {
    fn into_proto(self) -> Result<HashMap<String, proto::Value>> {
        self.into_iter()
            .map(|(key, value)| Ok((key, value.into_proto()?)))
            .collect()
    }
}

impl FromProto<HashMap<String, proto::Value>> for Payload {
    fn from_proto(message: HashMap<String, proto::Value>) -> Result<Self> {
        // Sized up front: collecting `Result`s gives no size hint, so the map would grow and
        // rehash as it fills.
        let mut payload = Payload::with_capacity(message.len());
        for (key, value) in message {
            payload.insert(key, Value::from_proto(value)?);
        }
        Ok(payload)
    }
}

/// A payload that gRPC writes as a map: an absent payload is an empty map.
pub(crate) fn optional_payload_into_proto(
    payload: Option<Payload>,
) -> Result<HashMap<String, proto::Value>> {
    payload.map_or_else(|| Ok(HashMap::new()), IntoProto::into_proto)
}

/// A payload that gRPC writes as a map, read back: an empty map is no payload, since gRPC cannot
/// tell the two apart (REST leaves the payload out when it was not asked for).
pub(crate) fn optional_payload_from_proto(
    payload: HashMap<String, proto::Value>,
) -> Result<Option<Payload>> {
    if payload.is_empty() {
        Ok(None)
    } else {
        Payload::from_proto(payload).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::payload_from_json;
    use quadrant_transport::ErrorKind;
    use serde_json::json;

    use super::*;

    fn round_trip(value: Value) -> Value {
        let message: proto::Value = value.into_proto().unwrap();
        Value::from_proto(message).unwrap()
    }

    #[test]
    fn ints_stay_ints_and_floats_stay_floats() {
        let value: proto::Value = json!(5).into_proto().unwrap();
        assert_eq!(value.kind, Some(Kind::IntegerValue(5)));
        let value: proto::Value = json!(-5).into_proto().unwrap();
        assert_eq!(value.kind, Some(Kind::IntegerValue(-5)));
        let value: proto::Value = json!(5.0).into_proto().unwrap();
        assert_eq!(value.kind, Some(Kind::DoubleValue(5.0)));

        let back = round_trip(json!({"count": 3, "price": 3.0, "big": i64::MAX}));
        assert!(back["count"].is_i64() || back["count"].is_u64());
        assert!(back["price"].is_f64());
        assert_eq!(back["price"], json!(3.0));
        assert_ne!(back["price"], json!(3));
        assert_eq!(back["big"], json!(i64::MAX));
    }

    #[test]
    fn null_nested_structs_and_lists_round_trip() {
        let payload = payload_from_json(json!({
            "maybe": null,
            "empty_list": [],
            "empty_object": {},
            "nested": {"level": 2, "items": [{"sku": "s2-0", "qty": 2}, null, [true, "x", 1.5]]},
        }))
        .unwrap();
        let message: HashMap<String, proto::Value> = payload.clone().into_proto().unwrap();
        assert_eq!(
            message["maybe"].kind,
            Some(Kind::NullValue(proto::NullValue::NullValue as i32))
        );
        assert_eq!(Payload::from_proto(message).unwrap(), payload);
    }

    #[test]
    fn values_grpc_cannot_carry_are_refused() {
        let error = IntoProto::<proto::Value>::into_proto(json!(u64::MAX)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("integer_value"), "{error}");

        for kind in [
            None,
            Some(Kind::DoubleValue(f64::NAN)),
            Some(Kind::DoubleValue(f64::INFINITY)),
        ] {
            let nested = proto::Value {
                kind: Some(Kind::ListValue(proto::ListValue {
                    values: vec![proto::Value { kind }],
                })),
            };
            let error = Value::from_proto(nested).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        }
    }

    #[test]
    fn an_empty_payload_map_is_no_payload() {
        assert_eq!(optional_payload_from_proto(HashMap::new()).unwrap(), None);
        assert!(optional_payload_into_proto(None).unwrap().is_empty());
    }
}
