//! `dyads validate-petrarch`: PETRARCH validation records through the
//! tokenizer, parser and coder, scored per category.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use dyads_code::validate::{compare, read_records, summarize, Expected, Outcome};
use dyads_code::{load_petrarch, Coder, CoderOptions, DictKind};
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline};

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// A PETRARCH validation records file (XML-like).
    file: PathBuf,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    json: bool,
    /// Code from each record's own CoNLL-U parse instead of our parser.
    #[arg(long)]
    use_record_parse: bool,
    /// Print each failing record with expected and coded events.
    #[arg(long)]
    show_failures: bool,
    /// Evaluate every record, not only the categories in <Include>.
    #[arg(long)]
    all_categories: bool,
    /// Where to find the dictionaries named in <Environment>.
    #[arg(long)]
    dict_dir: Option<PathBuf>,
    /// Use this verb dictionary instead of the one <Environment> names.
    #[arg(long)]
    verbs: Option<PathBuf>,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
    #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
}

pub fn validate(args: ValidateArgs) -> Result<()> {
    let text = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let text = String::from_utf8_lossy(&text);
    let (env, records, errors) = read_records(&text);
    for (line, reason) in &errors {
        eprintln!("dyads: {}:{line}: skipped record: {reason}", args.file.display());
    }
    let dir = args.file.parent().unwrap_or(Path::new("."));
    // Dictionaries named in <Environment> sit beside the records, or in a
    // sibling `dictionaries/` folder (PETRARCH2's own layout), or in --dict-dir.
    let resolve = |name: &String| -> PathBuf {
        let mut candidates = vec![dir.join(name), dir.join("../dictionaries").join(name)];
        if let Some(d) = &args.dict_dir {
            candidates.insert(0, d.join(name));
        }
        candidates.iter().find(|p| p.exists()).cloned().unwrap_or_else(|| candidates[0].clone())
    };
    let mut files: Vec<(DictKind, PathBuf)> = Vec::new();
    files.extend(env.actors.iter().map(|a| (DictKind::Actors, resolve(a))));
    files.extend(env.agents.iter().map(|a| (DictKind::Agents, resolve(a))));
    match &args.verbs {
        Some(v) => files.push((DictKind::Verbs, v.clone())),
        None => files.extend(env.verbs.iter().map(|a| (DictKind::Verbs, resolve(a)))),
    }
    files.extend(env.discards.iter().map(|a| (DictKind::Discards, resolve(a))));
    if files.is_empty() {
        bail!("{}: no <Environment> dictionaries", args.file.display());
    }
    let refs: Vec<(DictKind, &Path)> = files.iter().map(|(k, p)| (*k, p.as_path())).collect();
    let dicts = load_petrarch(&refs, true)?;
    if !dicts.warnings.is_empty() {
        eprintln!("dyads: {} dictionary entries skipped (first: {})", dicts.warnings.len(), dicts.warnings[0]);
    }
    // PETRARCH's conventions: only events with a target, and a place is a
    // target when nothing else is.
    let mut options = CoderOptions { require_target: true, locative_targets: true, future_as_act: true, codes_outside_cameo: true, ..CoderOptions::default() };
    if let Some(name) = &env.pico {
        let path = resolve(name);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let (table, warnings) = dyads_code::pico::NegationTable::read(&text, &path.display().to_string());
        if let Some(w) = warnings.first() {
            eprintln!("dyads: {} PICO lines skipped (first: {w})", warnings.len());
        }
        options.negation = Some(std::sync::Arc::new(table));
    }
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?.with_beam(args.beam.into()), Coder::new(dicts, options));
    let selected: Vec<_> =
        records.iter().filter(|r| r.evaluate && (args.all_categories || env.include.is_empty() || env.include.contains(&r.category))).collect();
    let outcomes: Vec<Outcome> = selected
        .par_iter()
        .map(|r| {
            let date = dyads_code::calendar::parse_date(&r.date).unwrap_or(20000101);
            let record_parse = match (&r.parse, args.use_record_parse) {
                (Some(p), true) => dyads_text::read_conllu(p, &r.id).ok().and_then(|mut d| d.pop()),
                _ => None,
            };
            let input = record_parse.map_or_else(|| Input::Text { id: r.id.clone(), text: r.text.clone() }, Input::Parsed);
            let doc = pipeline.parse(input);
            let coded: Vec<Expected> = pipeline
                .code_parsed(&doc, date, &r.date)
                .events
                .into_iter()
                .map(|e| Expected { source: e.source, target: e.target.unwrap_or_default(), code: e.code })
                .collect();
            compare(r, &coded)
        })
        .collect();
    let summary = summarize(&outcomes);
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
        return Ok(());
    }
    let mut by_cat: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        let e = by_cat.entry(o.category.as_str()).or_default();
        e.0 += 1;
        e.1 += o.passed as usize;
    }
    println!(
        "{} ({} records, {} evaluated, parses: {})",
        args.file.display(),
        records.len(),
        outcomes.len(),
        if args.use_record_parse { "the records' own" } else { "dyads" }
    );
    println!("| category | records | passed | rate |\n|---|---:|---:|---:|");
    for (cat, (n, p)) in &by_cat {
        println!("| {cat} | {n} | {p} | {:.1}% |", 100.0 * *p as f64 / *n as f64);
    }
    if args.show_failures {
        for o in outcomes.iter().filter(|o| !o.passed) {
            let fmt = |v: &[Expected]| v.iter().map(|e| format!("{}>{}:{}", e.source, e.target, e.code)).collect::<Vec<_>>().join(" ");
            let text = &records.iter().find(|r| r.id == o.id).unwrap().text;
            println!("FAIL {} expected [{}] coded [{}]\n     {}", o.id, fmt(&o.expected), fmt(&o.coded), text);
        }
    }
    println!("{}", serde_json::to_string(&summary)?);
    Ok(())
}
