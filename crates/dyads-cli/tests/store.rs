//! The event store end to end through the binary: ingest (directories, JSONL,
//! HTML, gzip, bad documents), deduplication, resume after kill -9, query,
//! series and exports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use dyads_store::{EventQuery, Store};

fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyads-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ok(o: Output) -> (String, String) {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "dyads failed: {err}");
    (String::from_utf8(o.stdout).unwrap(), err)
}

/// An ingest that finished: exit status 0, or 3 when it reported and
/// skipped documents (tests/contracts.rs holds which is which).
fn ingest(paths: &[&Path], db: &Path, extra: &[&str]) -> (String, String) {
    let o = dyads().arg("ingest").args(paths).arg("--db").arg(db).args(extra).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(matches!(o.status.code(), Some(0 | 3)), "dyads failed: {err}");
    assert_eq!(o.status.code() == Some(3), err.contains("skipped (reported above)"), "{err}");
    (String::from_utf8(o.stdout).unwrap(), err)
}

const ACCUSE: &str = "The United States accused Iran of harboring al Qaeda fighters.";

fn jsonl(id: &str, date: &str, source: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "date": date, "source": source, "url": format!("https://news.example/{id}"), "title": id, "text": text }).to_string()
}

/// (source, target, code, event_date, mentions, articles, sources) for every event.
fn event_set(db: &Path) -> Vec<(String, String, String, String, i64, i64, i64)> {
    let store = Store::open_read_only(db).unwrap();
    let (rows, _) = store.events(&EventQuery::default(), false).unwrap();
    let mut v: Vec<_> = rows.into_iter().map(|r| (r.source, r.target, r.code, r.event_date, r.num_mentions, r.num_articles, r.num_sources)).collect();
    v.sort();
    v
}

