//! `dyads unknown-actors`: frequent noun phrases no dictionary covers.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use dyads_code::calendar::date_number;
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline, ReportDateRule};

use crate::dict_args::DictArgs;
use crate::input::{self, InputFormat};
use crate::outcome;

#[derive(clap::Args)]
pub struct UnknownActorsArgs {
    /// Text, JSONL, HTML or CoNLL-U files (- for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// How to read the inputs (auto: by extension, else by content).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Report date (YYYY-MM-DD) of documents without their own, for dated
    /// actor roles [default: today, UTC, with a warning].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = input::date_arg)]
    date: Option<String>,
    /// How many phrases to list.
    #[arg(long, default_value_t = 50, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    top: usize,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

/// The most frequent uncovered noun phrases in source/target position.
pub fn unknown_actors(args: UnknownActorsArgs) -> Result<()> {
    let dates = ReportDateRule::new(args.date.as_deref())?;
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?, args.dicts.load()?);
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in &args.files {
        let mut docs = Vec::new();
        for d in input::read_inputs(f, args.input_format, false)? {
            match dates.resolve(d.date.as_deref()) {
                Ok(date) => {
                    if date.first_today {
                        eprintln!("{}", dates.today_warning("--date"));
                    }
                    docs.push((d.doc, date_number(&date.day)?));
                }
                Err(e) => outcome::skip(&d.origin, e),
            }
        }
        let found: Vec<Vec<(String, String)>> =
            docs.into_par_iter().map(|(d, date)| pipeline.unknown_actors(&pipeline.parse(Input::Tokens(d)), date)).collect();
        for (phrase, sentence) in found.into_iter().flatten() {
            let e = counts.entry(phrase.to_uppercase()).or_insert((0, sentence));
            e.0 += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "count\tphrase\texample")?;
    for (phrase, (n, example)) in v.into_iter().take(args.top) {
        writeln!(out, "{n}\t{phrase}\t{}", example.replace(['\t', '\n'], " "))?;
    }
    out.flush()?;
    Ok(())
}
