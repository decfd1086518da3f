//! Reading documents from files and streams: plain text, JSONL and HTML,
//! each possibly gzip'd. Documents stream out one at a time, so a
//! multi-gigabyte JSONL file never sits in memory; each bad document or line
//! becomes an [`Item::Bad`] naming where it was, never an abort.
//!
//! [`read_stream`] takes any `BufRead`, so the fuzz targets feed it bytes
//! exactly as `dyads ingest` feeds it files.

pub mod html;
pub mod windows;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct RawDoc {
    pub key: String,
    pub text: String,
    pub date: Option<String>,
    pub source: String,
    pub url: String,
    pub title: String,
    /// Where it came from (`file` or `file:line`), for messages.
    pub origin: String,
}

#[derive(Debug)]
pub enum Item {
    Doc(RawDoc),
    Bad { origin: String, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document per file.
    Text,
    /// One document per line: `id`, `date`, `source`, `url`, `title`, `text`.
    Jsonl,
    /// One page per file; its main text is extracted.
    Html,
}

/// The format by file name, and whether it is gzip'd (a `.gz` suffix).
/// A name with no known extension is text here; [`read_file`] sniffs it.
pub fn format_of(path: &Path) -> (Format, bool) {
    let (format, gz) = format_by_name(path);
    (format.unwrap_or(Format::Text), gz)
}

/// The format a file's extension names (`None` when it names none), and
/// whether it is gzip'd (a `.gz` suffix).
pub fn format_by_name(path: &Path) -> (Option<Format>, bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (base, gz) = match name.strip_suffix(".gz") {
        Some(b) => (b.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let format = match ext.as_str() {
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    };
    (format, gz)
}

/// The extensions a folder is read for (each also with `.gz`).
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml"];

/// Whether `head` (a stream's first bytes) starts a gzip member.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The format of a stream by its first bytes (after any gzip is undone):
/// a JSON object (`{`) starts JSONL, an HTML doctype or `<html` starts a
/// page, anything else is text.
pub fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    let lower: Vec<u8> = head.iter().take(14).map(u8::to_ascii_lowercase).collect();
    if head.first() == Some(&b'{') {
        Format::Jsonl
    } else if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        Format::Html
    } else {
        Format::Text
    }
}

/// Wraps `r` in a buffered reader, decompressing when `gz` (concatenated
/// gzip members are read as one stream, as `zcat` does).
pub fn buffered<'a>(r: impl Read + 'a, gz: bool) -> Box<dyn BufRead + 'a> {
    if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(r)))
    } else {
        Box::new(BufReader::new(r))
    }
}

#[derive(serde::Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: Option<String>,
}

/// Reads one file (or FIFO, or `/dev/stdin`) by its name's format, else by
/// its content, calling `emit` for each document or bad item, and
/// `progress` with the bytes consumed so far (of the file as stored; not
/// called for gzip'd files, whose stored offset is unknown).
pub fn read_file(path: &Path, lossy: bool, max_bytes: usize, emit: &mut dyn FnMut(Item), progress: &mut dyn FnMut(u64)) {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return emit(Item::Bad { origin: name, reason: e.to_string() }),
    };
    read_named_stream(&name, path, file, lossy, max_bytes, emit, progress);
}

/// Reads a stream named `name` (`-` for standard input): the format by
/// `path`'s extension when it has a known one, else sniffed from the
/// first bytes; gzip by suffix or by its magic bytes.
pub fn read_named_stream(name: &str, path: &Path, r: impl Read, lossy: bool, max_bytes: usize, emit: &mut dyn FnMut(Item), progress: &mut dyn FnMut(u64)) {
    let (by_name, gz_by_name) = format_by_name(path);
    let mut raw = BufReader::with_capacity(64 << 10, r);
    let gz = gz_by_name || raw.fill_buf().is_ok_and(is_gzip);
    let mut no_progress = |_| {};
    let progress: &mut dyn FnMut(u64) = if gz { &mut no_progress } else { progress };
    let mut reader = buffered(raw, gz);
    let format = match by_name {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => sniff(head),
            Err(e) => return emit(Item::Bad { origin: name.to_string(), reason: format!("read error: {e}") }),
        },
    };
    read_stream(name, format, &mut reader, lossy, max_bytes, emit, progress);
}

/// Reads documents of `format` from `reader`; `name` prefixes every origin.
pub fn read_stream(
    name: &str,
    format: Format,
    reader: &mut dyn BufRead,
    lossy: bool,
    max_bytes: usize,
    emit: &mut dyn FnMut(Item),
    progress: &mut dyn FnMut(u64),
) {
    if format == Format::Jsonl {
        return read_jsonl(name, reader, lossy, max_bytes, emit, progress);
    }
    let mut bytes = Vec::new();
    let limit = (max_bytes as u64).saturating_add(1);
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        return emit(Item::Bad { origin: name.to_string(), reason: format!("read error: {e}") });
    }
    if bytes.len() as u64 >= limit {
        return emit(Item::Bad { origin: name.to_string(), reason: format!("document larger than {max_bytes} bytes (raise --max-doc-bytes)") });
    }
    let text = match dyads_text::decode(bytes, name, lossy) {
        Ok(t) => t,
        Err(e) => return emit(Item::Bad { origin: name.to_string(), reason: e.to_string() }),
    };
    let (key, origin) = (name.to_string(), name.to_string());
    let doc = if format == Format::Html {
        let h = html::extract(&text);
        RawDoc { key, text: h.text, date: h.date, source: String::new(), url: String::new(), title: h.title, origin }
    } else {
        RawDoc { key, text, date: None, source: String::new(), url: String::new(), title: String::new(), origin }
    };
    emit(Item::Doc(doc));
}

