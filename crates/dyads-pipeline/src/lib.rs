//! The whole pipeline behind one type: raw text in, CAMEO events out.
//!
//! `dyads code`, `ingest`, `serve`, `bench`, `explain`, `validate-petrarch`
//! and the Python package all go through [`Pipeline`], so they code
//! identically; it is the only caller of the coder. The pipeline holds an
//! [`Annotator`] (the parser seam: the built-in [`Model`] by default) and
//! the coder reads only the annotated [`Doc`]: a CoNLL-U document with its
//! own parse is coded as it is ([`Input::Parsed`]), without an annotator.

pub mod report_date;
pub mod selftest;
pub mod sources;

use rayon::prelude::*;

use dyads_code::calendar::{date_number, report_day, BadDate, Date};
use dyads_code::coder::Entity;
use dyads_code::geo::DocLocation;
use dyads_code::{Coder, CoderOptions, Event};
use dyads_parse::Model;
pub use dyads_parse::{Annotator, Layers};
use dyads_text::Doc;
pub use report_date::{DateSource, ReportDate, ReportDateRule};

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    BadDate(#[from] BadDate),
    #[error("document too large: {size} bytes (limit {limit}; raise --max-doc-bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error(transparent)]
    Model(#[from] dyads_parse::ModelError),
}

/// Limits that keep one odd document from hurting a batch.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Larger documents are refused with an error (not truncated silently).
    pub max_doc_bytes: usize,
    /// Events kept per document; the rest are dropped (a runaway list).
    pub max_events_per_doc: usize,
    /// Longer sentences are cut at this many tokens, which bounds the
    /// parser's work on text without punctuation (tables, lists).
    pub max_sentence_tokens: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_doc_bytes: 10 << 20, max_events_per_doc: 10_000, max_sentence_tokens: dyads_text::TokenizerOptions::default().max_sentence_tokens }
    }
}

/// [`Pipeline::code_batch`] parses this many documents, then codes them:
/// run in turn per document, the parser's weights and the coder's automata
/// evict each other from the cache (BENCHMARKS.md measures the difference).
pub const BATCH: usize = 256;

/// A batch also ends once its documents hold this many bytes of text, so
/// the documents in flight (a parse holds about a hundred times its text)
/// stay bounded however large each one is.
pub const BATCH_BYTES: usize = 4 << 20;

/// Text -> annotated `Doc` -> events. `A` tokenizes, tags and parses: the
/// built-in [`Model`] unless another [`Annotator`] is given
/// (`Pipeline<Box<dyn Annotator + Send>>` chooses at run time).
pub struct Pipeline<A = Model> {
    pub annotator: A,
    pub coder: Coder,
    pub limits: Limits,
}

/// A document as it reaches the pipeline.
#[derive(Debug, Clone)]
pub enum Input {
    /// Raw text: tokenized, tagged and parsed.
    Text { id: String, text: String },
    /// Tokenized (ours, or CoNLL-U without a parse): tagged and parsed.
    Tokens(Doc),
    /// Tagged and parsed already (CoNLL-U): coded as it is.
    Parsed(Doc),
}

/// One document of a [`Pipeline::code_batch`] and the day it is coded as of.
#[derive(Debug, Clone)]
pub struct BatchDoc {
    input: Input,
    date: Date,
    report_date: String,
    at: Option<WindowAt>,
}

/// Where a window of a larger document starts in it: its coding's byte
/// offsets and sentence numbers are shifted by these, so they count in the
/// whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowAt {
    pub offset: usize,
    pub sentence: usize,
}

impl BatchDoc {
    /// `report_date`: `YYYY-MM-DD`, or an ISO timestamp (its day is used).
    pub fn new(input: Input, report_date: &str) -> Result<BatchDoc, BadDate> {
        Ok(BatchDoc { input, date: date_number(report_date)?, report_date: report_day(report_date).to_string(), at: None })
    }

    /// The document is a window of a larger one, starting at `at`.
    pub fn window(mut self, at: WindowAt) -> BatchDoc {
        self.at = Some(at);
        self
    }

    fn text_len(&self) -> usize {
        match &self.input {
            Input::Text { text, .. } => text.len(),
            Input::Tokens(d) | Input::Parsed(d) => d.text.len(),
        }
    }
}

/// What coding one document found.
#[derive(Debug, Clone)]
pub struct Coding {
    pub events: Vec<Event>,
    /// Actors with their mentions, pronouns and role descriptions.
    pub entities: Vec<Entity>,
    /// Each toponym with the word it locates.
    pub locations: Vec<DocLocation>,
}

