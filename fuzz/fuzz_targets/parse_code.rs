//! Text through the whole pipeline: tokenizer, tagger, parser, coder
//! (coreference, dating, geolocation). The parse is a tree per sentence;
//! every event, entity mention and location points into the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

// The model loads before fuzzing starts, outside the per-input timeout.
fuzz_target!(init: { dyads_fuzz::model(); dyads_fuzz::coder(); }, |data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = dyads_text::tokenize("f", text);
    dyads_fuzz::model().annotate(&mut doc, dyads_parse::Layers::All);
    dyads_fuzz::check_doc(&doc, true);
    dyads_fuzz::code_and_check(dyads_fuzz::coder(), &doc);
});
