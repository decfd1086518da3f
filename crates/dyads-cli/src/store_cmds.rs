//! `dyads query`, `series`, `export` and `serve`: reading the event store.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};

use dyads_code::{Coder, CoderOptions};
use dyads_parse::Model;
use dyads_pipeline::Pipeline;
use dyads_serve::PipelineLoader;
use dyads_store::{By, EventQuery, Store};

use crate::dict_args::DictArgs;
use crate::format::Format;

/// Filters shared by `query`, `series` and `export`.
#[derive(clap::Args, Clone)]
pub struct Filters {
    /// Source actor code prefix (USA matches USA, USAGOV, ...).
    #[arg(long)]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    target: Option<String>,
    /// Directed dyad SOURCE,TARGET (code prefixes).
    #[arg(long, value_parser = parse_dyad)]
    dyad: Option<(String, String)>,
    /// With --dyad: both directions.
    #[arg(long)]
    undirected: bool,
    /// Exact CAMEO event code (e.g. 042).
    #[arg(long)]
    code: Option<String>,
    /// CAMEO root code (e.g. 04).
    #[arg(long)]
    root: Option<String>,
    /// QuadClass 1-4.
    #[arg(long)]
    quad: Option<u8>,
    /// Event date from (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
    #[arg(long)]
    since: Option<String>,
    /// Event date until (inclusive).
    #[arg(long)]
    until: Option<String>,
    /// One event per day per source/target/code (the Phoenix pipeline's filter).
    #[arg(long)]
    one_a_day: bool,
}

fn parse_dyad(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok((a.trim().to_string(), b.trim().to_string())),
        _ => Err(format!("expected SOURCE,TARGET (e.g. USA,IRN), not {s:?}")),
    }
}

