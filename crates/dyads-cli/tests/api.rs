//! The API's contents through the real binary: one event shape in `dyads
//! code`, `query`, `export --format jsonl` and the API; event detail with
//! mentions and attribution; names of codes and actors; organisations apart
//! in top dyads; 400s for unknown parameters on every route and for
//! impossible filters; JSON 405 and 413; gzip; downloads; response schemas.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

mod common;
use common::{dyads, serve};

fn tmp(name: &str) -> PathBuf {
    common::tmp("api", name)
}

/// One HTTP/1.0 request (the answer is never chunked); (status, headers, body).
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").map(|(h, b)| (h.to_ascii_lowercase(), b.to_string())).unwrap_or_default();
    (status, head, body)
}

fn get_json(addr: &str, path: &str) -> (u16, Value) {
    let (status, _, body) = http(addr, "GET", path, &[], b"");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}")))
}

const DOCS: &[(&str, &str, &str)] = &[
    ("a", "2003-05-20", "The United States accused Iran of harboring al Qaeda fighters."),
    ("b", "2003-05-21", "American diplomats met Iranian officials in Geneva."),
    ("c", "2003-05-22", "NATO accused Russia of violating the treaty. The United Nations condemned Iran."),
    ("d", "2003-03-25", "Zalmay Khalilzad said the envoy had met Iranian officials in Geneva before the invasion of Iraq."),
    ("e", "2010-06-01", "France condemned Iran. Kosovo accused Serbia of shelling border posts."),
    ("f", "2003-06-02", "Syrian rebels attacked on Sunday."),
];

fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let feed = dir.join("feed.jsonl");
    let lines: Vec<String> = DOCS
        .iter()
        .map(|(id, date, text)| serde_json::json!({"id": id, "date": date, "source": "Wire", "url": format!("https://news.example/{id}"), "title": format!("Story {id}"), "text": text}).to_string())
        .collect();
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let db = dir.join("events.db");
    let o = dyads().arg("ingest").arg(&feed).arg("--db").arg(&db).arg("--no-progress").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (feed, db)
}

