//! Read queries: events by actor, dyad, code and date; time series; top
//! dyads; actors. Every value reaches SQLite as a bound parameter; the only
//! SQL built from input is the choice among fixed fragments.

use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;

use crate::{Result, Store, StoreError};

/// Filters shared by `query`, `export` and the API. Actor filters match a
/// code prefix: `USA` matches `USA`, `USAGOV`, `USAMIL`...
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// An actor on either side: source or target.
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// Directed dyad (source prefix, target prefix).
    pub dyad: Option<(String, String)>,
    /// With `dyad`: events in either direction.
    pub undirected: bool,
    /// Exact event code ("042").
    pub code: Option<String>,
    /// Root code ("04").
    pub root: Option<String>,
    pub quad: Option<u8>,
    /// Inclusive bounds on the event date: YYYY, YYYY-MM or YYYY-MM-DD.
    pub since: Option<String>,
    pub until: Option<String>,
    /// One event per day per source/target/code (the Phoenix filter).
    pub one_a_day: bool,
    /// Events at this place: its key as `places` gives it ("Geneva, CHE").
    pub place: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
    /// Keyset pagination: only events after this cursor (see [`EventRow::cursor`]).
    pub after: Option<String>,
    /// Abort the query after this long (None: no limit).
    pub timeout: Option<Duration>,
}

/// A stored event. Its JSON (`query`, `export --format jsonl`, the API) is
/// written by one serializer, `event_json.rs`, in the shape `dyads code`
/// prints an event: `target` null when there is none, `location` an
/// object, Goldstein with one decimal.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub event_date: String,
    pub date_precision: String,
    pub source: String,
    /// Empty for an event with no recipient (GDELT leaves Actor2 empty); the
    /// JSON says `null`.
    pub target: String,
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: String,
    /// The short place key ("Geneva, CHE"), empty when none.
    pub location: String,
    /// The location's details as the coder gave them (name, country ISO-3/FIPS, admin1, lat, lon,
    /// GeoNames id, precision), when the text gave one.
    pub geo: Option<serde_json::Value>,
    /// With `date_precision` "range": `[from, until]`, either open (null).
    pub date_range: Option<[Option<String>; 2]>,
    pub source_name: String,
    pub target_name: String,
    pub num_mentions: i64,
    pub num_sources: i64,
    pub num_articles: i64,
    pub first_seen: String,
    pub last_seen: String,
    pub evidence: Option<Evidence>,
}

impl EventRow {
    /// Position of this row in the result order, for `after=`.
    pub fn cursor(&self, event_day: &str) -> String {
        format!("{event_day}~{}", self.id)
    }
}

/// The mention that represents an event (the earliest, `representative.rs`):
/// where it was read and why it was coded.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    pub doc_id: String,
    /// The document's outlet.
    pub outlet: String,
    pub url: String,
    pub title: String,
    pub report_date: String,
    pub sentence: i64,
    pub sentence_text: String,
    pub trigger: String,
    /// Byte span of the trigger inside `sentence_text`.
    pub trigger_in_sentence: [i64; 2],
    /// Byte span of the trigger in the document.
    pub trigger_span: [i64; 2],
    pub rule: String,
    pub confidence: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Day,
    Week,
    Month,
}

