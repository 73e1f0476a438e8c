//! The UTC times of snapshot names and descriptions.

use super::*;

pub(super) fn now() -> SystemTime {
    SystemTime::now()
}

/// `YYYY-MM-DD-hh-mm-ss` in UTC, as in the server's snapshot names.
pub(super) fn name_time(time: SystemTime) -> String {
    utc(time).format("%Y-%m-%d-%H-%M-%S").to_string()
}

/// `YYYY-MM-DDThh:mm:ss` in UTC, as in the server's snapshot descriptions.
pub(super) fn description_time(time: SystemTime) -> String {
    utc(time).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `time` in UTC, to the second. Times before 1970, and those past the end of chrono's
/// calendar (the year 262143), count as 1970.
pub(super) fn utc(time: SystemTime) -> DateTime<Utc> {
    time.duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_secs()).ok())
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .unwrap_or(DateTime::UNIX_EPOCH)
}
