//! Dictionaries in memory: actors (with date-bounded codes), agents (role
//! nouns), verbs (with dependency-frame patterns), synsets and discards.
//! Readers for the PETRARCH2/TABARI formats live in [`petrarch`]; the
//! native format in [`native`]; PETRARCH's negation table in [`pico`]. All
//! produce these structures.

pub mod native;
pub mod petrarch;
pub mod pico;

use std::collections::HashMap;
use std::fmt;

/// Where an entry came from, for error messages and `dyads explain`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A malformed dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{loc}: {reason}")]
pub struct DictError {
    pub loc: Loc,
    pub reason: String,
}

pub use crate::calendar::Date;

/// An actor code valid over an inclusive date range (open ends allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl DatedCode {
    pub fn applies(&self, date: Date) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }
    pub fn is_default(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A phrase: upper-case words that must appear consecutively. With
/// `prefix`, the last word may be the start of a longer token (TABARI
/// stems: `ARGENTIN` matches `ARGENTINA`, `ARGENTINE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub words: Vec<String>,
    pub prefix: bool,
}

#[derive(Debug, Clone)]
pub struct Actor {
    /// The primary phrase as written, for display.
    pub name: String,
    pub phrases: Vec<Phrase>,
    /// Date-restricted codes first, in file order; a default code (no
    /// dates) applies when none of the restricted ones does.
    pub codes: Vec<DatedCode>,
    pub loc: Loc,
}

impl Actor {
    /// The code that applies on `date` (`yyyymmdd`); `None` is a null code.
    pub fn code_at(&self, date: Date) -> Option<&DatedCode> {
        self.codes.iter().find(|c| !c.is_default() && c.applies(date)).or_else(|| self.codes.iter().find(|c| c.is_default())).filter(|c| c.code != "---")
    }
}

/// A role noun: "foreign minister" -> `GOVFRM` appended to the actor's code
/// (or, for `NGO~`-style codes, put in front of it).
#[derive(Debug, Clone)]
pub struct Agent {
    pub phrases: Vec<Phrase>,
    pub code: String,
    pub prefix: bool,
    pub loc: Loc,
}

/// A term of a verb pattern: a word, or a synset to be expanded at match time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word(String),
    Set(String),
}

/// A noun phrase in a pattern; the last term is its head.
pub type NounPhrase = Vec<Term>;

/// `(PREP NOUN)`: one or more alternative prepositions, optionally a noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepPhrase {
    pub preps: Vec<String>,
    pub noun: Option<NounPhrase>,
    /// The phrase holds the event's target (`(WITH +)` in TABARI notation).
    pub target: bool,
    /// `(IN ^)`: any phrase, and not where the target is ("celebrated Iftar
    /// in Osgiliath with Gondor" under `* IFTAR (IN ^) +` -> Gondor).
    pub skip: bool,
}

/// The code a pattern (or a verb) assigns: source->target, and optionally
/// the reverse direction (`[042:043]` visit / host a visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbCode {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl VerbCode {
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Pattern {
    /// Nouns before the verb (on the subject side).
    pub pre_nouns: Vec<NounPhrase>,
    pub pre_preps: Vec<PrepPhrase>,
    /// Nouns after the verb (objects).
    pub post_nouns: Vec<NounPhrase>,
    pub post_preps: Vec<PrepPhrase>,
    /// `%` in TABARI notation: the pattern needs a compound actor, and the
    /// event is coded between its members, both ways.
    pub reciprocal: bool,
    /// TABARI role markers `+ * ... $`: the verb's subject is the target and
    /// the source follows the verb ("Eriador received money from Osgiliath"
    /// under `+ * MONEY $` is Osgiliath -> Eriador).
    pub swap_roles: bool,
    /// The one verb of the block the pattern belongs to (lower-case lemma),
    /// `None` for all of them. PETRARCH2's CAMEO.2.0 blocks merged TABARI's
    /// per-verb patterns and kept the verb only as a comment (`- * ATTACK
    /// [190] # REPORT`), so PETRARCH applies "* ATTACK" to "say" too; in
    /// dyads' format the pattern says `only report`.
    pub only: Option<String>,
    pub code: VerbCode,
    pub loc: Loc,
}

impl Pattern {
    /// More constraints make a more specific pattern, tried first.
    pub fn specificity(&self) -> usize {
        let np = |n: &NounPhrase| n.len();
        let pp = |p: &PrepPhrase| 1 + p.noun.as_ref().map_or(0, np);
        self.pre_nouns.iter().map(np).sum::<usize>()
            + self.post_nouns.iter().map(np).sum::<usize>()
            + self.pre_preps.iter().map(pp).sum::<usize>()
            + self.post_preps.iter().map(pp).sum::<usize>()
            + self.reciprocal as usize
    }
}

