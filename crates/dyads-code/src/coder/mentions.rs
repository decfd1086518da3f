//! Dictionary phrases found in a sentence: actor and agent mentions
//! (leftmost-longest over the upper-case tokens), pronouns standing in for
//! an actor, and discard phrases.

use std::collections::HashMap;

use dyads_text::Doc;

use super::tables::{rel, Upper, SEP};
use super::Coder;
use crate::dict::Date;

/// An actor or agent found in a sentence: tokens `[start, end)`.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: MentionKind,
}

/// Which dictionary entry a mention matched: an index into
/// `Dictionaries::actors` or `Dictionaries::agents`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum MentionKind {
    Actor(usize),
    Agent(usize),
}

/// How much text a discard phrase throws away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Discard {
    /// This sentence codes nothing.
    Sentence,
    /// The whole document codes nothing.
    Story,
}

impl Coder {
    /// Actor and agent mentions in tokens `range` of `doc`, leftmost-longest.
    /// Country names that are part of a person's name, or the US state,
    /// are resolved (`names`).
    pub(super) fn mentions(&self, doc: &Doc, upper: &Upper, range: std::ops::Range<usize>, date: Date) -> Vec<Mention> {
        let Some(m) = &self.mention_index.matcher else { return Vec::new() };
        let mut hay = String::new();
        let mut starts = Vec::with_capacity(range.len());
        for i in range.clone() {
            starts.push(hay.len());
            hay.push(SEP);
            hay.push_str(upper.form(i));
        }
        hay.push(SEP);
        let token_at = |byte: usize| match starts.binary_search(&byte) {
            Ok(k) => k,
            Err(k) => k - 1,
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(mat) = m.find(aho_corasick::Input::new(&hay).span(pos..hay.len())) {
            // A dictionary phrase with no word in it (a malformed entry kept
            // with --keep-going) matches a lone separator or nothing: skip it,
            // always moving forward.
            if mat.end() < mat.start() + 2 {
                pos = mat.end().max(pos + 1);
                if pos >= hay.len() {
                    break;
                }
                continue;
            }
            let first = token_at(mat.start());
            // An exact match ends with the next token's separator: leave that
            // separator to the next match, and end the mention before it.
            let ends_with_sep = hay.as_bytes()[mat.end() - 1] == SEP as u8;
            let last = token_at(if ends_with_sep { mat.end() - 2 } else { mat.end() - 1 }.max(mat.start()));
            pos = if ends_with_sep { mat.end() - 1 } else { mat.end() };
            if !ends_with_sep {
                // A stem ("ARGENTIN", "IRAN") may take an ending ("-A",
                // "-IAN"), not become another word ("GERA" in "GERAPETRITIS").
                let token_end = starts.get(last + 1).copied().unwrap_or(hay.len() - 1);
                if hay[mat.end()..token_end].chars().count() > 4 {
                    continue;
                }
            }
            // Several entries may share a phrase ("BUSH ADMINISTRATION" is in
            // both Presidents Bush): prefer one whose dated role covers `date`.
            let entries = &self.mention_index.entries[mat.pattern().as_usize()];
            let dated = entries.iter().find(|k| match k {
                MentionKind::Actor(a) => self.dicts.actors[*a].codes.iter().any(|c| !c.is_default() && c.applies(date)),
                MentionKind::Agent(_) => false,
            });
            if let Some(&kind) = dated.or(entries.first()) {
                out.push(Mention { start: range.start + first, end: range.start + last + 1, kind });
            }
        }
        self.resolve_name_clashes(doc, upper, range, date, &mut out);
        out
    }

    /// The discard phrase found in tokens `range`, the story-level one when
    /// both kinds occur; `None` if neither. A sentence-level phrase that is
    /// part of a date dyads reads ("two years ago" holds PETRARCH's "YEARS
    /// AGO") discards nothing: the event is kept and dated. An undatable
    /// one ("years ago", "months later") still discards.
    pub(super) fn discard(&self, doc: &Doc, upper: &Upper, range: std::ops::Range<usize>, date: Date) -> Option<Discard> {
        let m = self.discard_index.matcher.as_ref()?;
        let mut joined = String::from(" ");
        let mut starts = Vec::with_capacity(range.len());
        for i in range.clone() {
            starts.push(joined.len());
            joined.push_str(upper.form(i));
            joined.push(' ');
        }
        let mut dates: Option<Vec<(usize, crate::dating::EventDate)>> = None;
        let mut found = None;
        for mat in m.find_overlapping_iter(&joined) {
            if self.discard_index.whole_story[mat.pattern().as_usize()] {
                return Some(Discard::Story);
            }
            let (first, end) = (range.start + starts.partition_point(|&o| o < mat.start()), range.start + starts.partition_point(|&o| o < mat.end()));
            let dates = dates.get_or_insert_with(|| crate::dating::date_expressions(doc, range.clone(), date));
            let dated = dates.iter().any(|(_, d)| d.tokens.is_some_and(|(s, e)| s <= first && end <= e));
            if !dated {
                found = Some(Discard::Sentence);
            }
        }
        found
    }
}

/// `mentions` with the pronouns and descriptions that coreference resolved
/// (`links`: token -> actor) added as mentions of their antecedent's actor.
pub(super) fn with_links(doc: &Doc, links: &HashMap<usize, usize>, mut ms: Vec<Mention>, range: std::ops::Range<usize>) -> Vec<Mention> {
    for t in range {
        // Only pronouns that are arguments stand in for their actor:
        // a possessive ("his license", "its dispute") would make the
        // possessed thing a participant.
        let argument = matches!(rel(doc, t), "nsubj" | "nsubj:pass" | "obj" | "iobj");
        if let Some(&a) = links.get(&t).filter(|_| argument) {
            if !ms.iter().any(|m| m.start <= t && t < m.end) {
                ms.push(Mention { start: t, end: t + 1, kind: MentionKind::Actor(a) });
            }
        }
    }
    ms
}
