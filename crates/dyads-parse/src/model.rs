//! The model file: tagger, lemmatizer and parser in one binary blob.
//!
//! Layout: magic `DYADSMDL`, format version, a free-text description, then
//! the three components (see their `write` methods). All little-endian.
//! Version 3 is version 2 followed by the word-cluster table
//! ([`WordClusters`]): a model file has cluster features exactly when it is
//! version 3 or 4. Version 4 has the same layout as 3; its cluster features
//! back off for forms without a cluster ([`WordClusters::backoff`]: the
//! lower-case form's cluster, else the form's shape class) where version 3
//! gave them all one "no cluster" value. A model without clusters is still
//! written as version 2, byte for byte as before, so older dyads binaries
//! read it.

use std::io::{self, Write};
use std::path::Path;

use dyads_text::{Doc, Upos};

pub use crate::annotator::Layers;
use crate::binio::{CorruptModel, Reader, Writer};
use crate::clusters::WordClusters;
use crate::hash::hash_str;
use crate::lemma::Lemmatizer;
use crate::parser::{Parser, SentenceInput};
use crate::tagger::{normalize, Tagger};

const MAGIC: &[u8; 8] = b"DYADSMDL";
/// A model without word clusters.
const VERSION_PLAIN: u32 = 2;
/// A model with word clusters (and the tagger and parser templates on them).
const VERSION_CLUSTERS: u32 = 3;
/// Word clusters with shape back-off for forms without one.
const VERSION_CLUSTERS_BACKOFF: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read model {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path} is not a dyads model file (bad magic bytes)")]
    NotAModel { path: String },
    #[error("{path}: model format version {found}; this dyads reads versions {VERSION_PLAIN} (no word clusters), {VERSION_CLUSTERS} and {VERSION_CLUSTERS_BACKOFF} (word clusters)")]
    Version { path: String, found: u32 },
    #[error("{path}: {source}")]
    Corrupt { path: String, source: CorruptModel },
    #[error("this dyads was built without an embedded model; pass --model FILE (train one with `dyads train`)")]
    NoEmbedded,
}

pub struct Model {
    pub description: String,
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
    /// Word clusters and probability buckets, if the model was trained with them.
    pub clusters: Option<WordClusters>,
    /// POS values the parser treats as punctuation when repairing a parse.
    punct_pos: Vec<u64>,
}

#[cfg(dyads_embedded_model)]
static EMBEDDED: Option<&[u8]> = Some(include_bytes!(env!("DYADS_MODEL_PATH")));
#[cfg(not(dyads_embedded_model))]
static EMBEDDED: Option<&[u8]> = None;

impl Model {
    pub fn new(description: String, tagger: Tagger, lemmatizer: Lemmatizer, parser: Parser, clusters: Option<WordClusters>) -> Model {
        // The values the parser sees (`TagSet::parser_pos`: the class with
        // its UPOS above it), not the bare class ids.
        let punct_pos =
            tagger.tagset.tags.iter().enumerate().filter(|(_, (u, _))| *u == Upos::Punct).map(|(i, _)| tagger.tagset.parser_pos(i as u16)).collect();
        Model { description, tagger, lemmatizer, parser, clusters, punct_pos }
    }

