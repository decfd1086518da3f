//! `dyads code` and `dyads validate-petrarch`.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use dyads_code::validate::{compare, read_records, summarize, Expected, Outcome};
use dyads_code::{load_petrarch, Coder, CoderOptions, DictKind};
use dyads_parse::{Layers, Model};

use crate::input::{self, InputFormat};

#[derive(clap::Args)]
pub struct DictArgs {
    /// Format of --actors/--agents/--verbs/--discards files. Without any of
    /// them, the dictionaries built into dyads are used.
    #[arg(long, value_enum, default_value_t = DictFormat::Dyads)]
    dict_format: DictFormat,
    /// Files in dyads' own format (any kinds mixed), added to or replacing
    /// the built-in set.
    #[arg(long)]
    dict: Vec<PathBuf>,
    /// Actor dictionary files (repeatable).
    #[arg(long)]
    actors: Vec<PathBuf>,
    #[arg(long)]
    agents: Vec<PathBuf>,
    #[arg(long)]
    verbs: Vec<PathBuf>,
    #[arg(long)]
    discards: Vec<PathBuf>,
    /// Skip malformed dictionary entries (listing them) instead of stopping.
    #[arg(long)]
    keep_going: bool,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum DictFormat {
    /// dyads' own format (what ships in data/dict/).
    Dyads,
    /// PETRARCH2/TABARI .actors, .agents, verb and discard files.
    Petrarch,
}

impl DictArgs {
    pub fn load(&self) -> Result<Coder> {
        let d = self.dictionaries()?;
        Ok(Coder::new(d, CoderOptions::default()))
    }

