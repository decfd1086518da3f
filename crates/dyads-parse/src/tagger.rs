//! Greedy left-to-right averaged-perceptron tagger predicting UPOS and XPOS
//! jointly (one class per (UPOS, XPOS) pair seen in training), with a tag
//! dictionary that fixes frequent unambiguous words without scoring.

use std::io::{self, Write};

use dyads_text::{Doc, Upos};

use crate::binio::{CorruptModel, Reader, Writer};
use crate::clusters::{WordClass, WordClusters};
use crate::hash::{feat, hash_str, mix};
use crate::perceptron::{argmax, KeyMap, TrainWeights, Weights};

/// Per-token values computed once per sentence and shared by all templates.
#[derive(Clone, Copy, Default)]
pub struct WordInfo {
    pub form: u64,
    pub norm: u64,
    pub shape: u64,
    pub suffix: [u64; 4],
    pub prefix: [u64; 3],
    pub flags: u64,
    /// Three or more letters and nothing else: a word that, unseen in
    /// training, cannot be of a closed class (see `tag_words`).
    pub word: bool,
    /// A lower-case irregular verb form WordNet knows and nothing else:
    /// unseen in training, it is a verb ("Russia overran Ukraine").
    pub irregular_verb: bool,
    /// Cluster and probability bucket, when the model has word clusters.
    pub class: Option<WordClass>,
}

const START: u64 = 0x53_54_41_52_54; // "START" in ASCII
const END: u64 = 0x45_4e_44; // "END"

/// Lowercase, with digits folded to `0` so numbers share statistics.
pub fn normalize(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    for c in form.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn shape(form: &str) -> String {
    let mut out = String::new();
    let (mut last, mut run) = ('\0', 0);
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 2 {
            out.push(k);
        }
    }
    out
}

pub fn word_info(form: &str, first_in_sentence: bool, clusters: Option<&WordClusters>) -> WordInfo {
    let norm = normalize(form);
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let mut suffix = [0u64; 4];
    let mut prefix = [0u64; 3];
    for k in 1..=4 {
        let cut = if chars.len() >= k { chars[chars.len() - k].0 } else { 0 };
        suffix[k - 1] = hash_str(&norm[cut..]);
    }
    for k in 1..=3 {
        let cut = if chars.len() > k { chars[k].0 } else { norm.len() };
        prefix[k - 1] = hash_str(&norm[..cut]);
    }
    let upper = form.chars().next().is_some_and(|c| c.is_uppercase());
    let all_upper = upper && form.chars().all(|c| !c.is_lowercase());
    let flags = (upper as u64)
        | (all_upper as u64) << 1
        | (form.contains('-') as u64) << 2
        | (form.chars().any(|c| c.is_ascii_digit()) as u64) << 3
        | (first_in_sentence as u64) << 4;
    let word = form.chars().count() >= 3 && form.chars().all(char::is_alphabetic);
    let irregular_verb = word && !upper && crate::wordnet::WordNet::get().only_irregular_verb(form);
    let class = clusters.map(|c| c.get(form));
    WordInfo { form: hash_str(form), norm: hash_str(&norm), shape: hash_str(&shape(form)), suffix, prefix, flags, word, irregular_verb, class }
}

/// Class inventory: the (UPOS, XPOS) pairs of the training data.
#[derive(Clone, Debug, Default)]
pub struct TagSet {
    pub tags: Vec<(Upos, String)>,
}

impl TagSet {
    pub fn id(&self, upos: Upos, xpos: &str) -> Option<usize> {
        self.tags.iter().position(|(u, x)| *u == upos && x == xpos)
    }

    /// The value the parser sees for a tag: the class id, with the UPOS in
    /// bits 16.. so parser features can back off to the coarse tag.
    pub fn parser_pos(&self, class: u16) -> u64 {
        class as u64 | (self.tags[class as usize].0 as u64) << 16
    }

    /// Best class for an externally tagged token: exact pair, else the first
    /// class with the same XPOS, else the same UPOS.
    pub fn closest(&self, upos: Upos, xpos: &str) -> usize {
        self.id(upos, xpos)
            .or_else(|| self.tags.iter().position(|(_, x)| x == xpos && !xpos.is_empty()))
            .or_else(|| self.tags.iter().position(|(u, _)| *u == upos))
            .unwrap_or(0)
    }
}

