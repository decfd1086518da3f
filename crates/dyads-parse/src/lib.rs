//! dyads-parse: the second stage of the pipeline. A [`Model`] (averaged
//! perceptron tagger, lemmatizer, arc-eager parser), the built-in
//! [`Annotator`], annotates a tokenized [`dyads_text::Doc`] in place
//! (UPOS, XPOS, FEATS, lemma, tree); [`train`] builds one from a UD treebank
//! and [`eval`] scores one against gold CoNLL-U.

pub mod annotator;
mod binio;
pub mod clusters;
pub mod eval;
pub mod feats;
pub mod hash;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
mod predicate;
pub mod tagger;
pub mod train;
pub mod wordnet;

pub use annotator::{Annotator, Layers};
pub use clusters::{LexiconError, WordClusters};
pub use eval::{evaluate, evaluate_raw, Scores};
pub use feats::english_feats;
pub use model::{Model, ModelError};
pub use train::{train, TrainOptions};

/// The parser's beam width unless asked otherwise (`Model::with_beam`,
/// `--beam`). Two states, not one: measured on the shipped model, it
/// raises EWT test LAS by 0.65 and the real-news dev gold's matched events
/// by two at no loss on PETRARCH's validation, for about a third of the
/// end-to-end speed (BENCHMARKS.md, "Beam search"). 1 parses greedily.
pub const DEFAULT_BEAM: usize = 2;
