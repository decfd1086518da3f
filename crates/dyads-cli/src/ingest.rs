//! `dyads ingest`: read -> code (all cores) -> store (one writer thread).
//!
//! Documents are coded in chunks on the rayon pool while a writer thread
//! commits the previous chunk, one transaction per chunk. Content hashes
//! already in the database are skipped before coding, so a re-run after a
//! kill resumes where the last commit ended.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use dyads_code::calendar::date_number;
use dyads_pipeline::Pipeline;
use dyads_store::{content_hash, CodedDoc, DocMeta, Store};

use crate::dict_args::DictArgs;
use crate::input::{self, Item, RawDoc};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories (read recursively): .txt, .jsonl, .html, each optionally .gz.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file (created if missing).
    #[arg(long)]
    db: PathBuf,
    /// Report date for documents that carry none (YYYY-MM-DD); default: the file's modification date.
    #[arg(long)]
    date: Option<String>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the document.
    #[arg(long)]
    lossy: bool,
    /// Refuse documents larger than this (bytes).
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_doc_bytes)]
    max_doc_bytes: usize,
    /// Keep at most this many events per document.
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_events_per_doc)]
    max_events_per_doc: usize,
    /// Sentences longer than this many tokens are cut (bounds parse time).
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_sentence_tokens)]
    max_sentence_tokens: usize,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long)]
    no_progress: bool,
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

#[derive(Default)]
struct Counters {
    docs: AtomicU64,
    duplicates: AtomicU64,
    bad: AtomicU64,
    sentences: AtomicU64,
    tokens: AtomicU64,
    mentions: AtomicU64,
    new_events: AtomicU64,
}

pub fn ingest(args: IngestArgs) -> Result<()> {
    if let Some(d) = &args.date {
        date_number(d)?;
    }
    let files = input::expand(&args.paths)?;
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let coder = args.dicts.load()?;
    let model = dyads_parse::Model::load_or_embedded(args.model.as_deref())?;
    let mut pipeline = Pipeline::new(model, coder);
    pipeline.limits.max_doc_bytes = args.max_doc_bytes;
    pipeline.limits.max_events_per_doc = args.max_events_per_doc;
    pipeline.limits.max_sentence_tokens = args.max_sentence_tokens;

    // Open (and migrate) before starting: a bad database fails fast.
    let reader = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let counters = Arc::new(Counters::default());
    let started = Instant::now();

    let pb = ProgressBar::with_draw_target(Some(total_bytes), if args.no_progress { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() });
    pb.set_style(ProgressStyle::with_template("{bar:30} {percent:>3}% {elapsed_precise} {msg}").expect("valid template"));
    pb.enable_steady_tick(Duration::from_millis(250));

    let (tx, rx) = sync_channel::<Vec<CodedDoc>>(2);
    let db_path = args.db.clone();
    let wc = counters.clone();
    let writer = std::thread::spawn(move || -> Result<()> {
        let mut store = Store::open(&db_path)?;
        for batch in rx {
            let s = store.write_batch(&batch)?;
            wc.docs.fetch_add(s.documents as u64, Ordering::Relaxed);
            wc.duplicates.fetch_add(s.duplicates as u64, Ordering::Relaxed);
            wc.mentions.fetch_add(s.mentions as u64, Ordering::Relaxed);
            wc.new_events.fetch_add(s.new_events as u64, Ordering::Relaxed);
        }
        Ok(())
    });

    let mut seen: HashSet<[u8; 16]> = HashSet::new();
    let mut chunk: Vec<RawDoc> = Vec::with_capacity(args.batch);
    let mut done_bytes = 0u64;
    let mut warned_mtime = false;
    let mut send_failed = false;
    let bar_message = |pb: &ProgressBar, c: &Counters| {
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let docs = c.docs.load(Ordering::Relaxed);
        let mentions = c.mentions.load(Ordering::Relaxed);
        pb.set_message(format!("{docs} docs ({:.0}/s), {mentions} events ({:.0}/s)", docs as f64 / secs, mentions as f64 / secs));
    };

    for file in &files {
        let default_date = args.date.clone().or_else(|| input::mtime_date(file));
        let file_len = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let mut flush = |chunk: &mut Vec<RawDoc>| -> Result<()> {
            let docs = std::mem::take(chunk);
            let coded = code_chunk(&pipeline, &reader, &mut seen, docs, &counters, &pb)?;
            if tx.send(coded).is_err() {
                send_failed = true;
            }
            bar_message(&pb, &counters);
            Ok(())
        };
        let mut result = Ok(());
        input::read_file(
            file,
            args.lossy,
            args.max_doc_bytes,
            &mut |item| match item {
                Item::Doc(mut d) => {
                    if d.date.as_deref().map(|x| date_number(x).is_err()).unwrap_or(true) {
                        if let Some(bad) = d.date.as_deref().filter(|x| date_number(x).is_err()) {
                            say(&pb, format!("dyads: {}: bad date {bad:?}, using the default report date", d.origin));
                        }
                        if args.date.is_none() && !warned_mtime {
                            say(&pb, format!("dyads: {}: no report date and no --date: using the file's modification date", d.origin));
                            warned_mtime = true;
                        }
                        d.date = default_date.clone();
                    }
                    // ISO timestamps keep their date part.
                    d.date = d.date.map(|x| x.chars().take(10).collect());
                    chunk.push(d);
                    if chunk.len() >= args.batch && result.is_ok() {
                        result = flush(&mut chunk);
                    }
                }
                Item::Bad { origin, reason } => {
                    counters.bad.fetch_add(1, Ordering::Relaxed);
                    say(&pb, format!("dyads: {origin}: skipped: {reason}"));
                }
            },
            &mut |bytes| pb.set_position(done_bytes + bytes.min(file_len)),
        );
        result?;
        if !chunk.is_empty() {
            flush(&mut chunk)?;
        }
        done_bytes += file_len;
        pb.set_position(done_bytes);
        if send_failed {
            break;
        }
    }
    drop(tx);
    let written = writer.join().expect("writer thread does not panic");
    pb.finish_and_clear();
    written.with_context(|| format!("writing {}", args.db.display()))?;

    let secs = started.elapsed().as_secs_f64();
    let c = &counters;
    let (docs, sentences, mentions) = (c.docs.load(Ordering::Relaxed), c.sentences.load(Ordering::Relaxed), c.mentions.load(Ordering::Relaxed));
    let (total_docs, _, total_events) = reader.totals()?;
    eprintln!(
        "ingested {docs} documents ({} already in the database, {} skipped with errors): {sentences} sentences, {} tokens, {mentions} event mentions, {} new distinct events in {secs:.1} s ({:.0} docs/s, {:.0} sentences/s)",
        c.duplicates.load(Ordering::Relaxed),
        c.bad.load(Ordering::Relaxed),
        c.tokens.load(Ordering::Relaxed),
        c.new_events.load(Ordering::Relaxed),
        docs as f64 / secs.max(1e-3),
        sentences as f64 / secs.max(1e-3),
    );
    let db = args.db.display();
    eprintln!("database: {db} ({total_docs} documents, {total_events} distinct events)");
    eprintln!("next:     dyads query --db {db} --dyad USA,IRN --since 2003-01");
    eprintln!("          dyads series --db {db} --dyad USA,IRN --by month");
    eprintln!("          dyads export --db {db} --format parquet --out events.parquet");
    eprintln!("          dyads serve --db {db}   (dashboard at http://127.0.0.1:8080/)");
    Ok(())
}

