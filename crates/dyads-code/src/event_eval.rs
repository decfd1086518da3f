//! Scoring coded events against hand-coded gold (`dyads eval-events`).
//!
//! A gold file has one JSON object per sentence: `{"id", "events": [{"source",
//! "target" (or null), "code", "alt": [...]}]}`; an empty list says the
//! sentence holds no political event. The texts live elsewhere (news text may
//! not ship), so gold and text are joined by `id`.
//!
//! Two levels are scored, each as precision, recall and F1 over events
//! matched one-to-one within a sentence:
//! - **country/root**: the country of source and target (the organisation
//!   for IGO/NGO/IMG codes; a gold bare "NGO", "IGO" or "IMG" takes any
//!   organisation of that kind) and the CAMEO root: what most analyses count;
//! - **full**: the whole actor codes and the exact event code.
//!
//! A gold event matches through its `code` or any of its `alt`ernatives.
//! Symmetric interactions (consult, meet, sign, cooperate) match in either
//! direction, as "talks between X and Y" names no initiator.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One event of the gold set. An event whose source the text does not
/// name (a car bomb, unnamed gunmen) has `source: null`: it is real, but no
/// coder that codes "who did what to whom" can find it, so it is counted
/// apart (`unattributed`) and not scored.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    #[serde(default)]
    pub alt: Vec<String>,
    #[serde(default)]
    pub trigger: Option<String>,
}

/// One sentence of the gold set.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    pub id: String,
    /// The scored events (those with a source).
    pub events: Vec<GoldEvent>,
    /// Events of the sentence whose source the text does not name.
    #[serde(skip)]
    pub unattributed: usize,
}

/// What the scorer needs of a coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub source: String,
    pub target: Option<String>,
    pub code: String,
    pub trigger: String,
}

/// Reads a gold file; a line that does not parse is an error naming
/// `file:line`, and the scorer stops (a half-read gold set gives figures
/// that look right and are not).
pub fn read_gold(text: &str, file: &str) -> Result<Vec<GoldSentence>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut s: GoldSentence = serde_json::from_str(line).map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        for e in &s.events {
            for c in std::iter::once(&e.code).chain(&e.alt) {
                if crate::Ontology::cameo().event(c).is_err() {
                    return Err(format!("{file}:{}: {c:?} is not a CAMEO event code", i + 1));
                }
            }
        }
        s.unattributed = s.events.iter().filter(|e| e.source.is_none()).count();
        s.events.retain(|e| e.source.is_some());
        out.push(s);
    }
    Ok(out)
}

/// The part of an actor code compared at the country level.
pub fn country_key(code: &str) -> &str {
    let n = if ["IGO", "NGO", "IMG"].iter().any(|p| code.starts_with(p)) { 6 } else { 3 };
    &code[..n.min(code.len())]
}

fn root(code: &str) -> &str {
    &code[..2.min(code.len())]
}

/// Interactions without an initiator: matched in either direction.
fn symmetric(code: &str) -> bool {
    root(code) == "04" || root(code) == "06" || code == "036" || code == "057"
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    CountryRoot,
    Full,
}

/// Gold actor `gold` and coded actor `coded` at the country level. A gold
/// code that names only the kind of organisation ("NGO": the coder could not
/// tell which) is matched by any organisation of that kind, as a gold
/// country is matched by any of its actors.
fn same_country(gold: &str, coded: &str) -> bool {
    country_key(gold) == country_key(coded) || (matches!(gold, "NGO" | "IGO" | "IMG") && coded.starts_with(gold))
}

fn matches(g: &GoldEvent, p: &Predicted, level: Level) -> bool {
    let actor = |a: &str, b: &str| match level {
        Level::CountryRoot => same_country(a, b),
        Level::Full => a == b,
    };
    let target = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => actor(a, b),
        _ => false,
    };
    let codes = std::iter::once(&g.code).chain(&g.alt);
    let code_ok = match level {
        Level::CountryRoot => codes.clone().any(|c| root(c) == root(&p.code)),
        Level::Full => codes.clone().any(|c| *c == p.code),
    };
    if !code_ok {
        return false;
    }
    let Some(source) = g.source.as_deref() else { return false };
    let forward = actor(source, &p.source) && target(&g.target, &p.target);
    let backward = || match (&g.target, &p.target) {
        (Some(gt), Some(pt)) => actor(gt, &p.source) && actor(source, pt),
        _ => false,
    };
    forward || (codes.into_iter().any(|c| symmetric(c)) && backward())
}