pub struct Tagger {
    pub tagset: TagSet,
    weights: Weights,
    /// Cased form hash -> class, for frequent words seen with one tag.
    tagdict: KeyMap<u16>,
    /// Normalized form hash -> hash of the word's set of frequent classes.
    ambiguity: KeyMap<u64>,
}

fn ambiguity_of(amb: &KeyMap<u64>, w: &WordInfo) -> u64 {
    amb.get(&w.norm).copied().unwrap_or(0x4e4f_4e45)
}

/// Share of capitalized words in a sentence, in three buckets: headlines
/// capitalize most words, and PROPN vs NOUN depends on it.
fn caps_bucket(words: &[WordInfo]) -> u64 {
    let caps = words.iter().filter(|x| x.flags & 1 != 0).count() * 10 / words.len().max(1);
    (caps as u64).min(9) / 3
}

/// Feature extraction for position `i`, given the two previous predictions.
fn features(words: &[WordInfo], amb: &KeyMap<u64>, caps: u64, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let w = &words[i];
    let at = |k: isize| -> Option<&WordInfo> {
        let j = i as isize + k;
        (j >= 0 && (j as usize) < words.len()).then(|| &words[j as usize])
    };
    let norm_at = |k: isize| at(k).map_or(if k < 0 { START } else { END }, |x| x.norm);
    let (wm1, wm2, wp1, wp2) = (norm_at(-1), norm_at(-2), norm_at(1), norm_at(2));
    out.push(feat(0, &[]));
    out.push(feat(1, &[w.norm]));
    out.push(feat(2, &[w.form]));
    for (k, s) in w.suffix.iter().enumerate() {
        out.push(feat(3 + k as u64, &[*s]));
    }
    for (k, s) in w.prefix.iter().enumerate() {
        out.push(feat(7 + k as u64, &[*s]));
    }
    out.push(feat(10, &[w.shape]));
    out.push(feat(11, &[w.flags]));
    out.push(feat(12, &[wm1]));
    out.push(feat(13, &[wm2]));
    out.push(feat(14, &[wp1]));
    out.push(feat(15, &[wp2]));
    out.push(feat(16, &[at(-1).map_or(START, |x| x.suffix[2])]));
    out.push(feat(17, &[at(1).map_or(END, |x| x.suffix[2])]));
    out.push(feat(18, &[p1]));
    out.push(feat(19, &[p2, p1]));
    out.push(feat(20, &[p1, w.norm]));
    out.push(feat(21, &[wm1, w.norm]));
    out.push(feat(22, &[w.norm, wp1]));
    let a0 = ambiguity_of(amb, w);
    let a1 = at(1).map_or(END, |x| ambiguity_of(amb, x));
    let a2 = at(2).map_or(END, |x| ambiguity_of(amb, x));
    out.push(feat(23, &[a0]));
    out.push(feat(24, &[a1]));
    out.push(feat(25, &[a0, a1]));
    out.push(feat(26, &[p1, a1]));
    out.push(feat(27, &[a1, a2]));
    out.push(feat(28, &[at(1).map_or(END, |x| x.shape)]));
    out.push(feat(29, &[p1, w.suffix[2]]));
    out.push(feat(30, &[wp1, wp2]));
    out.push(feat(31, &[w.flags, w.suffix[1]]));
    out.push(feat(32, &[p1, a0, a1]));
    out.push(feat(33, &[at(1).map_or(END, |x| x.flags)]));
    out.push(feat(34, &[at(-1).map_or(START, |x| x.flags), w.flags]));
    out.push(feat(35, &[wm1, wp1]));
    out.push(feat(36, &[p1, wp1]));
    out.push(feat(37, &[at(1).map_or(END, |x| x.suffix[1])]));
    out.push(feat(38, &[at(1).map_or(END, |x| x.suffix[3])]));
    out.push(feat(39, &[at(-1).map_or(START, |x| x.shape), w.shape]));
    out.push(feat(40, &[caps, w.flags & 3]));
    out.push(feat(41, &[caps, w.norm]));
    out.push(feat(42, &[caps, p1, w.flags & 3]));
    if let Some(c) = w.class {
        cluster_features(words, i, c, p1, out);
    }
}