/// A coded document: the annotated `Doc` (for evidence), the day it was
/// coded as of (`YYYY-MM-DD`) and what coding found.
#[derive(Debug, Clone)]
pub struct Coded {
    pub doc: Doc,
    pub report_date: String,
    pub events: Vec<Event>,
    pub entities: Vec<Entity>,
    pub locations: Vec<DocLocation>,
}

impl Coded {
    fn new(doc: Doc, report_date: String, coding: Coding) -> Coded {
        let Coding { events, entities, locations } = coding;
        Coded { doc, report_date, events, entities, locations }
    }

    /// Counts the offsets and sentence numbers of a window's coding in the
    /// whole document (`doc` stays the window's).
    fn shift(&mut self, at: WindowAt) {
        let span = |s: &mut [usize; 2]| {
            s[0] += at.offset;
            s[1] += at.offset;
        };
        for e in &mut self.events {
            e.sentence += at.sentence;
            span(&mut e.source_span);
            span(&mut e.trigger_span);
            e.target_span.iter_mut().for_each(span);
            e.date_evidence.iter_mut().for_each(span);
            e.attribution.iter_mut().for_each(|a| span(&mut a.span));
            e.location.iter_mut().for_each(|l| span(&mut l.span));
        }
        for ent in &mut self.entities {
            ent.mentions.iter_mut().for_each(span);
        }
        for l in &mut self.locations {
            span(&mut l.location.span);
        }
    }
}

impl Pipeline<Model> {
    /// The model and dictionaries built into dyads.
    pub fn embedded() -> Result<Pipeline, PipelineError> {
        Ok(Pipeline::new(Model::embedded()?, Coder::new(dyads_code::default_dictionaries(), CoderOptions::default())))
    }
}

impl<A: Annotator> Pipeline<A> {
    /// `annotator` (e.g. a [`Model`]) parses, `coder` codes.
    pub fn new(annotator: A, coder: Coder) -> Pipeline<A> {
        Pipeline { annotator, coder, limits: Limits::default() }
    }

    /// Tokenizes, tags and parses `text` and codes it as of `report_date`
    /// (`YYYY-MM-DD` or an ISO timestamp), refusing one over the size limit.
    pub fn code_text(&self, id: &str, text: String, report_date: &str) -> Result<Coded, PipelineError> {
        if text.len() > self.limits.max_doc_bytes {
            return Err(PipelineError::TooLarge { size: text.len(), limit: self.limits.max_doc_bytes });
        }
        let date = date_number(report_date)?;
        let doc = self.parse(Input::Text { id: id.to_string(), text });
        let day = report_day(report_date).to_string();
        let coding = self.code_parsed(&doc, date, &day);
        Ok(Coded::new(doc, day, coding))
    }

    /// Parses and codes documents in input order, [`BATCH`] at a time (or
    /// fewer, [`BATCH_BYTES`] of text; all cores for each stage), handing
    /// each batch's results to `sink`. Documents are pulled from `docs` as
    /// they are needed, so a lazy iterator streams. Stops at the first
    /// error `sink` returns.
    pub fn code_batch<E>(&self, docs: impl IntoIterator<Item = BatchDoc>, mut sink: impl FnMut(Vec<Coded>) -> Result<(), E>) -> Result<(), E> {
        let mut docs = docs.into_iter();
        loop {
            let mut batch: Vec<BatchDoc> = Vec::new();
            let mut bytes = 0;
            while batch.len() < BATCH && bytes < BATCH_BYTES {
                let Some(d) = docs.next() else { break };
                bytes += d.text_len();
                batch.push(d);
            }
            if batch.is_empty() {
                return Ok(());
            }
            let parsed: Vec<(Doc, Date, String, Option<WindowAt>)> =
                batch.into_par_iter().map(|b| (self.parse(b.input), b.date, b.report_date, b.at)).collect();
            let coded: Vec<Coded> = parsed
                .into_par_iter()
                .map(|(doc, date, report_date, at)| {
                    let coding = self.code_parsed(&doc, date, &report_date);
                    let mut coded = Coded::new(doc, report_date, coding);
                    if let Some(at) = at {
                        coded.shift(at);
                    }
                    coded
                })
                .collect();
            sink(coded)?;
        }
    }

