//! `dyads eval-events`: the coder against hand-coded real-news gold.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use dyads_code::event_eval::{read_gold, score, Predicted};
use dyads_pipeline::Pipeline;

#[derive(clap::Args)]
pub struct EvalEventsArgs {
    /// Gold file: one JSON object per sentence (`id`, `events`), e.g. data/eval/news-dev.gold.jsonl.
    #[arg(long)]
    gold: PathBuf,
    /// The sentences, JSONL with `id`, `date` and `text` (e.g. ../shared/news/dev-sentences.jsonl).
    #[arg(long)]
    text: PathBuf,
    /// Print, per sentence, the gold events not found and the coded events that match no gold.
    #[arg(long)]
    show_misses: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
    /// Parser model file (default: the embedded model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
    #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
    /// Code countryless role subjects as role-only, as `code --role-only` does.
    #[arg(long)]
    role_only: bool,
    #[command(flatten)]
    dicts: crate::dict_args::DictArgs,
}

#[derive(serde::Deserialize)]
struct Sentence {
    id: String,
    date: String,
    text: String,
}

pub fn run(args: EvalEventsArgs) -> Result<()> {
    let gold_name = args.gold.display().to_string();
    let gold_text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {gold_name}"))?;
    let gold = read_gold(&gold_text, &gold_name).map_err(anyhow::Error::msg)?;
    let text_name = args.text.display().to_string();
    let raw = std::fs::read_to_string(&args.text).with_context(|| format!("reading {text_name}"))?;
    let mut sentences = BTreeMap::new();
    for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let s: Sentence = serde_json::from_str(line).with_context(|| format!("{text_name}:{}", i + 1))?;
        sentences.insert(s.id.clone(), s);
    }
    let mut coder = args.dicts.load()?;
    coder.options.role_only = args.role_only;
    let pipeline = Pipeline::new(dyads_parse::Model::load_or_embedded(args.model.as_deref())?.with_beam(args.beam.into()), coder);
    let wanted: Vec<&Sentence> = gold.iter().filter_map(|g| sentences.get(&g.id)).collect();
    let predicted: BTreeMap<String, Vec<Predicted>> = wanted
        .par_iter()
        .map(|s| {
            let coded = pipeline.code_text(&s.id, s.text.clone(), &s.date)?;
            // Negated and hypothetical events are flagged as not having
            // happened: they are not claims the coder makes.
            let preds = coded
                .events
                .into_iter()
                .filter(|e| !e.negated && !e.hypothetical)
                .map(|e| Predicted { source: e.source, target: e.target, code: e.code, trigger: e.trigger })
                .collect();
            Ok((s.id.clone(), preds))
        })
        .collect::<Result<_>>()?;
    let report = score(&gold, &predicted);
    if !report.missing.is_empty() {
        bail!("{} gold sentence(s) not in {text_name} (first: {})", report.missing.len(), report.missing[0]);
    }
    if args.show_misses {
        for m in &report.misses {
            println!("{}: {}", m.id, sentences.get(&m.id).map_or("", |s| s.text.as_str()));
            for g in &m.missed {
                let t = g.target.as_deref().unwrap_or("-");
                println!("  missed {} -> {} {} ({})", g.source.as_deref().unwrap_or("-"), t, g.code, g.trigger.as_deref().unwrap_or(""));
            }
            for p in &m.wrong {
                println!("  wrong  {} -> {} {} ({})", p.source, p.target.as_deref().unwrap_or("-"), p.code, p.trigger);
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "sentences {}  (no-event {}, of which fired {}: {:.1}%; gold events without a named source, not scored: {})",
            report.sentences,
            report.no_event_sentences,
            report.no_event_fired,
            100.0 * report.no_event_fire_rate,
            report.unattributed
        );
        for (name, p) in [("country/root", report.country_root), ("full code", report.full)] {
            println!(
                "{name:<13} gold {:>4}  coded {:>4}  matched {:>4}  P {:.3}  R {:.3}  F1 {:.3}",
                p.gold, p.predicted, p.matched, p.precision, p.recall, p.f1
            );
        }
    }
    Ok(())
}
