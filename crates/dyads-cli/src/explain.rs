//! `dyads explain`: how one sentence is coded, and why not.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use dyads_code::calendar::date_number;
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline, ReportDateRule};

use crate::dict_args::DictArgs;
use crate::input;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The sentence (or text) to explain.
    text: String,
    /// Report date (YYYY-MM-DD) dated actor roles are resolved at
    /// [default: today, UTC, with a warning].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = input::date_arg)]
    date: Option<String>,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
    #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
    /// Explain with countryless role subjects role-only, as `code --role-only` codes.
    #[arg(long)]
    role_only: bool,
    #[command(flatten)]
    dicts: DictArgs,
}

pub fn explain(args: ExplainArgs) -> Result<()> {
    let dates = ReportDateRule::new(args.date.as_deref())?;
    let date = dates.resolve(None)?;
    if date.first_today {
        eprintln!("{}", dates.today_warning("--date"));
    }
    let mut coder = args.dicts.load()?;
    coder.options.role_only = args.role_only;
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?.with_beam(args.beam.into()), coder);
    let doc = pipeline.parse(Input::Text { id: "explain".into(), text: args.text.clone() });
    let text = pipeline.explain(&doc, date_number(&date.day)?);
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}
