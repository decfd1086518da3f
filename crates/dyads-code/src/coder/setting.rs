//! Where a sentence is set, for role nouns that name no country ("police",
//! "the authorities", "protesters"): the one country of the sentence's
//! place phrases ("Police in Columbus, Ohio"), else the country of the
//! document's dateline ("JACKSON, Miss. —"). A country named as an actor
//! in a locative phrase ("in Zimbabwe") is read first, by
//! `SentenceCtx::setting_country`; this is its fallback.

use std::collections::HashSet;

use dyads_text::{Doc, FrontKind};

use crate::geo::Gazetteer;

/// The country (ISO3, which CAMEO uses for countries) sentence `si` is set
/// in by its toponyms or, failing that, by the document's dateline. `None`
/// when its place phrases name several countries, or none and there is no
/// dateline.
pub(super) fn sentence_setting(doc: &Doc, si: usize, gazetteer: &Gazetteer) -> Option<String> {
    let tokens = doc.sentences[si].tokens.clone();
    let none = HashSet::new();
    let toponyms = gazetteer.toponyms_by_range(doc, tokens);
    let mut countries: Vec<String> = toponyms.iter().filter_map(|&(_, _, ids)| gazetteer.toponym_country(ids, &none)).collect();
    countries.sort();
    countries.dedup();
    match countries.len() {
        1 => countries.pop(),
        0 => dateline_country(doc, gazetteer),
        _ => None,
    }
}

/// The country of the document's dateline place, if it has one the
/// gazetteer knows.
pub(super) fn dateline_country(doc: &Doc, gazetteer: &Gazetteer) -> Option<String> {
    doc.front_matter.iter().filter(|f| f.kind == FrontKind::Dateline).find_map(|f| f.place.clone().and_then(|p| gazetteer.place_country(doc, p.start, p.end)))
}
