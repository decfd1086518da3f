//! Document-level reading: who the pronouns and definite descriptions are
//! (coreference), who reports each event (attribution), and the entity
//! table. Rule-based over the parse and the dictionary matches, so it costs
//! little next to parsing.
//!
//! - Coreference: "he/him/his/she/her" -> the latest person; "it/its" -> the
//!   latest country or organisation; "we/us/our" inside a quotation -> the
//!   quotation's speaker; "the envoy/diplomat/ambassador/minister/official"
//!   -> the latest person. A person is a dictionary actor matched by two or
//!   more capitalised words that is not a country.
//! - Attribution: the subject of a verb of saying that governs the event (or
//!   hangs off its clause, as in "..., he wrote"), and each "according to X"
//!   in the sentence, with X's "by Y" / "in Y" sources first: the chain runs
//!   from the original source to the last intermediary.

use std::collections::HashMap;

use dyads_text::{Doc, Upos};
use serde::Serialize;

use super::mentions::{Mention, MentionKind};
use super::tables::rel;
use super::Coder;
use crate::dict::Date;

const SAYING: &[&str] = &[
    "say",
    "tell",
    "write",
    "add",
    "report",
    "announce",
    "state",
    "claim",
    "note",
    "argue",
    "insist",
    "confirm",
    "explain",
    "recall",
    "acknowledge",
    "testify",
    "declare",
    "reveal",
    "disclose",
    "recount",
];
/// In the discourse's list of recent actors: a person the dictionaries do
/// not know, who a pronoun may stand for but who has no actor index.
const UNKNOWN_PERSON: usize = usize::MAX;

/// Whether `lemma` is a verb of saying (`SAYING`).
pub(super) fn is_saying(lemma: &str) -> bool {
    SAYING.contains(&lemma)
}

const PERSON_NOUNS: &[&str] =
    &["envoy", "diplomat", "ambassador", "minister", "official", "president", "leader", "spokesman", "spokeswoman", "general", "negotiator"];

/// One link in an event's attribution chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attribution {
    /// The words of the source ("Zalmay Khalilzad", "the Times", "a new book").
    pub text: String,
    /// Its actor code when it is a known actor (at the event's date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// `speaker` (X said/wrote), `according_to`, or `via` (the book, report
    /// or outlet a speaker's words came through).
    pub kind: &'static str,
    pub span: [usize; 2],
}

/// An actor of the document with all its mentions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entity {
    pub id: usize,
    /// The dictionary entry's name.
    pub name: String,
    /// Its code at the report date.
    pub code: String,
    pub kind: &'static str,
    /// Role descriptions the text gives it ("Then-Iranian Ambassador to the
    /// United Nations", "a former ambassador to Iraq").
    pub roles: Vec<String>,
    /// Byte spans of its mentions, pronouns and descriptions included.
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Default)]
pub(super) struct Discourse {
    /// Pronoun / description token -> actor index it stands for.
    pub links: HashMap<usize, usize>,
    pub entities: Vec<Entity>,
    /// Per sentence: the speaker of its quotation, if any (actor index, token).
    speakers: Vec<Option<(Option<usize>, usize)>>,
}

fn lower(doc: &Doc, i: usize) -> String {
    doc.form(i).to_lowercase()
}

/// The actor of speaker token `t`: the mention covering it, the actor a
/// pronoun there was linked to (`links`), or the mention it heads.
fn speaker_actor(doc: &Doc, mentions: &[Mention], links: &[(usize, usize)], t: usize) -> Option<usize> {
    mentions
        .iter()
        .find(|m| m.start <= t && t < m.end)
        .and_then(|m| if let MentionKind::Actor(a) = m.kind { Some(a) } else { None })
        .or_else(|| links.iter().find(|l| l.0 == t).map(|l| l.1))
        .or_else(|| {
            // "Zalmay Khalilzad, a former ambassador, wrote": the
            // subject's head may be the last name of the match.
            mentions.iter().find(|m| doc.span_head(m.start, m.end) == t).and_then(|m| match m.kind {
                MentionKind::Actor(a) => Some(a),
                _ => None,
            })
        })
}

