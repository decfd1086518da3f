//! Per-document tables the coder's matchers read in their inner loops,
//! computed once per document: upper-case token text, relation names, and
//! each token's children.

use dyads_text::Doc;

/// Joins tokens in the matchers' haystacks; a token never holds one.
pub(super) const SEP: char = '\u{1}';

/// Relation name as the coder reads it: the parse's own (UD v2: a UD v1
/// file is renamed when read, `dyads_text::ud2_relation`), with one repair.
pub(super) fn rel(doc: &Doc, i: usize) -> &str {
    match doc.deprel[i].as_str() {
        // A name read as a bare-noun adverbial ("met British Prime Minister
        // Gordon Brown" parsed like "met Tuesday") is the verb's object: a
        // bare adverbial is a time or a measure, never a proper name.
        "obl:unmarked" | "obl:tmod" | "obl:npmod" if doc.upos[i] == dyads_text::Upos::Propn && !is_time_name(doc.form(i)) => "obj",
        r => r,
    }
}

/// Weekdays and months, which are proper nouns and bare adverbials.
pub(super) fn is_time_name(form: &str) -> bool {
    const NAMES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    NAMES.contains(&form.trim_end_matches('.').to_ascii_lowercase().as_str())
}

pub(super) fn base_rel(r: &str) -> &str {
    r.split_once(':').map_or(r, |(base, _)| base)
}

/// Every token's relation (`rel`) and its base (`base_rel`), computed once
/// per document: the pattern matchers ask for them in their inner loops.
pub(super) struct Rels<'d> {
    pub(super) rel: Vec<&'d str>,
    pub(super) base: Vec<&'d str>,
}

impl<'d> Rels<'d> {
    pub(super) fn new(doc: &'d Doc) -> Rels<'d> {
        let rel: Vec<&str> = (0..doc.len()).map(|i| rel(doc, i)).collect();
        let base = rel.iter().map(|r| base_rel(r)).collect();
        Rels { rel, base }
    }
}

/// Upper-case forms and lemmas of a document's tokens, computed once: the
/// dictionaries are upper-case and accent-free and every matcher compares against them.
/// One buffer for the whole document (token `i`'s form, then its lemma), not
/// two strings per token.
pub(super) struct Upper {
    text: String,
    /// Per token: where its form starts, where its lemma starts, where the
    /// lemma ends.
    at: Vec<[u32; 3]>,
}

impl Upper {
    pub(super) fn new(doc: &Doc) -> Upper {
        let mut text = String::with_capacity(doc.text.len() * 2);
        let mut at = Vec::with_capacity(doc.len());
        let push_upper = |text: &mut String, s: &str| {
            if s.is_ascii() {
                text.extend(s.bytes().map(|b| b.to_ascii_uppercase() as char));
            } else {
                // Accents folded, as in the dictionaries (`dict::fold_upper`).
                text.push_str(&crate::dict::fold_upper(s));
            }
        };
        for i in 0..doc.len() {
            let form_start = text.len() as u32;
            push_upper(&mut text, doc.form(i));
            // The matchers join tokens with SEP: a token must not hold one.
            if text[form_start as usize..].contains(SEP) {
                let cleaned = text[form_start as usize..].replace(SEP, "");
                text.truncate(form_start as usize);
                text.push_str(&cleaned);
            }
            let lemma_start = text.len() as u32;
            push_upper(&mut text, &doc.lemma[i]);
            at.push([form_start, lemma_start, text.len() as u32]);
        }
        Upper { text, at }
    }

    pub(super) fn form(&self, i: usize) -> &str {
        &self.text[self.at[i][0] as usize..self.at[i][1] as usize]
    }

    pub(super) fn lemma(&self, i: usize) -> &str {
        &self.text[self.at[i][1] as usize..self.at[i][2] as usize]
    }
}