impl std::str::FromStr for By {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<By> {
        match s {
            "day" => Ok(By::Day),
            "week" => Ok(By::Week),
            "month" => Ok(By::Month),
            _ => Err(StoreError::BadQuery(format!("by must be day, week or month, not {s:?}"))),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesRow {
    /// First day of the period (weeks start on Monday; months give YYYY-MM).
    pub period: String,
    pub events: i64,
    pub mentions: i64,
    /// Events per QuadClass: verbal/material cooperation, verbal/material conflict.
    pub quad: [i64; 4],
    pub goldstein_sum: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DyadCount {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub mentions: i64,
    pub goldstein_mean: f64,
}

/// Checks a date bound and widens it to a day: the first day for `since`,
/// the last for `until`.
fn day_bound(s: &str, end: bool) -> Result<String> {
    let bad = || StoreError::BadQuery(format!("bad date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"));
    let parts: Vec<&str> = s.split('-').collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) || parts.len() > 3 || parts[0].len() != 4 {
        return Err(bad());
    }
    let y: i64 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = match parts.get(1) {
        Some(p) if p.len() == 2 => p.parse().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
        None => {
            if end {
                12
            } else {
                1
            }
        }
    };
    if !(1..=12).contains(&m) {
        return Err(bad());
    }
    let last = {
        let first = y as u32 * 10000 + m * 100 + 1;
        let next = if m == 12 { (y as u32 + 1) * 10000 + 101 } else { first + 100 };
        (dyads_code::calendar::days(next) - dyads_code::calendar::days(first)) as u32
    };
    let d: u32 = match parts.get(2) {
        Some(p) if p.len() == 2 => p.parse().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
        None => {
            if end {
                last
            } else {
                1
            }
        }
    };
    if d == 0 || d > last {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

fn check_code(s: &str, what: &str) -> Result<()> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::BadQuery(format!("{what} must be 2-4 digits, not {s:?}")));
    }
    Ok(())
}

fn check_actor(s: &str) -> Result<()> {
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(StoreError::BadQuery(format!("actor codes are letters and digits, not {s:?}")));
    }
    Ok(())
}

/// Appends an actor-prefix condition on `col` (`source` or `target`).
fn actor_cond(col: &str, code: &str, args: &mut Vec<Value>) -> Result<String> {
    check_actor(code)?;
    let code = code.to_ascii_uppercase();
    Ok(if code.len() == 3 {
        args.push(Value::Text(code));
        format!("{col}_prefix3 = ?")
    } else {
        args.push(Value::Integer(code.len() as i64));
        args.push(Value::Text(code));
        format!("substr({col}, 1, ?) = ?")
    })
}

impl EventQuery {
    /// The WHERE clause (without `WHERE`) and its parameters.
    pub(crate) fn conditions(&self) -> Result<(String, Vec<Value>)> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(a) = &self.actor {
            let either = format!("({} OR {})", actor_cond("source", a, &mut args)?, actor_cond("target", a, &mut args)?);
            conds.push(either);
        }
        if let Some(s) = &self.source {
            conds.push(actor_cond("source", s, &mut args)?);
        }
        if let Some(t) = &self.target {
            conds.push(actor_cond("target", t, &mut args)?);
        }
        if let Some((a, b)) = &self.dyad {
            let fwd = format!("({} AND {})", actor_cond("source", a, &mut args)?, actor_cond("target", b, &mut args)?);
            if self.undirected {
                let back = format!("({} AND {})", actor_cond("source", b, &mut args)?, actor_cond("target", a, &mut args)?);
                conds.push(format!("({fwd} OR {back})"));
            } else {
                conds.push(fwd);
            }
        }
        if let Some(c) = &self.code {
            check_code(c, "code")?;
            if dyads_code::Ontology::cameo().event(c).is_err() {
                return Err(StoreError::BadQuery(format!("code {c:?} is not a CAMEO event code (see /api/codes)")));
            }
            conds.push("code = ?".into());
            args.push(Value::Text(c.clone()));
        }
        if let Some(r) = &self.root {
            check_code(r, "root")?;
            if r.len() != 2 || dyads_code::Ontology::cameo().event(r).is_err() {
                return Err(StoreError::BadQuery(format!("root must be a CAMEO root code 01-20, not {r:?}")));
            }
            conds.push("root = ?".into());
            args.push(Value::Text(r.clone()));
        }
        if let Some(q) = self.quad {
            if !(1..=4).contains(&q) {
                return Err(StoreError::BadQuery(format!("quad must be 1-4, not {q}")));
            }
            conds.push("quad_class = ?".into());
            args.push(Value::Integer(q as i64));
        }
        if let Some(p) = &self.place {
            if p.is_empty() || p.len() > 200 {
                return Err(StoreError::BadQuery("place must be a place key from /api/places (1-200 bytes)".into()));
            }
            conds.push("location = ?".into());
            args.push(Value::Text(p.clone()));
        }
        if let (Some(s), Some(u)) = (&self.since, &self.until) {
            if day_bound(s, false)? > day_bound(u, true)? {
                return Err(StoreError::BadQuery(format!("since {s} is after until {u}: no date can match")));
            }
        }
        if let Some(s) = &self.since {
            conds.push("event_day >= ?".into());
            args.push(Value::Text(day_bound(s, false)?));
        }
        if let Some(u) = &self.until {
            conds.push("event_day <= ?".into());
            args.push(Value::Text(day_bound(u, true)?));
        }
        if conds.is_empty() {
            conds.push("1".into());
        }
        Ok((conds.join(" AND "), args))
    }
}

