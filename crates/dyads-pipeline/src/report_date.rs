//! The one rule for a document's report date, kept by `code`, `explain`,
//! `unknown-actors`, `ingest` and (with `date=None`) the Python package:
//! the document's own date, else the date the user gave (`--date`), else
//! today in UTC, said once per run. Never a file's modification time: a
//! document's identity (its stored hash includes the report day) must not
//! change when its file is touched or copied.
//!
//! Every date is checked by [`date_number`]: a real calendar day written
//! `YYYY-MM-DD` (or an ISO timestamp's date part).

use std::sync::atomic::{AtomicBool, Ordering};

use dyads_code::calendar::{date_number, report_day, today_utc, BadDate};

/// Where a document's report date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The document's own (JSONL `date`, an HTML page's published date).
    Document,
    /// The date the user gave for documents without one.
    Given,
    /// Neither: today (UTC).
    Today,
}

/// A resolved report date, `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDate {
    pub day: String,
    pub source: DateSource,
    /// True for the first document of the run dated today, so the caller
    /// warns once, not once per document.
    pub first_today: bool,
}

/// The rule for one run: the user's date (checked once, up front) and today.
#[derive(Debug)]
pub struct ReportDateRule {
    given: Option<String>,
    today: String,
    warned: AtomicBool,
}

impl ReportDateRule {
    /// `given`: the user's default date for documents without one.
    pub fn new(given: Option<&str>) -> Result<ReportDateRule, BadDate> {
        let given = match given {
            Some(d) => {
                date_number(d)?;
                Some(report_day(d).to_string())
            }
            None => None,
        };
        Ok(ReportDateRule { given, today: today_utc(), warned: AtomicBool::new(false) })
    }

    /// The report date of a document carrying `own` (None: it has none).
    /// A bad `own` date is an error for that document, never replaced by
    /// another date: the caller reports and skips it.
    pub fn resolve(&self, own: Option<&str>) -> Result<ReportDate, BadDate> {
        if let Some(d) = own {
            date_number(d)?;
            return Ok(ReportDate { day: report_day(d).to_string(), source: DateSource::Document, first_today: false });
        }
        if let Some(d) = &self.given {
            return Ok(ReportDate { day: d.clone(), source: DateSource::Given, first_today: false });
        }
        let first_today = !self.warned.swap(true, Ordering::Relaxed);
        Ok(ReportDate { day: self.today.clone(), source: DateSource::Today, first_today })
    }

    /// Today (UTC), as this run uses it.
    pub fn today(&self) -> &str {
        &self.today
    }

    /// The message for the first document dated today.
    pub fn today_warning(&self, flag: &str) -> String {
        format!("dyads: warning: documents without a date of their own and no {flag}: coded as of today, {} (UTC)", self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_date_then_given_then_today_once() {
        let rule = ReportDateRule::new(Some("2023-05-10")).unwrap();
        assert_eq!(rule.resolve(Some("2020-01-02T10:00:00Z")).unwrap().day, "2020-01-02");
        let r = rule.resolve(None).unwrap();
        assert_eq!((r.day.as_str(), r.source), ("2023-05-10", DateSource::Given));

        let rule = ReportDateRule::new(None).unwrap();
        let first = rule.resolve(None).unwrap();
        assert_eq!(first.source, DateSource::Today);
        assert!(first.first_today);
        assert_eq!(first.day, rule.today());
        assert!(!rule.resolve(None).unwrap().first_today, "warned once per run");
    }

    #[test]
    fn a_bad_date_is_an_error_naming_it() {
        assert_eq!(ReportDateRule::new(Some("2023/05/10")).unwrap_err().value, "2023/05/10");
        let rule = ReportDateRule::new(Some("2023-05-10")).unwrap();
        let e = rule.resolve(Some("2023-1-105")).unwrap_err();
        assert_eq!(e.to_string(), "bad date \"2023-1-105\": expected YYYY-MM-DD");
        assert!(rule.resolve(Some("2023-02-30")).is_err());
    }
}
