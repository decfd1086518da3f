//! Training the shipped model from a UD treebank: tagger (best epoch on dev),
//! lemmatizer, jackknifed tags for the parser's training data (so it learns
//! from the tagger's real mistakes), then the parser (best epoch on dev).

use std::time::Instant;

use rayon::prelude::*;

use dyads_text::Doc;

use crate::clusters::WordClusters;
use crate::eval::{evaluate, Scores};
use crate::hash::hash_str;
use crate::lemma::Lemmatizer;
use crate::model::{Layers, Model};
use crate::parser::{projectivize, GoldTree, ParserTrainer, SentenceInput};
use crate::tagger::{build_tagset, normalize, sentences_for_training, tag_words, Rng, TaggedSentence, Tagger, TaggerTrainer};

#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub jackknife_folds: usize,
    pub seed: u64,
    /// Averaged parser weights with a smaller magnitude are dropped from the
    /// model: they barely change decisions and cost size and cache misses.
    pub parser_prune: f32,
    /// Parser features updated fewer times than this are dropped.
    pub parser_min_updates: u32,
    /// Word clusters and probability buckets (`--clusters`, `--probs`):
    /// stored in the model, and the tagger and parser get their templates.
    pub clusters: Option<WordClusters>,
    /// What the model was trained on, for its description (`dyads train`
    /// names its `--train` files).
    pub corpus: String,
    /// The tagger (and the jackknife taggers) learn from the first this many
    /// training sentences only, the parser from all of them (`dyads train
    /// --tagger-files K`: the first K treebanks). `None`: all.
    pub tagger_sentences: Option<usize>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 6,
            parser_epochs: 10,
            jackknife_folds: 4,
            seed: 0x64_79_61_64_73,
            parser_prune: 0.5,
            parser_min_updates: 3,
            clusters: None,
            corpus: "UD English-EWT (CC BY-SA 4.0)".to_string(),
            tagger_sentences: None,
        }
    }
}

fn train_tagger(tagset: &crate::tagger::TagSet, train: &[TaggedSentence], epochs: usize, seed: u64) -> Tagger {
    let mut t = TaggerTrainer::new(tagset.clone(), train);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng(seed);
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        t.epoch(train, &order);
    }
    t.snapshot()
}