/// Aborts statements on `conn` after `timeout` (SQLite's progress handler).
pub(crate) struct Deadline<'a>(&'a Connection);

impl<'a> Deadline<'a> {
    pub(crate) fn set(conn: &'a Connection, timeout: Option<Duration>) -> Deadline<'a> {
        if let Some(t) = timeout {
            let end = Instant::now() + t;
            conn.progress_handler(10_000, Some(move || Instant::now() > end));
        }
        Deadline(conn)
    }
}

impl Drop for Deadline<'_> {
    fn drop(&mut self) {
        self.0.progress_handler(0, None::<fn() -> bool>);
    }
}

pub(crate) fn timeout_error(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted => StoreError::TimedOut,
        e => StoreError::Sql(e),
    }
}

pub(crate) const EVENT_COLUMNS: &str = "id, event_date, date_precision, source, target, code, root, quad_class, goldstein, plover, location,
    source_name, target_name, num_mentions, num_sources, num_articles, first_seen, last_seen, event_day, geo_json, date_range";

/// A JSON column ('' when empty) read back; a value that does not parse is
/// left out rather than failing the row.
fn json_column<T: serde::de::DeserializeOwned>(r: &rusqlite::Row, i: usize) -> Option<T> {
    r.get::<_, String>(i).ok().filter(|g| !g.is_empty()).and_then(|g| serde_json::from_str(&g).ok())
}

pub(crate) fn event_row(r: &rusqlite::Row) -> rusqlite::Result<(EventRow, String)> {
    Ok((
        EventRow {
            id: r.get(0)?,
            event_date: r.get(1)?,
            date_precision: r.get(2)?,
            source: r.get(3)?,
            target: r.get(4)?,
            code: r.get(5)?,
            root: r.get(6)?,
            quad_class: r.get(7)?,
            goldstein: crate::goldstein_decimal(r.get(8)?),
            plover: r.get(9)?,
            location: r.get(10)?,
            geo: json_column(r, 19),
            date_range: json_column(r, 20),
            source_name: r.get(11)?,
            target_name: r.get(12)?,
            num_mentions: r.get(13)?,
            num_sources: r.get(14)?,
            num_articles: r.get(15)?,
            first_seen: r.get(16)?,
            last_seen: r.get(17)?,
            evidence: None,
        },
        r.get(18)?,
    ))
}

