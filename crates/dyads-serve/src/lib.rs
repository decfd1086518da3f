//! `dyads serve`: a JSON API over an event store, plus the dashboard.
//!
//! Safe by default: binds to loopback unless told otherwise, reads the
//! database through read-only connections, caps request bodies, aborts slow
//! queries, rejects unknown or malformed parameters with a 400, closes
//! connections whose headers arrive too slowly, caps open connections, and
//! has no write route at all unless a token is configured.

mod openapi;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use dyads_store::{By, EventQuery, Store, StoreError};

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

/// Parameters each route accepts; anything else is a 400 (typos fail loudly).
const FILTER_PARAMS: &[&str] = &["source", "target", "dyad", "undirected", "code", "root", "quad", "since", "until", "one_a_day"];

fn check_params(params: &HashMap<String, String>, extra: &[&str]) -> Result<(), ApiError> {
    for k in params.keys() {
        if !FILTER_PARAMS.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
            let mut allowed: Vec<&str> = FILTER_PARAMS.to_vec();
            allowed.extend_from_slice(extra);
            return Err(bad(format!("unknown parameter {k:?} (allowed: {})", allowed.join(", "))));
        }
    }
    Ok(())
}

fn flag(params: &HashMap<String, String>, k: &str) -> Result<bool, ApiError> {
    match params.get(k).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(v) => Err(bad(format!("{k} must be true or false, not {v:?}"))),
    }
}

fn number(params: &HashMap<String, String>, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
    match params.get(k) {
        None => Ok(default),
        Some(v) => {
            let n: usize = v.parse().map_err(|_| bad(format!("{k} must be a whole number, not {v:?}")))?;
            if n > max {
                return Err(bad(format!("{k} may be at most {max}")));
            }
            Ok(n)
        }
    }
}

fn filters(params: &HashMap<String, String>, config: &Config) -> Result<EventQuery, ApiError> {
    let dyad = match params.get("dyad") {
        None => None,
        Some(d) => match d.split_once(',') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() => Some((a.to_string(), b.to_string())),
            _ => return Err(bad(format!("dyad must be SOURCE,TARGET, not {d:?}"))),
        },
    };
    let quad = match params.get("quad") {
        None => None,
        Some(q) => Some(q.parse::<u8>().map_err(|_| bad(format!("quad must be 1-4, not {q:?}")))?),
    };
    Ok(EventQuery {
        source: params.get("source").cloned(),
        target: params.get("target").cloned(),
        dyad,
        undirected: flag(params, "undirected")?,
        code: params.get("code").cloned(),
        root: params.get("root").cloned(),
        quad,
        since: params.get("since").cloned(),
        until: params.get("until").cloned(),
        one_a_day: flag(params, "one_a_day")?,
        timeout: Some(Duration::from_millis(config.query_timeout_ms)),
        ..Default::default()
    })
}

async fn events(State(state): State<Shared>, Query(params): Query<HashMap<String, String>>) -> Result<Json<Value>, ApiError> {
    check_params(&params, &["limit", "offset", "after", "evidence"])?;
    let mut q = filters(&params, &state.config)?;
    q.limit = Some(number(&params, "limit", 50, state.config.max_page)?);
    q.offset = number(&params, "offset", 0, state.config.max_offset)?;
    q.after = params.get("after").cloned();
    let evidence = !params.contains_key("evidence") || flag(&params, "evidence")?;
    with_store(&state, move |s| {
        let (rows, next) = s.events(&q, evidence)?;
        let total = s.count(&q)?;
        Ok(Json(json!({ "total": total, "count": rows.len(), "next": next, "events": rows })))
    })
    .await
}

async fn series(State(state): State<Shared>, Query(params): Query<HashMap<String, String>>) -> Result<Json<Value>, ApiError> {
    check_params(&params, &["by"])?;
    let q = filters(&params, &state.config)?;
    let by: By = params.get("by").map_or(Ok(By::Day), |b| b.parse())?;
    with_store(&state, move |s| Ok(Json(json!({ "by": by, "series": s.series(&q, by)? })))).await
}

async fn top_dyads(State(state): State<Shared>, Query(params): Query<HashMap<String, String>>) -> Result<Json<Value>, ApiError> {
    check_params(&params, &["limit"])?;
    let q = filters(&params, &state.config)?;
    let limit = number(&params, "limit", 20, 200)?;
    with_store(&state, move |s| Ok(Json(json!({ "dyads": s.top_dyads(&q, limit)? })))).await
}

async fn actors(State(state): State<Shared>, Query(params): Query<HashMap<String, String>>) -> Result<Json<Value>, ApiError> {
    for k in params.keys() {
        if k != "prefix" && k != "limit" {
            return Err(bad(format!("unknown parameter {k:?} (allowed: prefix, limit)")));
        }
    }
    let limit = number(&params, "limit", 100, 1000)?;
    let prefix = params.get("prefix").cloned();
    let timeout = Some(Duration::from_millis(state.config.query_timeout_ms));
    with_store(&state, move |s| {
        let rows = s.actors(prefix.as_deref(), limit, timeout)?;
        let o = dyads_code::Ontology::cameo();
        let actors: Vec<Value> = rows.into_iter().map(|(code, n)| json!({ "code": code, "events": n, "description": o.describe_actor(&code) })).collect();
        Ok(Json(json!({ "actors": actors })))
    })
    .await
}

async fn codes() -> Json<Value> {
    static CODES: OnceLock<Value> = OnceLock::new();
    Json(
        CODES
            .get_or_init(|| {
                let mut v: Vec<_> = dyads_code::Ontology::cameo().events().collect();
                v.sort_by(|a, b| a.code.cmp(&b.code));
                json!({ "codes": v })
            })
            .clone(),
    )
}

async fn stats(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    with_store(&state, |s| {
        let (documents, mentions, events) = s.totals()?;
        Ok(Json(json!({ "documents": documents, "mentions": mentions, "events": events, "schema_version": s.version()? })))
    })
    .await
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
        for (i, d) in docs.into_iter().enumerate() {
            let key = d.id.clone().unwrap_or_else(|| format!("api-{}", dyads_code::calendar::now_utc()));
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

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

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
        .route("/openapi.json", get(|| async { Json(openapi()) }))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/events", get(events))
        .route("/api/series", get(series))
        .route("/api/dyads/top", get(top_dyads))
        .route("/api/actors", get(actors))
        .route("/api/codes", get(codes))
        .route("/api/stats", get(stats))
        .route("/api/documents", post(add_documents))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
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
