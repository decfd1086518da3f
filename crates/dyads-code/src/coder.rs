//! The event coder: dependency parse + dictionaries -> CAMEO events.
//!
//! For every verb with a dictionary entry: the subject is the source, the
//! object (or a prepositional dependent) the target, and the verb's block of
//! patterns picks the code from the verb's dependents. Voice, negation,
//! modality, control verbs ("agreed to meet") and compound actors are read
//! from the tree, so the coder needs parse *data* only: a `Doc` from our
//! parser or from CoNLL-U codes the same way. UD v1 relation names (`dobj`,
//! `nmod`, `nsubjpass`) are accepted as well as UD v2.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use dyads_text::{Doc, Upos};

use crate::dict::{Date, Dictionaries, Loc, NounPhrase, Pattern, PrepPhrase, Term, VerbCode};
use crate::ontology::Ontology;

/// One coded event with its evidence.
mod discourse;
pub use discourse::{Attribution, Entity};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub doc_id: String,
    /// 0-based sentence index in the document.
    pub sentence: usize,
    pub source: String,
    pub target: String,
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub source_text: String,
    pub target_text: String,
    pub trigger: String,
    pub source_span: [usize; 2],
    pub target_span: [usize; 2],
    pub trigger_span: [usize; 2],
    pub report_date: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: from a date in the text governing
    /// the event, else the report date.
    pub event_date: String,
    pub date_precision: crate::dating::Precision,
    /// Byte span of the date expression the event date came from (in an
    /// earlier sentence when the narrative dated this one).
    pub date_evidence: Option<[usize; 2]>,
    /// With `date_precision: "range"`: inclusive bounds, `null` when open.
    pub date_range: Option<[Option<String>; 2]>,
    /// The dictionary line that produced the code (`file:line`).
    pub rule: String,
    /// Who reports the event, original source first ("Zalmay Khalilzad"
    /// wrote, via "a new book", according to "The New York Times").
    pub attribution: Vec<Attribution>,
    /// Where it happened: a toponym in the event's clause ("met in Geneva").
    pub location: Option<crate::geo::Location>,
}

impl Event {
    /// What every coded event guarantees about the document it came from
    /// (`text`, `sentences` in it): spans are non-empty, inside the text and
    /// on UTF-8 boundaries, the trigger span holds the trigger, the sentence
    /// exists, and the code is a CAMEO code. Property tests and fuzz targets
    /// check it; a description of the first violation otherwise.
    pub fn check(&self, text: &str, sentences: usize) -> Result<(), String> {
        for (what, span) in [("source", self.source_span), ("target", self.target_span), ("trigger", self.trigger_span)] {
            let [a, b] = span;
            if !(a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)) {
                return Err(format!("{what} span {a}..{b} is not a slice of the text"));
            }
        }
        if text[self.trigger_span[0]..self.trigger_span[1]] != self.trigger {
            return Err(format!("trigger {:?} is not the text at its span", self.trigger));
        }
        if self.sentence >= sentences {
            return Err(format!("sentence {} of {sentences}", self.sentence));
        }
        crate::Ontology::cameo().event(&self.code).map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[derive(Clone, Debug, Default)]
pub struct CoderOptions {
    /// Keep negated events (flagged `negated: true`) instead of dropping them.
    pub keep_negated: bool,
    /// PETRARCH2's negation arithmetic: a negated event whose code has a
    /// defined negation ("did not clash" -> 050) is coded as that event.
    /// Loaded from a PICO file (`validate-petrarch` reads the one its
    /// records name); without it, negated events are dropped or flagged.
    pub negation: Option<std::sync::Arc<crate::pico::NegationTable>>,
}

/// An actor or agent found in a sentence: tokens `[start, end)`.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    kind: MentionKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum MentionKind {
    Actor(usize),
    Agent(usize),
}

/// A resolved participant: code plus the tokens it spans.
#[derive(Debug, Clone)]
pub struct Participant {
    pub code: String,
    pub start: usize,
    pub end: usize,
}

pub struct Coder {
    pub dicts: Dictionaries,
    ontology: &'static Ontology,
    matcher: Option<AhoCorasick>,
    /// Pattern id -> dictionary entries with that phrase.
    pattern_entries: Vec<Vec<MentionKind>>,
    /// Upper-case verb lemma or form -> verb entries (the tokens' upper-case
    /// forms are at hand, so a lookup allocates nothing).
    verb_index: foldhash::HashMap<String, Vec<usize>>,
    /// Each verb entry's lemma, upper-case.
    verb_lemmas: Vec<String>,
    /// Per verb block, pattern indices from most to least specific.
    pattern_order: Vec<Vec<usize>>,
    /// Per verb block and pattern: what its nouns' head words need to find
    /// in the verb's scope (the cheap test run before matching a pattern).
    pattern_heads: Vec<Vec<Vec<HeadWord>>>,
    /// Possible head words of a synset's members, for `HeadWord::Set`.
    head_sets: Vec<foldhash::HashSet<String>>,
    /// Discard phrases as " W1 W2 " over space-joined upper-case tokens;
    /// `discard_story[i]` says whether pattern `i` discards the whole story.
    discard_matcher: Option<AhoCorasick>,
    discard_story: Vec<bool>,
    pub options: CoderOptions,
}

const SEP: char = '\u{1}';

/// Relation name with UD v1 spellings mapped to UD v2.
fn rel(doc: &Doc, i: usize) -> &str {
    match doc.deprel[i].as_str() {
        "dobj" => "obj",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "auxpass" => "aux:pass",
        "nmod:agent" => "obl:agent",
        "neg" => "advmod",
        r => r,
    }
}

fn base_rel(r: &str) -> &str {
    r.split_once(':').map_or(r, |(base, _)| base)
}

/// Every token's relation (`rel`) and its base (`base_rel`), computed once
/// per document: the pattern matchers ask for them in their inner loops.
struct Rels<'d> {
    rel: Vec<&'d str>,
    base: Vec<&'d str>,
}

impl<'d> Rels<'d> {
    fn new(doc: &'d Doc) -> Rels<'d> {
        let rel: Vec<&str> = (0..doc.len()).map(|i| rel(doc, i)).collect();
        let base = rel.iter().map(|r| base_rel(r)).collect();
        Rels { rel, base }
    }
}

impl Coder {
    pub fn new(dicts: Dictionaries, options: CoderOptions) -> Coder {
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entries: Vec<Vec<MentionKind>> = Vec::new();
        let mut add = |words: &[String], prefix: bool, kind: MentionKind| {
            let mut p = String::new();
            for w in words {
                // The tokenizer splits hyphens between words (UD): "AL-QAEDA"
                // is matched as AL - QAEDA.
                for (k, part) in w.split('-').enumerate() {
                    if k > 0 {
                        p.push(SEP);
                        p.push('-');
                    }
                    if !part.is_empty() {
                        p.push(SEP);
                        p.push_str(part);
                    }
                }
            }
            if !prefix {
                p.push(SEP);
            }
            let id = *by_pattern.entry(p.clone()).or_insert_with(|| {
                patterns.push(p);
                pattern_entries.push(Vec::new());
                patterns.len() - 1
            });
            if !pattern_entries[id].contains(&kind) {
                pattern_entries[id].push(kind);
            }
        };
        for (i, a) in dicts.actors.iter().enumerate() {
            for p in &a.phrases {
                add(&p.words, p.prefix && p.words.last().is_some_and(|w| w.len() >= 4), MentionKind::Actor(i));
            }
        }
        for (i, a) in dicts.agents.iter().enumerate() {
            for p in &a.phrases {
                add(&p.words, false, MentionKind::Agent(i));
            }
        }
        let matcher = (!patterns.is_empty())
            .then(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).expect("dictionary patterns build"));
        let mut verb_index: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        for (k, ids) in dicts.verb_index() {
            verb_index.entry(k.to_uppercase()).or_default().extend(ids);
        }
        let verb_lemmas = dicts.verbs.iter().map(|v| v.lemma.to_uppercase()).collect();
        let pattern_order = dicts
            .blocks
            .iter()
            .map(|b| {
                let mut idx: Vec<usize> = (0..b.patterns.len()).collect();
                idx.sort_by_key(|&i| std::cmp::Reverse(b.patterns[i].specificity()));
                idx
            })
            .collect();
        let mut head_sets: Vec<foldhash::HashSet<String>> = Vec::new();
        let mut set_ids: HashMap<String, Option<usize>> = HashMap::new();
        let mut head_word = |np: &NounPhrase| match np.last() {
            Some(Term::Word(w)) => HeadWord::Word(w.clone()),
            Some(Term::Set(name)) => {
                let id = *set_ids.entry(name.clone()).or_insert_with(|| {
                    // A missing synset, an empty member or a nested one
                    // (`&OTHER`) puts no constraint on the head.
                    let members = dicts.synsets.get(name)?;
                    let mut heads = foldhash::HashSet::default();
                    for m in members {
                        let w = m.last()?;
                        if w.starts_with('&') {
                            return None;
                        }
                        heads.insert(w.clone());
                    }
                    head_sets.push(heads);
                    Some(head_sets.len() - 1)
                });
                id.map_or(HeadWord::Any, HeadWord::Set)
            }
            None => HeadWord::Any,
        };
        let pattern_heads = dicts
            .blocks
            .iter()
            .map(|b| b.patterns.iter().map(|p| p.post_nouns.iter().chain(&p.pre_nouns).map(&mut head_word).collect()).collect())
            .collect();
        let discard_patterns: Vec<String> = dicts.discards.iter().map(|d| format!(" {} ", d.words.join(" "))).collect();
        let discard_story = dicts.discards.iter().map(|d| d.whole_story).collect();
        let discard_matcher = (!discard_patterns.is_empty()).then(|| AhoCorasick::new(&discard_patterns).expect("discard patterns build"));
        Coder { dicts, ontology: Ontology::cameo(), matcher, pattern_entries, verb_index, verb_lemmas, pattern_order, pattern_heads, head_sets, discard_matcher, discard_story, options }
    }