/// The subject of saying verb `sv`; or, when the parser lost it ("..., a
/// government spokesman said" with the noun attached elsewhere), the noun
/// right before the verb.
fn saying_subject(doc: &Doc, range: std::ops::Range<usize>, sv: usize) -> Option<usize> {
    range.clone().find(|&c| doc.head[c] == Some(sv as u32) && rel(doc, c).starts_with("nsubj")).or_else(|| {
        let mut t = sv.checked_sub(1).filter(|&t| t >= range.start && matches!(doc.upos[t], Upos::Noun | Upos::Propn | Upos::Pron))?;
        // Up from "Beijing" in "the foreign ministry in Beijing said".
        while let Some(h) = doc.head[t].map(|h| h as usize).filter(|&h| h < t && matches!(rel(doc, t).split(':').next(), Some("nmod" | "compound" | "flat"))) {
            t = h;
        }
        Some(t)
    })
}

/// Token ranges inside quotation marks.
fn quoted(doc: &Doc, range: std::ops::Range<usize>) -> Vec<bool> {
    let mut inside = vec![false; range.len()];
    let mut open = false;
    for (k, i) in range.clone().enumerate() {
        match doc.form(i) {
            "“" => open = true,
            "”" => open = false,
            "\"" | "''" | "``" => open = !open,
            _ => inside[k] = open,
        }
    }
    inside
}

/// The saying verb of a sentence with a quotation and its subject token:
/// "“...,” Khalilzad wrote" (parataxis) or "Khalilzad wrote: “...”".
fn speaker_token(doc: &Doc, range: std::ops::Range<usize>, q: &[bool]) -> Option<usize> {
    range.clone().find_map(|i| {
        if q[i - range.start] || !SAYING.contains(&doc.lemma[i].as_str()) {
            return None;
        }
        range.clone().find(|&c| doc.head[c] == Some(i as u32) && rel(doc, c).starts_with("nsubj"))
    })
}

