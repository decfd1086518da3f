//! Calendar days, the one home for date arithmetic and date formats in
//! dyads: the `yyyymmdd` [`Date`], day counts, `YYYY-MM-DD` parsing and
//! display, TABARI's `yymmdd`, and the clock. Crates above (the store, the
//! pipeline, the CLI) call these rather than keep their own.

/// A date as `yyyymmdd`, comparable as an integer.
pub type Date = u32;

/// A date given by a user or a document that is not a calendar day written
/// `YYYY-MM-DD` (an ISO timestamp's date part counts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad date {value:?}: {reason}")]
pub struct BadDate {
    pub value: String,
    pub reason: String,
}

/// `YYYY-MM-DD`, or an ISO timestamp (`2016-03-06T10:00:00Z`, `2016-03-06
/// 10:00`) whose date part is used, -> `yyyymmdd`. The one check of every
/// report date dyads is given: the shape exactly (`2023/05/10`, `20230510`,
/// `2023-5-1` are refused) and a real day of the proleptic Gregorian
/// calendar (`2023-02-30` is refused).
pub fn date_number(s: &str) -> Result<Date, BadDate> {
    let bad = |reason: String| BadDate { value: s.to_string(), reason };
    let b = s.as_bytes();
    let digits_at = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shaped = b.len() >= 10 && digits_at(0..4) && b[4] == b'-' && digits_at(5..7) && b[7] == b'-' && digits_at(8..10);
    let time_follows = b.len() == 10 || matches!(b.get(10), Some(b'T' | b't' | b' '));
    if !(shaped && time_follows) {
        return Err(bad("expected YYYY-MM-DD".into()));
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().expect("checked digits");
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    if !(1..=12).contains(&m) {
        return Err(bad(format!("month {m:02} is not 01-12 (expected YYYY-MM-DD)")));
    }
    let last = days_in_month(y, m);
    if !(1..=last).contains(&d) {
        return Err(bad(format!("{y:04}-{m:02} has {last} days (expected YYYY-MM-DD)")));
    }
    Ok(y * 10000 + m * 100 + d)
}

/// Days in month `m` (1-12) of year `y`, proleptic Gregorian.
pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date in UTC, `YYYY-MM-DD`: the report date of a document that
/// has no date of its own when none was given.
pub fn today_utc() -> String {
    utc_day(std::time::SystemTime::now()).unwrap_or_else(|| "1970-01-01".to_string())
}

/// The day part of a report date: `2016-03-06T10:00:00Z` -> `2016-03-06`.
/// Whatever form a date arrives in, documents are stored and hashed by it.
pub fn report_day(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

/// Parses `yyyymmdd` or TABARI's `yymmdd` (years below 40 are 20xx).
pub fn parse_date(s: &str) -> Option<Date> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().ok()?;
    let d = match s.len() {
        8 => n,
        6 => {
            let yy = n / 10000;
            (if yy < 40 { 2000 + yy } else { 1900 + yy }) * 10000 + n % 10000
        }
        _ => return None,
    };
    let (m, day) = (d / 100 % 100, d % 100);
    ((1..=12).contains(&m) && (1..=31).contains(&day)).then_some(d)
}

/// `yyyymmdd` -> `YYYY-MM-DD`.
pub fn iso_day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)
}

/// `YYYY-MM-DD` (or its `YYYY-MM` / `YYYY` prefix) -> `yyyymmdd`, missing parts as 01.
pub fn day_number(day: &str) -> Date {
    let p = |a: usize, b: usize, default: u32| day.get(a..b).and_then(|s| s.parse().ok()).unwrap_or(default);
    p(0, 4, 1970) * 10000 + p(5, 7, 1) * 100 + p(8, 10, 1)
}

/// `2003-05` -> `2003-05-01`, `2003` -> `2003-01-01`.
pub fn first_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// Days since 1970-01-01 of a `yyyymmdd` date (proleptic Gregorian).
pub fn days(d: Date) -> i64 {
    let (y, m, dd) = ((d / 10000) as i64, (d / 100 % 100) as i64, (d % 100) as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The `yyyymmdd` date `z` days after 1970-01-01.
pub fn from_days(z: i64) -> Date {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    (y * 10000 + m * 100 + d) as Date
}

/// The UTC day of a moment, `YYYY-MM-DD`.
pub fn utc_day(t: std::time::SystemTime) -> Option<String> {
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(iso_day(from_days(secs.div_euclid(86_400))))
}

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, from the system clock.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let (day, rem) = (from_days(secs.div_euclid(86_400)), secs.rem_euclid(86_400));
    format!("{}T{:02}:{:02}:{:02}Z", iso_day(day), rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabari_and_compact_dates() {
        assert_eq!(parse_date("090120"), Some(20090120));
        assert_eq!(parse_date("450703"), Some(19450703));
        assert_eq!(parse_date("20130815"), Some(20130815));
        assert_eq!(parse_date("2013081"), None);
        assert_eq!(parse_date("20131315"), None);
    }

    #[test]
    fn report_dates_are_checked() {
        assert_eq!(date_number("2016-03-06").unwrap(), 20160306);
        assert_eq!(date_number("2016-03-06T10:00:00Z").unwrap(), 20160306);
        assert_eq!(date_number("2016-03-06 10:00").unwrap(), 20160306);
        assert_eq!(date_number("2024-02-29").unwrap(), 20240229);
        assert_eq!(date_number("2000-02-29").unwrap(), 20000229);
        for bad in ["2016-3-6", "20160306", "2023/05/10", "2023x05x10", "2023-1-105", "2016-03-06x", "yesterday", "", "2016-13-01", "2016-00-10", "2016-01-00"]
        {
            assert!(date_number(bad).is_err(), "{bad}");
        }
        assert_eq!(date_number("x").unwrap_err().to_string(), "bad date \"x\": expected YYYY-MM-DD");
        assert_eq!(date_number("2023-02-30").unwrap_err().to_string(), "bad date \"2023-02-30\": 2023-02 has 28 days (expected YYYY-MM-DD)");
        assert!(date_number("1900-02-29").is_err());
        assert!(date_number("2023-04-31").is_err());
        assert_eq!(report_day("2016-03-06T10:00:00Z"), "2016-03-06");
        assert_eq!(report_day("2016"), "2016");
    }

    #[test]
    fn today_is_a_checked_date() {
        let t = today_utc();
        assert!(date_number(&t).is_ok(), "{t}");
    }

    #[test]
    fn day_numbers_and_counts_round_trip() {
        assert_eq!(iso_day(20160306), "2016-03-06");
        assert_eq!(day_number("2003-05"), 20030501);
        assert_eq!(first_day("2003"), "2003-01-01");
        assert_eq!(from_days(days(20000229)), 20000229);
        assert_eq!(days(19700101), 0);
        assert_eq!(utc_day(std::time::UNIX_EPOCH), Some("1970-01-01".to_string()));
    }
}
