//! GET /api/export: the events of the current view as a CSV or JSONL file,
//! streamed (memory stays flat however many events match) in the shape
//! `dyads query --format csv` and `dyads export --format jsonl` write.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, Semaphore};

use dyads_store::Store;

use super::params::{check_params, filters, number, Params};
use crate::{bad, ApiError, Shared};

/// Downloads running at once; beyond, a 503 (each holds a connection and a
/// blocking thread for as long as the client reads).
pub(crate) const PARALLEL_DOWNLOADS: usize = 2;
/// Largest `limit` of one download.
const MAX_ROWS: usize = 1_000_000;
/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

struct Chunks(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

pub(crate) async fn export(State(state): State<Shared>, Query(params): Query<Params>) -> Result<Response, ApiError> {
    static SLOTS: std::sync::OnceLock<Arc<Semaphore>> = std::sync::OnceLock::new();
    check_params(&params, true, &["format", "limit"])?;
    let csv = match params.get("format").map(String::as_str) {
        Some("csv") => true,
        Some("jsonl") => false,
        other => return Err(bad(format!("format must be csv or jsonl, not {:?}", other.unwrap_or("")))),
    };
    let mut q = filters(&params, &state.config)?;
    q.limit = params.contains_key("limit").then(|| number(&params, "limit", MAX_ROWS, MAX_ROWS)).transpose()?;
    q.timeout = None;
    let slot = SLOTS
        .get_or_init(|| Arc::new(Semaphore::new(PARALLEL_DOWNLOADS)))
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError(StatusCode::SERVICE_UNAVAILABLE, "too many downloads at once; retry shortly".into()))?;
    // Open and check before answering, so a bad filter is a 400, not a
    // truncated file.
    let db = state.config.db.clone();
    let store = tokio::task::spawn_blocking(move || -> Result<(Store, dyads_store::EventQuery), ApiError> {
        let s = Store::open_read_only(&db)?;
        s.count(&q)?;
        Ok((s, q))
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("worker failed: {e}")))??;
    let (tx, rx) = mpsc::channel(8);
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let (store, q) = store;
        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK * 2);
        if csv {
            buf.extend_from_slice(dyads_store::CSV_HEADER.as_bytes());
            buf.push(b'\n');
        }
        let result = store.for_each_event(&q, |r| {
            if csv {
                buf.extend_from_slice(dyads_store::csv_row(&r).as_bytes());
            } else {
                serde_json::to_writer(&mut buf, &r).map_err(std::io::Error::from)?;
            }
            buf.push(b'\n');
            if buf.len() >= CHUNK {
                let chunk = Bytes::from(std::mem::replace(&mut buf, Vec::with_capacity(CHUNK * 2)));
                // The client went away: stop reading the store.
                tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
            }
            Ok(())
        });
        let _ = match result {
            Ok(()) => tx.blocking_send(Ok(Bytes::from(buf))),
            Err(e) => tx.blocking_send(Err(std::io::Error::other(e.to_string()))),
        };
    });
    let (kind, name) = if csv { ("text/csv; charset=utf-8", "dyads-events.csv") } else { ("application/x-ndjson", "dyads-events.jsonl") };
    Ok(([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], Body::from_stream(Chunks(rx)))
        .into_response())
}
