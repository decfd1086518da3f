//! Diagnostics for dictionary work: `dyads explain` (how each sentence was
//! coded, and why a verb coded nothing) and `dyads unknown-actors` (noun
//! phrases in actor positions that no dictionary entry covers). Both run
//! the coder's own steps, so what they report is what it decided.

use std::fmt::Write as _;

use dyads_text::{Doc, Upos};

use super::mentions::{Discard, Mention, MentionKind};
use super::tables::{base_rel, children, rel, Rels, Upper};
use super::{Coder, SentenceCtx};
use crate::dict::Date;

impl Coder {
    /// A human-readable account of how each sentence of `doc` was coded: the
    /// actors and agents matched (with their dictionary lines and the code
    /// chosen for `date`), each verb found in the dictionary with the rule
    /// that fired, and why a verb coded nothing. For `dyads explain`.
    pub fn explain(&self, doc: &Doc, date: Date) -> String {
        let mut out = String::new();
        let children = children(doc);
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        for (si, s) in doc.sentences.iter().enumerate() {
            let _ = writeln!(out, "sentence {si}: {}", &doc.text[doc.sentence_span(s)]);
            explain_tokens(&mut out, doc, s.tokens.clone());
            if let Some(scope) = self.discard(&upper, s.tokens.clone()) {
                let _ = writeln!(out, "  discarded by the discard list ({})", if scope == Discard::Story { "whole story" } else { "sentence" });
                continue;
            }
            let mentions = self.mentions(&upper, s.tokens.clone(), date);
            self.explain_mentions(&mut out, doc, &mentions, date);
            let sent = SentenceCtx { doc, children: &children, mentions: &mentions, coder: self, date, upper: &upper, rels: &rels };
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
        let children = children(doc);
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        for s in &doc.sentences {
            let mentions = self.mentions(&upper, s.tokens.clone(), date);
            let sent = SentenceCtx { doc, children: &children, mentions: &mentions, coder: self, date, upper: &upper, rels: &rels };
            for v in s.tokens.clone() {
                if sent.verb_match(v).is_none_or(|m| m.code.is_null()) {
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
            let Some(m) = self.verb_match(v) else { continue };
            let _ = writeln!(out, "  verb {:?} rule {} code {}", doc.form(v), m.loc, crate::native::fmt_code(&m.code));
            let null = m.code.is_null();
            let coded = self.code_matched(v, m);
            if coded.is_empty() {
                let why = if null {
                    "null code"
                } else if self.subject(v).is_none() {
                    "no subject found"
                } else if self.subject(v).is_some_and(|(s, _)| self.participants(s).is_empty()) {
                    "the subject is not a known actor"
                } else {
                    "no target actor (or it equals the source), or a complement verb codes instead"
                };
                let _ = writeln!(out, "    no event: {why}");
            }
            for d in coded {
                let _ = writeln!(out, "    event {} -> {} {}{}{}", d.source.code, d.target.code, d.code, if d.negated { " (negated)" } else { "" }, if d.hypothetical { " (hypothetical)" } else { "" });
            }
        }
    }
}
