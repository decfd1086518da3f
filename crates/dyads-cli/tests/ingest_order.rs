//! What a store holds does not depend on the order documents arrive in: the
//! same documents ingested forwards, backwards and by two concurrent ingests
//! export the same events, each represented by the same mention (evidence,
//! names, date precision, location). And reading commands never write: an
//! older store is upgraded only when asked.

use std::path::{Path, PathBuf};
use std::process::Command;

use dyads_store::Store;

#[allow(dead_code)] // this binary needs the scratch folder and the binary, not the server helpers
mod common;
use common::dyads;

fn tmp(name: &str) -> PathBuf {
    common::tmp("order", name)
}

fn run_ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "dyads failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Documents that report the same few events in different words, by
/// different outlets, on the same days: which mention represents each event
/// is the question.
fn lines() -> Vec<String> {
    let sources = ["The United States", "Washington", "U.S. officials", "American diplomats"];
    let targets = ["Iran", "Tehran", "the Iranian government"];
    let acts = ["accused {t} of harboring al Qaeda fighters", "met {t} in Geneva", "threatened {t} with sanctions"];
    let mut out = Vec::new();
    for i in 0..36 {
        let text = format!("{} {}.", sources[i % 4], acts[i % 3].replace("{t}", targets[i % 3]));
        let date = format!("2005-03-0{}", 1 + i % 2);
        let outlet = ["Wire", "Daily", "Herald"][i % 3];
        out.push(
            serde_json::json!({ "id": format!("d{i:02}"), "date": date, "source": outlet, "url": format!("https://news.example/{i}"), "text": text })
                .to_string(),
        );
    }
    out
}

/// The JSONL export with the arrival-order row id left out, lines sorted.
fn export(db: &Path) -> Vec<String> {
    let out = run_ok(dyads().args(["export", "--format", "jsonl", "--out", "-", "--db"]).arg(db));
    let mut rows: Vec<String> = out
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("id");
            v.to_string()
        })
        .collect();
    rows.sort();
    rows
}

fn ingest(files: &[&Path], db: &Path) -> Command {
    let mut c = dyads();
    c.arg("ingest").args(files).arg("--db").arg(db).args(["--batch", "4", "--no-progress", "--date", "2005-03-01"]);
    c
}

#[test]
fn any_ingest_order_stores_the_same_events() {
    let dir = tmp("order");
    let lines = lines();
    let write = |name: &str, ls: Vec<&String>| {
        let p = dir.join(name);
        std::fs::write(&p, ls.into_iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
        p
    };
    let forward = write("forward.jsonl", lines.iter().collect());
    let backward = write("backward.jsonl", lines.iter().rev().collect());
    let even = write("even.jsonl", lines.iter().step_by(2).rev().collect());
    let odd = write("odd.jsonl", lines.iter().skip(1).step_by(2).collect());

    let (a, b, c) = (dir.join("a.db"), dir.join("b.db"), dir.join("c.db"));
    run_ok(&mut ingest(&[&forward], &a));
    run_ok(&mut ingest(&[&backward], &b));
    Store::open(&c).unwrap();
    std::thread::scope(|s| {
        let x = s.spawn(|| run_ok(&mut ingest(&[&even], &c)));
        let y = s.spawn(|| run_ok(&mut ingest(&[&odd], &c)));
        x.join().unwrap();
        y.join().unwrap();
    });

    let ea = export(&a);
    assert!(ea.len() >= 3, "{ea:?}");
    // The test means something only if events merge mentions worded differently.
    let merged: Vec<serde_json::Value> =
        ea.iter().map(|l| serde_json::from_str(l).unwrap()).filter(|v: &serde_json::Value| v["num_mentions"].as_i64() > Some(1)).collect();
    assert!(!merged.is_empty(), "no event has several mentions: {ea:?}");
    assert_eq!(ea, export(&b), "forwards and backwards");
    assert_eq!(ea, export(&c), "forwards and two concurrent ingests");
    // The rule: the earliest report date first.
    for v in &merged {
        assert_eq!(v["evidence"]["report_date"], v["first_seen"], "{v}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reading_commands_refuse_an_older_store_and_upgrade_upgrades_it() {
    let dir = tmp("upgrade");
    let db = dir.join("old.db");
    let text = dir.join("a.txt");
    std::fs::write(&text, "The United States accused Iran of harboring al Qaeda fighters.").unwrap();
    run_ok(dyads().arg("ingest").arg(&text).arg("--db").arg(&db).args(["--date", "2005-03-01", "--no-progress"]));
    // As a dyads of schema version 4 left it: no representative column yet.
    Store::open(&db).unwrap().connection().execute_batch("ALTER TABLE events DROP COLUMN evidence_mention; PRAGMA user_version = 4").unwrap();
    let before = std::fs::read(&db).unwrap();
    for args in [&["query"][..], &["export", "--format", "jsonl", "--out", "-"], &["series"]] {
        let o = dyads().args(args).arg("--db").arg(&db).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("schema version 4 is older") && err.contains("dyads upgrade --db"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "reading left the file as it was");
    let o = dyads().args(["upgrade", "--db"]).arg(&db).output().unwrap();
    assert!(o.status.success() && String::from_utf8_lossy(&o.stderr).contains("from schema version 4 to"), "{}", String::from_utf8_lossy(&o.stderr));
    let out = run_ok(dyads().args(["export", "--format", "jsonl", "--out", "-", "--db"]).arg(&db));
    assert!(out.contains("harboring"), "the upgraded store's events keep their evidence: {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
