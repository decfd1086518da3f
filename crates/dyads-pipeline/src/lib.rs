//! The whole pipeline behind one type: raw text in, CAMEO events out.
//!
//! `dyads code`, `dyads ingest` and the Python package all go through
//! [`Pipeline`], so they code identically. The coder still reads only the
//! annotated [`Doc`]: a CoNLL-U document with its own parse can be coded with
//! [`Pipeline::code_doc`] without running our parser.

pub mod sources;

use dyads_code::{Coder, CoderOptions, Event};
use dyads_parse::{Layers, Model};
use dyads_text::Doc;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("bad date {0:?}: expected YYYY-MM-DD")]
    BadDate(String),
    #[error("document too large: {size} bytes (limit {limit}; raise --max-doc-bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error(transparent)]
    Model(#[from] dyads_parse::ModelError),
}

/// `YYYY-MM-DD` (or an ISO timestamp, whose date part is used) -> `yyyymmdd`.
pub fn date_number(s: &str) -> Result<u32, PipelineError> {
    let day = s.get(..10).unwrap_or(s);
    let b = day.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && day.bytes().filter(u8::is_ascii_digit).count() == 8;
    let digits: String = day.chars().filter(|c| c.is_ascii_digit()).collect();
    match dyads_code::dict::parse_date(&digits) {
        Some(d) if shaped => Ok(d),
        _ => Err(PipelineError::BadDate(s.to_string())),
    }
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

pub struct Pipeline {
    pub model: Model,
    pub coder: Coder,
    pub limits: Limits,
}

/// A coded document: the annotated `Doc` (for evidence) and its events.
pub struct Coded {
    pub doc: Doc,
    pub events: Vec<Event>,
}

impl Pipeline {
    pub fn new(model: Model, coder: Coder) -> Pipeline {
        Pipeline { model, coder, limits: Limits::default() }
    }

    /// The model and dictionaries built into dyads.
    pub fn embedded() -> Result<Pipeline, PipelineError> {
        Ok(Pipeline::new(Model::embedded()?, Coder::new(dyads_code::default_dictionaries(), CoderOptions::default())))
    }

    /// Tokenizes, tags, parses and codes `text` as of `report_date`.
    pub fn code_text(&self, id: &str, text: String, report_date: &str) -> Result<Coded, PipelineError> {
        if text.len() > self.limits.max_doc_bytes {
            return Err(PipelineError::TooLarge { size: text.len(), limit: self.limits.max_doc_bytes });
        }
        let date = date_number(report_date)?;
        let opts = dyads_text::TokenizerOptions { max_sentence_tokens: self.limits.max_sentence_tokens.max(1) };
        let mut doc = dyads_text::tokenize_with(id.to_string(), text, &opts);
        self.model.annotate(&mut doc, Layers::All);
        let events = self.code_annotated(&doc, date, report_date);
        Ok(Coded { doc, events })
    }

    /// Codes a document that is already parsed (ours or an external CoNLL-U parse).
    pub fn code_doc(&self, doc: &Doc, report_date: &str) -> Result<Vec<Event>, PipelineError> {
        Ok(self.code_annotated(doc, date_number(report_date)?, report_date))
    }

    fn code_annotated(&self, doc: &Doc, date: u32, report_date: &str) -> Vec<Event> {
        let mut events = self.coder.code(doc, date, &report_date[..10.min(report_date.len())]).events;
        events.truncate(self.limits.max_events_per_doc);
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(date_number("2016-03-06").unwrap(), 20160306);
        assert_eq!(date_number("2016-03-06T10:00:00Z").unwrap(), 20160306);
        for bad in ["2016-3-6", "20160306", "yesterday", "", "2016-13-01"] {
            assert!(date_number(bad).is_err(), "{bad}");
        }
    }
}
