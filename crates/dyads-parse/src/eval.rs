//! Parser evaluation against gold CoNLL-U: on gold tokens (UPOS, XPOS, UAS,
//! LAS over all words, punctuation included, as in the CoNLL 2018 shared
//! task) and from raw text (tokens and sentences aligned by byte span).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use dyads_text::{tokenize, Doc};

use crate::model::{Layers, Model};

#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    /// Lemma accuracy (exact match, case included).
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences_f1: Option<f64>,
    /// Labeled attachment per relation the coder reads (see [`RELATIONS`]).
    pub relations: Vec<RelationScore>,
}

/// The relations whose attachment the event coder depends on most: subjects,
/// objects, obliques and nominal modifiers (who did what to whom, where),
/// clausal complements (reported speech), coordination, apposition and
/// multiword names.
pub const RELATIONS: [&str; 9] = ["nsubj", "obj", "obl", "nmod", "ccomp", "xcomp", "conj", "appos", "flat"];

/// Labeled attachment for one relation, subtypes included (`obl` counts
/// `obl:tmod`; a word is right only with the exact gold label and head).
#[derive(Clone, Debug, Default, Serialize)]
pub struct RelationScore {
    pub relation: String,
    /// Gold words with this relation.
    pub gold: usize,
    /// Predicted words with this relation.
    pub predicted: usize,
    /// Of the gold words: right head and right label (LAS recall).
    pub las: f64,
    /// Of the predicted words: right head and right label.
    pub precision: f64,
    pub f1: f64,
}

/// gold, predicted, correct per relation of [`RELATIONS`].
type RelCounts = [[usize; 3]; RELATIONS.len()];

fn relation_index(deprel: &str) -> Option<usize> {
    let base = deprel.split(':').next().unwrap_or(deprel);
    RELATIONS.iter().position(|r| *r == base)
}

/// Per-relation tallies: gold words, predicted words, and words with the
/// gold head and the gold label (subtype included).
impl RelTally for RelCounts {
    fn gold(&mut self, deprel: &str) {
        if let Some(k) = relation_index(deprel) {
            self[k][0] += 1;
        }
    }
    fn predicted(&mut self, deprel: &str) {
        if let Some(k) = relation_index(deprel) {
            self[k][1] += 1;
        }
    }
    fn correct(&mut self, gold: &str, pred: &str, head_ok: bool) {
        if let Some(k) = relation_index(gold).filter(|_| head_ok && gold == pred) {
            self[k][2] += 1;
        }
    }
}

trait RelTally {
    fn gold(&mut self, deprel: &str);
    fn predicted(&mut self, deprel: &str);
    fn correct(&mut self, gold: &str, pred: &str, head_ok: bool);
}

fn relation_scores(c: &RelCounts) -> Vec<RelationScore> {
    RELATIONS
        .iter()
        .zip(c)
        .map(|(r, &[gold, predicted, correct])| RelationScore {
            relation: r.to_string(),
            gold,
            predicted,
            las: pct(correct, gold),
            precision: pct(correct, predicted),
            f1: f1(correct, predicted, gold),
        })
        .collect()
}

fn add_rel(mut a: RelCounts, b: &RelCounts) -> RelCounts {
    for (x, y) in a.iter_mut().zip(b) {
        (0..3).for_each(|k| x[k] += y[k]);
    }
    a
}

