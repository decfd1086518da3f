//! `dyads code`: documents in, one JSON object (or TSV row) per event out.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;

use dyads_code::calendar::date_number;
use dyads_parse::Model;
use dyads_pipeline::{BatchDoc, Input, Pipeline};

use crate::dict_args::DictArgs;
use crate::format::{CodedWriter, Format};
use crate::input::{self, InputFormat};

#[derive(clap::Args)]
pub struct CodeArgs {
    /// Input file, or - for standard input.
    #[arg(default_value = "-")]
    file: String,
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Report date of the documents (YYYY-MM-DD) when the input has none.
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "jsonl", value_parser = Format::parser(&[Format::Jsonl, Format::Tsv]))]
    format: Format,
    /// Also output negated events (flagged "negated": true).
    #[arg(long)]
    keep_negated: bool,
    /// PETRARCH's rule: code only events with a target (by default an act
    /// with no recipient is coded with "target": null).
    #[arg(long)]
    require_target: bool,
    /// `events`: one JSON object per event. `documents`: one per document,
    /// with its events and its entity table (actors, pronouns, roles).
    #[arg(long, value_enum, default_value_t = Output::Events)]
    output: Output,
    #[arg(long)]
    lossy: bool,
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Output {
    Events,
    Documents,
}

pub fn code(args: CodeArgs) -> Result<()> {
    let mut coder = args.dicts.load()?;
    coder.options.keep_negated = args.keep_negated;
    coder.options.require_target = args.require_target;
    let model = Model::load_or_embedded(args.model.as_deref())?;
    let mut pipeline = Pipeline::new(model, coder);
    // `dyads code` writes every event it finds; the cap guards `ingest`.
    pipeline.limits.max_events_per_doc = usize::MAX;
    // The report date: per document from JSONL `date`, else --date. Without
    // either, dated roles cannot be resolved sensibly: say so, use 1970-01-01.
    let docs = input::read_dated_docs(&args.file, args.input_format, args.lossy)?;
    if args.date.is_none() && docs.iter().any(|(_, d)| d.is_none()) {
        eprintln!("dyads: no --date given: documents without their own date are coded as of 1970-01-01");
    }
    let default_date = args.date.clone().unwrap_or_else(|| "1970-01-01".to_string());
    date_number(&default_date)?;
    let conllu = args.input_format.is_conllu(&args.file);
    let batch = docs.into_iter().map(|(doc, doc_date)| {
        let report = match doc_date.as_deref() {
            Some(d) if date_number(d).is_ok() => d,
            Some(d) => {
                eprintln!("dyads: {}: bad date {d:?}, using {default_date}", doc.id);
                &default_date
            }
            None => &default_date,
        };
        // CoNLL-U with its own parse is coded on that parse; all else is parsed here.
        let input = if conllu && doc.is_parsed() { Input::Parsed(doc) } else { Input::Tokens(doc) };
        BatchDoc::new(input, report).expect("the date was checked")
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
    })?;
    out.flush()?;
    Ok(())
}