    /// The model compiled into this binary.
    pub fn embedded() -> Result<Model, ModelError> {
        let bytes = EMBEDDED.ok_or(ModelError::NoEmbedded)?;
        Model::from_bytes(bytes, "<embedded model>")
    }

    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let p = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io { path: p.clone(), source })?;
        Model::from_bytes(&bytes, &p)
    }

    /// `path` if given, else the embedded model.
    pub fn load_or_embedded(path: Option<&Path>) -> Result<Model, ModelError> {
        match path {
            Some(p) => Model::load(p),
            None => Model::embedded(),
        }
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Model, ModelError> {
        let corrupt = |source| ModelError::Corrupt { path: name.to_string(), source };
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(ModelError::NotAModel { path: name.to_string() });
        }
        let mut r = Reader::new(&bytes[8..]);
        let version = r.u32("version").map_err(corrupt)?;
        if ![VERSION_PLAIN, VERSION_CLUSTERS, VERSION_CLUSTERS_BACKOFF].contains(&version) {
            return Err(ModelError::Version { path: name.to_string(), found: version });
        }
        let description = r.str("description").map_err(corrupt)?;
        let tagger = Tagger::read(&mut r).map_err(corrupt)?;
        let lemmatizer = Lemmatizer::read(&mut r).map_err(corrupt)?;
        let parser = Parser::read(&mut r).map_err(corrupt)?;
        let clusters = if version == VERSION_PLAIN { None } else { Some(WordClusters::read(&mut r, version == VERSION_CLUSTERS_BACKOFF).map_err(corrupt)?) };
        if !r.at_end() {
            return Err(corrupt(CorruptModel("trailing bytes after the last component".into())));
        }
        Ok(Model::new(description, tagger, lemmatizer, parser, clusters))
    }

    pub fn write<W: Write>(&self, out: W) -> io::Result<()> {
        let mut w = Writer { inner: io::BufWriter::new(out) };
        w.inner.write_all(MAGIC)?;
        w.u32(match &self.clusters {
            None => VERSION_PLAIN,
            Some(c) if c.backoff => VERSION_CLUSTERS_BACKOFF,
            Some(_) => VERSION_CLUSTERS,
        })?;
        w.str(&self.description)?;
        self.tagger.write(&mut w)?;
        self.lemmatizer.write(&mut w)?;
        self.parser.write(&mut w)?;
        if let Some(c) = &self.clusters {
            c.write(&mut w)?;
        }
        w.inner.flush()
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        // Write to a temporary file and rename, so a crash never leaves half a model.
        let tmp = path.with_extension("tmp");
        self.write(std::fs::File::create(&tmp)?)?;
        std::fs::rename(tmp, path)
    }

    /// This model parsing with a beam of `k` states (1: greedy; a loaded
    /// model starts at [`DEFAULT_BEAM`](crate::DEFAULT_BEAM)).
    pub fn with_beam(mut self, k: usize) -> Model {
        self.parser.beam = k.max(1);
        self
    }

    /// Annotates every sentence of `doc`: tags, lemmas and FEATS (derived
    /// from the tags, [`english_feats`](crate::english_feats)), then the
    /// tree, as `layers` asks. (The [`Annotator`](crate::Annotator) impl.)
    pub fn annotate(&self, doc: &mut Doc, layers: Layers) {
        if layers == Layers::None {
            return;
        }
        let (mut classes, mut norms, mut word_classes) = (Vec::new(), Vec::new(), Vec::new());
        let clusters = self.clusters.as_ref();
        for s in 0..doc.sentences.len() {
            let range = doc.sentences[s].tokens.clone();
            if range.is_empty() {
                continue;
            }
            if layers == Layers::All || layers == Layers::TagOnly {
                self.tagger.tag_sentence(doc, range.clone(), clusters, &mut classes, &mut norms, &mut word_classes);
                for (k, i) in range.clone().enumerate() {
                    let (u, x) = &self.tagger.tagset.tags[classes[k] as usize];
                    doc.upos[i] = *u;
                    doc.xpos[i] = x.clone();
                    doc.lemma[i] = self.lemmatizer.lemma(doc.form(i), x);
                }
                if let Some((i, lemma, penn)) = crate::predicate::missing_verb(doc, range.clone()) {
                    classes[i - range.start] = self.tagger.tagset.closest(Upos::Verb, penn) as u16;
                    doc.upos[i] = Upos::Verb;
                    doc.xpos[i] = penn.to_string();
                    doc.lemma[i] = lemma;
                }
                for i in range.clone() {
                    doc.feats[i].clear();
                    doc.feats[i].push_str(crate::feats::english_feats(&doc.xpos[i]));
                }
            } else {
                classes.clear();
                classes.extend(range.clone().map(|i| self.tagger.tagset.closest(doc.upos[i], &doc.xpos[i]) as u16));
                norms.clear();
                norms.extend(range.clone().map(|i| hash_str(&normalize(doc.form(i)))));
                word_classes.clear();
                if let Some(c) = clusters {
                    word_classes.extend(range.clone().map(|i| c.get(doc.form(i))));
                }
            }
            if layers == Layers::TagOnly {
                continue;
            }
            let mut input = SentenceInput::new(norms.iter().copied(), classes.iter().map(|&c| self.tagger.tagset.parser_pos(c)));
            if clusters.is_some() {
                input = input.with_classes(word_classes.iter().copied());
            }
            let parse = self.parser.parse(&input, &self.punct_pos);
            for (k, i) in range.clone().enumerate() {
                let h = parse.head[k + 1];
                doc.head[i] = if h == 0 { None } else { Some((range.start + h - 1) as u32) };
                doc.deprel[i] = self.parser.labels[parse.label[k + 1]].clone();
            }
            rehang_from_punctuation(doc, range.clone());
        }
    }
}

