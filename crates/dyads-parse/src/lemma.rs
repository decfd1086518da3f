//! Lemmatizer: an exception table from the treebank, then WordNet's
//! irregular forms, then suffix-rewrite rules learned per XPOS ("-ies" ->
//! "-y" for NNS) checked against WordNet's lemma index, then the form itself.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::binio::{CorruptModel, Reader, Writer};
use crate::wordnet::{Pos, WordNet};

/// Rewrite: drop `strip` chars from the end, append `add`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Rule {
    strip: u8,
    add: String,
}

impl Rule {
    fn learn(form: &str, lemma: &str) -> Option<Rule> {
        let f: Vec<char> = form.chars().collect();
        let l: Vec<char> = lemma.chars().collect();
        let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
        let strip = f.len() - common;
        (strip <= 255).then(|| Rule { strip: strip as u8, add: l[common..].iter().collect() })
    }

    fn apply(&self, form: &str) -> Option<String> {
        let n = form.chars().count();
        if self.strip as usize >= n {
            return None;
        }
        let keep: String = form.chars().take(n - self.strip as usize).collect();
        Some(keep + &self.add)
    }
}

#[derive(Default)]
pub struct Lemmatizer {
    /// (lower-cased form, XPOS) -> lemma, for forms whose lemma the rules miss.
    exceptions: HashMap<(String, String), String>,
    /// (XPOS, lower-cased suffix of 1..=4 chars) -> rule; longest suffix wins.
    rules: HashMap<(String, String), Rule>,
}

const MAX_SUFFIX: usize = 4;

fn suffixes(s: &str) -> impl Iterator<Item = &str> {
    let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    (1..=MAX_SUFFIX.min(idx.len())).rev().map(move |k| &s[idx[idx.len() - k]..])
}

/// A plural proper noun's lemma is its singular, case kept ("Americans" ->
/// "American", "States" -> "State"), as UD treebanks lemmatize them.
fn singular_proper(form: &str) -> String {
    if let Some(stem) = form.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    match form.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'S']) && !stem.is_empty() => stem.to_string(),
        _ => form.to_string(),
    }
}

