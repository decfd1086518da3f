//! The document model shared by every stage of the pipeline.
//!
//! A [`Doc`] owns the original text and parallel token arrays (structure of
//! arrays, spaCy-style). Stages annotate it in place: the tokenizer fills
//! offsets and sentences, the tagger fills `upos`/`xpos`/`feats`/`lemma`,
//! the parser fills `head`/`deprel`. Downstream code (the event coder) reads only a `Doc`,
//! so a parse from another tool read through CoNLL-U is as good as ours.
//!
//! Invariant: for every token `i`, `doc.text[doc.start[i]..doc.end[i]]` is the
//! token's surface form (for the words of a CoNLL-U multiword token whose
//! parts are not substrings of it, the whole multiword span).

use std::fmt;
use std::ops::Range;

/// Universal POS tags (UD v2). `X` also stands for tags we do not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a UPOS tag; anything unknown (including `_`) is `None`.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One sentence: a contiguous run of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Token indices `[start, end)` into the document's token arrays.
    pub tokens: Range<usize>,
    /// Identifier carried over from CoNLL-U `# sent_id`, if any.
    pub id: Option<String>,
}

/// A document: original text plus token-level annotation arrays.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub id: String,
    pub text: String,
    /// Byte offset of each token's first byte in `text`.
    pub start: Vec<u32>,
    /// Byte offset one past each token's last byte in `text`.
    pub end: Vec<u32>,
    pub upos: Vec<Upos>,
    pub xpos: Vec<String>,
    /// UD morphological features, `Name=Value` pairs joined by `|` in
    /// name order (`Mood=Ind|Tense=Past|VerbForm=Fin`); empty when none
    /// (CoNLL-U's `_`). Read them with [`Doc::feat`].
    pub feats: Vec<String>,
    pub lemma: Vec<String>,
    /// Head of each token as a document-wide token index; `None` is the root
    /// (or not parsed yet).
    pub head: Vec<Option<u32>>,
    pub deprel: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Datelines, credits and the like found by the tokenizer: each is a
    /// sentence of its own, and none of its words is an actor.
    pub front_matter: Vec<crate::FrontMatter>,
}

