//! The `dyads` command-line tool: one binary over the pipeline crates.

mod bench;
mod bench_attack;
mod bench_serve;
mod code;
mod convert_dict;
mod dict_args;
mod eval_discourse;
mod eval_events;
mod explain;
mod format;
mod ingest;
mod input;
mod outcome;
mod self_test;
mod store_cmds;
mod unknown_actors;
mod upgrade;
mod validate_petrarch;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use dyads_parse::{Layers, Model, TrainOptions};
use input::InputFormat;

#[derive(Parser)]
#[command(
    name = "dyads",
    version,
    about = "Fast political event-data coding: text -> parse -> CAMEO events",
    after_help = outcome::EXIT_CODES_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum TagMode {
    /// Tag, lemmatize and parse.
    All,
    /// Keep the input's tags (CoNLL-U), parse only.
    Parse,
    /// Keep the input's tags and tree.
    None,
}

/// Subcommands in the order a user meets them: coding, the event
/// database, parsing and diagnostics, then the maintainers' tools.
#[derive(Subcommand)]
enum Command {
    /// Code CAMEO events (one JSON object per event).
    #[command(after_help = outcome::EXIT_CODES_HELP)]
    Code(code::CodeArgs),
    /// Code files/directories (text, JSONL, HTML, gzip'd) into an event database.
    #[command(after_help = outcome::EXIT_CODES_HELP)]
    Ingest(ingest::IngestArgs),
    /// Query stored events by actor, dyad, code and date.
    Query(store_cmds::QueryArgs),
    /// Event counts per QuadClass and summed Goldstein per day, week or month.
    Series(store_cmds::SeriesArgs),
    /// Export stored events: GDELT 2.0 layout, JSONL or Parquet.
    Export(store_cmds::ExportArgs),
    /// Serve the JSON API and the dashboard.
    Serve(store_cmds::ServeArgs),
    /// Upgrade an event database made by an older dyads to this one's schema.
    Upgrade(upgrade::UpgradeArgs),
    /// Tokenize, tag and parse text; write CoNLL-U.
    #[command(after_help = outcome::EXIT_CODES_HELP)]
    Parse {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// How to read the input (auto: by extension, else by content).
        #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
        input_format: InputFormat,
        /// Model file [default: the model built into this binary].
        #[arg(long)]
        model: Option<PathBuf>,
        /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
        #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
        /// Replace invalid UTF-8 with U+FFFD instead of stopping.
        #[arg(long)]
        lossy: bool,
        /// With CoNLL-U input: which layers to recompute.
        #[arg(long, value_enum, default_value_t = TagMode::All)]
        annotate: TagMode,
    },
    /// Show how a sentence is coded: parse, actors, verb rules, and why not.
    Explain(explain::ExplainArgs),
    /// List frequent noun phrases in source/target position that no dictionary covers.
    #[command(after_help = outcome::EXIT_CODES_HELP)]
    UnknownActors(unknown_actors::UnknownActorsArgs),
    /// Score the parser against gold CoNLL-U (UPOS, XPOS, lemma, UAS, LAS, LAS per relation).
    EvalParse {
        /// Gold CoNLL-U file (e.g. a UD treebank's dev or test split).
        #[arg(long)]
        gold: PathBuf,
        /// Re-tokenize the gold text and score tokens and sentences too.
        #[arg(long)]
        raw: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Model file [default: the model built into this binary].
        #[arg(long)]
        model: Option<PathBuf>,
        /// Parser beam width: the K best parser states are kept (default 2); 1 parses greedily, about half again as fast.
        #[arg(long, value_name = "K", default_value_t = dyads_parse::DEFAULT_BEAM as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
    },
    /// Precision, recall and F1 of coded events against hand-coded gold sentences.
    EvalEvents(eval_events::EvalEventsArgs),
    /// Accuracy of event dates, attributions and locations on a gold set.
    EvalDiscourse(eval_discourse::EvalDiscourseArgs),
    /// Run PETRARCH validation records through tokenizer, parser and coder.
    ValidatePetrarch(validate_petrarch::ValidateArgs),
    /// Every verb entry of the dictionaries in plain frames: pass rate per frame.
    SelfTest(self_test::SelfTestArgs),
    /// Convert PETRARCH2/TABARI dictionaries to dyads' own format.
    ConvertDict(convert_dict::ConvertArgs),
    /// Train a tagger+parser model from UD treebanks.
    Train {
        /// Training treebank (CoNLL-U); repeat to train on several, in order
        /// (e.g. UD English-EWT and GUM). The model's description names them.
        #[arg(long, required = true)]
        train: Vec<PathBuf>,
        /// The tagger learns from the first K `--train` treebanks only, the
        /// parser from all (its training tags still jackknifed).
        #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..))]
        tagger_files: Option<u32>,
        /// Development treebank (CoNLL-U): picks the best epoch.
        #[arg(long)]
        dev: PathBuf,
        /// Where to write the model file.
        #[arg(long)]
        out: PathBuf,
        /// Tagger training epochs.
        #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
        tagger_epochs: usize,
        /// Parser training epochs.
        #[arg(long, default_value_t = TrainOptions::default().parser_epochs)]
        parser_epochs: usize,
        /// Folds for jackknifed training tags (1 = train the parser on gold tags).
        #[arg(long, default_value_t = TrainOptions::default().jackknife_folds)]
        jackknife: usize,
        /// Drop averaged parser weights smaller than this.
        #[arg(long, default_value_t = TrainOptions::default().parser_prune)]
        prune: f32,
        /// Drop parser features updated fewer times than this.
        #[arg(long, default_value_t = TrainOptions::default().parser_min_updates)]
        min_updates: u32,
        /// Brown clusters, a JSON object word -> spaCy's cluster integer, plain
        /// or gzipped (e.g. spacy-lookups-data's en_lexeme_cluster.json.gz):
        /// the tagger and parser get cluster features, and the table goes into
        /// the model.
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Word log probabilities, a JSON object word -> log probability
        /// (e.g. en_lexeme_prob.json.gz): probability-bucket features.
        #[arg(long, requires = "clusters")]
        probs: Option<PathBuf>,
    },
    /// Measure throughput of tokenize, tag and parse (tokens/s, sentences/s, documents/s).
    Bench(bench::BenchArgs),
    /// Query latency on a large event store (builds a synthetic one if missing).
    BenchStore(bench::BenchStoreArgs),
    /// Bounded load test of `dyads serve` on loopback: throughput, p50/p99, server memory over time; `--attack`: hostile load.
    BenchServe(bench_serve::BenchServeArgs),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are "errors" printed to stdout.
            let _ = e.print();
            std::process::exit(if e.use_stderr() { outcome::EXIT_USAGE } else { outcome::EXIT_OK });
        }
    };
    std::process::exit(outcome::finish(run(cli)));
}

