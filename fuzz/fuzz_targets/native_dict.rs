//! dyads' own dictionary format: every rejected entry is reported as
//! file:line, and a coder built from whatever loaded codes a sentence
//! without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

// The model loads before fuzzing starts, outside the per-input timeout.
fuzz_target!(init: { dyads_fuzz::model(); dyads_fuzz::coder(); }, |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut d = dyads_code::Dictionaries::default();
    dyads_code::native::read(&text, "n.dict", &mut d);
    for w in &d.warnings {
        let msg = w.to_string();
        assert!(msg.contains("n.dict:"), "warning without file:line: {msg}");
    }
    let coder = dyads_code::Coder::new(d, dyads_code::CoderOptions::default());
    let mut doc = dyads_text::tokenize("s", "Iran accused Iraq of attacks on Tuesday.".to_string());
    dyads_fuzz::model().annotate(&mut doc, dyads_parse::Layers::All);
    dyads_fuzz::code_and_check(&coder, &doc);
});