impl Coder {
    /// Coreference, quotation speakers and the entity table for `doc`.
    pub(super) fn discourse(&self, doc: &Doc, base: &[Vec<Mention>], date: Date) -> Discourse {
        let mut d = Discourse::default();
        // (actor index, is_person, last token)
        let mut recent: Vec<(usize, bool, usize)> = Vec::new();
        let mut entity_of: HashMap<usize, usize> = HashMap::new();
        // The latest speaker: "he wrote" / "he added" continue a source.
        let mut last_speaker: Option<usize> = None;
        // Last words of the names of people no dictionary knows, met as
        // subjects: their surname alone is the same person later.
        let mut unknown_surnames: Vec<String> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let range = s.tokens.clone();
            let mentions = &base[si];
            let q = quoted(doc, range.clone());
            let mut by_start: HashMap<usize, &Mention> = HashMap::new();
            for m in mentions {
                by_start.insert(m.start, m);
            }
            // The speaker's actor, once the sentence's actors are known.
            let speaker_tok = speaker_token(doc, range.clone(), &q);
            let mut i = range.start;
            let mut sentence_links: Vec<(usize, usize)> = Vec::new();
            while i < range.end {
                if let Some(m) = by_start.get(&i) {
                    if let MentionKind::Actor(a) = m.kind {
                        let person = self.is_person(doc, m, date);
                        recent.push((a, person, i));
                        self.note_mention(doc, &mut d, &mut entity_of, a, m.start, m.end, person, date);
                    }
                    i = m.end;
                    continue;
                }
                // Pronouns and "the" are short: skip the lower-casing otherwise.
                let w = if doc.form(i).len() <= 3 { lower(doc, i) } else { String::new() };
                let in_quote = q[i - range.start];
                let speaks = doc.head[i].is_some_and(|h| SAYING.contains(&doc.lemma[h as usize].as_str())) && rel(doc, i).starts_with("nsubj");
                // A surname alone ("Khalilzad told Zarif") names a person
                // already met under a full name.
                let surname = if doc.upos[i] == Upos::Propn && !in_quote {
                    let up = crate::dict::fold_upper(doc.form(i));
                    recent
                        .iter()
                        .rev()
                        .filter(|r| r.1 && r.0 != UNKNOWN_PERSON)
                        .find(|r| self.dicts.actors[r.0].name.split_whitespace().skip(1).any(|w| crate::dict::fold_upper(w.trim_end_matches('*')) == up))
                        .map(|r| r.0)
                } else {
                    None
                };
                // Someone the dictionaries do not know, named as a clause's
                // subject ("Ahmed Mohamed, a 14-year-old boy, was arrested",
                // "Mohamed received support from President Obama. ... he
                // plans to meet"), is who a later "he" or "she" most likely
                // means: they take no actor, rather than the last known one.
                if surname.is_none() && doc.upos[i] == Upos::Propn && !in_quote && (i == range.start || doc.upos[i - 1] != Upos::Propn) {
                    let mut j = i;
                    while j < range.end && doc.upos[j] == Upos::Propn && !by_start.contains_key(&j) {
                        j += 1;
                    }
                    // A person's name: two words or more ("Ahmed Mohamed"; an
                    // agency or a company is mostly one: "Anadolu reported",
                    // "Airbus signed"), or the last word of one met before.
                    let surname = lower(doc, j - 1);
                    let person = j - i >= 2 || unknown_surnames.contains(&surname);
                    if person && rel(doc, doc.span_head(i, j)).starts_with("nsubj") {
                        recent.push((UNKNOWN_PERSON, true, i));
                        unknown_surnames.push(surname);
                    }
                }
                let antecedent = match w.as_str() {
                    _ if surname.is_some() => surname,
                    "he" | "she" if !in_quote && speaks && last_speaker.is_some() => last_speaker,
                    "he" | "him" | "his" | "she" | "her" if !in_quote => recent.iter().rev().find(|r| r.1).map(|r| r.0),
                    "it" | "its" if !in_quote => recent.iter().rev().find(|r| !r.1).map(|r| r.0),
                    "the" if i + 1 < range.end && PERSON_NOUNS.contains(&lower(doc, i + 1).as_str()) && !by_start.contains_key(&(i + 1)) => {
                        i += 1; // link the noun, not the article
                        recent.iter().rev().find(|r| r.1).map(|r| r.0)
                    }
                    _ => None,
                };
                if let Some(a) = antecedent.filter(|&a| a != UNKNOWN_PERSON) {
                    sentence_links.push((i, a));
                }
                i += 1;
            }
            // "we" inside a quotation: its speaker (resolved through the links
            // when the speaker is itself a pronoun: "..., he added").
            let speaker_actor = speaker_tok.and_then(|t| speaker_actor(doc, mentions, &sentence_links, t));
            for i in range.clone() {
                if q[i - range.start] && ["we", "us", "our"].iter().any(|p| doc.form(i).eq_ignore_ascii_case(p)) {
                    if let Some(a) = speaker_actor {
                        sentence_links.push((i, a));
                    }
                }
            }
            for (t, a) in sentence_links {
                d.links.insert(t, a);
                let person = recent.iter().rev().find(|r| r.0 == a).is_some_and(|r| r.1);
                self.note_mention(doc, &mut d, &mut entity_of, a, t, t + 1, person, date);
                recent.push((a, person, t));
            }
            if speaker_actor.is_some() {
                last_speaker = speaker_actor;
            }
            d.speakers.push(speaker_tok.map(|t| (speaker_actor, t)));
        }
        d
    }

    fn is_person(&self, doc: &Doc, m: &Mention, date: Date) -> bool {
        let MentionKind::Actor(a) = m.kind else { return false };
        let code = self.dicts.actors[a].code_at(date).map(|c| c.code.as_str()).unwrap_or("");
        let country = self.ontology.is_country_code(code);
        // People carry dated roles ("[USAGOV >20010120]"); organisations
        // such as "WHITE HOUSE" or "NEW YORK TIMES" have one standing code.
        let dated = self.dicts.actors[a].codes.iter().any(|c| !c.is_default());
        m.end - m.start >= 2
            && !country
            && dated
            && (m.start..m.end).all(|i| doc.upos[i] == Upos::Propn || doc.form(i).chars().next().is_some_and(char::is_uppercase))
    }

    #[allow(clippy::too_many_arguments)]
    fn note_mention(&self, doc: &Doc, d: &mut Discourse, entity_of: &mut HashMap<usize, usize>, a: usize, start: usize, end: usize, person: bool, date: Date) {
        let id = *entity_of.entry(a).or_insert_with(|| {
            let actor = &self.dicts.actors[a];
            d.entities.push(Entity {
                id: d.entities.len(),
                name: actor.name.clone(),
                code: actor.code_at(date).map(|c| c.code.clone()).unwrap_or_default(),
                kind: if person { "person" } else { "actor" },
                roles: Vec::new(),
                mentions: Vec::new(),
            });
            d.entities.len() - 1
        });
        let e = &mut d.entities[id];
        e.mentions.push([doc.start[start] as usize, doc.end[end - 1] as usize]);
        if person {
            e.kind = "person";
        }
        if let Some(role) = if person { role_text(doc, start, end) } else { None } {
            if !e.roles.contains(&role) {
                e.roles.push(role);
            }
        }
    }

    /// The attribution chain of an event at verb `v` in sentence `si`.
    pub(super) fn attribution(&self, doc: &Doc, d: &Discourse, si: usize, v: usize, date: Date, ms: &[Mention]) -> Vec<Attribution> {
        let s = &doc.sentences[si];
        let range = s.tokens.clone();
        let span_of = |a: usize, b: usize| [doc.start[a] as usize, doc.end[b - 1] as usize];
        let text_of = |a: usize, b: usize| doc.text[doc.start[a] as usize..doc.end[b - 1] as usize].to_string();
        let subtree = |n: usize| doc.subtree_span(range.clone(), n);
        let actor_code = |t: usize| -> Option<String> {
            if let Some(&a) = d.links.get(&t) {
                return self.dicts.actors[a].code_at(date).map(|c| c.code.clone());
            }
            ms.iter().find(|m| m.start <= t && t < m.end || doc.span_head(m.start, m.end) == t).and_then(|m| match m.kind {
                MentionKind::Actor(a) => self.dicts.actors[a].code_at(date).map(|c| c.code.clone()),
                _ => None,
            })
        };
        let mut chain = Vec::new();
        for sv in saying_verbs(doc, range.clone(), v) {
            if let Some(subj) = saying_subject(doc, range.clone(), sv) {
                // The name, without its appositive description.
                let (a, mut b) = subtree(subj);
                if let Some(ap) = range.clone().find(|&c| doc.head[c] == Some(subj as u32) && rel(doc, c) == "appos") {
                    b = (a..ap).rev().find(|&k| !matches!(doc.form(k), "," | "(")).map_or(b, |k| k + 1);
                }
                // No punctuation at the edges (", a provincial official").
                let a = (a..b).find(|&k| doc.form(k).chars().any(char::is_alphanumeric)).unwrap_or(a);
                let b = (a..b).rev().find(|&k| doc.form(k).chars().any(char::is_alphanumeric)).map_or(b, |k| k + 1);
                let who = d.links.get(&subj).map(|&x| self.dicts.actors[x].name.clone());
                chain.push(Attribution {
                    text: who.map_or_else(|| text_of(a, b), |n| format!("{} ({})", text_of(a, b), n)),
                    actor: actor_code(subj),
                    kind: "speaker",
                    span: span_of(a, b),
                });
            }
        }
        // "according to X" anywhere in the sentence: X's own sources first.
        for i in range.clone() {
            if lower(doc, i) != "according" {
                continue;
            }
            let Some(x) = doc.head[i].map(|h| h as usize) else { continue };
            let mut links: Vec<Attribution> = Vec::new();
            let (a, b) = subtree(x);
            // The head phrase of X without its nested sources.
            let nested: Vec<usize> = range
                .clone()
                .filter(|&c| {
                    doc.head[c] == Some(x as u32)
                        && matches!(rel(doc, c), "nmod" | "acl")
                        && range.clone().any(|k| doc.head[k] == Some(c as u32) && matches!(lower(doc, k).as_str(), "by" | "in" | "from"))
                })
                .collect();
            let head_end = nested.iter().map(|&c| subtree(c).0).min().unwrap_or(b).max(a + 1);
            let start = (a..head_end).find(|&k| k > i && lower(doc, k) != "to").unwrap_or(a).max(i + 1);
            for &c in nested.iter().rev() {
                let (na, nb) = subtree(c);
                let na = (na..nb).find(|&k| !matches!(lower(doc, k).as_str(), "by" | "in" | "from")).unwrap_or(na);
                // Innermost first: "a report in the Times about the book" keeps
                // "the Times" (in) and drops "about the book".
                if nb > na {
                    links.push(Attribution { text: text_of(na, nb), actor: actor_code(c), kind: "via", span: span_of(na, nb) });
                }
            }
            if head_end > start {
                links.push(Attribution { text: text_of(start, head_end), actor: actor_code(x), kind: "according_to", span: span_of(start, head_end) });
            }
            chain.extend(links);
        }
        chain
    }
}

