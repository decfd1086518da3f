//! Shared pieces of the fuzz targets: the embedded model and dictionaries,
//! loaded once per process, and the checks every target applies.

use std::sync::OnceLock;

use dyads_code::{Coder, CoderOptions, Dictionaries};
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
    let dyads_code::DocEvents { events, entities, locations } = coder.code(doc, 20160306, "2016-03-06");
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

/// "Iran accused Iraq of attacks", parsed, read once: the sentence the
/// dictionary targets code with whatever dictionaries loaded.
pub fn accusation() -> &'static Doc {
    static D: OnceLock<Doc> = OnceLock::new();
    D.get_or_init(|| {
        let conllu = "1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\taccused\taccuse\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tIraq\tIraq\tPROPN\tNNP\t_\t2\tobj\t_\t_\n4\tof\tof\tADP\tIN\t_\t5\tcase\t_\t_\n5\tattacks\tattack\tNOUN\tNNS\t_\t2\tobl\t_\t_\n\n";
        dyads_text::read_conllu(conllu, "s").expect("valid CoNLL-U").pop().expect("one document")
    })
}

/// For the dictionary targets: every warning names one of `files` (as
/// `file:line`), and a coder built from whatever loaded codes a sentence
/// into valid events.
pub fn check_dictionaries(d: Dictionaries, files: &[&str]) {
    for w in &d.warnings {
        let msg = w.to_string();
        assert!(files.iter().any(|f| msg.contains(&format!("{f}:"))), "warning without file:line: {msg}");
    }
    code_and_check(&Coder::new(d, CoderOptions::default()), accusation());
}
