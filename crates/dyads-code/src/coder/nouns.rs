//! Events carried by nouns: "an air strike by Israel on Gaza", "Israeli
//! shelling", "Pakistan's capture of an Indian fighter pilot", "Obama's
//! visit to China", "talks between Iran and the United States". The nouns
//! and their codes are data (`data/dict/event-nouns.tsv`); who did it comes
//! from the noun's possessor, nationality adjective or by-phrase, or from
//! the subject of the verb that carries it out ("the army launched an
//! offensive"); to whom from its on/against/to/with/of phrase.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::clauses::Mood;
use super::event::Dyad;
use super::participants::{AtPhrase, Participant};
use super::roles::{pair_up, stands_alone, talks_of_a_matter, Pairing};
use super::{one_of, SentenceCtx};
use crate::dict::{Loc, VerbCode};

const TABLE: &str = include_str!("../../../../data/dict/event-nouns.tsv");
const FILE: &str = "data/dict/event-nouns.tsv";

/// A `word<TAB>code` table (comments `#`) as upper-case word (as the
/// coder's `Upper` table spells tokens) -> (code, line): looked up for every
/// noun or adjective, so without allocating.
fn read_table(text: &'static str) -> HashMap<String, (&'static str, usize)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|(i, l)| l.split_once('\t').map(|(w, c)| (w.trim().to_uppercase(), (c.trim(), i + 1))))
        .collect()
}

