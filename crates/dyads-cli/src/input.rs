//! The command line's inputs: the files `dyads ingest` is given (directories
//! walked recursively), and the documents `code`, `parse`, `explain` and the
//! others read: plain text (one document per file), JSONL (one document per
//! line, `id`/`date`/`source`/`url`/`title`/`text`) and CoNLL-U (already
//! tokenized and possibly parsed). Reading each file is
//! `dyads_pipeline::sources`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;

pub use dyads_pipeline::sources::{read_file, Item, RawDoc};
use dyads_pipeline::sources::{read_stream, Format};
use dyads_text::{read_conllu, tokenize, Doc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By file extension: .conllu, .jsonl, else plain text.
    Auto,
    Text,
    Jsonl,
    Conllu,
}

impl InputFormat {
    pub fn resolve(self, name: &str) -> InputFormat {
        match self {
            InputFormat::Auto if name.ends_with(".conllu") || name.ends_with(".conll") => InputFormat::Conllu,
            InputFormat::Auto if name.ends_with(".jsonl") || name.ends_with(".ndjson") => InputFormat::Jsonl,
            InputFormat::Auto => InputFormat::Text,
            f => f,
        }
    }

    pub fn is_conllu(self, name: &str) -> bool {
        self.resolve(name) == InputFormat::Conllu
    }
}

pub fn read_bytes(name: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    if name == "-" {
        std::io::stdin().read_to_end(&mut buf).context("reading standard input")?;
    } else {
        buf = std::fs::read(name).with_context(|| format!("reading {name}"))?;
    }
    Ok(buf)
}

pub fn read_conllu_file(path: &Path) -> Result<Vec<Doc>> {
    let name = path.display().to_string();
    let text = dyads_text::decode(read_bytes(&name)?, &name, false)?;
    Ok(read_conllu(&text, &name)?)
}

/// Reads `name` (or stdin for `-`) into documents ready for annotation.
/// A malformed JSONL line is reported on stderr and skipped.
pub fn read_docs(name: &str, format: InputFormat, lossy: bool) -> Result<Vec<Doc>> {
    Ok(read_dated_docs(name, format, lossy)?.into_iter().map(|(d, _)| d).collect())
}

/// Like [`read_docs`], with each document's report date when the input
/// carries one (JSONL `date`).
pub fn read_dated_docs(name: &str, format: InputFormat, lossy: bool) -> Result<Vec<(Doc, Option<String>)>> {
    let stem = if name == "-" { "stdin".to_string() } else { Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned()) };
    let format = format.resolve(name);
    if format == InputFormat::Jsonl {
        // The ingest reader: each line decoded and parsed on its own, so one
        // bad line (bad UTF-8, bad JSON, no "text") is reported and skipped.
        let bytes = read_bytes(name)?;
        let mut docs = Vec::new();
        let mut reader = std::io::BufReader::new(bytes.as_slice());
        let mut emit = |item: Item| match item {
            Item::Doc(d) => {
                // Without an "id", documents are named after the file and line.
                let line = d.origin.rsplit(':').next().unwrap_or("0").to_string();
                let id = if d.key == d.origin { format!("{stem}-{line}") } else { d.key };
                let date = d.date.map(|x| x.chars().take(10).collect::<String>());
                docs.push((tokenize(id, d.text), date));
            }
            Item::Bad { origin, reason } => eprintln!("dyads: {origin}: skipped: {reason}"),
        };
        read_stream(name, Format::Jsonl, &mut reader, lossy, usize::MAX / 4, &mut emit, &mut |_| {});
        return Ok(docs);
    }
    let text = dyads_text::decode(read_bytes(name)?, name, lossy)?;
    Ok(match format {
        InputFormat::Conllu => read_conllu(&text, name)?.into_iter().map(|d| (d, None)).collect(),
        _ => vec![(tokenize(stem, text), None)],
    })
}

/// Extensions read when walking a directory (before an optional `.gz`).
const DIR_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml", "md", ""];

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

/// The file's modification date, `YYYY-MM-DD`: the report date of a plain
/// file when nothing better is known.
pub fn mtime_date(path: &Path) -> Option<String> {
    dyads_code::calendar::utc_day(std::fs::metadata(path).ok()?.modified().ok()?)
}
