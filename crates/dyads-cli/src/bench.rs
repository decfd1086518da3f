//! `dyads bench`: throughput of each pipeline stage, one thread and all
//! cores, on treebank text and on news-like text. Prints a table (or JSON)
//! meant to be pasted into BENCHMARKS.md.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::Serialize;

use dyads_parse::{Layers, Model};
use dyads_pipeline::{BatchDoc, Input, Pipeline};
use dyads_text::{tokenize, Doc};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Gold CoNLL-U whose text is benchmarked (e.g. EWT test).
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Plain-text files concatenated into a news-like corpus.
    #[arg(long)]
    text: Vec<PathBuf>,
    /// Repeat the news-like corpus until it has at least this many bytes.
    #[arg(long, default_value_t = 2_000_000)]
    min_bytes: usize,
    /// Timed repetitions per measurement (the best is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
    #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    json: bool,
    /// Stages to measure (repeatable; default: all). `code` times the coder
    /// alone on documents tagged and parsed beforehand, so its cost can be
    /// set against the parse stage's.
    #[arg(long = "stage", value_parser = ["tokenize", "tokenize+tag", "tokenize+tag+parse", "tokenize+tag+parse+code", "code"])]
    stages: Vec<String>,
}

const ALL_STAGES: [&str; 5] = ["tokenize", "tokenize+tag", "tokenize+tag+parse", "code", "tokenize+tag+parse+code"];

#[derive(Serialize)]
struct Row {
    corpus: String,
    stage: &'static str,
    threads: usize,
    tokens: usize,
    sentences: usize,
    documents: usize,
    seconds: f64,
    tokens_per_s: f64,
    sentences_per_s: f64,
    documents_per_s: f64,
}

/// Tokenizes, tags and parses every text, in parallel.
fn parse_all(texts: &[(String, String)], pipeline: &Pipeline) -> Vec<Doc> {
    texts.par_iter().map(|(id, text)| pipeline.parse(Input::Text { id: id.clone(), text: text.clone() })).collect()
}

/// Codes documents that were tagged and parsed before the clock started.
fn run_code_only(docs: &[Doc], pipeline: &Pipeline) -> (usize, usize) {
    docs.par_iter()
        .map(|d| {
            std::hint::black_box(pipeline.code_parsed(d, 20000101, "2000-01-01"));
            (d.len(), d.sentences.len())
        })
        .reduce(|| (0, 0), |a, c| (a.0 + c.0, a.1 + c.1))
}

fn run_stage(texts: &[(String, String)], pipeline: &Pipeline, stage: &str) -> (usize, usize) {
    if stage == "tokenize+tag+parse+code" {
        // As `dyads code` runs: batches parsed, then coded.
        let batch = texts.iter().map(|(id, text)| BatchDoc::new(Input::Text { id: id.clone(), text: text.clone() }, "2000-01-01").expect("a valid date"));
        let mut total = (0, 0);
        pipeline
            .code_batch(batch, |coded| -> Result<(), std::convert::Infallible> {
                for c in std::hint::black_box(coded) {
                    total = (total.0 + c.doc.len(), total.1 + c.doc.sentences.len());
                }
                Ok(())
            })
            .unwrap_or_else(|never| match never {});
        return total;
    }
    let model = &pipeline.annotator;
    let counts: Vec<(usize, usize)> = texts
        .par_iter()
        .map(|(id, text)| {
            let mut d: Doc = tokenize(id.clone(), text.clone());
            match stage {
                "tokenize" => {}
                "tokenize+tag" => model.annotate(&mut d, Layers::TagOnly),
                "tokenize+tag+parse" => model.annotate(&mut d, Layers::All),
                _ => unreachable!("stage {stage}"),
            }
            (d.len(), d.sentences.len())
        })
        .collect();
    counts.iter().fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1))
}

