//! The CAMEO ontology as data: event codes (with QuadClass, Goldstein and the
//! PLOVER mapping), country codes, role/type codes, known groups, ethnic and
//! religion codes. The tables live in `data/cameo/` and are compiled in.
//!
//! Codes are strings: `010` and `10` differ, and leading zeros are kept.

use std::collections::HashMap;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCode {
    pub code: String,
    pub root: String,
    /// 2 for a root ("04"), 3 for "040", 4 for "0411".
    pub level: u8,
    pub quad_class: u8,
    pub goldstein: f32,
    pub name: String,
    /// PLOVER event type; empty where CAMEO has no PLOVER equivalent.
    pub plover: String,
    pub plover_mode: String,
    pub plover_context: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    pub cameo: String,
    pub name: String,
    pub iso3: String,
    pub iso2: String,
    pub fips: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OntologyError {
    #[error("unknown CAMEO event code {0:?}")]
    UnknownEventCode(String),
    #[error("{table}:{line}: {reason}")]
    Table { table: &'static str, line: usize, reason: String },
}

pub struct Ontology {
    events: HashMap<String, EventCode>,
    countries: HashMap<String, Country>,
    /// Role/type, known-group, ethnic and religion codes -> label.
    labels: HashMap<String, (&'static str, String)>,
}

const EVENTCODES: &str = include_str!("../../../data/cameo/eventcodes.tsv");
const COUNTRIES: &str = include_str!("../../../data/cameo/countries.tsv");
const TYPES: &str = include_str!("../../../data/cameo/types.tsv");
const KNOWNGROUPS: &str = include_str!("../../../data/cameo/knowngroups.tsv");
const ETHNIC: &str = include_str!("../../../data/cameo/ethnic.tsv");
const RELIGION: &str = include_str!("../../../data/cameo/religion.tsv");
const REGIONS: &str = include_str!("../../../data/cameo/regions.tsv");

/// The codes of a country table's code column: `FRA`, or each code of a
/// date-restricted list `[YUGKSV <20920427][FRYKSV 20920427 - 20990610][KSV >20030101]`.
fn cameo_codes(col: &str) -> Vec<&str> {
    if !col.starts_with('[') {
        return vec![col.trim()];
    }
    col.split(['[', ']']).filter_map(|part| part.split_whitespace().next()).collect()
}

/// "UNITED_KINGDOM" -> "United Kingdom", "SAINT_KITTS_AND_NEVIS" -> "Saint Kitts and Nevis".
fn title_case(table_name: &str) -> String {
    let words: Vec<String> = table_name
        .split('_')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && ["and", "of", "the", "da", "du", "de"].contains(&lower.as_str()) {
                return lower;
            }
            let mut c = lower.chars();
            c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    words.join(" ")
}

fn rows(table: &'static str, text: &'static str, min_cols: usize) -> Result<Vec<(usize, Vec<&'static str>)>, OntologyError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < min_cols {
            return Err(OntologyError::Table { table, line: i + 1, reason: format!("expected {min_cols} columns, found {}", cols.len()) });
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

impl Ontology {
    /// The tables shipped in the binary.
    pub fn cameo() -> &'static Ontology {
        static ONTOLOGY: std::sync::OnceLock<Ontology> = std::sync::OnceLock::new();
        ONTOLOGY.get_or_init(|| Ontology::load().expect("shipped CAMEO tables are valid (checked by tests)"))
    }

    fn load() -> Result<Ontology, OntologyError> {
        let mut events = HashMap::new();
        for (line, c) in rows("eventcodes.tsv", EVENTCODES, 6)? {
            let bad = |reason: String| OntologyError::Table { table: "eventcodes.tsv", line, reason };
            let col = |i: usize| c.get(i).copied().unwrap_or("").trim().to_string();
            let e = EventCode {
                code: col(0),
                root: col(1),
                level: col(2).parse().map_err(|_| bad(format!("bad LEVEL {:?}", col(2))))?,
                quad_class: col(3).parse().map_err(|_| bad(format!("bad QUAD_CLASS {:?}", col(3))))?,
                goldstein: col(4).parse().map_err(|_| bad(format!("bad GOLDSTEIN {:?}", col(4))))?,
                name: col(5),
                plover: col(6),
                plover_mode: col(7),
                plover_context: col(8),
            };
            if events.insert(e.code.clone(), e).is_some() {
                return Err(bad("duplicate code".into()));
            }
        }
        let mut countries = HashMap::new();
        for (_, c) in rows("countries.tsv", COUNTRIES, 7)? {
            // Territories listed under their state's code (Mayotte and Saint
            // Barthelemy as FRA, Jersey as GBR) come after the state itself:
            // the first row of a code names it. A date-restricted code
            // (`[YUGKSV <20920427][KSV >20030101]`) names each of its codes.
            for code in cameo_codes(c[0]) {
                let country = Country { cameo: code.into(), name: c[1].into(), iso3: c[2].into(), iso2: c[3].into(), fips: c[6].into() };
                countries.entry(country.cameo.clone()).or_insert(country);
            }
        }
        let mut labels = HashMap::new();
        for (kind, table, text) in [
            ("type", "types.tsv", TYPES),
            ("known group", "knowngroups.tsv", KNOWNGROUPS),
            ("ethnic", "ethnic.tsv", ETHNIC),
            ("religion", "religion.tsv", RELIGION),
            ("region", "regions.tsv", REGIONS),
        ] {
            for (_, c) in rows(table, text, 2)? {
                labels.entry(c[0].to_string()).or_insert((kind, c[1].to_string()));
            }
        }
        Ok(Ontology { events, countries, labels })
    }

    /// O(1) lookup; an unknown code is an error naming it.
    pub fn event(&self, code: &str) -> Result<&EventCode, OntologyError> {
        self.events.get(code).ok_or_else(|| OntologyError::UnknownEventCode(code.to_string()))
    }

    pub fn events(&self) -> impl Iterator<Item = &EventCode> {
        self.events.values()
    }

    pub fn country(&self, cameo: &str) -> Option<&Country> {
        self.countries.get(cameo)
    }

    /// Whether actor code `code` is a country alone ("IRN"), no role or
    /// organisation after it.
    pub fn is_country_code(&self, code: &str) -> bool {
        code.len() == 3 && self.country(code).is_some()
    }

    /// Label and kind ("type", "known group", "ethnic", "religion") of a
    /// three-letter actor component.
    pub fn actor_component(&self, code: &str) -> Option<(&'static str, &str)> {
        self.labels.get(code).map(|(k, l)| (*k, l.as_str()))
    }

    /// A reader's name for an actor code: its country and roles ("Iran
    /// government" for IRNGOV, "United States military" for USAMIL), or
    /// for an organisation its most specific known part ("North Atlantic
    /// Treaty Organization (NATO)" for IGOWSTNAT, "United Nations" for
    /// IGOUNO, "Europe" for IGOEUR). `None` when no part is known.
    pub fn actor_name(&self, code: &str) -> Option<String> {
        let parts: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3)).collect();
        let country = parts.first().and_then(|p| self.country(p)).map(|c| title_case(&c.name));
        let labels: Vec<(&str, &str)> = parts.iter().skip(country.is_some() as usize).filter_map(|p| self.actor_component(p)).collect();
        match country {
            Some(c) if labels.is_empty() => Some(c),
            Some(c) => Some(format!("{c} {}", labels.iter().map(|(_, l)| l.to_lowercase()).collect::<Vec<_>>().join(", "))),
            // An organisation: the most specific part that is not a generic
            // type (IGO, NGO) names it.
            None => labels.iter().rev().find(|(kind, _)| *kind != "type").or(labels.last()).map(|(_, l)| l.to_string()),
        }
    }

    /// Human-readable description of a composite actor code such as
    /// `IRNGOVFRM`: its three-letter components where known.
    pub fn describe_actor(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + 3 <= code.len() && code.is_char_boundary(i + 3) {
            let part = &code[i..i + 3];
            if let Some(c) = self.country(part) {
                out.push(format!("{part}: {}", c.name));
            } else if let Some((kind, label)) = self.actor_component(part) {
                out.push(format!("{part}: {label} ({kind})"));
            } else {
                out.push(part.to_string());
            }
            i += 3;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_load_and_look_up() {
        let o = Ontology::load().unwrap();
        let e = o.event("190").unwrap();
        assert_eq!((e.root.as_str(), e.quad_class, e.goldstein), ("19", 4, -10.0));
        assert_eq!(o.event("036").unwrap().quad_class, 1);
        assert_eq!(o.event("112").unwrap().root, "11");
        assert_eq!(o.event("042").unwrap().plover, "CONSULT");
        assert_eq!(o.event("010").unwrap().code, "010");
        // "10" (the DEMAND root) and "010" (make a statement) are different codes.
        assert_eq!(o.event("10").unwrap().root, "10");
        assert_eq!(o.event("010").unwrap().root, "01");
        assert_eq!(o.event("999").unwrap_err().to_string(), "unknown CAMEO event code \"999\"");
        assert_eq!(o.country("IRN").unwrap().iso3, "IRN");
        assert_eq!(o.country("USA").unwrap().fips, "US");
        for t in ["GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "BUS", "MED", "CVL"] {
            assert_eq!(o.actor_component(t).unwrap().0, "type", "{t}");
        }
        assert_eq!(o.describe_actor("IRNGOV"), ["IRN: IRAN", "GOV: Government (type)"]);
        // A territory listed under its state's code does not rename the state.
        assert_eq!(o.country("FRA").unwrap().name, "FRANCE");
        assert_eq!(o.country("GBR").unwrap().name, "UNITED_KINGDOM");
        assert_eq!(o.country("KSV").unwrap().name, "KOSOVO");
        assert_eq!(o.actor_name("FRA").as_deref(), Some("France"));
        assert_eq!(o.actor_name("KSV").as_deref(), Some("Kosovo"));
        assert_eq!(o.actor_name("KNA").as_deref(), Some("Saint Kitts and Nevis"));
        assert_eq!(o.actor_name("IRNGOV").as_deref(), Some("Iran government"));
        assert_eq!(o.actor_name("IGOWSTNAT").as_deref(), Some("North Atlantic Treaty Organization (NATO)"));
        assert_eq!(o.actor_name("IGOUNO").as_deref(), Some("United Nations"));
        assert_eq!(o.actor_name("IGOEUR").as_deref(), Some("Europe"));
        assert_eq!(o.actor_name("IGOEUREEC").as_deref(), Some("European Union"));
        assert_eq!(o.actor_name("ZZZ"), None);
        // QuadClass follows the root, as CAMEO defines it.
        for e in o.events() {
            let root: u8 = e.root.parse().unwrap();
            let q = match root {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            };
            assert_eq!(e.quad_class, q, "{}", e.code);
        }
    }
}
