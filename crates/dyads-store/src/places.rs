//! Where events happened: the located events matching a query, one row per
//! place, for the dashboard's map.

use rusqlite::params_from_iter;

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
        let sql = format!(
            "SELECT location, max(geo_json), count(*) AS n, sum(num_mentions),
                    sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
             FROM events WHERE {cond} AND location <> '' GROUP BY location ORDER BY n DESC, location LIMIT {limit}"
        );
        let _deadline = Deadline::set(&self.conn, q.timeout);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                let geo: String = r.get(1)?;
                Ok(PlaceCount {
                    key: r.get(0)?,
                    location: serde_json::from_str(&geo).unwrap_or(serde_json::Value::Null),
                    events: r.get(2)?,
                    mentions: r.get(3)?,
                    quad: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                })
            })
            .map_err(timeout_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(timeout_error)?;
        // Places from before geo_json was stored have no coordinates to draw.
        Ok(rows.into_iter().filter(|p| p.location.is_object()).collect())
    }
}
