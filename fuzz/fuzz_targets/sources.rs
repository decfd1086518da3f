//! The ingest readers on a byte stream: JSONL, HTML or plain text, plain
//! or gzip'd (the first byte chooses). Every item is a document or a bad
//! item naming where it was; JSONL line numbers count up; HTML dates are
//! YYYY-MM-DD; script content never reaches the extracted text (a script
//! element holding a sentinel is put in front of every plain HTML input:
//! the sentinel must never come out, whatever follows it).
#![no_main]
use dyads_pipeline::sources::{buffered, read_stream, Format, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else { return };
    let format = [Format::Text, Format::Jsonl, Format::Html][choice as usize % 3];
    let gz = choice & 0x80 != 0;
    let max = if choice & 0x40 != 0 { 64 } else { 1 << 16 };
    let lossy = choice & 0x20 != 0;
    const SENTINEL: &str = "dyadsScriptSentinel";
    let mut framed;
    let mut body = body;
    let check_script = format == Format::Html && !gz && !contains(body, SENTINEL.as_bytes());
    if check_script {
        framed = format!("<script>{SENTINEL}()</script>").into_bytes();
        framed.extend_from_slice(body);
        body = &framed;
    }
    let mut reader = buffered(body, gz);
    let mut items = Vec::new();
    read_stream("in", format, &mut reader, lossy, max, &mut |i| items.push(i), &mut |_| {});
    // Lossy decoding may turn one bad byte into a 3-byte U+FFFD.
    let text_cap = if lossy { 3 * max } else { max };
    let mut last_line = 0usize;
    for item in &items {
        let origin = match item {
            Item::Doc(d) => {
                assert!(d.text.len() <= text_cap || format == Format::Jsonl, "document over the limit");
                if let Some(date) = &d.date {
                    if format == Format::Html {
                        let b = date.as_bytes();
                        assert!(b.len() == 10 && b[4] == b'-' && b[7] == b'-', "HTML date {date:?}");
                    }
                }
                if check_script {
                    assert!(!d.text.contains(SENTINEL), "script content in the text: {:?}", d.text);
                }
                &d.origin
            }
            Item::Bad { origin, reason } => {
                assert!(!reason.is_empty());
                origin
            }
        };
        assert!(origin.starts_with("in"), "origin {origin:?}");
        if format == Format::Jsonl {
            if let Some(line) = origin.strip_prefix("in:").and_then(|n| n.parse::<usize>().ok()) {
                assert!(line > last_line, "line numbers go back: {line} after {last_line}");
                last_line = line;
            }
        }
    }
    if format != Format::Jsonl && !gz {
        assert_eq!(items.len(), 1, "one item per plain or HTML file");
    }
});

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