/// A window of a larger text document is written as the document's
/// continuation: no `# newdoc` after the first, sentence ids counting on.
fn window_conllu(doc: &mut dyads_text::Doc, at: Option<dyads_pipeline::WindowAt>) {
    let Some(at) = at.filter(|at| at.offset > 0) else { return };
    for (k, s) in doc.sentences.iter_mut().enumerate() {
        s.id.get_or_insert_with(|| format!("{}-{}", doc.id, at.sentence + k + 1));
    }
    doc.id.clear();
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Parse { file, input_format, model, beam, lossy, annotate } => {
            let model = Model::load_or_embedded(model.as_deref())?.with_beam(beam.into());
            let inputs = input::open_inputs(&file, input_format, lossy, usize::MAX / 4)?;
            let layers = match (annotate, inputs.format == InputFormat::Conllu) {
                (TagMode::Parse, true) => Layers::ParseOnly,
                (TagMode::None, true) => Layers::None,
                _ => Layers::All,
            };
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            // Read as written: annotate a chunk in parallel, write it in input order.
            let mut docs = inputs.docs;
            loop {
                let mut chunk = Vec::new();
                let mut bytes = 0;
                while chunk.len() < dyads_pipeline::BATCH && bytes < dyads_pipeline::BATCH_BYTES {
                    match docs.next() {
                        None => break,
                        Some(r) => match r? {
                            input::Read1::Doc(d) => {
                                bytes += d.doc.text.len();
                                chunk.push(*d);
                            }
                            input::Read1::Skip { origin, reason } => outcome::skip(&origin, reason),
                        },
                    }
                }
                if chunk.is_empty() {
                    break;
                }
                let annotated: Vec<_> = chunk
                    .into_par_iter()
                    .map(|mut d| {
                        model.annotate(&mut d.doc, layers);
                        window_conllu(&mut d.doc, d.at);
                        d.doc
                    })
                    .collect();
                for d in &annotated {
                    dyads_text::write_conllu(d, &mut out)?;
                }
            }
            out.flush()?;
        }
        Command::EvalParse { gold, raw, json, model, beam } => {
            let model = Model::load_or_embedded(model.as_deref())?.with_beam(beam.into());
            let docs = input::read_conllu_file(&gold)?;
            let scores = if raw { dyads_parse::evaluate_raw(&model, &docs) } else { dyads_parse::evaluate(&model, &docs, Layers::All) };
            if json {
                println!("{}", serde_json::to_string(&scores)?);
            } else {
                println!("gold: {} ({} words){}", gold.display(), scores.words, if raw { ", raw text" } else { ", gold tokens" });
                if let (Some(t), Some(s)) = (scores.tokens_f1, scores.sentences_f1) {
                    println!("tokens F1     {t:6.2}\nsentences F1  {s:6.2}");
                }
                println!(
                    "UPOS          {:6.2}\nXPOS          {:6.2}\nLemma         {:6.2}\nUAS           {:6.2}\nLAS           {:6.2}",
                    scores.upos, scores.xpos, scores.lemma, scores.uas, scores.las
                );
                println!("\nrelation   gold  pred     LAS  precision     F1");
                for r in &scores.relations {
                    println!("{:<8} {:>6} {:>5}  {:6.2}     {:6.2} {:6.2}", r.relation, r.gold, r.predicted, r.las, r.precision, r.f1);
                }
            }
        }
        Command::Train { train, tagger_files, dev, out, tagger_epochs, parser_epochs, jackknife, prune, min_updates, clusters, probs } => {
            let t0 = Instant::now();
            // Read first: a bad table fails in seconds, not after training.
            let clusters = clusters.map(|c| dyads_parse::WordClusters::from_files(&c, probs.as_deref())).transpose()?;
            if let Some(k) = tagger_files.filter(|&k| k as usize > train.len()) {
                bail!("--tagger-files {k}: only {} --train treebanks", train.len());
            }
            let mut train_docs = Vec::new();
            let mut tagger_sentences = None;
            for (n, t) in train.iter().enumerate() {
                let docs = input::read_conllu_file(t)?;
                if docs.iter().all(|d| d.is_empty()) {
                    bail!("{}: no training sentences", t.display());
                }
                train_docs.extend(docs);
                if tagger_files == Some(n as u32 + 1) {
                    tagger_sentences = Some(train_docs.iter().map(|d| d.sentences.len()).sum());
                }
            }
            let dev_docs = input::read_conllu_file(&dev)?;
            let names: Vec<String> = train.iter().map(|t| t.file_name().unwrap_or(t.as_os_str()).to_string_lossy().into_owned()).collect();
            let opts = TrainOptions {
                tagger_epochs,
                parser_epochs,
                jackknife_folds: jackknife,
                parser_prune: prune,
                parser_min_updates: min_updates,
                clusters,
                corpus: names.join(" + "),
                tagger_sentences,
                ..Default::default()
            };
            let model = dyads_parse::train(&train_docs, &dev_docs, &opts, &mut |m| eprintln!("{m}"));
            model.save(&out).with_context(|| format!("writing {}", out.display()))?;
            let size = std::fs::metadata(&out)?.len();
            eprintln!("wrote {} ({:.1} MB) in {:.0}s: {}", out.display(), size as f64 / 1e6, t0.elapsed().as_secs_f64(), model.description);
        }
        Command::Bench(args) => bench::run(args)?,
        Command::BenchStore(args) => bench::run_store(args)?,
        Command::BenchServe(args) => bench_serve::run(args)?,
        Command::Code(args) => code::code(args)?,
        Command::ValidatePetrarch(args) => validate_petrarch::validate(args)?,
        Command::ConvertDict(args) => convert_dict::convert(args)?,
        Command::Explain(args) => explain::explain(args)?,
        Command::UnknownActors(args) => unknown_actors::unknown_actors(args)?,
        Command::EvalDiscourse(args) => eval_discourse::eval_discourse(args)?,
        Command::EvalEvents(args) => eval_events::run(args)?,
        Command::SelfTest(args) => self_test::run(args)?,
        Command::Ingest(args) => ingest::ingest(args)?,
        Command::Query(args) => store_cmds::query(args)?,
        Command::Series(args) => store_cmds::series(args)?,
        Command::Export(args) => store_cmds::export(args)?,
        Command::Upgrade(args) => upgrade::upgrade(args)?,
        Command::Serve(args) => store_cmds::serve(args)?,
    }
    Ok(())
}