impl Store {
    /// Events matching `q`, newest event date first. Returns the rows and,
    /// when a limit cut the result, the cursor for the next page.
    pub fn events(&self, q: &EventQuery, with_evidence: bool) -> Result<(Vec<EventRow>, Option<String>)> {
        let (mut cond, mut args) = q.conditions()?;
        if q.one_a_day {
            cond = one_a_day(&cond);
            // The inner conditions' parameters are the only ones.
        }
        if let Some(c) = &q.after {
            let (day, id) = c
                .split_once('~')
                .and_then(|(d, i)| Some((day_bound(d, false).ok()?, i.parse::<i64>().ok()?)))
                .ok_or_else(|| StoreError::BadQuery(format!("bad cursor {c:?}")))?;
            cond = format!("({cond}) AND (event_day, id) < (?, ?)");
            args.push(Value::Text(day));
            args.push(Value::Integer(id));
        }
        let limit = q.limit.map_or(-1, |l| l as i64 + 1);
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE {cond} ORDER BY event_day DESC, id DESC LIMIT {limit} OFFSET {}", q.offset);
        // The deadline guards this statement only, not the evidence lookup
        // after it (an interrupt there would be a failure, not a timeout).
        let deadline = Deadline::set(&self.conn, q.timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows: Vec<(EventRow, String)> =
            stmt.query_map(params_from_iter(args), event_row).map_err(timeout_error)?.collect::<rusqlite::Result<_>>().map_err(timeout_error)?;
        drop(stmt);
        drop(deadline);
        let mut next = None;
        if let Some(l) = q.limit {
            if rows.len() > l {
                rows.truncate(l);
                next = rows.last().map(|(r, day)| r.cursor(day));
            }
        }
        let mut out: Vec<EventRow> = rows.into_iter().map(|(r, _)| r).collect();
        if with_evidence && !out.is_empty() {
            let ids: Vec<i64> = out.iter().map(|r| r.id).collect();
            let mut found = self.first_evidence_many(&ids)?;
            for r in &mut out {
                r.evidence = found.remove(&r.id);
            }
        }
        Ok((out, next))
    }

    /// Calls `f` on every event matching `q` (limit and offset apply), in id
    /// order, with its first mention as evidence. Streams: memory stays flat
    /// however many events match.
    pub fn for_each_event(&self, q: &EventQuery, mut f: impl FnMut(EventRow) -> Result<()>) -> Result<()> {
        let (mut cond, args) = q.conditions()?;
        if q.one_a_day {
            cond = one_a_day(&cond);
        }
        let limit = q.limit.map_or(-1, |l| l as i64);
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE {cond} ORDER BY id LIMIT {limit} OFFSET {}", q.offset);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let (mut row, _) = event_row(r)?;
            row.evidence = self.first_evidence(row.id)?;
            f(row)?;
        }
        Ok(())
    }

