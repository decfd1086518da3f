//! POST /api/documents: code and store documents (token required).
//!
//! Everything that can refuse the request is decided from its headers,
//! before a byte of the body is read: no token configured (403), a wrong
//! token (401, after a delay that grows with that address's recent
//! failures), a declared length over the cap (413), every write slot busy
//! (503). Refusals close the connection, so the unread body is never
//! buffered. An accepted body must arrive within the body deadline and at
//! the minimum rate, or the request is answered 408.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use dyads_store::Store;

use crate::guard::ConnInfo;
use crate::pool::busy;
use crate::{bad, ApiError, Shared};

/// Documents coded at once; beyond, a 503 (each holds a body of up to the
/// cap and a blocking thread running the pipeline).
pub(crate) const PARALLEL_WRITES: usize = 2;
/// A body may fall below the minimum rate during its first seconds (a
/// connection's slow start, the client's own work).
const RATE_GRACE: Duration = Duration::from_secs(2);

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDocument {
    #[serde(default)]
    id: Option<String>,
    date: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    text: String,
}

/// A refusal that closes the connection: the body it did not read is
/// left to the kernel and discarded with the socket.
fn closing(e: ApiError) -> Response {
    let mut r = e.into_response();
    r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// Failed token attempts per client address: each failure within the
/// window doubles the next one's delay (up to `MAX_DELAY`). Only that
/// address's wrong attempts wait; a right token is never delayed, so a
/// hostile client slows itself and nobody else.
pub(crate) struct Failures(Mutex<HashMap<IpAddr, (u32, Instant)>>);

const WINDOW: Duration = Duration::from_secs(60);
const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(4);
/// Addresses remembered at most (a spread of many addresses must not grow
/// the map without bound).
const MAX_ADDRESSES: usize = 10_000;

impl Failures {
    pub(crate) fn new() -> Failures {
        Failures(Mutex::new(HashMap::new()))
    }

    /// Records a failure from `ip`; the delay before answering it.
    pub(crate) fn fail(&self, ip: IpAddr) -> Duration {
        let now = Instant::now();
        let mut map = self.0.lock().expect("failures lock");
        if map.len() >= MAX_ADDRESSES {
            map.retain(|_, (_, last)| now.duration_since(*last) < WINDOW);
            if map.len() >= MAX_ADDRESSES {
                map.clear();
            }
        }
        let entry = map.entry(ip).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            entry.0 = 0;
        }
        entry.0 = entry.0.saturating_add(1);
        entry.1 = now;
        FIRST_DELAY.saturating_mul(1u32 << (entry.0 - 1).min(5)).min(MAX_DELAY)
    }
}

fn token_matches(headers: &HeaderMap, token: &str) -> bool {
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    // Constant-time comparison: the time taken does not reveal a prefix.
    given.is_some_and(|g| g.len() == token.len() && g.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0)
}

/// Reads the body up to `max` bytes, within `deadline` overall and never
/// slower than `min_rate` bytes/s on average after the grace period.
async fn read_body(mut body: Body, max: usize, deadline: Duration, min_rate: u64) -> Result<Vec<u8>, ApiError> {
    let start = Instant::now();
    let hard = start + deadline;
    let mut buf: Vec<u8> = Vec::new();
    loop {
        // The rate is broken at grace + received/rate: wake then at the
        // latest, so a stalled body is cut off without waiting for a byte.
        let rate_end = if min_rate == 0 { hard } else { start + RATE_GRACE + Duration::from_secs_f64(buf.len() as f64 / min_rate as f64) };
        let until = hard.min(rate_end);
        let frame = tokio::time::timeout_at(until.into(), std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx))).await;
        match frame {
            Err(_) => {
                let why = if until == hard { format!("within {} ms", deadline.as_millis()) } else { format!("at {min_rate} bytes/s or faster") };
                return Err(ApiError(StatusCode::REQUEST_TIMEOUT, format!("request body too slow: it must arrive {why}")));
            }
            Ok(None) => return Ok(buf),
            Ok(Some(Err(e))) => return Err(bad(format!("reading the body: {e}"))),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if buf.len() + data.len() > max {
                        return Err(ApiError(StatusCode::PAYLOAD_TOO_LARGE, format!("request body too large (at most {max} bytes)")));
                    }
                    buf.extend_from_slice(&data);
                }
            }
        }
    }
}

