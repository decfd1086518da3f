//! Where events happened: the located events matching a query, one row per
//! place, for the dashboard's map.

use rusqlite::{params_from_iter, OptionalExtension};

use crate::query::{timeout_error, Deadline, EventQuery};
use crate::{Result, Store};

/// A place and the events located there.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct PlaceCount {
    /// The `place` filter that selects these events ("Geneva, CHE").
    pub key: String,
    /// The coder's location object (name, country, lat, lon, GeoNames id, precision).
    pub location: serde_json::Value,
    pub events: i64,
    pub mentions: i64,
    /// Events per QuadClass.
    pub quad: [i64; 4],
}

impl Store {
    /// The `limit` places with most events matching `q`.
    pub fn places(&self, q: &EventQuery, limit: usize) -> Result<Vec<PlaceCount>> {
        let (cond, args) = q.conditions()?;
        // Counts from the partial index of located events; then one row's
        // location object per place shown.
        let sql = format!(
            "SELECT location, count(*) AS n, sum(num_mentions),
                    sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
             FROM events WHERE ({cond}) AND location <> '' GROUP BY location ORDER BY n DESC, location LIMIT {limit}"
        );
        let deadline = Deadline::set(&self.conn, q.timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let counts = stmt
            .query_map(params_from_iter(args), |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))
            .map_err(timeout_error)?
            .collect::<rusqlite::Result<Vec<(String, i64, i64, [i64; 4])>>>()
            .map_err(timeout_error)?;
        // The deadline guards the counting statement, not the lookups after.
        drop(stmt);
        drop(deadline);
        let mut geo = self.conn.prepare_cached("SELECT geo_json FROM events WHERE location = ?1 AND location <> '' AND geo_json <> '' LIMIT 1")?;
        let mut rows = Vec::with_capacity(counts.len());
        for (key, events, mentions, quad) in counts {
            let json: Option<String> = geo.query_row([&key], |r| r.get(0)).optional()?;
            let location = json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or(serde_json::Value::Null);
            rows.push(PlaceCount { key, location, events, mentions, quad });
        }
        // Places from before geo_json was stored have no coordinates to draw.
        Ok(rows.into_iter().filter(|p| p.location.is_object()).collect())
    }
}
