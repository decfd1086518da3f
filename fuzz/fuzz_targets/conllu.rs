//! The CoNLL-U door: a file reads into documents that keep the document
//! invariants (and are coded without panicking), or into an error naming
//! the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: { dyads_fuzz::coder(); }, |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match dyads_text::read_conllu(&text, "f.conllu") {
        Ok(docs) => {
            for doc in &docs {
                doc.check().unwrap_or_else(|e| panic!("{e}"));
                dyads_fuzz::code_and_check(dyads_fuzz::coder(), doc);
            }
        }
        Err(e) => assert!(e.to_string().contains("f.conllu"), "error without the file name: {e}"),
    }
});