    /// Actor and agent mentions in tokens `range` of `doc`, leftmost-longest.
    fn mentions(&self, upper: &Upper, range: std::ops::Range<usize>, date: Date) -> Vec<Mention> {
        let Some(m) = &self.matcher else { return Vec::new() };
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
            let entries = &self.pattern_entries[mat.pattern().as_usize()];
            let dated = entries.iter().find(|k| match k {
                MentionKind::Actor(a) => self.dicts.actors[*a].codes.iter().any(|c| !c.is_default() && c.applies(date)),
                MentionKind::Agent(_) => false,
            });
            if let Some(&kind) = dated.or(entries.first()) {
                out.push(Mention { start: range.start + first, end: range.start + last + 1, kind });
            }
        }
        out
    }

    /// Head of tokens `[start, end)`: the token whose head lies outside.
    fn span_head(doc: &Doc, start: usize, end: usize) -> usize {
        (start..end).rev().find(|&i| doc.head[i].is_none_or(|h| (h as usize) < start || h as usize >= end)).unwrap_or(end - 1)
    }

    /// Codes one document. `date` is `yyyymmdd` (dated actor roles resolve
    /// against it), `report_date` its display form.
    pub fn code_doc(&self, doc: &Doc, date: Date, report_date: &str) -> Vec<Event> {
        self.code_doc_with_entities(doc, date, report_date).0
    }

    /// Codes one document and returns its entity table too (actors with
    /// their mentions, pronouns and role descriptions included).
    pub fn code_doc_with_entities(&self, doc: &Doc, date: Date, report_date: &str) -> (Vec<Event>, Vec<Entity>) {
        let (events, entities, _) = self.code_doc_full(doc, date, report_date);
        (events, entities)
    }

    /// Events, the entity table and the document's locations (each toponym
    /// with the word it locates).
    pub fn code_doc_full(&self, doc: &Doc, date: Date, report_date: &str) -> (Vec<Event>, Vec<Entity>, Vec<crate::geo::DocLocation>) {
        let mut events = Vec::new();
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        let discards: Vec<Option<bool>> = doc.sentences.iter().map(|s| self.discard(&upper, s.tokens.clone())).collect();
        if discards.contains(&Some(true)) {
            return (events, Vec::new(), Vec::new());
        }
        // Each sentence's dictionary matches at the report date, computed once
        // and shared by coreference, the narrative and the coder.
        let base: Vec<Vec<Mention>> = doc.sentences.iter().map(|s| self.mentions(&upper, s.tokens.clone(), date)).collect();
        let disc = self.discourse(doc, &base, date);
        let gazetteer = crate::geo::Gazetteer::embedded();
        let toponyms = gazetteer.toponyms_by_sentence(doc);
        let countries = gazetteer.document_countries(&toponyms, disc.entities.iter().map(|e| e.code.as_str()));
        // Pronouns and descriptions resolved by coreference join the
        // dictionary matches as mentions of their antecedent's actor.
        let with_links = |mut ms: Vec<Mention>, range: std::ops::Range<usize>| {
            for t in range {
                // Only pronouns that are arguments stand in for their actor:
                // a possessive ("his license", "its dispute") would make the
                // possessed thing a participant.
                let argument = matches!(rel(doc, t), "nsubj" | "nsubj:pass" | "obj" | "iobj");
                if let Some(&a) = disc.links.get(&t).filter(|_| argument) {
                    if !ms.iter().any(|m| m.start <= t && t < m.end) {
                        ms.push(Mention { start: t, end: t + 1, kind: MentionKind::Actor(a) });
                    }
                }
            }
            ms
        };
        let children = children(doc);
        // The narrative date: the last date expression of an earlier
        // sentence, which later sentences that continue the story inherit
        // (GDELT would give them the report date).
        let mut narrative: Option<crate::dating::EventDate> = None;
        // Actors of the previous sentence when it carried a date: a past-tense
        // sentence about them continues that passage ("... prior to the March
        // 2003 invasion and got permission to meet with Zarif. Khalilzad told
        // Zarif that ...").
        let mut dated_actors: Vec<usize> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.tokens.is_empty() {
                continue;
            }
            let dates = crate::dating::date_expressions(doc, s.tokens.clone(), date);
            let own = crate::dating::sentence_date_among(&dates, date);
            let inherited = narrative.clone();
            let mentions = with_links(base[si].clone(), s.tokens.clone());
            let actors_here: Vec<usize> = mentions
                .iter()
                .filter_map(|m| if let MentionKind::Actor(a) = m.kind { Some(a) } else { None })
                .collect();
            let continues_dated = s.tokens.clone().any(|i| doc.xpos[i] == "VBD" && doc.head[i].is_none())
                && actors_here.iter().any(|a| dated_actors.contains(a) && self.dicts.actors[*a].name.contains(' '));
            dated_actors = if own.is_some() || continues_dated { actors_here } else { Vec::new() };
            if let Some(d) = own {
                narrative = Some(d);
            }
            let narrative = &inherited;
            if discards[si].is_some() {
                continue;
            }
            let sent = SentenceCtx { doc, children: &children, mentions: &mentions, coder: self, date, upper: &upper, rels: &rels };
            for v in s.tokens.clone() {
                // Pattern matching reads words, not actors: the match found
                // here holds whatever date the roles are resolved at below.
                let Some(matched) = sent.verb_match(v).filter(|m| !m.code.is_null()) else { continue };
                // Roles are resolved at the event's date, which a date in the
                // text ("in May 2003") may set apart from the report date.
                let mut when = crate::dating::event_date_among(doc, &dates, v, date);
                if when.precision == crate::dating::Precision::Report {
                    if let Some(n) = narrative.as_ref().filter(|_| continues_dated || continues_narrative(doc, s.tokens.clone(), v)) {
                        when = n.clone();
                    }
                }
                let dated_mentions;
                let dated;
                let ctx = if when.date == date {
                    &sent
                } else {
                    dated_mentions = with_links(self.mentions(&upper, s.tokens.clone(), when.date), s.tokens.clone());
                    dated = SentenceCtx { mentions: &dated_mentions, date: when.date, ..sent };
                    &dated
                };
                let coded = ctx.code_matched(v, matched);
                let attribution = if coded.is_empty() { Vec::new() } else { self.attribution(doc, &disc, si, v, when.date, ctx.mentions) };
                let location = if coded.is_empty() {
                    None
                } else {
                    // A statement happens where it is made: "..., Merkel said in Berlin".
                    gazetteer.event_location(doc, &toponyms[si], v, &countries).or_else(|| {
                        discourse::saying_verbs(doc, s.tokens.clone(), v).into_iter().find_map(|sv| gazetteer.event_location(doc, &toponyms[si], sv, &countries))
                    })
                };
                for (src, tgt, mut code, mut negated, hypothetical, loc) in coded {
                    if let Some(not_code) = self.options.negation.as_ref().filter(|_| negated).and_then(|t| t.negate(&code)) {
                        code = not_code.to_string();
                        negated = false;
                    }
                    if negated && !self.options.keep_negated {
                        continue;
                    }
                    // Codes outside CAMEO (PETRARCH's internal ones in its
                    // validation dictionaries) pass through without CAMEO facts.
                    let info = self.ontology.event(&code).ok();
                    let (root, quad_class, goldstein, plover) = match info {
                        Some(i) => (i.root.clone(), i.quad_class, i.goldstein, i.plover.clone()),
                        None => (code.chars().take(2).collect(), 0, 0.0, String::new()),
                    };
                    let span = |p: &Participant| [doc.start[p.start] as usize, doc.end[p.end - 1] as usize];
                    let text = |p: &Participant| doc.text[span(p)[0]..span(p)[1]].to_string();
                    events.push(Event {
                        doc_id: doc.id.clone(),
                        sentence: si,
                        source: src.code.clone(),
                        target: tgt.code.clone(),
                        code: code.clone(),
                        root,
                        quad_class,
                        goldstein,
                        plover,
                        negated,
                        hypothetical,
                        source_text: text(&src),
                        target_text: text(&tgt),
                        trigger: doc.form(v).to_string(),
                        source_span: span(&src),
                        target_span: span(&tgt),
                        trigger_span: [doc.start[v] as usize, doc.end[v] as usize],
                        report_date: report_date.to_string(),
                        event_date: if when.tokens.is_some() { when.display() } else { report_date.to_string() },
                        date_range: when.range_display(),
                        date_precision: when.precision,
                        date_evidence: when.tokens.map(|(a, b)| [doc.start[a] as usize, doc.end[b - 1] as usize]),
                        rule: loc.to_string(),
                        attribution: attribution.clone(),
                        location: location.clone(),
                    });
                }
            }
        }
        // One event per (sentence, source, target, code): two mentions of
        // one actor in a subject ("The Syrian Connection ... Iran and Syria
        // agreed") are one event, wherever the duplicates stand.
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert((e.sentence, e.source.clone(), e.target.clone(), e.code.clone())));
        let locations = gazetteer.document_locations(doc, &toponyms, &countries);
        (events, disc.entities, locations)
    }

    /// A human-readable account of how each sentence of `doc` was coded: the
    /// actors and agents matched (with their dictionary lines and the code
    /// chosen for `date`), each verb found in the dictionary with the rule
    /// that fired, and why a verb coded nothing. For `dyads explain`.
    pub fn explain(&self, doc: &Doc, date: Date) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let children = children(doc);
        let upper = Upper::new(doc);
        let rels = Rels::new(doc);
        for (si, s) in doc.sentences.iter().enumerate() {
            let _ = writeln!(out, "sentence {si}: {}", &doc.text[doc.sentence_span(s)]);
            for i in s.tokens.clone() {
                let head = doc.head[i].map_or(0, |h| h as usize - s.tokens.start + 1);
                let _ = writeln!(out, "  {:>3} {:<16} {:<10} {:<6} {:>3} {}", i - s.tokens.start + 1, doc.form(i), doc.lemma[i], doc.upos[i], head, doc.deprel[i]);
            }
            if let Some(story) = self.discard(&upper, s.tokens.clone()) {
                let _ = writeln!(out, "  discarded by the discard list ({})", if story { "whole story" } else { "sentence" });
                continue;
            }
            let mentions = self.mentions(&upper, s.tokens.clone(), date);
            for m in &mentions {
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
            let sent = SentenceCtx { doc, children: &children, mentions: &mentions, coder: self, date, upper: &upper, rels: &rels };
            for v in s.tokens.clone() {
                let Some(m) = sent.verb_match(v) else { continue };
                let coded = sent.code_verb(v);
                let _ = writeln!(out, "  verb {:?} rule {} code {}", doc.form(v), m.loc, crate::native::fmt_code(&m.code));
                if coded.is_empty() {
                    let why = if m.code.is_null() {
                        "null code"
                    } else if sent.subject(v).is_none() {
                        "no subject found"
                    } else if sent.subject(v).is_some_and(|(s, _)| sent.participants(s).is_empty()) {
                        "the subject is not a known actor"
                    } else {
                        "no target actor (or it equals the source), or a complement verb codes instead"
                    };
                    let _ = writeln!(out, "    no event: {why}");
                }
                for (src, tgt, code, negated, hypothetical, _) in coded {
                    let _ = writeln!(out, "    event {} -> {} {code}{}{}", src.code, tgt.code, if negated { " (negated)" } else { "" }, if hypothetical { " (hypothetical)" } else { "" });
                }
            }
        }
        out
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

    /// `Some(true)` if a story-level discard phrase occurs in the tokens,
    /// `Some(false)` for a sentence-level one, `None` if neither.
    fn discard(&self, upper: &Upper, range: std::ops::Range<usize>) -> Option<bool> {
        let m = self.discard_matcher.as_ref()?;
        let mut joined = String::from(" ");
        for i in range {
            joined.push_str(upper.form(i));
            joined.push(' ');
        }
        let mut found = None;
        for mat in m.find_overlapping_iter(&joined) {
            let story = self.discard_story[mat.pattern().as_usize()];
            found = Some(found.unwrap_or(false) || story);
            if story {
                break;
            }
        }
        found
    }
}