fn keeps_case(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

impl Lemmatizer {
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if xpos == "NNPS" {
            return singular_proper(form);
        }
        // Dates, codes and numbers ("01-Feb-02", "EB3326") are their own
        // lemma: suffix rules learned on words only mangle them.
        if keeps_case(xpos) || (xpos != "NNS" && form.bytes().any(|b| b.is_ascii_digit())) {
            return form.to_string();
        }
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), xpos.to_string())) {
            // A treebank's one-off annotation error ("freed" -> "fre") is
            // learned as an exception too: a verb lemma WordNet does not
            // know gives way to WordNet's analysis of the form.
            if let Some(pos) = Pos::of_inflected_xpos(xpos).filter(|&p| p == Pos::Verb) {
                let wn = WordNet::get();
                if !wn.is_lemma(pos, l) {
                    if let Some(w) = wn.lemma(pos, &lower) {
                        return w;
                    }
                }
            }
            return l.clone();
        }
        let learned = self.learned(&lower, xpos);
        let Some(pos) = Pos::of_inflected_xpos(xpos) else { return learned.unwrap_or(lower) };
        // The treebank's rules know its conventions; WordNet knows the
        // words. A rule's output that WordNet does not know as a lemma
        // ("blam" from "blamed") gives way to WordNet's own analysis.
        let wn = WordNet::get();
        match (learned, wn.lemma(pos, &lower)) {
            (_, Some(w)) if pos == Pos::Verb => w,
            (Some(l), _) if wn.is_lemma(pos, &l) => l,
            (learned, w) => w.or(learned).unwrap_or(lower),
        }
    }

    /// The longest-suffix rule learned from the treebank.
    fn learned(&self, lower: &str, xpos: &str) -> Option<String> {
        suffixes(lower).find_map(|suf| self.rules.get(&(xpos.to_string(), suf.to_string())).and_then(|r| r.apply(lower)))
    }

    /// Learns from (form, xpos, lemma) triples.
    pub fn train<'a>(data: impl Iterator<Item = (&'a str, &'a str, &'a str)> + Clone) -> Lemmatizer {
        let mut counts: HashMap<(String, String), HashMap<Rule, usize>> = HashMap::new();
        for (form, xpos, lemma) in data.clone() {
            if keeps_case(xpos) || lemma.is_empty() {
                continue;
            }
            let lower = form.to_lowercase();
            let Some(rule) = Rule::learn(&lower, lemma) else { continue };
            for suf in suffixes(&lower) {
                *counts.entry((xpos.to_string(), suf.to_string())).or_default().entry(rule.clone()).or_default() += 1;
            }
        }
        let rules = counts
            .into_iter()
            .filter_map(|(k, m)| {
                let total: usize = m.values().sum();
                let (r, c) = m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.add.cmp(&a.0.add)))?;
                (c * 2 > total).then_some((k, r))
            })
            .collect();
        let mut lem = Lemmatizer { exceptions: HashMap::new(), rules };
        for (form, xpos, lemma) in data {
            if keeps_case(xpos) || lemma.is_empty() {
                continue;
            }
            if lem.lemma(form, xpos) != lemma {
                lem.exceptions.insert((form.to_lowercase(), xpos.to_string()), lemma.to_string());
            }
        }
        lem
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        let mut ex: Vec<_> = self.exceptions.iter().collect();
        ex.sort();
        w.u32(ex.len() as u32)?;
        for ((f, x), l) in ex {
            w.str(f)?;
            w.str(x)?;
            w.str(l)?;
        }
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort_by(|a, b| a.0.cmp(b.0));
        w.u32(rules.len() as u32)?;
        for ((x, s), r) in rules {
            w.str(x)?;
            w.str(s)?;
            w.u8(r.strip)?;
            w.str(&r.add)?;
        }
        Ok(())
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Lemmatizer, CorruptModel> {
        let n = r.len(12, "lemma exceptions")?;
        let mut exceptions = HashMap::with_capacity(n);
        for _ in 0..n {
            let (f, x, l) = (r.str("form")?, r.str("xpos")?, r.str("lemma")?);
            exceptions.insert((f, x), l);
        }
        let n = r.len(13, "lemma rules")?;
        let mut rules = HashMap::with_capacity(n);
        for _ in 0..n {
            let (x, s) = (r.str("xpos")?, r.str("suffix")?);
            let strip = r.u8("strip")?;
            rules.insert((x, s), Rule { strip, add: r.str("add")? });
        }
        Ok(Lemmatizer { exceptions, rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_rules_and_exceptions() {
        let data = [
            ("talks", "NNS", "talk"),
            ("states", "NNS", "state"),
            ("forces", "NNS", "force"),
            ("envoys", "NNS", "envoy"),
            ("parties", "NNS", "party"),
            ("armies", "NNS", "army"),
            ("met", "VBD", "meet"),
            ("accused", "VBD", "accuse"),
            ("wanted", "VBD", "want"),
            ("Iran", "NNP", "Iran"),
        ];
        let lem = Lemmatizer::train(data.iter().map(|&(a, b, c)| (a, b, c)));
        for (f, x, l) in data {
            assert_eq!(lem.lemma(f, x), l, "{f}");
        }
        assert_eq!(lem.lemma("militias", "NNS"), "militia");
        assert_eq!(lem.lemma("Zarif", "NNP"), "Zarif");
        assert_eq!(lem.lemma("Americans", "NNPS"), "American");
        assert_eq!(lem.lemma("Philippines", "NNPS"), "Philippine");
        assert_eq!(lem.lemma("01-Feb-02", "NN"), "01-Feb-02");
        // WordNet repairs what a learned rule gets wrong on an unseen verb.
        assert_eq!(lem.lemma("blamed", "VBD"), "blame");
        // And a treebank's slip learned as an exception.
        let slip = Lemmatizer::train([("freed", "VBN", "fre")].into_iter());
        assert_eq!(slip.lemma("freed", "VBN"), "free");
    }
}
