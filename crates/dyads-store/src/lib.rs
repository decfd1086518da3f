//! The event store: an embedded SQLite database (bundled, WAL mode) holding
//! documents, one row per coded mention and one row per distinct event with
//! GDELT-style counts (NumMentions, NumSources, NumArticles).
//!
//! Writes happen in batches, one transaction each: a document row and all its
//! mentions commit together or not at all, so a killed ingest leaves a
//! consistent database and a re-run (which skips known content hashes) adds
//! exactly what is missing.

mod detail;
mod event_json;
mod export;
pub mod inspect;
mod places;
mod query;
mod representative;
mod schema;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use dyads_code::calendar::{first_day, now_utc, report_day};

pub use event_json::{csv_field, csv_row, EventDetail, Mention, CSV_HEADER};
pub use export::{export_gdelt, export_jsonl, export_parquet, GDELT_COLUMNS};
pub use inspect::{inspect, DbFile};
pub use places::PlaceCount;
pub use query::{By, DyadCount, EventQuery, EventRow, Evidence, SeriesRow};
pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("{path}: database schema version {found} is newer than this dyads ({supported}); upgrade dyads")]
    TooNew { path: String, found: u32, supported: u32 },
    #[error("{path}: not a dyads database (no events table at schema version {version})")]
    NotDyads { path: String, version: u32 },
    #[error("{path}: schema version {found} is older than this dyads ({supported}); run `dyads upgrade --db {path}` first (reading commands never change the database)")]
    NeedsUpgrade { path: String, found: u32, supported: u32 },
    #[error("{path}: schema version {found} needs an upgrade, which failed: {reason}")]
    Upgrade { path: String, found: u32, reason: String },
    #[error(
        "{path}: the database or its directory is read-only for this user; writing needs both writable (SQLite keeps -wal and -shm files beside the database)"
    )]
    ReadOnly { path: String },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("bad query: {0}")]
    BadQuery(String),
    /// The query ran past its deadline (`EventQuery::timeout`): the
    /// server's load or the query's breadth, not a malformed request.
    #[error("query timed out: narrow it (dates, actors) or raise the timeout")]
    TimedOut,
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A 128-bit content hash (xxh3 would need a crate; FNV-1a 128 is stable
/// across Rust versions and platforms, which std's hasher is not).
pub type ContentHash = [u8; 16];

/// FNV-1a, 128-bit, over a document's text, report date, outlet and URL:
/// the same input ingested twice is one document, while one wire story
/// printed by two outlets (or on two days) is two reports of its events,
/// as GDELT counts NumSources and NumArticles. Of `report_date` only its
/// day counts: the same story sent as of `2016-03-06T10:00:00Z` and as of
/// `2016-03-06` is one document, as it is stored under that day.
pub fn content_hash(text: &str, report_date: &str, source: &str, url: &str) -> ContentHash {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    // A 0xFF separator cannot occur in UTF-8, so fields cannot run together.
    for part in [text, report_day(report_date), source, url] {
        for &b in part.as_bytes().iter().chain(&[0xFF]) {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
    }
    h.to_be_bytes()
}

/// A coded document ready to be written.
#[derive(Debug, Clone)]
pub struct CodedDoc {
    pub key: String,
    pub hash: ContentHash,
    pub source: String,
    pub url: String,
    pub title: String,
    pub report_date: String,
    pub n_sentences: usize,
    pub n_tokens: usize,
    pub events: Vec<CodedMention>,
}

/// Where a document came from: what its row keeps besides the coding.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    pub key: String,
    pub source: String,
    pub url: String,
    pub title: String,
}

impl CodedDoc {
    /// The row of a coded document, `doc` its annotated text. `report_date`
    /// may be an ISO timestamp: its day is what is stored and hashed, so a
    /// document is one document whether `dyads ingest` or the API brings it.
    pub fn new(meta: DocMeta, doc: &dyads_text::Doc, report_date: &str, events: Vec<dyads_code::Event>) -> CodedDoc {
        let DocMeta { key, source, url, title } = meta;
        CodedDoc {
            hash: content_hash(&doc.text, report_date, &source, &url),
            key,
            source,
            url,
            title,
            report_date: report_day(report_date).to_string(),
            n_sentences: doc.sentences.len(),
            n_tokens: doc.len(),
            events: events.into_iter().map(|e| CodedMention::new(doc, e)).collect(),
        }
    }
}

/// One coded event mention with the sentence it came from.
#[derive(Debug, Clone)]
pub struct CodedMention {
    pub event: dyads_code::Event,
    pub sentence_start: usize,
    pub sentence_text: String,
}

impl CodedMention {
    /// An event with the sentence of `doc` it was coded from.
    pub fn new(doc: &dyads_text::Doc, event: dyads_code::Event) -> CodedMention {
        let span = doc.sentence_span(&doc.sentences[event.sentence]);
        CodedMention { sentence_start: span.start, sentence_text: doc.text[span].to_string(), event }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchStats {
    pub documents: usize,
    /// Documents already in the store (same content hash): skipped.
    pub duplicates: usize,
    pub mentions: usize,
    /// Distinct events created by this batch.
    pub new_events: usize,
}

fn is_read_only(e: &StoreError) -> bool {
    matches!(e, StoreError::Sql(rusqlite::Error::SqliteFailure(f, _)) | StoreError::Open { source: rusqlite::Error::SqliteFailure(f, _), .. } if f.code == rusqlite::ErrorCode::ReadOnly)
}

fn wal_index_exists(db: &Path) -> bool {
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    Path::new(&shm).exists()
}

/// `file:` URI with `immutable=1`; path bytes outside the unreserved set are
/// percent-encoded (a `?` or `#` in a file name must not end the path).
fn immutable_uri(db: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in db.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Opens (creating if needed) a database for reading and writing and
    /// brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let p = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: p.clone(), source })?;
        // SQLite quietly opens a write-protected file read-only; say so now
        // rather than at the first commit, after the coding work.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly { path: p });
        }
        let mut store = Store { conn, path: p.clone() };
        let ready = store.configure().and_then(|_| store.migrate());
        ready.map_err(|e| if is_read_only(&e) { StoreError::ReadOnly { path: p } } else { e })?;
        Ok(store)
    }

    /// Opens an existing database read-only (the server, `query`, `export`).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let p = path.display().to_string();
        if !path.exists() {
            return Err(StoreError::Open {
                path: p,
                source: rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                    Some("no such database file (create it with `dyads ingest`)".into()),
                ),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open { path: p.clone(), source })?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let mut store = Store { conn, path: p.clone() };
        let version = match store.version() {
            // A WAL database on a read-only medium or in a directory this
            // user cannot write: SQLite cannot create the -shm file it reads
            // through. Nobody can be writing it through this directory
            // without that file existing, so read it as immutable.
            Err(e) if is_read_only(&e) && !wal_index_exists(path) => {
                eprintln!("dyads: {p}: read-only location, reading the database as immutable");
                let conn = Connection::open_with_flags(immutable_uri(path), flags).map_err(|source| StoreError::Open { path: p.clone(), source })?;
                store = Store { conn, path: p.clone() };
                store.version()?
            }
            v => v?,
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: store.path, found: version, supported: SCHEMA_VERSION });
        }
        let has_events: bool = store.conn.query_row("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='events'", [], |r| r.get::<_, i64>(0))? > 0;
        if !has_events {
            return Err(StoreError::NotDyads { path: store.path, version });
        }
        if version < SCHEMA_VERSION {
            // An older dyads wrote it. Reading never writes: the upgrade is
            // `ingest`'s or `dyads upgrade`'s, asked for.
            return Err(StoreError::NeedsUpgrade { path: store.path, found: version, supported: SCHEMA_VERSION });
        }
        Ok(store)
    }

    /// Brings an existing store's schema up to date (`dyads upgrade`):
    /// returns the versions before and after. Each migration is one
    /// transaction, so an interrupted upgrade leaves a readable older version.
    pub fn upgrade(path: &Path) -> Result<(u32, u32)> {
        let p = path.display().to_string();
        let found = match inspect(path)? {
            DbFile::Dyads { version } => version,
            DbFile::Missing => {
                return Err(StoreError::Open {
                    path: p,
                    source: rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                        Some("no such database file (create it with `dyads ingest`)".into()),
                    ),
                })
            }
            DbFile::Empty => return Err(StoreError::NotDyads { path: p, version: 0 }),
            DbFile::Foreign { reason } => return Err(StoreError::Upgrade { path: p, found: 0, reason }),
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: p, found, supported: SCHEMA_VERSION });
        }
        let store = Store::open(path).map_err(|e| StoreError::Upgrade { path: p.clone(), found, reason: e.to_string() })?;
        Ok((found, store.version()?))
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn configure(&self) -> Result<()> {
        // A second writer waits for the first's batch instead of failing.
        self.conn.busy_timeout(Duration::from_secs(60))?;
        let mode: String = self.conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if mode != "wal" {
            // e.g. a read-only directory: WAL needs its -wal/-shm files.
            eprintln!("dyads: {}: journal mode is {mode}, not WAL", self.path);
        }
        // NORMAL is durable across application crashes in WAL mode (only an
        // OS crash can lose the last commits, never corrupt the file).
        self.conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
        // Migration 4 fills the actor-group columns of older rows with it.
        self.conn.create_scalar_function("dyads_actor_group", 1, rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
            Ok(actor_group(&ctx.get::<String>(0)?).to_string())
        })?;
        Ok(())
    }

    pub fn version(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: self.path.clone(), found, supported: SCHEMA_VERSION });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as u32 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Which of these content hashes are already stored.
    pub fn known_hashes(&self, hashes: &[ContentHash]) -> Result<BTreeSet<ContentHash>> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?;
        let mut known = BTreeSet::new();
        for h in hashes {
            if stmt.exists([&h[..]])? {
                known.insert(*h);
            }
        }
        Ok(known)
    }

    /// Writes a batch of coded documents in one transaction. A document whose
    /// content hash is already stored is skipped with all its mentions.
    pub fn write_batch(&mut self, docs: &[CodedDoc]) -> Result<BatchStats> {
        let mut stats = BatchStats::default();
        let now = now_utc();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        {
            let mut insert_doc = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (doc_key, content_hash, source, url, title, report_date, n_sentences, n_tokens, n_events, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut find_event = tx.prepare_cached("SELECT id FROM events WHERE source=?1 AND target=?2 AND code=?3 AND event_date=?4 AND location=?5")?;
            let mut insert_event = tx.prepare_cached(
                "INSERT INTO events (source, target, code, event_date, location, event_day, date_precision, source_prefix3, target_prefix3,
                                     root, quad_class, goldstein, plover, source_name, target_name, first_seen, last_seen, geo_json,
                                     date_range, source_group, target_group)
                 VALUES (?1, ?2, ?3, ?4, ?16, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?17, ?18, ?19, ?20)",
            )?;
            let mut insert_mention = tx.prepare_cached(
                "INSERT INTO mentions (event_id, document_id, sentence, sentence_start, sentence_text, trigger, source_text, target_text,
                                       trigger_start, trigger_end, source_start, source_end, target_start, target_end,
                                       hypothetical, confidence, rule, date_evidence_start, date_evidence_end, attribution_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?;
            for d in docs {
                let inserted = insert_doc.execute(params![
                    d.key,
                    &d.hash[..],
                    d.source,
                    d.url,
                    d.title,
                    d.report_date,
                    d.n_sentences as i64,
                    d.n_tokens as i64,
                    d.events.len() as i64,
                    now
                ])?;
                if inserted == 0 {
                    stats.duplicates += 1;
                    continue;
                }
                stats.documents += 1;
                let doc_id = tx.last_insert_rowid();
                for m in &d.events {
                    let e = &m.event;
                    let place = e.location.as_ref().map_or(String::new(), |l| format!("{}, {}", l.name, l.country_iso3));
                    // An event with no recipient is stored with an empty target
                    // (as GDELT leaves Actor2 empty); queries give it back as null.
                    let target = e.target.as_deref().unwrap_or("");
                    let target_text = e.target_text.as_deref().unwrap_or("");
                    let target_span = e.target_span.map_or([-1, -1], |s| [s[0] as i64, s[1] as i64]);
                    let key = params![e.source, target, e.code, e.event_date, place];
                    let (event_id, is_new) = match find_event.query_row(key, |r| r.get::<_, i64>(0)).optional()? {
                        Some(id) => (id, false),
                        None => {
                            insert_event.execute(params![
                                e.source,
                                target,
                                e.code,
                                e.event_date,
                                first_day(&e.event_date),
                                precision_name(e.date_precision),
                                prefix3(&e.source),
                                prefix3(target),
                                e.root,
                                e.quad_class,
                                goldstein_decimal(e.goldstein as f64),
                                e.plover,
                                e.source_text,
                                target_text,
                                d.report_date,
                                place,
                                e.location.as_ref().map_or(String::new(), |l| serde_json::to_string(l).unwrap_or_default()),
                                e.date_range.as_ref().map_or(String::new(), |r| serde_json::to_string(r).unwrap_or_default()),
                                actor_group(&e.source),
                                actor_group(target)
                            ])?;
                            stats.new_events += 1;
                            (tx.last_insert_rowid(), true)
                        }
                    };
                    touched.insert(event_id);
                    let confidence = if e.hypothetical { 0.5 } else { 1.0 };
                    insert_mention.execute(params![
                        event_id,
                        doc_id,
                        e.sentence as i64,
                        m.sentence_start as i64,
                        m.sentence_text,
                        e.trigger,
                        e.source_text,
                        target_text,
                        e.trigger_span[0] as i64,
                        e.trigger_span[1] as i64,
                        e.source_span[0] as i64,
                        e.source_span[1] as i64,
                        target_span[0],
                        target_span[1],
                        e.hypothetical as i64,
                        confidence,
                        e.rule,
                        e.date_evidence.map(|s| s[0] as i64),
                        e.date_evidence.map(|s| s[1] as i64),
                        if e.attribution.is_empty() { String::new() } else { serde_json::to_string(&e.attribution).unwrap_or_default() }
                    ])?;
                    stats.mentions += 1;
                    // The event shows its representative mention, whenever it arrived.
                    let mention_id = tx.last_insert_rowid();
                    let wins = is_new || representative::MentionOrder::current(&tx, event_id)?.is_none_or(|cur| representative::MentionOrder::of(d, e) < cur);
                    if wins {
                        representative::represent(&tx, event_id, mention_id, e)?;
                    }
                }
            }
            // Recount each touched event from its mentions: counts stay exact
            // whatever order documents arrive in.
            let mut recount = tx.prepare_cached(
                "UPDATE events SET
                    num_mentions = (SELECT count(*) FROM mentions WHERE event_id = ?1),
                    num_articles = (SELECT count(DISTINCT document_id) FROM mentions WHERE event_id = ?1),
                    num_sources  = (SELECT count(DISTINCT CASE WHEN d.source = '' THEN 'doc:' || d.id ELSE d.source END)
                                    FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = ?1),
                    first_seen   = (SELECT min(d.report_date) FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = ?1),
                    last_seen    = (SELECT max(d.report_date) FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = ?1)
                 WHERE id = ?1",
            )?;
            for id in &touched {
                recount.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Totals for summaries: (documents, mentions, events).
    /// Rows are never deleted and ids come from SQLite's rowid (max + 1, a
    /// rolled-back insert does not consume one), so max(id) is the count,
    /// read in O(log n) instead of a full scan.
    pub fn totals(&self) -> Result<(u64, u64, u64)> {
        let count = |t: &str| -> Result<u64> { Ok(self.conn.query_row(&format!("SELECT coalesce(max(id), 0) FROM {t}"), [], |r| r.get::<_, i64>(0))? as u64) };
        Ok((count("documents")?, count("mentions")?, count("events")?))
    }

    /// `PRAGMA integrity_check`: "ok" or the problems found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        Ok(rows.join("\n"))
    }
}

fn prefix3(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// What top dyads count an actor as: a country's three letters (USAGOV is
/// USA), or, for an actor that is not a country's, its first three
/// components (IGOWSTNAT, NATO; IGOUNO, the UN; IGOEUREEC, the EU), so
/// organisations are not lumped together as "IGO".
pub fn actor_group(code: &str) -> &str {
    let p = prefix3(code);
    if code.len() <= 3 || dyads_code::Ontology::cameo().country(p).is_some() {
        p
    } else {
        code.get(..9).unwrap_or(code)
    }
}

/// A Goldstein value as CAMEO's scale writes it (one decimal), not its
/// nearest f32 widened to f64 (-4.400000095367432).
pub fn goldstein_decimal(g: f64) -> f64 {
    (g * 10.0).round() / 10.0
}

fn precision_name(p: dyads_code::dating::Precision) -> String {
    serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_dated_with_a_time_is_stored_once_under_its_day() {
        let doc = dyads_text::tokenize("a", "Iran met Iraq.");
        let meta = DocMeta { key: "a".into(), source: "wire".into(), ..Default::default() };
        // As `dyads ingest` builds it (a JSONL `date`) and as the API does (a POSTed `date`).
        let with_time = CodedDoc::new(meta.clone(), &doc, "2016-03-06T10:00:00Z", Vec::new());
        let day_only = CodedDoc::new(meta, &doc, "2016-03-06", Vec::new());
        assert_eq!(with_time.hash, day_only.hash);
        assert_eq!(with_time.hash, content_hash("Iran met Iraq.", "2016-03-06", "wire", ""));
        assert_eq!(with_time.report_date, "2016-03-06");
        let path = std::env::temp_dir().join(format!("dyads-store-hash-{}.db", std::process::id()));
        let mut store = Store::open(&path).unwrap();
        let first = store.write_batch(&[with_time]).unwrap();
        let second = store.write_batch(&[day_only]).unwrap();
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        assert_eq!((first.documents, second.documents, second.duplicates), (1, 0, 1));
    }
}
