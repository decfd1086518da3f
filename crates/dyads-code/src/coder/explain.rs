//! Diagnostics for dictionary work: `dyads explain` (how each sentence was
//! coded, and why a verb coded nothing) and `dyads unknown-actors` (noun
//! phrases in actor positions that no dictionary entry covers). Both run
//! the coder's own steps, so what they report is what it decided.

use std::fmt::Write as _;

use dyads_text::{Doc, Upos};

use super::mentions::{Mention, MentionKind};
use super::no_code::NoCode;
use super::tables::{base_rel, rel, Rels, Upper};
use super::{Coder, SentenceCtx};
use crate::dict::Date;

impl Coder {
    /// A human-readable account of how each sentence of `doc` was coded: the
    /// actors and agents matched (with their dictionary lines and the code
    /// chosen for `date`), each verb found in the dictionary with the rule
    /// that fired, and why a verb coded nothing. For `dyads explain`.
    pub fn explain(&self, doc: &Doc, date: Date) -> String {
        let mut out = String::new();
        let children = doc.children();
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        let gazetteer = crate::geo::Gazetteer::embedded();
        let (settings, dateline) = super::setting::settings_and_dateline(doc, gazetteer);
        for (si, s) in doc.sentences.iter().enumerate() {
            let _ = writeln!(out, "sentence {}: {}", si + 1, &doc.text[doc.sentence_span(s)]);
            explain_tokens(&mut out, doc, s.tokens.clone());
            if let Some(scope) = self.discard(doc, &upper, s.tokens.clone(), date) {
                let _ = writeln!(out, "  {}", NoCode::Discarded(scope));
                continue;
            }
            let mentions = self.mentions(doc, &upper, s.tokens.clone(), date);
            self.explain_mentions(&mut out, doc, &mentions, date);
            let sent = SentenceCtx {
                doc,
                children: &children,
                mentions: &mentions,
                coder: self,
                date,
                upper: &upper,
                rels: &rels,
                setting: settings[si].as_deref(),
                dateline: dateline.as_deref(),
            };
            sent.explain_verbs(&mut out, s.tokens.clone());
        }
        out
    }

    /// Each mention with the dictionary entry it matched.
    fn explain_mentions(&self, out: &mut String, doc: &Doc, mentions: &[Mention], date: Date) {
        for m in mentions {
            let words: Vec<&str> = (m.start..m.end).map(|i| doc.form(i)).collect();
            match m.kind {
                MentionKind::Actor(a) => {
                    let actor = &self.dicts.actors[a];
                    let code = actor.code_at(date).map_or("(null code)".to_string(), |c| c.code.clone());
                    let _ = writeln!(out, "  actor {:?} = {} -> {code} at {date} ({})", words.join(" "), actor.name, actor.loc);
                }
                MentionKind::Agent(g) => {
                    let agent = &self.dicts.agents[g];
                    let _ = writeln!(out, "  agent {:?} -> {} ({})", words.join(" "), agent.code, agent.loc);
                }
            }
        }
    }

    /// Noun phrases in source or target position of dictionary verbs that no
    /// actor entry covers, with the sentence they occur in: candidates for
    /// new dictionary entries (`dyads unknown-actors`).
    pub fn unknown_actors(&self, doc: &Doc, date: Date) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let children = doc.children();
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        let gazetteer = crate::geo::Gazetteer::embedded();
        let (settings, dateline) = super::setting::settings_and_dateline(doc, gazetteer);
        for (si, s) in doc.sentences.iter().enumerate() {
            let mentions = self.mentions(doc, &upper, s.tokens.clone(), date);
            let sent = SentenceCtx {
                doc,
                children: &children,
                mentions: &mentions,
                coder: self,
                date,
                upper: &upper,
                rels: &rels,
                setting: settings[si].as_deref(),
                dateline: dateline.as_deref(),
            };
            for v in s.tokens.clone() {
                if !sent.has_code(v) {
                    continue;
                }
                let mut args: Vec<usize> = sent.kids(v, &["nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod"]);
                args.retain(|&a| matches!(doc.upos[a], Upos::Noun | Upos::Propn));
                for a in args {
                    if !sent.participants(a).is_empty() || !sent.participants_under(a).is_empty() {
                        continue;
                    }
                    // The noun with its name-forming modifiers, without determiners.
                    let mut toks: Vec<usize> = vec![a];
                    toks.extend(sent.children[a].iter().copied().filter(|&k| matches!(base_rel(rel(doc, k)), "compound" | "flat" | "amod")));
                    let (lo, hi) = (*toks.iter().min().unwrap(), *toks.iter().max().unwrap());
                    let phrase = doc.text[doc.start[lo] as usize..doc.end[hi] as usize].to_string();
                    out.push((phrase, doc.text[doc.sentence_span(s)].to_string()));
                }
            }
        }
        out
    }
}

/// The sentence's parse, one token a line (CoNLL-U-like, 1-based heads).
fn explain_tokens(out: &mut String, doc: &Doc, tokens: std::ops::Range<usize>) {
    for i in tokens.clone() {
        let head = doc.head[i].map_or(0, |h| h as usize - tokens.start + 1);
        let _ = writeln!(out, "  {:>3} {:<16} {:<10} {:<6} {:>3} {}", i - tokens.start + 1, doc.form(i), doc.lemma[i], doc.upos[i], head, doc.deprel[i]);
    }
}

