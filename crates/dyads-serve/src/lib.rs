//! `dyads serve`: a JSON API over an event store, plus the dashboard.
//!
//! Safe by default: binds to loopback unless told otherwise, reads the
//! database through read-only connections, caps request bodies, aborts slow
//! queries, rejects unknown or malformed parameters with a 400, closes
//! connections whose headers arrive too slowly, caps open connections, and
//! has no write route at all unless a token is configured.

mod api;
mod openapi;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use dyads_store::{Store, StoreError};

pub use openapi::openapi;

#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    /// Bearer token for write endpoints; `None`: the server is read-only.
    pub token: Option<String>,
    pub max_body_bytes: usize,
    pub query_timeout_ms: u64,
    /// Largest `limit` a client may ask for.
    pub max_page: usize,
    /// Largest `offset`: deeper pages use the `after` cursor.
    pub max_offset: usize,
    /// A client must send a request's headers within this time, or its
    /// connection is closed (slowloris).
    pub header_read_timeout: Duration,
    /// Open connections at most; beyond, new ones are closed at once.
    pub max_connections: usize,
    /// Builds the pipeline that codes POSTed documents (`dyads serve
    /// --model/--dict`); default: the embedded model and dictionaries.
    pub pipeline: PipelineLoader,
}

/// Makes the write endpoint's pipeline, once, on the first write: a
/// read-only server never loads a model.
#[derive(Clone)]
pub struct PipelineLoader(pub Arc<dyn Fn() -> Result<dyads_pipeline::Pipeline, String> + Send + Sync>);

impl Default for PipelineLoader {
    fn default() -> PipelineLoader {
        PipelineLoader(Arc::new(|| dyads_pipeline::Pipeline::embedded().map_err(|e| e.to_string())))
    }
}

impl std::fmt::Debug for PipelineLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PipelineLoader")
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            db: PathBuf::new(),
            token: None,
            max_body_bytes: 1 << 20,
            query_timeout_ms: 2_000,
            max_page: 1_000,
            max_offset: 10_000,
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1_024,
            pipeline: PipelineLoader::default(),
        }
    }
}

struct AppState {
    config: Config,
    /// Idle read-only connections (SQLite connections are not Sync; each
    /// request borrows one for its blocking task).
    pool: Mutex<Vec<Store>>,
    /// Loaded on the first write (see `PipelineLoader`).
    pipeline: OnceLock<Result<dyads_pipeline::Pipeline, String>>,
}

type Shared = Arc<AppState>;

/// An API error: status and a message, sent as `{"error": ...}`.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::BadQuery(m) => ApiError(StatusCode::BAD_REQUEST, m),
            e => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

/// Runs `f` on a pooled read-only connection off the async runtime.
async fn with_store<T: Send + 'static>(state: &Shared, f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let store = state.pool.lock().expect("pool lock").pop();
        let store = match store {
            Some(s) => s,
            None => Store::open_read_only(&state.config.db).map_err(ApiError::from)?,
        };
        let out = f(&store);
        state.pool.lock().expect("pool lock").push(store);
        out
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("worker failed: {e}")))?
}

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

fn authorized(headers: &HeaderMap, token: &Option<String>) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError(StatusCode::FORBIDDEN, "writes are disabled: start the server with --token".into()));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    // Constant-time comparison: the time taken does not reveal a prefix.
    let ok = given.is_some_and(|g| g.len() == token.len() && g.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0);
    if ok {
        Ok(())
    } else {
        Err(ApiError(StatusCode::UNAUTHORIZED, "missing or wrong bearer token".into()))
    }
}

/// POST /api/documents: code and store documents (token required).
async fn add_documents(State(state): State<Shared>, headers: HeaderMap, body: axum::body::Bytes) -> Result<Json<Value>, ApiError> {
    authorized(&headers, &state.config.token)?;
    let docs: Vec<NewDocument> = match serde_json::from_slice::<Value>(&body).map_err(|e| bad(format!("body is not JSON: {e}")))? {
        v @ Value::Array(_) => serde_json::from_value(v),
        v => serde_json::from_value(v).map(|d| vec![d]),
    }
    .map_err(|e| bad(format!("expected a document {{id?, date, source?, url?, title?, text}} or an array of them: {e}")))?;
    let state2 = state.clone();
    tokio::task::spawn_blocking(move || {
        let pipeline =
            state2.pipeline.get_or_init(|| (state2.config.pipeline.0)()).as_ref().map_err(|e| ApiError(StatusCode::SERVICE_UNAVAILABLE, e.clone()))?;
        let mut coded = Vec::new();
        let batch = api_batch();
        for (i, d) in docs.into_iter().enumerate() {
            let key = d.id.clone().unwrap_or_else(|| format!("{batch}-{i}"));
            let c = pipeline.code_text(&key, d.text, &d.date).map_err(|e| bad(format!("document {i}: {e}")))?;
            let meta = dyads_store::DocMeta { key, source: d.source, url: d.url, title: d.title };
            coded.push(dyads_store::CodedDoc::new(meta, &c.doc, &d.date, c.events));
        }
        let mut store = Store::open(&state2.config.db)?;
        let s = store.write_batch(&coded)?;
        Ok(Json(json!({ "ingested": s.documents, "duplicates": s.duplicates, "mentions": s.mentions, "new_events": s.new_events })))
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

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such route (see /openapi.json)".into())
}

/// The router, for `run` and for tests that drive it in-process.
pub fn router(config: Config) -> Router {
    let max_body = config.max_body_bytes;
    let state = Arc::new(AppState { config, pool: Mutex::new(Vec::new()), pipeline: OnceLock::new() });
    Router::new()
        .route("/", get(|| async { Html(INDEX_HTML) }))
        .route("/assets/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/assets/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/favicon.ico", get(|| async { asset("image/svg+xml", FAVICON_SVG) }))
        .route("/openapi.json", get(api::catalog::openapi))
        .route("/healthz", get(api::catalog::healthz))
        .route("/api/events", get(api::events::events))
        .route("/api/events/{id}", get(api::events::event))
        .route("/api/export", get(api::download::export))
        .route("/api/places", get(api::events::places))
        .route("/api/series", get(api::events::series))
        .route("/api/dyads/top", get(api::events::top_dyads))
        .route("/api/actors", get(api::catalog::actors))
        .route("/api/codes", get(api::catalog::codes))
        .route("/api/stats", get(api::catalog::stats))
        .route("/api/documents", post(add_documents))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::map_response(api::errors::json_errors))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .with_state(state)
}

/// Binds `addr` and serves until Ctrl-C; `ready` is called with the bound
/// address (useful with port 0). In-flight requests get 10 s to finish.
pub fn run(addr: &str, config: Config, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(config.header_read_timeout);
        let service = hyper_util::service::TowerToHyperService::new(router(config));
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
        loop {
            let (stream, _) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(c) => c,
                    Err(e) => {
                        // Out of descriptors and the like: wait, do not spin.
                        // Not eprintln!: a closed stderr must not stop the server.
                        let _ = writeln!(std::io::stderr(), "dyads serve: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = &mut stop => break,
            };
            let Ok(slot) = slots.clone().try_acquire_owned() else {
                drop(stream); // over the cap: closed at once, nothing queued
                continue;
            };
            let _ = stream.set_nodelay(true);
            let conn = graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service.clone()));
            tokio::spawn(async move {
                let _ = conn.await;
                drop(slot);
            });
        }
        tokio::select! {
            _ = graceful.shutdown() => {}
            _ = tokio::time::sleep(Duration::from_secs(10)) => {}
        }
        Ok(())
    })
}
