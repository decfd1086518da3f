//! Where each sentence is set, for role nouns that name no country
//! ("police", "the authorities", "protesters"): the one country of the
//! sentence's place phrases ("Police in Columbus, Ohio"), else the country
//! of the document's dateline ("JACKSON, Miss. —"). A country named as an
//! actor in a locative phrase ("in Zimbabwe") is read first, by
//! `SentenceCtx::setting_country`; this is its fallback.

use std::collections::HashSet;

use dyads_text::{Doc, FrontKind};

use crate::geo::{Gazetteer, Toponym};

/// Per sentence, the country (ISO3, which CAMEO uses for countries) it is
/// set in, from the toponyms the document reading found once per sentence
/// (`Gazetteer::toponyms_by_sentence`) and the dateline, read once per
/// document. `None` for a sentence whose place phrases name several
/// countries, or none when there is no dateline either.
pub(super) fn sentence_settings(doc: &Doc, toponyms: &[Vec<Toponym<'_>>], gazetteer: &Gazetteer) -> Vec<Option<String>> {
    let dateline = dateline_country(doc, gazetteer);
    let none = HashSet::new();
    toponyms
        .iter()
        .map(|tops| {
            let mut countries: Vec<String> = tops.iter().filter_map(|&(_, _, ids)| gazetteer.toponym_country(ids, &none)).collect();
            countries.sort();
            countries.dedup();
            match countries.len() {
                1 => countries.pop(),
                0 => dateline.clone(),
                _ => None,
            }
        })
        .collect()
}

/// Each sentence's setting and the dateline's country, read outside the
/// document loop (`explain`, `unknown_actors`, tests).
pub(super) fn settings_and_dateline(doc: &Doc, gazetteer: &Gazetteer) -> (Vec<Option<String>>, Option<String>) {
    (sentence_settings(doc, &gazetteer.toponyms_by_sentence(doc), gazetteer), dateline_country(doc, gazetteer))
}

/// The country of the document's dateline place, if it has one the
/// gazetteer knows.
/// A title-case label with a colon ("New Delhi:", but also "Obama:") counts
/// only as a country or a city of 100,000 people ("Obama" is also a town
/// of 30,000 in Japan).
pub(super) fn dateline_country(doc: &Doc, gazetteer: &Gazetteer) -> Option<String> {
    doc.front_matter.iter().filter(|f| f.kind == FrontKind::Dateline).find_map(|f| {
        let p = f.place.clone()?;
        let label = doc.form(f.tokens.end - 1) == ":" && doc.form(p.start).chars().any(char::is_lowercase);
        gazetteer.place_country_of_size(doc, p.start, p.end, if label { 100_000 } else { 0 })
    })
}
