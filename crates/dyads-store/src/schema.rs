//! Versioned schema. `PRAGMA user_version` holds the version; each entry of
//! [`MIGRATIONS`] takes the database from version `i` to `i + 1` inside one
//! transaction, so a crash mid-migration leaves the old version intact.

/// Migrations in order; the schema version is the number applied.
pub const MIGRATIONS: &[&str] = &[
    // v1: documents, deduplicated events (GDELT's event table) and one row
    // per coded mention (GDELT's mention table, with our evidence).
    r#"
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_key       TEXT NOT NULL,           -- the input's id, or the file path
    content_hash  BLOB NOT NULL UNIQUE,    -- FNV-1a-128 of text+date+source+url: re-ingest is a no-op
    source        TEXT NOT NULL DEFAULT '',-- outlet
    url           TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    report_date   TEXT NOT NULL,
    n_sentences   INTEGER NOT NULL,
    n_tokens      INTEGER NOT NULL,
    n_events      INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX documents_key ON documents(doc_key);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    target         TEXT NOT NULL,
    code           TEXT NOT NULL,
    event_date     TEXT NOT NULL,          -- as coded: YYYY-MM-DD, YYYY-MM or YYYY
    location       TEXT NOT NULL DEFAULT '',
    event_day      TEXT NOT NULL,          -- first day of event_date, for ranges
    date_precision TEXT NOT NULL,
    source_prefix3 TEXT NOT NULL,          -- first three letters: country/IGO level
    target_prefix3 TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    source_name    TEXT NOT NULL,          -- surface text of the first mention
    target_name    TEXT NOT NULL,
    num_mentions   INTEGER NOT NULL DEFAULT 0,
    num_sources    INTEGER NOT NULL DEFAULT 0,
    num_articles   INTEGER NOT NULL DEFAULT 0,
    first_seen     TEXT NOT NULL,          -- earliest report date mentioning it
    last_seen      TEXT NOT NULL,
    UNIQUE (source, target, code, event_date, location)
);
CREATE INDEX events_dyad3 ON events(source_prefix3, target_prefix3, event_day);
CREATE INDEX events_target3 ON events(target_prefix3, event_day);
CREATE INDEX events_day ON events(event_day);
CREATE INDEX events_code ON events(code, event_day);

CREATE TABLE mentions (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id),
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    sentence        INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,      -- byte offset of the sentence in the document
    sentence_text   TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    source_text     TEXT NOT NULL,
    target_text     TEXT NOT NULL,
    trigger_start   INTEGER NOT NULL,      -- byte spans into the document
    trigger_end     INTEGER NOT NULL,
    source_start    INTEGER NOT NULL,
    source_end      INTEGER NOT NULL,
    target_start    INTEGER NOT NULL,
    target_end      INTEGER NOT NULL,
    hypothetical    INTEGER NOT NULL,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL,
    date_evidence_start INTEGER,
    date_evidence_end   INTEGER
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_document ON mentions(document_id);
"#,
    // v2: top dyads over a period read a covering index instead of the table
    // (300 ms -> tens of ms on a million events).
    r#"
CREATE INDEX events_day_dyad3 ON events(event_day, source_prefix3, target_prefix3, num_mentions, goldstein);
ANALYZE;
"#,
    // v3: where events happened (the coder's `location`, as JSON), for
    // GDELT's ActionGeo columns; `location` keeps the short name in the key.
    r#"
ALTER TABLE events ADD COLUMN geo_json TEXT NOT NULL DEFAULT '';
"#,
    // v4: what the API shows of an event: its date range ("before
    // 2003-03-20", JSON `[from, until]`), each mention's attribution chain
    // (JSON), the index the map's places read (located events only), and
    // the actor groups top dyads count by (a country's three
    // letters; an organisation's whole code, so NATO, the UN and the EU stay
    // apart; `dyads_actor_group`, registered by `Store`). Goldstein values
    // written from f32 carried float noise (-4.400000095367432): CAMEO's
    // scale has one decimal.
    r#"
