//! PETRARCH validation-record XML: read errors carry a line number, and
//! record texts tokenize with the document invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    let (_, records, errors) = dyads_code::validate::read_records(&text);
    for (line, reason) in &errors {
        assert!(*line >= 1 && *line <= lines + 1, "error line {line} of {lines}");
        assert!(!reason.is_empty());
    }
    for r in &records {
        dyads_fuzz::check_doc(&dyads_text::tokenize(r.id.clone(), r.text.clone()), false);
    }
});
