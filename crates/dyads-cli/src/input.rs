//! Reading documents: plain text (one document per file), JSONL (one
//! document per line, `id`/`date`/`source`/`url`/`title`/`text`) and
//! CoNLL-U (already tokenized and possibly parsed).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;

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

#[derive(serde::Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    /// Report date (YYYY-MM-DD, or an ISO timestamp whose date part is used).
    #[serde(default)]
    date: Option<String>,
    text: String,
}

/// Reads `name` (or stdin for `-`) into documents ready for annotation.
/// A malformed JSONL line is reported on stderr and skipped.
pub fn read_docs(name: &str, format: InputFormat, lossy: bool) -> Result<Vec<Doc>> {
    Ok(read_dated_docs(name, format, lossy)?.into_iter().map(|(d, _)| d).collect())
}

/// Like [`read_docs`], with each document's report date when the input
/// carries one (JSONL `date`).
pub fn read_dated_docs(name: &str, format: InputFormat, lossy: bool) -> Result<Vec<(Doc, Option<String>)>> {
    let text = dyads_text::decode(read_bytes(name)?, name, lossy)?;
    let stem = if name == "-" { "stdin".to_string() } else { Path::new(name).file_stem().map_or(name.to_string(), |s| s.to_string_lossy().into_owned()) };
    Ok(match format.resolve(name) {
        InputFormat::Conllu => read_conllu(&text, name)?.into_iter().map(|d| (d, None)).collect(),
        InputFormat::Jsonl => {
            let mut docs = Vec::new();
            for (k, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<JsonDoc>(line) {
                    Ok(j) => {
                        let id = match j.id {
                            Some(serde_json::Value::String(s)) => s,
                            Some(v) => v.to_string(),
                            None => format!("{stem}-{}", k + 1),
                        };
                        let date = j.date.map(|d| d.chars().take(10).collect::<String>());
                        docs.push((tokenize(id, j.text), date));
                    }
                    Err(e) => eprintln!("dyads: {name}:{}: skipped malformed JSONL line: {e}", k + 1),
                }
            }
            docs
        }
        _ => vec![(tokenize(stem, text), None)],
    })
}