ALTER TABLE events ADD COLUMN date_range TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_group TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN target_group TEXT NOT NULL DEFAULT '';
ALTER TABLE mentions ADD COLUMN attribution_json TEXT NOT NULL DEFAULT '';
UPDATE events SET goldstein = round(goldstein, 1), source_group = dyads_actor_group(source), target_group = dyads_actor_group(target);
DROP INDEX events_day_dyad3;
CREATE INDEX events_day_group ON events(event_day, source_group, target_group, quad_class, num_mentions, goldstein);
CREATE INDEX events_group ON events(source_group, target_group, event_day, num_mentions, goldstein);
CREATE INDEX events_located ON events(location, quad_class, num_mentions, event_day) WHERE location <> '';
ANALYZE;
"#,
    // v5: which mention represents its event (its evidence, and the names,
    // date precision, date range and coordinates copied onto the event
    // row): the earliest by report date, then document key, then content
    // hash, then sentence and trigger offset, the rule `Store::write_batch`
    // keeps, so any ingest order stores the same event. Existing events get
    // that mention as evidence and its names; their precision and
    // coordinates stay those of the mention that arrived first (mentions do
    // not keep them).
    r#"
ALTER TABLE events ADD COLUMN evidence_mention INTEGER NOT NULL DEFAULT 0;
UPDATE events SET evidence_mention = coalesce((
    SELECT m.id FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = events.id
    ORDER BY d.report_date, d.doc_key, d.content_hash, m.sentence, m.trigger_start, m.id LIMIT 1), 0);
UPDATE events SET
    source_name = (SELECT source_text FROM mentions WHERE id = events.evidence_mention),
    target_name = (SELECT target_text FROM mentions WHERE id = events.evidence_mention)
WHERE evidence_mention <> 0;
"#,
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_database_migrates_and_keeps_its_rows() {
        let dir = std::env::temp_dir().join(format!("dyads-migrate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v1.db");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.execute_batch("PRAGMA user_version = 1").unwrap();
            c.execute_batch(
                "INSERT INTO events (source, target, code, event_date, event_day, date_precision, source_prefix3, target_prefix3, root,
                                     quad_class, goldstein, plover, source_name, target_name, first_seen, last_seen)
                 VALUES ('USA', 'IRN', '112', '2003-05', '2003-05-01', 'month', 'USA', 'IRN', '11', 3, -4.400000095367432, 'ACCUSE', 'x', 'y', '2016-03-06', '2016-03-06')",
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
        const { assert!(SCHEMA_VERSION >= 2) };
        let idx: i64 = store.connection().query_row("SELECT count(*) FROM sqlite_master WHERE name = 'events_day_group'", [], |r| r.get(0)).unwrap();
        assert_eq!(idx, 1);
        let (goldstein, group): (f64, String) =
            store.connection().query_row("SELECT goldstein, target_group FROM events", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((goldstein, group.as_str()), (-4.4, "IRN"));
        assert_eq!(store.totals().unwrap().2, 1, "rows survive the migration");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reading_an_older_store_never_upgrades_it() {
        let dir = std::env::temp_dir().join(format!("dyads-readonly-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v4.db");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.create_scalar_function("dyads_actor_group", 1, rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC, |ctx| ctx.get::<String>(0)).unwrap();
            for m in &MIGRATIONS[..4] {
                c.execute_batch(m).unwrap();
            }
            c.execute_batch("PRAGMA user_version = 4").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = crate::Store::open_read_only(&path).err().expect("an older schema is refused");
        let msg = err.to_string();
        assert!(msg.contains("schema version 4 is older") && msg.contains("dyads upgrade --db"), "{msg}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
        let names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["v4.db"], "no -wal or -shm left beside it");
        assert_eq!(crate::Store::upgrade(&path).unwrap(), (4, SCHEMA_VERSION));
        assert_eq!(crate::Store::open_read_only(&path).unwrap().version().unwrap(), SCHEMA_VERSION);
        assert_eq!(crate::Store::upgrade(&path).unwrap(), (SCHEMA_VERSION, SCHEMA_VERSION), "a current store is left as it is");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