/// Verbs of saying that report the event at `v`: its ancestors, and the
/// clauses hanging from them as parataxis ("“...,” he wrote").
pub(super) fn saying_verbs(doc: &Doc, range: std::ops::Range<usize>, v: usize) -> Vec<usize> {
    let mut clause = vec![v];
    let mut h = v;
    // Bounded by the sentence length: a tree has no longer path.
    while let Some(p) = doc.head[h].filter(|_| clause.len() <= range.len()) {
        h = p as usize;
        clause.push(h);
    }
    let mut sayers: Vec<usize> = Vec::new();
    for &c in &clause {
        if SAYING.contains(&doc.lemma[c].as_str()) && c != v {
            sayers.push(c);
        }
        for k in range.clone() {
            // "..., he wrote" is parataxis in UD; parsers often make it a
            // conjunct after a comma ("Russia criticized Ukraine, a
            // spokesman told reporters").
            let postposed =
                rel(doc, k) == "conj" && k > v && k > 0 && (c..k).any(|j| doc.form(j) == ",") && !(c..k).any(|j| matches!(doc.form(j), "and" | "but" | "or"));
            if doc.head[k] == Some(c as u32) && (rel(doc, k) == "parataxis" || postposed) && SAYING.contains(&doc.lemma[k].as_str()) {
                sayers.push(k);
            }
        }
    }
    sayers
}

