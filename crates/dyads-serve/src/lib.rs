//! `dyads serve`: a JSON API over an event store, plus the dashboard.
//!
//! Safe by default: binds to loopback unless told otherwise, answers only
//! for its own host names, reads the database through a fixed pool of
//! read-only connections with a short queue (503 + `Retry-After` beyond
//! it), aborts slow queries, rejects unknown or malformed parameters with a
//! 400, closes connections whose headers or bodies arrive too slowly, caps
//! open connections overall and per client address, refuses a write from
//! its headers before reading its body, and has no write route at all
//! unless a token is configured. See docs/reliability.md for the limits.

mod accept;
mod api;
mod guard;
mod openapi;
mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use dyads_store::{Store, StoreError};

pub use accept::run;
pub use guard::{ConnInfo, CONTENT_SECURITY_POLICY, SECURITY_HEADERS};
pub use openapi::openapi;

/// Shortest write token accepted: a short one can be guessed, however
/// slowly failed attempts are answered.
pub const MIN_TOKEN_BYTES: usize = 16;

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
    /// connection is closed (slowloris). Also how long an idle keep-alive
    /// connection is kept.
    pub header_read_timeout: Duration,
    /// A write's body must arrive within this time...
    pub body_timeout: Duration,
    /// ...and at no less than this many bytes a second on average (after
    /// its first two seconds); 0: no minimum.
    pub min_body_rate: u64,
    /// Open connections at most; beyond, new ones get a 503 and are closed.
    pub max_connections: usize,
    /// Open connections per client address at most (0: no cap); beyond,
    /// a 429 and closed.
    pub max_connections_per_ip: usize,
    /// Read-only database connections (and threads running queries).
    pub read_connections: usize,
    /// Requests that may wait for a read connection; beyond, a 503.
    pub queue_depth: usize,
    /// How long a request waits for a read connection before a 503.
    pub queue_timeout: Duration,
    /// Host names the server answers for besides localhost names and its
    /// own addresses (`*`: any; e.g. behind a reverse proxy).
    pub allowed_hosts: Vec<String>,
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

/// One read connection per core: SQLite reads are CPU-bound, more
/// connections only add page caches and contention.
pub fn default_read_connections() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 16)
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
            body_timeout: Duration::from_secs(30),
            min_body_rate: 16 * 1024,
            max_connections: 1_024,
            max_connections_per_ip: 64,
            read_connections: default_read_connections(),
            queue_depth: 64,
            queue_timeout: Duration::from_secs(1),
            allowed_hosts: Vec::new(),
            pipeline: PipelineLoader::default(),
        }
    }
}

/// The write token as configured: an empty one is no token (an unset
/// `DYADS_TOKEN=` must not announce writes as enabled); a short one is an
/// error, said in words.
pub fn check_token(token: Option<String>) -> Result<Option<String>, String> {
    match token {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) if t.len() < MIN_TOKEN_BYTES => {
            Err(format!("the write token is {} bytes; it must be at least {MIN_TOKEN_BYTES} (a random one: `openssl rand -hex 16`)", t.len()))
        }
        Some(t) => Ok(Some(t)),
    }
}

struct AppState {
    config: Config,
    pool: Arc<pool::ReadPool>,
    /// The address the server is bound to (its Host is allowed).
    bound: Option<SocketAddr>,
    failures: api::write::Failures,
    /// Loaded on the first write (see `PipelineLoader`).
    pipeline: OnceLock<Result<dyads_pipeline::Pipeline, String>>,
}

type Shared = Arc<AppState>;

/// An API error: status and a message, sent as `{"error": ...}`. A 503 or
/// 429 says when to retry.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = matches!(self.0, StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS);
        let mut r = (self.0, Json(json!({ "error": self.1 }))).into_response();
        if retry {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        r
    }
}

/// An interrupted statement (a deadline hit outside the statement it
/// guards) or a locked database: load, never the client's fault nor a 500.
fn interrupted_or_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, OperationInterrupted | DatabaseBusy | DatabaseLocked))
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::BadQuery(m) => ApiError(StatusCode::BAD_REQUEST, m),
            // Overload, not the client's fault: retry later (or narrow it).
            StoreError::TimedOut => ApiError(StatusCode::SERVICE_UNAVAILABLE, "query timed out: narrow it (dates, actors) or retry later".into()),
            StoreError::Sql(e) if interrupted_or_busy(&e) => ApiError(StatusCode::SERVICE_UNAVAILABLE, format!("database busy ({e}); retry shortly")),
            e => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

/// Runs `f` on a pooled read-only connection off the async runtime, once
/// the pool admits the request (see `pool`).
async fn with_store<T: Send + 'static>(
    state: &Shared,
    client: Option<ConnInfo>,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    state.pool.run(client.map(|c| c.peer.ip()), f).await
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

/// The router, for `run` and for tests that drive it in-process; `bound`
/// is the listening address (its Host is allowed).
pub fn router(config: Config, bound: Option<SocketAddr>) -> Router {
    let max_body = config.max_body_bytes;
    let pool = Arc::new(pool::ReadPool::new(config.db.clone(), config.read_connections, config.queue_depth, config.queue_timeout));
    let state = Arc::new(AppState { config, pool, bound, failures: api::write::Failures::new(), pipeline: OnceLock::new() });
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
        .route("/api/documents", post(api::write::add_documents))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::map_response(api::errors::json_errors))
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::front_door))
        .with_state(state)
}
