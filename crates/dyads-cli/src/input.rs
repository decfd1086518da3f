//! The command line's inputs: the files and streams `dyads ingest` is given
//! (folders walked recursively, documented extensions only), and the
//! documents `code`, `parse`, `unknown-actors` and the others read: plain
//! text (one document per file), JSONL (one document per line,
//! `id`/`date`/`source`/`url`/`title`/`text`), HTML (a page's main text)
//! and CoNLL-U (already tokenized and possibly parsed), told apart by the
//! file's extension, else by its content (so JSONL on standard input is
//! JSONL). Reading each file is `dyads_pipeline::sources`.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;

use dyads_pipeline::sources::windows::{TextWindows, WINDOW_BYTES};
use dyads_pipeline::sources::{buffered, html, is_gzip, sniff, Format, JsonlReader, DOCUMENT_EXTENSIONS};
pub use dyads_pipeline::sources::{read_file, Item, RawDoc};
use dyads_pipeline::WindowAt;
use dyads_text::{read_conllu, tokenize, Doc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By file extension (.conllu, .jsonl/.ndjson, .html/.htm, .txt), else
    /// by content: `{` starts JSONL, an HTML doctype or `<html` a page,
    /// CoNLL-U word lines CoNLL-U, anything else is one text document.
    Auto,
    /// One plain-text document.
    Text,
    /// One document per line: `id`, `date`, `text`, ...
    Jsonl,
    /// Tokenized (and possibly parsed) CoNLL-U, `# newdoc` per document.
    Conllu,
    /// One HTML page: its main text and published date.
    Html,
}

impl InputFormat {
    /// The format a file's name says, if it says one.
    fn by_name(name: &str) -> Option<InputFormat> {
        let lower = name.to_ascii_lowercase();
        let base = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = Path::new(base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        match ext.as_str() {
            "conllu" | "conll" => Some(InputFormat::Conllu),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "txt" | "text" => Some(InputFormat::Text),
            _ => None,
        }
    }

    /// The format of `bytes` read from `name`: as asked, else by name,
    /// else by content.
    fn resolve(self, name: &str, bytes: &[u8]) -> InputFormat {
        match self {
            InputFormat::Auto => InputFormat::by_name(name).unwrap_or_else(|| match sniff(bytes) {
                Format::Jsonl => InputFormat::Jsonl,
                Format::Html => InputFormat::Html,
                Format::Text if looks_like_conllu(bytes) => InputFormat::Conllu,
                Format::Text => InputFormat::Text,
            }),
            f => f,
        }
    }
}

/// CoNLL-U: after any `#` comment lines, a word line of ten tab-separated
/// fields whose first is a word id (`1`, `1-2`, `1.1`).
fn looks_like_conllu(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 << 10)];
    let text = String::from_utf8_lossy(head);
    let Some(line) = text.lines().map(str::trim_end).find(|l| !l.is_empty() && !l.starts_with('#')) else { return false };
    let fields: Vec<&str> = line.split('\t').collect();
    fields.len() == 10 && !fields[0].is_empty() && fields[0].bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
}

/// `--date`'s parser: a calendar day `YYYY-MM-DD`, checked before any work.
pub fn date_arg(s: &str) -> std::result::Result<String, String> {
    dyads_code::calendar::date_number(s).map(|_| s.to_string()).map_err(|e| e.to_string())
}

/// The whole input, gunzipped when it is gzip (by name or magic bytes).
pub fn read_bytes(name: &str) -> Result<Vec<u8>> {
    let what = if name == "-" { "standard input".to_string() } else { name.to_string() };
    let mut buf = Vec::new();
    if name == "-" {
        std::io::stdin().read_to_end(&mut buf).with_context(|| format!("reading {what}"))?;
    } else {
        buf = std::fs::read(name).with_context(|| format!("reading {what}"))?;
    }
    if is_gzip(&buf) {
        let mut out = Vec::new();
        buffered(buf.as_slice(), true).read_to_end(&mut out).with_context(|| format!("reading {what}: bad gzip data"))?;
        buf = out;
    }
    Ok(buf)
}

