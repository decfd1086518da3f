//! `dyads code`: documents in, one JSON object (or TSV row) per event out.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::builder::RangedU64ValueParser;

use dyads_parse::Model;
use dyads_pipeline::{BatchDoc, Input, Pipeline, ReportDateRule};

use crate::dict_args::DictArgs;
use crate::format::{CodedWriter, Format};
use crate::input::{self, InputFormat, Read1};
use crate::outcome;

#[derive(clap::Args)]
pub struct CodeArgs {
    /// Input file, or - for standard input.
    #[arg(default_value = "-")]
    file: String,
    /// How to read the input (auto: by extension, else by content).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Report date (YYYY-MM-DD) of documents without their own (JSONL
    /// `date`, an HTML page's date) [default: today, UTC, with a warning].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = input::date_arg)]
    date: Option<String>,
    /// Output layout: one JSON object per event, or TSV with a header.
    #[arg(long, default_value = "jsonl", value_parser = Format::parser(&[Format::Jsonl, Format::Tsv]))]
    format: Format,
    /// Also output negated events (flagged "negated": true).
    #[arg(long)]
    keep_negated: bool,
    /// PETRARCH's rule: code only events with a target (by default an act
    /// with no recipient is coded with "target": null).
    #[arg(long)]
    require_target: bool,
    /// Code a subject that is a role with no country in reach ("Police
    /// arrested ...") as role-only ("COP"), as GDELT leaves the country
    /// blank. Off by default: it costs precision (docs/evaluation.md).
    #[arg(long)]
    role_only: bool,
    /// `events`: one JSON object per event. `documents`: one per document,
    /// with its events and its entity table (actors, pronouns, roles).
    #[arg(long, value_enum, default_value_t = Output::Events)]
    output: Output,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping (JSONL: skipping the line).
    #[arg(long)]
    lossy: bool,
    /// Skip documents larger than this (bytes), as `ingest` does. A plain
    /// text document under it is coded in windows of about a megabyte.
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_doc_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..=crate::ingest::MAX_DOC_BYTES))]
    max_doc_bytes: usize,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
    #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
    #[command(flatten)]
    dicts: DictArgs,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Output {
    Events,
    Documents,
}

pub fn code(args: CodeArgs) -> Result<()> {
    if args.output == Output::Documents && args.format != Format::Jsonl {
        return Err(outcome::Usage("--output documents writes one JSON object per document; it has no TSV layout (drop --format tsv)".into()).into());
    }
    let dates = ReportDateRule::new(args.date.as_deref())?;
    let mut coder = args.dicts.load()?;
    coder.options.keep_negated = args.keep_negated;
    coder.options.require_target = args.require_target;
    coder.options.role_only = args.role_only;
    let model = Model::load_or_embedded(args.model.as_deref())?.with_beam(args.beam.into());
    let mut pipeline = Pipeline::new(model, coder);
    // `dyads code` writes every event it finds; the cap guards `ingest`.
    pipeline.limits.max_events_per_doc = usize::MAX;
    let inputs = input::open_inputs(&args.file, args.input_format, args.lossy, args.max_doc_bytes)?;
    let conllu = inputs.format == InputFormat::Conllu;
    // Documents are read as the pipeline pulls them; a read error ends the
    // stream and is returned once what was read is written.
    let read_error = std::cell::RefCell::new(None);
    let batch = inputs.docs.map_while(|r| r.map_err(|e| *read_error.borrow_mut() = Some(e)).ok()).filter_map(|r| {
        let d = match r {
            Read1::Doc(d) => *d,
            Read1::Skip { origin, reason } => {
                outcome::skip(&origin, reason);
                return None;
            }
        };
        // The one rule: the document's date, else --date, else today.
        let date = match dates.resolve(d.date.as_deref()) {
            Ok(date) => date,
            Err(e) => {
                outcome::skip(&d.origin, e);
                return None;
            }
        };
        if date.first_today {
            eprintln!("{}", dates.today_warning("--date"));
        }
        if d.doc.text.trim().is_empty() {
            // A blank window of a larger document is no document.
            if d.at.is_none_or(|at| at.offset == 0) {
                outcome::skip(&d.origin, "no text");
            }
            return None;
        }
        // CoNLL-U with its own parse is coded on that parse; all else is parsed here.
        let input = if conllu && d.doc.is_parsed() { Input::Parsed(d.doc) } else { Input::Tokens(d.doc) };
        let b = BatchDoc::new(input, &date.day).expect("the rule checked the date");
        Some(match d.at {
            Some(at) => b.window(at),
            None => b,
        })
    });
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut writer = CodedWriter::new(args.format, &mut out)?;
    pipeline.code_batch(batch, |coded| -> Result<()> {
        for c in coded {
            match args.output {
                Output::Documents => {
                    let v = serde_json::json!({ "doc_id": c.doc.id, "report_date": c.report_date, "events": c.events, "entities": c.entities, "locations": c.locations });
                    writeln!(writer.out, "{v}")?;
                }
                Output::Events => {
                    for e in &c.events {
                        writer.event(e)?;
                    }
                }
            }
        }
        Ok(())
    })
    .context("writing standard output")?;
    out.flush().context("writing standard output")?;
    match read_error.into_inner() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
