//! A sentence with a subject and an object needs a verb between them. The
//! tagger, reading left to right, sometimes takes the verb of a short
//! sentence for a modifier ("Russia wounded Ukraine." as the noun phrase
//! "Russia [wounded] Ukraine"); the parser then finds no predicate and the
//! coder no event. When a sentence has no verb at all, a past form that
//! WordNet knows as a verb, between two nominals, is retagged as one.

use dyads_text::{Doc, Upos};

use crate::wordnet::{Pos, WordNet};

fn nominal(u: Upos) -> bool {
    matches!(u, Upos::Propn | Upos::Noun | Upos::Pron)
}

fn object_start(u: Upos) -> bool {
    nominal(u) || matches!(u, Upos::Det | Upos::Num | Upos::Adj)
}

/// The verb lemma of `lower` when it is a past form: "wounded" -> "wound",
/// "stole" -> "steal".
fn past_verb(lower: &str) -> Option<String> {
    let wn = WordNet::get();
    let lemma = wn.lemma(Pos::Verb, lower)?;
    (lemma != lower && (lower.ends_with("ed") || !lower.ends_with('s') && !lower.ends_with("ing"))).then_some(lemma)
}

/// The verb lemma of `lower` when it is a third-person present form:
/// "arms" -> "arm", "tours" -> "tour", "taxes" -> "tax".
fn present_verb(lower: &str) -> Option<String> {
    let lemma = WordNet::get().lemma(Pos::Verb, lower)?;
    (lemma != lower && lower.ends_with('s') && !lower.ends_with("ss")).then_some(lemma)
}

/// The token of `range` to read as the sentence's verb, with its lemma
/// and Penn tag, when the tagger found none. A past form follows any
/// nominal; a present one ("Russia arms separatists", "Obama tours Asia",
/// a headline's tense) only a name or a singular noun, and may have been
/// read as a preposition too.
pub fn missing_verb(doc: &Doc, range: std::ops::Range<usize>) -> Option<(usize, String, &'static str)> {
    if range.len() < 3 || range.clone().any(|i| matches!(doc.upos[i], Upos::Verb | Upos::Aux)) {
        return None;
    }
    (range.start + 1..range.end - 1).find_map(|i| {
        if !(nominal(doc.upos[i - 1]) && object_start(doc.upos[i + 1])) {
            return None;
        }
        let lower = doc.form(i).to_lowercase();
        if matches!(doc.upos[i], Upos::Adj | Upos::Noun) {
            if let Some(l) = past_verb(&lower) {
                return Some((i, l, "VBD"));
            }
        }
        let singular_subject = doc.upos[i - 1] == Upos::Propn || (doc.upos[i - 1] == Upos::Noun && !doc.form(i - 1).ends_with('s'));
        if matches!(doc.upos[i], Upos::Noun | Upos::Adp) && singular_subject {
            return present_verb(&lower).map(|l| (i, l, "VBZ"));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(words: &[(&str, Upos)]) -> Doc {
        let text = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
        let mut d = dyads_text::tokenize("t", text);
        for (i, w) in words.iter().enumerate() {
            d.upos[i] = w.1;
        }
        d
    }

    #[test]
    fn a_verbless_sentence_gets_the_past_form_between_its_nominals() {
        let d = doc(&[("Russia", Upos::Propn), ("wounded", Upos::Adj), ("Ukraine", Upos::Propn), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), Some((1, "wound".to_string(), "VBD")));
        let d = doc(&[("Rebels", Upos::Noun), ("stole", Upos::Noun), ("cattle", Upos::Noun), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), Some((1, "steal".to_string(), "VBD")));
        // A headline's present: "Russia arms separatists", "Obama tours Asia".
        let d = doc(&[("Russia", Upos::Propn), ("arms", Upos::Noun), ("separatists", Upos::Noun), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), Some((1, "arm".to_string(), "VBZ")));
        let d = doc(&[("Obama", Upos::Propn), ("tours", Upos::Adp), ("Asia", Upos::Propn), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), Some((1, "tour".to_string(), "VBZ")));
        // A plural subject takes no -s verb: "rebels arms caches" is no sentence of that shape.
        let d = doc(&[("Rebels", Upos::Noun), ("arms", Upos::Noun), ("caches", Upos::Noun), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), None);
    }

    #[test]
    fn sentences_with_a_verb_or_no_past_form_are_left_alone() {
        let d = doc(&[("Russia", Upos::Propn), ("wounded", Upos::Adj), ("soldiers", Upos::Noun), ("returned", Upos::Verb), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..5), None);
        let d = doc(&[("Great", Upos::Adj), ("blue", Upos::Adj), ("sky", Upos::Noun), (".", Upos::Punct)]);
        assert_eq!(missing_verb(&d, 0..4), None);
    }
}