/// A word the parser hung from a punctuation mark (which in UD is a leaf)
/// is moved to where such a word goes: a preposition to the nominal after
/// it, a nominal with its preposition to the nominal (else the verb)
/// before it ("met a bunch [of Morgul Orcs] ."), anything else to the
/// mark's own head. A model meeting words it has no cluster for makes this
/// mistake at the end of a sentence; forbidding it while parsing costs more
/// than it saves (the greedy parser uses the move to clear its stack), so
/// it is undone after.
fn rehang_from_punctuation(doc: &mut Doc, range: std::ops::Range<usize>) {
    let punct = |doc: &Doc, k: usize| doc.upos[k] == Upos::Punct;
    let nominal = |doc: &Doc, k: usize| matches!(doc.upos[k], Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num);
    let orphans = |doc: &Doc| range.clone().filter(|&i| !punct(doc, i) && doc.head[i].is_some_and(|h| punct(doc, h as usize))).collect::<Vec<_>>();
    // Whether `k` descends from `i` (or is it): `i` may not move under it.
    let under = |doc: &Doc, i: usize, mut k: usize| {
        for _ in 0..=range.len() {
            if k == i {
                return true;
            }
            match doc.head[k] {
                Some(p) => k = p as usize,
                None => return false,
            }
        }
        true
    };
    // Prepositions first, so a nominal then finds its own.
    for i in orphans(doc) {
        if doc.upos[i] != Upos::Adp {
            continue;
        }
        if let Some(n) = (i + 1..range.end).take_while(|&k| !punct(doc, k)).find(|&k| nominal(doc, k) && !under(doc, i, k)) {
            doc.head[i] = Some(n as u32);
            doc.deprel[i] = "case".to_string();
        }
    }
    for i in orphans(doc) {
        let first = (range.start..i).find(|&k| doc.head[k] == Some(i as u32)).unwrap_or(i);
        let has_case = (range.start..i).any(|k| doc.head[k] == Some(i as u32) && doc.deprel[k] == "case");
        let before = (range.start..first).rev().find(|&k| !punct(doc, k) && (nominal(doc, k) || doc.upos[k] == Upos::Verb) && !under(doc, i, k));
        match before {
            Some(b) if has_case => {
                doc.head[i] = Some(b as u32);
                doc.deprel[i] = if nominal(doc, b) { "nmod" } else { "obl" }.to_string();
            }
            _ => {
                // The first word above the marks; none when a mark is the
                // root, and then the word stays where it is.
                let mut g = doc.head[i];
                while let Some(k) = g.filter(|&k| punct(doc, k as usize)) {
                    g = doc.head[k as usize];
                }
                if let Some(g) = g.filter(|&g| !under(doc, i, g as usize)) {
                    doc.head[i] = Some(g);
                    doc.deprel[i] = "dep".to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Sam met a bunch of Morgul Orcs ." with "of" and "Morgul" hung from
    /// the full stop, as a cluster model parses unknown names.
    #[test]
    fn words_hung_from_punctuation_are_rehung() {
        let doc = rehung(&[
            ("Sam", "PROPN", 2, "nsubj"),
            ("met", "VERB", 0, "root"),
            ("a", "DET", 4, "det"),
            ("bunch", "NOUN", 2, "obj"),
            ("of", "ADP", 8, "case"),
            ("Morgul", "PROPN", 8, "csubj"),
            ("Orcs", "PROPN", 6, "flat"),
            (".", "PUNCT", 2, "punct"),
        ]);
        let arcs: Vec<(Option<u32>, &str)> = (0..doc.len()).map(|i| (doc.head[i], doc.deprel[i].as_str())).collect();
        assert_eq!(arcs[4], (Some(5), "case"), "'of' goes to the nominal after it");
        assert_eq!(arcs[5], (Some(3), "nmod"), "'Morgul' modifies 'bunch'");
        assert_eq!(arcs[6], (Some(5), "flat"));
        assert_eq!(arcs[7], (Some(1), "punct"));
        assert_eq!(doc.check_tree(), Ok(()));
    }

    /// CoNLL-U rows (form, UPOS, head, deprel), rehung.
    fn rehung(rows: &[(&str, &str, usize, &str)]) -> Doc {
        let text: String = rows.iter().enumerate().map(|(i, (f, u, h, r))| format!("{}\t{f}\t{f}\t{u}\t_\t_\t{h}\t{r}\t_\t_\n", i + 1)).collect();
        let mut doc = dyads_text::read_conllu(&format!("{text}\n"), "t").unwrap().pop().unwrap();
        let n = doc.len();
        rehang_from_punctuation(&mut doc, 0..n);
        doc
    }

    /// A preposition whose nominal hangs from it stays a tree; a word under
    /// a mark under a mark climbs to the first word; under a root mark it
    /// stays.
    #[test]
    fn rehanging_never_breaks_the_tree() {
        // "Sam met Orcs of Mordor ." with "of" under "." and "Mordor" under "of".
        let doc = rehung(&[
            ("Sam", "PROPN", 2, "nsubj"),
            ("met", "VERB", 0, "root"),
            ("Orcs", "PROPN", 2, "obj"),
            ("of", "ADP", 6, "case"),
            ("Mordor", "PROPN", 4, "nmod"),
            (".", "PUNCT", 2, "punct"),
        ]);
        assert_eq!(doc.check_tree(), Ok(()));
        assert_ne!(doc.head[2], Some(3), "'Orcs' is not moved under 'of'");
        // "Sam met Orcs " ." with "Orcs" under "." under the closing quote.
        let doc = rehung(&[
            ("Sam", "PROPN", 2, "nsubj"),
            ("met", "VERB", 0, "root"),
            ("Orcs", "PROPN", 4, "obj"),
            (".", "PUNCT", 5, "punct"),
            ("\"", "PUNCT", 2, "punct"),
        ]);
        assert_eq!((doc.head[2], doc.check_tree()), (Some(1), Ok(())));
        // ". Orcs": the mark is the root; nothing above it to go to.
        let doc = rehung(&[("-", "PUNCT", 0, "root"), ("Orcs", "PROPN", 1, "dep")]);
        assert_eq!((doc.head[1], doc.check_tree()), (Some(0), Ok(())));
    }

    /// A format this dyads does not know is named, with the ones it reads.
    #[test]
    fn unknown_format_version_is_a_clear_error() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&5u32.to_le_bytes());
        bytes.extend_from_slice(&[0; 8]);
        let Err(err) = Model::from_bytes(&bytes, "m.dyads") else { panic!("version 5 was read") };
        let err = err.to_string();
        assert!(err.contains("m.dyads: model format version 5; this dyads reads versions 2 (no word clusters), 3 and 4 (word clusters)"), "{err}");
    }

    /// The parser's punctuation values are what it sees for a token (the
    /// class with its UPOS, `TagSet::parser_pos`), so a word it leaves
    /// headless is labelled `punct` when it is punctuation, not `dep`.
    #[test]
    #[cfg(dyads_embedded_model)]
    fn punctuation_values_are_the_parsers() {
        let model = Model::embedded().unwrap();
        assert!(!model.punct_pos.is_empty());
        for &p in &model.punct_pos {
            assert_eq!(p >> 16, Upos::Punct as u64, "{p:#x}");
        }
        let comma = model.tagger.tagset.closest(Upos::Punct, ",");
        assert!(model.punct_pos.contains(&model.tagger.tagset.parser_pos(comma as u16)));
    }

    /// The in-memory weight layout (dense and packed rows) is not the file
    /// layout: writing a loaded model must give back the very same bytes.
    #[test]
    #[cfg(dyads_embedded_model)]
    fn embedded_model_writes_back_byte_for_byte() {
        let bytes = EMBEDDED.unwrap();
        let model = Model::from_bytes(bytes, "<embedded model>").unwrap();
        let mut out = Vec::new();
        model.write(&mut out).unwrap();
        assert_eq!(out.len(), bytes.len());
        assert!(out == bytes, "model bytes differ after a round trip");
    }
}
