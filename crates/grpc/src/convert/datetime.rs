//! Datetimes: the models hold them as text, as REST writes them; gRPC's datetime ranges carry a
//! `google.protobuf.Timestamp`.
//!
//! Text is read in the forms Qdrant accepts for datetime payloads: RFC 3339
//! (`2024-07-01T00:00:00Z`, `2024-07-01T02:00:00+02:00`), the same with a space instead of `T`,
//! and without an offset (read as UTC), down to a bare date. A timestamp is written the way the
//! server renders datetimes in its REST answers: UTC, `Z`, and fractional seconds only when there
//! are any, in groups of three digits (`2026-11-21T08:15:55.680Z`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use prost_types::Timestamp;
use quadrant_transport::Result;

use crate::convert::{invalid, undecodable};

/// The forms without an offset that Qdrant reads as UTC.
const NAIVE_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// Parses a datetime as Qdrant accepts it into a protobuf timestamp.
///
/// # Errors
///
/// [`quadrant_transport::ErrorKind::InvalidArgument`] naming `field` when `text` is not a
/// datetime in one of the accepted forms.
pub fn parse_timestamp(text: &str, field: &str) -> Result<Timestamp> {
    let trimmed = text.trim();
    let parsed = DateTime::parse_from_rfc3339(trimmed)
        .or_else(|_| DateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map(|datetime| datetime.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NAIVE_FORMATS
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok())
                .or_else(|| {
                    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                        .ok()
                        .and_then(|date| date.and_hms_opt(0, 0, 0))
                })
                .map(|naive| naive.and_utc())
        })
        .ok_or_else(|| invalid(field, format!("`{text}` is not an RFC 3339 datetime")))?;
    Ok(Timestamp {
        seconds: parsed.timestamp(),
        nanos: i32::try_from(parsed.timestamp_subsec_nanos())
            .map_err(|_| invalid(field, "the fraction of a second is out of range"))?,
    })
}

/// Writes a protobuf timestamp as RFC 3339 text in UTC, the way Qdrant's REST API writes
/// datetimes.
///
/// # Errors
///
/// [`quadrant_transport::ErrorKind::Decode`] naming `field` when the timestamp is outside the
/// representable range or its nanoseconds are not within a second.
pub fn format_timestamp(timestamp: &Timestamp, field: &str) -> Result<String> {
    let nanos = u32::try_from(timestamp.nanos)
        .ok()
        .filter(|nanos| *nanos < 1_000_000_000)
        .ok_or_else(|| undecodable(field, format!("{} nanoseconds", timestamp.nanos)))?;
    let datetime = DateTime::<Utc>::from_timestamp(timestamp.seconds, nanos).ok_or_else(|| {
        undecodable(
            field,
            format!("{} seconds is out of range", timestamp.seconds),
        )
    })?;
    Ok(datetime.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

#[cfg(test)]
mod tests {
    use quadrant_transport::ErrorKind;

    use super::*;

    #[test]
    fn accepted_forms_parse_to_the_same_instant() {
        let utc = parse_timestamp("2024-07-01T00:00:00Z", "lt").unwrap();
        assert_eq!(utc.seconds, 1_719_792_000);
        assert_eq!(utc.nanos, 0);
        for same in [
            "2024-07-01T02:00:00+02:00",
            "2024-07-01 00:00:00",
            "2024-07-01T00:00:00",
            "2024-07-01T00:00",
            "2024-07-01",
            " 2024-07-01T00:00:00.000Z ",
        ] {
            assert_eq!(parse_timestamp(same, "lt").unwrap(), utc, "{same}");
        }
        let fraction = parse_timestamp("2026-11-21T08:15:55.680Z", "lt").unwrap();
        assert_eq!(fraction.nanos, 680_000_000);
    }

    #[test]
    fn written_as_the_server_writes_datetimes() {
        for text in [
            "2024-07-01T00:00:00Z",
            "2026-11-21T08:15:55.680Z",
            "2026-11-21T08:16:15.932518Z",
            "2026-11-21T08:16:15.932518886Z",
        ] {
            let timestamp = parse_timestamp(text, "gte").unwrap();
            assert_eq!(format_timestamp(&timestamp, "gte").unwrap(), text);
        }
    }

    #[test]
    fn bad_values_are_typed_errors() {
        for bad in ["", "yesterday", "2024-13-01", "2024-07-01T25:00:00Z"] {
            let error = parse_timestamp(bad, "DatetimeRange.lt").unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
            assert!(error.message().contains("DatetimeRange.lt"), "{error}");
        }
        for bad in [
            Timestamp {
                seconds: 0,
                nanos: -1,
            },
            Timestamp {
                seconds: 0,
                nanos: 1_000_000_000,
            },
            Timestamp {
                seconds: i64::MAX,
                nanos: 0,
            },
        ] {
            let error = format_timestamp(&bad, "DatetimeRange.gt").unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{bad:?}");
        }
    }
}
