//! The event coder: dependency parse + dictionaries -> CAMEO events.
//!
//! For every verb with a dictionary entry: the subject is the source, the
//! object (or a prepositional dependent) the target, and the verb's block of
//! patterns picks the code from the verb's dependents. Voice, negation,
//! modality, control verbs ("agreed to meet") and compound actors are read
//! from the tree, so the coder needs parse *data* only: a `Doc` from our
//! parser or from CoNLL-U codes the same way. It reads UPOS, FEATS, lemma,
//! head and deprel (UD v2 names: the CoNLL-U reader renames UD v1 ones),
//! never a language's own XPOS tags.
//!
//! The stages, one module each: `index` (built once from the
//! dictionaries), then per document `tables`, `mentions` and `discourse`,
//! and per verb `verbs` (which rule), `clauses` (mood, control, voice),
//! `participants` and `roles` (who), `event` (the record). `narrative`
//! carries dates between sentences. A verb that codes nothing says why
//! (`no_code`), and `explain` prints that reason.

mod clauses;
mod discourse;
mod event;
mod explain;
mod index;
mod mentions;
mod morph;
mod names;
mod narrative;
mod no_code;
mod nouns;
mod participants;
mod roles;
mod setting;
mod speakers;
mod tables;
#[cfg(test)]
mod testing;
mod verbs;
mod violence;

use std::collections::HashSet;

use dyads_text::Doc;

use crate::dating::EventDate;
use crate::dict::{Date, Dictionaries};
use crate::geo::{DocLocation, Gazetteer, Toponym};
use crate::ontology::Ontology;

pub use discourse::{Attribution, Entity};
pub use event::Event;

use discourse::Discourse;
use event::Trigger;
use index::{DiscardIndex, MentionIndex, VerbIndex};
use mentions::{with_links, Discard, Mention};
use narrative::{continues_narrative, Inherited, Narrative};
use tables::{Rels, Upper};

/// How negated events are reported.
#[derive(Clone, Debug, Default)]
pub struct CoderOptions {
    /// Keep negated events (flagged `negated: true`) instead of dropping them.
    pub keep_negated: bool,
    /// PETRARCH2's negation arithmetic: a negated event whose code has a
    /// defined negation ("did not clash" -> 050) is coded as that event.
    /// Loaded from a PICO file (`validate-petrarch` reads the one its
    /// records name); without it, negated events are dropped or flagged.
    pub negation: Option<std::sync::Arc<crate::pico::NegationTable>>,
    /// PETRARCH's rule: an event needs a target. By default an act with no
    /// recipient is coded with `target: null`.
    pub require_target: bool,
    /// PETRARCH's convention: with no other target, a place ("in Vienna")
    /// is one. Off by default: in news a place is where, not whom.
    pub locative_targets: bool,
    /// PETRARCH's convention: "will meet" codes as the meeting itself. Off
    /// by default: an announced act is its intent (036), and one CAMEO has
    /// no intent for ("will criticize") is hypothetical until it happens.
    pub future_as_act: bool,
    /// Code the subject of an active verb that is a role with no country
    /// of its own and none set for the sentence ("Police arrested ...") as
    /// role-only (`COP`), as GDELT leaves the country blank. Passive agents
    /// and event-noun sources are not affected. Off by default: on the
    /// real-news development gold it adds 8 events of which 1 is right,
    /// most of the rest misparsed subjects (docs/evaluation.md); `dyads
    /// code --role-only` turns it on.
    pub role_only: bool,
    /// Keep events whose code CAMEO does not define (PETRARCH's internal
    /// codes in its validation dictionaries), without CAMEO's facts. Off by
    /// default: such a code has no root, QuadClass or Goldstein score to
    /// aggregate, and `Dictionaries::check` has named its entry.
    pub codes_outside_cameo: bool,
}

/// Codes parsed documents against one set of dictionaries. `new` compiles
/// the dictionaries into matchers and indices once, so coding a document
/// only looks things up; a `Coder` is shared by reference across threads.
pub struct Coder {
    /// The dictionaries the indices were built from: `explain` and the
    /// discourse pass read entries' names, codes and lines through it.
    pub dicts: Dictionaries,
    ontology: &'static Ontology,
    mention_index: MentionIndex,
    verb_index: VerbIndex,
    discard_index: DiscardIndex,
    name_clashes: names::NameClashes,
    pub options: CoderOptions,
}

