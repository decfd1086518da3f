//! dyads-parse: the second stage of the pipeline. A [`Model`] (averaged
//! perceptron tagger, lemmatizer, arc-eager parser) annotates a tokenized
//! [`dyads_text::Doc`] in place; [`train`] builds one from a UD treebank and
//! [`eval`] scores one against gold CoNLL-U.

mod binio;
pub mod eval;
pub mod hash;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
mod predicate;
pub mod tagger;
pub mod train;
pub mod wordnet;

pub use eval::{evaluate, evaluate_raw, Scores};
pub use model::{Layers, Model, ModelError};
pub use train::{train, TrainOptions};