/// Greedy one-to-one matching within a sentence: gold index per prediction.
fn align(gold: &[GoldEvent], pred: &[Predicted], level: Level) -> Vec<Option<usize>> {
    let mut used = vec![false; gold.len()];
    pred.iter()
        .map(|p| {
            let hit = (0..gold.len()).find(|&g| !used[g] && matches(&gold[g], p, level));
            if let Some(g) = hit {
                used[g] = true;
            }
            hit
        })
        .collect()
}

/// Precision, recall and F1 at one level.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(gold: usize, predicted: usize, matched: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(matched, predicted), ratio(matched, gold));
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { gold, predicted, matched, precision: p, recall: r, f1 }
    }
}

/// The scores of a whole gold set.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub sentences: usize,
    pub country_root: Prf,
    pub full: Prf,
    /// Gold events without a named source (not scored).
    pub unattributed: usize,
    /// Sentences whose gold holds no event.
    pub no_event_sentences: usize,
    /// ... of which the coder emitted at least one event.
    pub no_event_fired: usize,
    pub no_event_fire_rate: f64,
    /// Sentences of the gold set missing from the coded input.
    pub missing: Vec<String>,
    /// Per sentence, what did not match at country/root level (for `--show-misses`).
    #[serde(skip)]
    pub misses: Vec<Miss>,
}

/// One sentence's unmatched gold and predicted events.
#[derive(Debug, Clone)]
pub struct Miss {
    pub id: String,
    pub missed: Vec<GoldEvent>,
    pub wrong: Vec<Predicted>,
}

