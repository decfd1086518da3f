//! Raw bytes through UTF-8 decoding (strict and lossy) and the tokenizer
//! and sentence splitter: offsets on UTF-8 boundaries and inside the text,
//! no empty tokens, sentences tile the tokens, forms round-trip.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match dyads_text::decode(data.to_vec(), "f", false) {
        // A BOM is dropped; otherwise the text is the bytes.
        Ok(s) => assert_eq!(s.as_bytes(), data.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(data)),
        Err(e) => {
            let body = data.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(data);
            let bom = data.len() - body.len();
            assert!(e.offset <= data.len(), "error offset past the input");
            assert!(std::str::from_utf8(&data[bom..e.offset.max(bom)]).is_ok() || e.offset < bom, "error offset {} does not end a valid prefix", e.offset);
        }
    }
    let text = dyads_text::decode(data.to_vec(), "f", true).expect("lossy decoding never fails");
    let doc = dyads_text::tokenize("f", text);
    dyads_fuzz::check_doc(&doc, false);
    // The forms, joined with what lies between them, give back the text.
    let mut rebuilt = String::new();
    let mut at = 0;
    for i in 0..doc.len() {
        rebuilt.push_str(&doc.text[at..doc.start[i] as usize]);
        rebuilt.push_str(doc.form(i));
        at = doc.end[i] as usize;
    }
    rebuilt.push_str(&doc.text[at..]);
    assert_eq!(rebuilt, doc.text);
});