/// A copy of `gold` with the layers the model will predict removed.
fn strip(gold: &Doc, layers: Layers) -> Doc {
    let mut d = gold.clone();
    for i in 0..d.len() {
        if layers == Layers::All {
            d.upos[i] = Default::default();
            d.xpos[i].clear();
            d.feats[i].clear();
            d.lemma[i].clear();
        }
        d.head[i] = None;
        d.deprel[i].clear();
    }
    d
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn f1(correct: usize, pred: usize, gold: usize) -> f64 {
    if pred + gold == 0 {
        return 0.0;
    }
    200.0 * correct as f64 / (pred + gold) as f64
}

/// Scores on gold tokenization and sentence boundaries.
pub fn evaluate(model: &Model, gold: &[Doc], layers: Layers) -> Scores {
    let counts: Vec<([usize; 6], RelCounts)> = gold
        .par_iter()
        .map(|g| {
            let mut d = strip(g, layers);
            model.annotate(&mut d, layers);
            let mut c = [0usize; 6];
            let mut rel = RelCounts::default();
            for i in 0..g.len() {
                c[0] += 1;
                c[1] += (d.upos[i] == g.upos[i]) as usize;
                c[2] += (d.xpos[i] == g.xpos[i]) as usize;
                let head_ok = d.head[i] == g.head[i];
                c[3] += head_ok as usize;
                c[4] += (head_ok && d.deprel[i] == g.deprel[i]) as usize;
                c[5] += (d.lemma[i] == g.lemma[i]) as usize;
                rel.gold(&g.deprel[i]);
                rel.predicted(&d.deprel[i]);
                rel.correct(&g.deprel[i], &d.deprel[i], head_ok);
            }
            (c, rel)
        })
        .collect();
    let t = counts.iter().fold([0usize; 6], |mut a, (c, _)| {
        (0..6).for_each(|k| a[k] += c[k]);
        a
    });
    let rel = counts.iter().fold(RelCounts::default(), |a, (_, r)| add_rel(a, r));
    Scores {
        words: t[0],
        upos: pct(t[1], t[0]),
        xpos: pct(t[2], t[0]),
        lemma: pct(t[5], t[0]),
        uas: pct(t[3], t[0]),
        las: pct(t[4], t[0]),
        relations: relation_scores(&rel),
        ..Default::default()
    }
}

/// Re-tokenizes each gold document's text and scores the alignment: token
/// and sentence F1, and UPOS/XPOS/UAS/LAS as F1 over aligned words.
pub fn evaluate_raw(model: &Model, gold: &[Doc]) -> Scores {
    // counts: gold words, pred words, matched, upos, xpos, uas, las, gold sents, pred sents, matched sents, lemma
    let counts: Vec<([usize; 11], RelCounts)> = gold
        .par_iter()
        .map(|g| {
            let mut d = tokenize(g.id.clone(), g.text.clone());
            model.annotate(&mut d, Layers::All);
            let mut c = [0usize; 11];
            let mut rel = RelCounts::default();
            c[0] = g.len();
            c[1] = d.len();
            // Per relation, unaligned words count too: a word lost to a
            // tokenization error is a missed relation.
            g.deprel.iter().for_each(|r| rel.gold(r));
            d.deprel.iter().for_each(|r| rel.predicted(r));
            let by_span: HashMap<(u32, u32), usize> = (0..g.len()).map(|i| ((g.start[i], g.end[i]), i)).collect();
            let align: Vec<Option<usize>> = (0..d.len()).map(|i| by_span.get(&(d.start[i], d.end[i])).copied()).collect();
            for (i, a) in align.iter().enumerate() {
                let Some(j) = *a else { continue };
                c[2] += 1;
                c[3] += (d.upos[i] == g.upos[j]) as usize;
                c[4] += (d.xpos[i] == g.xpos[j]) as usize;
                let head_ok = match (d.head[i], g.head[j]) {
                    (None, None) => true,
                    (Some(h), Some(gh)) => align[h as usize] == Some(gh as usize),
                    _ => false,
                };
                c[5] += head_ok as usize;
                c[6] += (head_ok && d.deprel[i] == g.deprel[j]) as usize;
                rel.correct(&g.deprel[j], &d.deprel[i], head_ok);
                c[10] += (d.lemma[i] == g.lemma[j]) as usize;
            }
            let spans = |doc: &Doc| -> Vec<(usize, usize)> {
                doc.sentences
                    .iter()
                    .map(|s| {
                        let r = doc.sentence_span(s);
                        (r.start, r.end)
                    })
                    .collect()
            };
            let (gs, ps) = (spans(g), spans(&d));
            c[7] = gs.len();
            c[8] = ps.len();
            let gset: std::collections::HashSet<_> = gs.into_iter().collect();
            c[9] = ps.iter().filter(|s| gset.contains(s)).count();
            (c, rel)
        })
        .collect();
    let t = counts.iter().fold([0usize; 11], |mut a, (c, _)| {
        (0..11).for_each(|k| a[k] += c[k]);
        a
    });
    let rel = counts.iter().fold(RelCounts::default(), |a, (_, r)| add_rel(a, r));
    Scores {
        words: t[0],
        upos: f1(t[3], t[1], t[0]),
        xpos: f1(t[4], t[1], t[0]),
        lemma: f1(t[10], t[1], t[0]),
        uas: f1(t[5], t[1], t[0]),
        las: f1(t[6], t[1], t[0]),
        tokens_f1: Some(f1(t[2], t[1], t[0])),
        sentences_f1: Some(f1(t[9], t[8], t[7])),
        relations: relation_scores(&rel),
    }
}