impl Doc {
    /// An unannotated document over `text`.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Doc {
        Doc { id: id.into(), text: text.into(), ..Doc::default() }
    }

    pub fn len(&self) -> usize {
        self.start.len()
    }

    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// Surface form of token `i`.
    pub fn form(&self, i: usize) -> &str {
        &self.text[self.start[i] as usize..self.end[i] as usize]
    }

    /// Byte span of token `i`.
    pub fn span(&self, i: usize) -> Range<usize> {
        self.start[i] as usize..self.end[i] as usize
    }

    /// Byte span of a sentence, from its first token's start to its last's end.
    pub fn sentence_span(&self, s: &Sentence) -> Range<usize> {
        if s.tokens.is_empty() {
            return 0..0;
        }
        self.start[s.tokens.start] as usize..self.end[s.tokens.end - 1] as usize
    }

    /// The value of feature `name` of token `i` (`doc.feat(i, "VerbForm")`
    /// is `Some("Fin")`), `None` when the token does not have it.
    pub fn feat(&self, i: usize, name: &str) -> Option<&str> {
        self.feats[i].split('|').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
    }

    /// The dependents of every token, in token order: `children()[h]` lists
    /// the tokens whose head is `h`. `head` only points up the tree, and the
    /// coder walks it down (arguments of a verb, a noun's modifiers) many
    /// times a sentence, so callers compute this once per document and keep
    /// it rather than scanning `head` for each question.
    pub fn children(&self) -> Vec<Vec<usize>> {
        let mut ch = vec![Vec::new(); self.len()];
        for i in 0..self.len() {
            if let Some(h) = self.head[i] {
                ch[h as usize].push(i);
            }
        }
        ch
    }

    /// The head of the token span `[start, end)` (a mention, a toponym):
    /// the last token whose head lies outside the span, or is the root. A
    /// phrase from a dictionary match need not be a subtree; when every
    /// token's head is inside (a cycle in a malformed parse), the last token
    /// stands for it, as in English the head of a noun phrase mostly ends it.
    /// `start < end` is required.
    pub fn span_head(&self, start: usize, end: usize) -> usize {
        (start..end).rev().find(|&i| self.head[i].is_none_or(|h| (h as usize) < start || h as usize >= end)).unwrap_or(end - 1)
    }

    /// Token `n` and its descendants, breadth first, from `children` (this
    /// document's [`children`](Doc::children), computed once by the
    /// caller). Growth stops once about 200 tokens are collected (the last
    /// token's children are all added, so a few more may come): a runaway
    /// parse of a huge "sentence" cannot make one phrase cost the whole
    /// document, and a cycle cannot loop.
    pub fn subtree(&self, children: &[Vec<usize>], n: usize) -> Vec<usize> {
        debug_assert_eq!(children.len(), self.len());
        let mut out = vec![n];
        let mut i = 0;
        while i < out.len() && out.len() < 200 {
            out.extend(children[out[i]].iter().copied());
            i += 1;
        }
        out
    }

    /// First and one-past-last token of `n`'s subtree among the tokens of
    /// `range` (usually `n`'s sentence): the token range a phrase headed by
    /// `n` covers, without building the children lists. A token belongs if
    /// `n` is on its head chain within 20 steps, so a malformed tree cannot
    /// loop (deeper descendants are left out). Always covers `n` itself.
    pub fn subtree_span(&self, range: Range<usize>, n: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (n, n);
        for i in range {
            let mut h = i;
            for _ in 0..20 {
                if h == n {
                    lo = lo.min(i);
                    hi = hi.max(i);
                    break;
                }
                match self.head[h] {
                    Some(p) => h = p as usize,
                    None => break,
                }
            }
        }
        (lo, hi + 1)
    }

    /// Appends a token with empty annotation and returns its index.
    pub fn push_token(&mut self, start: usize, end: usize) -> usize {
        debug_assert!(start <= end && end <= self.text.len());
        debug_assert!(self.text.is_char_boundary(start) && self.text.is_char_boundary(end));
        self.start.push(start as u32);
        self.end.push(end as u32);
        self.upos.push(Upos::X);
        self.xpos.push(String::new());
        self.feats.push(String::new());
        self.lemma.push(String::new());
        self.head.push(None);
        self.deprel.push(String::new());
        self.len() - 1
    }

    /// Whether the tagger/parser (or a CoNLL-U file) has filled in heads.
    pub fn is_parsed(&self) -> bool {
        self.deprel.iter().any(|d| !d.is_empty())
    }

    /// Checks the structural invariants; used by tests and after reading
    /// external data. Returns a description of the first violation.
    pub fn check(&self) -> Result<(), String> {
        let n = self.len();
        for (name, len) in [
            ("end", self.end.len()),
            ("upos", self.upos.len()),
            ("xpos", self.xpos.len()),
            ("feats", self.feats.len()),
            ("lemma", self.lemma.len()),
            ("head", self.head.len()),
            ("deprel", self.deprel.len()),
        ] {
            if len != n {
                return Err(format!("array {name} has {len} entries, expected {n}"));
            }
        }
        for i in 0..n {
            let (s, e) = (self.start[i] as usize, self.end[i] as usize);
            if s > e || e > self.text.len() || !self.text.is_char_boundary(s) || !self.text.is_char_boundary(e) {
                return Err(format!("token {i} has invalid span {s}..{e}"));
            }
            if let Some(h) = self.head[i] {
                if h as usize >= n {
                    return Err(format!("token {i} has head {h} outside the document"));
                }
            }
        }
        let mut next = 0;
        for (k, s) in self.sentences.iter().enumerate() {
            if s.tokens.start != next || s.tokens.end < s.tokens.start {
                return Err(format!("sentence {k} does not continue at token {next}"));
            }
            next = s.tokens.end;
        }
        if next != n {
            return Err(format!("sentences cover {next} of {n} tokens"));
        }
        Ok(())
    }

    /// [`check`](Doc::check) plus what a tokenizer must guarantee of the
    /// text it split: no empty or all-space token, and each token's form is
    /// its own slice of the text (the round trip a fuzzer checks).
    pub fn check_tokens(&self) -> Result<(), String> {
        self.check()?;
        for i in 0..self.len() {
            if self.form(i).trim().is_empty() {
                return Err(format!("token {i} is empty or blank"));
            }
        }
        Ok(())
    }

    /// The parse is a tree per sentence: heads stay inside their sentence,
    /// exactly one root in each non-empty sentence, no cycles.
    pub fn check_tree(&self) -> Result<(), String> {
        for (k, s) in self.sentences.iter().enumerate() {
            let roots = s.tokens.clone().filter(|&i| self.head[i].is_none()).count();
            if !s.tokens.is_empty() && roots != 1 {
                return Err(format!("sentence {k} has {roots} roots"));
            }
            for i in s.tokens.clone() {
                let mut h = i;
                for _ in 0..=s.tokens.len() {
                    match self.head[h] {
                        Some(p) if s.tokens.contains(&(p as usize)) => h = p as usize,
                        Some(p) => return Err(format!("token {i} of sentence {k} has head {p} outside it")),
                        None => break,
                    }
                }
                if self.head[h].is_some() {
                    return Err(format!("token {i} of sentence {k} is on a cycle"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-sentence document of space-separated `words` with `heads`
    /// (1-based as in CoNLL-U, 0 for the root).
    fn tree(words: &[&str], heads: &[usize]) -> Doc {
        let mut d = Doc::new("t", words.join(" "));
        let mut at = 0;
        for (w, &h) in words.iter().zip(heads) {
            let i = d.push_token(at, at + w.len());
            d.head[i] = h.checked_sub(1).map(|h| h as u32);
            at += w.len() + 1;
        }
        d.sentences.push(Sentence { tokens: 0..d.len(), id: None });
        d
    }

    // The(0) talks(1) in(2) Geneva(3) ended(4) .(5)
    fn talks() -> Doc {
        tree(&["The", "talks", "in", "Geneva", "ended", "."], &[2, 5, 4, 2, 0, 5])
    }

    #[test]
    fn children_list_dependents_in_token_order() {
        let d = talks();
        assert_eq!(d.children(), vec![vec![], vec![0, 3], vec![], vec![2], vec![1, 5], vec![]]);
        assert!(Doc::new("e", "").children().is_empty());
    }

    #[test]
    fn span_head_is_the_last_token_whose_head_is_outside() {
        let d = talks();
        assert_eq!(d.span_head(0, 4), 1); // "The talks in Geneva"
        assert_eq!(d.span_head(2, 4), 3); // "in Geneva"
        assert_eq!(d.span_head(0, 6), 4); // the root
        assert_eq!(d.span_head(3, 4), 3);
        // "talks in" is no subtree: both heads are outside, the last wins.
        assert_eq!(d.span_head(1, 3), 2);
        // A cycle: no head leaves the span, so the last token stands for it.
        let cyc = tree(&["a", "b"], &[2, 1]);
        assert_eq!(cyc.span_head(0, 2), 1);
    }

    #[test]
    fn subtree_is_breadth_first_and_capped() {
        let d = talks();
        let ch = d.children();
        assert_eq!(d.subtree(&ch, 4), vec![4, 1, 5, 0, 3, 2]);
        assert_eq!(d.subtree(&ch, 1), vec![1, 0, 3, 2]);
        assert_eq!(d.subtree(&ch, 0), vec![0]);
        // A flat "sentence" of 300 tokens under one root: the root's
        // children all come in, then growth stops.
        let words = vec!["x"; 301];
        let heads: Vec<usize> = (0..301).map(|i| if i == 0 { 0 } else { 1 }).collect();
        let flat = tree(&words, &heads);
        assert_eq!(flat.subtree(&flat.children(), 0).len(), 301);
        // A chain of 300: 200 tokens, then no more.
        let heads: Vec<usize> = (0..301).collect();
        let chain = tree(&words, &heads);
        assert_eq!(chain.subtree(&chain.children(), 0), (0..200).collect::<Vec<_>>());
        // A cycle does not loop.
        let cyc = tree(&["a", "b"], &[2, 1]);
        assert_eq!(cyc.subtree(&cyc.children(), 0).len(), 200);
    }

    #[test]
    fn subtree_span_covers_the_descendants_within_the_range() {
        let d = talks();
        assert_eq!(d.subtree_span(0..6, 1), (0, 4));
        assert_eq!(d.subtree_span(0..6, 2), (2, 3));
        assert_eq!(d.subtree_span(0..6, 4), (0, 6));
        // Only tokens of the range count, but `n` itself always does.
        assert_eq!(d.subtree_span(2..6, 1), (1, 4));
        assert_eq!(d.subtree_span(4..6, 1), (1, 2));
        // Head chains are followed 20 steps: in a chain of 30 (token k
        // heads token k+1), token 29's span reaches back to token 9.
        let words = vec!["x"; 30];
        let heads: Vec<usize> = (0..30).map(|i| if i == 29 { 0 } else { i + 2 }).collect();
        let chain = tree(&words, &heads);
        assert_eq!(chain.subtree_span(0..30, 29), (10, 30));
        // A cycle does not loop.
        let cyc = tree(&["a", "b", "c"], &[2, 1, 0]);
        assert_eq!(cyc.subtree_span(0..3, 2), (2, 3));
        assert_eq!(cyc.subtree_span(0..3, 0), (0, 2));
    }
}