/// A verb of a synonym block, with the block's patterns.
#[derive(Debug, Clone)]
pub struct Verb {
    /// Lower-case lemma ("meet").
    pub lemma: String,
    /// Particle for phrasal verbs ("cordon off" -> "off").
    pub particle: Option<String>,
    /// Irregular inflected forms, lower-case.
    pub forms: Vec<String>,
    pub code: VerbCode,
    /// Index into `Dictionaries::blocks`.
    pub block: usize,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct VerbBlock {
    pub name: String,
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub struct Discard {
    pub words: Vec<String>,
    /// `+` entries discard the whole story, others only the sentence.
    pub whole_story: bool,
    pub loc: Loc,
}

/// A full dictionary set.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub verbs: Vec<Verb>,
    pub blocks: Vec<VerbBlock>,
    /// Synset name (without `&`) -> member phrases (upper-case words).
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    pub discards: Vec<Discard>,
    /// Problems found while loading (kept when the user asked to go on).
    pub warnings: Vec<DictError>,
}

impl Dictionaries {
    /// Consistency problems that are not syntax errors: event codes CAMEO
    /// does not define, verb entries shadowed by a later entry for the same
    /// verb, and patterns of one block that are identical but give
    /// different codes (the later one could never fire).
    pub fn check(&self, ontology: &crate::Ontology) -> Vec<DictError> {
        let mut out = Vec::new();
        let mut code_ok = |c: &VerbCode, loc: &Loc| {
            for code in [&c.forward, &c.reverse].into_iter().flatten() {
                if ontology.event(code).is_err() {
                    out.push(DictError { loc: loc.clone(), reason: format!("unknown CAMEO event code {code:?}") });
                }
            }
        };
        for v in &self.verbs {
            code_ok(&v.code, &v.loc);
        }
        for b in &self.blocks {
            for p in &b.patterns {
                code_ok(&p.code, &p.loc);
            }
        }
        // Two coding entries for one verb (lemma and particle): the coder
        // takes the later, so the earlier never fires, nor do its block's
        // patterns for that verb. (Twice in one block with one code is
        // merely redundant.)
        let mut last: HashMap<(&str, Option<&str>), &Verb> = HashMap::new();
        for v in self.verbs.iter().filter(|v| !v.code.is_null()) {
            if let Some(earlier) = last.insert((&v.lemma, v.particle.as_deref()), v) {
                if earlier.code != v.code || earlier.block != v.block {
                    out.push(DictError { loc: earlier.loc.clone(), reason: format!("verb entry never fires: {} is a later entry for the same verb", v.loc) });
                }
            }
        }
        for b in &self.blocks {
            let mut seen: HashMap<String, &Pattern> = HashMap::new();
            for p in &b.patterns {
                let key = format!("{:?}{:?}{:?}{:?}{}", p.pre_nouns, p.pre_preps, p.post_nouns, p.post_preps, p.reciprocal);
                match seen.get(&key) {
                    Some(first) if first.code != p.code => {
                        out.push(DictError { loc: p.loc.clone(), reason: format!("pattern conflicts with {} (same pattern, different code)", first.loc) })
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, p);
                    }
                }
            }
        }
        out
    }

    /// Lemma or irregular form -> verbs, built on demand by the coder.
    pub fn verb_index(&self) -> HashMap<String, Vec<usize>> {
        let mut idx: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, v) in self.verbs.iter().enumerate() {
            idx.entry(v.lemma.clone()).or_default().push(i);
            for f in &v.forms {
                idx.entry(f.clone()).or_default().push(i);
            }
        }
        for list in idx.values_mut() {
            list.dedup();
        }
        idx
    }
}

/// A dictionary word or a text token as the matchers compare them: upper
/// case, accents dropped. Dictionaries spell names with or without them
/// ("PENA NIETO", "LÓPEZ OBRADOR") and so do news texts ("Schröder",
/// "Schroder"), so both sides are folded alike. Letters with no
/// decomposition (ø, ł, đ) are kept as they are.
pub fn fold_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_uppercase) {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.push(d)
            }
        });
    }
    out
}

/// English regular plural of an upper-case word, as PETRARCH forms it.
pub fn plural(word: &str) -> String {
    if word.ends_with("SS") || word.ends_with("SH") || word.ends_with("CH") || word.ends_with('X') {
        format!("{word}ES")
    } else if word.ends_with('Y') && !word.ends_with("AY") && !word.ends_with("EY") && !word.ends_with("OY") {
        format!("{}IES", &word[..word.len() - 1])
    } else if word.ends_with('S') {
        word.to_string()
    } else {
        format!("{word}S")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_away_in_both_spellings() {
        assert_eq!(fold_upper("Schröder"), "SCHRODER");
        assert_eq!(fold_upper("LÓPEZ OBRADOR"), fold_upper("Lopez Obrador"));
        assert_eq!(fold_upper("Peña Nieto"), "PENA NIETO");
        assert_eq!(fold_upper("Guaidó"), "GUAIDO");
        // No decomposition: kept, still upper-cased.
        assert_eq!(fold_upper("Støre"), "STØRE");
        assert_eq!(fold_upper("СССР"), "СССР");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("MINISTRY"), "MINISTRIES");
        assert_eq!(plural("BOSS"), "BOSSES");
        assert_eq!(plural("TROOP"), "TROOPS");
        assert_eq!(plural("ENVOY"), "ENVOYS");
    }

    #[test]
    fn dated_codes_resolve_at_the_event_date() {
        let a = Actor {
            name: "MOHAMMAD JAVAD ZARIF".into(),
            phrases: vec![],
            codes: vec![DatedCode { code: "IRNGOV".into(), from: Some(20130815), to: None }, DatedCode { code: "IRNELI".into(), from: None, to: None }],
            loc: Loc::default(),
        };
        assert_eq!(a.code_at(20030501).unwrap().code, "IRNELI");
        assert_eq!(a.code_at(20140101).unwrap().code, "IRNGOV");
    }
}
