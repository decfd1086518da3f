//! The HTTP API's query-string handling, through the real router on a real
//! store: any query on any read route is answered 200 with JSON (a
//! download: its file), or 400, 404 or 405 with a JSON error, never a 5xx;
//! reads never change the store.
#![no_main]
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const ROUTES: &[&str] = &[
    "/api/events", "/api/events/1", "/api/series", "/api/dyads/top", "/api/places", "/api/export", "/api/actors", "/api/codes", "/api/stats", "/api/documents",
    "/healthz", "/assets/app.js", "/nowhere",
];

struct Fixture {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    db: std::path::PathBuf,
    totals: (u64, u64, u64),
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dyads-fuzz-http-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("events.db");
        let _ = std::fs::remove_file(&db);
        dyads_store::Store::open(&db).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let config = dyads_serve::Config { db: db.clone(), token: Some("fuzz-token-0123456789".into()), ..Default::default() };
        let router = dyads_serve::router(config, None);
        let body = r#"[{"id":"a","date":"2016-03-06","text":"Iran accused the United States of spying on Tuesday. The United States and Iran held talks in Geneva."},{"id":"b","date":"2003-05-12","text":"The Bush administration accused Iran of harboring al Qaeda."}]"#;
        let req = Request::post("/api/documents").header("host", "localhost").header("authorization", "Bearer fuzz-token-0123456789").header("content-type", "application/json").body(Body::from(body)).unwrap();
        let resp = rt.block_on(router.clone().oneshot(req)).unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let totals = dyads_store::Store::open(&db).unwrap().totals().unwrap();
        assert!(totals.2 > 0 || totals.1 > 0, "fixture has events: {totals:?}");
        Fixture { rt, router, db, totals }
    })
}

/// Percent-encodes what a URI may not hold, so any byte string (invalid
/// UTF-8 included) reaches the query parser.
fn encode(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

// The fixture (a store coded through the API, which loads the model) is
// built before fuzzing starts, outside the per-input timeout.
fuzz_target!(init: { fixture(); }, |data: &[u8]| {
    let Some((&choice, query)) = data.split_first() else { return };
    let f = fixture();
    let route = ROUTES[choice as usize % ROUTES.len()];
    let uri = format!("{route}?{}", encode(query));
    let Ok(req) = Request::get(&uri).header("host", "localhost").body(Body::empty()) else { return };
    let resp = f.rt.block_on(f.router.clone().oneshot(req)).unwrap();
    let status = resp.status();
    assert!(matches!(status.as_u16(), 200 | 400 | 404 | 405 | 503), "{uri} -> {status}");
    let body = f.rt.block_on(axum::body::to_bytes(resp.into_body(), 1 << 24)).unwrap();
    // A download answers 200 with CSV or JSONL, not JSON.
    let file = route == "/api/export" && status == StatusCode::OK;
    if (route.starts_with("/api/") || route == "/healthz") && !file {
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: body not JSON: {e}"));
        if status != StatusCode::OK {
            assert!(v.get("error").and_then(|e| e.as_str()).is_some_and(|e| !e.is_empty()), "{uri}: {v}");
        }
    }
    if choice % 64 == 0 {
        let db = dyads_store::Store::open_read_only(&f.db).unwrap();
        assert_eq!(db.totals().unwrap(), f.totals, "a read changed the store");
    }
});
