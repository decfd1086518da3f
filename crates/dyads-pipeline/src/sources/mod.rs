//! Reading documents from files and streams: plain text, JSONL and HTML,
//! each possibly gzip'd. Documents stream out one at a time, so a
//! multi-gigabyte JSONL file never sits in memory; each bad document or line
//! becomes an [`Item::Bad`] naming where it was, never an abort.
//!
//! [`read_stream`] takes any `BufRead`, so the fuzz targets feed it bytes
//! exactly as `dyads ingest` feeds it files.

pub mod html;

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
pub fn format_of(path: &Path) -> (Format, bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (base, gz) = match name.strip_suffix(".gz") {
        Some(b) => (b.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let format = match ext.as_str() {
        "jsonl" | "ndjson" => Format::Jsonl,
        "html" | "htm" | "xhtml" => Format::Html,
        _ => Format::Text,
    };
    (format, gz)
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

/// Reads one file by its name's format, calling `emit` for each document or
/// bad item, and `progress` with the bytes consumed so far (of the file as
/// stored; not called for gzip'd files, whose stored offset is unknown).
pub fn read_file(path: &Path, lossy: bool, max_bytes: usize, emit: &mut dyn FnMut(Item), progress: &mut dyn FnMut(u64)) {
    let name = path.display().to_string();
    let (format, gz) = format_of(path);
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return emit(Item::Bad { origin: name, reason: e.to_string() }),
    };
    let mut no_progress = |_| {};
    let progress: &mut dyn FnMut(u64) = if gz { &mut no_progress } else { progress };
    read_stream(&name, format, &mut buffered(file, gz), lossy, max_bytes, emit, progress);
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
    let limit = max_bytes as u64 + 1;
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
    // A line may carry JSON escapes, so it may be longer than its text.
    let cap = max_bytes.saturating_mul(2).max(1 << 20);
    let mut line = Vec::new();
    let mut n = 0usize;
    let mut consumed = 0u64;
    loop {
        line.clear();
        // Bounded read: a line longer than the limit is skipped, not buffered.
        let read = match read_line_bounded(reader, &mut line, cap) {
            Ok(r) => r,
            Err(e) => return emit(Item::Bad { origin: format!("{name}:{}", n + 1), reason: format!("read error: {e}") }),
        };
        if read.bytes == 0 {
            break;
        }
        n += 1;
        consumed += read.bytes as u64;
        progress(consumed);
        let origin = format!("{name}:{n}");
        if read.truncated {
            emit(Item::Bad { origin, reason: format!("line longer than {cap} bytes") });
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match dyads_text::decode(std::mem::take(&mut line), &origin, lossy) {
            Ok(t) => t,
            Err(e) => {
                emit(Item::Bad { origin, reason: e.to_string() });
                continue;
            }
        };
        match serde_json::from_str::<JsonDoc>(&text) {
            Ok(JsonDoc { text: None, .. }) => emit(Item::Bad { origin, reason: "no \"text\" field".into() }),
            Ok(j) => {
                let key = match j.id {
                    Some(serde_json::Value::String(s)) => s,
                    Some(serde_json::Value::Null) | None => origin.clone(),
                    Some(v) => v.to_string(),
                };
                emit(Item::Doc(RawDoc {
                    key,
                    text: j.text.unwrap_or_default(),
                    date: j.date,
                    source: j.source.unwrap_or_default(),
                    url: j.url.unwrap_or_default(),
                    title: j.title.unwrap_or_default(),
                    origin,
                }))
            }
            Err(e) => emit(Item::Bad { origin, reason: format!("malformed JSONL line: {e}") }),
        }
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
