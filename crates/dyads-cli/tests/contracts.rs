//! The command line's contracts, one test per bad input a user met (issue
//! 17): the message on stderr and the exit code (0 all good, 1 error, 2 bad
//! command line, 3 some documents skipped).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyads-contract-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = dyads().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn events(o: &Output) -> Vec<serde_json::Value> {
    out(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn today() -> String {
    // The same clock dyads reads; a run that crosses midnight is the one case
    // where the two may differ, and the tests accept either day.
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    dyads_code::calendar::iso_day(dyads_code::calendar::from_days(secs.div_euclid(86_400)))
}

const IRAN: &str = "Iran accused Iraq of spying on its border posts.";

#[test]
fn jsonl_on_stdin_is_read_as_jsonl() {
    let line = format!("{{\"id\":\"a\",\"date\":\"2020-01-01\",\"text\":\"{IRAN}\"}}\n");
    let o = run(&["code", "-"], line.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let ev = events(&o);
    assert!(!ev.is_empty(), "{}", err(&o));
    for e in &ev {
        assert_eq!((e["doc_id"].as_str(), e["report_date"].as_str()), (Some("a"), Some("2020-01-01")), "{e}");
        let (a, b) = (e["trigger_span"][0].as_u64().unwrap() as usize, e["trigger_span"][1].as_u64().unwrap() as usize);
        assert_eq!(&IRAN[a..b], e["trigger"], "spans point into the text, not the JSON line");
    }
}

#[test]
fn without_a_date_every_command_codes_as_of_today_and_says_so_once() {
    let o = run(&["code", "-"], format!("{IRAN}\n").as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let days: Vec<String> = events(&o).iter().map(|e| e["report_date"].as_str().unwrap().to_string()).collect();
    assert!(!days.is_empty());
    let (t0, t1) = (today(), today());
    assert!(days.iter().all(|d| *d == t0 || *d == t1), "{days:?}");
    assert_eq!(err(&o).matches("coded as of today").count(), 1, "{}", err(&o));
    // Two documents without dates, one warning.
    let o = run(&["code", "-"], format!("{{\"text\":\"{IRAN}\"}}\n{{\"text\":\"{IRAN}\"}}\n").as_bytes());
    assert_eq!(err(&o).matches("coded as of today").count(), 1, "{}", err(&o));
    let o = run(&["explain", IRAN], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(err(&o).matches("coded as of today").count(), 1, "{}", err(&o));
}

#[test]
fn a_bad_date_flag_is_refused_naming_the_value() {
    let dir = tmp("dates");
    let f = dir.join("t.txt");
    std::fs::write(&f, IRAN).unwrap();
    let f = f.to_str().unwrap();
    let db = dir.join("e.db");
    let db = db.to_str().unwrap();
    for bad in ["2023/05/10", "2023x05x10", "20230510", "2023-02-30", "2023-13-01"] {
        for args in [
            vec!["code", f, "--date", bad],
            vec!["explain", IRAN, "--date", bad],
            vec!["unknown-actors", f, "--date", bad],
            vec!["ingest", f, "--db", db, "--date", bad],
        ] {
            let o = run(&args, b"");
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
            assert!(err(&o).contains(&format!("bad date \"{bad}\"")), "{args:?}: {}", err(&o));
            assert!(out(&o).is_empty(), "{args:?}: nothing is coded: {}", out(&o));
        }
    }
    assert!(err(&run(&["code", f, "--date", "2023-02-30"], b"")).contains("2023-02 has 28 days"));
    assert!(!Path::new(db).exists(), "no database is made for a refused run");
}

#[test]
fn a_bad_date_in_a_jsonl_line_skips_that_document_naming_file_and_line() {
    let dir = tmp("jsonl-date");
    let f = dir.join("docs.jsonl");
    std::fs::write(
        &f,
        format!("{{\"id\":\"good\",\"date\":\"2020-01-01\",\"text\":\"{IRAN}\"}}\n{{\"id\":\"bad\",\"date\":\"2023-1-105\",\"text\":\"{IRAN}\"}}\n"),
    )
    .unwrap();
    let o = run(&["code", f.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(err(&o).contains("docs.jsonl:2: skipped: bad date \"2023-1-105\": expected YYYY-MM-DD"), "{}", err(&o));
    let ev = events(&o);
    assert!(!ev.is_empty() && ev.iter().all(|e| e["doc_id"] == "good"), "{ev:?}");
    assert!(!out(&o).contains("2023-1-105"), "a bad date is never echoed into the output");

    let db = dir.join("e.db");
    let o = run(&["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap(), "--no-progress"], b"");
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(err(&o).contains("docs.jsonl:2: skipped: bad date \"2023-1-105\""), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));
}

#[test]
fn documents_output_has_no_tsv_layout() {
    let o = run(&["code", "-", "--date", "2020-01-01", "--output", "documents", "--format", "tsv"], IRAN.as_bytes());
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--output documents") && err(&o).contains("TSV"), "{}", err(&o));
    assert!(out(&o).is_empty(), "no header is printed first: {}", out(&o));
}

#[test]
fn an_html_file_is_coded_from_its_main_text_and_date() {
    let dir = tmp("html");
    let f = dir.join("page.html");
    let page = format!(
        "<!doctype html><html><head><title>News</title><meta property=\"article:published_time\" content=\"2021-06-01T08:00:00Z\"></head>\
         <body><nav>Home | World</nav><article><p>{IRAN}</p></article></body></html>"
    );
    std::fs::write(&f, &page).unwrap();
    let o = run(&["code", f.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let ev = events(&o);
    assert!(ev.iter().any(|e| e["source"] == "IRN" && e["target"] == "IRQ"), "{ev:?} {}", err(&o));
    assert!(ev.iter().all(|e| e["report_date"] == "2021-06-01"), "{ev:?}");
    // Without the extension, the content says it is a page.
    let o = run(&["code", "-"], page.as_bytes());
    assert!(events(&o).iter().any(|e| e["source"] == "IRN"), "{}", err(&o));
}

#[test]
fn sentences_are_numbered_from_one_as_in_parse() {
    let text = "Rain fell in the capital. Iran accused Iraq of spying.";
    let o = run(&["code", "-", "--date", "2020-01-01"], text.as_bytes());
    let ev = events(&o);
    let e = ev.iter().find(|e| e["source"] == "IRN").unwrap_or_else(|| panic!("{ev:?}"));
    assert_eq!(e["sentence"], 2, "{e}");
    let conllu = out(&run(&["parse", "-"], text.as_bytes()));
    assert!(conllu.contains("# sent_id = stdin-2\n# text = Iran accused Iraq of spying."), "{conllu}");
    let explained = out(&run(&["explain", text, "--date", "2020-01-01"], b""));
    assert!(explained.contains("sentence 2: Iran accused Iraq"), "{explained}");
    let tsv = out(&run(&["code", "-", "--date", "2020-01-01", "--format", "tsv"], text.as_bytes()));
    assert!(tsv.lines().nth(1).unwrap().starts_with("stdin\t2\t"), "{tsv}");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let text = "Iran accused Iraq of spying. ".repeat(3000);
    let mut child = dyads().args(["code", "-", "--date", "2020-01-01"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    // The reader is gone (as `head -1` goes): dyads must stop without a word.
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!err(&o).contains("Broken pipe") && !err(&o).contains("error"), "{}", err(&o));
}

#[test]
fn a_full_disk_is_one_error_line() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: /dev/full is missing");
        return;
    };
    let mut child = dyads().args(["code", "-", "--date", "2020-01-01"]).stdin(Stdio::piped()).stdout(full).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(IRAN.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert_eq!(e.matches("No space left on device").count(), 1, "{e}");
    assert!(e.contains("writing standard output"), "{e}");
}

#[test]
fn a_missing_database_is_one_error_naming_it() {
    let dir = tmp("nodb");
    let db = dir.join("missing.db");
    let o = run(&["query", "--db", db.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert_eq!(e.matches("no such database file").count(), 1, "{e}");
    assert!(e.contains("missing.db"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn ingest_exits_3_when_it_skipped_documents_even_all_of_them() {
    let dir = tmp("skips");
    let f = dir.join("bad.jsonl");
    std::fs::write(&f, "not json\n{\"id\":\"x\"}\n").unwrap();
    let db = dir.join("e.db");
    let o = run(&["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap(), "--no-progress"], b"");
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(err(&o).contains("bad.jsonl:1: skipped: malformed JSONL line"), "{}", err(&o));
    assert!(err(&o).contains("bad.jsonl:2: skipped: no \"text\" field"), "{}", err(&o));
    assert!(err(&o).contains("2 documents were skipped"), "{}", err(&o));
}

#[test]
fn touching_a_file_does_not_make_it_a_new_document() {
    let dir = tmp("touch");
    let f = dir.join("report.txt");
    std::fs::write(&f, IRAN).unwrap();
    let db = dir.join("e.db");
    let ingest = || run(&["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap(), "--no-progress"], b"");
    let o = ingest();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("coded as of today"), "{}", err(&o));
    let file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
    file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400 * 365 * 30)).unwrap();
    drop(file);
    let o = ingest();
    assert!(err(&o).contains("ingested 0 documents (1 already in the database"), "{}", err(&o));
}

#[test]
fn ingest_reads_a_folder_by_extension_and_lists_the_rest() {
    let dir = tmp("folder");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), IRAN).unwrap();
    std::fs::write(corpus.join("README.md"), "# How this corpus was made\nIran accused Iraq of spying.").unwrap();
    std::fs::write(corpus.join("LICENSE"), "Iran accused Iraq of spying.").unwrap();
    let db = dir.join("e.db");
    let o = run(&["ingest", corpus.to_str().unwrap(), "--db", db.to_str().unwrap(), "--date", "2020-01-01", "--no-progress"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));
    for f in ["README.md", "LICENSE"] {
        assert!(err(&o).contains(&format!("{f}: not read")), "{f}: {}", err(&o));
    }
}

#[test]
fn ingest_reads_standard_input_and_fifos() {
    let dir = tmp("streams");
    let db = dir.join("e.db");
    let db = db.to_str().unwrap();
    let o = run(&["ingest", "-", "--db", db, "--no-progress"], format!("{{\"id\":\"s\",\"date\":\"2020-01-01\",\"text\":\"{IRAN}\"}}\n").as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));
    let o = run(&["ingest", "/dev/stdin", "--db", db, "--date", "2020-01-02", "--no-progress"], IRAN.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));

    let fifo = dir.join("feed");
    if !Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is missing");
        return;
    }
    let path = fifo.clone();
    let feeder = std::thread::spawn(move || std::fs::write(path, format!("{{\"id\":\"f\",\"date\":\"2020-01-03\",\"text\":\"{IRAN}\"}}\n")).unwrap());
    let o = run(&["ingest", fifo.to_str().unwrap(), "--db", db, "--no-progress"], b"");
    feeder.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));
}

#[test]
fn ingest_refuses_a_foreign_sqlite_file_unless_asked() {
    let dir = tmp("foreign");
    let db = dir.join("crm.db");
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE customers (id INTEGER, name TEXT)").unwrap();
    let f = dir.join("t.txt");
    std::fs::write(&f, IRAN).unwrap();
    let args = ["ingest", f.to_str().unwrap(), "--db", db.to_str().unwrap(), "--date", "2020-01-01", "--no-progress"];
    let o = run(&args, b"");
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.contains("crm.db: it is an SQLite database with other tables (customers), not a dyads store") && e.contains("--init"), "{e}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let tables: i64 = c.query_row("SELECT count(*) FROM sqlite_master WHERE type='table'", [], |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), tables), ("delete", 1), "the file is untouched");
    drop(c);
    let o = run(&[&args[..], &["--init"]].concat(), b"");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("ingested 1 documents"), "{}", err(&o));
}

#[test]
fn limits_that_would_overflow_are_refused() {
    let huge = "18446744073709551615";
    for args in [
        vec!["ingest", "x.txt", "--db", "x.db", "--batch", huge],
        vec!["ingest", "x.txt", "--db", "x.db", "--batch", "0"],
        vec!["ingest", "x.txt", "--db", "x.db", "--max-doc-bytes", huge],
        vec!["query", "--db", "x.db", "--limit", huge],
        vec!["query", "--db", "x.db", "--offset", huge],
        vec!["unknown-actors", "x.txt", "--top", huge],
    ] {
        let o = run(&args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("is not in "), "{args:?}: {}", err(&o));
    }
}

#[test]
fn help_describes_every_flag_and_the_exit_codes_in_the_order_a_user_meets_them() {
    let top = out(&dyads().arg("--help").output().unwrap());
    assert!(top.contains("Exit status: 0") && top.contains("3 finished, but some documents were skipped"), "{top}");
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(&commands[..6], ["code", "ingest", "query", "series", "export", "serve"], "{commands:?}");
    for c in commands.iter().filter(|c| **c != "help") {
        // -h: one line per flag (--help shows the long form, a flag a paragraph).
        let help = out(&dyads().args([c, "-h"]).output().unwrap());
        let options: Vec<&str> = help.lines().skip_while(|l| !l.starts_with("Options:")).skip(1).take_while(|l| !l.starts_with("Exit status")).collect();
        for (i, line) in options.iter().enumerate().filter(|(_, l)| l.trim_start().starts_with('-')) {
            // "  --flag <V>  What it does", or (clap's layout for wide
            // flags) the description on the next line.
            let (flag, rest) = line.trim_start().split_once("  ").unwrap_or((line.trim_start(), ""));
            let next = options.get(i + 1).map_or("", |n| n.trim());
            let described = !rest.trim().is_empty() || (!next.is_empty() && !next.starts_with('-'));
            assert!(described, "`dyads {c} -h`: {flag} has no description:\n{help}");
        }
    }
}
