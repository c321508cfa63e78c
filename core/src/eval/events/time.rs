//! Points in time for account events: RFC 3339 with a mandatory UTC offset.
//!
//! Written here rather than taken from a date-time crate because the needs are small and
//! exact: parse and print RFC 3339, keep the offset the caller wrote (so reports echo
//! `+07:00` back), compare instants, add whole seconds, and read the calendar date in
//! Vietnam. Nothing here reads the clock.

use crate::model::Date;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Vietnam's UTC offset (Indochina Time, no daylight saving), in seconds.
///
/// Validity windows of the law are dated by day in Vietnam: an event's legal date is its
/// calendar date at this offset, whatever offset the event was written with.
pub const VIETNAM_OFFSET_SECONDS: i64 = 7 * 3600;

const NANOS_PER_SEC: i64 = 1_000_000_000;

/// A point in time with the UTC offset it was written in, e.g. `2025-03-01T08:30:00+07:00`.
///
/// Comparison and ordering are by instant first, so `2025-03-01T08:30:00+07:00` sorts
/// together with `2025-03-01T01:30:00Z`; the two are still not `==`, because they print
/// differently (ties between equal instants are broken by the offset).
///
/// Parsing accepts RFC 3339 date-times: `T`, `t` or a space between date and time; an
/// optional fraction of up to nine digits; an offset `Z`, `z` or `±HH:MM`. A time without an
/// offset is rejected (its instant would be a guess), and so is `-00:00` (RFC 3339's
/// "offset unknown"), a leap second and a year outside 0001–9999.
///
/// ```
/// use ungxu::eval::events::Timestamp;
/// let t: Timestamp = "2025-03-01T08:30:00+07:00".parse().unwrap();
/// let u: Timestamp = "2025-03-01T01:30:00Z".parse().unwrap();
/// assert!(t.same_instant(&u));
/// assert_eq!(t.plus_seconds(3600).to_string(), "2025-03-01T09:30:00+07:00");
/// assert_eq!(t.vietnam_date().unwrap().to_string(), "2025-03-01");
/// assert!("2025-03-01T08:30:00".parse::<Timestamp>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    secs: i64,
    /// Nanoseconds within the second, 0..1e9.
    nanos: u32,
    /// The offset it was written with, in seconds east of UTC.
    offset: i32,
}