pub fn read_conllu_file(path: &Path) -> Result<Vec<Doc>> {
    let name = path.display().to_string();
    let text = dyads_text::decode(read_bytes(&name)?, &name, false)?;
    Ok(read_conllu(&text, &name)?)
}

/// One document as `code`, `parse`, `explain` and `unknown-actors` read it.
pub struct InputDoc {
    pub doc: Doc,
    /// Its own report date (JSONL `date`, an HTML page's published date), unchecked.
    pub date: Option<String>,
    /// `file` or `file:line`, for messages.
    pub origin: String,
    /// A window of a larger plain-text document: where it starts in it.
    pub at: Option<WindowAt>,
}

/// What reading an input yields, in input order.
pub enum Read1 {
    Doc(Box<InputDoc>),
    /// A document reported and left out (`file[:line]`, why).
    Skip {
        origin: String,
        reason: String,
    },
}

/// The documents of one input, read as they are pulled, and the format.
pub struct Inputs {
    pub format: InputFormat,
    pub docs: Box<dyn Iterator<Item = Result<Read1>>>,
}

fn too_large(size: usize, limit: usize) -> String {
    format!("document too large: {size} bytes (limit {limit}; raise --max-doc-bytes)")
}

/// Opens `name` (or stdin for `-`) and reads its documents lazily: JSONL a
/// line at a time, CoNLL-U a `# newdoc` at a time, plain text in windows of
/// at most [`WINDOW_BYTES`], so memory does not grow with the input.
/// Documents over `max_doc_bytes` are skipped (a stream's text document is
/// found too large once that much of it has been read and coded).
pub fn open_inputs(name: &str, format: InputFormat, lossy: bool, max_doc_bytes: usize) -> Result<Inputs> {
    let label = if name == "-" { "stdin".to_string() } else { name.to_string() };
    let stem = if name == "-" { "stdin".to_string() } else { Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned()) };
    let what = if name == "-" { "standard input".to_string() } else { name.to_string() };
    let (raw, file_len): (Box<dyn std::io::Read>, Option<u64>) = if name == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = std::fs::File::open(name).with_context(|| format!("reading {what}"))?;
        let len = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(f), len)
    };
    let mut raw = BufReader::with_capacity(64 << 10, raw);
    let gz = is_gzip(raw.fill_buf().with_context(|| format!("reading {what}"))?);
    let mut reader = buffered(raw, gz);
    // The first bytes tell the format; they are read again after.
    let mut head = Vec::new();
    (&mut reader).take(64 << 10).read_to_end(&mut head).with_context(|| format!("reading {what}{}", if gz { ": bad gzip data" } else { "" }))?;
    let format = format.resolve(name, &head);
    let reader: Box<dyn BufRead> = Box::new(BufReader::new(std::io::Cursor::new(head).chain(reader)));
    let file_len = file_len.filter(|_| !gz);
    let docs: Box<dyn Iterator<Item = Result<Read1>>> = match format {
        InputFormat::Jsonl => Box::new(JsonlReader::new(&label, reader, lossy, max_doc_bytes).map(move |item| {
            Ok(match item {
                Item::Doc(d) if d.text.len() > max_doc_bytes => Read1::Skip { origin: d.origin, reason: too_large(d.text.len(), max_doc_bytes) },
                Item::Doc(d) => {
                    // Without an "id", documents are named after the file and line.
                    let line = d.origin.rsplit(':').next().unwrap_or("0").to_string();
                    let id = if d.key == d.origin { format!("{stem}-{line}") } else { d.key };
                    Read1::Doc(Box::new(InputDoc { doc: tokenize(id, d.text), date: d.date, origin: d.origin, at: None }))
                }
                Item::Bad { origin, reason } => Read1::Skip { origin, reason },
            })
        })),
        InputFormat::Conllu => Box::new(ConlluDocs { lines: reader, label, lossy, max_doc_bytes, line: 0, pending: None, done: false }.flatten()),
        InputFormat::Html => {
            let mut bytes = Vec::new();
            reader.take(max_doc_bytes as u64 + 1).read_to_end(&mut bytes).with_context(|| format!("reading {what}"))?;
            if bytes.len() > max_doc_bytes {
                Box::new(std::iter::once(Ok(Read1::Skip {
                    origin: label,
                    reason: format!("document larger than {max_doc_bytes} bytes (raise --max-doc-bytes)"),
                })))
            } else {
                let page = html::extract(&dyads_text::decode(bytes, &label, lossy)?);
                Box::new(std::iter::once(Ok(Read1::Doc(Box::new(InputDoc { doc: tokenize(stem, page.text), date: page.date, origin: label, at: None })))))
            }
        }
        InputFormat::Text | InputFormat::Auto => {
            if let Some(len) = file_len.filter(|&l| l > max_doc_bytes as u64) {
                return Ok(Inputs {
                    format,
                    docs: Box::new(std::iter::once(Ok(Read1::Skip { origin: label, reason: too_large(len as usize, max_doc_bytes) }))),
                });
            }
            let mut windows = TextWindows::new(reader, &label, lossy, WINDOW_BYTES);
            let mut sentence = 0;
            let mut over = false;
            Box::new(std::iter::from_fn(move || {
                if over {
                    return None;
                }
                let w = match windows.next() {
                    Some(Ok(w)) => w,
                    Some(Err(e)) => return Some(Err(anyhow::anyhow!(e))),
                    // An empty input is one empty document (reported as such).
                    None if windows.bytes_read() == 0 && sentence == 0 && !over => {
                        over = true;
                        dyads_pipeline::sources::windows::Window { text: String::new(), offset: 0 }
                    }
                    None => return None,
                };
                if windows.bytes_read() > max_doc_bytes {
                    over = true;
                    let reason =
                        format!("document larger than {max_doc_bytes} bytes (raise --max-doc-bytes); the events of its first {} bytes were written", w.offset);
                    return Some(Ok(Read1::Skip { origin: label.clone(), reason }));
                }
                let doc = tokenize(stem.clone(), w.text);
                let at = WindowAt { offset: w.offset, sentence };
                sentence += doc.sentences.len();
                Some(Ok(Read1::Doc(Box::new(InputDoc { doc, date: None, origin: label.clone(), at: Some(at) }))))
            }))
        }
    };
    Ok(Inputs { format, docs })
}