fn jsonl(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// The fields a stored event shares with a coded one, as the coder writes them.
const SHARED: &[&str] = &[
    "source",
    "target",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "source_text",
    "target_text",
    "event_date",
    "date_precision",
    "date_range",
    "location",
];

#[test]
fn one_event_shape_in_code_query_export_and_the_api() {
    let dir = tmp("shape");
    let (feed, db) = build(&dir);
    let coded = jsonl(&dyads().arg("code").arg(&feed).output().unwrap().stdout);
    let queried = dyads().args(["query", "--format", "jsonl", "--limit", "1000", "--db"]).arg(&db).output().unwrap();
    let exported = dyads().args(["export", "--format", "jsonl", "--out", "-", "--db"]).arg(&db).output().unwrap();
    let server = serve(&db, &[]);
    let (_, api) = get_json(&server.addr, "/api/events?limit=1000");
    let api = api["events"].as_array().unwrap().clone();
    for raw in [&queried.stdout, &exported.stdout] {
        let text = String::from_utf8_lossy(raw);
        assert!(!text.contains("0000000") && !text.contains("9999999"), "no float noise: {text}");
    }
    let sets = [("query", jsonl(&queried.stdout)), ("export", jsonl(&exported.stdout)), ("api", api)];
    let mut same_sentence = 0;
    for (what, rows) in &sets {
        assert_eq!(rows.len(), sets[0].1.len(), "{what}: every event");
        for c in &coded {
            // The stored event the coder's event became (same key fields).
            let key = |v: &Value| (v["source"].clone(), v["target"].clone(), v["code"].clone(), v["event_date"].clone());
            let stored = rows.iter().find(|r| key(r) == key(c)).unwrap_or_else(|| panic!("{what}: no stored event for {c}"));
            for f in SHARED {
                assert_eq!(stored[f], c[f], "{what}: field {f} of {c}");
            }
            // The evidence names the sentence as `code` does (from 1).
            let ev = &stored["evidence"];
            if ev["doc_id"] == c["doc_id"] && ev["trigger"] == c["trigger"] {
                assert_eq!(ev["sentence"], c["sentence"], "{what}: evidence sentence of {c}");
                same_sentence += 1;
            }
        }
    }
    assert!(same_sentence > 0, "some evidence was compared");
    assert!(coded.iter().any(|c| c["target"].is_null()), "the corpus has an event without a target");
    assert!(coded.iter().any(|c| c["location"].is_object()), "and a located one");
    assert!(coded.iter().any(|c| c["date_range"].is_array()), "and one dated by a range");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn api_names_details_and_refusals() {
    let dir = tmp("routes");
    let (_, db) = build(&dir);
    let server = serve(&db, &[]);
    let a = server.addr.as_str();

    // The event view: every mention with its document, the attribution chain.
    let (_, page) = get_json(a, "/api/events?source=CHE&limit=5");
    let ranged = page["events"].as_array().unwrap().iter().find(|e| e["date_precision"] == "range").expect("the ranged event");
    let (status, e) = get_json(a, &format!("/api/events/{}", ranged["id"]));
    assert_eq!(status, 200);
    assert_eq!(e["date_range"], serde_json::json!([null, "2003-03-19"]));
    assert_eq!(e["attribution"][0]["text"], "Zalmay Khalilzad");
    assert_eq!(e["location"]["name"], "Geneva");
    let m = &e["mentions"][0];
    assert_eq!((m["url"].as_str(), m["title"].as_str(), m["outlet"].as_str()), (Some("https://news.example/d"), Some("Story d"), Some("Wire")));
    let sentence = m["sentence_text"].as_str().unwrap();
    let span = |k: &str| m[k].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect::<Vec<_>>();
    assert_eq!(&sentence[span("trigger_in_sentence")[0]..span("trigger_in_sentence")[1]], "met");
    assert_eq!(&sentence[span("target_in_sentence")[0]..span("target_in_sentence")[1]], "Iranian officials");
    assert_eq!(get_json(a, "/api/events/999999").0, 404);
    assert_eq!(get_json(a, "/api/events/abc").0, 400);

    // Names: codes, countries (France is France, Kosovo has one), organisations apart.
    let (_, body_codes) = (0, http(a, "GET", "/api/codes", &[], b"").2);
    assert!(body_codes.contains("\"goldstein\":-9.2") && !body_codes.contains("99999"), "Goldstein as CAMEO writes it");
    let (_, v) = get_json(a, "/api/actors");
    let name = |code: &str| v["actors"].as_array().unwrap().iter().find(|x| x["code"] == code).map(|x| x["name"].clone());
    assert_eq!(name("FRA"), Some(Value::from("France")));
    assert_eq!(name("KSV"), Some(Value::from("Kosovo")));
    assert!(v["actors"].as_array().unwrap().iter().all(|x| x["code"] != ""), "no empty actor for events without a target");
    let (_, v) = get_json(a, "/api/dyads/top");
    let top: Vec<(String, String)> =
        v["dyads"].as_array().unwrap().iter().map(|d| (d["source"].as_str().unwrap().into(), d["source_label"].as_str().unwrap_or("").into())).collect();
    assert!(top.contains(&("IGOWSTNAT".into(), "North Atlantic Treaty Organization (NATO)".into())), "{top:?}");
    assert!(top.contains(&("IGOUNO".into(), "United Nations".into())), "{top:?}");
    let (_, v) = get_json(a, "/api/places");
    assert_eq!(v["places"][0]["location"]["name"], "Geneva");
    let (_, v) = get_json(a, "/api/events?place=Geneva,%20CHE");
    assert_eq!(v["total"], 2);

    // Every route refuses an unknown parameter, with a JSON error.
    let (_, spec) = get_json(a, "/openapi.json");
    for (path, ops) in spec["paths"].as_object().unwrap() {
        if ops.get("get").is_none() {
            continue;
        }
        let p = format!("{}?bogus=1", path.replace("{id}", "1"));
        let (status, v) = get_json(a, &p);
        assert_eq!(status, 400, "{p}: {v}");
        assert!(v["error"].as_str().unwrap().contains("bogus"), "{p}: {v}");
    }
    assert_eq!(get_json(a, "/openapi.json?bogus=1").0, 400);
    // Impossible filters.
    for p in ["/api/events?root=1", "/api/events?code=999", "/api/series?since=2004&until=2003", "/api/places?root=21", "/api/export?format=csv&code=999"] {
        let (status, v) = get_json(a, p);
        assert_eq!(status, 400, "{p}: {v}");
    }
    // JSON for the errors axum writes itself.
    let (status, head, body) = http(a, "DELETE", "/api/events", &[], b"");
    assert_eq!(status, 405);
    assert!(head.contains("content-type: application/json") && head.contains("allow: get"), "{head}");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());
    // gzip for clients that accept it.
    let (_, head, _) = http(a, "GET", "/api/codes", &[("Accept-Encoding", "gzip")], b"");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    let (status, v) = get_json(a, "/healthz");
    assert_eq!((status, v["status"].as_str()), (200, Some("ok")));
    assert_eq!(http(a, "GET", "/favicon.ico", &[], b"").0, 200);

    // Downloads of a view: CSV as `query --format csv`, JSONL as `export`.
    let (_, all) = get_json(a, "/api/events?limit=1");
    let (status, head, csv) = http(a, "GET", "/api/export?format=csv", &[], b"");
    assert_eq!(status, 200);
    assert!(head.contains("content-disposition: attachment"), "{head}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], dyads_store::CSV_HEADER);
    assert_eq!(lines.len() as u64 - 1, all["total"].as_u64().unwrap());
    let cli_csv = dyads().args(["query", "--format", "csv", "--limit", "1000", "--db"]).arg(&db).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&cli_csv.stdout).lines().next(), Some(dyads_store::CSV_HEADER));
    let (_, _, body) = http(a, "GET", "/api/export?format=jsonl&source=USA", &[], b"");
    let (_, usa) = get_json(a, "/api/events?source=USA&limit=1");
    assert_eq!(body.lines().count() as u64, usa["total"].as_u64().unwrap());

    // Responses carry the fields their schema requires.
    let schemas = &spec["components"]["schemas"];
    for (path, want) in [
        ("/api/events?limit=2", "EventPage"),
        ("/api/series", "Series"),
        ("/api/dyads/top", "TopDyads"),
        ("/api/places", "Places"),
        ("/api/actors", "Actors"),
        ("/api/codes", "Codes"),
        ("/api/stats", "Stats"),
        ("/healthz", "Health"),
    ] {
        let (_, v) = get_json(a, path);
        for k in schemas[want]["required"].as_array().unwrap() {
            assert!(v.get(k.as_str().unwrap()).is_some(), "{path}: {k} required by {want}");
        }
    }
    let (_, page) = get_json(a, "/api/events?limit=1");
    for k in schemas["Event"]["required"].as_array().unwrap() {
        assert!(page["events"][0].get(k.as_str().unwrap()).is_some(), "event field {k}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn documents_posted_without_ids_get_distinct_ones_and_big_bodies_a_json_413() {
    let dir = tmp("post");
    let (_, db) = build(&dir);
    let server = serve(&db, &["--token", "s3cret-token-0123456789", "--max-body-bytes", "4096"]);
    let a = server.addr.as_str();
    let auth = [("Authorization", "Bearer s3cret-token-0123456789"), ("Content-Type", "application/json")];
    let docs = br#"[{"date":"2003-07-01","text":"Iran met Iraq."},{"date":"2003-07-01","text":"Iraq met Syria."}]"#;
    let (status, _, body) = http(a, "POST", "/api/documents", &auth, docs);
    assert_eq!(status, 200, "{body}");
    let big = format!("{{\"date\":\"2003-06-01\",\"text\":\"{}\"}}", "Iran met Iraq. ".repeat(400));
    let (status, head, body) = http(a, "POST", "/api/documents", &auth, big.as_bytes());
    assert_eq!(status, 413);
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].as_str().unwrap().contains("too large"));
    drop(server);
    let store = dyads_store::Store::open_read_only(&db).unwrap();
    let keys: Vec<String> = store
        .connection()
        .prepare("SELECT doc_key FROM documents WHERE doc_key LIKE 'api-%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "{keys:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
