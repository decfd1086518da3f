//! `dyads eval-discourse`: accuracy of event dates, attributions and
//! locations on a gold set.

use std::path::PathBuf;

use anyhow::{Context, Result};

use dyads_code::calendar::date_number;
use dyads_code::{Coder, CoderOptions};
use dyads_parse::Model;
use dyads_pipeline::{Input, Pipeline};

#[derive(clap::Args)]
pub struct EvalDiscourseArgs {
    /// JSONL with id, date, text and gold {trigger, event_date, speaker, location}.
    file: PathBuf,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    json: bool,
    /// Print each miss.
    #[arg(long)]
    show_misses: bool,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(serde::Deserialize)]
struct GoldDoc {
    id: String,
    date: String,
    text: String,
    gold: Gold,
}

#[derive(serde::Deserialize)]
struct Gold {
    trigger: String,
    event_date: String,
    speaker: Option<String>,
    location: Option<String>,
}

/// Accuracy of event dates, attributions and locations on a gold set
/// (`data/eval/discourse.jsonl`). A document whose trigger codes no event
/// counts as wrong on all three.
pub fn eval_discourse(args: EvalDiscourseArgs) -> Result<()> {
    let coder = Coder::new(dyads_code::default_dictionaries(), CoderOptions::default());
    let pipeline = Pipeline::new(Model::load_or_embedded(args.model.as_deref())?, coder);
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let docs: Vec<GoldDoc> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}", args.file.display(), i + 1)))
        .collect::<Result<_>>()?;
    let mut n = [0usize; 3];
    let mut coded_docs = 0;
    let mut misses = Vec::new();
    for d in &docs {
        let doc = pipeline.parse(Input::Text { id: d.id.clone(), text: d.text.clone() });
        let events = pipeline.code_parsed(&doc, date_number(&d.date)?, &d.date).events;
        let Some(e) = events.iter().find(|e| e.trigger.eq_ignore_ascii_case(&d.gold.trigger)) else {
            misses.push(format!("{}: no event on {:?}: {}", d.id, d.gold.trigger, d.text));
            continue;
        };
        coded_docs += 1;
        let date_ok = match d.gold.event_date.strip_prefix("range:") {
            Some(end) => e.date_range.as_ref().is_some_and(|r| r[1].as_deref() == Some(end)),
            None => e.event_date.starts_with(&d.gold.event_date) && e.date_range.is_none(),
        };
        let speaker = e.attribution.first().map(|a| a.text.to_lowercase());
        let speaker_ok = match (&d.gold.speaker, &speaker) {
            (None, None) => true,
            (Some(g), Some(s)) => s.contains(&g.to_lowercase()),
            _ => false,
        };
        // GeoNames names keep diacritics ("Kandahār"); gold is plain ASCII.
        let fold = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    'ā' | 'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                    'ē' | 'é' | 'è' | 'ê' | 'ë' => 'e',
                    'ī' | 'í' | 'ì' | 'î' | 'ï' => 'i',
                    'ō' | 'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                    'ū' | 'ú' | 'ù' | 'û' | 'ü' => 'u',
                    'ñ' => 'n',
                    'ç' => 'c',
                    c => c,
                })
                .collect()
        };
        let place = e.location.as_ref().map(|l| fold(&l.name));
        let location_ok = d.gold.location.as_deref().map(fold) == place;
        for (k, ok) in [date_ok, speaker_ok, location_ok].into_iter().enumerate() {
            n[k] += ok as usize;
        }
        if !(date_ok && speaker_ok && location_ok) {
            misses.push(format!(
                "{}: date {} (gold {}), attribution {:?} (gold {:?}), location {:?} (gold {:?})",
                d.id, e.event_date, d.gold.event_date, speaker, d.gold.speaker, place, d.gold.location
            ));
        }
    }
    let total = docs.len().max(1) as f64;
    let found = coded_docs.max(1) as f64;
    let summary = serde_json::json!({
        "documents": docs.len(),
        "events_found": coded_docs,
        "date_accuracy": n[0] as f64 / total,
        "attribution_accuracy": n[1] as f64 / total,
        "location_accuracy": n[2] as f64 / total,
        "date_accuracy_when_found": n[0] as f64 / found,
        "attribution_accuracy_when_found": n[1] as f64 / found,
        "location_accuracy_when_found": n[2] as f64 / found,
    });
    if args.show_misses {
        for m in &misses {
            println!("MISS {m}");
        }
    }
    if args.json {
        println!("{summary}");
    } else {
        println!("{}: {} documents, event found in {}", args.file.display(), docs.len(), coded_docs);
        println!("             all   where the event was coded");
        for (name, k) in [("event date ", 0), ("attribution", 1), ("location   ", 2)] {
            println!("{name}  {:5.1}%  {:5.1}%", 100.0 * n[k] as f64 / total, 100.0 * n[k] as f64 / found);
        }
    }
    Ok(())
}
