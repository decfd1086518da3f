//! The formats dyads writes events in, and their writers: `code --format`
//! (events as coded) and `export --format` (events as stored) share them.
//! Each command matches on [`Format`] exhaustively, so a new format does not
//! compile until every command says what it does with it.

use std::io::{BufWriter, Write};

use anyhow::{bail, ensure, Context, Result};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::ValueEnum;

use dyads_code::Event;
use dyads_store::{EventQuery, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per event.
    Jsonl,
    /// Tab-separated with a header: dyads' columns of a coded event.
    Tsv,
    /// GDELT 2.0 event table layout (TSV with header).
    Gdelt,
    /// Parquet (Snappy), to a file.
    Parquet,
}

impl Format {
    /// A `--format` parser that accepts only `formats`, the ones a command
    /// writes, and lists just those in its help and errors.
    pub fn parser(formats: &'static [Format]) -> impl TypedValueParser<Value = Format> {
        let names = formats.iter().map(|f| f.to_possible_value().expect("no variant is skipped"));
        PossibleValuesParser::new(names).map(|s| Format::from_str(&s, false).expect("a possible value names a variant"))
    }
}

/// The columns of `dyads code --format tsv`.
const CODED_TSV_HEADER: &str = "doc_id\tsentence\tevent_date\tsource\ttarget\tcode\tquad_class\tgoldstein\tnegated\ttrigger\tsource_text\ttarget_text";

/// Writes events as `dyads code` finds them.
pub struct CodedWriter<'a> {
    format: Format,
    pub out: &'a mut dyn Write,
}

impl<'a> CodedWriter<'a> {
    /// Starts the output (the TSV header).
    pub fn new(format: Format, out: &'a mut dyn Write) -> Result<CodedWriter<'a>> {
        match format {
            Format::Jsonl => {}
            Format::Tsv => writeln!(out, "{CODED_TSV_HEADER}")?,
            Format::Gdelt | Format::Parquet => bail!("{format:?} needs stored events: write them with `dyads export`"),
        }
        Ok(CodedWriter { format, out })
    }

    pub fn event(&mut self, e: &Event) -> Result<()> {
        match self.format {
            Format::Jsonl => writeln!(self.out, "{}", serde_json::to_string(e)?)?,
            Format::Tsv => writeln!(
                self.out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                e.doc_id,
                e.sentence + 1,
                e.event_date,
                e.source,
                e.target.as_deref().unwrap_or(""),
                e.code,
                e.quad_class,
                e.goldstein,
                e.negated,
                e.trigger,
                e.source_text.replace(['\t', '\n'], " "),
                e.target_text.as_deref().unwrap_or("").replace(['\t', '\n'], " ")
            )?,
            Format::Gdelt | Format::Parquet => unreachable!("refused by CodedWriter::new"),
        }
        Ok(())
    }
}

/// Writes the stored events `q` selects to `out` (a file, or `-` for
/// standard output); returns how many.
pub fn export(format: Format, store: &Store, q: &EventQuery, out: &str) -> Result<u64> {
    let text = |write: &dyn Fn(&mut dyn Write) -> dyads_store::Result<u64>| -> Result<u64> {
        let mut w: Box<dyn Write> = if out == "-" {
            Box::new(BufWriter::new(std::io::stdout()))
        } else {
            Box::new(BufWriter::new(std::fs::File::create(out).with_context(|| format!("creating {out}"))?))
        };
        let n = write(&mut w)?;
        w.flush()?;
        Ok(n)
    };
    match format {
        Format::Gdelt => text(&|w| dyads_store::export_gdelt(store, q, w)),
        Format::Jsonl => text(&|w| dyads_store::export_jsonl(store, q, w)),
        Format::Parquet => {
            ensure!(out != "-", "parquet needs a file: --out events.parquet");
            let f = std::fs::File::create(out).with_context(|| format!("creating {out}"))?;
            Ok(dyads_store::export_parquet(store, q, f)?)
        }
        Format::Tsv => bail!("tsv is the layout of coded events (`dyads code --format tsv`); export writes gdelt, jsonl or parquet"),
    }
}
