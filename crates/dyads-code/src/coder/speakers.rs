//! Who speaks when a reporting verb's speaker is not its subject: after
//! its quotation ('"The gap will widen," warned the UN agency', the speaker
//! parsed as the object) or set off by commas inside the clause it reports
//! ("Iran, said Pompeo, is ..."). `roles` asks these before it takes a
//! subject and so that the speaker is never a target.

use super::SentenceCtx;

/// A quotation mark, straight, curly or PTB-style.
fn is_quote(form: &str) -> bool {
    matches!(form, "“" | "”" | "\"" | "''" | "``")
}

impl<'a> SentenceCtx<'a> {
    /// The speaker a parser made the object of a reporting verb that
    /// follows its quotation: a verb with no subject, a clausal complement
    /// before it and its object right after it.
    pub(super) fn inverted_subject(&self, v: usize) -> Option<usize> {
        if let Some(o) = self.parenthetical_speaker(v) {
            return Some(o);
        }
        if !self.kids(v, &["nsubj", "nsubj:pass", "csubj", "expl"]).is_empty() {
            return None;
        }
        let quoted = self.children[v].iter().any(|&c| c < v && matches!(self.base(c), "ccomp" | "parataxis"))
            // The parser may instead hang the speaking verb from the
            // quotation's root: '"The gap will widen", warned the agency'
            // with "warned" a conjunct of "widen".
            || self.doc.head[v].is_some_and(|h| matches!(self.base(v), "conj" | "parataxis") && self.quotation_ends_before(h as usize, v));
        let object = self.kids(v, &["obj"]).into_iter().find(|&o| o > v)?;
        // Nothing but the object's own words between the verb and it.
        let first = self.doc.subtree(self.children, object).into_iter().min().unwrap_or(object);
        (quoted && first == v + 1).then_some(object)
    }

    /// The speaker of a reporting verb set off by commas inside the clause
    /// it reports, parsed with that clause's subject as its own: in "Iran,
    /// said Pompeo, is the leading sponsor ...", Pompeo (the object right
    /// after the verb, closed by a comma) speaks, and Iran is no speaker.
    pub(super) fn parenthetical_speaker(&self, v: usize) -> Option<usize> {
        let reported = self.children[v].iter().any(|&c| c > v && matches!(self.base(c), "ccomp" | "parataxis"));
        let quote = |k: usize| is_quote(self.doc.form(k));
        let mut before = v;
        while before > 0 && quote(before - 1) {
            before -= 1;
        }
        if !reported {
            return None;
        }
        let last_of = |t: usize| self.doc.subtree(self.children, t).into_iter().max().unwrap_or(t);
        let first_of = |t: usize| self.doc.subtree(self.children, t).into_iter().min().unwrap_or(t);
        let subjects: Vec<usize> = self.kids(v, &["nsubj"]).into_iter().filter(|&s| s < v).collect();
        // "Hamas, Israeli officials said, fired ...": the subject next to
        // the verb speaks, the one before the comma is the report's.
        if let [s1, s2] = subjects[..] {
            let adjacent = last_of(s2) + 1 == v && v + 1 < self.doc.len() && self.doc.form(v + 1) == ",";
            if adjacent && (last_of(s1) + 1..first_of(s2)).all(|k| self.doc.form(k) == ",") {
                return Some(s2);
            }
        }
        if before == 0 || self.doc.form(before - 1) != "," {
            return None;
        }
        let subject_before = subjects.iter().any(|&s| (last_of(s) + 1..v).all(|k| self.doc.form(k) == "," || quote(k)));
        let object = self.kids(v, &["obj"]).into_iter().find(|&o| o > v)?;
        let closed = last_of(object) + 1 < self.doc.len() && self.doc.form(last_of(object) + 1) == ",";
        (subject_before && first_of(object) == v + 1 && closed).then_some(object)
    }

    /// Whether `x` heads the speaker of a reporting verb that the parser
    /// left without a subject and hung inside the clause it reports: in
    /// "The army and the RSF agreed to a ceasefire, Saudi Arabia and the
    /// United States said", the two countries parsed as an apposition of
    /// "ceasefire" speak; they are no party to the ceasefire. The phrase
    /// runs from a comma to right before the verb.
    pub(super) fn is_stranded_speaker(&self, x: usize) -> bool {
        let sentence = self.sentence_of(x);
        let (first, end) = self.doc.subtree_span(sentence.clone(), x);
        let reporting = end < sentence.end && super::discourse::is_saying(&self.doc.lemma[end]) && self.doc.upos[end] == dyads_text::Upos::Verb;
        // The comma may be the phrase's own first token.
        let after_comma = self.doc.form(first) == "," || (first > sentence.start && self.doc.form(first - 1) == ",");
        reporting && after_comma && self.kids(end, &["nsubj", "nsubj:pass", "csubj", "expl"]).is_empty()
    }