/// Prints a message above the progress bar (or plainly when it is hidden).
fn say(pb: &ProgressBar, msg: String) {
    pb.suspend(|| eprintln!("{msg}"));
}

/// Codes the new documents of a chunk in parallel.
fn code_chunk(
    pipeline: &Pipeline,
    reader: &Store,
    seen: &mut HashSet<[u8; 16]>,
    docs: Vec<RawDoc>,
    counters: &Counters,
    pb: &ProgressBar,
) -> Result<Vec<CodedDoc>> {
    // Hashed as `CodedDoc::new` will hash them, so a re-run skips what is stored.
    let hashed: Vec<([u8; 16], RawDoc)> = docs.into_iter().map(|d| (content_hash(&d.text, report_date(&d), &d.source, &d.url), d)).collect();
    let hashes: Vec<[u8; 16]> = hashed.iter().map(|h| h.0).collect();
    let known = reader.known_hashes(&hashes)?;
    let mut fresh = Vec::with_capacity(hashed.len());
    for (h, d) in hashed {
        if known.contains(&h) || !seen.insert(h) {
            counters.duplicates.fetch_add(1, Ordering::Relaxed);
        } else {
            fresh.push(d);
        }
    }
    let coded: Vec<Option<CodedDoc>> = fresh
        .into_par_iter()
        .map(|d| {
            let date = report_date(&d).to_string();
            // A panic in one document must not take the batch down.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.code_text(&d.key, d.text.clone(), &date)));
            match result {
                Ok(Ok(c)) => {
                    counters.sentences.fetch_add(c.doc.sentences.len() as u64, Ordering::Relaxed);
                    counters.tokens.fetch_add(c.doc.len() as u64, Ordering::Relaxed);
                    let meta = DocMeta { key: d.key, source: d.source, url: d.url, title: d.title };
                    Some(CodedDoc::new(meta, &c.doc, &date, c.events))
                }
                Ok(Err(e)) => {
                    counters.bad.fetch_add(1, Ordering::Relaxed);
                    say(pb, format!("dyads: {}: skipped: {e}", d.origin));
                    None
                }
                Err(_) => {
                    counters.bad.fetch_add(1, Ordering::Relaxed);
                    say(pb, format!("dyads: {}: skipped: internal error while coding (please report this document)", d.origin));
                    None
                }
            }
        })
        .collect();
    Ok(coded.into_iter().flatten().collect())
}

/// The date a document is coded and stored as of: its own, else the
/// default chosen while reading, else (no file date either) 1970-01-01.
fn report_date(d: &RawDoc) -> &str {
    d.date.as_deref().unwrap_or("1970-01-01")
}