/// The description a text gives a named actor: its appositive ("Zalmay
/// Khalilzad, a former ambassador to Iraq") or the modifiers before the name
/// in its noun phrase ("Then-Iranian Ambassador to the United Nations
/// Mohammad Javad Zarif").
fn role_text(doc: &Doc, start: usize, end: usize) -> Option<String> {
    let head = doc.span_head(start, end);
    let sent = doc.sentences.iter().find(|s| s.tokens.contains(&head))?;
    let within = |n: usize| doc.subtree_span(sent.tokens.clone(), n);
    let text = |a: usize, b: usize| doc.text[doc.start[a] as usize..doc.end[b - 1] as usize].to_string();
    let clean = |a: usize, b: usize| -> Option<String> {
        // Trim punctuation, articles and conjunctions at both ends; a role
        // has at least one noun.
        let skip = |k: usize| doc.form(k).chars().all(|c| !c.is_alphanumeric()) || matches!(lower(doc, k).as_str(), "the" | "and" | "or" | "but");
        let a = (a..b).find(|&k| !skip(k))?;
        let b = (a..b).rev().find(|&k| !skip(k))? + 1;
        (a..b).any(|k| matches!(doc.upos[k], Upos::Noun | Upos::Propn)).then(|| text(a, b))
    };
    if let Some(ap) = sent.tokens.clone().find(|&c| doc.head[c] == Some(head as u32) && rel(doc, c) == "appos") {
        let (a, b) = within(ap);
        return clean(a, b);
    }
    // The noun phrase the name closes ("Then-Iranian Ambassador to the United
    // Nations Mohammad Javad Zarif", however the parser attached the name).
    let root = match doc.head[head] {
        Some(p) if (p as usize) < start && matches!(rel(doc, head).split(':').next().unwrap_or(""), "nmod" | "appos" | "flat" | "compound") => p as usize,
        _ => head,
    };
    let (np_start, _) = within(root);
    if np_start >= start || rel(doc, np_start).starts_with("case") {
        return None;
    }
    clean(np_start, start)
}
