//! Ingest inputs: files and directories (recursively) of plain text, JSONL
//! and HTML, each possibly gzip'd. Documents stream out one at a time, so a
//! multi-gigabyte JSONL file never sits in memory; each bad document or line
//! becomes a [`Item::Bad`] naming where it was, never an abort.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Jsonl,
    Html,
}

/// Extensions read when walking a directory (before an optional `.gz`).
const DIR_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml", "md", ""];

fn kind_of(path: &Path) -> (Kind, bool) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (base, gz) = match name.strip_suffix(".gz") {
        Some(b) => (b.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = match ext.as_str() {
        "jsonl" | "ndjson" => Kind::Jsonl,
        "html" | "htm" | "xhtml" => Kind::Html,
        _ => Kind::Text,
    };
    (kind, gz)
}

/// Expands the command-line paths into the files to read, in a stable
/// order (so a re-run visits documents in the same order).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(|e| match e {
                    Ok(e) => Some(e),
                    Err(err) => {
                        eprintln!("dyads: skipped: {err}");
                        None
                    }
                })
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                    let base = name.strip_suffix(".gz").unwrap_or(&name);
                    let ext = Path::new(base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
                    DIR_EXTENSIONS.contains(&ext.as_str())
                })
                .collect();
            files.append(&mut found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(files)
}

fn open(path: &Path, gz: bool) -> std::io::Result<Box<dyn BufRead>> {
    let f = File::open(path)?;
    Ok(if gz { Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f))) } else { Box::new(BufReader::new(f)) })
}

fn decode(bytes: Vec<u8>, origin: &str, lossy: bool) -> std::result::Result<String, String> {
    dyads_text::decode(bytes, origin, lossy).map_err(|e| e.to_string())
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

/// Reads one file, calling `emit` for each document or bad item, and
/// `progress` with the bytes consumed so far (of the file as stored).
pub fn read_file(path: &Path, lossy: bool, max_bytes: usize, emit: &mut dyn FnMut(Item), progress: &mut dyn FnMut(u64)) {
    let name = path.display().to_string();
    let (kind, gz) = kind_of(path);
    let mut reader = match open(path, gz) {
        Ok(r) => r,
        Err(e) => return emit(Item::Bad { origin: name, reason: e.to_string() }),
    };
    if kind == Kind::Jsonl {
        let mut line = Vec::new();
        let mut n = 0usize;
        let mut consumed = 0u64;
        loop {
            line.clear();
            // Bounded read: a line longer than the limit is skipped, not buffered.
            let read = match read_line_bounded(&mut reader, &mut line, max_bytes.saturating_mul(2).max(1 << 20)) {
                Ok(r) => r,
                Err(e) => return emit(Item::Bad { origin: format!("{name}:{}", n + 1), reason: format!("read error: {e}") }),
            };
            if read.bytes == 0 {
                break;
            }
            n += 1;
            consumed += read.bytes as u64;
            if !gz {
                progress(consumed);
            }
            let origin = format!("{name}:{n}");
            if read.truncated {
                emit(Item::Bad { origin, reason: format!("line longer than {} bytes", max_bytes.saturating_mul(2).max(1 << 20)) });
                continue;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match decode(std::mem::take(&mut line), &origin, lossy) {
                Ok(t) => t,
                Err(e) => {
                    emit(Item::Bad { origin, reason: e });
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
        return;
    }
    let mut bytes = Vec::new();
    let limit = max_bytes as u64 + 1;
    if let Err(e) = reader.by_ref().take(limit).read_to_end(&mut bytes) {
        return emit(Item::Bad { origin: name, reason: format!("read error: {e}") });
    }
    if bytes.len() as u64 >= limit {
        return emit(Item::Bad { origin: name, reason: format!("document larger than {max_bytes} bytes (raise --max-doc-bytes)") });
    }
    let text = match decode(bytes, &name, lossy) {
        Ok(t) => t,
        Err(e) => return emit(Item::Bad { origin: name, reason: e }),
    };
    let key = name.clone();
    let doc = if kind == Kind::Html {
        let h = dyads_text::html::extract(&text);
        RawDoc { key, text: h.text, date: h.date, source: String::new(), url: String::new(), title: h.title, origin: name }
    } else {
        RawDoc { key, text, date: None, source: String::new(), url: String::new(), title: String::new(), origin: name }
    };
    emit(Item::Doc(doc));
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

/// The file's modification date, `YYYY-MM-DD`: the report date of a plain
/// file when nothing better is known.
pub fn mtime_date(path: &Path) -> Option<String> {
    let secs = std::fs::metadata(path).ok()?.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(dyads_store::iso_day(dyads_store::from_days(secs.div_euclid(86_400))))
}
