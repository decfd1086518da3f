//! dyads' own dictionary format: every rejected entry is reported as
//! file:line, and a coder built from whatever loaded codes a sentence
//! without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut d = dyads_code::Dictionaries::default();
    dyads_code::native::read(&text, "n.dict", &mut d);
    dyads_fuzz::check_dictionaries(d, &["n.dict"]);
});
