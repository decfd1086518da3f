//! `dyads explain`: how one sentence is coded, and why not.

use std::path::PathBuf;

use anyhow::Result;

use dyads_code::calendar::date_number;
use dyads_parse::{Layers, Model};

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
    let coder = args.dicts.load()?;
    let model = Model::load_or_embedded(args.model.as_deref())?;
    let mut doc = dyads_text::tokenize("explain", args.text.clone());
    model.annotate(&mut doc, Layers::All);
    print!("{}", coder.explain(&doc, date_number(&args.date)?));
    Ok(())
}
