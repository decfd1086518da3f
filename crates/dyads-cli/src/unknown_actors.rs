//! `dyads unknown-actors`: frequent noun phrases no dictionary covers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use dyads_code::calendar::date_number;
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline};

use crate::dict_args::DictArgs;
use crate::input::{self, InputFormat};

#[derive(clap::Args)]
pub struct UnknownActorsArgs {
    /// Text or JSONL files.
    #[arg(required = true)]
    files: Vec<String>,
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Date for dated actor roles (YYYY-MM-DD).
    #[arg(long, default_value = "2000-01-01")]
    date: String,
    /// How many phrases to list.
    #[arg(long, default_value_t = 50)]
    top: usize,
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

/// The most frequent uncovered noun phrases in source/target position.
pub fn unknown_actors(args: UnknownActorsArgs) -> Result<()> {
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?, args.dicts.load()?);
    let date = date_number(&args.date)?;
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in &args.files {
        let docs = input::read_docs(f, args.input_format, false)?;
        let found: Vec<Vec<(String, String)>> = docs.par_iter().map(|d| pipeline.unknown_actors(&pipeline.parse(Input::Tokens(d.clone())), date)).collect();
        for (phrase, sentence) in found.into_iter().flatten() {
            let e = counts.entry(phrase.to_uppercase()).or_insert((0, sentence));
            e.0 += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    println!("count\tphrase\texample");
    for (phrase, (n, example)) in v.into_iter().take(args.top) {
        println!("{n}\t{phrase}\t{}", example.replace(['\t', '\n'], " "));
    }
    Ok(())
}