pub(crate) async fn add_documents(State(state): State<Shared>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let config = &state.config;
    let Some(token) = config.token.as_deref() else {
        return closing(ApiError(StatusCode::FORBIDDEN, "writes are disabled: start the server with --token".into()));
    };
    if !token_matches(&parts.headers, token) {
        if let Some(conn) = parts.extensions.get::<ConnInfo>() {
            tokio::time::sleep(state.failures.fail(conn.peer.ip())).await;
        }
        return closing(ApiError(StatusCode::UNAUTHORIZED, "missing or wrong bearer token".into()));
    }
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body_bytes as u64) {
        return closing(ApiError(StatusCode::PAYLOAD_TOO_LARGE, format!("request body too large (at most {} bytes)", config.max_body_bytes)));
    }
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    let Ok(slot) = SLOTS.get_or_init(|| Arc::new(Semaphore::new(PARALLEL_WRITES))).clone().try_acquire_owned() else {
        return closing(busy("too many writes at once; retry shortly"));
    };
    let body = match read_body(body, config.max_body_bytes, config.body_timeout, config.min_body_rate).await {
        Ok(b) => b,
        Err(e) => return closing(e),
    };
    match code_and_store(state.clone(), body, slot).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn code_and_store(state: Shared, body: Vec<u8>, slot: tokio::sync::OwnedSemaphorePermit) -> Result<Value, ApiError> {
    let docs: Vec<NewDocument> = match serde_json::from_slice::<Value>(&body).map_err(|e| bad(format!("body is not JSON: {e}")))? {
        v @ Value::Array(_) => serde_json::from_value(v),
        v => serde_json::from_value(v).map(|d| vec![d]),
    }
    .map_err(|e| bad(format!("expected a document {{id?, date, source?, url?, title?, text}} or an array of them: {e}")))?;
    drop(body);
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let pipeline = state.pipeline.get_or_init(|| (state.config.pipeline.0)()).as_ref().map_err(|e| ApiError(StatusCode::SERVICE_UNAVAILABLE, e.clone()))?;
        let mut coded = Vec::new();
        let batch = api_batch();
        for (i, d) in docs.into_iter().enumerate() {
            let key = d.id.clone().unwrap_or_else(|| format!("{batch}-{i}"));
            let c = pipeline.code_text(&key, d.text, &d.date).map_err(|e| bad(format!("document {i}: {e}")))?;
            let meta = dyads_store::DocMeta { key, source: d.source, url: d.url, title: d.title };
            coded.push(dyads_store::CodedDoc::new(meta, &c.doc, &d.date, c.events));
        }
        let mut store = Store::open(&state.config.db)?;
        let s = store.write_batch(&coded)?;
        Ok(json!({ "ingested": s.documents, "duplicates": s.duplicates, "mentions": s.mentions, "new_events": s.new_events }))
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("worker failed: {e}")))?
}

/// A batch number for documents posted without ids: with the time and the
/// position in the batch, their keys (`api-<time>-<batch>-<position>`)
/// are distinct within a server's life and across restarts.
fn api_batch() -> String {
    static BATCHES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("api-{}-{}", dyads_code::calendar::now_utc(), BATCHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_slow_only_the_failing_address_and_the_delay_is_capped() {
        let f = Failures::new();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let first = f.fail(a);
        let second = f.fail(a);
        assert!(second > first, "{first:?} then {second:?}");
        for _ in 0..50 {
            assert!(f.fail(a) <= MAX_DELAY);
        }
        assert_eq!(f.fail(b), FIRST_DELAY, "another address starts from the first delay");
    }
}