/// Owoputi et al. (2013)'s cluster templates: prefixes of 4, 6, 10, 14 and
/// all (20) bits of the word's cluster path, coarse and full clusters of its
/// neighbours, and the word's probability bucket (rare words are the
/// unknown-word errors: PROPN or NOUN, ADJ or VERB).
fn cluster_features(words: &[WordInfo], i: usize, c: WordClass, p1: u64, out: &mut Vec<u64>) {
    // Past either end of the sentence: the START/END values of the other
    // neighbour templates.
    let near = |k: isize, value: fn(WordClass) -> u64| -> u64 {
        let j = i as isize + k;
        if j >= 0 && (j as usize) < words.len() {
            value(words[j as usize].class.unwrap_or(WordClass::UNKNOWN))
        } else if k < 0 {
            START
        } else {
            END
        }
    };
    let w = &words[i];
    for (k, bits) in [4, 6, 10, 14, 20].into_iter().enumerate() {
        out.push(feat(43 + k as u64, &[c.prefix(bits)]));
    }
    out.push(feat(48, &[near(-1, |x| x.prefix(6))]));
    out.push(feat(49, &[near(1, |x| x.prefix(6))]));
    out.push(feat(50, &[near(-1, |x| x.prefix(20))]));
    out.push(feat(51, &[near(1, |x| x.prefix(20))]));
    out.push(feat(52, &[c.prob_bucket as u64, w.flags & 3]));
    out.push(feat(53, &[near(1, |x| x.prob_bucket as u64)]));
    out.push(feat(54, &[p1, c.prefix(10)]));
    out.push(feat(55, &[c.prefix(20), w.flags & 0x11]));
}

const NO_TAG: u64 = 0xffff;

impl Tagger {
    /// Tags the tokens `range` of `doc`: the class of every token, and the
    /// normalized-word hashes the parser reuses.
    /// With `clusters` (the model's), also the tokens' word classes.
    pub fn tag_sentence(
        &self,
        doc: &Doc,
        range: std::ops::Range<usize>,
        clusters: Option<&WordClusters>,
        classes: &mut Vec<u16>,
        norms: &mut Vec<u64>,
        word_classes: &mut Vec<WordClass>,
    ) {
        let words: Vec<WordInfo> = range.clone().map(|i| word_info(doc.form(i), i == range.start, clusters)).collect();
        *classes = tag_words(self, &words);
        norms.clear();
        norms.extend(words.iter().map(|w| w.norm));
        word_classes.clear();
        word_classes.extend(words.iter().filter_map(|w| w.class));
    }

    pub fn write<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.u32(self.tagset.tags.len() as u32)?;
        for (u, x) in &self.tagset.tags {
            w.u8(*u as u8)?;
            w.str(x)?;
        }
        write_map(w, &self.tagdict, |w, v| w.u32(*v as u32))?;
        write_map(w, &self.ambiguity, |w, v| w.u64(*v))?;
        self.weights.write(w)
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Tagger, CorruptModel> {
        let n = r.len(5, "tag set")?;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let u = r.u8("upos")? as usize;
            let upos = *Upos::ALL.get(u).ok_or_else(|| CorruptModel(format!("bad UPOS id {u}")))?;
            tags.push((upos, r.str("xpos")?));
        }
        let tagdict = read_map(r, 12, |r| {
            let c = r.u32("tag")?;
            if c as usize >= n {
                return Err(CorruptModel(format!("tag {c} out of range")));
            }
            Ok(c as u16)
        })?;
        let ambiguity = read_map(r, 16, |r| r.u64("ambiguity class"))?;
        let weights = Weights::read(r)?;
        if weights.nclasses != n {
            return Err(CorruptModel("tagger weights do not match the tag set".into()));
        }
        Ok(Tagger { tagset: TagSet { tags }, weights, tagdict, ambiguity })
    }

    pub fn describe(&self) -> String {
        format!(
            "{} tags, {} dictionary words, {} features, {} weights",
            self.tagset.tags.len(),
            self.tagdict.len(),
            self.weights.nfeatures(),
            self.weights.nweights()
        )
    }
}

