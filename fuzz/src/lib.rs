//! Shared pieces of the fuzz targets: the embedded model and dictionaries,
//! loaded once per process, and the checks every target applies.

use std::sync::OnceLock;

use dyads_code::{Coder, CoderOptions};
use dyads_parse::Model;
use dyads_text::Doc;

pub fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| Model::embedded().expect("embedded model"))
}

pub fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| Coder::new(dyads_code::default_dictionaries(), CoderOptions::default()))
}

/// Panics (a crash the fuzzer records) when `doc` breaks a tokenizer or
/// parser invariant.
pub fn check_doc(doc: &Doc, parsed: bool) {
    doc.check_tokens().unwrap_or_else(|e| panic!("{e}: {:?}", doc.text));
    if parsed {
        doc.check_tree().unwrap_or_else(|e| panic!("{e}: {:?}", doc.text));
    }
}

/// Codes `doc` with `coder` at a fixed report date and checks every event,
/// entity mention and location span against the document.
pub fn code_and_check(coder: &Coder, doc: &Doc) {
    let (events, entities, locations) = coder.code_doc_full(doc, 20160306, "2016-03-06");
    let text = &doc.text;
    for e in &events {
        e.check(text, doc.sentences.len()).unwrap_or_else(|err| panic!("{err}: {e:?}"));
    }
    let spans = entities.iter().flat_map(|e| e.mentions.iter()).chain(locations.iter().map(|l| &l.location.span));
    for &[a, b] in spans {
        assert!(a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b), "span {a}..{b} in {text:?}");
    }
}

/// Splits fuzz input into `n` parts at 0xFF bytes (never valid UTF-8, so
/// a separator the text parts cannot contain), decoding each lossily.
pub fn parts(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data.splitn(n, |&b| b == 0xFF).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    out.resize(n, String::new());
    out
}
