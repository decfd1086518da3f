//! The parser seam. `dyads_pipeline::Pipeline` holds an [`Annotator`], as
//! ripgrep's searcher holds a `Matcher`: whatever fills a [`Doc`]'s UPOS,
//! FEATS, lemmas and tree can feed the coder. The built-in
//! [`Model`](crate::Model) is one; a document read ready-parsed from CoNLL-U
//! needs none.

use dyads_text::{Doc, TokenizerOptions};

/// Which annotation layers to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layers {
    /// Tag, lemmatize and parse.
    All,
    /// Keep the document's own tags and lemmas (e.g. from CoNLL-U), parse only.
    ParseOnly,
    /// Tag and lemmatize, no parse.
    TagOnly,
    /// Keep everything the document has.
    None,
}

/// Tokenizes text and annotates a tokenized [`Doc`] in place: UPOS, XPOS,
/// FEATS and lemma (tagging), head and deprel (parsing, UD v2 names). The
/// coder reads UPOS, FEATS, lemma, head and deprel only. Shared by the
/// pipeline's worker threads, hence `Sync`.
pub trait Annotator: Sync {
    /// Fills the `layers` of every sentence of `doc`.
    fn annotate(&self, doc: &mut Doc, layers: Layers);

    /// Splits `text` into tokens and sentences; by default dyads' own
    /// tokenizer.
    fn tokenize(&self, id: String, text: String, options: &TokenizerOptions) -> Doc {
        dyads_text::tokenize_with(id, text, options)
    }
}

impl<A: Annotator + ?Sized> Annotator for Box<A> {
    fn annotate(&self, doc: &mut Doc, layers: Layers) {
        (**self).annotate(doc, layers)
    }

    fn tokenize(&self, id: String, text: String, options: &TokenizerOptions) -> Doc {
        (**self).tokenize(id, text, options)
    }
}

impl<A: Annotator + ?Sized> Annotator for &A {
    fn annotate(&self, doc: &mut Doc, layers: Layers) {
        (**self).annotate(doc, layers)
    }

    fn tokenize(&self, id: String, text: String, options: &TokenizerOptions) -> Doc {
        (**self).tokenize(id, text, options)
    }
}

impl Annotator for crate::Model {
    fn annotate(&self, doc: &mut Doc, layers: Layers) {
        crate::Model::annotate(self, doc, layers)
    }
}
