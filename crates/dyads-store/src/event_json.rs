//! The one JSON shape of a stored event, for `dyads query`, `dyads export
//! --format jsonl` and the API. It is the shape `dyads code` prints an
//! event in, for the fields both have: `target` and `target_text` null when
//! the event has no recipient (the store keeps ""), `location` the coder's
//! object (name, country, lat, lon, GeoNames id, precision), `goldstein`
//! with CAMEO's one decimal, `date_range` null unless the date is a range.
//! A stored event is an aggregate of mentions, so it adds its id, its
//! counts and its first mention (`evidence`); the API adds every mention
//! and the attribution chain (`EventDetail`).
//!
//! The CSV rows of `query --format csv` and the API's download are here
//! too, so the two cannot drift apart.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::query::{EventRow, Evidence};

fn nullable(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

impl Serialize for EventRow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("source", &self.source)?;
        m.serialize_entry("target", &nullable(&self.target))?;
        m.serialize_entry("code", &self.code)?;
        m.serialize_entry("root", &self.root)?;
        m.serialize_entry("quad_class", &self.quad_class)?;
        m.serialize_entry("goldstein", &crate::goldstein_decimal(self.goldstein))?;
        m.serialize_entry("plover", &self.plover)?;
        m.serialize_entry("source_text", &self.source_name)?;
        m.serialize_entry("target_text", &nullable(&self.target).and(Some(self.target_name.as_str())))?;
        m.serialize_entry("event_date", &self.event_date)?;
        m.serialize_entry("date_precision", &self.date_precision)?;
        m.serialize_entry("date_range", &self.date_range)?;
        m.serialize_entry("location", &self.geo)?;
        m.serialize_entry("num_mentions", &self.num_mentions)?;
        m.serialize_entry("num_sources", &self.num_sources)?;
        m.serialize_entry("num_articles", &self.num_articles)?;
        m.serialize_entry("first_seen", &self.first_seen)?;
        m.serialize_entry("last_seen", &self.last_seen)?;
        if let Some(e) = &self.evidence {
            m.serialize_entry("evidence", e)?;
        }
        m.end()
    }
}

/// One mention of an event, as the API's event detail lists it: the
/// document (title, outlet, URL), the sentence and, as byte spans into the
/// sentence, its trigger, source and target; who reported it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct Mention {
    pub doc_id: String,
    pub title: String,
    /// The document's outlet (`source` of the ingested document).
    pub outlet: String,
    pub url: String,
    pub report_date: String,
    pub sentence: i64,
    pub sentence_text: String,
    pub trigger: String,
    pub trigger_in_sentence: [i64; 2],
    pub source_text: String,
    pub source_in_sentence: [i64; 2],
    pub target_text: Option<String>,
    pub target_in_sentence: Option<[i64; 2]>,
    pub hypothetical: bool,
    pub rule: String,
    pub confidence: f64,
    /// Original source first ("Khalilzad", "The Envoy", "The New York Times").
    pub attribution: Vec<serde_json::Value>,
}

/// An event with every mention (up to the limit asked) and the attribution
/// chain of its first: the API's `/api/events/{id}`.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventRow,
    pub attribution: Vec<serde_json::Value>,
    pub mentions: Vec<Mention>,
}

/// Columns of the CSV form of a stored event.
pub const CSV_HEADER: &str = "id,event_date,source,target,code,quad_class,goldstein,num_mentions,num_sources,num_articles,source_name,target_name,\
date_precision,root,location,country_iso3,lat,lon,geonames_id,doc_id,url,trigger,sentence_text";

/// A CSV field, quoted when it must be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line (no newline) of an event, matching [`CSV_HEADER`]; the
/// evidence columns are empty when the row was read without evidence.
pub fn csv_row(r: &EventRow) -> String {
    let geo = |k: &str| r.geo.as_ref().map_or(String::new(), |g| if g[k].is_string() { g[k].as_str().unwrap_or("").to_string() } else { g[k].to_string() });
    let ev = |f: &dyn Fn(&Evidence) -> String| r.evidence.as_ref().map_or(String::new(), f);
    let cols = [
        r.id.to_string(),
        r.event_date.clone(),
        r.source.clone(),
        r.target.clone(),
        r.code.clone(),
        r.quad_class.to_string(),
        format!("{:.1}", r.goldstein),
        r.num_mentions.to_string(),
        r.num_sources.to_string(),
        r.num_articles.to_string(),
        r.source_name.clone(),
        r.target_name.clone(),
        r.date_precision.clone(),
        r.root.clone(),
        geo("name"),
        geo("country_iso3"),
        geo("lat"),
        geo("lon"),
        geo("geonames_id"),
        ev(&|e| e.doc_id.clone()),
        ev(&|e| e.url.clone()),
        ev(&|e| e.trigger.clone()),
        ev(&|e| e.sentence_text.clone()),
    ];
    cols.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> EventRow {
        EventRow {
            id: 7,
            event_date: "2003-03-20".into(),
            date_precision: "range".into(),
            source: "USA".into(),
            target: String::new(),
            code: "0874".into(),
            root: "08".into(),
            quad_class: 2,
            goldstein: 9.199999809265137,
            plover: "RETREAT".into(),
            location: "Geneva, CHE".into(),
            geo: Some(serde_json::json!({"name": "Geneva", "country_iso3": "CHE", "lat": 46.20222, "lon": 6.14569, "geonames_id": 2660646})),
            date_range: Some([None, Some("2003-03-20".into())]),
            source_name: "Washington".into(),
            target_name: String::new(),
            num_mentions: 2,
            num_sources: 1,
            num_articles: 2,
            first_seen: "2003-03-21".into(),
            last_seen: "2003-03-22".into(),
            evidence: None,
        }
    }

    #[test]
    fn a_stored_event_serializes_in_the_coders_shape() {
        let v = serde_json::to_value(row()).unwrap();
        assert_eq!(v["target"], serde_json::Value::Null, "no recipient: null, not \"\"");
        assert_eq!(v["target_text"], serde_json::Value::Null);
        assert_eq!(serde_json::to_string(&v["goldstein"]).unwrap(), "9.2", "one decimal, no f32 noise");
        assert_eq!(v["location"]["name"], "Geneva");
        assert_eq!(serde_json::to_string(&v["location"]["lat"]).unwrap(), "46.20222");
        assert_eq!(v["date_range"], serde_json::json!([null, "2003-03-20"]));
        assert!(v.get("evidence").is_none() && v.get("geo").is_none());
        let line = csv_row(&row());
        assert!(line.starts_with("7,2003-03-20,USA,,0874,2,9.2,"), "{line}");
        assert!(line.contains(",Geneva,CHE,46.20222,6.14569,2660646,"), "{line}");
        assert_eq!(line.split(',').count(), CSV_HEADER.split(',').count());
    }
}