pub(crate) fn write_map<W: Write, V>(w: &mut Writer<W>, m: &KeyMap<V>, f: impl Fn(&mut Writer<W>, &V) -> io::Result<()>) -> io::Result<()> {
    let mut keys: Vec<&u64> = m.keys().collect();
    keys.sort();
    w.u32(keys.len() as u32)?;
    for k in keys {
        w.u64(*k)?;
        f(w, &m[k])?;
    }
    Ok(())
}

pub(crate) fn read_map<V>(r: &mut Reader<'_>, entry_size: usize, f: impl Fn(&mut Reader<'_>) -> Result<V, CorruptModel>) -> Result<KeyMap<V>, CorruptModel> {
    let n = r.len(entry_size, "map")?;
    let mut m = KeyMap::default();
    m.reserve(n);
    for _ in 0..n {
        let k = r.u64("map key")?;
        m.insert(k, f(r)?);
    }
    Ok(m)
}

// ---------------------------------------------------------------- training

/// A training sentence: word infos and gold classes.
pub struct TaggedSentence {
    pub words: Vec<WordInfo>,
    pub gold: Vec<u16>,
}

pub fn build_tagset(docs: &[Doc]) -> TagSet {
    let mut counts: std::collections::BTreeMap<(Upos, String), usize> = Default::default();
    for d in docs {
        for i in 0..d.len() {
            *counts.entry((d.upos[i], d.xpos[i].clone())).or_default() += 1;
        }
    }
    TagSet { tags: counts.into_keys().collect() }
}

pub fn sentences_for_training(docs: &[Doc], tagset: &TagSet, clusters: Option<&WordClusters>) -> Vec<TaggedSentence> {
    let mut out = Vec::new();
    for d in docs {
        for s in &d.sentences {
            let words = s.tokens.clone().map(|i| word_info(d.form(i), i == s.tokens.start, clusters)).collect();
            let gold = s.tokens.clone().map(|i| tagset.closest(d.upos[i], &d.xpos[i]) as u16).collect();
            out.push(TaggedSentence { words, gold });
        }
    }
    out
}

/// Deterministic xorshift RNG: training must be reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub struct TaggerTrainer {
    tagset: TagSet,
    tagdict: KeyMap<u16>,
    ambiguity: KeyMap<u64>,
    weights: TrainWeights,
}

impl TaggerTrainer {
    pub fn new(tagset: TagSet, train: &[TaggedSentence]) -> Self {
        let n = tagset.tags.len();
        let mut by_form: KeyMap<Vec<u32>> = KeyMap::default();
        let mut by_norm: KeyMap<Vec<u32>> = KeyMap::default();
        for s in train {
            for (w, &g) in s.words.iter().zip(&s.gold) {
                by_form.entry(w.form).or_insert_with(|| vec![0; n])[g as usize] += 1;
                by_norm.entry(w.norm).or_insert_with(|| vec![0; n])[g as usize] += 1;
            }
        }
        let mut tagdict = KeyMap::default();
        for (k, counts) in &by_form {
            let total: u32 = counts.iter().sum();
            let (best, &bc) = counts.iter().enumerate().max_by_key(|x| x.1).unwrap();
            if total >= 20 && bc as f64 / total as f64 >= 0.99 {
                tagdict.insert(*k, best as u16);
            }
        }
        let mut ambiguity = KeyMap::default();
        for (k, counts) in &by_norm {
            let total: u32 = counts.iter().sum();
            if total < 3 {
                continue;
            }
            let mut h = 0x41_4d_42; // "AMB"
            for (c, &x) in counts.iter().enumerate() {
                if x as f64 / total as f64 >= 0.05 {
                    h = mix(h, c as u64);
                }
            }
            ambiguity.insert(*k, h);
        }
        TaggerTrainer { tagset, tagdict, ambiguity, weights: TrainWeights::new(n) }
    }