/// Why a time string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time {value:?}: {reason} (expected RFC 3339 with an offset, e.g. 2025-03-01T08:30:00+07:00)")]
pub struct TimeError {
    /// The text that was given (cut to 64 characters).
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Timestamp {
    /// The instant `secs` seconds (and `nanos` nanoseconds) after 1970-01-01T00:00:00Z,
    /// written at UTC offset `offset_seconds`.
    ///
    /// Returns `None` when `nanos` is a second or more, the offset is a day or more, or the
    /// local date falls outside years 1–9999.
    pub fn from_unix(secs: i64, nanos: u32, offset_seconds: i32) -> Option<Timestamp> {
        if i64::from(nanos) >= NANOS_PER_SEC || offset_seconds.unsigned_abs() >= 86_400 {
            return None;
        }
        let t = Timestamp {
            secs,
            nanos,
            offset: offset_seconds,
        };
        let days = t.local_secs()?.div_euclid(86_400);
        Date::from_days_since_epoch(days).map(|_| t)
    }

    /// Seconds since 1970-01-01T00:00:00Z (the fraction is in [`Timestamp::subsec_nanos`]).
    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Timestamp::unix_seconds`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The UTC offset it was written with, in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        self.offset
    }

    /// Whether both name the same instant, whatever their offsets.
    pub fn same_instant(&self, other: &Timestamp) -> bool {
        self.secs == other.secs && self.nanos == other.nanos
    }

    /// Compares instants only (offsets ignored).
    pub fn cmp_instant(&self, other: &Timestamp) -> Ordering {
        (self.secs, self.nanos).cmp(&(other.secs, other.nanos))
    }

    /// The same offset, `seconds` later (saturating at the ends of `i64`).
    pub fn plus_seconds(&self, seconds: i64) -> Timestamp {
        Timestamp {
            secs: self.secs.saturating_add(seconds),
            ..*self
        }
    }

    /// Whole seconds from `earlier` to `self` (negative if `self` is earlier), rounded
    /// towards negative infinity, saturating.
    pub fn seconds_since(&self, earlier: &Timestamp) -> i64 {
        let mut d = self.secs.saturating_sub(earlier.secs);
        if self.nanos < earlier.nanos {
            d = d.saturating_sub(1);
        }
        d
    }

    /// The calendar date in Vietnam (UTC+07:00) at this instant: the date validity windows
    /// of rules, obligations and parameters are read against.
    ///
    /// `None` only beyond 9999-12-31 (e.g. `9999-12-31T23:00:00Z`, or after adding a huge
    /// number of seconds): no rule is in force there.
    pub fn vietnam_date(&self) -> Option<Date> {
        let days = self
            .secs
            .saturating_add(VIETNAM_OFFSET_SECONDS)
            .div_euclid(86_400);
        Date::from_days_since_epoch(days)
    }

    fn local_secs(&self) -> Option<i64> {
        self.secs.checked_add(i64::from(self.offset))
    }

    /// A sort key by instant; used where offsets must not matter.
    pub(crate) fn instant(&self) -> (i64, u32) {
        (self.secs, self.nanos)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// By instant, then by offset (so that the order is total and agrees with `==`).
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.cmp_instant(other).then(self.offset.cmp(&other.offset))
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (any year).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl FromStr for Timestamp {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Timestamp, TimeError> {
        let err = |reason| TimeError {
            value: s.chars().take(64).collect(),
            reason,
        };
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(r)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(
                part.iter()
                    .fold(0i64, |acc, c| acc * 10 + i64::from(c - b'0')),
            )
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err("the date must be YYYY-MM-DD"));
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(err("the date must be YYYY-MM-DD"));
        };
        let date = u16::try_from(year)
            .ok()
            .and_then(|y| Date::new(y, month as u8, day as u8).ok())
            .ok_or_else(|| err("no such date (years 0001 to 9999)"))?;
        if b.len() == 10 {
            return Err(err("a date alone is not a point in time"));
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return Err(err("expected `T` between the date and the time"));
        }
        if b.len() < 19 || b[13] != b':' || b[16] != b':' {
            return Err(err("the time must be HH:MM:SS"));
        }
        let (Some(hour), Some(minute), Some(second)) =
            (digits(11..13), digits(14..16), digits(17..19))
        else {
            return Err(err("the time must be HH:MM:SS"));
        };
        if hour > 23 || minute > 59 {
            return Err(err("hour or minute out of range"));
        }
        if second == 60 {
            return Err(err("leap seconds are not supported"));
        }
        if second > 59 {
            return Err(err("second out of range"));
        }
        let mut i = 19;
        let mut nanos: i64 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let n = i - start;
            if n == 0 {
                return Err(err("a `.` must be followed by digits"));
            }
            if n > 9 {
                return Err(err("at most nine fractional digits"));
            }
            nanos = digits(start..i).unwrap_or(0) * 10i64.pow(9 - n as u32);
        }
        let offset: i64 = match b.get(i) {
            None => {
                return Err(err(
                    "no UTC offset: add one, e.g. +07:00 for Vietnam or Z for UTC",
                ))
            }
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let (Some(oh), Some(om)) = (digits(i + 1..i + 3), digits(i + 4..i + 6)) else {
                    return Err(err("the offset must be ±HH:MM"));
                };
                if oh > 23 || om > 59 {
                    return Err(err("offset out of range"));
                }
                if sign == b'-' && oh == 0 && om == 0 {
                    return Err(err(
                        "the offset -00:00 means \"unknown\"; give the real offset",
                    ));
                }
                let o = oh * 3600 + om * 60;
                if sign == b'-' {
                    -o
                } else {
                    o
                }
            }
            Some(_) => return Err(err("the offset must be Z or ±HH:MM, at the end")),
        };
        let local = date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second;
        Ok(Timestamp {
            secs: local - offset,
            nanos: nanos as u32,
            offset: offset as i32,
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.secs.saturating_add(i64::from(self.offset));
        let (y, m, d) = civil_from_days(local.div_euclid(86_400));
        let sod = local.rem_euclid(86_400);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            sod / 3600,
            sod / 60 % 60,
            sod % 60
        )?;
        if self.nanos > 0 {
            let mut frac = format!("{:09}", self.nanos);
            while frac.ends_with('0') {
                frac.pop();
            }
            write!(f, ".{frac}")?;
        }
        if self.offset == 0 {
            f.write_str("Z")
        } else {
            let sign = if self.offset < 0 { '-' } else { '+' };
            let o = self.offset.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", o / 3600, o / 60 % 60)
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time with an offset, e.g. 2025-03-01T08:30:00+07:00")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
            "description": "An RFC 3339 date-time with a UTC offset (Vietnam: +07:00)."
        })
    }
}

/// Whole seconds as `2d 3h 4m 5s` (leading zero units left out; `0s` for zero).
///
/// ```
/// assert_eq!(ungxu::eval::events::human_duration(93_784), "1d 2h 3m 4s");
/// assert_eq!(ungxu::eval::events::human_duration(3600), "1h");
/// ```
pub fn human_duration(seconds: i64) -> String {
    let neg = seconds < 0;
    let s = seconds.unsigned_abs();
    let parts = [
        (s / 86_400, 'd'),
        (s / 3600 % 24, 'h'),
        (s / 60 % 60, 'm'),
        (s % 60, 's'),
    ];
    let mut out: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect();
    if out.is_empty() {
        out.push("0s".into());
    }
    let joined = out.join(" ");
    if neg {
        format!("-{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn round_trips_and_orders() {
        for s in [
            "2025-03-01T08:30:00+07:00",
            "2024-12-24T23:59:59+07:00",
            "2025-03-01T01:30:00Z",
            "2025-03-01T01:30:00.25-05:30",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
        ] {
            assert_eq!(t(s).to_string(), s);
        }
        assert_eq!(
            t("2025-03-01 08:30:00+00:00").to_string(),
            "2025-03-01T08:30:00Z"
        );
        assert!(t("2025-03-01T08:30:00+07:00") < t("2025-03-01T02:00:00Z"));
        assert!(t("2025-03-01T08:30:00+07:00").same_instant(&t("2025-03-01T01:30:00Z")));
        assert_ne!(t("2025-03-01T08:30:00+07:00"), t("2025-03-01T01:30:00Z"));
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "2025-03-01T08:30:00",
            "2025-03-01",
            "2025-03-01T08:30+07:00",
            "2025-02-29T08:30:00+07:00",
            "2025-03-01T24:00:00+07:00",
            "2025-03-01T08:30:60+07:00",
            "2025-03-01T08:30:00-00:00",
            "2025-03-01T08:30:00+7:00",
            "2025-03-01T08:30:00.+07:00",
            "2025-03-01T08:30:00.1234567890+07:00",
            "2025-03-01T08:30:00+07:00 ",
            "0000-03-01T08:30:00Z",
            "",
            "tomorrow",
            "2025-03-01T08:30:00+0700",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn vietnam_date_and_arithmetic() {
        assert_eq!(
            t("2024-12-24T17:00:00Z")
                .vietnam_date()
                .unwrap()
                .to_string(),
            "2024-12-25"
        );
        assert_eq!(
            t("2024-12-24T16:59:59Z")
                .vietnam_date()
                .unwrap()
                .to_string(),
            "2024-12-24"
        );
        let a = t("2025-01-01T00:00:00+07:00");
        assert_eq!(
            a.plus_seconds(86_400).to_string(),
            "2025-01-02T00:00:00+07:00"
        );
        assert_eq!(a.plus_seconds(1).seconds_since(&a), 1);
        assert_eq!(
            t("2025-01-01T00:00:00.5+07:00").seconds_since(&a.plus_seconds(1)),
            -1
        );
        assert_eq!(
            Timestamp::from_unix(0, 0, 0).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert!(Timestamp::from_unix(0, 1_000_000_000, 0).is_none());
        // Far out of range: printing and dating never panic.
        let far = a.plus_seconds(i64::MAX);
        let _ = far.to_string();
        assert_eq!(far.vietnam_date(), None);
    }
}
