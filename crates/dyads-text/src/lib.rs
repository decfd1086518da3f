//! dyads-text: the first stage of the pipeline.
//!
//! Raw bytes become a [`Doc`]: decoded ([`decode`]), tokenized and split into
//! sentences ([`tokenize`]), or read ready-parsed from CoNLL-U ([`conllu`]).

pub mod conllu;
pub mod doc;
pub mod front_matter;
mod sentences;
pub mod tokenize;

pub use conllu::{read_conllu, ud2_relation, write_conllu, ConlluError};
pub use doc::{Doc, Sentence, Upos};
pub use front_matter::{FrontKind, FrontMatter};
pub use tokenize::{tokenize, tokenize_with, TokenizerOptions};

/// Input that is not valid UTF-8, with the byte offset of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: invalid UTF-8 at byte offset {offset} (use --lossy to replace bad bytes)")]
pub struct InvalidUtf8 {
    pub source_name: String,
    pub offset: usize,
}

/// Decodes input bytes. Strict by default: invalid UTF-8 is an error naming
/// the offset; with `lossy`, bad bytes become U+FFFD. A leading BOM is dropped.
pub fn decode(bytes: Vec<u8>, source_name: &str, lossy: bool) -> Result<String, InvalidUtf8> {
    let bytes = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { bytes[3..].to_vec() } else { bytes };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(InvalidUtf8 { source_name: source_name.to_string(), offset: e.utf8_error().valid_up_to() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_reports_offset_or_decodes_lossily() {
        let bytes = b"Iran \xff talks".to_vec();
        let e = decode(bytes.clone(), "in.txt", false).unwrap_err();
        assert_eq!(e.offset, 5);
        assert!(e.to_string().contains("in.txt: invalid UTF-8 at byte offset 5"));
        assert_eq!(decode(bytes, "in.txt", true).unwrap(), "Iran \u{FFFD} talks");
        assert_eq!(decode(b"\xEF\xBB\xBFok".to_vec(), "b", false).unwrap(), "ok");
    }
}