/// What coding one document yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocEvents {
    pub events: Vec<Event>,
    /// The document's actors with their mentions, pronouns and role
    /// descriptions included.
    pub entities: Vec<Entity>,
    /// Each toponym with the word it locates.
    pub locations: Vec<DocLocation>,
}

/// What the document loop computes once and every sentence reads.
struct DocState<'d> {
    doc: &'d Doc,
    date: Date,
    report_date: &'d str,
    upper: Upper,
    rels: Rels<'d>,
    children: Vec<Vec<usize>>,
    /// Each sentence's dictionary matches at the report date.
    base: Vec<Vec<Mention>>,
    discourse: Discourse,
    gazetteer: &'static Gazetteer,
    toponyms: Vec<Vec<Toponym<'static>>>,
    countries: HashSet<String>,
    /// Each sentence's setting country (`setting::sentence_settings`).
    settings: Vec<Option<String>>,
    /// The country of the document's dateline (`setting::dateline_country`).
    dateline: Option<String>,
}

impl Coder {
    pub fn new(dicts: Dictionaries, options: CoderOptions) -> Coder {
        Coder {
            ontology: Ontology::cameo(),
            mention_index: MentionIndex::build(&dicts),
            verb_index: VerbIndex::build(&dicts),
            discard_index: DiscardIndex::build(&dicts),
            name_clashes: names::NameClashes::build(&dicts),
            dicts,
            options,
        }
    }