/// CoNLL-U documents, one `# newdoc` at a time (an input without one is a
/// single document, read whole).
struct ConlluDocs {
    lines: Box<dyn BufRead>,
    label: String,
    lossy: bool,
    max_doc_bytes: usize,
    /// Lines read so far.
    line: usize,
    /// A `# newdoc` line read that starts the next document.
    pending: Option<Vec<u8>>,
    done: bool,
}

impl Iterator for ConlluDocs {
    type Item = Vec<Result<Read1>>;

    fn next(&mut self) -> Option<Vec<Result<Read1>>> {
        if self.done {
            return None;
        }
        let first_line = self.line + 1 - self.pending.is_some() as usize;
        let mut chunk = self.pending.take().unwrap_or_default();
        let mut line = Vec::new();
        loop {
            line.clear();
            match self.lines.read_until(b'\n', &mut line) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(_) => self.line += 1,
                Err(e) => {
                    self.done = true;
                    return Some(vec![Err(anyhow::anyhow!("{}: read error: {e}", self.label))]);
                }
            }
            let is_newdoc = line.strip_prefix(b"#").is_some_and(|c| c.trim_ascii_start().starts_with(b"newdoc"));
            if is_newdoc && chunk.iter().any(|b| !b.is_ascii_whitespace()) {
                self.pending = Some(std::mem::take(&mut line));
                break;
            }
            if chunk.len() <= self.max_doc_bytes {
                chunk.extend_from_slice(&line);
            }
        }
        let origin = format!("{}:{first_line}", self.label);
        if chunk.len() > self.max_doc_bytes {
            return Some(vec![Ok(Read1::Skip { origin, reason: format!("document larger than {} bytes (raise --max-doc-bytes)", self.max_doc_bytes) })]);
        }
        let text = match dyads_text::decode(chunk, &origin, self.lossy) {
            Ok(t) => t,
            Err(e) => return Some(vec![Err(e.into())]),
        };
        match read_conllu(&text, &self.label) {
            Ok(docs) => Some(docs.into_iter().map(|doc| Ok(Read1::Doc(Box::new(InputDoc { doc, date: None, origin: origin.clone(), at: None })))).collect()),
            Err(mut e) => {
                // Lines count in the whole input, not in this document.
                e.line += first_line - 1;
                self.done = true;
                Some(vec![Err(e.into())])
            }
        }
    }
}

