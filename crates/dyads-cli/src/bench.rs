//! `dyads bench`: throughput of each pipeline stage, one thread and all
//! cores, on treebank text and on news-like text. Prints a table (or JSON)
//! meant to be pasted into BENCHMARKS.md.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::Serialize;

use dyads_parse::{Layers, Model};
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
    #[arg(long)]
    model: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

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

fn run_stage(texts: &[(String, String)], model: &Model, coder: &dyads_code::Coder, stage: &str) -> (usize, usize) {
    let counts: Vec<(usize, usize)> = texts
        .par_iter()
        .map(|(id, text)| {
            let mut d: Doc = tokenize(id.clone(), text.clone());
            match stage {
                "tokenize" => {}
                "tokenize+tag" => model.annotate(&mut d, Layers::TagOnly),
                "tokenize+tag+parse" => model.annotate(&mut d, Layers::All),
                _ => {
                    model.annotate(&mut d, Layers::All);
                    std::hint::black_box(coder.code_doc(&d, 20000101, "2000-01-01"));
                }
            }
            (d.len(), d.sentences.len())
        })
        .collect();
    counts.iter().fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1))
}

pub fn run(args: BenchArgs) -> Result<()> {
    let t0 = Instant::now();
    let model = Model::load_or_embedded(args.model.as_deref())?;
    let load_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let coder = dyads_code::Coder::new(dyads_code::default_dictionaries(), dyads_code::CoderOptions::default());
    let dict_load_s = t1.elapsed().as_secs_f64();
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
            for stage in ["tokenize", "tokenize+tag", "tokenize+tag+parse", "tokenize+tag+parse+code"] {
                let mut best = f64::MAX;
                let mut counts = (0, 0);
                for _ in 0..args.repeat.max(1) {
                    let t = Instant::now();
                    counts = pool.install(|| run_stage(texts, &model, &coder, stage));
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
    println!("model load: {:.3} s ({}); built-in dictionaries: {:.3} s", load_s, model.description, dict_load_s);
    println!("tagger: {}; parser: {}", model.tagger.describe(), model.parser.describe());
    println!("| corpus | stage | threads | tokens | tokens/s | sentences/s | documents/s |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.1} |",
            r.corpus, r.stage, r.threads, r.tokens, r.tokens_per_s, r.sentences_per_s, r.documents_per_s
        );
    }
    Ok(())
}