/// Event nouns.
fn table() -> &'static HashMap<String, (&'static str, usize)> {
    static T: OnceLock<HashMap<String, (&'static str, usize)>> = OnceLock::new();
    T.get_or_init(|| read_table(TABLE))
}

const ADJECTIVES: &str = include_str!("../../../../data/dict/event-adjectives.tsv");
const ADJECTIVES_FILE: &str = "data/dict/event-adjectives.tsv";

/// Predicate adjectives that state a view.
fn adjectives() -> &'static HashMap<String, (&'static str, usize)> {
    static T: OnceLock<HashMap<String, (&'static str, usize)>> = OnceLock::new();
    T.get_or_init(|| read_table(ADJECTIVES))
}

/// Prepositions that name what a predicate adjective's view is about.
const ABOUT_PREPS: &[&str] = &["about", "over", "by", "regarding", "at"];

/// Event nouns whose compounded name is whom the act was done to: "the
/// Navalny detention", "the Soleimani killing".
const DONE_TO_THE_NAMED: &[&str] =
    &["arrest", "arrests", "detention", "capture", "kidnapping", "abduction", "assassination", "killing", "conviction", "deportation", "expulsion", "trial"];
/// Event nouns only a state or an organisation does: a compounded name
/// that is neither is whom ("the Hunter Biden investigation").
const BY_INSTITUTIONS: &[&str] = &["investigation", "probe", "inquiry", "sanction", "sanctions", "embargo", "ban", "blockade"];

/// Verbs that carry out the act a noun names, so their subject is its source.
const LIGHT_VERBS: &[&str] = &[
    "launch",
    "carry",
    "stage",
    "hold",
    "conduct",
    "mount",
    "begin",
    "start",
    "pay",
    "make",
    "express",
    "voice",
    "issue",
    "order",
    "continue",
    "declare",
    "step",
    "lead",
    "resume",
    "intensify",
    "renew",
    "heap",
    "offer",
    "lend",
    "give",
    "file",
    "organize",
    "organise",
    "join",
    "wrap",
    "conclude",
    "complete",
    "end",
    "deliver",
];

/// Verbs whose passive subject an attack or arrest "in" which it happened
/// hit: "was killed in an attack by".
const HARMED: &[&str] = &[
    "kill",
    "wound",
    "injure",
    "hurt",
    "hit",
    "arrest",
    "detain",
    "capture",
    "abduct",
    "kidnap",
    "shoot",
    "target",
    "attack",
    "bomb",
    "strike",
    "seize",
    "murder",
    "assassinate",
];

/// Verbs that end, cancel or undo the act their object names.
const UNDOING_VERBS: &[&str] = &[
    "lift",
    "cancel",
    "suspend",
    "halt",
    "freeze",
    "cut",
    "scrap",
    "drop",
    "withdraw",
    "abandon",
    "terminate",
    "revoke",
    "rescind",
    "postpone",
    "ease",
    "relax",
    "stop",
    "reject",
];

/// Verbs whose passive participle on an act names who did it, beside the
/// light verbs: "the curfew imposed by", "a lawsuit filed by", "the attack
/// ordered by", "the massacre perpetrated by".
const CARRIED_OUT_BY: &[&str] = &["impose", "order", "perpetrate", "commit", "undertake", "bring", "level", "announce", "enact", "initiate", "execute"];

/// The code an event noun carries and the rule that gives it.
pub(super) struct NounCode {
    pub(super) code: String,
    pub(super) rule: Loc,
    /// From the verb entry behind a noun in -ing, not the noun table: such
    /// a noun codes only with the one acted on.
    pub(super) of_verb: bool,
}

/// Prepositions that mark the one an act is aimed at. "at" only for force
/// ("an airstrike at a militia base"): "a strike at five hospitals",
/// "talks at the UN" say where.
const TARGET_PREPS: &[&str] = &["on", "against", "to", "with", "of", "into", "for"];

impl SentenceCtx<'_> {
    /// The code a noun at `n` carries, with the rule that gives it: its
    /// line in the event-noun table, else the verb entry its -ing form
    /// belongs to ("the shooting of a girl", "the jailing of X": the act
    /// the verb names, as the verb dictionary codes it).
    pub(super) fn noun_code(&self, n: usize) -> Option<NounCode> {
        if self.doc.upos[n] != dyads_text::Upos::Noun {
            return None;
        }
        // The form first: "talks" is negotiation, a "talk" is not.
        let (form, lemma) = (self.upper.form(n), self.upper.lemma(n));
        let Some(&(code, line)) = table().get(form).or_else(|| table().get(lemma)) else { return self.gerund_code(n) };
        let listed = |code: &str| Some(NounCode { code: code.to_string(), rule: Loc { file: FILE.to_string(), line }, of_verb: false });
        if lemma != "STRIKE" && form != "STRIKE" && form != "STRIKES" {
            return listed(code);
        }
        // "air strike", "drone strikes", "military strikes" are attacks;
        // "hunger strike" is 142; otherwise a labour strike.
        let modifier = |words: &[&str]| self.children[n].iter().any(|&k| one_of(self.doc.form(k), words));
        // A strike "carried out by" someone is an attack too: a labour strike
        // is staged or held.
        let code = if modifier(&["air", "missile", "drone", "bombing", "military", "aerial", "rocket"]) || !self.carried_out_participles(n).is_empty() {
            "195"
        } else if modifier(&["hunger"]) {
            "142"
        } else {
            code
        };
        listed(code)
    }

    /// The code of a noun in -ing ("shooting", "jailing", "shelling") that
    /// is a form of a verb entry with a code of its own and no particle, when
    /// that code is coercion or force (17-20): the noun of a milder verb is
    /// as often a thing or a matter ("the court's ruling", "a hearing",
    /// "their funding") whose "of" names the doer.
    fn gerund_code(&self, n: usize) -> Option<NounCode> {
        let form = self.upper.form(n);
        let singular = form.strip_suffix('S').filter(|f| f.ends_with("ING")).unwrap_or(form);
        if !singular.ends_with("ING") {
            return None;
        }
        let lemmas = super::verbs::regular_lemmas(singular);
        let index = &self.coder.verb_index;
        lemmas.iter().find_map(|l| {
            let ids = index.by_word.get(l.as_str())?;
            let mut entries = ids.iter().filter(|&&i| index.lemmas[i] == *l).map(|&i| &self.coder.dicts.verbs[i]);
            let v = entries.find(|v| v.particle.is_none() && forceful(&v.code))?;
            Some(NounCode { code: v.code.forward.clone()?, rule: v.loc.clone(), of_verb: true })
        })
    }

    /// The dyads of an event noun at `n`; empty when it is not one, names no
    /// source, or the verb that carries it codes the act itself ("held
    /// talks" is the verb's pattern).
    pub(super) fn noun_dyads(&self, n: usize) -> Vec<Dyad> {
        let mut dyads = self.noun_dyads_as_listed(n);
        super::violence::settle_violence(&self.lower(n), &mut dyads, self.coder.ontology);
        dyads
    }

    /// `noun_dyads` under the table's code, before CAMEO's line between
    /// force and assault is drawn.
    fn noun_dyads_as_listed(&self, n: usize) -> Vec<Dyad> {
        if self.doc.upos[n] == dyads_text::Upos::Adj {
            return self.adjective_dyads(n);
        }
        let Some(NounCode { code, rule, of_verb }) = self.noun_code(n) else { return Vec::new() };
        let head = self.doc.head[n].map(|h| h as usize);
        // The verb codes the act when it yields an event of its own; one
        // that names no actor ("a weekend that saw protests") leaves it to the noun.
        let head_codes = head.is_some_and(|h| self.verb_match(h).is_ok_and(|m| !m.code.is_null() && self.dyads(h, m).is_ok_and(|d| !d.is_empty())));
        if head_codes && matches!(self.base(n), "obj" | "nsubj") {
            return Vec::new();
        }
        let mut sources: Vec<Participant> = Vec::new();
        for &k in &self.children[n] {
            // "an attack by X", "praise from X".
            let by = self.children[k].iter().any(|&c| self.base(c) == "case" && one_of(self.doc.form(c), &["by", "from"]));
            // Not a country's or a city's compound: "a Baghdad attack" names
            // where, "Russia sanctions" as often against whom. An
            // organisation, group or person named on the act is its doer:
            // "a new Amnesty International investigation", "a Taliban
            // offensive", "UN sanctions"; not of an act done to someone
            // ("the Navalny detention") nor of a protest ("a Trump rally").
            if self.rel(k) == "nmod:poss" || self.base(k) == "amod" || (self.base(k) == "nmod" && by) {
                sources.extend(self.participants(k));
            } else if self.base(k) == "compound" && k < n && !one_of(&self.lower(n), DONE_TO_THE_NAMED) && !code.starts_with("14") {
                let country = |p: &Participant| self.coder.ontology.is_country_code(&p.code);
                // Only a state or an organisation investigates or sanctions:
                // "the Hunter Biden investigation", "the Hezbollah
                // sanctions" name whom.
                let institution = |p: &Participant| {
                    ["IGO", "NGO"].iter().any(|o| p.code.starts_with(o))
                        || (p.code.len() == 6 && ["GOV", "JUD", "LEG", "COP", "SPY", "MIL"].contains(&&p.code[3..]))
                };
                let institutional = one_of(&self.lower(n), BY_INSTITUTIONS);
                sources.extend(self.participants(k).into_iter().filter(|p| !country(p) && (!institutional || institution(p))));
            }
        }
        // "the curfew imposed by the government", "strikes carried out by
        // Turkey", "a lawsuit filed against the city by a boy": a passive
        // participle on the noun names who did it in its by-phrase, and may
        // hold the target phrase.
        // Only verbs of carrying an act out: "the air strike condemned by
        // Russia" is not Russia's.
        if sources.is_empty() {
            sources.extend(self.kids(n, &["nmod:poss"]).into_iter().filter_map(|k| self.the_country(k)));
        }
        let participles = self.carried_out_participles(n);
        if sources.is_empty() {
            sources = self.carried_out_by(n);
        }
        // "his visit", "in his first speech on a visit to Israel, said": a
        // possessive pronoun on the noun, or on the noun it hangs from, is
        // the subject of the clause the phrase belongs to.
        if sources.is_empty() {
            sources = self.pronoun_owner(n);
        }
        // Protesters are of the place they protest in: "protests in France
        // and Italy" are French and Italian civilians' (as GDELT codes them).
        if sources.is_empty() && code.starts_with("14") {
            sources = self.protest_places(n);
        }
        // A predicate noun carries its clause's mood: "It was not Gondor's
        // attack on Arnor" is negated.
        if head.is_some_and(|h| self.base(n) == "obj" && self.undoes(h, &code)) {
            return Vec::new();
        }
        let predicate = !self.kids(n, &["cop"]).is_empty();
        let mut mood = if predicate { self.mood(n) } else { Mood::default() };
        let light = head.filter(|&h| self.base(n) == "obj" && LIGHT_VERBS.contains(&self.lower(h).as_str()));
        if let Some(h) = light {
            mood = self.mood(h);
            if sources.is_empty() {
                if let Some(s) = self.subject(h) {
                    sources = self.participants(s.token);
                }
            }
        }
        // "a crackdown on protesters could spawn unrest": a conditional
        // about the act is no report that it happened.
        let conditional = head.filter(|_| self.base(n) == "nsubj").is_some_and(|h| self.mood(h).hypothetical);
        let mut targets: Vec<Participant> = Vec::new();
        let mut between: Vec<Participant> = Vec::new();
        // The parser may hang the noun's phrase from the light verb:
        // "expressed support [for Turkey]".
        let mut phrases: Vec<usize> = self.children[n].iter().copied().filter(|&k| self.base(k) == "nmod").collect();
        if let Some(h) = light {
            phrases.extend(self.kids(h, &["obl"]));
        }
        for &p in &participles {
            phrases.extend(self.kids(p, &["obl"]).into_iter().filter(|&k| !self.has_case(k, "by")));
        }
        // What force is aimed "at" is what it hit: "an airstrike at a
        // militia base".
        let violent = AtPhrase::for_code(&code) == AtPhrase::Aim;
        for k in phrases {
            let case = |words: &[&str]| self.children[k].iter().any(|&c| self.base(c) == "case" && one_of(self.doc.form(c), words));
            if case(&["between", "among"]) {
                between.extend(self.participants(k));
            } else if case(TARGET_PREPS) || (case(&["at"]) && violent) {
                let mut named = self.participants(k);
                // "support for strikes carried out by the Turkish
                // government": a comment on an act is aimed at its doer.
                if named.is_empty() && talks_of_a_matter(&code) {
                    named = self.carried_out_by(k);
                }
                // "praise on the country's financial standing".
                if named.is_empty() {
                    named = self.kids(k, &["nmod:poss"]).into_iter().filter_map(|o| self.the_country(o)).collect();
                }
                targets.extend(named.into_iter().filter(|t| !sources.iter().any(|s| s.code == t.code)));
            }
        }
        // "the anti-government protest movement": a protest is aimed at what
        // it is against.
        if targets.is_empty() && code.starts_with("14") {
            targets = self.protested(n, &sources);
        }
        // "Soleimani was killed in an attack ordered by the president",
        // "two soldiers died in a bombing by rebels": the act hit the
        // passive's (or the dying's) subject.
        if targets.is_empty() && !sources.is_empty() {
            targets = self.victims_of(n).into_iter().filter(|t| !sources.iter().any(|s| s.code == t.code)).collect();
        }
        let verb_code = self.code_in_mood(&code, &mut mood);
        // Flagged, but still the act itself: not its threat.
        mood.hypothetical |= conditional;
        if mood.negated && !self.coder.options.keep_negated {
            return Vec::new();
        }
        // A noun in -ing names its act only with the one acted on ("the
        // shooting of a girl"); bare, it is as often a thing ("their funding").
        if of_verb && targets.is_empty() {
            return Vec::new();
        }
        if sources.is_empty() && between.len() >= 2 {
            return pair_up(&between, &[], &verb_code, Pairing { reciprocal: true, untargeted: false }, mood, &rule);
        }
        let untargeted = !self.coder.options.require_target && stands_alone(&code);
        pair_up(&sources, &targets, &verb_code, Pairing { reciprocal: false, untargeted }, mood, &rule)
    }

    /// Whether verb `v` with the act (of `code`) as its object ends or
    /// cancels it: "lifted its sanctions", "cancelled the summit", "called
    /// off the strike". Ending talks or a visit still says they were held
    /// ("wrapped up his tour of China"); ending a state says nothing of it.
    fn undoes(&self, v: usize, code: &str) -> bool {
        let lemma = self.lower(v);
        let off = self.kids(v, &["compound:prt"]).iter().any(|&p| self.doc.form(p).eq_ignore_ascii_case("off"));
        one_of(&lemma, UNDOING_VERBS) || (lemma == "call" && off) || (one_of(&lemma, &["end", "conclude", "complete", "wrap"]) && !code.starts_with("04"))
    }

    /// The passive participles on noun `n` of carrying an act out ("the
    /// curfew imposed by", "strikes carried out by"); not of commenting on
    /// it: "the air strike condemned by Russia" is not Russia's.
    pub(super) fn carried_out_participles(&self, n: usize) -> Vec<usize> {
        let carrying_out = |k: usize| {
            self.doc.upos[k] == dyads_text::Upos::Verb && super::morph::past_participle(self.doc, k) && {
                let lemma = self.lower(k);
                LIGHT_VERBS.contains(&lemma.as_str()) || CARRIED_OUT_BY.contains(&lemma.as_str())
            }
        };
        let mut out: Vec<usize> = self.children[n].iter().copied().filter(|&k| self.base(k) == "acl" && carrying_out(k)).collect();
        // The parser often hangs such a participle with its by-phrase from
        // the clause ("expressed support for strikes [carried out by
        // Turkey]" as the verb's xcomp): it belongs to the noun it follows,
        // the innermost one the phrase before it ends with.
        let last = self.doc.subtree(self.children, n).into_iter().max().unwrap_or(n);
        let p = last + 1;
        if p < self.sentence_of(n).end
            && matches!(self.base(p), "xcomp" | "advcl")
            && carrying_out(p)
            && !self.kids(p, &["obl:agent"]).is_empty()
            && self.innermost_noun(last) == Some(n)
        {
            out.push(p);
        }
        out
    }

    /// The noun nearest above (or at) token `t`.
    fn innermost_noun(&self, t: usize) -> Option<usize> {
        let mut x = t;
        for _ in 0..8 {
            if matches!(self.doc.upos[x], dyads_text::Upos::Noun | dyads_text::Upos::Propn) {
                return Some(x);
            }
            x = self.doc.head[x]? as usize;
        }
        None
    }

    /// Whom a protest at noun `n` is against, from an "anti-" modifier of
    /// the noun or of the noun it compounds ("anti-government protests",
    /// "the anti-government protest movement"): the protesters' own
    /// government or army.
    fn protested(&self, n: usize, sources: &[Participant]) -> Vec<Participant> {
        let mut nouns = vec![n];
        if self.base(n) == "compound" {
            nouns.extend(self.doc.head[n].map(|h| h as usize));
        }
        let against = nouns.iter().flat_map(|&x| self.kids(x, &["amod"])).find_map(|a| {
            let form = self.doc.form(a).to_lowercase();
            match form.strip_prefix("anti-").or_else(|| form.strip_prefix("anti"))? {
                "government" | "regime" | "junta" => Some("GOV"),
                "military" | "army" => Some("MIL"),
                _ => None,
            }
        });
        let (Some(role), Some(country)) = (against, sources.first().and_then(|s| s.code.get(..3))) else { return Vec::new() };
        if self.coder.ontology.country(country).is_none() {
            return Vec::new();
        }
        vec![Participant { code: format!("{country}{role}"), start: n, end: n + 1 }]
    }

    /// The subject of the passive, or of a verb of dying or being hurt,
    /// in whose "in" phrase event noun `n` stands.
    fn victims_of(&self, n: usize) -> Vec<Participant> {
        let Some(v) = self.doc.head[n].map(|h| h as usize) else { return Vec::new() };
        if self.base(n) != "obl" || !self.has_case(n, "in") || self.doc.upos[v] != dyads_text::Upos::Verb {
            return Vec::new();
        }
        let harmed = one_of(&self.lower(v), HARMED) && !self.kids(v, &["nsubj:pass"]).is_empty();
        let suffered = harmed || one_of(&self.lower(v), &["die", "perish"]);
        let subject = self.kids(v, &["nsubj:pass", "nsubj"]).first().copied();
        match subject {
            Some(s) if suffered => self.participants(s),
            _ => Vec::new(),
        }
    }

    /// Who carried out the act noun `n` names, from the by-phrase of such a
    /// participle.
    fn carried_out_by(&self, n: usize) -> Vec<Participant> {
        let mut out = Vec::new();
        for p in self.carried_out_participles(n) {
            for k in self.kids(p, &["obl"]) {
                if self.has_case(k, "by") {
                    out.extend(self.participants_under(k));
                }
            }
        }
        out
    }

    /// A noun's or adjective's code in the mood of its clause: "will
    /// launch an offensive", "agreed to hold talks" are intents, as for verbs.
    fn code_in_mood(&self, code: &str, mood: &mut Mood) -> VerbCode {
        let mut verb_code = VerbCode { forward: Some(code.to_string()), reverse: None };
        mood.settle(&mut verb_code, self.coder.options.future_as_act);
        verb_code
    }

    /// The comment a predicate adjective states ("X is concerned that ...",
    /// "hopeful about the talks"): only as a predicate with a copula, never
    /// an attribute ("a hopeful sign", "concerned citizens").
    fn adjective_dyads(&self, n: usize) -> Vec<Dyad> {
        let Some(&(code, line)) = adjectives().get(self.upper.form(n)) else { return Vec::new() };
        if self.kids(n, &["cop"]).is_empty() {
            return Vec::new();
        }
        let Some(subject) = self.subject(n) else { return Vec::new() };
        let sources = self.participants(subject.token);
        if sources.is_empty() {
            return Vec::new();
        }
        let mut targets: Vec<Participant> = Vec::new();
        for k in self.kids(n, &["obl"]) {
            if self.children[k].iter().any(|&c| self.base(c) == "case" && one_of(self.doc.form(c), ABOUT_PREPS)) {
                targets.extend(self.participants_under(k).into_iter().filter(|t| !sources.iter().any(|s| s.code == t.code)));
            }
        }
        let mut mood = self.mood(n);
        let verb_code = self.code_in_mood(code, &mut mood);
        if mood.negated && !self.coder.options.keep_negated {
            return Vec::new();
        }
        let rule = Loc { file: ADJECTIVES_FILE.to_string(), line };
        let untargeted = !self.coder.options.require_target && stands_alone(code);
        pair_up(&sources, &targets, &verb_code, Pairing { reciprocal: false, untargeted }, mood, &rule)
    }

    /// The subject of the clause a noun phrase with a possessive pronoun
    /// ("his", "their") hangs from, through at most three nominal links;
    /// none when that clause has an actor as object, which the pronoun may
    /// as well stand for ("condemned the rebels for their attack").
    fn pronoun_owner(&self, n: usize) -> Vec<Participant> {
        let owned = |x: usize| {
            self.children[x].iter().copied().find(|&k| {
                self.rel(k) == "nmod:poss" && self.doc.upos[k] == dyads_text::Upos::Pron && one_of(self.doc.form(k), &["his", "her", "their", "its"])
            })
        };
        let mut x = n;
        let mut pronoun = owned(x);
        for _ in 0..3 {
            let Some(h) = self.doc.head[x].map(|h| h as usize) else { return Vec::new() };
            if !matches!(self.base(x), "nmod" | "obl" | "obj") {
                return Vec::new();
            }
            if super::morph::verbal(self.doc, h) {
                if pronoun.is_none() || self.kids(h, &["obj", "iobj"]).into_iter().any(|o| !self.participants(o).is_empty()) {
                    return Vec::new();
                }
                return self.subject(h).map(|s| self.participants(s.token)).unwrap_or_default();
            }
            // The phrase hung from the subject itself ("Pope Benedict, in
            // his first speech on a visit to Israel, said"), a parse of the
            // same sentence: the pronoun is still the subject's.
            // Only a parenthetical phrase (set off by a comma) on a subject
            // with no possessor of its own, the pronoun agreeing in number:
            // not "China's anger over her visit", "Palestinians, in protest
            // at his visit".
            let parenthetical = || {
                let first = self.doc.subtree(self.children, x).into_iter().min().unwrap_or(x);
                self.doc.form(first) == "," || (first > 0 && self.doc.form(first - 1) == ",")
            };
            let plural = self.doc.feat(h, "Number") == Some("Plur");
            let agrees = pronoun.is_some_and(|k| self.doc.form(k).eq_ignore_ascii_case("their") == plural);
            if agrees
                && self.base(h) == "nsubj"
                && self.base(x) == "nmod"
                && parenthetical()
                && self.kids(h, &["nmod:poss"]).is_empty()
                && self.doc.head[h].is_some_and(|v| super::morph::verbal(self.doc, v as usize))
            {
                let ps = self.participants(h);
                if !ps.is_empty() {
                    return ps;
                }
            }
            x = h;
            pronoun = pronoun.or(owned(x));
        }
        Vec::new()
    }

    /// Civilians of each country a protest noun's place phrase names ("in
    /// France, Italy and Germany"), else of the country the sentence is set in.
    fn protest_places(&self, n: usize) -> Vec<Participant> {
        let civilians = |country: &str, start: usize, end: usize| Participant { code: format!("{country}CVL"), start, end };
        let mut out = Vec::new();
        // The place may hang from the verb whose object the noun is: "saw
        // protests in France".
        let mut phrases: Vec<usize> = self.children[n].clone();
        if let Some(h) = self.doc.head[n].map(|h| h as usize).filter(|_| self.base(n) == "obj") {
            phrases.extend(self.kids(h, &["obl"]));
        }
        for k in phrases {
            let locative = self.children[k].iter().any(|&c| self.base(c) == "case" && one_of(self.doc.form(c), &["in", "across", "throughout"]));
            if !matches!(self.base(k), "nmod" | "obl") || !locative {
                continue;
            }
            for p in self.participants(k) {
                if self.coder.ontology.is_country_code(&p.code) {
                    out.push(civilians(&p.code, p.start, p.end));
                }
            }
        }
        if out.is_empty() {
            if let Some(country) = self.setting_country() {
                out.push(civilians(&country, n, n + 1));
            }
        }
        out
    }
}