    /// One pass over `train` in the order given.
    pub fn epoch(&mut self, train: &[TaggedSentence], order: &[usize]) {
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0.0f32; self.tagset.tags.len()];
        for &si in order {
            let s = &train[si];
            let caps = caps_bucket(&s.words);
            let (mut p1, mut p2) = (NO_TAG, NO_TAG);
            for i in 0..s.words.len() {
                let c = match self.tagdict.get(&s.words[i].form) {
                    Some(&c) => c as usize,
                    None => {
                        features(&s.words, &self.ambiguity, caps, i, p1, p2, &mut feats);
                        self.weights.score(&feats, &mut scores);
                        let guess = argmax(&scores, |_| true).unwrap_or(0);
                        self.weights.update(&feats, s.gold[i] as usize, guess);
                        self.weights.tick();
                        guess
                    }
                };
                p2 = p1;
                p1 = c as u64;
            }
        }
    }

    pub fn snapshot(&self) -> Tagger {
        Tagger { tagset: self.tagset.clone(), weights: self.weights.averaged(1e-4, 1), tagdict: self.tagdict.clone(), ambiguity: self.ambiguity.clone() }
    }
}

/// Tags training-style sentences (for jackknifing and dev scoring).
pub fn tag_words(tagger: &Tagger, words: &[WordInfo]) -> Vec<u16> {
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0.0f32; tagger.tagset.tags.len()];
    let (mut p1, mut p2) = (NO_TAG, NO_TAG);
    let caps = caps_bucket(words);
    let mut out = Vec::with_capacity(words.len());
    // Closed classes are closed: every preposition, determiner, pronoun,
    // auxiliary and conjunction of English is in the training data, so a
    // word never seen there ("overran", "forgave") is none of them.
    let open: Vec<bool> = tagger
        .tagset
        .tags
        .iter()
        .map(|(u, _)| !matches!(u, Upos::Adp | Upos::Aux | Upos::Cconj | Upos::Sconj | Upos::Det | Upos::Pron | Upos::Part | Upos::Punct))
        .collect();
    for i in 0..words.len() {
        let c = match tagger.tagdict.get(&words[i].form) {
            Some(&c) => c as usize,
            None => {
                features(words, &tagger.ambiguity, caps, i, p1, p2, &mut feats);
                tagger.weights.score(&feats, &mut scores);
                let unseen = words[i].word && !tagger.ambiguity.contains_key(&words[i].norm);
                let verb = unseen && words[i].irregular_verb;
                // Nor is an unseen lower-case word a name ("Russia dug
                // Ukraine" is no three-word name).
                let lower = unseen && words[i].flags & 1 == 0;
                let allowed = |c: usize| {
                    let u = tagger.tagset.tags[c].0;
                    (!unseen || open[c]) && (!verb || u == Upos::Verb) && (!lower || u != Upos::Propn)
                };
                argmax(&scores, allowed).or(argmax(&scores, |_| true)).unwrap_or(0)
            }
        };
        out.push(c as u16);
        p2 = p1;
        p1 = c as u64;
    }
    out
}

#[cfg(test)]
mod closed_class_tests {
    /// Words the treebank never saw are never of a closed class, and an
    /// irregular verb form WordNet knows is a verb (embedded model only).
    #[test]
    #[cfg(dyads_embedded_model)]
    fn unseen_words_take_open_classes_and_irregular_pasts_are_verbs() {
        let model = crate::Model::embedded().unwrap();
        for (text, word) in [("Russia overran Ukraine.", "overran"), ("Russia forgave Ukraine.", "forgave"), ("Russia withheld Ukraine.", "withheld")] {
            let mut doc = dyads_text::tokenize("t", text);
            model.annotate(&mut doc, crate::Layers::All);
            let i = (0..doc.len()).find(|&i| doc.form(i) == word).unwrap();
            assert_eq!(doc.upos[i], dyads_text::Upos::Verb, "{text}: {:?}", doc.upos[i]);
        }
        // An unseen lower-case word is no name, even between two.
        for (text, word) in [("Russia dug Ukraine.", "dug"), ("Russia tore Ukraine.", "tore")] {
            let mut doc = dyads_text::tokenize("t", text);
            model.annotate(&mut doc, crate::Layers::All);
            let i = (0..doc.len()).find(|&i| doc.form(i) == word).unwrap();
            assert_ne!(doc.upos[i], dyads_text::Upos::Propn, "{text}");
        }
    }
}