    /// Whether `v` follows the quotation whose root is `h` with nothing but
    /// a comma between: an opening quote before `h`, the closing quote
    /// after it, and no conjunction on `v` ('"...", warned X', not '"..."
    /// and warned X' nor 'called them "terrorists" and warned X').
    pub(super) fn quotation_ends_before(&self, h: usize, v: usize) -> bool {
        let quote = |k: usize| is_quote(self.doc.form(k));
        let Some(close) = (h + 1..v).rev().find(|&k| quote(k)) else { return false };
        let opened = || self.doc.subtree(self.children, h).into_iter().any(|k| k < h && quote(k));
        (close + 1..v).all(|k| self.doc.form(k) == ",") && self.kids(v, &["cc"]).is_empty() && opened()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_speaker_set_off_by_commas_speaks_not_the_reported_subject() {
        // "Arnor, said Gondor, attacked Osgiliath": Gondor speaks (and a
        // statement to no one codes nothing); Arnor attacked.
        let c = coder_with("--- SAY [010] ---\nSAY\n--- ATTACK [190] ---\nATTACK\n", CoderOptions::default());
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            (",", ",", "PUNCT", 1, "punct"),
            ("said", "say", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 3, "obj"),
            (",", ",", "PUNCT", 6, "punct"),
            ("attacked", "attack", "VERB", 3, "ccomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 6, "obj"),
        ]);
        let t = triples(&c, &d, 20000101);
        assert!(!t.iter().any(|t| t.starts_with("ARN>GON") || t.ends_with(":010")), "{t:?}");
    }

    #[test]
    fn a_speaker_after_the_quotation_is_the_subject_not_the_target() {
        // '"Arnor will fall," warned Gondor' and 'Arnor warned Gondor'
        let c = coder_with("--- WARN [012] ---\nWARN\n", CoderOptions::default());
        let inverted = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            ("will", "will", "AUX", 3, "aux"),
            ("fall", "fall", "VERB", 5, "ccomp"),
            (",", ",", "PUNCT", 3, "punct"),
            ("warned", "warn", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        // A comment is about its clause's subject, as when the speaker leads.
        assert_eq!(triples(&c, &inverted, 20000101), ["GON>ARN:012"]);
        let plain = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("warned", "warn", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(triples(&c, &plain, 20000101), ["ARN>GON:012"]);
        // '"Arnor will fall", warned Gondor' with the speaking verb parsed as
        // a conjunct of the quotation's root; without the closing quote it
        // is an ordinary object ('Arnor fell and warned Gondor').
        let conjunct = |quote: &'static str| {
            doc(&[
                ("“", "\"", "PUNCT", 4, "punct"),
                ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
                ("will", "will", "AUX", 4, "aux"),
                ("fall", "fall", "VERB", 0, "root"),
                (quote, quote, "PUNCT", 4, "punct"),
                ("warned", "warn", "VERB", 4, "conj"),
                ("Gondor", "Gondor", "PROPN", 6, "obj"),
            ])
        };
        assert_eq!(triples(&c, &conjunct("”"), 20000101), ["GON>-:012"]);
        // 'Arnor called them "traitors" and warned Gondor': a conjunct after
        // a quoted word keeps the first conjunct's subject.
        let called = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("called", "call", "VERB", 0, "root"),
            ("them", "they", "PRON", 2, "obj"),
            ("“", "\"", "PUNCT", 5, "punct"),
            ("traitors", "traitor", "NOUN", 2, "xcomp"),
            ("”", "\"", "PUNCT", 5, "punct"),
            ("and", "and", "CCONJ", 8, "cc"),
            ("warned", "warn", "VERB", 2, "conj"),
            ("Gondor", "Gondor", "PROPN", 8, "obj"),
        ]);
        assert!(triples(&c, &called, 20000101).contains(&"ARN>GON:012".to_string()));
        assert_eq!(triples(&c, &conjunct(","), 20000101), ["ARN>GON:012"]);
    }

    #[test]
    fn a_speaker_hung_inside_what_it_reports_is_no_party_to_it() {
        // "Arnor agreed to a truce with Iran, Gondor said", with Gondor
        // parsed as an apposition of "Iran" and "said" left without a
        // subject.
        let rows = [
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 10, "ccomp"),
            ("to", "to", "ADP", 5, "case"),
            ("a", "a", "DET", 5, "det"),
            ("truce", "truce", "NOUN", 2, "obl"),
            ("with", "with", "ADP", 7, "case"),
            ("Iran", "Iran", "PROPN", 5, "nmod"),
            (",", ",", "PUNCT", 9, "punct"),
            ("Gondor", "Gondor", "PROPN", 7, "appos"),
            ("said", "say", "VERB", 0, "root"),
        ];
        assert_eq!(triples(&coder(), &doc(&rows), 20000101), ["ARN>IRN:030"]);
        // "Arnor agreed to a truce, Gondor said", Gondor an apposition of
        // "truce" (read with the noun's own name otherwise).
        let truce = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 7, "ccomp"),
            ("to", "to", "ADP", 4, "case"),
            ("truce", "truce", "NOUN", 2, "obl"),
            (",", ",", "PUNCT", 6, "punct"),
            ("Gondor", "Gondor", "PROPN", 4, "appos"),
            ("said", "say", "VERB", 0, "root"),
        ]);
        assert!(triples(&coder(), &truce, 20000101).is_empty());
        // With no reporting verb after it, the apposition lists a party.
        let mut left = rows;
        left[9] = ("left", "leave", "VERB", 0, "root");
        assert_eq!(triples(&coder(), &doc(&left), 20000101), ["ARN>GON:030", "ARN>IRN:030"]);
    }
}