/// Coercion, assault, fighting and mass violence: CAMEO roots 17 to 20.
fn forceful(code: &VerbCode) -> bool {
    code.forward.as_deref().is_some_and(|c| matches!(c.get(..2), Some("17" | "18" | "19" | "20")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn an_event_noun_takes_its_possessor_or_by_phrase_and_its_target_phrase() {
        // "Gondor's attack on Arnor"
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 3, "nmod:poss"),
            ("'s", "'s", "PART", 1, "case"),
            ("attack", "attack", "NOUN", 0, "root"),
            ("on", "on", "ADP", 5, "case"),
            ("Arnor", "Arnor", "PROPN", 3, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>ARN:190"]);
        // "an air strike by Arnor on Gondor"
        let d = doc(&[
            ("an", "a", "DET", 3, "det"),
            ("air", "air", "NOUN", 3, "compound"),
            ("strike", "strike", "NOUN", 0, "root"),
            ("by", "by", "ADP", 5, "case"),
            ("Arnor", "Arnor", "PROPN", 3, "nmod"),
            ("on", "on", "ADP", 7, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:195"]);
        // "Arnor's protest at Gondor": where, not against whom; "Arnor's
        // attack at Gondor" hit it.
        let d = |noun: &str| {
            doc(&[
                ("Arnor", "Arnor", "PROPN", 3, "nmod:poss"),
                ("'s", "'s", "PART", 1, "case"),
                (noun, noun, "NOUN", 0, "root"),
                ("at", "at", "ADP", 5, "case"),
                ("Gondor", "Gondor", "PROPN", 3, "nmod"),
            ])
        };
        assert_eq!(triples(&coder(), &d("protest"), 20000101), ["ARN>-:141"]);
        assert_eq!(triples(&coder(), &d("attack"), 20000101), ["ARN>GON:190"]);
    }

    #[test]
    fn a_group_named_on_an_act_did_it_a_country_named_there_need_not_have() {
        let c = {
            let mut d = Dictionaries::default();
            petrarch::read_actors("IRAN_ [IRN]\nIRAQ_ [IRQ]\nTALIBAN [AFGREB]\n", "a", &mut d);
            Coder::new(d, CoderOptions::default())
        };
        // "a <Taliban|Iraq> attack on Iran"
        let d = |name: &str| {
            doc(&[
                ("a", "a", "DET", 3, "det"),
                (name, name, "PROPN", 3, "compound"),
                ("attack", "attack", "NOUN", 0, "root"),
                ("on", "on", "ADP", 5, "case"),
                ("Iran", "Iran", "PROPN", 3, "nmod"),
            ])
        };
        assert_eq!(triples(&c, &d("Taliban"), 20000101), ["AFGREB>IRN:190"]);
        assert!(triples(&c, &d("Iraq"), 20000101).is_empty());
        // Whom an act was done to, or whom only a state investigates: "the
        // Taliban detention", "the Taliban investigation".
        // (Against Iran, or into it.)
        for (noun, prep) in [("detention", "of"), ("investigation", "into")] {
            let rows = [
                ("the", "the", "DET", 3, "det"),
                ("Taliban", "Taliban", "PROPN", 3, "compound"),
                (noun, noun, "NOUN", 0, "root"),
                (prep, prep, "ADP", 5, "case"),
                ("Iran", "Iran", "PROPN", 3, "nmod"),
            ];
            assert!(triples(&c, &doc(&rows), 20000101).is_empty(), "{noun}");
        }
    }

    #[test]
    fn a_noun_the_verb_dictionary_lists_is_an_event_noun_when_no_verb_event_comes_of_it() {
        // "The worst was Gondor's attack on Arnor": "attack" is a verb entry
        // too, but as a copular predicate noun it has no subject of its own.
        let d = doc(&[
            ("The", "the", "DET", 2, "det"),
            ("worst", "bad", "ADJ", 7, "nsubj"),
            ("was", "be", "AUX", 7, "cop"),
            ("Gondor", "Gondor", "PROPN", 7, "nmod:poss"),
            ("'s", "'s", "PART", 4, "case"),
            ("surprise", "surprise", "NOUN", 7, "compound"),
            ("attack", "attack", "NOUN", 0, "root"),
            ("on", "on", "ADP", 9, "case"),
            ("Arnor", "Arnor", "PROPN", 7, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>ARN:190"]);
    }

    #[test]
    fn a_passive_participle_on_the_noun_names_its_source_and_may_hold_its_target() {
        // "the attack carried out by Gondor against Arnor"; "the attack
        // condemned by Gondor" is not Gondor's.
        let d = |verb: &str, lemma: &str| {
            let mut d = doc(&[
                ("the", "the", "DET", 2, "det"),
                ("attack", "attack", "NOUN", 0, "root"),
                (verb, lemma, "VERB", 2, "acl"),
                ("by", "by", "ADP", 5, "case"),
                ("Gondor", "Gondor", "PROPN", 3, "obl:agent"),
                ("against", "against", "ADP", 7, "case"),
                ("Arnor", "Arnor", "PROPN", 3, "obl"),
            ]);
            d.feats[2] = "Tense=Past|VerbForm=Part|Voice=Pass".to_string();
            d
        };
        assert_eq!(triples(&coder(), &d("carried", "carry"), 20000101), ["GON>ARN:190"]);
        assert!(triples(&coder(), &d("condemned", "condemn"), 20000101).is_empty());
        // A present participle is no passive: "the attack worrying Gondor".
        let d = doc(&[
            ("the", "the", "DET", 2, "det"),
            ("attack", "attack", "NOUN", 0, "root"),
            ("worrying", "worry", "VERB", 2, "acl"),
            ("by", "by", "ADP", 5, "case"),
            ("Gondor", "Gondor", "PROPN", 3, "obl"),
        ]);
        assert!(triples(&coder(), &d, 20000101).is_empty());
    }

    #[test]
    fn an_act_that_killed_the_passive_subject_is_aimed_at_it() {
        // "Arnor was killed in an attack by Gondor" / "Arnor fought in an
        // attack by Gondor" (no victim named).
        let d = |passive: bool| {
            let mut rows = vec![
                ("Arnor", "Arnor", "PROPN", 3, if passive { "nsubj:pass" } else { "nsubj" }),
                ("was", "be", "AUX", 3, "aux:pass"),
                (if passive { "killed" } else { "fought" }, if passive { "kill" } else { "fight" }, "VERB", 0, "root"),
                ("in", "in", "ADP", 6, "case"),
                ("an", "a", "DET", 6, "det"),
                ("attack", "attack", "NOUN", 3, "obl"),
                ("by", "by", "ADP", 8, "case"),
                ("Gondor", "Gondor", "PROPN", 6, "nmod"),
            ];
            if !passive {
                rows[1] = ("then", "then", "ADV", 3, "advmod");
            }
            doc(&rows)
        };
        assert!(triples(&coder(), &d(true), 20000101).contains(&"GON>ARN:190".to_string()));
        assert!(!triples(&coder(), &d(false), 20000101).contains(&"GON>ARN:190".to_string()));
    }

    #[test]
    fn a_comment_on_an_act_is_aimed_at_who_carried_it_out() {
        // "Arnor expressed support for attacks carried out by Gondor", with
        // the participle hung from the verb as the parser often does; "...
        // for attacks [and] carried out by Gondor" under the noun "support"
        // itself would make Gondor the supporter.
        let d = doc(&[
            ("Arnor", "Arnor", "PROPN", 2, "nsubj"),
            ("expressed", "express", "VERB", 0, "root"),
            ("support", "support", "NOUN", 2, "obj"),
            ("for", "for", "ADP", 5, "case"),
            ("attacks", "attack", "NOUN", 3, "nmod"),
            ("carried", "carry", "VERB", 2, "xcomp"),
            ("out", "out", "ADP", 6, "compound:prt"),
            ("by", "by", "ADP", 9, "case"),
            ("Gondor", "Gondor", "PROPN", 6, "obl:agent"),
        ]);
        let mut d = d;
        d.feats[5] = "Tense=Past|VerbForm=Part|Voice=Pass".to_string();
        let got = triples(&coder(), &d, 20000101);
        assert!(got.contains(&"ARN>GON:051".to_string()), "{got:?}");
        assert!(!got.iter().any(|t| t.starts_with("GON>ARN")), "{got:?}");
    }

    #[test]
    fn a_noun_in_ing_of_a_coding_verb_is_that_verb_s_act() {
        // "Gondor's firing on Arnor": FIRE is an ATTACK verb (190).
        let d = doc(&[
            ("Gondor", "Gondor", "PROPN", 3, "nmod:poss"),
            ("'s", "'s", "PART", 1, "case"),
            ("firing", "firing", "NOUN", 0, "root"),
            ("on", "on", "ADP", 5, "case"),
            ("Arnor", "Arnor", "PROPN", 3, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["GON>ARN:190"]);
        // "Gondor's welcoming of Arnor" names a WELCOME (050), too mild to
        // read from its noun; "Gondor's holding of Arnor" is HOLD's, which
        // codes nothing.
        let d = |noun: &str| {
            doc(&[
                ("Gondor", "Gondor", "PROPN", 3, "nmod:poss"),
                ("'s", "'s", "PART", 1, "case"),
                (noun, noun, "NOUN", 0, "root"),
                ("of", "of", "ADP", 5, "case"),
                ("Arnor", "Arnor", "PROPN", 3, "nmod"),
            ])
        };
        assert!(triples(&coder(), &d("welcoming"), 20000101).is_empty());
        assert!(triples(&coder(), &d("holding"), 20000101).is_empty());
    }

    #[test]
    fn a_predicate_event_noun_carries_its_clause_negation() {
        // "It was (not) Gondor's attack on Arnor"
        let d = |neg: bool| {
            let mut rows = vec![("It", "it", "PRON", 6, "nsubj"), ("was", "be", "AUX", 6, "cop")];
            rows.push(if neg { ("not", "not", "PART", 6, "advmod") } else { ("really", "really", "ADV", 6, "advmod") });
            rows.extend([
                ("Gondor", "Gondor", "PROPN", 6, "nmod:poss"),
                ("'s", "'s", "PART", 4, "case"),
                ("attack", "attack", "NOUN", 0, "root"),
                ("on", "on", "ADP", 8, "case"),
                ("Arnor", "Arnor", "PROPN", 6, "nmod"),
            ]);
            doc(&rows)
        };
        assert_eq!(triples(&coder(), &d(false), 20000101), ["GON>ARN:190"]);
        assert!(triples(&coder(), &d(true), 20000101).is_empty());
    }

    #[test]
    fn a_predicate_adjective_states_a_view_an_attribute_does_not() {
        // "Arnor is concerned about Gondor" / "Arnor is concerned" / "concerned Arnor"
        let predicate = |about: bool| {
            let mut rows = vec![("Arnor", "Arnor", "PROPN", 3, "nsubj"), ("is", "be", "AUX", 3, "cop"), ("concerned", "concerned", "ADJ", 0, "root")];
            if about {
                rows.extend([("about", "about", "ADP", 5, "case"), ("Gondor", "Gondor", "PROPN", 3, "obl")]);
            }
            doc(&rows)
        };
        assert_eq!(triples(&coder(), &predicate(true), 20000101), ["ARN>GON:012"]);
        assert_eq!(triples(&coder(), &predicate(false), 20000101), ["ARN>-:012"]);
        let attribute = doc(&[("concerned", "concerned", "ADJ", 2, "amod"), ("Arnor", "Arnor", "PROPN", 0, "root")]);
        assert!(triples(&coder(), &attribute, 20000101).is_empty());
    }

    #[test]
    fn a_noun_owned_by_a_pronoun_is_its_clause_subject_act() {
        // "Gondor smiled during his visit to Arnor" / "... during a visit ...".
        for (det, rel, expected) in [("his", "nmod:poss", vec!["GON>ARN:042"]), ("a", "det", vec![])] {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 2, "nsubj"),
                ("smiled", "smile", "VERB", 0, "root"),
                ("during", "during", "ADP", 5, "case"),
                (det, det, if det == "his" { "PRON" } else { "DET" }, 5, rel),
                ("visit", "visit", "NOUN", 2, "obl"),
                ("to", "to", "ADP", 7, "case"),
                ("Arnor", "Arnor", "PROPN", 5, "nmod"),
            ]);
            assert_eq!(triples(&coder(), &d, 20000101), expected, "{det}");
        }
        // "Gondor, in his speech on a visit to Arnor, smiled", the phrase
        // hung from the subject.
        for (det, rel, expected) in [("his", "nmod:poss", vec!["GON>ARN:042"]), ("a", "det", vec![])] {
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 10, "nsubj"),
                (",", ",", "PUNCT", 5, "punct"),
                ("in", "in", "ADP", 5, "case"),
                (det, det, if det == "his" { "PRON" } else { "DET" }, 5, rel),
                ("speech", "speech", "NOUN", 1, "nmod"),
                ("on", "on", "ADP", 7, "case"),
                ("visit", "visit", "NOUN", 5, "nmod"),
                ("to", "to", "ADP", 9, "case"),
                ("Arnor", "Arnor", "PROPN", 7, "nmod"),
                ("smiled", "smile", "VERB", 0, "root"),
            ]);
            assert_eq!(triples(&coder(), &d, 20000101), expected, "subject's phrase, {det}");
        }
        // Not without the commas, nor on a plural subject ("Gondorians in
        // protest at his visit to Arnor smiled", Gondor read as a people).
        for (form, number, comma) in [("Gondor", "Number=Sing", false), ("Gondor", "Number=Plur", true)] {
            let mut d = doc(&[
                (form, form, "PROPN", 10, "nsubj"),
                (if comma { "," } else { "-" }, ",", "PUNCT", 5, "punct"),
                ("in", "in", "ADP", 5, "case"),
                ("his", "his", "PRON", 5, "nmod:poss"),
                ("speech", "speech", "NOUN", 1, "nmod"),
                ("on", "on", "ADP", 7, "case"),
                ("visit", "visit", "NOUN", 5, "nmod"),
                ("to", "to", "ADP", 9, "case"),
                ("Arnor", "Arnor", "PROPN", 7, "nmod"),
                ("smiled", "smile", "VERB", 0, "root"),
            ]);
            d.feats[0] = number.into();
            assert!(triples(&coder(), &d, 20000101).is_empty(), "{form} {number}");
        }
    }

    #[test]
    fn protests_are_of_the_civilians_of_the_places_they_are_held_in() {
        // "a weekend that saw protests in Iran and Gondor": the verb codes
        // nothing of its own, so the noun does; only a real country has civilians.
        let d = doc(&[
            ("weekend", "weekend", "NOUN", 0, "root"),
            ("saw", "see", "VERB", 1, "acl:relcl"),
            ("protests", "protest", "NOUN", 2, "obj"),
            ("in", "in", "ADP", 5, "case"),
            ("Iran", "Iran", "PROPN", 2, "obl"),
            ("and", "and", "CCONJ", 7, "cc"),
            ("Gondor", "Gondor", "PROPN", 5, "conj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["IRNCVL>-:141"]);
    }

    #[test]
    fn an_anti_government_protest_is_aimed_at_the_protesters_government() {
        // "a weekend that saw anti-government protests in Iran".
        let plain = doc(&[
            ("weekend", "weekend", "NOUN", 0, "root"),
            ("saw", "see", "VERB", 1, "acl:relcl"),
            ("anti-government", "anti-government", "ADJ", 4, "amod"),
            ("protests", "protest", "NOUN", 2, "obj"),
            ("in", "in", "ADP", 6, "case"),
            ("Iran", "Iran", "PROPN", 4, "obl"),
        ]);
        assert_eq!(triples(&coder(), &plain, 20000101), ["IRNCVL>IRNGOV:141"]);
    }

    #[test]
    fn the_country_owning_an_event_noun_is_the_one_country_named_before() {
        // "Iran [and the United States] noted the country's attack on Arnor".
        let tail = |at: usize| {
            vec![
                ("the", "the", "DET", at + 2, "det"),
                ("country", "country", "NOUN", at + 4, "nmod:poss"),
                ("'s", "'s", "PART", at + 2, "case"),
                ("attack", "attack", "NOUN", at, "obj"),
                ("on", "on", "ADP", at + 6, "case"),
                ("Arnor", "Arnor", "PROPN", at + 4, "nmod"),
            ]
        };
        let mut one = vec![("Iran", "Iran", "PROPN", 2, "nsubj"), ("noted", "note", "VERB", 0, "root")];
        one.extend(tail(2));
        assert_eq!(triples(&coder(), &doc(&one), 20000101), ["IRN>ARN:190"]);
        let mut two = vec![
            ("Iran", "Iran", "PROPN", 5, "nsubj"),
            ("and", "and", "CCONJ", 4, "cc"),
            ("United", "United", "PROPN", 4, "compound"),
            ("States", "States", "PROPN", 1, "conj"),
            ("noted", "note", "VERB", 0, "root"),
        ];
        two.extend(tail(5));
        assert!(triples(&coder(), &doc(&two), 20000101).is_empty());
        // As the owner of a target phrase: "Iran noted Gondor's attack on
        // the country's capital".
        let target = doc(&[
            ("Iran", "Iran", "PROPN", 2, "nsubj"),
            ("noted", "note", "VERB", 0, "root"),
            ("Gondor", "Gondor", "PROPN", 5, "nmod:poss"),
            ("'s", "'s", "PART", 3, "case"),
            ("attack", "attack", "NOUN", 2, "obj"),
            ("on", "on", "ADP", 9, "case"),
            ("the", "the", "DET", 8, "det"),
            ("country", "country", "NOUN", 9, "nmod:poss"),
            ("capital", "capital", "NOUN", 5, "nmod"),
        ]);
        assert_eq!(triples(&coder(), &target, 20000101), ["GON>IRN:190"]);
    }

    #[test]
    fn every_event_noun_codes_its_own_line_in_a_plain_frame() {
        // "Gondor's <noun> on Arnor." for every line of the table: the
        // source is the possessor, the code the line's (a bare "strike" is
        // a labour strike, as listed).
        let c = coder();
        let mut failures = Vec::new();
        assert!(super::table().len() > 50, "the event-noun table did not load");
        for (noun, &(code, line)) in super::table() {
            let lower = noun.to_lowercase();
            let d = doc(&[
                ("Gondor", "Gondor", "PROPN", 3, "nmod:poss"),
                ("'s", "'s", "PART", 1, "case"),
                (&lower, &lower, "NOUN", 0, "root"),
                ("on", "on", "ADP", 5, "case"),
                ("Arnor", "Arnor", "PROPN", 3, "nmod"),
            ]);
            let got = triples(&c, &d, 20000101);
            if !got.iter().any(|t| t.starts_with("GON>") && t.ends_with(&format!(":{code}"))) {
                failures.push(format!("{}:{line}: {lower} {code}: {got:?}", super::FILE));
            }
        }
        failures.sort();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn talks_between_two_actors_go_both_ways_and_a_noun_without_source_codes_nothing() {
        let d = doc(&[
            ("talks", "talk", "NOUN", 0, "root"),
            ("between", "between", "ADP", 3, "case"),
            ("Arnor", "Arnor", "PROPN", 1, "nmod"),
            ("and", "and", "CCONJ", 5, "cc"),
            ("Gondor", "Gondor", "PROPN", 3, "conj"),
        ]);
        assert_eq!(triples(&coder(), &d, 20000101), ["ARN>GON:046", "GON>ARN:046"]);
        let d = doc(&[
            ("the", "the", "DET", 2, "det"),
            ("attack", "attack", "NOUN", 0, "root"),
            ("on", "on", "ADP", 4, "case"),
            ("Arnor", "Arnor", "PROPN", 2, "nmod"),
        ]);
        assert!(triples(&coder(), &d, 20000101).is_empty());
    }
}
