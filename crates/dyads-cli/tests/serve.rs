//! `dyads serve` over real HTTP on loopback: the API's answers, its
//! refusals (bad parameters, injection strings, oversized bodies, unknown
//! routes) and the token gate on every write route listed in /openapi.json.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

mod common;
use common::{dyads, serve};

fn tmp(name: &str) -> PathBuf {
    common::tmp("serve", name)
}

/// One HTTP/1.1 request; returns (status, body).
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
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
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn get_json(addr: &str, path: &str) -> (u16, Value) {
    let (status, body) = http(addr, "GET", path, &[], b"");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}")))
}

fn build_db(dir: &Path) -> PathBuf {
    let feed = dir.join("feed.jsonl");
    let docs = [
        ("a1", "2003-05-20", "The United States accused Iran of harboring al Qaeda fighters."),
        ("a2", "2003-05-21", "Iranian officials met American diplomats in Geneva."),
        ("a3", "2003-05-22", "Iran threatened to expel UN inspectors."),
    ];
    let lines: Vec<String> =
        docs.iter().map(|(id, date, text)| serde_json::json!({"id": id, "date": date, "source": "Wire", "text": text}).to_string()).collect();
    std::fs::write(&feed, lines.join("\n")).unwrap();
    let db = dir.join("events.db");
    let o = dyads().arg("ingest").arg(&feed).arg("--db").arg(&db).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    db
}