/// Whether verb `v`'s sentence continues an earlier, dated passage rather
/// than reporting news of the report date: "then-" ("Then-Ambassador Zarif
/// agreed"), a past perfect, or a definite reference to talks, a meeting or
/// a deal already described ("Among the topics at the talks, ...").
fn continues_narrative(doc: &Doc, range: std::ops::Range<usize>, v: usize) -> bool {
    const TOPICS: &[&str] = &["talks", "meeting", "meetings", "negotiations", "discussions", "visit", "summit", "deal", "agreement", "envoy", "diplomat"];
    for i in range.clone() {
        let w = doc.form(i);
        // "Then-Iranian": tokenized "Then" "-" (or "then-iranian" unsplit).
        if (w.eq_ignore_ascii_case("then") && i + 1 < range.end && doc.form(i + 1) == "-") || w.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("then-")) {
            return true;
        }
        if w.eq_ignore_ascii_case("the") && i + 1 < range.end && TOPICS.iter().any(|t| doc.form(i + 1).eq_ignore_ascii_case(t)) {
            return true;
        }
    }
    // Past perfect on the event's verb: "had agreed".
    (range.start..v).any(|i| doc.head[i] == Some(v as u32) && doc.form(i).eq_ignore_ascii_case("had") && doc.deprel[i].starts_with("aux"))
}

/// Upper-case forms and lemmas of a document's tokens, computed once: the
/// dictionaries are upper-case and every matcher compares against them.
/// One buffer for the whole document (token `i`'s form, then its lemma), not
/// two strings per token.
struct Upper {
    text: String,
    /// Per token: where its form starts, where its lemma starts, where the
    /// lemma ends.
    at: Vec<[u32; 3]>,
}

impl Upper {
    fn new(doc: &Doc) -> Upper {
        let mut text = String::with_capacity(doc.text.len() * 2);
        let mut at = Vec::with_capacity(doc.len());
        let push_upper = |text: &mut String, s: &str| {
            if s.is_ascii() {
                text.extend(s.bytes().map(|b| b.to_ascii_uppercase() as char));
            } else {
                text.extend(s.chars().flat_map(char::to_uppercase));
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

    fn form(&self, i: usize) -> &str {
        &self.text[self.at[i][0] as usize..self.at[i][1] as usize]
    }

    fn lemma(&self, i: usize) -> &str {
        &self.text[self.at[i][1] as usize..self.at[i][2] as usize]
    }
}

fn children(doc: &Doc) -> Vec<Vec<usize>> {
    let mut ch = vec![Vec::new(); doc.len()];
    for i in 0..doc.len() {
        if let Some(h) = doc.head[i] {
            ch[h as usize].push(i);
        }
    }
    ch
}

#[derive(Clone, Copy)]
struct SentenceCtx<'a> {
    doc: &'a Doc,
    children: &'a [Vec<usize>],
    mentions: &'a [Mention],
    coder: &'a Coder,
    date: Date,
    upper: &'a Upper,
    rels: &'a Rels<'a>,
}

/// An actor code with an agent's role: appended (IRN + GOVFRM), or put in
/// front for `NGO~`-style agents; a role the actor already has is not repeated.
fn compose(actor: &str, g: &crate::dict::Agent) -> String {
    if g.prefix {
        format!("{}{actor}", g.code)
    } else if actor.len() > 3 && actor[3..].starts_with(&g.code) {
        actor.to_string()
    } else {
        format!("{actor}{}", g.code)
    }
}

/// Relations through which a modifier belongs to a noun phrase's own name
/// ("Iran's", "Iranian", "Foreign Minister"), not to a phrase attached to it.
fn tight_modifier(r: &str) -> bool {
    r == "nmod:poss" || r == "nmod:desc" || matches!(base_rel(r), "amod" | "compound" | "flat" | "det" | "nummod" | "name" | "fixed" | "appos")
}

/// The stem of a regular past or present participle when the lemmatizer
/// missed it ("BOYCOTTED" lemmatized as "boycot"): the form without "ED" or
/// "ING", for a verb lookup that found nothing else.
fn regular_stem(upper_form: &str) -> Option<String> {
    let stem = upper_form.strip_suffix("ED").or_else(|| upper_form.strip_suffix("ING"))?;
    (stem.len() >= 3).then(|| stem.to_string())
}

/// Prepositions of place.
const LOCATIVE_PREPS: &[&str] = &["in", "at", "near", "inside", "outside"];

/// Whether `form` is one of the lower-case ASCII `words`, in any case.
fn one_of(form: &str, words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(form))
}

const NEGATORS: &[&str] = &["not", "n't", "never", "no", "nt"];
/// Auxiliaries that make an action hypothetical. "will" is not among them:
/// a future action is still coded as that action (PETRARCH does the same).
const MODALS: &[&str] = &["would", "could", "might", "may", "should", "can", "ca"];
const INTENT_VERBS: &[&str] = &["agree", "promise", "pledge", "plan", "intend", "offer", "vow", "decide", "expect", "hope", "want", "seek", "aim", "prepare"];

/// Maps a material/consultative code to "express intent to ..." (03x) and a
/// conflict code to "threaten ..." (13x): what a modal or an intent verb
/// turns an action into.
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "15" => "138",
        "16" => "131",
        "17" => "137",
        "18" => "1383",
        "19" => "1384",
        "20" => "1385",
        _ => return None,
    })
}

type Coded = (Participant, Participant, String, bool, bool, Loc);

/// What a pattern noun's head word needs to be present in a verb's scope.
enum HeadWord {
    Any,
    Word(String),
    /// One of the head words in `Coder::head_sets[i]`.
    Set(usize),
}

/// What every pattern of a verb's block is matched against, computed once
/// per verb: the tokens of its noun arguments after and before it, the words
/// (forms and lemmas) among them, and its prepositional dependents.
struct VerbScope<'s> {
    after: Vec<usize>,
    before: Vec<usize>,
    words: foldhash::HashSet<&'s str>,
    /// Candidates of `(PREP NOUN)` after / before the verb, nearest first:
    /// each with its case/mark dependents.
    preps_after: Vec<(usize, Vec<usize>)>,
    preps_before: Vec<(usize, Vec<usize>)>,
}

struct VerbMatch {
    /// A pattern of the verb's block matched, not just the verb.
    by_pattern: bool,
    code: VerbCode,
    loc: Loc,
    reciprocal: bool,
    target_hint: Option<usize>,
    swap_roles: bool,
}

impl<'a> SentenceCtx<'a> {
    fn lower(&self, i: usize) -> String {
        let l = &self.doc.lemma[i];
        if l.is_empty() { self.doc.form(i).to_lowercase() } else { l.to_lowercase() }
    }

    fn kids(&self, i: usize, rels: &[&str]) -> Vec<usize> {
        self.children[i].iter().copied().filter(|&c| rels.contains(&self.rel(c)) || rels.contains(&self.base(c))).collect()
    }

