//! What the coder asks of a word's form, read from UD FEATS (and UPOS), not
//! from a language's own tags: a parse of any language answers alike. The
//! built-in annotator derives English FEATS from Penn tags
//! (`dyads_parse::english_feats`); UDPipe and Stanza write them.

use dyads_text::{Doc, Upos};

fn verb_form(doc: &Doc, i: usize) -> Option<&str> {
    doc.feat(i, "VerbForm")
}

/// A past participle ("attacked" in "was attacked"; Penn VBN):
/// `VerbForm=Part|Tense=Past`.
pub(super) fn past_participle(doc: &Doc, i: usize) -> bool {
    verb_form(doc, i) == Some("Part") && doc.feat(i, "Tense") == Some("Past")
}

/// A gerund or present participle ("hunting"; Penn VBG): `VerbForm=Ger`,
/// or `VerbForm=Part|Tense=Pres`.
pub(super) fn gerund_or_present_participle(doc: &Doc, i: usize) -> bool {
    match verb_form(doc, i) {
        Some("Ger") => true,
        Some("Part") => doc.feat(i, "Tense") == Some("Pres"),
        _ => false,
    }
}

/// A finite past-tense verb ("attacked" in "Iran attacked"; Penn VBD).
pub(super) fn finite_past(doc: &Doc, i: usize) -> bool {
    verb_form(doc, i) == Some("Fin") && doc.feat(i, "Tense") == Some("Past")
}

/// A verb by its inflection, whatever its UPOS: a non-finite form, or a
/// finite one with a mood (Penn VB*; a modal, finite without mood or tense,
/// is not one).
pub(super) fn inflected_verb(doc: &Doc, i: usize) -> bool {
    match verb_form(doc, i) {
        Some("Fin") | None => doc.feat(i, "Mood").is_some(),
        Some(_) => true,
    }
}

/// A verb: UPOS `VERB`, or a verb by its inflection (an auxiliary).
pub(super) fn verbal(doc: &Doc, i: usize) -> bool {
    doc.upos[i] == Upos::Verb || inflected_verb(doc, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_feats(feats: &[&str]) -> Doc {
        let mut d = Doc::new("t", "x ".repeat(feats.len()));
        for (k, f) in feats.iter().enumerate() {
            let i = d.push_token(2 * k, 2 * k + 1);
            d.feats[i] = f.to_string();
        }
        d
    }

    #[test]
    fn penn_forms_read_from_feats() {
        // VBN, VBG, gerund, VBD, VB, MD, NN, VBZ as EWT writes them.
        let d = with_feats(&[
            "Tense=Past|VerbForm=Part|Voice=Pass",
            "Tense=Pres|VerbForm=Part",
            "VerbForm=Ger",
            "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
            "VerbForm=Inf",
            "VerbForm=Fin",
            "Number=Sing",
            "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
        ]);
        let which = |f: fn(&Doc, usize) -> bool| (0..d.len()).filter(|&i| f(&d, i)).collect::<Vec<_>>();
        assert_eq!(which(past_participle), [0]);
        assert_eq!(which(gerund_or_present_participle), [1, 2]);
        assert_eq!(which(finite_past), [3]);
        assert_eq!(which(inflected_verb), [0, 1, 2, 3, 4, 7]);
    }
}
