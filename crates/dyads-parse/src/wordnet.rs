//! WordNet's lemmatizer tables (irregular forms, detachment rules and the
//! lemma index per part of speech), embedded from
//! `data/lexicon/wordnet-lemmas.tsv`. They catch what suffix rules learned
//! from a treebank get wrong on words the treebank never had ("blamed" ->
//! "blam", "ridiculed" -> "ridicul"): a rule's output that is no English
//! lemma gives way to one that is.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// WordNet's four open classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    /// The class of an inflected Penn tag; base forms (NN, VB, VBP, JJ, RB)
    /// have nothing to detach and get `None`.
    pub fn of_inflected_xpos(xpos: &str) -> Option<Pos> {
        match xpos {
            "NNS" => Some(Pos::Noun),
            "VBD" | "VBN" | "VBG" | "VBZ" => Some(Pos::Verb),
            "JJR" | "JJS" => Some(Pos::Adj),
            "RBR" | "RBS" => Some(Pos::Adv),
            _ => None,
        }
    }

    fn parse(s: &str) -> Option<Pos> {
        match s {
            "noun" => Some(Pos::Noun),
            "verb" => Some(Pos::Verb),
            "adj" => Some(Pos::Adj),
            "adv" => Some(Pos::Adv),
            _ => None,
        }
    }
}

#[derive(Default)]
pub struct WordNet {
    irregular: HashMap<(Pos, &'static str), &'static str>,
    lemmas: HashSet<(Pos, &'static str)>,
    rules: Vec<(Pos, &'static str, &'static str)>,
}

const TABLE: &str = include_str!("../../../data/lexicon/wordnet-lemmas.tsv");

impl WordNet {
    /// The embedded tables, read once per process.
    pub fn get() -> &'static WordNet {
        static WN: OnceLock<WordNet> = OnceLock::new();
        WN.get_or_init(|| WordNet::read(TABLE))
    }

    fn read(text: &'static str) -> WordNet {
        let mut wn = WordNet::default();
        let dash = |s: &'static str| if s == "-" { "" } else { s };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = line.split('\t').collect();
            let Some(pos) = f.get(1).and_then(|p| Pos::parse(p)) else { continue };
            match (f[0], f.len()) {
                ("exc", 4) => {
                    wn.irregular.insert((pos, f[2]), f[3]);
                }
                ("lemma", 3) => {
                    wn.lemmas.insert((pos, f[2]));
                }
                ("rule", 4) => wn.rules.push((pos, dash(f[2]), dash(f[3]))),
                _ => {}
            }
        }
        wn
    }

    /// The irregular forms WordNet lists for `lemma` ("kidnap" ->
    /// "kidnapped", "kidnapping"), in no set order: for generating text.
    pub fn forms_of(&self, pos: Pos, lemma: &str) -> std::vec::IntoIter<&'static str> {
        let mut forms: Vec<&'static str> = self.irregular.iter().filter(|((p, _), l)| *p == pos && **l == lemma).map(|((_, f), _)| *f).collect();
        forms.sort_unstable();
        forms.into_iter()
    }

    /// Is `lower` only an irregular verb form ("overran", "forgave"), not
    /// also a noun or adjective ("bound", "tore")?
    pub fn only_irregular_verb(&self, lower: &str) -> bool {
        self.irregular.contains_key(&(Pos::Verb, lower)) && !self.is_lemma(Pos::Noun, lower) && !self.is_lemma(Pos::Adj, lower)
    }

    /// Is `word` (lower case) a lemma of this class?
    pub fn is_lemma(&self, pos: Pos, word: &str) -> bool {
        self.lemmas.contains(&(pos, word))
    }

    /// The lemma WordNet gives a lower-cased inflected form: its irregular
    /// form, else the first rule whose output is in the index.
    pub fn lemma(&self, pos: Pos, lower: &str) -> Option<String> {
        if let Some(l) = self.irregular.get(&(pos, lower)) {
            return Some(l.to_string());
        }
        self.rules.iter().filter(|r| r.0 == pos).find_map(|&(_, suffix, repl)| {
            let stem = lower.strip_suffix(suffix)?;
            let cand = format!("{stem}{repl}");
            (!stem.is_empty() && self.is_lemma(pos, &cand)).then_some(cand)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irregular_forms_rules_and_the_index() {
        let wn = WordNet::get();
        assert_eq!(wn.lemma(Pos::Verb, "blamed").as_deref(), Some("blame"));
        assert_eq!(wn.lemma(Pos::Verb, "ridiculed").as_deref(), Some("ridicule"));
        assert_eq!(wn.lemma(Pos::Verb, "kidnapped").as_deref(), Some("kidnap"));
        assert_eq!(wn.lemma(Pos::Verb, "fought").as_deref(), Some("fight"));
        assert_eq!(wn.lemma(Pos::Noun, "militias").as_deref(), Some("militia"));
        assert_eq!(wn.lemma(Pos::Noun, "xqzzs"), None);
        assert!(wn.is_lemma(Pos::Verb, "attack") && !wn.is_lemma(Pos::Verb, "blam"));
    }
}