/// All documents of `name`, in memory (`unknown-actors`): skipped ones
/// reported and left out.
pub fn read_inputs(name: &str, format: InputFormat, lossy: bool) -> Result<Vec<InputDoc>> {
    let mut docs = Vec::new();
    for r in open_inputs(name, format, lossy, usize::MAX / 4)?.docs {
        match r? {
            Read1::Doc(d) => docs.push(*d),
            Read1::Skip { origin, reason } => crate::outcome::skip(&origin, reason),
        }
    }
    Ok(docs)
}

/// What `ingest` reads: files (walked folders included) and streams.
pub enum Source {
    /// A regular file, with its size for the progress bar.
    File(PathBuf),
    /// Standard input (`-`), a FIFO, `/dev/stdin`: read as a stream.
    Stream(PathBuf),
}

/// Expands the command-line paths into what to read, in a stable order (so
/// a re-run visits documents in the same order). In folders only files with
/// a document extension are read; the others are listed as not read.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut not_read = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stream(p.clone()));
        } else if p.is_dir() {
            let walk = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for e in walk {
                let e = match e {
                    Ok(e) => e,
                    Err(err) => {
                        eprintln!("dyads: skipped: {err}");
                        continue;
                    }
                };
                if !e.file_type().is_file() {
                    continue;
                }
                let f = e.into_path();
                if has_document_extension(&f) {
                    sources.push(Source::File(f));
                } else {
                    not_read.push(f);
                }
            }
        } else if p.is_file() {
            sources.push(Source::File(p.clone()));
        } else if p.exists() {
            sources.push(Source::Stream(p.clone()));
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    const LISTED: usize = 20;
    for f in not_read.iter().take(LISTED) {
        eprintln!("dyads: {}: not read: not a .txt, .text, .jsonl, .ndjson, .html, .htm or .xhtml file (each may be .gz)", f.display());
    }
    if not_read.len() > LISTED {
        eprintln!("dyads: ... and {} more files not read", not_read.len() - LISTED);
    }
    Ok(sources)
}

fn has_document_extension(f: &Path) -> bool {
    let name = f.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let base = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = Path::new(base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    DOCUMENT_EXTENSIONS.contains(&ext.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reads_the_name_then_the_content() {
        let jsonl = b"{\"id\":\"a\",\"text\":\"x\"}\n";
        assert_eq!(InputFormat::Auto.resolve("-", jsonl), InputFormat::Jsonl);
        assert_eq!(InputFormat::Auto.resolve("a.txt", jsonl), InputFormat::Text);
        assert_eq!(InputFormat::Auto.resolve("page", b"<!doctype html><p>x"), InputFormat::Html);
        assert_eq!(InputFormat::Auto.resolve("a.HTML", b"x"), InputFormat::Html);
        assert_eq!(InputFormat::Auto.resolve("-", b"# sent_id = 1\n1\tIran\t_\t_\t_\t_\t0\troot\t_\t_\n"), InputFormat::Conllu);
        assert_eq!(InputFormat::Auto.resolve("-", b"# A heading\nIran met Iraq.\n"), InputFormat::Text);
        assert_eq!(InputFormat::Text.resolve("a.jsonl", jsonl), InputFormat::Text);
    }
}
