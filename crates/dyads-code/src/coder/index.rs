//! What `Coder::new` builds from the dictionaries once, so that coding a
//! sentence only looks things up: the actor/agent phrase matcher, the verb
//! index with each block's patterns in matching order, and the discard
//! matcher.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::mentions::MentionKind;
use super::tables::SEP;
use crate::dict::{Dictionaries, NounPhrase, Term};

/// Actor and agent phrases, one Aho-Corasick automaton over all of them.
pub(super) struct MentionIndex {
    pub(super) matcher: Option<AhoCorasick>,
    /// Pattern id -> dictionary entries with that phrase.
    pub(super) entries: Vec<Vec<MentionKind>>,
}

impl MentionIndex {
    pub(super) fn build(dicts: &Dictionaries) -> MentionIndex {
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<MentionKind>> = Vec::new();
        let mut add = |words: &[String], prefix: bool, kind: MentionKind| {
            let p = phrase_pattern(words, prefix);
            let id = *by_pattern.entry(p.clone()).or_insert_with(|| {
                patterns.push(p);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            if !entries[id].contains(&kind) {
                entries[id].push(kind);
            }
        };
        // Dictionaries are layered: an actor phrase defined in a later file
        // replaces the same phrase of earlier files ("OBAMA" in
        // current-actors.txt, with his end of term, over actors.txt's).
        let mut owner: HashMap<String, &str> = HashMap::new();
        for a in &dicts.actors {
            for p in &a.phrases {
                owner.insert(phrase_pattern(&p.words, p.prefix && p.words.last().is_some_and(|w| w.len() >= 4)), &a.loc.file);
            }
        }
        for (i, a) in dicts.actors.iter().enumerate() {
            for p in &a.phrases {
                let prefix = p.prefix && p.words.last().is_some_and(|w| w.len() >= 4);
                if owner.get(&phrase_pattern(&p.words, prefix)).is_some_and(|f| *f == a.loc.file) {
                    add(&p.words, prefix, MentionKind::Actor(i));
                }
            }
        }
        for (i, a) in dicts.agents.iter().enumerate() {
            for p in &a.phrases {
                add(&p.words, false, MentionKind::Agent(i));
            }
        }
        let matcher =
            (!patterns.is_empty()).then(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).expect("dictionary patterns build"));
        MentionIndex { matcher, entries }
    }
}

/// A dictionary phrase as the mention matcher's haystack spells it: each
/// word after a `SEP`, and a closing `SEP` unless the last word is a
/// `prefix` (a stem that may take an ending).
fn phrase_pattern(words: &[String], prefix: bool) -> String {
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
    p
}

/// What a pattern noun's head word needs to be present in a verb's scope.
pub(super) enum HeadWord {
    Any,
    Word(String),
    /// One of the head words in `VerbIndex::head_sets[i]`.
    Set(usize),
}

/// Verb entries by word, and per verb block what pattern matching needs.
pub(super) struct VerbIndex {
    /// Upper-case verb lemma or form -> verb entries (the tokens' upper-case
    /// forms are at hand, so a lookup allocates nothing).
    pub(super) by_word: foldhash::HashMap<String, Vec<usize>>,
    /// Each verb entry's lemma, upper-case.
    pub(super) lemmas: Vec<String>,
    /// Per verb block, pattern indices from most to least specific.
    pub(super) pattern_order: Vec<Vec<usize>>,
    /// Per verb block and pattern: what its nouns' head words need to find
    /// in the verb's scope (the cheap test run before matching a pattern).
    pub(super) pattern_heads: Vec<Vec<Vec<HeadWord>>>,
    /// Possible head words of a synset's members, for `HeadWord::Set`.
    pub(super) head_sets: Vec<foldhash::HashSet<String>>,
}

impl VerbIndex {
    pub(super) fn build(dicts: &Dictionaries) -> VerbIndex {
        let mut by_word: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        for (k, ids) in dicts.verb_index() {
            by_word.entry(crate::dict::fold_upper(&k)).or_default().extend(ids);
        }
        let lemmas = dicts.verbs.iter().map(|v| crate::dict::fold_upper(&v.lemma)).collect();
        let pattern_order = dicts
            .blocks
            .iter()
            .map(|b| {
                let mut idx: Vec<usize> = (0..b.patterns.len()).collect();
                idx.sort_by_key(|&i| std::cmp::Reverse(b.patterns[i].specificity()));
                idx
            })
            .collect();
        let (pattern_heads, head_sets) = pattern_heads(dicts);
        VerbIndex { by_word, lemmas, pattern_order, pattern_heads, head_sets }
    }
}

/// Per block and pattern, the head word each of its noun phrases needs,
/// with the head-word sets of the synsets they name.
fn pattern_heads(dicts: &Dictionaries) -> (Vec<Vec<Vec<HeadWord>>>, Vec<foldhash::HashSet<String>>) {
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
    let heads =
        dicts.blocks.iter().map(|b| b.patterns.iter().map(|p| p.post_nouns.iter().chain(&p.pre_nouns).map(&mut head_word).collect()).collect()).collect();
    (heads, head_sets)
}

/// Discard phrases as " W1 W2 " over space-joined upper-case tokens.
pub(super) struct DiscardIndex {
    pub(super) matcher: Option<AhoCorasick>,
    /// Per pattern: whether it discards the whole story.
    pub(super) whole_story: Vec<bool>,
}

impl DiscardIndex {
    pub(super) fn build(dicts: &Dictionaries) -> DiscardIndex {
        let patterns: Vec<String> = dicts.discards.iter().map(|d| format!(" {} ", d.words.join(" "))).collect();
        let whole_story = dicts.discards.iter().map(|d| d.whole_story).collect();
        let matcher = (!patterns.is_empty()).then(|| AhoCorasick::new(&patterns).expect("discard patterns build"));
        DiscardIndex { matcher, whole_story }
    }
}