    /// The annotated document: tokenized, tagged and parsed by the
    /// annotator as `input` needs (a parsed input is returned as it is).
    pub fn parse(&self, input: Input) -> Doc {
        match input {
            Input::Text { id, text } => {
                let opts = dyads_text::TokenizerOptions { max_sentence_tokens: self.limits.max_sentence_tokens.max(1) };
                let mut doc = self.annotator.tokenize(id, text, &opts);
                self.annotator.annotate(&mut doc, Layers::All);
                doc
            }
            Input::Tokens(mut doc) => {
                self.annotator.annotate(&mut doc, Layers::All);
                doc
            }
            Input::Parsed(doc) => doc,
        }
    }

    /// Codes an annotated document. `date` is `yyyymmdd` (dated actor roles
    /// resolve against it); `report_date` is copied into each event as given.
    pub fn code_parsed(&self, doc: &Doc, date: Date, report_date: &str) -> Coding {
        let dyads_code::DocEvents { mut events, entities, locations } = self.coder.code(doc, date, report_date);
        events.truncate(self.limits.max_events_per_doc);
        Coding { events, entities, locations }
    }

    /// How an annotated document is coded, and why not (`dyads explain`).
    pub fn explain(&self, doc: &Doc, date: Date) -> String {
        self.coder.explain(doc, date)
    }

    /// Noun phrases in source or target position that no dictionary covers,
    /// each with its sentence.
    pub fn unknown_actors(&self, doc: &Doc, date: Date) -> Vec<(String, String)> {
        self.coder.unknown_actors(doc, date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_codes_as_documents_one_by_one_in_input_order() {
        let p = Pipeline::embedded().unwrap();
        let texts = ["Iran accused Iraq of shelling the border.", "The United States met Iran in Geneva.", "Nothing happened."];
        let one_by_one: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| serde_json::to_string(&p.code_text(&format!("d{i}"), t.to_string(), "2016-03-06T10:00:00Z").unwrap().events).unwrap())
            .collect();
        let batch =
            texts.iter().enumerate().map(|(i, t)| BatchDoc::new(Input::Text { id: format!("d{i}"), text: t.to_string() }, "2016-03-06T10:00:00Z").unwrap());
        let mut batched = Vec::new();
        p.code_batch(batch, |coded| -> Result<(), ()> {
            batched.extend(coded.iter().map(|c| (c.doc.id.clone(), c.report_date.clone(), serde_json::to_string(&c.events).unwrap())));
            Ok(())
        })
        .unwrap();
        let ids: Vec<&str> = batched.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(ids, ["d0", "d1", "d2"]);
        assert!(batched.iter().all(|b| b.1 == "2016-03-06"));
        assert_eq!(batched.into_iter().map(|b| b.2).collect::<Vec<_>>(), one_by_one);
        assert!(one_by_one[0].contains("\"IRN\""), "{}", one_by_one[0]);
        assert!(BatchDoc::new(Input::Text { id: "x".into(), text: String::new() }, "2016/03/06").is_err());
    }

    #[test]
    fn a_document_coded_in_windows_counts_offsets_and_sentences_in_the_whole() {
        let p = Pipeline::embedded().unwrap();
        let paragraphs = [
            "Iran accused Iraq of shelling the border.",
            "The United States met Iran in Geneva. Nothing else happened.",
            "Russia threatened Ukraine with sanctions.",
        ];
        let text: String = (0..30).map(|i| format!("{}\n\n", paragraphs[i % 3])).collect();
        let whole = p.code_text("d", text.clone(), "2016-03-06").unwrap();
        let mut batch = Vec::new();
        let mut sentence = 0;
        for w in sources::windows::TextWindows::new(text.as_bytes(), "d", false, 200) {
            let w = w.unwrap();
            assert!(w.text.len() <= 200);
            let doc = dyads_text::tokenize("d", w.text);
            let n = doc.sentences.len();
            batch.push(BatchDoc::new(Input::Tokens(doc), "2016-03-06").unwrap().window(WindowAt { offset: w.offset, sentence }));
            sentence += n;
        }
        assert!(batch.len() > 5, "{}", batch.len());
        assert_eq!(sentence, whole.doc.sentences.len(), "windows end where sentences do");
        let mut events = Vec::new();
        p.code_batch(batch, |coded| -> Result<(), ()> {
            events.extend(coded.into_iter().flat_map(|c| c.events));
            Ok(())
        })
        .unwrap();
        assert!(events.len() >= 30, "{}", events.len());
        for e in &events {
            e.check(&text, sentence).unwrap();
        }
        let key = |e: &Event| (e.sentence, e.trigger_span, e.source_span, e.target_span, e.code.clone(), e.source.clone(), e.target.clone());
        assert_eq!(events.iter().map(key).collect::<Vec<_>>(), whole.events.iter().map(key).collect::<Vec<_>>());
    }
}