    pub fn dictionaries(&self) -> Result<dyads_code::Dictionaries> {
        let mut files: Vec<(DictKind, &Path)> = Vec::new();
        files.extend(self.actors.iter().map(|p| (DictKind::Actors, p.as_path())));
        files.extend(self.agents.iter().map(|p| (DictKind::Agents, p.as_path())));
        files.extend(self.verbs.iter().map(|p| (DictKind::Verbs, p.as_path())));
        files.extend(self.discards.iter().map(|p| (DictKind::Discards, p.as_path())));
        let d = if files.is_empty() && self.dict.is_empty() {
            dyads_code::default_dictionaries()
        } else if self.dict_format == DictFormat::Petrarch {
            load_petrarch(&files, self.keep_going)?
        } else {
            let mut paths: Vec<&Path> = self.dict.iter().map(|p| p.as_path()).collect();
            paths.extend(files.iter().map(|f| f.1));
            dyads_code::load_native(&paths, self.keep_going)?
        };
        for w in &d.warnings {
            eprintln!("dyads: skipped: {w}");
        }
        let problems = d.check(dyads_code::Ontology::cameo());
        if !problems.is_empty() && !(files.is_empty() && self.dict.is_empty()) {
            for p in problems.iter().take(20) {
                eprintln!("dyads: warning: {p}");
            }
            if problems.len() > 20 {
                eprintln!("dyads: warning: ... and {} more", problems.len() - 20);
            }
        }
        Ok(d)
    }
}

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

/// `YYYY-MM-DD` -> `yyyymmdd`.
fn date_number(s: &str) -> Result<u32> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    match (digits.len(), dyads_code::dict::parse_date(&digits)) {
        (8, Some(d)) => Ok(d),
        _ => bail!("bad date {s:?}: expected YYYY-MM-DD"),
    }
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
                let dyads_code::DocEvents { events, entities, locations } = coder.code(d, date_number(report).unwrap_or(19700101), report);
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

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// A PETRARCH validation records file (XML-like).
    file: PathBuf,
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
    #[arg(long)]
    model: Option<PathBuf>,
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
    let mut options = CoderOptions::default();
    if let Some(name) = &env.pico {
        let path = resolve(name);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let (table, warnings) = dyads_code::pico::NegationTable::read(&text, &path.display().to_string());
        if let Some(w) = warnings.first() {
            eprintln!("dyads: {} PICO lines skipped (first: {w})", warnings.len());
        }
        options.negation = Some(std::sync::Arc::new(table));
    }
    let coder = Coder::new(dicts, options);
    let model = Model::load_or_embedded(args.model.as_deref())?;
    let selected: Vec<_> = records
        .iter()
        .filter(|r| r.evaluate && (args.all_categories || env.include.is_empty() || env.include.contains(&r.category)))
        .collect();
    let outcomes: Vec<Outcome> = selected
        .par_iter()
        .map(|r| {
            let date = dyads_code::dict::parse_date(&r.date).unwrap_or(20000101);
            let doc = match (&r.parse, args.use_record_parse) {
                (Some(p), true) => dyads_text::read_conllu(p, &r.id).ok().and_then(|mut d| d.pop()),
                _ => None,
            };
            let doc = doc.unwrap_or_else(|| {
                let mut d = dyads_text::tokenize(r.id.clone(), r.text.clone());
                model.annotate(&mut d, Layers::All);
                d
            });
            let coded: Vec<Expected> = coder
                .code(&doc, date, &r.date)
                .events
                .into_iter()
                .map(|e| Expected { source: e.source, target: e.target, code: e.code })
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
    println!("{} ({} records, {} evaluated, parses: {})", args.file.display(), records.len(), outcomes.len(), if args.use_record_parse { "the records' own" } else { "dyads" });
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

#[derive(clap::Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    dicts: DictArgs,
    /// Directory for actors.txt, agents.txt, verbs.txt, discards.txt.
    #[arg(long)]
    out: PathBuf,
}

/// PETRARCH2 dictionaries -> dyads format, one file per kind.
pub fn convert(args: ConvertArgs) -> Result<()> {
    let d = args.dicts.dictionaries()?;
    std::fs::create_dir_all(&args.out)?;
    let parts = [
        ("actors.txt", dyads_code::Dictionaries { actors: d.actors.clone(), ..Default::default() }),
        ("agents.txt", dyads_code::Dictionaries { agents: d.agents.clone(), ..Default::default() }),
        ("verbs.txt", dyads_code::Dictionaries { verbs: d.verbs.clone(), blocks: d.blocks.clone(), synsets: d.synsets.clone(), ..Default::default() }),
        ("discards.txt", dyads_code::Dictionaries { discards: d.discards.clone(), ..Default::default() }),
    ];
    for (name, part) in parts {
        let path = args.out.join(name);
        std::fs::write(&path, dyads_code::native::write(&part)).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "wrote {}: {} actors, {} agents, {} verbs in {} blocks, {} synsets, {} discards ({} entries skipped)",
        args.out.display(), d.actors.len(), d.agents.len(), d.verbs.len(), d.blocks.len(), d.synsets.len(), d.discards.len(), d.warnings.len()
    );
    Ok(())
}

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
    let coder = args.dicts.load()?;
    let model = Model::load_or_embedded(args.model.as_deref())?;
    let date = date_number(&args.date)?;
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in &args.files {
        let docs = input::read_docs(f, args.input_format, false)?;
        let found: Vec<Vec<(String, String)>> = docs
            .par_iter()
            .map(|d| {
                let mut d = d.clone();
                model.annotate(&mut d, Layers::All);
                coder.unknown_actors(&d, date)
            })
            .collect();
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

#[derive(clap::Args)]
pub struct EvalDiscourseArgs {
    /// JSONL with id, date, text and gold {trigger, event_date, speaker, location}.
    file: PathBuf,
    #[arg(long)]
    json: bool,
    /// Print each miss.
    #[arg(long)]
    show_misses: bool,
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
    let model = Model::load_or_embedded(args.model.as_deref())?;
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
        let mut doc = dyads_text::tokenize(d.id.clone(), d.text.clone());
        model.annotate(&mut doc, Layers::All);
        let events = coder.code(&doc, date_number(&d.date)?, &d.date).events;
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
