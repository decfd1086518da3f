//! The command line's inputs: the files and streams `dyads ingest` is given
//! (folders walked recursively, documented extensions only), and the
//! documents `code`, `parse`, `unknown-actors` and the others read: plain
//! text (one document per file), JSONL (one document per line,
//! `id`/`date`/`source`/`url`/`title`/`text`), HTML (a page's main text)
//! and CoNLL-U (already tokenized and possibly parsed), told apart by the
//! file's extension, else by its content (so JSONL on standard input is
//! JSONL). Reading each file is `dyads_pipeline::sources`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;

use dyads_pipeline::sources::{buffered, html, is_gzip, read_stream, sniff, Format, DOCUMENT_EXTENSIONS};
pub use dyads_pipeline::sources::{read_file, Item, RawDoc};
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
}

/// The documents of one input and the format they were read as.
pub struct Inputs {
    pub format: InputFormat,
    pub docs: Vec<InputDoc>,
}

/// Reads `name` (or stdin for `-`) into documents ready for annotation. A
/// bad JSONL line is reported on stderr, counted as skipped, and left out.
pub fn read_inputs(name: &str, format: InputFormat, lossy: bool) -> Result<Inputs> {
    let label = if name == "-" { "stdin" } else { name };
    let stem = if name == "-" { "stdin".to_string() } else { Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned()) };
    let bytes = read_bytes(name)?;
    let format = format.resolve(name, &bytes);
    let docs = match format {
        InputFormat::Jsonl => {
            // The ingest reader: each line decoded and parsed on its own, so
            // one bad line (bad UTF-8, bad JSON, no "text") is reported and skipped.
            let mut docs = Vec::new();
            let mut emit = |item: Item| match item {
                Item::Doc(d) => {
                    // Without an "id", documents are named after the file and line.
                    let line = d.origin.rsplit(':').next().unwrap_or("0").to_string();
                    let id = if d.key == d.origin { format!("{stem}-{line}") } else { d.key };
                    docs.push(InputDoc { doc: tokenize(id, d.text), date: d.date, origin: d.origin });
                }
                Item::Bad { origin, reason } => crate::outcome::skip(&origin, reason),
            };
            read_stream(label, Format::Jsonl, &mut bytes.as_slice(), lossy, usize::MAX / 4, &mut emit, &mut |_| {});
            docs
        }
        InputFormat::Conllu => {
            let text = dyads_text::decode(bytes, label, lossy)?;
            read_conllu(&text, label)?.into_iter().map(|doc| InputDoc { doc, date: None, origin: label.to_string() }).collect()
        }
        InputFormat::Html => {
            let text = dyads_text::decode(bytes, label, lossy)?;
            let page = html::extract(&text);
            vec![InputDoc { doc: tokenize(stem, page.text), date: page.date, origin: label.to_string() }]
        }
        InputFormat::Text | InputFormat::Auto => {
            let text = dyads_text::decode(bytes, label, lossy)?;
            vec![InputDoc { doc: tokenize(stem, text), date: None, origin: label.to_string() }]
        }
    };
    Ok(Inputs { format, docs })
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
