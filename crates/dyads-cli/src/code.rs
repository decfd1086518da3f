//! `dyads code`: documents in, one JSON object (or TSV row) per event out.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use dyads_parse::{Layers, Model};

use dyads_code::calendar::date_number;

use crate::dict_args::DictArgs;
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
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    format: OutFormat,
    /// Also output negated events (flagged "negated": true).
    #[arg(long)]
    keep_negated: bool,
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutFormat {
    Jsonl,
    Tsv,
}

pub fn code(args: CodeArgs) -> Result<()> {
    let mut coder = args.dicts.load()?;
    coder.options.keep_negated = args.keep_negated;
    let model = Model::load_or_embedded(args.model.as_deref())?;
    // The report date: per document from JSONL `date`, else --date. Without
    // either, dated roles cannot be resolved sensibly: say so, use 1970-01-01.
    let docs = input::read_dated_docs(&args.file, args.input_format, args.lossy)?;
    if args.date.is_none() && docs.iter().any(|(_, d)| d.is_none()) {
        eprintln!("dyads: no --date given: documents without their own date are coded as of 1970-01-01");
    }
    let default_date = args.date.clone().unwrap_or_else(|| "1970-01-01".to_string());
    date_number(&default_date)?;
    let layers = if args.input_format.is_conllu(&args.file) { Layers::None } else { Layers::All };
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    if matches!(args.format, OutFormat::Tsv) {
        writeln!(out, "doc_id\tsentence\tevent_date\tsource\ttarget\tcode\tquad_class\tgoldstein\tnegated\ttrigger\tsource_text\ttarget_text")?;
    }
    for chunk in docs.chunks(256) {
        // Parse the whole chunk, then code it: run in turn per document, the
        // parser's weights and the coder's automata evict each other from
        // the cache (BENCHMARKS.md measures the difference).
        let parsed: Vec<_> = chunk
            .par_iter()
            .map(|(d, _)| {
                let mut d = d.clone();
                if !d.is_parsed() || layers == Layers::All {
                    model.annotate(&mut d, Layers::All);
                }
                d
            })
            .collect();
        let coded: Vec<_> = parsed
            .par_iter()
            .zip(chunk)
            .map(|(d, (_, doc_date))| {
                let report = doc_date.as_deref().filter(|x| date_number(x).is_ok()).unwrap_or(&default_date);
                if doc_date.as_deref().is_some_and(|x| date_number(x).is_err()) {
                    eprintln!("dyads: {}: bad date {:?}, using {report}", d.id, doc_date.as_deref().unwrap_or(""));
                }
                let (events, entities, locations) = coder.code_doc_full(d, date_number(report).unwrap_or(19700101), report);
                (d.id.clone(), report.to_string(), events, (entities, locations))
            })
            .collect();
        if args.output == Output::Documents {
            for (doc_id, report_date, events, (entities, locations)) in &coded {
                let v = serde_json::json!({ "doc_id": doc_id, "report_date": report_date, "events": events, "entities": entities, "locations": locations });
                writeln!(out, "{v}")?;
            }
            continue;
        }
        for e in coded.into_iter().flat_map(|c| c.2) {
            match args.format {
                OutFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(&e)?)?,
                OutFormat::Tsv => writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    e.doc_id, e.sentence, e.event_date, e.source, e.target, e.code, e.quad_class, e.goldstein, e.negated, e.trigger,
                    e.source_text.replace(['\t', '\n'], " "), e.target_text.replace(['\t', '\n'], " ")
                )?,
            }
        }
    }
    out.flush()?;
    Ok(())
}