impl Filters {
    fn query(&self) -> EventQuery {
        EventQuery {
            source: self.source.clone(),
            target: self.target.clone(),
            dyad: self.dyad.clone(),
            undirected: self.undirected,
            code: self.code.clone(),
            root: self.root.clone(),
            quad: self.quad,
            since: self.since.clone(),
            until: self.until.clone(),
            one_a_day: self.one_a_day,
            ..Default::default()
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TableFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(clap::Args)]
pub struct QueryArgs {
    /// The database file (made by `dyads ingest`).
    #[arg(long)]
    db: PathBuf,
    #[command(flatten)]
    filters: Filters,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
    /// At most this many events (newest first; `dyads export` writes them all).
    #[arg(long, default_value_t = 100, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_ROWS))]
    limit: usize,
    /// Skip this many events first.
    #[arg(long, default_value_t = 0, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_ROWS))]
    offset: usize,
    /// Include each event's first mention (sentence, trigger, document).
    #[arg(long)]
    evidence: bool,
}

/// The largest `--limit`/`--offset`: far beyond any store, and well inside
/// SQLite's 64-bit LIMIT (so the value cannot wrap).
const MAX_ROWS: u64 = 1_000_000_000;

pub fn query(args: QueryArgs) -> Result<()> {
    let store = Store::open_read_only(&args.db)?;
    let mut q = args.filters.query();
    q.limit = Some(args.limit);
    q.offset = args.offset;
    let (rows, _) = store.events(&q, args.evidence || !matches!(args.format, TableFormat::Table))?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    match args.format {
        TableFormat::Jsonl => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        TableFormat::Csv => {
            // The API's CSV download writes the same rows.
            writeln!(out, "{}", dyads_store::CSV_HEADER)?;
            for r in &rows {
                writeln!(out, "{}", dyads_store::csv_row(r))?;
            }
        }
        TableFormat::Table => {
            writeln!(
                out,
                "{:>8}  {:<10}  {:<10} {:<10} {:<5} {:>2} {:>6} {:>5} {:>4} {:>4}  trigger / evidence",
                "id", "date", "source", "target", "code", "q", "gold", "ment", "src", "art"
            )?;
            for r in &rows {
                let ev = r.evidence.as_ref().map(|e| format!("{}: {}", e.trigger, e.sentence_text.replace('\n', " "))).unwrap_or_default();
                writeln!(
                    out,
                    "{:>8}  {:<10}  {:<10} {:<10} {:<5} {:>2} {:>6.1} {:>5} {:>4} {:>4}  {}",
                    r.id, r.event_date, r.source, r.target, r.code, r.quad_class, r.goldstein, r.num_mentions, r.num_sources, r.num_articles, ev
                )?;
            }
            let total = store.count(&q)?;
            writeln!(out, "{} of {total} matching events", rows.len())?;
        }
    }
    out.flush()?;
    Ok(())
}

#[derive(clap::Args)]
pub struct SeriesArgs {
    /// The database file (made by `dyads ingest`).
    #[arg(long)]
    db: PathBuf,
    #[command(flatten)]
    filters: Filters,
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    by: ByArg,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ByArg {
    Day,
    Week,
    Month,
}

pub fn series(args: SeriesArgs) -> Result<()> {
    let store = Store::open_read_only(&args.db)?;
    let by = match args.by {
        ByArg::Day => By::Day,
        ByArg::Week => By::Week,
        ByArg::Month => By::Month,
    };
    let rows = store.series(&args.filters.query(), by)?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    match args.format {
        TableFormat::Jsonl => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        TableFormat::Csv | TableFormat::Table => {
            let sep = if matches!(args.format, TableFormat::Csv) { "," } else { "\t" };
            writeln!(
                out,
                "{}",
                ["period", "events", "mentions", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict", "goldstein_sum"].join(sep)
            )?;
            for r in &rows {
                writeln!(
                    out,
                    "{}",
                    [
                        r.period.clone(),
                        r.events.to_string(),
                        r.mentions.to_string(),
                        r.quad[0].to_string(),
                        r.quad[1].to_string(),
                        r.quad[2].to_string(),
                        r.quad[3].to_string(),
                        format!("{:.1}", r.goldstein_sum)
                    ]
                    .join(sep)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The database file (made by `dyads ingest`).
    #[arg(long)]
    db: PathBuf,
    #[arg(long, value_parser = Format::parser(&[Format::Gdelt, Format::Jsonl, Format::Parquet]))]
    format: Format,
    /// Output file (- for standard output, not for parquet).
    #[arg(long)]
    out: String,
    #[command(flatten)]
    filters: Filters,
}

pub fn export(args: ExportArgs) -> Result<()> {
    let store = Store::open_read_only(&args.db)?;
    let n = crate::format::export(args.format, &store, &args.filters.query(), &args.out)?;
    eprintln!("exported {n} events to {}", args.out);
    Ok(())
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The database file (made by `dyads ingest`).
    #[arg(long)]
    db: PathBuf,
    /// Address to listen on. Loopback by default: exposing the API beyond
    /// this machine is a deliberate choice (and warned about).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Token required by write endpoints (POST /api/documents), at least
    /// 16 bytes. Without one (or an empty one), the server is read-only.
    /// Also read from DYADS_TOKEN.
    #[arg(long, env = "DYADS_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Request body cap in bytes.
    #[arg(long, default_value_t = dyads_serve::Config::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Abort a query after this many milliseconds (answered 503).
    #[arg(long, default_value_t = dyads_serve::Config::default().query_timeout_ms)]
    query_timeout_ms: u64,
    /// Close a connection whose request headers take longer than this
    /// many milliseconds to arrive (slow clients), or that stays idle as
    /// long between requests.
    #[arg(long, default_value_t = dyads_serve::Config::default().header_read_timeout.as_millis() as u64)]
    header_timeout_ms: u64,
    /// A write's body must arrive within this many milliseconds (else 408).
    #[arg(long, default_value_t = dyads_serve::Config::default().body_timeout.as_millis() as u64)]
    body_timeout_ms: u64,
    /// ...and at no less than this many bytes per second on average after
    /// its first 2 s (0: no minimum).
    #[arg(long, default_value_t = dyads_serve::Config::default().min_body_rate)]
    min_body_rate: u64,
    /// Open connections at most; further ones get a 503 and are closed.
    #[arg(long, default_value_t = dyads_serve::Config::default().max_connections)]
    max_connections: usize,
    /// Open connections per client address at most (0: no cap); further
    /// ones get a 429 and are closed.
    #[arg(long, default_value_t = dyads_serve::Config::default().max_connections_per_ip)]
    max_connections_per_ip: usize,
    /// Read-only database connections, reused by every request (default:
    /// one per core).
    #[arg(long, default_value_t = dyads_serve::default_read_connections())]
    read_connections: usize,
    /// Requests that may wait for a read connection; beyond, a 503 with
    /// Retry-After.
    #[arg(long, default_value_t = dyads_serve::Config::default().queue_depth)]
    queue: usize,
    /// How long a request may wait for a read connection, in milliseconds,
    /// before a 503 with Retry-After.
    #[arg(long, default_value_t = dyads_serve::Config::default().queue_timeout.as_millis() as u64)]
    queue_timeout_ms: u64,
    /// Host name the server also answers for (besides localhost names and
    /// its own addresses), e.g. behind a reverse proxy; repeatable; `*`
    /// allows any.
    #[arg(long = "allow-host", value_name = "HOST")]
    allow_host: Vec<String>,
    /// Model that codes POSTed documents (default: the built-in one).
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    dicts: DictArgs,
}

/// What codes POSTed documents. Dictionary files are read now, so a bad one
/// fails at startup rather than at the first write; the model still loads
/// on the first write.
fn write_pipeline(args: &ServeArgs) -> Result<PipelineLoader> {
    if args.token.is_none() || (args.model.is_none() && args.dicts.is_builtin()) {
        return Ok(PipelineLoader::default());
    }
    let dicts = if args.dicts.is_builtin() { None } else { Some(args.dicts.dictionaries()?) };
    let model = args.model.clone();
    Ok(PipelineLoader(Arc::new(move || {
        let model = Model::load_or_embedded(model.as_deref()).map_err(|e| e.to_string())?;
        let dicts = dicts.clone().unwrap_or_else(dyads_code::default_dictionaries);
        Ok(Pipeline::new(model, Coder::new(dicts, CoderOptions::default())))
    })))
}

pub fn serve(mut args: ServeArgs) -> Result<()> {
    args.token = dyads_serve::check_token(args.token.take()).map_err(|e| anyhow::anyhow!("--token / DYADS_TOKEN: {e}"))?;
    // Fail fast on a missing or foreign database.
    Store::open_read_only(&args.db)?;
    let ms = std::time::Duration::from_millis;
    let config = dyads_serve::Config {
        db: args.db.clone(),
        token: args.token.clone(),
        max_body_bytes: args.max_body_bytes,
        query_timeout_ms: args.query_timeout_ms,
        header_read_timeout: ms(args.header_timeout_ms),
        body_timeout: ms(args.body_timeout_ms),
        min_body_rate: args.min_body_rate,
        max_connections: args.max_connections.max(1),
        max_connections_per_ip: args.max_connections_per_ip,
        read_connections: args.read_connections.max(1),
        queue_depth: args.queue,
        queue_timeout: ms(args.queue_timeout_ms),
        allowed_hosts: args.allow_host.clone(),
        pipeline: write_pipeline(&args)?,
        ..Default::default()
    };
    dyads_serve::run(&args.addr, config, |addr| {
        // Not eprintln!: a server whose stderr was closed must keep serving.
        use std::io::Write;
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "serving {} on http://{addr}/", args.db.display());
        let _ = writeln!(e, "  dashboard: http://{addr}/");
        let _ = writeln!(e, "  API:       http://{addr}/api/events?dyad=USA,IRN&since=2003   (OpenAPI at /openapi.json)");
        let _ = writeln!(
            e,
            "  writes:    {}",
            if args.token.is_some() { "POST /api/documents with 'Authorization: Bearer <token>'" } else { "disabled (no --token): read-only" }
        );
        if !addr.ip().is_loopback() {
            let _ = writeln!(
                e,
                "warning: listening on {addr}, beyond this machine: anyone who can reach it can read the store{}; \
                 put it behind TLS and a firewall, or bind 127.0.0.1",
                if args.token.is_some() { " and, with the token, write to it" } else { "" }
            );
        }
    })
    .with_context(|| format!("serving on {}", args.addr))
}