/// Scores `predicted` (by sentence id) against `gold`.
pub fn score(gold: &[GoldSentence], predicted: &BTreeMap<String, Vec<Predicted>>) -> Report {
    let mut r = Report::default();
    let (mut cr, mut full) = ([0usize; 3], [0usize; 3]);
    for s in gold {
        let Some(pred) = predicted.get(&s.id) else {
            r.missing.push(s.id.clone());
            continue;
        };
        r.sentences += 1;
        r.unattributed += s.unattributed;
        if s.events.is_empty() && s.unattributed == 0 {
            r.no_event_sentences += 1;
            r.no_event_fired += usize::from(!pred.is_empty());
        }
        let a = align(&s.events, pred, Level::CountryRoot);
        let f = align(&s.events, pred, Level::Full);
        let hits = |v: &[Option<usize>]| v.iter().flatten().count();
        for (acc, v) in [(&mut cr, &a), (&mut full, &f)] {
            acc[0] += s.events.len();
            acc[1] += pred.len();
            acc[2] += hits(v);
        }
        let found: Vec<usize> = a.iter().flatten().copied().collect();
        let missed: Vec<GoldEvent> = (0..s.events.len()).filter(|g| !found.contains(g)).map(|g| s.events[g].clone()).collect();
        let wrong: Vec<Predicted> = pred.iter().zip(&a).filter(|(_, m)| m.is_none()).map(|(p, _)| p.clone()).collect();
        if !missed.is_empty() || !wrong.is_empty() {
            r.misses.push(Miss { id: s.id.clone(), missed, wrong });
        }
    }
    r.country_root = Prf::new(cr[0], cr[1], cr[2]);
    r.full = Prf::new(full[0], full[1], full[2]);
    r.no_event_fire_rate = if r.no_event_sentences == 0 { 0.0 } else { r.no_event_fired as f64 / r.no_event_sentences as f64 };
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(line: &str) -> GoldSentence {
        read_gold(line, "test").unwrap().remove(0)
    }

    fn pred(source: &str, target: Option<&str>, code: &str) -> Predicted {
        Predicted { source: source.into(), target: target.map(Into::into), code: code.into(), trigger: "x".into() }
    }

    #[test]
    fn country_and_root_level_ignores_roles_and_subcodes() {
        let g = vec![gold(r#"{"id":"a","events":[{"source":"USAGOV","target":"IRN","code":"112"}]}"#)];
        let p = BTreeMap::from([("a".to_string(), vec![pred("USA", Some("IRNGOV"), "111")])]);
        let r = score(&g, &p);
        assert_eq!((r.country_root.matched, r.full.matched), (1, 0));
        assert_eq!(r.country_root.f1, 1.0);
    }

    #[test]
    fn direction_matters_except_for_symmetric_codes() {
        let g = vec![
            gold(r#"{"id":"a","events":[{"source":"USA","target":"IRN","code":"112"}]}"#),
            gold(r#"{"id":"b","events":[{"source":"USA","target":"IRN","code":"043"}]}"#),
        ];
        let p = BTreeMap::from([("a".to_string(), vec![pred("IRN", Some("USA"), "112")]), ("b".to_string(), vec![pred("IRN", Some("USA"), "043")])]);
        let r = score(&g, &p);
        assert_eq!(r.country_root.matched, 1);
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.misses[0].id, "a");
    }

    #[test]
    fn alternatives_null_targets_and_one_to_one_matching() {
        let g = vec![gold(r#"{"id":"a","events":[{"source":"SYRREB","target":null,"code":"0871","alt":["190"]}]}"#)];
        let one = BTreeMap::from([("a".to_string(), vec![pred("SYR", None, "190"), pred("SYR", None, "190")])]);
        let r = score(&g, &one);
        assert_eq!((r.country_root.matched, r.country_root.predicted), (1, 2));
        assert_eq!(r.country_root.precision, 0.5);
        let targeted = BTreeMap::from([("a".to_string(), vec![pred("SYR", Some("SYR"), "190")])]);
        assert_eq!(score(&g, &targeted).country_root.matched, 0);
    }

    #[test]
    fn silence_on_event_free_sentences_is_counted() {
        let g = vec![gold(r#"{"id":"a","events":[]}"#), gold(r#"{"id":"b","events":[]}"#), gold(r#"{"id":"c","events":[]}"#)];
        let p = BTreeMap::from([("a".to_string(), vec![pred("USA", Some("IRN"), "010")]), ("b".to_string(), vec![])]);
        let r = score(&g, &p);
        assert_eq!((r.no_event_sentences, r.no_event_fired), (2, 1));
        assert_eq!(r.missing, vec!["c".to_string()]);
    }

    #[test]
    fn events_without_a_named_source_are_counted_apart() {
        let g = vec![gold(r#"{"id":"a","events":[{"source":null,"target":"CVL","code":"180"}]}"#)];
        let p = BTreeMap::from([("a".to_string(), vec![])]);
        let r = score(&g, &p);
        assert_eq!((r.unattributed, r.country_root.gold, r.no_event_sentences), (1, 0, 0));
    }

    #[test]
    fn organisations_are_told_apart_at_country_level() {
        assert_eq!(country_key("IGOUNO"), "IGOUNO");
        assert_ne!(country_key("IGOEUR"), country_key("IGOUNO"));
        assert_eq!(country_key("USAGOV"), "USA");
        assert_eq!(country_key("COP"), "COP");
        // A gold "NGO" (which one, the text does not say) takes any NGO; a
        // named one only itself.
        assert!(same_country("NGO", "NGOUSA") && !same_country("NGOAMN", "NGOUSA") && !same_country("NGO", "IGOUNO"));
    }

    #[test]
    fn a_bad_gold_line_names_file_and_line() {
        let err = read_gold("{\"id\":\"a\",\"events\":[]}\n{oops\n", "g.jsonl").unwrap_err();
        assert!(err.starts_with("g.jsonl:2:"), "{err}");
        let err = read_gold(r#"{"id":"a","events":[{"source":"X","target":null,"code":"999"}]}"#, "g.jsonl").unwrap_err();
        assert!(err.contains("999") && err.starts_with("g.jsonl:1:"), "{err}");
    }
}