#[test]
fn ingest_aggregates_duplicates_and_is_idempotent() {
    let dir = tmp("agg");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    // The same event reported by two outlets, and twice by one of them.
    let lines = [
        jsonl("a1", "2003-05-20", "Daily", ACCUSE),
        jsonl("a2", "2003-05-20", "Herald", &format!("{ACCUSE} Officials in Tehran denied it.")),
        "{\"id\": \"broken\", \"date\": ".to_string(),
        jsonl("a3", "2003-05-20T08:00:00Z", "Daily", &format!("Washington was angry. {ACCUSE}")),
    ];
    std::fs::write(corpus.join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    // gzip'd JSONL in a subdirectory.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all((jsonl("g1", "2003-06-02", "Wire", "Iran threatened to expel UN inspectors.") + "\n").as_bytes()).unwrap();
    std::fs::write(corpus.join("sub/more.jsonl.gz"), gz.finish().unwrap()).unwrap();
    // An HTML page: its date comes from the page, boilerplate is dropped.
    std::fs::write(
        corpus.join("page.html"),
        "<html><head><title>Talks</title><meta property=\"article:published_time\" content=\"2003-02-11T10:00:00Z\"></head><body>\
         <nav><a href=/>Home</a> Iran attacked the United States in this menu that is not news at all.</nav>\
         <article><p>Iranian officials met American diplomats in Geneva.</p></article></body></html>",
    )
    .unwrap();
    // A file that is not UTF-8 is reported and skipped; the batch goes on.
    std::fs::write(corpus.join("latin1.txt"), b"Caf\xe9 owners in Paris protested.").unwrap();
    // Files with other extensions are not read when walking a directory.
    std::fs::write(corpus.join("notes.csv"), "Iran attacked Iraq.").unwrap();

    let db = dir.join("events.db");
    let (_, err) = ingest(&[&corpus], &db, &["--date", "2003-01-01"]);
    assert!(err.contains("feed.jsonl:3: skipped: malformed JSONL line"), "{err}");
    assert!(err.contains("latin1.txt: skipped:") && err.contains("invalid UTF-8"), "{err}");
    assert!(err.contains("ingested 5 documents"), "{err}");
    assert!(err.contains("dyads query --db"), "ingest says how to query next: {err}");

    let events = event_set(&db);
    let accuse: Vec<_> = events.iter().filter(|e| e.0 == "USA" && e.1 == "IRN" && e.2 == "112").collect();
    assert_eq!(accuse.len(), 1, "one distinct event: {events:?}");
    assert_eq!(accuse[0].3, "2003-05-20");
    assert_eq!((accuse[0].4, accuse[0].5, accuse[0].6), (3, 3, 2), "3 mentions in 3 articles from 2 outlets");
    // The HTML page was coded from its article only, dated by its meta tag.
    assert!(events.iter().any(|e| e.0.starts_with("IRN") && e.1.starts_with("USA") && e.2.starts_with("04") && e.3 == "2003-02-11"), "{events:?}");
    assert!(!events.iter().any(|e| e.0.starts_with("IRN") && e.2.starts_with("19")), "navigation text was not coded: {events:?}");
    assert!(events.iter().any(|e| e.0 == "IRN" && e.1 == "IGOUNO" && e.3 == "2003-06-02"), "gzip'd JSONL was read: {events:?}");

    // Re-ingesting changes nothing.
    let (_, err) = ingest(&[&corpus], &db, &["--date", "2003-01-01"]);
    assert!(err.contains("ingested 0 documents (5 already in the database"), "{err}");
    assert_eq!(event_set(&db), events);
    assert_eq!(Store::open_read_only(&db).unwrap().integrity_check().unwrap(), "ok");

    // Queries: by dyad and date range, one-a-day, series, exports.
    let (out, _) = ok(dyads()
        .args(["query", "--db"])
        .arg(&db)
        .args(["--dyad", "USA,IRN", "--since", "2003-05", "--until", "2003-05-31", "--format", "jsonl"])
        .output()
        .unwrap());
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["code"], "112");
    assert_eq!(rows[0]["num_articles"], 3);
    assert_eq!(rows[0]["evidence"]["trigger"], "accused");
    let ev = &rows[0]["evidence"];
    let s = ev["sentence_text"].as_str().unwrap();
    let [a, b] = [ev["trigger_in_sentence"][0].as_u64().unwrap() as usize, ev["trigger_in_sentence"][1].as_u64().unwrap() as usize];
    assert_eq!(&s[a..b], "accused");
    let (out, _) = ok(dyads().args(["query", "--db"]).arg(&db).args(["--dyad", "USA,IRN", "--since", "2003-06", "--format", "jsonl"]).output().unwrap());
    assert_eq!(out.lines().count(), 0, "date range excludes May: {out}");
    let (out, _) = ok(dyads().args(["series", "--db"]).arg(&db).args(["--dyad", "USA,IRN", "--by", "month", "--format", "csv"]).output().unwrap());
    assert_eq!(out.lines().nth(1).unwrap(), "2003-05,1,3,0,0,1,0,-2.0", "{out}");

    let gdelt = dir.join("events.tsv");
    ok(dyads().args(["export", "--db"]).arg(&db).args(["--format", "gdelt", "--out"]).arg(&gdelt).output().unwrap());
    let text = std::fs::read_to_string(&gdelt).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    assert_eq!(header.len(), 61);
    assert_eq!((header[0], header[26], header[60]), ("GLOBALEVENTID", "EventCode", "SOURCEURL"));
    assert_eq!(text.lines().count(), events.len() + 1);
    let row = text.lines().find(|l| l.contains("\t112\t")).unwrap();
    let cols: Vec<&str> = row.split('\t').collect();
    assert_eq!(cols.len(), 61);
    assert_eq!((cols[1], cols[5], cols[15], cols[31], cols[33]), ("20030520", "USA", "IRN", "3", "3"));
    assert!(cols[60].starts_with("https://news.example/a"));

    let parquet = dir.join("events.parquet");
    ok(dyads().args(["export", "--db"]).arg(&db).args(["--format", "parquet", "--out"]).arg(&parquet).output().unwrap());
    let bytes = std::fs::read(&parquet).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A JSONL feed of `n` short stories (most code to an event).
fn news_feed(dir: &Path, n: usize) -> PathBuf {
    let feed = dir.join("feed.jsonl");
    let actors = ["The United States", "Iran", "Iraq", "Israel", "Turkey", "Greece", "Egypt", "Syria"];
    let verbs = ["accused", "met", "attacked", "praised", "criticized", "threatened"];
    let mut lines = Vec::new();
    for i in 0..n {
        let a = actors[i % actors.len()];
        let b = actors[(i / 3 + 1) % actors.len()];
        let v = verbs[i % verbs.len()];
        if a != b {
            lines.push(jsonl(
                &format!("d{i}"),
                &format!("2004-0{}-1{}", 1 + i % 9, i % 10),
                &format!("outlet{}", i % 5),
                &format!("{a} {v} {b} on Sunday. Officials said {i} rounds of talks would follow."),
            ));
        }
    }
    std::fs::write(&feed, lines.join("\n")).unwrap();
    feed
}

#[test]
fn killed_ingest_resumes_to_the_same_events() {
    let dir = tmp("kill");
    let feed = news_feed(&dir, 400);
    let clean = dir.join("clean.db");
    ingest(&[&feed], &clean, &["--batch", "8"]);
    let expected = event_set(&clean);
    assert!(expected.len() > 50, "the corpus codes to many events: {}", expected.len());

    for (round, delay_ms) in [40u64, 150, 400].into_iter().enumerate() {
        let db = dir.join(format!("killed{round}.db"));
        let mut child =
            dyads().arg("ingest").arg(&feed).arg("--db").arg(&db).args(["--batch", "8", "--no-progress"]).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        if db.exists() {
            assert_eq!(Store::open(&db).unwrap().integrity_check().unwrap(), "ok");
        }
        ingest(&[&feed], &db, &["--batch", "8"]);
        assert_eq!(event_set(&db), expected, "round {round}: resumed ingest equals a clean one");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn store_refuses_newer_schema_and_foreign_files() {
    let dir = tmp("schema");
    let db = dir.join("future.db");
    Store::open(&db).unwrap().connection().execute_batch("PRAGMA user_version = 99").unwrap();
    let o = dyads().args(["query", "--db"]).arg(&db).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("schema version 99 is newer"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dyads().args(["query", "--db"]).arg(dir.join("missing.db")).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("dyads ingest"));
    let other = dir.join("other.db");
    {
        let s = Store::open(&dir.join("x.db")).unwrap();
        s.connection().execute_batch(&format!("ATTACH '{}' AS o; CREATE TABLE o.t(x); DETACH o;", other.display())).unwrap();
    }
    let o = dyads().args(["query", "--db"]).arg(&other).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a dyads database"), "{}", String::from_utf8_lossy(&o.stderr));
    // Bad filters are errors, not empty results.
    let good = dir.join("x.db");
    let o = dyads().args(["query", "--db"]).arg(&good).args(["--since", "May 2003"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad date \"May 2003\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn document_and_event_limits_hold_at_their_edges() {
    let dir = tmp("limits");
    let text = "Iran accused Iraq. Iraq accused Iran.";
    let at = dir.join("at.jsonl");
    std::fs::write(&at, jsonl("a", "2003-01-01", "W", text)).unwrap();
    // Exactly the limit: accepted. One byte over: refused, reported, skipped.
    let db = dir.join("a.db");
    let (_, err) = ingest(&[&at], &db, &["--max-doc-bytes", &text.len().to_string()]);
    assert!(err.contains("ingested 1 documents"), "{err}");
    let db2 = dir.join("b.db");
    let (_, err) = ingest(&[&at], &db2, &["--max-doc-bytes", &(text.len() - 1).to_string()]);
    assert!(err.contains("ingested 0 documents") && err.contains("1 skipped") && err.contains("too large"), "{err}");
    // Plain files: the same edge.
    let file = dir.join("doc.txt");
    std::fs::write(&file, text).unwrap();
    let (_, err) = ingest(&[&file], &dir.join("c.db"), &["--date", "2003-01-01", "--max-doc-bytes", &text.len().to_string()]);
    assert!(err.contains("ingested 1 documents"), "{err}");
    let (_, err) = ingest(&[&file], &dir.join("d.db"), &["--date", "2003-01-01", "--max-doc-bytes", &(text.len() - 1).to_string()]);
    assert!(err.contains("larger than") && err.contains("ingested 0 documents"), "{err}");
    // Events per document: two coded, one kept at a limit of one.
    assert_eq!(event_set(&db).len(), 2);
    let (_, _) = ingest(&[&at], &dir.join("e.db"), &["--max-events-per-doc", "1"]);
    assert_eq!(event_set(&dir.join("e.db")).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_ingests_at_once_neither_corrupts_nor_duplicates() {
    let dir = tmp("concurrent");
    let actors = ["The United States", "Iran", "Iraq", "Israel", "Turkey", "Greece"];
    let verbs = ["accused", "met", "praised", "criticized"];
    let line = |i: usize| {
        let (a, b) = (actors[i % 6], actors[(i / 6 + 1) % 6]);
        jsonl(&format!("c{i}"), &format!("2005-0{}-0{}", 1 + i % 9, 1 + i % 9), "Wire", &format!("{a} {} {b}. Report {i} followed.", verbs[i % 4]))
    };
    // Two overlapping feeds: 0..150 and 100..250.
    let f1 = dir.join("one.jsonl");
    let f2 = dir.join("two.jsonl");
    std::fs::write(&f1, (0..150).map(line).collect::<Vec<_>>().join("\n")).unwrap();
    std::fs::write(&f2, (100..250).map(line).collect::<Vec<_>>().join("\n")).unwrap();
    let all = dir.join("all.jsonl");
    std::fs::write(&all, (0..250).map(line).collect::<Vec<_>>().join("\n")).unwrap();
    let clean = dir.join("clean.db");
    ingest(&[&all], &clean, &["--batch", "16"]);

    let db = dir.join("shared.db");
    Store::open(&db).unwrap(); // created before both start
    let spawn = |f: &Path| dyads().arg("ingest").arg(f).arg("--db").arg(&db).args(["--batch", "16", "--no-progress"]).output();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn(&f1).unwrap());
        let b = s.spawn(|| spawn(&f2).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(Store::open(&db).unwrap().integrity_check().unwrap(), "ok");
    assert_eq!(event_set(&db), event_set(&clean), "the union, each document once");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The kill -9 campaign: `DYADS_KILL_ROUNDS=100 cargo test --release -p
/// dyads-cli --test store kill_campaign -- --ignored --nocapture`. Each round
/// kills an ingest at a random point (seeded), checks integrity, resumes,
/// and compares with a clean run. CI runs the three fixed points above.
#[test]
#[ignore]
fn kill_campaign() {
    let rounds: usize = std::env::var("DYADS_KILL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let dir = tmp("campaign");
    let feed = dir.join("feed.jsonl");
    let actors = ["The United States", "Iran", "Iraq", "Israel", "Turkey", "Greece", "Egypt", "Syria"];
    let verbs = ["accused", "met", "attacked", "praised", "criticized", "threatened"];
    let lines: Vec<String> = (0..3000)
        .filter_map(|i| {
            let (a, b) = (actors[i % 8], actors[(i / 3 + 1) % 8]);
            (a != b).then(|| {
                jsonl(
                    &format!("k{i}"),
                    &format!("2004-0{}-1{}", 1 + i % 9, i % 10),
                    &format!("o{}", i % 5),
                    &format!("{a} {} {b}. Officials said {i} rounds of talks would follow.", verbs[i % 6]),
                )
            })
        })
        .collect();
    std::fs::write(&feed, lines.join("\n")).unwrap();
    let clean = dir.join("clean.db");
    let t = std::time::Instant::now();
    ingest(&[&feed], &clean, &["--batch", "8"]);
    let full_ms = t.elapsed().as_millis() as u64;
    let expected = event_set(&clean);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let (mut killed_mid, mut survived) = (0, 0);
    for round in 0..rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Most of a run before the first commit is start-up (model,
        // dictionaries, gazetteer): aim at the part where batches commit.
        let delay = full_ms * 35 / 100 + seed % (full_ms * 70 / 100 + 1);
        let db = dir.join(format!("k{round}.db"));
        let mut child =
            dyads().arg("ingest").arg(&feed).arg("--db").arg(&db).args(["--batch", "8", "--no-progress"]).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        child.wait().unwrap();
        if db.exists() {
            assert_eq!(Store::open(&db).unwrap().integrity_check().unwrap(), "ok", "round {round}");
            // Documents stored so far: some, but not all, means the kill
            // landed between commits.
            let stored = Store::open_read_only(&db).map(|s| s.totals().unwrap().0).unwrap_or(0);
            if !finished && stored > 0 && stored < lines.len() as u64 {
                killed_mid += 1;
            }
        }
        ingest(&[&feed], &db, &["--batch", "8"]);
        assert_eq!(event_set(&db), expected, "round {round} (killed after {delay} ms)");
        survived += 1;
        let _ = std::fs::remove_file(&db);
    }
    eprintln!(
        "kill campaign: {survived}/{rounds} rounds identical to a clean run; {killed_mid} killed with a partial store; clean ingest {full_ms} ms, {} events",
        expected.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `dyads ingest` with a file-size limit of `bytes` (RLIMIT_FSIZE, with
/// SIGXFSZ ignored, so a write past it fails with EFBIG: an I/O error from
/// the disk's point of view). Returns (success, stderr).
fn ingest_with_write_limit(feed: &Path, db: &Path, bytes: u64) -> (bool, String) {
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#"trap "" XFSZ; exec prlimit --fsize="$0" -- "$@""#)
        .arg(bytes.to_string())
        .arg(env!("CARGO_BIN_EXE_dyads"))
        .arg("ingest")
        .arg(feed)
        .arg("--db")
        .arg(db)
        .args(["--batch", "8", "--no-progress"])
        .output()
        .unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// A tmpfs of `size` mounted at `dir` for the test's life; None where this
/// machine does not let the test mount one (not root, no CAP_SYS_ADMIN).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(dir).output().ok()?.status.success();
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn write_errors_and_a_full_disk_fail_clearly_then_resume_to_a_clean_run() {
    let dir = tmp("diskfull");
    let feed = news_feed(&dir, 400);
    let clean = dir.join("clean.db");
    ingest(&[&feed], &clean, &["--batch", "8"]);
    let expected = event_set(&clean);
    assert!(expected.len() > 50);
    let clean_docs = Store::open_read_only(&clean).unwrap().totals().unwrap().0;

    // 1. Write errors (EFBIG) at several file sizes: from "the first batch
    // fails" to "most of the feed is in".
    for (k, limit) in [120_000u64, 200_000, 320_000].into_iter().enumerate() {
        let db = dir.join(format!("limited{k}.db"));
        let (ok, err) = ingest_with_write_limit(&feed, &db, limit);
        assert!(!ok, "limit {limit}: the ingest reports failure");
        assert!(err.contains(&db.display().to_string()) && err.contains("disk I/O error"), "limit {limit}: a clear error naming the database: {err}");
        let store = Store::open(&db).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "limit {limit}");
        let docs = store.totals().unwrap().0;
        assert!(docs < clean_docs, "limit {limit}: the failure stopped the ingest ({docs} of {clean_docs} documents)");
        drop(store);
        ingest(&[&feed], &db, &["--batch", "8"]);
        assert_eq!(event_set(&db), expected, "limit {limit}: resumed ingest equals a clean one");
    }

    // 2. A real full disk (ENOSPC) on a small tmpfs, where the machine
    // allows mounting one.
    let mnt = dir.join("small-disk");
    match SmallDisk::mount(&mnt, "160k") {
        None => eprintln!("note: cannot mount a tmpfs here; the ENOSPC case was not run"),
        Some(disk) => {
            let db = mnt.join("events.db");
            let o = dyads().arg("ingest").arg(&feed).arg("--db").arg(&db).args(["--batch", "8", "--no-progress"]).output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!o.status.success(), "a full disk fails the ingest");
            assert!(err.contains("full") || err.contains("disk I/O error"), "a clear error: {err}");
            assert_eq!(Store::open(&db).unwrap().integrity_check().unwrap(), "ok");
            // Move what was written to a roomy disk and resume there. The
            // last checkpoint could not finish on the full disk, so committed
            // batches may still sit in the -wal file: it moves too.
            let moved = dir.join("moved.db");
            std::fs::copy(&db, &moved).unwrap();
            let wal = mnt.join("events.db-wal");
            if wal.exists() {
                std::fs::copy(&wal, dir.join("moved.db-wal")).unwrap();
            }
            drop(disk);
            ingest(&[&feed], &moved, &["--batch", "8"]);
            assert_eq!(event_set(&moved), expected, "resumed after a full disk equals a clean run");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the binary as an unprivileged user when the test runs as root (root
/// ignores file modes); as the current user otherwise.
fn dyads_unprivileged() -> Command {
    let root = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false);
    if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_dyads")]);
        c
    } else {
        dyads()
    }
}

#[test]
fn a_read_only_database_refuses_writes_clearly_and_still_answers_queries() {
    let dir = tmp("readonly");
    let feed = news_feed(&dir, 60);
    let ro = dir.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    let db = ro.join("events.db");
    ingest(&[&feed], &db, &[]);
    let before = std::fs::read(&db).unwrap();
    let expected = event_set(&db);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // The feed must be readable by the unprivileged user.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A feed with documents the database does not have yet.
    let more = dir.join("more");
    std::fs::create_dir_all(&more).unwrap();
    let feed = news_feed(&more, 120);
    let o = dyads_unprivileged().arg("ingest").arg(&feed).arg("--db").arg(&db).arg("--no-progress").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "writing a read-only database fails: {err}");
    assert!(err.contains("read-only") && err.contains(&db.display().to_string()), "a clear error: {err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");

    let o = dyads_unprivileged().args(["query", "--format", "csv", "--db"]).arg(&db).output().unwrap();
    assert!(o.status.success(), "queries still work: {}", String::from_utf8_lossy(&o.stderr));
    let rows = String::from_utf8_lossy(&o.stdout).lines().count() - 1;
    assert_eq!(rows, expected.len(), "every event is read");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