    /// Number of events matching `q` (ignoring limit and offset).
    pub fn count(&self, q: &EventQuery) -> Result<i64> {
        let (cond, args) = q.conditions()?;
        let sql = if q.one_a_day {
            format!("SELECT count(*) FROM (SELECT 1 FROM events WHERE {cond} GROUP BY source, target, code, event_day)")
        } else {
            format!("SELECT count(*) FROM events WHERE {cond}")
        };
        let _deadline = Deadline::set(&self.conn, q.timeout);
        self.conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0)).map_err(timeout_error)
    }

    /// The evidence of many events in one statement (a page of results): each
    /// event's representative mention (`representative.rs`).
    pub fn first_evidence_many(&self, event_ids: &[i64]) -> Result<std::collections::HashMap<i64, Evidence>> {
        let mut out = std::collections::HashMap::new();
        for chunk in event_ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT m.event_id, d.doc_key, d.url, d.title, d.report_date, m.sentence, m.sentence_text, m.trigger, m.sentence_start,
                        m.trigger_start, m.trigger_end, m.rule, m.confidence, d.source
                 FROM mentions m JOIN documents d ON d.id = m.document_id
                 WHERE m.id IN (SELECT evidence_mention FROM events WHERE id IN ({marks}))"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(chunk.iter()))?;
            while let Some(r) = rows.next()? {
                let start: i64 = r.get(8)?;
                let (ts, te): (i64, i64) = (r.get(9)?, r.get(10)?);
                out.insert(
                    r.get(0)?,
                    Evidence {
                        doc_id: r.get(1)?,
                        outlet: r.get(13)?,
                        url: r.get(2)?,
                        title: r.get(3)?,
                        report_date: r.get(4)?,
                        // 0-based in the store, 1-based in JSON (as `dyads code`).
                        sentence: r.get::<_, i64>(5)? + 1,
                        sentence_text: r.get(6)?,
                        trigger: r.get(7)?,
                        trigger_in_sentence: [ts - start, te - start],
                        trigger_span: [ts, te],
                        rule: r.get(11)?,
                        confidence: r.get(12)?,
                    },
                );
            }
        }
        Ok(out)
    }

    pub fn first_evidence(&self, event_id: i64) -> Result<Option<Evidence>> {
        Ok(self.first_evidence_many(&[event_id])?.remove(&event_id))
    }

    /// Event counts per QuadClass and summed Goldstein per period.
    pub fn series(&self, q: &EventQuery, by: By) -> Result<Vec<SeriesRow>> {
        let (cond, args) = q.conditions()?;
        let period = match by {
            By::Day => "d",
            // Monday of the event's week ('weekday 0' moves to the next Sunday, or stays).
            By::Week => "date(d, 'weekday 0', '-6 days')",
            By::Month => "substr(d, 1, 7)",
        };
        // Days first, read in index order without sorting (without the
        // Phoenix filter the covering index `events_day_group` answers it, no
        // table reads); then the few thousand days into weeks or months.
        let cond = if q.one_a_day { one_a_day(&cond) } else { cond };
        let sql = format!(
            "SELECT {period} AS p, sum(n), sum(m), sum(q1), sum(q2), sum(q3), sum(q4), total(g)
             FROM (SELECT event_day AS d, count(*) AS n, sum(num_mentions) AS m, sum(quad_class = 1) AS q1, sum(quad_class = 2) AS q2,
                          sum(quad_class = 3) AS q3, sum(quad_class = 4) AS q4, total(goldstein) AS g
                   FROM events WHERE {cond} GROUP BY event_day)
             GROUP BY p ORDER BY p"
        );
        let _deadline = Deadline::set(&self.conn, q.timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(SeriesRow {
                    period: r.get(0)?,
                    events: r.get(1)?,
                    mentions: r.get(2)?,
                    quad: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                    goldstein_sum: r.get(7)?,
                })
            })
            .map_err(timeout_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(timeout_error)?;
        Ok(rows)
    }

    /// The most frequent dyads of actor groups (countries; organisations
    /// by their own code: see [`crate::actor_group`]), events with a target
    /// only. The covering index is named: with ANALYZE statistics SQLite
    /// prefers a skip-scan of the dyad index, twice as slow for a period
    /// filter.
    pub fn top_dyads(&self, q: &EventQuery, limit: usize) -> Result<Vec<DyadCount>> {
        let (cond, args) = q.conditions()?;
        // Over a period, the index by day; over all time, the index by
        // group, which groups without sorting (three times faster). An actor
        // or a code has an index of its own: the planner chooses. A root or
        // QuadClass alone is read from the table (through the group index,
        // SQLite's choice, it looks up every row: 15 times slower).
        let indexed = q.actor.is_some() || q.source.is_some() || q.target.is_some() || q.dyad.is_some() || q.code.is_some();
        let other = q.root.is_some() || q.quad.is_some() || q.place.is_some() || q.one_a_day;
        let dates = q.since.is_some() || q.until.is_some();
        let index = match (indexed, other, dates) {
            (true, _, _) => "",
            (false, true, false) => "NOT INDEXED",
            (false, _, true) => "INDEXED BY events_day_group",
            (false, false, false) => "INDEXED BY events_group",
        };
        let sql = format!(
            "SELECT source_group, target_group, count(*) AS n, sum(num_mentions), avg(goldstein)
             FROM events {index} WHERE {cond} AND source_group <> target_group AND target_group <> ''
             GROUP BY source_group, target_group ORDER BY n DESC, source_group, target_group LIMIT {limit}"
        );
        let _deadline = Deadline::set(&self.conn, q.timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(DyadCount {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    events: r.get(2)?,
                    mentions: r.get(3)?,
                    goldstein_mean: (r.get::<_, f64>(4)? * 100.0).round() / 100.0,
                })
            })
            .map_err(timeout_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(timeout_error)?;
        Ok(rows)
    }

    /// Actor codes seen as source or target, most frequent first.
    pub fn actors(&self, prefix: Option<&str>, limit: usize, timeout: Option<Duration>) -> Result<Vec<(String, i64)>> {
        let mut args: Vec<Value> = Vec::new();
        let cond = match prefix {
            Some(p) => {
                check_actor(p)?;
                args.push(Value::Integer(p.len() as i64));
                args.push(Value::Text(p.to_ascii_uppercase()));
                args.push(Value::Integer(p.len() as i64));
                args.push(Value::Text(p.to_ascii_uppercase()));
                ("WHERE substr(source, 1, ?) = ?", "WHERE substr(target, 1, ?) = ?")
            }
            None => ("", ""),
        };
        let sql = format!(
            "SELECT actor, count(*) AS n FROM (SELECT source AS actor FROM events {} UNION ALL SELECT target FROM events {})
             GROUP BY actor ORDER BY n DESC, actor LIMIT {limit}",
            cond.0, cond.1
        );
        let _deadline = Deadline::set(&self.conn, timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(timeout_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(timeout_error)?;
        Ok(rows)
    }
}

/// `--one-a-day`'s condition: of the events `cond` selects with one
/// source, target, code and first day, the one with the smallest event date
/// and location (SQLite gives the row of a lone `min()`'s value), so which
/// one is kept does not depend on which arrived first.
fn one_a_day(cond: &str) -> String {
    format!("id IN (SELECT id FROM (SELECT id, min(event_date || char(9) || location) FROM events WHERE {cond} GROUP BY source, target, code, event_day))")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_widen_and_reject_garbage() {
        assert_eq!(day_bound("2003", false).unwrap(), "2003-01-01");
        assert_eq!(day_bound("2003", true).unwrap(), "2003-12-31");
        assert_eq!(day_bound("2004-02", true).unwrap(), "2004-02-29");
        assert_eq!(day_bound("2003-02", true).unwrap(), "2003-02-28");
        assert_eq!(day_bound("2003-05-07", true).unwrap(), "2003-05-07");
        for bad in ["", "03", "2003-13", "2003-02-30", "2003-1-1", "2003-05-07-01", "2003' OR 1=1 --", "２００３"] {
            assert!(day_bound(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn hostile_filters_are_rejected_not_interpolated() {
        let q = EventQuery { source: Some("USA' OR '1'='1".into()), ..Default::default() };
        assert!(matches!(q.conditions(), Err(StoreError::BadQuery(_))));
        let q = EventQuery { code: Some("04; DROP TABLE events".into()), ..Default::default() };
        assert!(matches!(q.conditions(), Err(StoreError::BadQuery(_))));
        let q = EventQuery { quad: Some(9), ..Default::default() };
        assert!(matches!(q.conditions(), Err(StoreError::BadQuery(_))));
    }

    #[test]
    fn impossible_filters_are_bad_queries() {
        for q in [
            EventQuery { root: Some("1".into()), ..Default::default() },
            EventQuery { root: Some("042".into()), ..Default::default() },
            EventQuery { root: Some("21".into()), ..Default::default() },
            EventQuery { code: Some("999".into()), ..Default::default() },
            EventQuery { since: Some("2004".into()), until: Some("2003-12".into()), ..Default::default() },
        ] {
            assert!(matches!(q.conditions(), Err(StoreError::BadQuery(_))), "{q:?}");
        }
        let ok = EventQuery {
            root: Some("04".into()),
            code: Some("042".into()),
            since: Some("2003-05".into()),
            until: Some("2003-05".into()),
            ..Default::default()
        };
        assert!(ok.conditions().is_ok());
    }
}
