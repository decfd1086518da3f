//! `dyads explain`: how one sentence is coded, and why not.

use std::path::PathBuf;

use anyhow::Result;

use dyads_code::calendar::date_number;
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline};

use crate::dict_args::DictArgs;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The sentence (or text) to explain.
    text: String,
    /// Date for dated actor roles (YYYY-MM-DD).
    #[arg(long, default_value = "2000-01-01")]
    date: String,
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

pub fn explain(args: ExplainArgs) -> Result<()> {
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?, args.dicts.load()?);
    let doc = pipeline.parse(Input::Text { id: "explain".into(), text: args.text.clone() });
    print!("{}", pipeline.explain(&doc, date_number(&args.date)?));
    Ok(())
}
