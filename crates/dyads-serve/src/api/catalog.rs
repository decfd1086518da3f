//! What the store and CAMEO know: actors with names, event codes with
//! names, totals, and the health check.

use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};

use dyads_code::Ontology;

use super::params::{check_params, number, Params};
use crate::guard::Client;
use crate::{with_store, ApiError, Shared};

pub(crate) async fn actors(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &["prefix", "limit"])?;
    let limit = number(&params, "limit", 100, 1000)?;
    let prefix = params.get("prefix").cloned();
    let timeout = Some(Duration::from_millis(state.config.query_timeout_ms));
    with_store(&state, client.0, move |s| {
        let rows = s.actors(prefix.as_deref(), limit, timeout)?;
        let o = Ontology::cameo();
        let actors: Vec<Value> = rows
            .into_iter()
            .filter(|(code, _)| !code.is_empty())
            .map(|(code, n)| json!({ "code": code, "name": o.actor_name(&code), "events": n, "description": o.describe_actor(&code) }))
            .collect();
        Ok(Json(json!({ "actors": actors })))
    })
    .await
}

/// Every CAMEO event code with its name, QuadClass, Goldstein (one decimal)
/// and PLOVER mapping, in code order.
pub(crate) async fn codes(Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &[])?;
    static CODES: OnceLock<Value> = OnceLock::new();
    Ok(Json(
        CODES
            .get_or_init(|| {
                let mut v: Vec<_> = Ontology::cameo().events().collect();
                v.sort_by(|a, b| a.code.cmp(&b.code));
                let codes: Vec<Value> = v
                    .into_iter()
                    .map(|c| {
                        json!({ "code": c.code, "root": c.root, "level": c.level, "quad_class": c.quad_class,
                                // Through f64 the f32 would read -9.199999809265137.
                                "goldstein": dyads_store::goldstein_decimal(c.goldstein as f64),
                                "name": c.name, "plover": c.plover, "plover_mode": c.plover_mode, "plover_context": c.plover_context })
                    })
                    .collect();
                json!({ "codes": codes })
            })
            .clone(),
    ))
}

pub(crate) async fn stats(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &[])?;
    with_store(&state, client.0, |s| {
        let (documents, mentions, events) = s.totals()?;
        Ok(Json(json!({ "documents": documents, "mentions": mentions, "events": events, "schema_version": s.version()? })))
    })
    .await
}

/// GET /healthz: 200 when the store answers a read, with its schema version.
pub(crate) async fn healthz(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &[])?;
    with_store(&state, client.0, |s| Ok(Json(json!({ "status": "ok", "schema_version": s.version()? })))).await
}

/// GET /openapi.json: the API's description (no parameters either).
pub(crate) async fn openapi(Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &[])?;
    static DOC: OnceLock<Value> = OnceLock::new();
    Ok(Json(DOC.get_or_init(crate::openapi).clone()))
}