#[test]
fn api_answers_and_refuses() {
    let dir = tmp("api");
    let db = build_db(&dir);
    let server = serve(&db, &[]);
    let a = server.addr.as_str();

    let (status, v) = get_json(a, "/api/events?dyad=USA,IRN&since=2003-05&until=2003-05");
    assert_eq!(status, 200);
    assert_eq!(v["total"], 1);
    assert_eq!(v["events"][0]["code"], "112");
    assert_eq!(v["events"][0]["evidence"]["trigger"], "accused");
    let (_, v) = get_json(a, "/api/events?limit=1");
    assert_eq!((v["count"].as_u64(), v["total"].as_u64()), (Some(1), Some(3)));
    let next = v["next"].as_str().expect("a cursor when more rows exist").to_string();
    let (_, v2) = get_json(a, &format!("/api/events?limit=10&after={next}"));
    assert_eq!(v2["count"], 2, "the cursor continues after the first page");
    assert_ne!(v2["events"][0]["id"], v["events"][0]["id"]);

    let (_, v) = get_json(a, "/api/series?dyad=USA,IRN&by=day");
    assert_eq!(v["series"][0]["period"], "2003-05-20");
    assert_eq!(v["series"][0]["quad"][2], 1);
    let (_, v) = get_json(a, "/api/dyads/top");
    assert!(v["dyads"].as_array().unwrap().iter().any(|d| d["source"] == "USA" && d["target"] == "IRN"));
    let (_, v) = get_json(a, "/api/actors?prefix=IRN");
    assert!(v["actors"].as_array().unwrap().iter().all(|x| x["code"].as_str().unwrap().starts_with("IRN")));
    let (_, v) = get_json(a, "/api/codes");
    assert!(v["codes"].as_array().unwrap().iter().any(|c| c["code"] == "190" && c["quad_class"] == 4));
    let (status, body) = http(a, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(body.contains("<script src=\"/assets/app.js\">"));
    assert_eq!(http(a, "GET", "/assets/app.js", &[], b"").0, 200);

    // Refusals: clear 4xx, never a 500, never a changed database.
    for path in [
        "/api/events?dyad=USA",
        "/api/events?sourse=USA",
        "/api/events?source=USA%27%20OR%20%271%27%3D%271",
        "/api/events?code=04%3B%20DROP%20TABLE%20events",
        "/api/events?since=2003-02-30",
        "/api/events?limit=100000",
        "/api/events?offset=99999999",
        "/api/events?after=zzz",
        "/api/events?quad=7",
        "/api/series?by=year",
        "/api/events?source=%FF%FE",
    ] {
        let (status, body) = http(a, "GET", path, &[], b"");
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains("\"error\""), "{path}: {body}");
    }
    for path in ["/assets/../../../../etc/passwd", "/api/../etc/passwd", "/nope", "/assets/%2e%2e/Cargo.toml"] {
        let (status, body) = http(a, "GET", path, &[], b"");
        assert!(status == 404 || status == 400, "{path}: {status} {body}");
        assert!(!body.contains("root:"), "{path}");
    }
    let (_, v) = get_json(a, "/api/stats");
    assert_eq!(v["events"], 3, "the database is unchanged");

    // Every write route in the OpenAPI document is closed without a token.
    let (_, spec) = get_json(a, "/openapi.json");
    let writes: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| ops.as_object().unwrap().keys().filter(|m| *m != "get").map(move |m| format!("{} {p}", m.to_uppercase())))
        .collect();
    assert!(!writes.is_empty());
    for w in &writes {
        let (method, path) = w.split_once(' ').unwrap();
        let (status, _) = http(a, method, path, &[("Content-Type", "application/json")], br#"{"date":"2003-05-23","text":"Iran attacked Iraq."}"#);
        assert_eq!(status, 403, "{w} without a configured token");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn writes_need_the_token_and_bodies_are_capped() {
    let dir = tmp("token");
    let db = build_db(&dir);
    let server = serve(&db, &["--token", "s3cret-token-0123456789", "--max-body-bytes", "4096"]);
    let a = server.addr.as_str();
    let (_, spec) = get_json(a, "/openapi.json");
    let doc = br#"{"id":"n1","date":"2003-06-01","source":"Wire","text":"Iran threatened to expel UN inspectors again. Iraq accused Iran of shelling border posts."}"#;
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys().filter(|m| *m != "get") {
            let m = method.to_uppercase();
            assert_eq!(http(a, &m, path, &[], doc).0, 401, "{m} {path} without a token");
            assert_eq!(http(a, &m, path, &[("Authorization", "Bearer wrong!")], doc).0, 401, "{m} {path} with a wrong token");
            assert_eq!(http(a, &m, path, &[("Authorization", "s3cret-token-0123456789")], doc).0, 401, "{m} {path} without the Bearer scheme");
        }
    }
    let auth = [("Authorization", "Bearer s3cret-token-0123456789"), ("Content-Type", "application/json")];
    let (status, body) = http(a, "POST", "/api/documents", &auth, doc);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["ingested"], 1);
    assert!(v["mentions"].as_u64().unwrap() >= 1);
    // The same document again is a duplicate, not new events.
    let (_, body) = http(a, "POST", "/api/documents", &auth, doc);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["duplicates"], 1);
    // Malformed bodies and oversized ones are refused.
    assert_eq!(http(a, "POST", "/api/documents", &auth, b"{\"text\": 5}").0, 400);
    assert_eq!(http(a, "POST", "/api/documents", &auth, b"\xff\xfe not json").0, 400);
    let big = format!("{{\"date\":\"2003-06-01\",\"text\":\"{}\"}}", "Iran met Iraq. ".repeat(400));
    assert_eq!(http(a, "POST", "/api/documents", &auth, big.as_bytes()).0, 413);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn slow_and_many_clients_do_not_starve_others() {
    let dir = tmp("slow");
    let db = build_db(&dir);
    // No per-address cap: here the stalled clients share the ordinary
    // clients' address, and what is tested is the server's own limits.
    let server = serve(&db, &["--max-connections-per-ip", "0"]);
    let a = server.addr.clone();
    // 200 connections that send half a request line and then stall
    // (slowloris), plus 50 that send an oversized header block.
    let mut stalled = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(&a).unwrap();
        s.write_all(b"GET /api/events?dyad=USA,IRN HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
        stalled.push(s);
    }
    let big = format!("GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
    for _ in 0..50 {
        let mut s = TcpStream::connect(&a).unwrap();
        let _ = s.write_all(big.as_bytes());
        let mut buf = [0u8; 64];
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let n = s.read(&mut buf).unwrap_or(0);
        let head = String::from_utf8_lossy(&buf[..n]);
        assert!(
            n == 0 || head.starts_with("HTTP/1.1 431") || head.starts_with("HTTP/1.1 400") || head.starts_with("HTTP/1.1 413"),
            "oversized headers refused: {head}"
        );
    }
    // Meanwhile ordinary requests are answered, correctly.
    for _ in 0..20 {
        let (status, v) = get_json(&a, "/api/events?dyad=USA,IRN");
        assert_eq!(status, 200);
        assert_eq!(v["total"], 1);
    }
    drop(stalled);
    let (status, _) = get_json(&a, "/api/stats");
    assert_eq!(status, 200, "still up after the stalled clients leave");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reads from `s` until the server answers or closes; true when it closed
/// (or reset) the connection, false when it still held it open after the
/// read timeout.
fn closed_by_server(s: &mut TcpStream, within: Duration) -> (bool, String) {
    s.set_read_timeout(Some(within)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (true, String::from_utf8_lossy(&out).into_owned()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return (false, String::from_utf8_lossy(&out).into_owned())
            }
            Err(_) => return (true, String::from_utf8_lossy(&out).into_owned()),
        }
    }
}

#[test]
fn slow_headers_are_cut_off_and_connections_are_capped() {
    let dir = tmp("cap");
    let db = build_db(&dir);
    // Header timeout: a client that never finishes its headers is
    // disconnected (without the timeout it would hold the socket forever).
    let server = serve(&db, &["--header-timeout-ms", "300"]);
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
    let (closed, reply) = closed_by_server(&mut slow, Duration::from_secs(30));
    assert!(closed, "a stalled header block is cut off");
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 408"), "{reply}");
    let (status, _) = get_json(&server.addr, "/api/stats");
    assert_eq!(status, 200);
    drop(server);

    // Connection cap: with 4 connections open, a 5th is answered 503 with
    // Retry-After and closed; once they leave, requests are served again.
    let server = serve(&db, &["--max-connections", "4", "--header-timeout-ms", "60000"]);
    let a = server.addr.clone();
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(&a).unwrap();
        s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n").unwrap();
        held.push(s);
    }
    let mut extra = TcpStream::connect(&a).unwrap();
    let _ = extra.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let (closed, reply) = closed_by_server(&mut extra, Duration::from_secs(30));
    assert!(closed && reply.starts_with("HTTP/1.1 503"), "the connection over the cap is refused: {reply:?}");
    assert!(reply.to_ascii_lowercase().contains("retry-after: 1"), "{reply}");
    drop(held);
    let mut served = false;
    for _ in 0..100 {
        let (status, _) = http(&a, "GET", "/api/stats", &[], b"");
        if status == 200 {
            served = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(served, "slots are released when clients leave");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn query_timeout_holds_at_its_edge() {
    let dir = tmp("timeout");
    let db = dir.join("big.db");
    // 30,000 synthetic events: a series over all of them takes far more
    // than the progress handler's 10,000 SQLite steps.
    let o = dyads().args(["bench-store", "--events", "30000", "--repeat", "1", "--db"]).arg(&db).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q = "/api/series?by=day&since=2010&until=2020";
    let server = serve(&db, &["--query-timeout-ms", "0"]);
    let (status, v) = get_json(&server.addr, q);
    assert_eq!(status, 503, "a timed-out query is load, not the client's fault: {v}");
    assert!(v["error"].as_str().unwrap().contains("timed out"), "{v}");
    // The pooled connection that was interrupted serves the next request.
    for _ in 0..3 {
        let (status, v) = get_json(&server.addr, "/api/stats");
        assert_eq!((status, v["events"].as_u64().unwrap() > 0), (200, true), "{v}");
    }
    drop(server);
    let server = serve(&db, &["--query-timeout-ms", "60000"]);
    let (status, v) = get_json(&server.addr, q);
    assert_eq!(status, 200, "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bounded_load_test_runs_and_finds_no_errors() {
    let dir = tmp("load");
    let db = build_db(&dir);
    let o = dyads().args(["bench-serve", "--seconds", "3", "--warmup", "1", "--connections", "4", "--json", "--db"]).arg(&db).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["requests"].as_u64().unwrap() > 0, "{v}");
    assert_eq!((v["errors"].as_u64(), v["wrong_status"].as_u64()), (Some(0), Some(0)), "{v}");
    assert!(v["rss_warm_mib"].as_f64().unwrap() > 1.0, "server memory is read: {v}");
    assert!(v["p50_ms"].as_f64().unwrap() <= v["p99_ms"].as_f64().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
