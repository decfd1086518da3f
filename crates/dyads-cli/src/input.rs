//! Reading documents: plain text (one document per file), JSONL (one
//! document per line, `id`/`date`/`source`/`url`/`title`/`text`) and
//! CoNLL-U (already tokenized and possibly parsed).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;

use dyads_pipeline::sources::{read_stream, Format, Item};
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