pub fn train(train_docs: &[Doc], dev_docs: &[Doc], opts: &TrainOptions, log: &mut dyn FnMut(String)) -> Model {
    let started = Instant::now();
    let tagset = build_tagset(train_docs);
    let clusters = opts.clusters.as_ref();
    let tag_train = sentences_for_training(train_docs, &tagset, clusters);
    let tag_dev = sentences_for_training(dev_docs, &tagset, clusters);
    if let Some(c) = clusters {
        log(format!("word clusters: {} forms", c.len()));
    }
    log(format!("tagger: {} classes, {} training sentences", tagset.tags.len(), tag_train.len()));

    let tagger_n = opts.tagger_sentences.unwrap_or(usize::MAX).min(tag_train.len());
    if tagger_n < tag_train.len() {
        log(format!("tagger: learns from the first {tagger_n} training sentences"));
    }
    // 1. Tagger: keep the epoch count that scores best on dev.
    let mut trainer = TaggerTrainer::new(tagset.clone(), &tag_train[..tagger_n]);
    let mut order: Vec<usize> = (0..tagger_n).collect();
    let mut rng = Rng(opts.seed);
    let (mut best_tagger, mut best_acc, mut best_epochs) = (None, -1.0, 0);
    for epoch in 1..=opts.tagger_epochs {
        rng.shuffle(&mut order);
        trainer.epoch(&tag_train, &order);
        let tagger = trainer.snapshot();
        let (mut ok, mut all) = (0usize, 0usize);
        for s in &tag_dev {
            let pred = tag_words(&tagger, &s.words);
            ok += pred.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
            all += s.gold.len();
        }
        let acc = 100.0 * ok as f64 / all.max(1) as f64;
        log(format!("tagger epoch {epoch}: dev joint tag accuracy {acc:.2} ({:.0}s)", started.elapsed().as_secs_f64()));
        if acc > best_acc {
            (best_tagger, best_acc, best_epochs) = (Some(tagger), acc, epoch);
        }
    }
    let tagger = best_tagger.expect("at least one tagger epoch");
    log(format!("tagger: best epoch {best_epochs} ({best_acc:.2}); {}", tagger.describe()));

    // 2. Lemmatizer.
    let lemmatizer = Lemmatizer::train(train_docs.iter().flat_map(|d| (0..d.len()).map(move |i| (d.form(i), d.xpos[i].as_str(), d.lemma[i].as_str()))));

    // 3. Jackknifed tags: each fold tagged by a tagger that never saw it
    // (past `tagger_n`, by taggers that saw none of those sentences).
    let k = opts.jackknife_folds.max(1);
    let mut predicted: Vec<Vec<u16>> = vec![Vec::new(); tag_train.len()];
    if k >= 2 {
        let folds: Vec<Vec<(usize, Vec<u16>)>> = (0..k)
            .into_par_iter()
            .map(|f| {
                let rest: Vec<TaggedSentence> = tag_train
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k != f && *i < tagger_n)
                    .map(|(_, s)| TaggedSentence { words: s.words.clone(), gold: s.gold.clone() })
                    .collect();
                let t = train_tagger(&tagset, &rest, best_epochs, opts.seed ^ f as u64);
                tag_train.iter().enumerate().filter(|(i, _)| i % k == f).map(|(i, s)| (i, tag_words(&t, &s.words))).collect()
            })
            .collect();
        for (i, tags) in folds.into_iter().flatten() {
            predicted[i] = tags;
        }
        log(format!("jackknifed tags over {k} folds ({:.0}s)", started.elapsed().as_secs_f64()));
    } else {
        for (i, s) in tag_train.iter().enumerate() {
            predicted[i] = s.gold.clone();
        }
    }

    // 4. Parser.
    let mut labels: Vec<String> = train_docs.iter().flat_map(|d| d.deprel.iter().cloned()).filter(|l| !l.is_empty()).collect();
    labels.sort();
    labels.dedup();
    if !labels.iter().any(|l| l == "root") {
        labels.push("root".into());
    }
    let label_id = |l: &str| labels.iter().position(|x| x == l).unwrap_or(0);
    let mut trees = Vec::with_capacity(tag_train.len());
    let mut si = 0;
    for d in train_docs {
        for s in &d.sentences {
            let r = s.tokens.clone();
            let mut head = vec![0usize];
            let mut label = vec![0usize];
            for i in r.clone() {
                head.push(d.head[i].map_or(0, |h| h as usize - r.start + 1));
                label.push(label_id(&d.deprel[i]));
            }
            projectivize(&mut head);
            let mut input = SentenceInput::new(r.clone().map(|i| hash_str(&normalize(d.form(i)))), predicted[si].iter().map(|&c| tagset.parser_pos(c)));
            if let Some(c) = clusters {
                input = input.with_classes(r.clone().map(|i| c.get(d.form(i))));
            }
            trees.push(GoldTree { input, head, label });
            si += 1;
        }
    }
    log(format!("parser: {} labels, {} training trees", labels.len(), trees.len()));
    let mut pt = ParserTrainer::new(labels.clone());
    let mut order: Vec<usize> = (0..trees.len()).collect();
    let mut best: Option<(Model, Scores)> = None;
    let desc = |epoch: usize, s: &Scores| {
        format!(
            "dyads tagger+parser trained on {}{}; tagger epochs {best_epochs}, parser epoch {epoch}; dev UPOS {:.2} UAS {:.2} LAS {:.2}",
            opts.corpus,
            if clusters.is_some() { ", with word clusters and probabilities from spacy-lookups-data (MIT)" } else { "" },
            s.upos,
            s.uas,
            s.las
        )
    };
    for epoch in 1..=opts.parser_epochs {
        rng.shuffle(&mut order);
        let (ok, all) = pt.epoch(&trees, &order, epoch > 1);
        let model = Model::new(
            String::new(),
            clone_tagger(&tagger),
            clone_lemmatizer(&lemmatizer),
            pt.snapshot(opts.parser_prune, opts.parser_min_updates),
            opts.clusters.clone(),
        );
        let scores = evaluate(&model, dev_docs, Layers::All);
        log(format!(
            "parser epoch {epoch}: train oracle agreement {:.1}%, dev UAS {:.2} LAS {:.2} ({:.0}s)",
            100.0 * ok as f64 / all.max(1) as f64,
            scores.uas,
            scores.las,
            started.elapsed().as_secs_f64()
        ));
        if best.as_ref().is_none_or(|(_, b)| scores.las > b.las) {
            let mut model = model;
            model.description = desc(epoch, &scores);
            best = Some((model, scores));
        }
    }
    let (model, scores) = best.expect("at least one parser epoch");
    log(format!(
        "done in {:.0}s: dev UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2}",
        started.elapsed().as_secs_f64(),
        scores.upos,
        scores.xpos,
        scores.uas,
        scores.las
    ));
    model
}

// Components are immutable after training; cloning through the serialized
// form keeps them free of a derive(Clone) that only training would use.
fn clone_tagger(t: &Tagger) -> Tagger {
    let mut buf = Vec::new();
    t.write(&mut crate::binio::Writer { inner: &mut buf }).unwrap();
    Tagger::read(&mut crate::binio::Reader::new(&buf)).unwrap()
}

fn clone_lemmatizer(l: &Lemmatizer) -> Lemmatizer {
    let mut buf = Vec::new();
    l.write(&mut crate::binio::Writer { inner: &mut buf }).unwrap();
    Lemmatizer::read(&mut crate::binio::Reader::new(&buf)).unwrap()
}