fn read_jsonl(name: &str, reader: &mut dyn BufRead, lossy: bool, max_bytes: usize, emit: &mut dyn FnMut(Item), progress: &mut dyn FnMut(u64)) {
    let mut lines = JsonlReader::new(name, reader, lossy, max_bytes);
    while let Some(item) = lines.next() {
        progress(lines.consumed());
        emit(item);
    }
}

/// The documents of a JSONL stream, one line at a time (`dyads code` pulls
/// them as it codes): a line is read up to a bound, so a line longer than
/// the document limit is skipped, not buffered.
pub struct JsonlReader<R> {
    name: String,
    reader: R,
    lossy: bool,
    cap: usize,
    line: Vec<u8>,
    n: usize,
    consumed: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(name: &str, reader: R, lossy: bool, max_bytes: usize) -> JsonlReader<R> {
        // A line may carry JSON escapes, so it may be longer than its text.
        let cap = max_bytes.saturating_mul(2).max(1 << 20);
        JsonlReader { name: name.to_string(), reader, lossy, cap, line: Vec::new(), n: 0, consumed: 0, done: false }
    }

    /// Bytes of the stream read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let name = &self.name;
        while !self.done {
            self.line.clear();
            let read = match read_line_bounded(&mut self.reader, &mut self.line, self.cap) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Item::Bad { origin: format!("{name}:{}", self.n + 1), reason: format!("read error: {e}") });
                }
            };
            if read.bytes == 0 {
                self.done = true;
                break;
            }
            self.n += 1;
            self.consumed += read.bytes as u64;
            let origin = format!("{name}:{}", self.n);
            if read.truncated {
                return Some(Item::Bad { origin, reason: format!("line longer than {} bytes", self.cap) });
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match dyads_text::decode(std::mem::take(&mut self.line), &origin, self.lossy) {
                Ok(t) => t,
                Err(e) => return Some(Item::Bad { origin, reason: e.to_string() }),
            };
            return Some(match serde_json::from_str::<JsonDoc>(&text) {
                Ok(JsonDoc { text: None, .. }) => Item::Bad { origin, reason: "no \"text\" field".into() },
                Ok(j) => {
                    let key = match j.id {
                        Some(serde_json::Value::String(s)) => s,
                        Some(serde_json::Value::Null) | None => origin.clone(),
                        Some(v) => v.to_string(),
                    };
                    Item::Doc(RawDoc {
                        key,
                        text: j.text.unwrap_or_default(),
                        date: j.date,
                        source: j.source.unwrap_or_default(),
                        url: j.url.unwrap_or_default(),
                        title: j.title.unwrap_or_default(),
                        origin,
                    })
                }
                Err(e) => Item::Bad { origin, reason: format!("malformed JSONL line: {e}") },
            });
        }
        None
    }
}

struct LineRead {
    bytes: usize,
    truncated: bool,
}

/// Reads up to and including `\n`, keeping at most `cap` bytes of it.
fn read_line_bounded(r: &mut dyn BufRead, out: &mut Vec<u8>, cap: usize) -> std::io::Result<LineRead> {
    let mut total = 0;
    let mut truncated = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let (chunk, done) = match buf.iter().position(|&c| c == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = chunk.len();
        if out.len() + n <= cap {
            out.extend_from_slice(chunk);
        } else {
            truncated = true;
        }
        total += n;
        r.consume(n);
        if done {
            break;
        }
    }
    if truncated {
        out.clear();
    }
    Ok(LineRead { bytes: total, truncated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_tells_the_format_when_the_name_does_not() {
        assert_eq!(sniff(b"  {\"id\":\"a\",\"text\":\"x\"}\n"), Format::Jsonl);
        assert_eq!(sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<HTML lang=en>"), Format::Html);
        assert_eq!(sniff(b"Iran accused Iraq."), Format::Text);
        assert_eq!(sniff(b""), Format::Text);
        assert_eq!(format_by_name(Path::new("a/b.JSONL.gz")), (Some(Format::Jsonl), true));
        assert_eq!(format_by_name(Path::new("README.md")), (None, false));
        assert_eq!(format_by_name(Path::new("-")), (None, false));
    }

    #[test]
    fn a_stream_without_a_name_is_sniffed_and_gunzipped() {
        let jsonl = b"{\"id\":\"a\",\"date\":\"2020-01-01\",\"text\":\"Iran met Iraq.\"}\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, jsonl).unwrap();
        let gz = gz.finish().unwrap();
        for bytes in [&jsonl[..], &gz[..]] {
            let mut docs = Vec::new();
            read_named_stream("stdin", Path::new("-"), bytes, false, 1 << 20, &mut |i| docs.push(i), &mut |_| {});
            match &docs[..] {
                [Item::Doc(d)] => assert_eq!((d.key.as_str(), d.date.as_deref(), d.text.as_str()), ("a", Some("2020-01-01"), "Iran met Iraq.")),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn the_largest_size_limit_does_not_overflow() {
        let mut docs = Vec::new();
        read_stream("t", Format::Text, &mut &b"Iran met Iraq."[..], false, usize::MAX, &mut |i| docs.push(i), &mut |_| {});
        assert!(matches!(&docs[..], [Item::Doc(_)]), "{docs:?}");
    }
}