    /// Codes one document: its events, entity table and locations. `date`
    /// is `yyyymmdd` (dated actor roles resolve against it), `report_date`
    /// its display form. The entities and locations come from readings the
    /// events need anyway, so one call returns all three.
    pub fn code(&self, doc: &Doc, date: Date, report_date: &str) -> DocEvents {
        let upper = Upper::new(doc);
        let discards: Vec<Option<Discard>> = doc.sentences.iter().map(|s| self.discard(doc, &upper, s.tokens.clone(), date)).collect();
        if discards.contains(&Some(Discard::Story)) {
            return DocEvents::default();
        }
        let st = self.read_document(doc, date, report_date, upper);
        let mut events = Vec::new();
        let mut narrative = Narrative::default();
        let mut headlines: Vec<Vec<String>> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.tokens.is_empty() {
                continue;
            }
            let dates = crate::dating::date_expressions(doc, s.tokens.clone(), date);
            let mentions = with_links(doc, &st.discourse.links, st.base[si].clone(), s.tokens.clone());
            let inherited = narrative.advance(self, doc, s.tokens.clone(), &mentions, crate::dating::sentence_date_among(&dates, date));
            // A headline repeated as the story's first line (scraped copy
            // often has it twice, once behind a "Report:" label and before a
            // photo credit) says nothing new: coded once. Only the first
            // sentences are compared, so a long story costs nothing.
            if si < 4 {
                let words = sentence_words(doc, s.tokens.clone());
                let repeats = |h: &Vec<String>| h.len() >= 4 && words.starts_with(h) && words.len() <= h.len() + 3;
                if headlines.iter().any(repeats) {
                    continue;
                }
                headlines.push(words);
            }
            if discards[si].is_some() {
                continue;
            }
            self.code_sentence(&st, si, &mentions, &dates, &inherited, &mut events);
        }
        // One event per (sentence, source, target, code): two mentions of
        // one actor in a subject ("The Syrian Connection ... Iran and Syria
        // agreed") are one event, wherever the duplicates stand.
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert((e.sentence, e.source.clone(), e.target.clone(), e.code.clone())));
        let locations = st.gazetteer.document_locations(doc, &st.toponyms, &st.countries);
        DocEvents { events, entities: st.discourse.entities, locations }
    }

    /// The document-level readings every sentence needs: dictionary matches
    /// at the report date (computed once and shared by coreference, the
    /// narrative and the coder), coreference, and toponyms.
    fn read_document<'d>(&self, doc: &'d Doc, date: Date, report_date: &'d str, upper: Upper) -> DocState<'d> {
        let base: Vec<Vec<Mention>> = doc.sentences.iter().map(|s| self.mentions(doc, &upper, s.tokens.clone(), date)).collect();
        let discourse = self.discourse(doc, &base, date);
        let gazetteer = Gazetteer::embedded();
        let toponyms = gazetteer.toponyms_by_sentence(doc);
        let countries = gazetteer.document_countries(&toponyms, discourse.entities.iter().map(|e| e.code.as_str()));
        let settings = setting::sentence_settings(doc, &toponyms, gazetteer);
        let dateline = setting::dateline_country(doc, gazetteer);
        DocState {
            doc,
            date,
            report_date,
            upper,
            rels: Rels::new(doc),
            children: doc.children(),
            base,
            discourse,
            gazetteer,
            toponyms,
            countries,
            settings,
            dateline,
        }
    }

    /// Codes the verbs of sentence `si` (its `mentions` with coreference
    /// links, its date expressions `dates`) into `events`.
    fn code_sentence(&self, st: &DocState, si: usize, mentions: &[Mention], dates: &[(usize, EventDate)], inherited: &Inherited, events: &mut Vec<Event>) {
        let doc = st.doc;
        let tokens = doc.sentences[si].tokens.clone();
        let sent = SentenceCtx {
            doc,
            children: &st.children,
            mentions,
            coder: self,
            date: st.date,
            upper: &st.upper,
            rels: &st.rels,
            setting: st.settings[si].as_deref(),
            dateline: st.dateline.as_deref(),
        };
        for v in tokens.clone() {
            // Pattern matching reads words, not actors: the match found
            // here holds whatever date the roles are resolved at below.
            let Some(matched) = sent.verb_match(v).ok().filter(|m| !m.code.is_null()) else {
                self.code_noun(st, &sent, si, v, dates, inherited, events);
                continue;
            };
            // Roles are resolved at the event's date, which a date in the
            // text ("in May 2003") may set apart from the report date.
            let when = event_date(doc, tokens.clone(), dates, inherited, v, st.date);
            let dated_mentions;
            let dated;
            let ctx = if when.date == st.date {
                &sent
            } else {
                dated_mentions = with_links(doc, &st.discourse.links, self.mentions(doc, &st.upper, tokens.clone(), when.date), tokens.clone());
                dated = SentenceCtx { mentions: &dated_mentions, date: when.date, ..sent };
                &dated
            };
            // A noun the verb dictionary also lists ("capture", "attack")
            // that yields no verb event is read as the event noun it is.
            let dyads = match ctx.dyads(v, matched) {
                Ok(d) => d,
                Err(no_code::NoCode::Negated) => continue,
                Err(_) if doc.upos[v] == dyads_text::Upos::Noun => {
                    self.code_noun(st, &sent, si, v, dates, inherited, events);
                    continue;
                }
                Err(_) => continue,
            };
            let attribution = self.attribution(doc, &st.discourse, si, v, when.date, ctx.mentions);
            let location = st.event_location(si, v);
            let trigger = Trigger { doc, sentence: si, verb: v, when: &when, report_date: st.report_date, attribution: &attribution, location: &location };
            events.extend(dyads.into_iter().filter(|d| self.in_ontology(&d.code)).map(|d| self.event(d, &trigger)));
        }
    }
}

impl Coder {
    /// Whether an event with `code` is reported: a CAMEO code, or any code
    /// when `codes_outside_cameo` asks for PETRARCH's.
    fn in_ontology(&self, code: &str) -> bool {
        self.options.codes_outside_cameo || self.ontology.event(code).is_ok()
    }

    /// The events of an event noun at `n` ("Israeli shelling", "talks
    /// between X and Y"), dated and located as a verb's are.
    #[allow(clippy::too_many_arguments)]
    fn code_noun(&self, st: &DocState, sent: &SentenceCtx, si: usize, n: usize, dates: &[(usize, EventDate)], inherited: &Inherited, events: &mut Vec<Event>) {
        let dyads = sent.noun_dyads(n);
        if dyads.is_empty() {
            return;
        }
        let Ok(dyads) = self.apply_negation_policy(dyads) else { return };
        let doc = st.doc;
        let when = event_date(doc, doc.sentences[si].tokens.clone(), dates, inherited, n, st.date);
        let attribution = self.attribution(doc, &st.discourse, si, n, when.date, sent.mentions);
        let location = st.event_location(si, n);
        let trigger = Trigger { doc, sentence: si, verb: n, when: &when, report_date: st.report_date, attribution: &attribution, location: &location };
        events.extend(dyads.into_iter().filter(|d| self.in_ontology(&d.code)).map(|d| self.event(d, &trigger)));
    }
}