impl SentenceCtx<'_> {
    /// Each dictionary verb of the sentence with its rule, and its events or
    /// why it has none.
    fn explain_verbs(&self, out: &mut String, tokens: std::ops::Range<usize>) {
        let doc = self.doc;
        for v in tokens {
            // Only tokens with a rule get a line: the reason every other
            // token has (not a verb, not in the dictionary) would bury them.
            let Ok(m) = self.verb_match(v) else {
                self.explain_noun(out, v);
                continue;
            };
            let _ = writeln!(out, "  verb {:?} rule {} code {}", doc.form(v), m.loc, crate::native::fmt_code(&m.code));
            match self.dyads(v, m) {
                Err(why) => {
                    let _ = writeln!(out, "    no event: {why}");
                    if doc.upos[v] == Upos::Noun {
                        self.explain_noun(out, v);
                    }
                }
                Ok(dyads) => write_dyads(out, dyads),
            }
        }
    }

    /// An event noun ("attack", "praise") with its table line and events, or
    /// that it yields none; what the coder does with a noun the verb rules
    /// leave.
    fn explain_noun(&self, out: &mut String, n: usize) {
        let Some(super::nouns::NounCode { code, rule, .. }) = self.noun_code(n) else { return };
        let _ = writeln!(out, "  noun {:?} rule {rule} code {code}", self.doc.form(n));
        let dyads = self.noun_dyads(n);
        if dyads.is_empty() {
            let _ = writeln!(
                out,
                "    no event: no source named (possessor, nationality, by-phrase, or the subject of a verb carrying it out), no target for a noun in -ing, negated, or the verb that carries it codes the act"
            );
        }
        write_dyads(out, dyads);
    }
}

/// Each dyad as an `explain` line.
fn write_dyads(out: &mut String, dyads: Vec<super::event::Dyad>) {
    for d in dyads {
        let _ = writeln!(
            out,
            "    event {} -> {} {}{}{}",
            d.source.code,
            d.target.as_ref().map_or("-", |t| t.code.as_str()),
            d.code,
            if d.negated { " (negated)" } else { "" },
            if d.hypothetical { " (hypothetical)" } else { "" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::no_code::NoCode;
    use super::super::testing::*;

    #[test]
    fn a_verb_that_codes_nothing_says_why() {
        let c = coder();
        let accuse =
            |subject: &str| doc(&[(subject, subject, "PROPN", 2, "nsubj"), ("accused", "accuse", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(no_code(&c, &accuse("Zorblat"), 1, 20000101), Some(NoCode::UnknownSubject));
        assert_eq!(no_code(&c, &accuse("Gondor"), 1, 20000101), Some(NoCode::SameActor));
        assert_eq!(no_code(&c, &accuse("Arnor"), 1, 20000101), None);
        assert_eq!(no_code(&c, &accuse("Arnor"), 0, 20000101), Some(NoCode::NotAVerb));
        let alone = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("accused", "accuse", "VERB", 0, "root")]);
        assert_eq!(no_code(&c, &alone, 1, 20000101), Some(NoCode::NoTarget));
        // "Arnor hailed Gondor, attacked by Osgiliath": a reduced relative
        // describes Gondor.
        let reduced = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("hailed", "hail", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 2, "obj"),
            ("attacked", "attack", "VERB", 3, "acl"),
            ("by", "by", "ADP", 6, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obl"),
        ]);
        assert_eq!(no_code(&c, &reduced, 3, 20000101), Some(NoCode::InsideNounPhrase));
        // "Arnor hailed the accused Gondor officials": before its noun too.
        let before = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("hailed", "hail", "VERB", 0, "root"),
            ("the", "the", "DET", 6, "det"),
            ("accused", "accuse", "VERB", 6, "amod"),
            ("Gondor", "Gondor", "PROPN", 6, "compound"),
            ("officials", "official", "NOUN", 2, "obj"),
        ]);
        assert_eq!(no_code(&c, &before, 3, 20000101), Some(NoCode::InsideNounPhrase));
        // When the noun is the sentence's root, the "modifier" is its
        // misparsed predicate ("Gondor attacked by Arnor" as a headline).
        let headline = doc(&[("Gondor", "Gondor", "PROPN", 0, "root"), ("attacked", "attack", "VERB", 1, "acl"), ("Arnor", "Arnor", "PROPN", 2, "obj")]);
        assert_ne!(no_code(&c, &headline, 1, 20000101), Some(NoCode::InsideNounPhrase));
        let passive = doc(&[("Arnor", "Arnor", "PROPN", 3, "nsubj:pass"), ("was", "be", "AUX", 3, "aux:pass"), ("attacked", "attack", "VERB", 0, "root")]);
        assert_eq!(no_code(&c, &passive, 2, 20000101), Some(NoCode::NoAgent));
        let unknown = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("zorbed", "zorb", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(no_code(&c, &unknown, 1, 20000101), Some(NoCode::NotInDictionary));
        let not = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("did", "do", "AUX", 4, "aux"),
            ("not", "not", "PART", 4, "advmod"),
            ("attack", "attack", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(no_code(&c, &not, 3, 20000101), Some(NoCode::Negated));
        // "Arnor agreed to attack Gondor": the attack codes, not the agreeing.
        let agreed = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 0, "root"),
            ("to", "to", "PART", 4, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(no_code(&c, &agreed, 1, 20000101), Some(NoCode::ComplementCodes));
        assert_eq!(no_code(&c, &agreed, 3, 20000101), None);
    }

    #[test]
    fn explain_prints_the_coders_reason() {
        let d = doc(&[("Zorblat", "Zorblat", "PROPN", 2, "nsubj"), ("accused", "accuse", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        let out = coder().explain(&d, 20000101);
        assert!(out.contains(&format!("    no event: {}\n", NoCode::UnknownSubject)), "{out}");
        assert!(out.contains("no event: the subject is not a known actor"), "{out}");
    }
}