pub fn run(args: BenchArgs) -> Result<()> {
    let t0 = Instant::now();
    let model = Model::load_or_embedded(args.model.as_deref())?.with_beam(args.beam.into());
    let load_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let coder = dyads_code::Coder::new(dyads_code::default_dictionaries(), dyads_code::CoderOptions::default());
    let dict_load_s = t1.elapsed().as_secs_f64();
    let pipeline = Pipeline::new(model, coder);
    let mut corpora: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for path in &args.conllu {
        let docs = crate::input::read_conllu_file(path)?;
        let texts = docs.into_iter().map(|d| (d.id.clone(), d.text)).collect();
        corpora.push((path.file_name().unwrap().to_string_lossy().into_owned(), texts));
    }
    if !args.text.is_empty() {
        let mut paragraphs = Vec::new();
        for path in &args.text {
            let name = path.display().to_string();
            let text = dyads_text::decode(std::fs::read(path)?, &name, false)?;
            paragraphs.extend(text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| p.to_string()));
        }
        if paragraphs.is_empty() {
            bail!("the --text files hold no text");
        }
        // Documents of ~20 paragraphs, repeated up to --min-bytes.
        let mut texts = Vec::new();
        let (mut bytes, mut k) = (0, 0);
        while bytes < args.min_bytes {
            let doc: Vec<&str> = (0..20).map(|j| paragraphs[(k * 20 + j) % paragraphs.len()].as_str()).collect();
            let t = doc.join("\n\n");
            bytes += t.len();
            texts.push((format!("news-{k}"), t));
            k += 1;
        }
        corpora.push(("news-like".to_string(), texts));
    }
    if corpora.is_empty() {
        bail!("give at least one --conllu or --text corpus");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut thread_counts = vec![1];
    if cores > 1 {
        thread_counts.push(cores);
    }
    let mut rows = Vec::new();
    for (name, texts) in &corpora {
        for &threads in &thread_counts {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
            for stage in ALL_STAGES.into_iter().filter(|s| args.stages.is_empty() || args.stages.iter().any(|a| a == s)) {
                let parsed: Vec<Doc> = if stage == "code" { pool.install(|| parse_all(texts, &pipeline)) } else { Vec::new() };
                let mut best = f64::MAX;
                let mut counts = (0, 0);
                for _ in 0..args.repeat.max(1) {
                    let t = Instant::now();
                    counts = pool.install(|| if stage == "code" { run_code_only(&parsed, &pipeline) } else { run_stage(texts, &pipeline, stage) });
                    best = best.min(t.elapsed().as_secs_f64());
                }
                rows.push(Row {
                    corpus: name.clone(),
                    stage,
                    threads,
                    tokens: counts.0,
                    sentences: counts.1,
                    documents: texts.len(),
                    seconds: best,
                    tokens_per_s: counts.0 as f64 / best,
                    sentences_per_s: counts.1 as f64 / best,
                    documents_per_s: texts.len() as f64 / best,
                });
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "model_load_s": load_s, "dictionary_load_s": dict_load_s, "rows": rows }))?);
        return Ok(());
    }
    let model = &pipeline.annotator;
    println!("model load: {:.3} s ({}); built-in dictionaries: {:.3} s", load_s, model.description, dict_load_s);
    println!("tagger: {}; parser: {}", model.tagger.describe(), model.parser.describe());
    println!("| corpus | stage | threads | tokens | tokens/s | sentences/s | documents/s |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!("| {} | {} | {} | {} | {:.0} | {:.0} | {:.1} |", r.corpus, r.stage, r.threads, r.tokens, r.tokens_per_s, r.sentences_per_s, r.documents_per_s);
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BenchStoreArgs {
    /// Database to query; built with synthetic events first if missing.
    #[arg(long)]
    db: PathBuf,
    /// Events to generate when building the database.
    #[arg(long, default_value_t = 1_000_000)]
    events: usize,
    /// Timed repetitions per query (median and max reported).
    #[arg(long, default_value_t = 50)]
    repeat: usize,
}

/// A deterministic generator (xorshift): the same database every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// Builds a synthetic store: `n` events over 2010-2019 among 40 countries
/// (with GOV/MIL roles), a third of them located in one of 12 cities, 10 events per document, through the real
/// `write_batch` (so mentions, counts and indexes are as after an ingest).
fn build_synthetic(path: &std::path::Path, n: usize) -> Result<()> {
    let countries = [
        "USA", "IRN", "IRQ", "ISR", "PSE", "SYR", "TUR", "GRC", "RUS", "UKR", "CHN", "TWN", "JPN", "PRK", "KOR", "IND", "PAK", "AFG", "EGY", "SAU", "YEM",
        "LBN", "JOR", "GBR", "FRA", "DEU", "ITA", "ESP", "POL", "NGA", "ETH", "SOM", "KEN", "SDN", "BRA", "VEN", "COL", "MEX", "CUB", "CAN",
    ];
    let roles = ["", "", "GOV", "MIL", "OPP"];
    // A third of the events are located, at one of these cities (the map's load).
    let cities: [(&str, &str, &str, f32, f32, u32); 12] = [
        ("Geneva", "CHE", "SZ", 46.20222, 6.14569, 2660646),
        ("Baghdad", "IRQ", "IZ", 33.34058, 44.40088, 98182),
        ("Tehran", "IRN", "IR", 35.69439, 51.42151, 112931),
        ("Washington", "USA", "US", 38.89511, -77.03637, 4140963),
        ("Moscow", "RUS", "RS", 55.75222, 37.61556, 524901),
        ("Beijing", "CHN", "CH", 39.9075, 116.39723, 1816670),
        ("Kabul", "AFG", "AF", 34.52813, 69.17233, 1138958),
        ("Jerusalem", "ISR", "IS", 31.76904, 35.21633, 281184),
        ("Damascus", "SYR", "SY", 33.5102, 36.29128, 170654),
        ("Cairo", "EGY", "EG", 30.06263, 31.24967, 360630),
        ("Kyiv", "UKR", "UP", 50.45466, 30.5238, 703448),
        ("London", "GBR", "UK", 51.50853, -0.12574, 2643743),
    ];
    let ontology = dyads_code::Ontology::cameo();
    let mut codes: Vec<&dyads_code::ontology::EventCode> = ontology.events().filter(|e| e.level >= 3).collect();
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut store = dyads_store::Store::open(path)?;
    let t0 = Instant::now();
    let mut batch = Vec::new();
    let mut made = 0;
    let mut doc_no = 0u64;
    while made < n {
        let day = 14_610 + (rng.next() % 3652) as i64; // 2010-01-01 + 10 years
        let date = dyads_code::calendar::iso_day(dyads_code::calendar::from_days(day));
        let mut events = Vec::new();
        for s in 0..10.min(n - made) {
            let (a, b) = (rng.pick(&countries), rng.pick(&countries));
            let c = rng.pick(&codes);
            let source = format!("{a}{}", rng.pick(&roles));
            let target = format!("{b}{}", rng.pick(&roles));
            let sentence = format!("Synthetic sentence {s} of document {doc_no}: {source} did {} to {target}.", c.name);
            let event = dyads_code::Event {
                doc_id: format!("synthetic-{doc_no}"),
                sentence: s,
                source_text: source.clone(),
                target_text: Some(target.clone()),
                source,
                target: Some(target),
                code: c.code.clone(),
                root: c.root.clone(),
                quad_class: c.quad_class,
                goldstein: c.goldstein,
                plover: c.plover.clone(),
                negated: false,
                hypothetical: false,
                trigger: "did".into(),
                source_span: [0, 3],
                target_span: Some([0, 3]),
                trigger_span: [0, 3],
                report_date: date.clone(),
                event_date: date.clone(),
                date_precision: dyads_code::dating::Precision::Report,
                date_evidence: None,
                date_range: None,
                attribution: Vec::new(),
                location: rng.next().is_multiple_of(3).then(|| {
                    let (name, iso3, fips, lat, lon, geonames_id) = *rng.pick(&cities);
                    dyads_code::geo::Location {
                        text: name.into(),
                        name: name.into(),
                        country_iso3: iso3.into(),
                        country_fips: fips.into(),
                        admin1: String::new(),
                        lat,
                        lon,
                        geonames_id,
                        precision: "city",
                        span: [0, 3],
                    }
                }),
                rule: "synthetic".into(),
            };
            events.push(dyads_store::CodedMention { event, sentence_start: 0, sentence_text: sentence });
        }
        made += events.len();
        let key = format!("synthetic-{doc_no}");
        batch.push(dyads_store::CodedDoc {
            hash: dyads_store::content_hash(&key, &date, "synthetic", ""),
            key,
            source: format!("outlet{}", rng.next() % 50),
            url: String::new(),
            title: String::new(),
            report_date: date,
            n_sentences: 10,
            n_tokens: 100,
            events,
        });
        doc_no += 1;
        if batch.len() == 1000 {
            store.write_batch(&batch)?;
            batch.clear();
            eprint!("\rbuilding {}: {made} events ({:.0}/s)", path.display(), made as f64 / t0.elapsed().as_secs_f64());
        }
    }
    store.write_batch(&batch)?;
    store.connection().execute_batch("ANALYZE")?;
    eprintln!("\rbuilt {}: {made} events in {:.0} s", path.display(), t0.elapsed().as_secs_f64());
    Ok(())
}

/// A named benchmark query returning its row count.
type StoreCase<'a> = (&'a str, Box<dyn Fn() -> Result<usize> + 'a>);

/// Query latency on a large store: what `dyads query`, `series` and the
/// API's busiest endpoints cost.
pub fn run_store(args: BenchStoreArgs) -> Result<()> {
    if !args.db.exists() {
        build_synthetic(&args.db, args.events)?;
    }
    let store = dyads_store::Store::open_read_only(&args.db)?;
    let (docs, mentions, events) = store.totals()?;
    println!("store: {} ({docs} documents, {mentions} mentions, {events} events)", args.db.display());
    let dyad = |since: &str, until: &str| dyads_store::EventQuery {
        dyad: Some(("USA".into(), "IRN".into())),
        since: Some(since.into()),
        until: Some(until.into()),
        limit: Some(100),
        ..Default::default()
    };
    let cases: Vec<StoreCase<'_>> = vec![
        ("query dyad USA,IRN 2015 (100 rows + evidence)", Box::new(|| Ok(store.events(&dyad("2015", "2015"), true)?.0.len()))),
        ("count dyad USA,IRN 2015", Box::new(|| Ok(store.count(&dyad("2015", "2015"))? as usize))),
        ("query dyad USA,IRN one month", Box::new(|| Ok(store.events(&dyad("2015-06", "2015-06"), true)?.0.len()))),
        ("series dyad USA,IRN 10 years by month", Box::new(|| Ok(store.series(&dyad("2010", "2019"), dyads_store::By::Month)?.len()))),
        ("series dyad USA,IRN 10 years by day", Box::new(|| Ok(store.series(&dyad("2010", "2019"), dyads_store::By::Day)?.len()))),
        (
            "top dyads 2015",
            Box::new(|| {
                Ok(store.top_dyads(&dyads_store::EventQuery { since: Some("2015".into()), until: Some("2015".into()), ..Default::default() }, 20)?.len())
            }),
        ),
        (
            "query source IRN root 19 (100 rows)",
            Box::new(|| {
                Ok(store
                    .events(&dyads_store::EventQuery { source: Some("IRN".into()), root: Some("19".into()), limit: Some(100), ..Default::default() }, false)?
                    .0
                    .len())
            }),
        ),
    ];
    println!("| query | rows | median ms | max ms |\n|---|---:|---:|---:|");
    for (name, f) in &cases {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..args.repeat {
            let t = Instant::now();
            rows = f()?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!("| {name} | {rows} | {:.2} | {:.2} |", times[times.len() / 2], times[times.len() - 1]);
    }
    Ok(())
}