/// The date of the event at verb `v`: a date in the text governing it, else
/// the narrative's when the sentence continues it, else the report date.
fn event_date(doc: &Doc, tokens: std::ops::Range<usize>, dates: &[(usize, EventDate)], inherited: &Inherited, v: usize, date: Date) -> EventDate {
    let when = crate::dating::event_date_among(doc, dates, v, date);
    if when.precision == crate::dating::Precision::Report {
        if let Some(n) = inherited.date.as_ref().filter(|_| inherited.continues_dated || continues_narrative(doc, tokens, v)) {
            return n.clone();
        }
    }
    when
}

impl DocState<'_> {
    /// Where the event at verb `v` of sentence `si` happened: a toponym in
    /// its clause, or in the clause of the verb that reports it (a
    /// statement happens where it is made: "..., Merkel said in Berlin").
    fn event_location(&self, si: usize, v: usize) -> Option<crate::geo::Location> {
        let (doc, tops) = (self.doc, &self.toponyms[si]);
        self.gazetteer.event_location(doc, tops, v, &self.countries).or_else(|| {
            discourse::saying_verbs(doc, doc.sentences[si].tokens.clone(), v)
                .into_iter()
                .find_map(|sv| self.gazetteer.event_location(doc, tops, sv, &self.countries))
        })
    }
}

/// A sentence's words for spotting a repeat: lower-case, without
/// punctuation and without a leading "Label:" of up to three words.
fn sentence_words(doc: &Doc, tokens: std::ops::Range<usize>) -> Vec<String> {
    let start = tokens.clone().take(4).find(|&i| doc.form(i) == ":").map_or(tokens.start, |c| c + 1);
    (start..tokens.end)
        .filter(|&i| doc.upos[i] != dyads_text::Upos::Punct && doc.form(i).chars().any(char::is_alphanumeric))
        .map(|i| doc.form(i).to_lowercase())
        .collect()
}

/// Whether `form` is one of the lower-case ASCII `words`, in any case.
fn one_of(form: &str, words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(form))
}

/// What the sentence-level stages read: the document's tables, the
/// sentence's mentions and the date its actor roles resolve at.
#[derive(Clone, Copy)]
struct SentenceCtx<'a> {
    doc: &'a Doc,
    children: &'a [Vec<usize>],
    mentions: &'a [Mention],
    coder: &'a Coder,
    date: Date,
    upper: &'a Upper,
    rels: &'a Rels<'a>,
    /// The country the sentence is set in by its place phrases or the
    /// dateline (`setting::sentence_settings`), for role nouns without one.
    setting: Option<&'a str>,
    /// The country of the document's dateline alone.
    dateline: Option<&'a str>,
}

impl<'a> SentenceCtx<'a> {
    /// Token `i`'s lemma (its form when it has none), lower-case.
    fn lower(&self, i: usize) -> String {
        let l = &self.doc.lemma[i];
        if l.is_empty() {
            self.doc.form(i).to_lowercase()
        } else {
            l.to_lowercase()
        }
    }

    /// The token range of the sentence token `t` belongs to (the Doc holds
    /// all sentences in one array: a look past a phrase must stop there).
    fn sentence_of(&self, t: usize) -> std::ops::Range<usize> {
        let i = self.doc.sentences.partition_point(|s| s.tokens.end <= t);
        self.doc.sentences.get(i).map_or(t..t + 1, |s| s.tokens.clone())
    }

    fn sentence_start(&self, t: usize) -> usize {
        self.sentence_of(t).start
    }

    /// Children of `i` whose relation, or its base, is one of `rels`.
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
}

#[cfg(test)]
mod tests {
    use super::testing::*;

    #[test]
    fn sentences_without_verbs_or_actors_code_nothing() {
        let d = doc(&[("Iran", "Iran", "PROPN", 0, "root"), ("!", "!", "PUNCT", 1, "punct")]);
        assert!(coder().code(&d, 20000101, "x").events.is_empty());
        let long: Vec<(&str, &str, &str, usize, &str)> =
            (0..1000).map(|i| ("talks", "talk", "NOUN", if i == 0 { 0 } else { 1 }, if i == 0 { "root" } else { "dep" })).collect();
        assert!(coder().code(&doc(&long), 20000101, "x").events.is_empty());
    }
}
