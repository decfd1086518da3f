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

use clap::builder::RangedU64ValueParser;

use dyads_pipeline::{Pipeline, ReportDateRule};
use dyads_store::{content_hash, CodedDoc, DbFile, DocMeta, Store};

use crate::dict_args::DictArgs;
use crate::input::{self, Item, RawDoc, Source};
use crate::outcome;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively: .txt, .text, .jsonl, .ndjson, .html,
    /// .htm, .xhtml, each optionally .gz) or - for standard input; a named
    /// file's format is its extension's, else sniffed from its content.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file (created if missing).
    #[arg(long)]
    db: PathBuf,
    /// Make a dyads store of an existing SQLite file that is not one (adds
    /// dyads' tables to it and switches it to WAL mode).
    #[arg(long)]
    init: bool,
    /// Report date (YYYY-MM-DD) of documents without their own (JSONL `date`,
    /// an HTML page's date) [default: today, UTC, with a warning].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = input::date_arg)]
    date: Option<String>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256, value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_BATCH))]
    batch: usize,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the document.
    #[arg(long)]
    lossy: bool,
    /// Refuse documents larger than this (bytes).
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_doc_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_DOC_BYTES))]
    max_doc_bytes: usize,
    /// Keep at most this many events per document.
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_events_per_doc, value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_EVENTS_PER_DOC))]
    max_events_per_doc: usize,
    /// Sentences longer than this many tokens are cut (bounds parse time).
    #[arg(long, default_value_t = dyads_pipeline::Limits::default().max_sentence_tokens, value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_SENTENCE_TOKENS))]
    max_sentence_tokens: usize,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long)]
    no_progress: bool,
    /// Model file [default: the model built into this binary].
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

/// Upper bounds of the limits: beyond them a value is a typo, and memory
/// (a batch is held twice) or offsets (32-bit token offsets) would not cope.
const MAX_BATCH: u64 = 100_000;
pub const MAX_DOC_BYTES: u64 = 1 << 30;
const MAX_EVENTS_PER_DOC: u64 = 10_000_000;
const MAX_SENTENCE_TOKENS: u64 = 100_000;

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
    let dates = ReportDateRule::new(args.date.as_deref())?;
    check_database(&args.db, args.init)?;
    let sources = input::expand(&args.paths)?;
    let file_len = |s: &Source| match s {
        Source::File(f) => std::fs::metadata(f).map(|m| m.len()).unwrap_or(0),
        Source::Stream(_) => 0,
    };
    let total_bytes: u64 = sources.iter().map(file_len).sum();
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
    let mut send_failed = false;
    let bar_message = |pb: &ProgressBar, c: &Counters| {
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let docs = c.docs.load(Ordering::Relaxed);
        let mentions = c.mentions.load(Ordering::Relaxed);
        pb.set_message(format!("{docs} docs ({:.0}/s), {mentions} events ({:.0}/s)", docs as f64 / secs, mentions as f64 / secs));
    };
    let skip = |pb: &ProgressBar, origin: &str, reason: &dyn std::fmt::Display| {
        counters.bad.fetch_add(1, Ordering::Relaxed);
        say(pb, format!("dyads: {origin}: skipped: {reason}"));
    };

    for source in &sources {
        let len = file_len(source);
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
        let mut emit = |item: Item| match item {
            Item::Doc(mut d) => {
                // The one rule: the document's date, else --date, else today;
                // a bad date of its own skips the document, naming it.
                match dates.resolve(d.date.as_deref()) {
                    Ok(date) => {
                        if date.first_today {
                            say(&pb, dates.today_warning("--date"));
                        }
                        d.date = Some(date.day);
                    }
                    Err(e) => return skip(&pb, &d.origin, &e),
                }
                chunk.push(d);
                if chunk.len() >= args.batch && result.is_ok() {
                    result = flush(&mut chunk);
                }
            }
            Item::Bad { origin, reason } => skip(&pb, &origin, &reason),
        };
        let mut progress = |bytes: u64| pb.set_position(done_bytes + bytes.min(len));
        match source {
            Source::File(f) => input::read_file(f, args.lossy, args.max_doc_bytes, &mut emit, &mut progress),
            Source::Stream(p) if p.as_os_str() == "-" => {
                let stdin = std::io::stdin().lock();
                dyads_pipeline::sources::read_named_stream("stdin", p, stdin, args.lossy, args.max_doc_bytes, &mut emit, &mut |_| {})
            }
            Source::Stream(p) => input::read_file(p, args.lossy, args.max_doc_bytes, &mut emit, &mut |_| {}),
        }
        result?;
        if !chunk.is_empty() {
            flush(&mut chunk)?;
        }
        done_bytes += len;
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
    outcome::count_skipped(c.bad.load(Ordering::Relaxed));
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

/// The date a document is coded and stored as of, set by the report-date
/// rule while reading.
fn report_date(d: &RawDoc) -> &str {
    d.date.as_deref().expect("the report-date rule dated every document")
}

/// Refuses to write into a file that is not a dyads store unless `init`.
fn check_database(db: &std::path::Path, init: bool) -> Result<()> {
    match dyads_store::inspect(db).with_context(|| format!("reading {}", db.display()))? {
        DbFile::Missing | DbFile::Empty | DbFile::Dyads { .. } => Ok(()),
        DbFile::Foreign { .. } if init => Ok(()),
        DbFile::Foreign { reason } => Err(anyhow::anyhow!(
            "{}: {reason}; dyads would add its tables to it and switch it to WAL mode. Give another --db, or --init to make a dyads store of this file",
            db.display()
        )),
    }
}