    /// `rel(doc, i)`, from the document's table.
    fn rel(&self, i: usize) -> &'a str {
        self.rels.rel[i]
    }

    /// `base_rel(rel(doc, i))`, from the document's table.
    fn base(&self, i: usize) -> &'a str {
        self.rels.base[i]
    }

    /// An infinitival complement: `xcomp`, or an `advcl` introduced by "to"
    /// (parsers disagree on "agreed to resume talks").
    fn is_complement(&self, v: usize) -> bool {
        match self.base(v) {
            "xcomp" => true,
            "advcl" => self.kids(v, &["mark"]).iter().any(|&m| self.doc.form(m).eq_ignore_ascii_case("to")),
            _ => false,
        }
    }

    fn is_negated(&self, v: usize) -> bool {
        self.children[v].iter().any(|&c| {
            let r = self.base(c);
            (r == "advmod" || r == "neg" || r == "aux") && one_of(self.doc.form(c), NEGATORS)
        })
    }

    fn is_modal(&self, v: usize) -> bool {
        self.kids(v, &["aux"]).iter().any(|&c| one_of(self.doc.form(c), MODALS))
            || self.kids(v, &["mark"]).iter().any(|&c| self.doc.form(c).eq_ignore_ascii_case("if"))
    }

    /// Mentions whose head is `tok` or hangs under it through tight
    /// noun-phrase modifiers ("Iran's", "Iranian", "Foreign Minister").
    fn mentions_at(&self, tok: usize) -> Vec<&'a Mention> {
        let doc = self.doc;
        self.mentions
            .iter()
            .filter(|m| {
                let mut h = Coder::span_head(doc, m.start, m.end);
                for _ in 0..8 {
                    if h == tok {
                        return true;
                    }
                    match doc.head[h] {
                        Some(p) if self.tight(h) => h = p as usize,
                        _ => return false,
                    }
                }
                false
            })
            .collect()
    }

    /// Whether token `h` belongs to its head's own noun phrase name: a
    /// `tight_modifier`, or a bare `nmod` with no preposition, which is how a
    /// parser may split a title from its name ("Deputy [Prime Minister
    /// Telemar]").
    fn tight(&self, h: usize) -> bool {
        tight_modifier(self.rel(h)) || (self.rel(h) == "nmod" && !self.children[h].iter().any(|&k| matches!(self.base(k), "case" | "punct")))
    }

    /// The participants a noun at `tok` stands for, composing actor and agent
    /// codes: "Iranian foreign minister" -> IRNGOVFRM; "the ambassadors of
    /// Arnor and Gondor" -> ARNGOV, GONGOV.
    fn participant_at(&self, tok: usize) -> Vec<Participant> {
        let ms = self.mentions_at(tok);
        let actor_of = |ms: &[&Mention]| {
            ms.iter().find_map(|m| match m.kind {
                MentionKind::Actor(a) => self.coder.dicts.actors[a].code_at(self.date).map(|c| (c.code.clone(), m.start, m.end)),
                _ => None,
            })
        };
        let agent = ms.iter().find_map(|m| match m.kind {
            MentionKind::Agent(a) => Some((&self.coder.dicts.agents[a], m.start, m.end)),
            _ => None,
        });
        let span = |ms: &[&Mention]| ms.iter().fold((tok, tok + 1), |(s, e), m| (s.min(m.start), e.max(m.end)));
        let (start, end) = span(&ms);
        match (actor_of(&ms), agent) {
            (Some((a, s1, e1)), Some((g, ..))) => {
                // "Eriadori and Calenardhon leaders": conjoined modifiers give
                // one participant each.
                let mut out = vec![Participant { code: compose(&a, g), start, end }];
                let head = Coder::span_head(self.doc, s1, e1);
                if head != tok {
                    for c in self.kids(head, &["conj"]) {
                        if let Some((a2, ..)) = actor_of(&self.mentions_at(c)) {
                            out.push(Participant { code: compose(&a2, g), start: c, end: c + 1 });
                        }
                    }
                }
                out
            }
            (Some((a, ..)), None) => vec![Participant { code: a, start, end }],
            (None, Some((g, ..))) => {
                // "ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in Arnor":
                // the agent takes its country from a prepositional modifier.
                let mut out = Vec::new();
                for c in self.kids(tok, &["nmod", "obl"]) {
                    let mut heads = vec![c];
                    heads.extend(self.kids(c, &["conj"]));
                    for h in heads {
                        if let Some((a, s2, e2)) = actor_of(&self.mentions_at(h)) {
                            out.push(Participant { code: compose(&a, g), start: start.min(s2), end: end.max(e2) });
                        }
                    }
                    if !out.is_empty() {
                        return out;
                    }
                }
                // A role with no country or group ("the government") is
                // not an actor a dyad can be built on.
                Vec::new()
            }
            (None, None) => Vec::new(),
        }
    }

    /// A participant for argument token `t`, with its conjuncts.
    /// A conjoined role noun shares the first conjunct's country: "Danish
    /// media and government" -> DNKMED, DNKGOV.
    fn participants(&self, t: usize) -> Vec<Participant> {
        let mut out = self.participant_at(t);
        // Lists are often parsed with appositions ("Mordor, the Shire, Arnor
        // and Bree"): an apposition naming another country is a list member;
        // one naming the same country ("Zarif, Iran's envoy") is not.
        let country = |p: &Participant| p.code.get(..3).unwrap_or("").to_string();
        let mut todo = self.kids(t, &["conj", "appos"]);
        while let Some(x) = todo.pop() {
            let mut ps = self.participant_at(x);
            if ps.is_empty() {
                ps = self.shared_country(t, x);
            }
            if self.rel(x) == "appos" {
                ps.retain(|p| !out.iter().any(|o| country(o) == country(p)));
            }
            out.extend(ps);
            todo.extend(self.kids(x, &["conj", "appos"]));
        }
        // A bare role first, its country on a later conjunct: "Lawmakers and
        // officials in Arnor and Gondor" -> ARNLEG, GONLEG, ARNGOV, GONGOV.
        if !out.is_empty() && !out.iter().any(|p| p.start <= t && t < p.end) {
            let agent = self.mentions_at(t).into_iter().find_map(|m| match m.kind {
                MentionKind::Agent(g) if Coder::span_head(self.doc, m.start, m.end) == t => Some(&self.coder.dicts.agents[g]),
                _ => None,
            });
            if let Some(g) = agent {
                let mut countries: Vec<String> = out.iter().filter_map(|p| p.code.get(..3).map(str::to_string)).collect();
                countries.sort();
                countries.dedup();
                for c in countries {
                    out.push(Participant { code: compose(&c, g), start: t, end: t + 1 });
                }
            }
        }
        out.sort_by_key(|p| p.start);
        out
    }

    /// Whether participle `v` has no auxiliary of its own and its subject
    /// `subj` hangs from a predicate with a form of "be".
    fn borrows_be(&self, v: usize, subj: usize) -> bool {
        let Some(h) = self.doc.head[subj].map(|h| h as usize) else { return false };
        h != v
            && self.kids(v, &["aux"]).is_empty()
            && self.children[h].iter().any(|&k| matches!(self.base(k), "cop" | "aux") && self.doc.lemma[k].eq_ignore_ascii_case("be"))
    }

    /// The participants of subject `subj`, with those of the subjects of the
    /// same verb listed right before it: a parser may split a list ("Mordor,
    /// the Shire, Arnor and Bree welcomed ...") into several `nsubj`s.
    fn subject_participants(&self, subj: usize) -> Vec<Participant> {
        let mut out = self.participants(subj);
        let Some(h) = self.doc.head[subj].map(|h| h as usize) else { return out };
        // Only a subject that ends where this one's phrase begins, with
        // nothing but commas and a conjunction between them, is a split list.
        let first_of = |t: usize| self.subtree(t).into_iter().min().unwrap_or(t);
        let last_of = |t: usize| self.subtree(t).into_iter().max().unwrap_or(t);
        let list_gap = |a: usize, b: usize| (last_of(a) + 1..first_of(b)).all(|k| matches!(self.doc.upos[k], Upos::Punct | Upos::Cconj));
        let subjects: Vec<usize> = self.children[h].iter().copied().filter(|&o| o < h && self.rel(o) == "nsubj").collect();
        let Some(at) = subjects.iter().position(|&o| o == subj) else { return out };
        let mut before = at;
        while before > 0 && list_gap(subjects[before - 1], subjects[before]) {
            before -= 1;
        }
        let mut after = at;
        while after + 1 < subjects.len() && list_gap(subjects[after], subjects[after + 1]) {
            after += 1;
        }
        for &other in subjects[before..=after].iter().filter(|&&o| o != subj) {
            out.extend(self.participants(other));
        }
        out.sort_by_key(|p| p.start);
        out.dedup_by(|a, b| (a.start, a.end, &a.code) == (b.start, b.end, &b.code));
        out
    }

    /// For a conjunct `x` that is a bare role (an agent with no actor of its
    /// own), the role composed with the actor modifying the first conjunct.
    fn shared_country(&self, first: usize, x: usize) -> Vec<Participant> {
        let agent = self.mentions_at(x).into_iter().find_map(|m| match m.kind {
            MentionKind::Agent(g) => Some(&self.coder.dicts.agents[g]),
            _ => None,
        });
        let Some(g) = agent else { return Vec::new() };
        let actor = self.mentions_at(first).into_iter().find_map(|m| match m.kind {
            MentionKind::Actor(a) if Coder::span_head(self.doc, m.start, m.end) != first => self.coder.dicts.actors[a].code_at(self.date).map(|c| c.code.clone()),
            _ => None,
        });
        match actor {
            Some(a) => vec![Participant { code: compose(&a, g), start: x, end: x + 1 }],
            None => Vec::new(),
        }
    }

    /// Subject of verb `v`, following control (xcomp) and coordination. A
    /// pronoun subject of a complement clause ("Ethiopia indicated it would
    /// act") stands for the governing clause's subject when that one is an
    /// actor; fuller coreference is the dating/attribution stage's job.
    fn subject(&self, v: usize) -> Option<(usize, bool)> {
        let mut cur = v;
        let mut pronoun: Option<(usize, bool)> = None;
        for _ in 0..6 {
            // Passive subjects first: `kids` also matches subtypes of "nsubj".
            let found = self.kids(cur, &["nsubj:pass", "csubj:pass"]).first().map(|&s| (s, true)).or_else(|| self.kids(cur, &["nsubj", "csubj"]).first().map(|&s| (s, false)));
            if let Some((s, passive)) = found {
                let is_pronoun = self.doc.upos[s] == Upos::Pron && !one_of(self.doc.form(s), &["who", "which", "that"]);
                if !is_pronoun || !self.participants(s).is_empty() {
                    return Some(pronoun.map_or((s, passive), |(_, p)| (s, p)));
                }
                pronoun.get_or_insert((s, passive));
                if !matches!(self.base(cur), "ccomp" | "xcomp" | "advcl" | "conj") {
                    return pronoun;
                }
            }
            let r = self.base(cur);
            match self.doc.head[cur] {
                // Object control: in "encouraged the Shiites to participate",
                // the Shiites participate.
                Some(h) if r == "xcomp" && pronoun.is_none() && !self.kids(h as usize, &["obj", "iobj"]).is_empty() => {
                    return Some((self.kids(h as usize, &["obj", "iobj"])[0], false));
                }
                Some(h) if matches!(r, "xcomp" | "conj" | "advcl" | "acl") || (pronoun.is_some() && r == "ccomp") => cur = h as usize,
                _ => return pronoun.or_else(|| self.nominal_root_subject(v)),
            }
        }
        pronoun
    }

    /// When the parser made a sentence's initial noun phrase the root and
    /// hung the verb below it ("Arnor officials are about to restore ties"
    /// parsed with "officials" as root), that noun is the verb's subject.
    fn nominal_root_subject(&self, v: usize) -> Option<(usize, bool)> {
        let mut root = v;
        while let Some(h) = self.doc.head[root] {
            root = h as usize;
        }
        let nominal = matches!(self.doc.upos[root], Upos::Noun | Upos::Propn);
        (nominal && root < v && self.kids(root, &["nsubj", "nsubj:pass"]).is_empty()).then_some((root, false))
    }

    fn word_matches(&self, i: usize, w: &str) -> bool {
        self.upper.form(i) == w || self.upper.lemma(i) == w
    }

    /// Does a pattern term match token `i` (a synset matches any member
    /// phrase whose last word is `i` and whose other words precede it)?
    fn term_matches(&self, i: usize, t: &Term) -> bool {
        self.term_words(i, t) > 0
    }

    /// How many words a term matches ending at token `i` (a synset member
    /// of several words counts them all); 0 when it does not match.
    fn term_words(&self, i: usize, t: &Term) -> usize {
        match t {
            Term::Word(w) => self.word_matches(i, w) as usize,
            Term::Set(name) => self.coder.dicts.synsets.get(name).map_or(0, |members| {
                members
                    .iter()
                    .filter_map(|m| {
                        let (last, rest) = m.split_last()?;
                        if let Some(inner) = last.strip_prefix('&') {
                            return Some(self.term_words(i, &Term::Set(inner.to_string()))).filter(|&n| n > 0);
                        }
                        (self.word_matches(i, last) && rest.iter().rev().enumerate().all(|(k, w)| i > k && self.word_matches(i - k - 1, w))).then_some(m.len())
                    })
                    .max()
                    .unwrap_or(0)
            }),
        }
    }

    /// Words a matching pattern's noun phrases cover in the verb's scope:
    /// for each, its head term at the best matching token, plus its modifiers.
    fn matched_words(&self, p: &Pattern, scope: &VerbScope) -> usize {
        let np_words = |np: &NounPhrase, cands: &[usize]| {
            let Some(head) = np.last() else { return 0 };
            cands.iter().filter(|&&k| self.np_matches(k, np)).map(|&k| self.term_words(k, head) + np.len() - 1).max().unwrap_or(0)
        };
        p.post_nouns.iter().map(|np| np_words(np, &scope.after)).sum::<usize>() + p.pre_nouns.iter().map(|np| np_words(np, &scope.before)).sum::<usize>()
    }

    /// A noun phrase of a pattern matches the subtree under token `n`: the
    /// head term at `n` (or a conjunct), the other terms among its dependents.
    fn np_matches(&self, n: usize, np: &NounPhrase) -> bool {
        let Some((head, mods)) = np.split_last() else { return true };
        if !self.term_matches(n, head) {
            return false;
        }
        // PETRARCH2's phrase rule: the word before the head stands right
        // before it, earlier words precede in order within the phrase. So
        // "cultural memos" matches {&TIETYPES MEMOS} and "cultural internal
        // memos" does not, while "new global economic relations" matches
        // {NEW &TIETYPES RELATIONS}.
        let sub = self.subtree(n);
        let mut pos = n;
        for (k, m) in mods.iter().rev().enumerate() {
            let found = if k == 0 {
                (pos > 0 && self.term_matches(pos - 1, m)).then(|| pos - 1)
            } else {
                (0..pos).rev().find(|&j| sub.contains(&j) && self.term_matches(j, m))
            };
            match found {
                Some(j) => pos = j,
                None => return false,
            }
        }
        true
    }

    fn subtree(&self, n: usize) -> Vec<usize> {
        let mut out = vec![n];
        let mut i = 0;
        while i < out.len() && out.len() < 200 {
            out.extend(self.children[out[i]].iter().copied());
            i += 1;
        }
        out
    }

    /// Dependents of `v` that are noun arguments after / before it.
    fn noun_args(&self, v: usize, after: bool) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in &self.children[v] {
            let r = self.base(c);
            // Clausal complements are events of their own, not the verb's objects.
            // Before the verb only noun phrases count: PETRARCH2 does not
            // match adverbs there ("HEAVILY *" leaves "was heavily
            // criticized" a plain criticism).
            let noun_like = matches!(r, "obj" | "iobj" | "nsubj" | "obl" | "nmod" | "dep") || (after && r == "advmod");
            if (c > v) == after && noun_like {
                out.push(c);
                out.extend(self.kids(c, &["conj", "compound", "amod"]));
            }
        }
        out
    }

    /// A dependent matching `(PREP NOUN)`: attached to the verb, or inside
    /// one of its noun arguments ("condemned an attack by X" under
    /// `* ATTACK (BY)`), nearest the verb first.
    fn prep_matches(&self, v: usize, pp: &PrepPhrase, after: bool) -> Option<usize> {
        self.prep_matches_in(&self.prep_candidates(v, after), pp)
    }

    /// The dependents that may hold a `(PREP NOUN)` of `v`, nearest first,
    /// each with its case/mark dependents (see `prep_matches`).
    fn prep_candidates(&self, v: usize, after: bool) -> Vec<(usize, Vec<usize>)> {
        let mut cands: Vec<usize> = self.children[v].iter().copied().filter(|&c| (c > v) == after).collect();
        let mut i = 0;
        while i < cands.len() && cands.len() < 100 {
            let c = cands[i];
            if matches!(self.base(c), "obj" | "obl" | "nmod" | "iobj") {
                cands.extend(self.children[c].iter().copied().filter(|&k| matches!(self.base(k), "nmod" | "obl")));
            }
            i += 1;
        }
        cands
            .into_iter()
            .filter(|&c| matches!(self.base(c), "obl" | "nmod" | "advcl" | "xcomp" | "ccomp" | "obj"))
            .map(|c| (c, self.children[c].iter().copied().filter(|&k| matches!(self.base(k), "case" | "mark")).collect()))
            .filter(|(_, preps): &(usize, Vec<usize>)| !preps.is_empty())
            .collect()
    }

    fn prep_matches_in(&self, cands: &[(usize, Vec<usize>)], pp: &PrepPhrase) -> Option<usize> {
        cands.iter().find_map(|&(c, ref preps)| {
            let has_prep = preps.iter().any(|&k| pp.preps.iter().any(|p| self.word_matches(k, p)));
            (has_prep && pp.noun.as_ref().is_none_or(|np| self.np_matches(c, np) || self.subtree(c).iter().any(|&k| self.np_matches(k, np)))).then_some(c)
        })
    }

    /// The dependent of `v` matched by the pattern's first prepositional
    /// phrase: where the pattern says the target is ("celebrated Eid at X
    /// with Y" under `* (WITH)` -> Y).
    fn pattern_target(&self, v: usize, p: &Pattern) -> Option<usize> {
        if let Some(pp) = p.post_preps.iter().find(|pp| pp.target).or(p.post_preps.iter().find(|pp| !pp.skip)) {
            return self.prep_matches(v, pp, true);
        }
        // Only skipped phrases: the target is the next phrase with an actor.
        let skipped: Vec<usize> = p.post_preps.iter().filter_map(|pp| self.prep_matches(v, pp, true)).collect();
        if skipped.is_empty() {
            return None;
        }
        self.children[v]
            .iter()
            .copied()
            .find(|&c| c > v && !skipped.contains(&c) && matches!(self.base(c), "obl" | "nmod") && !self.participants_under(c).is_empty())
    }

    /// Tokens a pattern's noun phrases may match, after and before the verb:
    /// its noun arguments and everything under them. Computed once per verb,
    /// not once per pattern (a CAMEO 2.0 block has up to hundreds).
    fn verb_scope(&self, v: usize) -> VerbScope<'a> {
        let scope = |after: bool| {
            let mut args = self.noun_args(v, after);
            // The verb phrase goes on into an infinitival complement: "vowed
            // to wage war on ..." matches `VOW * WAR`.
            if after {
                for c in self.children[v].iter().copied().filter(|&c| c > v && self.is_complement(c)) {
                    args.extend(self.noun_args(c, true));
                }
            }
            let mut toks: Vec<usize> = args.into_iter().flat_map(|c| self.subtree(c)).collect();
            toks.sort_unstable();
            toks.dedup();
            toks
        };
        let (after, mut before) = (scope(true), scope(false));
        // Before the verb, determiners and conjunctions are not pattern
        // nouns: "Neither Galadriel nor Gollum boycotted" is no `NEITHER *`
        // (PETRARCH reads "neither" outside the subject's noun phrase).
        before.retain(|&k| !matches!(self.base(k), "det" | "cc"));
        let upper: &'a Upper = self.upper;
        let words = after.iter().chain(&before).flat_map(|&k| [upper.form(k), upper.lemma(k)]).collect();
        VerbScope { after, before, words, preps_after: self.prep_candidates(v, true), preps_before: self.prep_candidates(v, false) }
    }

    fn pattern_matches(&self, v: usize, p: &Pattern, heads: &[HeadWord], scope: &VerbScope) -> bool {
        // Cheap rejection first: a noun's head word must occur somewhere.
        let words = &scope.words;
        let head_present = |h: &HeadWord| match h {
            HeadWord::Any => true,
            HeadWord::Word(w) => words.contains(w.as_str()),
            HeadWord::Set(i) => {
                let set = &self.coder.head_sets[*i];
                if set.len() < words.len() {
                    set.iter().any(|w| words.contains(w.as_str()))
                } else {
                    words.iter().any(|w| set.contains(*w))
                }
            }
        };
        if !heads.iter().all(head_present) {
            return false;
        }
        if p.reciprocal && !self.subject(v).is_some_and(|(s, _)| !self.kids(s, &["conj"]).is_empty()) {
            return false;
        }
        let nouns_ok = |nps: &[NounPhrase], cands: &[usize]| nps.iter().all(|np| cands.iter().any(|&k| self.np_matches(k, np)));
        nouns_ok(&p.post_nouns, &scope.after)
            && nouns_ok(&p.pre_nouns, &scope.before)
            && p.post_preps.iter().all(|pp| self.prep_matches_in(&scope.preps_after, pp).is_some())
            && p.pre_preps.iter().all(|pp| self.prep_matches_in(&scope.preps_before, pp).is_some())
    }

    /// The code for verb token `v`: the most specific matching pattern of its
    /// block, else the verb's own code.
    fn verb_code(&self, v: usize) -> Option<(VerbCode, Loc)> {
        self.verb_match(v).map(|m| (m.code, m.loc))
    }

    /// The code for verb token `v`, the rule that gave it, and what the rule
    /// says about the participants.
    fn verb_match(&self, v: usize) -> Option<VerbMatch> {
        let verbal = matches!(self.doc.upos[v], Upos::Verb) || self.doc.xpos[v].starts_with("VB");
        // A verb the tagger took for a noun still shows itself by its subject.
        if !verbal && !(self.doc.upos[v] == Upos::Noun && !self.kids(v, &["nsubj"]).is_empty() && self.rel(v) == "root") {
            return None;
        }
        let form = self.upper.form(v);
        let lemma = Some(self.upper.lemma(v)).filter(|l| !l.is_empty()).unwrap_or(form);
        // A dictionary entry for the surface form itself ("LEFT [042:043]"
        // beside "LEAVE [012]") is more specific than the lemma's.
        let own_form: Vec<usize> =
            self.coder.verb_index.get(form).map_or(Vec::new(), |ids| ids.iter().copied().filter(|&i| self.coder.verb_lemmas[i] == form).collect());
        let ids: &[usize] = if !own_form.is_empty() && form != lemma {
            &own_form
        } else {
            match self.coder.verb_index.get(lemma).or_else(|| self.coder.verb_index.get(form)) {
                Some(ids) => ids,
                None => self.coder.verb_index.get(&regular_stem(form)?)?,
            }
        };
        // Phrasal verbs need their particle; prefer them when it is there.
        let particle_ok = |id: &usize| {
            let verb = &self.coder.dicts.verbs[*id];
            verb.particle.as_ref().is_none_or(|p| self.children[v].iter().any(|&c| self.doc.form(c).eq_ignore_ascii_case(p)))
        };
        let id = ids.iter().filter(|i| particle_ok(i)).max_by_key(|i| self.coder.dicts.verbs[**i].particle.is_some() as u8)?;
        let verb = &self.coder.dicts.verbs[*id];
        let block = &self.coder.dicts.blocks[verb.block];
        let scope = self.verb_scope(v);
        let heads = &self.coder.pattern_heads[verb.block];
        let order = &self.coder.pattern_order[verb.block];
        if let Some(first) = order.iter().position(|&i| self.pattern_matches(v, &block.patterns[i], &heads[i], &scope)) {
            // Among equally specific patterns that match, the one whose
            // synset matched the longer phrase wins: "austrian gold florin"
            // is &HYPERCURR, not the &CURRENCY of "florin" alone.
            let specificity = block.patterns[order[first]].specificity();
            let mut best = (order[first], self.matched_words(&block.patterns[order[first]], &scope));
            for &i in order[first + 1..].iter().take_while(|&&i| block.patterns[i].specificity() == specificity) {
                let p = &block.patterns[i];
                if p.post_nouns.iter().chain(&p.pre_nouns).any(|np| matches!(np.last(), Some(Term::Set(_))))
                    && self.pattern_matches(v, p, &heads[i], &scope)
                {
                    let words = self.matched_words(p, &scope);
                    if words > best.1 {
                        best = (i, words);
                    }
                }
            }
            let p = &block.patterns[best.0];
            return Some(VerbMatch { by_pattern: true, code: p.code.clone(), loc: p.loc.clone(), reciprocal: p.reciprocal, target_hint: self.pattern_target(v, p), swap_roles: p.swap_roles });
        }
        Some(VerbMatch { by_pattern: false, code: verb.code.clone(), loc: verb.loc.clone(), reciprocal: false, target_hint: None, swap_roles: false })
    }

    /// Participants in the noun phrase under argument `c`, searched breadth
    /// first ("resumption of ties with Mordor and Rohan" -> Mordor, Rohan),
    /// without entering clauses.
    fn participants_under(&self, c: usize) -> Vec<Participant> {
        let mut frontier = vec![c];
        for _ in 0..6 {
            let mut found = Vec::new();
            // A place beside another participant is where, not whom: "an
            // attack by Osgiliath soldiers in south Ithilen" is against the
            // soldiers' targets, not Ithilen.
            let locative = |x: usize| x != c && self.children[x].iter().any(|&k| self.base(k) == "case" && one_of(self.doc.form(k), LOCATIVE_PREPS));
            for &x in frontier.iter().filter(|&&x| !locative(x)) {
                found.extend(self.participants(x));
            }
            if found.is_empty() {
                for &x in frontier.iter().filter(|&&x| locative(x)) {
                    found.extend(self.participants(x));
                }
            }
            if !found.is_empty() {
                found.sort_by_key(|p| p.start);
                found.dedup_by(|a, b| a.start == b.start);
                return found;
            }
            frontier = frontier
                .iter()
                .flat_map(|&x| self.children[x].iter().copied())
                // Reduced relative clauses count: "memos sent by Bree", "the
                // parade supporting Gondor" (PETRARCH reads actors anywhere
                // in the object's noun phrase); full relative clauses do not.
                .filter(|&k| matches!(self.base(k), "nmod" | "obl" | "compound" | "appos" | "obj") || self.rel(k) == "acl")
                .collect();
            if frontier.is_empty() {
                break;
            }
        }
        Vec::new()
    }

    /// Whether `v` has an actor as its object, indirect object, or in a
    /// "to"/"with" phrase: a consultation *with someone*, not talks among the
    /// conjoined subjects *about* something.
    fn has_direct_target(&self, v: usize) -> bool {
        let to_or_with = |c: usize| self.children[c].iter().any(|&k| one_of(self.doc.form(k), &["to", "with"])) && !self.participants(c).is_empty();
        self.children[v].iter().any(|&c| match self.base(c) {
            // "presented credentials to Ithilen's president": the phrase may
            // hang from the object.
            "obj" | "iobj" => !self.participants(c).is_empty() || self.children[c].iter().any(|&k| self.base(k) == "nmod" && to_or_with(k)),
            "obl" | "nmod" => to_or_with(c),
            _ => false,
        })
    }

    /// Targets of `v`: where the pattern points, else objects, then
    /// prepositional dependents, then the subject of a clausal complement
    /// ("allowed that Mordor isn't ..."). In the passive, the by-agent (or,
    /// failing that, any prepositional participant) is returned instead: the
    /// caller makes it the source.
    fn targets(&self, v: usize, passive: bool, hint: Option<usize>, statement: bool, by_pattern: bool) -> Vec<Participant> {
        if let Some(h) = hint.filter(|_| !passive) {
            let ps = self.participants_under(h);
            if !ps.is_empty() {
                return ps;
            }
        }
        if passive {
            let obl = self.kids(v, &["obl", "nmod"]);
            let by = |c: &usize| self.children[*c].iter().any(|&k| self.doc.form(k).eq_ignore_ascii_case("by"));
            for c in obl.iter().filter(|c| by(c)).chain(obl.iter().filter(|c| !by(c))) {
                let ps = self.participants_under(*c);
                if !ps.is_empty() {
                    return ps;
                }
            }
            return Vec::new();
        }
        for r in ["obj", "iobj", "obl", "nmod", "xcomp", "ccomp"] {
            for c in self.kids(v, &[r]) {
                let ps = if matches!(r, "xcomp" | "ccomp") {
                    let mut ps = self.participants(c);
                    // What a statement is about is reported speech, not its target.
                    if ps.is_empty() && !statement {
                        if let Some(&s) = self.kids(c, &["nsubj", "nsubj:pass"]).first() {
                            ps = self.participants(s);
                        }
                    }
                    ps
                } else {
                    self.participants_under(c)
                };
                if !ps.is_empty() {
                    return ps;
                }
            }
        }
        // Then, when a pattern read the verb phrase as one unit, the objects
        // of an infinitival complement that codes nothing itself: "signed an
        // accord to supply Gondor" (`* ACCORD`), "vowed to wage war on the
        // Rohans" (`* WAR`). A bare verb does not reach that far ("wants to
        // drive the Palestinians toward ..." is no intent toward them).
        for c in self.children[v].iter().copied().filter(|&c| by_pattern && c > v && self.is_complement(c)) {
            if self.verb_code(c).is_some_and(|(code, _)| !code.is_null()) {
                continue;
            }
            for k in self.kids(c, &["obj", "iobj", "obl", "nmod"]) {
                let ps = self.participants_under(k);
                if !ps.is_empty() {
                    return ps;
                }
            }
        }
        // Last, what a parse may have hung off a predicate that is not a
        // clause of its own: "marched very close to the border with Mordor"
        // (an adjective complement), "rescheduled his mushroom hunting trip
        // in the White Downs" ("hunting" parsed as a participle). PETRARCH
        // reads such phrases as part of the verb phrase ("..., perceiving
        // him as Filipino" is not).
        for c in self.children[v].iter().copied().filter(|&c| c > v) {
            let bare_predicate = match self.base(c) {
                "xcomp" => !matches!(self.doc.upos[c], Upos::Verb | Upos::Aux),
                // A participle inside the verb phrase: no comma sets it off.
                "advcl" => {
                    self.doc.xpos[c] == "VBG"
                        && self.kids(c, &["nsubj", "nsubj:pass", "mark", "aux"]).is_empty()
                        && !(v + 1..c).any(|k| self.doc.upos[k] == Upos::Punct)
                }
                _ => false,
            };
            if bare_predicate {
                for k in self.kids(c, &["obj", "obl", "nmod"]) {
                    let ps = self.participants_under(k);
                    if !ps.is_empty() {
                        return ps;
                    }
                }
            }
        }
        Vec::new()
    }

    fn code_verb(&self, v: usize) -> Vec<Coded> {
        match self.verb_match(v) {
            Some(m) => self.code_matched(v, m),
            None => Vec::new(),
        }
    }

    /// The events of verb `v` under the rule `m` that matched it.
    fn code_matched(&self, v: usize, m: VerbMatch) -> Vec<Coded> {
        let VerbMatch { by_pattern, mut code, loc, reciprocal, target_hint, swap_roles } = m;
        if code.is_null() {
            return Vec::new();
        }
        // An action under a control verb ("agreed to meet", "threatened to
        // attack") or a modal is an intent or a threat, not the act itself.
        let mut negated = self.is_negated(v);
        let mut hypothetical = self.is_modal(v);
        let mut governed_by_intent = false;
        let mut cur = v;
        while self.is_complement(cur) {
            let Some(h) = self.doc.head[cur] else { break };
            cur = h as usize;
            negated |= self.is_negated(cur);
            hypothetical |= self.is_modal(cur);
            let lemma = self.lower(cur);
            governed_by_intent |= INTENT_VERBS.contains(&lemma.as_str()) || lemma == "threaten";
        }
        if hypothetical || governed_by_intent {
            for c in [&mut code.forward, &mut code.reverse].into_iter().flatten() {
                if let Some(i) = intent_code(c) {
                    *c = i.to_string();
                }
            }
        }
        // Subject control ("agreed to meet"): the complement is the event, the
        // control verb does not code itself. Object control ("urged Eriador
        // to respond"): the urging is the event, and the urged action has not
        // happened, so it codes nothing.
        let object_control = |x: usize| self.doc.head[x].is_some_and(|h| !self.kids(h as usize, &["obj", "iobj"]).is_empty());
        // Only an xcomp is controlled: a purpose clause ("bought arms to
        // attack Y", "... are about to restore ties") keeps its own subject.
        if self.base(v) == "xcomp" && object_control(v) {
            return Vec::new();
        }
        if self.kids(v, &["obj", "iobj"]).is_empty() && self.children[v].iter().any(|&x| self.is_complement(x) && self.verb_code(x).is_some_and(|(c, _)| !c.is_null())) {
            return Vec::new();
        }
        let Some((subj, passive)) = self.subject(v) else { return Vec::new() };
        // A passive subject borrowed from a governing clause ("Gondor was
        // asked to meet Arnor", or a parse hanging "activists ... are about
        // to restore ties" under another verb) is the complement's active
        // subject; a conjunct shares its passive ("was attacked and looted").
        let passive = passive && !matches!(self.base(v), "xcomp" | "advcl");
        // A participle conjoined to a "be" predicate is passive even when the
        // parse made "was" a copula elsewhere: "The Philippines was heavily
        // and unjustly criticized over ...".
        let passive = passive || (self.doc.xpos[v] == "VBN" && self.base(v) == "conj" && self.borrows_be(v, subj));
        let (mut sources, mut targets) = if passive {
            (self.targets(v, true, None, false, false), self.participants(subj))
        } else {
            // A plain statement (010) is not about the subject of what is
            // said; a comment (012 pessimistic, 013 optimistic, ...) is about
            // it: "expressed hopes that Osgiliath could be drawn into ...".
            let statement = code.forward.as_deref() == Some("010");
            (self.subject_participants(subj), self.targets(v, false, target_hint, statement, by_pattern))
        };
        // In the passive the subject already is the target ("was freed
        // from Barad-dur" under `+ * (FROM $)`).
        if swap_roles && !passive {
            std::mem::swap(&mut sources, &mut targets);
        }
        let mut out = Vec::new();
        // Consultations between conjoined subjects are between them: "The
        // United States and Iran held talks about Iraq" is USA<->IRN.
        let consult = code.forward.as_deref().is_some_and(|c| c.starts_with("04"));
        let reciprocal = reciprocal || (consult && sources.len() >= 2 && !self.has_direct_target(v));
        if targets.is_empty() || reciprocal {
            // "The United States and Iran held talks": symmetric cooperation
            // between conjoined subjects, both ways.
            let symmetric = reciprocal || code.forward.as_deref().is_some_and(|c| matches!(&c[..2.min(c.len())], "03" | "04" | "05" | "06"));
            if symmetric && sources.len() >= 2 {
                for a in &sources {
                    for b in &sources {
                        if a.code != b.code {
                            out.push((a.clone(), b.clone(), code.forward.clone().unwrap(), negated, hypothetical, loc.clone()));
                        }
                    }
                }
            }
            return out;
        }
        for s in &sources {
            for t in &targets {
                if s.code == t.code {
                    continue;
                }
                if let Some(f) = &code.forward {
                    out.push((s.clone(), t.clone(), f.clone(), negated, hypothetical, loc.clone()));
                }
                if let Some(r) = &code.reverse {
                    out.push((t.clone(), s.clone(), r.clone(), negated, hypothetical, loc.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petrarch;

    fn coder() -> Coder {
        let mut d = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\nIRAN_ [IRN]\n+IRANIAN_\nUNITED_STATES_ [USA]\nZARIF_\n\t[IRNGOV >20130815]\n\t[IRNELI]\n", "a", &mut d);
        petrarch::read_agents("FOREIGN_MINISTER [~GOVFRM]\nGOVERNMENT [~GOV]\n", "g", &mut d);
        petrarch::read_verbs(
            "--- WELCOME [050] ---\nWELCOME\n--- MEET [040] ---\nMEET {MEETS MET MEETING}\nHOLD {HOLDS HELD HOLDING} [---]\n- * TALKS [040]\n--- ATTACK [190] ---\nATTACK\nFIRE\n--- ACCUSE [112] ---\nACCUSE\n--- AGREE [030] ---\nAGREE\n",
            "v",
            &mut d,
        );
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        Coder::new(d, CoderOptions::default())
    }

    /// (form, lemma, upos, head, deprel) rows -> a parsed Doc.
    fn doc(rows: &[(&str, &str, &str, usize, &str)]) -> Doc {
        let mut s = String::new();
        for (i, (f, l, u, h, r)) in rows.iter().enumerate() {
            let x = match *u {
                "VERB" if f.ends_with("ing") => "VBG",
                "VERB" => "VBD",
                "NOUN" => "NN",
                "PROPN" => "NNP",
                _ => "_",
            };
            s.push_str(&format!("{}\t{f}\t{l}\t{u}\t{x}\t_\t{h}\t{r}\t_\t_\n", i + 1));
        }
        s.push('\n');
        dyads_text::read_conllu(&s, "t").unwrap().pop().unwrap()
    }

    fn triples(c: &Coder, d: &Doc, date: Date) -> Vec<String> {
        let mut v: Vec<String> = c.code_doc(d, date, "x").iter().map(|e| format!("{}>{}:{}{}", e.source, e.target, e.code, if e.negated { "!" } else { "" })).collect();
        v.sort();
        v
    }

    fn coder_with(verbs: &str, options: CoderOptions) -> Coder {
        let mut d = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\n", "a", &mut d);
        petrarch::read_verbs(verbs, "v", &mut d);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        Coder::new(d, options)
    }

    #[test]
    fn role_markers_put_the_source_after_the_verb() {
        // "Arnor received money from Gondor" under `+ * MONEY $`: Gondor gave.
        let c = coder_with("--- RECEIVE [033] ---\nRECEIVE\n- + * MONEY $ [071]\n", CoderOptions::default());
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("received", "receive", "VERB", 0, "root"),
            ("money", "money", "NOUN", 2, "obj"),
            ("from", "from", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 2, "obl"),
        ]);
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:071"]);
        // Passive: the subject is the target already, no swap.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("freed", "free", "VERB", 0, "root"),
            ("from", "from", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "obl"),
        ]);
        let c = coder_with("--- FREE [080] ---\nFREE\n- + * (FROM $) [080]\n", CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:080"]);
    }

    #[test]
    fn phrase_patterns_need_the_word_before_the_head_next_to_it() {
        let c = coder_with("--- WELCOME [050] ---\nWELCOME\n- * {CULTURAL MEMOS} [092]\n", CoderOptions::default());
        let welcome = |words: &[&str]| {
            // "Arnor welcomed <words...> memos sent by Gondor"
            let mut rows: Vec<(&str, &str, &str, usize, &str)> = vec![("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("welcomed", "welcome", "VERB", 0, "root")];
            let memos = 3 + words.len();
            for w in words {
                rows.push((w, w, "ADJ", memos, "amod"));
            }
            rows.push(("memos", "memo", "NOUN", 2, "obj"));
            rows.push(("sent", "send", "VERB", memos, "acl"));
            rows.push(("by", "by", "ADP", memos + 3, "case"));
            rows.push(("Gondor", "Gondor", "PROPN", memos + 1, "obl"));
            triples(&c, &doc(&rows), 20000101)
        };
        // The target sits in a reduced relative clause of the object.
        assert_eq!(welcome(&["cultural"]), ["ARN>GON:092"]);
        assert_eq!(welcome(&["cultural", "internal"]), ["ARN>GON:050"], "a word between breaks the phrase");
        assert_eq!(welcome(&["new", "cultural"]), ["ARN>GON:092"], "earlier words may precede freely");
    }

    #[test]
    fn adverbs_before_the_verb_do_not_match_pattern_words() {
        let c = coder_with("--- CRITICIZE [111] ---\nCRITICIZE\n- HEAVILY * [122]\n", CoderOptions::default());
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            ("heavily", "heavily", "ADV", 3, "advmod"),
            ("criticized", "criticize", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 3, "obj"),
        ]);
        assert_eq!(triples(&c, &d, 20000101), ["ARN>GON:111"]);
    }

    #[test]
    fn petrarch_negation_arithmetic_recodes_negated_events() {
        let (table, w) = crate::pico::NegationTable::read("050:0x0080\n110:0x1007f#0xFFFF+0x0080\n190:0x00A0\n", "p");
        assert!(w.is_empty());
        let options = CoderOptions { negation: Some(std::sync::Arc::new(table)), ..Default::default() };
        let c = coder_with("--- CLASH [110] ---\nCLASH\n--- ATTACK [190] ---\nATTACK\n", options);
        let not = |verb: &str| {
            triples(
                &c,
                &doc(&[("Arnor", "Arnor", "PROPN", 4, "nsubj"), ("did", "do", "AUX", 4, "aux"), ("not", "not", "PART", 4, "advmod"), (verb, verb, "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 4, "obj")]),
                20000101,
            )
        };
        assert_eq!(not("clash"), ["ARN>GON:050"], "not disapproving is cooperation in PETRARCH's ontology");
        assert!(not("attack").is_empty(), "not attacking has no code: no event");
    }

    #[test]
    fn compound_subjects_code_each_conjunct() {
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>OSG:050", "GON>OSG:050"]);
    }

    #[test]
    fn target_in_a_bare_predicate_of_the_verb_phrase() {
        // "Arnor fired close to the border with Gondor": an adjective complement.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            ("close", "close", "ADJ", 2, "xcomp"),
            ("to", "to", "ADP", 6, "case"),
            ("the", "the", "DET", 6, "det"),
            ("border", "border", "NOUN", 3, "obl"),
            ("with", "with", "ADP", 8, "case"),
            ("Gondor", "Gondor", "PROPN", 6, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
        // A participle inside the phrase counts; one set off by a comma is
        // a clause of its own.
        let inside = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("fired", "fire", "VERB", 0, "root"), ("fearing", "fear", "VERB", 2, "advcl"), ("Gondor", "Gondor", "PROPN", 3, "obj")]);
        assert_eq!(triples(&coder(), &inside, 20000101), ["ARN>GON:190"]);
        let apart = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            (",", ",", "PUNCT", 4, "punct"),
            ("fearing", "fear", "VERB", 2, "advcl"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert!(triples(&coder(), &apart, 20000101).is_empty());
    }

    #[test]
    fn title_split_from_its_name_still_composes() {
        // "Arnor's Deputy Foreign Minister Telemar met Gondor", parsed with
        // "Deputy" as the head and the name hung from it as a bare nmod.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 3, "nmod:poss"),
            ("'s", "'s", "PART", 1, "case"),
            ("Deputy", "deputy", "NOUN", 7, "nsubj"),
            ("Foreign", "foreign", "ADJ", 5, "amod"),
            ("Minister", "Minister", "PROPN", 6, "nmod:desc"),
            ("Telemar", "Telemar", "PROPN", 3, "nmod"),
            ("met", "meet", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 7, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARNGOVFRM>GON:040"]);
    }

    #[test]
    fn a_list_split_into_several_subjects_is_one_compound_subject() {
        let listed = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            (",", ",", "PUNCT", 1, "punct"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nsubj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &listed, 20000101), ["ARN>GON:050", "OSG>GON:050"]);
        // Words of the clause between them: not a list.
        let apart = doc(&[
            ("Arnor", "Arnor", "PROPN", 5, "nsubj"),
            ("in", "in", "ADP", 3, "case"),
            ("2005", "2005", "NUM", 5, "obl"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "nsubj"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &apart, 20000101), ["ARN>GON:050"]);
    }

    #[test]
    fn bare_role_shares_the_country_of_a_later_conjunct() {
        // "Ministers and the government of Arnor welcome Gondor"
        let d = doc(&[
            ("Ministers", "minister", "NOUN", 7, "nsubj"),
            ("and", "and", "CCONJ", 4, "cc"),
            ("the", "the", "DET", 4, "det"),
            ("government", "government", "NOUN", 1, "conj"),
            ("of", "of", "ADP", 6, "case"),
            ("Arnor", "Arnor", "PROPN", 4, "nmod"),
            ("welcome", "welcome", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 7, "obj"),
        ]);
        let mut d2 = Dictionaries::default();
        petrarch::read_actors("ARNOR_ [ARN]\nGONDOR [GON]\n", "a", &mut d2);
        petrarch::read_agents("MINISTER [~GOVMIN]\nGOVERNMENT [~GOV]\n", "g", &mut d2);
        petrarch::read_verbs("--- WELCOME [050] ---\nWELCOME\n", "v", &mut d2);
        let c = Coder::new(d2, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["ARNGOV>GON:050", "ARNGOVMIN>GON:050"]);
    }

    #[test]
    fn a_consultation_target_may_hang_from_the_object() {
        // "Arnor and Osgiliath held talks with Gondor": with Gondor, not
        // between the two subjects.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 1, "conj"),
            ("held", "hold", "VERB", 0, "root"),
            ("talks", "talks", "NOUN", 4, "obj"),
            ("with", "with", "ADP", 7, "case"),
            ("Gondor", "Gondor", "PROPN", 5, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:040", "OSG>GON:040"]);
    }

    #[test]
    fn a_pattern_reads_on_into_an_infinitival_complement() {
        let c = coder_with("--- SIGN [---] ---\nSIGN\n- * ACCORD [056]\n--- WANT [030] ---\nWANT\n", CoderOptions::default());
        // "Arnor signed an accord to supply Gondor": the pattern matched, the
        // target is the complement's object.
        let signed = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("signed", "sign", "VERB", 0, "root"),
            ("an", "a", "DET", 4, "det"),
            ("accord", "accord", "NOUN", 2, "obj"),
            ("to", "to", "PART", 6, "mark"),
            ("supply", "supply", "VERB", 2, "advcl"),
            ("Gondor", "Gondor", "PROPN", 6, "obj"),
        ]);
        assert_eq!(triples(&c, &signed, 20000101), ["ARN>GON:056"]);
        // "Arnor wants to drive Gondor ...": a bare verb does not reach into it.
        let wants = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("wants", "want", "VERB", 0, "root"),
            ("to", "to", "PART", 4, "mark"),
            ("drive", "drive", "VERB", 2, "xcomp"),
            ("Gondor", "Gondor", "PROPN", 4, "obj"),
        ]);
        assert!(triples(&c, &wants, 20000101).is_empty());
    }

    #[test]
    fn a_mislemmatized_regular_verb_is_still_found() {
        let c = coder_with("--- BOYCOTT [163] ---\nBOYCOTT\n", CoderOptions::default());
        // The lemmatizer gave "boycot" for "boycotted".
        let d = doc(&[("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("boycotted", "boycot", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(triples(&c, &d, 20000101), ["ARN>GON:163"]);
    }

    #[test]
    fn determiners_before_the_verb_are_not_pattern_nouns() {
        let c = coder_with("--- BOYCOTT [163] ---\nBOYCOTT\n- NEITHER * [057]\n", CoderOptions::default());
        let neither = doc(&[
            ("Neither", "neither", "DET", 2, "det"),
            ("Arnor", "Arnor", "PROPN", 5, "nsubj"),
            ("nor", "nor", "CCONJ", 4, "cc"),
            ("Osgiliath", "Osgiliath", "PROPN", 2, "conj"),
            ("boycotted", "boycott", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&c, &neither, 20000101), ["ARN>GON:163", "OSG>GON:163"]);
    }

    #[test]
    fn a_participle_conjoined_to_a_be_predicate_is_passive() {
        let c = coder_with("--- CRITICIZE [111] ---\nCRITICIZE\n", CoderOptions::default());
        // "Arnor was heavily and unjustly criticized by Gondor", with "was"
        // parsed as the copula of "heavily".
        let rows = [
            ("Arnor", "Arnor", "PROPN", 3, "nsubj"),
            ("was", "be", "AUX", 3, "cop"),
            ("heavily", "heavily", "ADV", 0, "root"),
            ("and", "and", "CCONJ", 5, "cc"),
            ("criticized", "criticize", "VERB", 3, "conj"),
            ("by", "by", "ADP", 7, "case"),
            ("Gondor", "Gondor", "PROPN", 5, "obl"),
        ];
        let mut d = doc(&rows);
        d.xpos[4] = "VBN".into();
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:111"]);
    }

    #[test]
    fn a_place_beside_another_participant_is_not_a_target() {
        // "Arnor attacked the soldiers of Gondor in Osgiliath"
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("the", "the", "DET", 4, "det"),
            ("soldiers", "soldier", "NOUN", 2, "obj"),
            ("of", "of", "ADP", 6, "case"),
            ("Gondor", "Gondor", "PROPN", 4, "nmod"),
            ("in", "in", "ADP", 8, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:190"]);
        // Alone, the place still is the target: "attacked positions in Osgiliath".
        let alone = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("positions", "position", "NOUN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Osgiliath", "Osgiliath", "PROPN", 3, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &alone, 20000101), ["ARN>OSG:190"]);
    }

    #[test]
    fn the_longer_synset_match_wins_among_equal_patterns() {
        let c = coder_with(
            "&CURR\n+FLORIN\n\n&HYPER\n+GOLD FLORIN\n\n--- CONTRIBUTE [070] ---\nCONTRIBUTE\n- * &CURR [070]\n- * &HYPER [190]\n",
            CoderOptions::default(),
        );
        let rows = |gold: bool| {
            let mut r = vec![("Arnor", "Arnor", "PROPN", 2, "nsubj"), ("contributed", "contribute", "VERB", 0, "root")];
            if gold {
                r.push(("gold", "gold", "NOUN", 4, "compound"));
            }
            let n = r.len();
            r.extend([("florin", "florin", "NOUN", 2, "obj"), ("to", "to", "ADP", n + 3, "case"), ("Gondor", "Gondor", "PROPN", 2, "obl")]);
            r
        };
        assert_eq!(triples(&c, &doc(&rows(true)), 20000101), ["ARN>GON:190"]);
        assert_eq!(triples(&c, &doc(&rows(false)), 20000101), ["ARN>GON:070"]);
    }

    #[test]
    fn negated_action_is_flagged_and_dropped_by_default() {
        // "Iran agreed not to fire on US aircraft"
        let d = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 0, "root"),
            ("not", "not", "PART", 5, "advmod"),
            ("to", "to", "PART", 5, "mark"),
            ("fire", "fire", "VERB", 2, "xcomp"),
            ("on", "on", "ADP", 8, "case"),
            ("United", "United", "PROPN", 8, "compound"),
            ("States", "States", "PROPN", 5, "obl"),
        ]);
        let mut c = coder();
        assert!(triples(&c, &d, 20030101).iter().all(|t| !t.contains(":19")), "{:?}", triples(&c, &d, 20030101));
        c.options.keep_negated = true;
        assert!(triples(&c, &d, 20030101).contains(&"IRN>USA:1384!".to_string()), "{:?}", triples(&c, &d, 20030101));
    }

    #[test]
    fn passive_voice_swaps_roles() {
        // "Osgiliath was attacked by Gondor"
        let d = doc(&[
            ("Osgiliath", "Osgiliath", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("by", "by", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "obl:agent"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>OSG:190"]);
    }

    #[test]
    fn modal_conflict_becomes_a_threat() {
        // "Gondor would attack Osgiliath"
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 3, "nsubj"),
            ("would", "would", "AUX", 3, "aux"),
            ("attack", "attack", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 3, "obj"),
        ]);
        let events = coder().code_doc(&d, 20000101, "x");
        assert_eq!(events.len(), 1);
        assert_eq!((events[0].code.as_str(), events[0].root.as_str(), events[0].hypothetical), ("1384", "13", true));
    }

    #[test]
    fn nested_clause_keeps_the_accused_as_target() {
        // "The United States accused Iran of harboring militants"
        let d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("United", "United", "PROPN", 3, "compound"),
            ("States", "States", "PROPN", 4, "nsubj"),
            ("accused", "accuse", "VERB", 0, "root"),
            ("Iran", "Iran", "PROPN", 4, "obj"),
            ("of", "of", "SCONJ", 7, "mark"),
            ("harboring", "harbor", "VERB", 4, "advcl"),
            ("militants", "militant", "NOUN", 7, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030501), ["USA>IRN:112"]);
    }

    #[test]
    fn symmetric_talks_between_conjoined_subjects_go_both_ways() {
        // "The United States and Iran held talks"
        let d = doc(&[
            ("The", "the", "DET", 3, "det"),
            ("United", "United", "PROPN", 3, "compound"),
            ("States", "States", "PROPN", 6, "nsubj"),
            ("and", "and", "CCONJ", 5, "cc"),
            ("Iran", "Iran", "PROPN", 3, "conj"),
            ("held", "hold", "VERB", 0, "root"),
            ("talks", "talk", "NOUN", 6, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030101), ["IRN>USA:040", "USA>IRN:040"]);
    }

    #[test]
    fn agent_composition_and_dated_roles() {
        // "Iranian foreign minister Zarif met Gondor" in 2003 and in 2014.
        let d = doc(&[
            ("Iranian", "Iranian", "ADJ", 3, "amod"),
            ("foreign", "foreign", "ADJ", 3, "amod"),
            ("minister", "minister", "NOUN", 5, "nsubj"),
            ("Zarif", "Zarif", "PROPN", 3, "appos"),
            ("met", "meet", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20030101), ["IRNGOVFRM>GON:040"]);
        let z = doc(&[("Zarif", "Zarif", "PROPN", 2, "nsubj"), ("met", "meet", "VERB", 0, "root"), ("Gondor", "Gondor", "PROPN", 2, "obj")]);
        assert_eq!(triples(&coder(), &z, 20030101), ["IRNELI>GON:040"]);
        assert_eq!(triples(&coder(), &z, 20140101), ["IRNGOV>GON:040"]);
    }

    #[test]
    fn sentences_without_verbs_or_actors_code_nothing() {
        let d = doc(&[("Iran", "Iran", "PROPN", 0, "root"), ("!", "!", "PUNCT", 1, "punct")]);
        assert!(coder().code_doc(&d, 20000101, "x").is_empty());
        let long: Vec<(&str, &str, &str, usize, &str)> = (0..1000).map(|i| ("talks", "talk", "NOUN", if i == 0 { 0 } else { 1 }, if i == 0 { "root" } else { "dep" })).collect();
        assert!(coder().code_doc(&doc(&long), 20000101, "x").is_empty());
    }

    #[test]
    fn object_control_and_direct_consultation_targets() {
        // "Gondor urged Arnor to attack Osgiliath": the urging is the event
        // (GON->ARN); the attack has not happened and is not coded.
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
            ("urged", "urge", "VERB", 0, "root"),
            ("Arnor", "Arnor", "PROPN", 2, "obj"),
            ("to", "to", "PART", 5, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 5, "obj"),
        ]);
        let mut dicts = coder().dicts;
        petrarch::read_verbs("--- URGE [020] ---\nURGE\n", "v2", &mut dicts);
        let c = Coder::new(dicts, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["GON>ARN:020"]);
        // Subject control: "Arnor agreed to attack Osgiliath" codes the attack
        // (as an intent) and not the agreeing.
        let a = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("agreed", "agree", "VERB", 0, "root"),
            ("to", "to", "PART", 4, "mark"),
            ("attack", "attack", "VERB", 2, "xcomp"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &a, 20000101), ["ARN>OSG:1384"]);
        // "Arnor and Gondor met Osgiliath": a meeting with someone, not among
        // the conjoined subjects.
        let m = doc(&[
            ("Arnor", "Arnor", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("Gondor", "Gondor", "PROPN", 1, "conj"),
            ("met", "meet", "VERB", 0, "root"),
            ("Osgiliath", "Osgiliath", "PROPN", 4, "obj"),
        ]);
        assert_eq!(triples(&coder(), &m, 20000101), ["ARN>OSG:040", "GON>OSG:040"]);
    }

    #[test]
    fn misparsed_nominal_root_still_gives_the_subject() {
        // "Arnor officials are about to welcome Gondor" with the noun as root.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "compound"),
            ("officials", "official", "NOUN", 0, "root"),
            ("are", "be", "AUX", 5, "cop"),
            ("about", "about", "ADP", 5, "mark"),
            ("welcome", "welcome", "VERB", 2, "acl"),
            ("Gondor", "Gondor", "PROPN", 5, "obj"),
        ]);
        let mut c = coder();
        petrarch::read_agents("OFFICIAL [~GOV]\n", "g2", &mut c.dicts);
        let c = Coder::new(c.dicts, CoderOptions::default());
        assert_eq!(triples(&c, &d, 20000101), ["ARNGOV>GON:050"]);
    }
}
