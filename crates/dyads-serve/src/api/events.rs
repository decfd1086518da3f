//! Event routes: the filtered list (cursor paging), one event with all its
//! evidence, the time series, top dyads and places for the map.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use dyads_code::Ontology;
use dyads_store::{By, EventRow};

use super::params::{check_params, filters, flag, number, Params};
use crate::guard::Client;
use crate::{bad, with_store, ApiError, Shared};

/// A stored event as the API lists it: the store's one event shape plus
/// the names of its code and actors.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    event: &'a EventRow,
    code_name: Option<&'a str>,
    source_label: Option<String>,
    target_label: Option<String>,
}

fn listed(e: &EventRow) -> Listed<'_> {
    let o = Ontology::cameo();
    Listed {
        event: e,
        code_name: o.event(&e.code).ok().map(|c| c.name.as_str()),
        source_label: o.actor_name(&e.source),
        target_label: if e.target.is_empty() { None } else { o.actor_name(&e.target) },
    }
}

pub(crate) async fn events(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, true, &["limit", "offset", "after", "evidence"])?;
    let mut q = filters(&params, &state.config)?;
    q.limit = Some(number(&params, "limit", 50, state.config.max_page)?);
    q.offset = number(&params, "offset", 0, state.config.max_offset)?;
    q.after = params.get("after").cloned();
    if q.after.is_some() && q.offset > 0 {
        return Err(bad("after and offset exclude each other: a cursor already says where the page starts"));
    }
    let evidence = !params.contains_key("evidence") || flag(&params, "evidence")?;
    with_store(&state, client.0, move |s| {
        let (rows, next) = s.events(&q, evidence)?;
        let total = s.count(&q)?;
        let events: Vec<Listed> = rows.iter().map(listed).collect();
        Ok(Json(json!({ "total": total, "count": rows.len(), "next": next, "events": events })))
    })
    .await
}

/// GET /api/events/{id}: the event, every mention (up to `mentions`), the
/// attribution chain.
pub(crate) async fn event(State(state): State<Shared>, client: Client, Path(id): Path<String>, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, false, &["mentions"])?;
    let id: i64 = id.parse().map_err(|_| bad(format!("an event id is a whole number, not {id:?}")))?;
    let max = number(&params, "mentions", 50, 500)?;
    with_store(&state, client.0, move |s| {
        let d = s.event_detail(id, max)?.ok_or_else(|| ApiError(StatusCode::NOT_FOUND, format!("no event {id}")))?;
        let mut v = serde_json::to_value(listed(&d.event)).map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        v["attribution"] = json!(d.attribution);
        v["mentions"] = json!(d.mentions);
        Ok(Json(v))
    })
    .await
}

pub(crate) async fn series(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, true, &["by"])?;
    let q = filters(&params, &state.config)?;
    let by: By = params.get("by").map_or(Ok(By::Day), |b| b.parse())?;
    with_store(&state, client.0, move |s| {
        let rows = s.series(&q, by)?;
        // Sums of one-decimal values: round away the float noise of adding them.
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|r| {
                let mut v = json!(r);
                v["goldstein_sum"] = json!((r.goldstein_sum * 10.0).round() / 10.0);
                v
            })
            .collect();
        Ok(Json(json!({ "by": by, "series": rows })))
    })
    .await
}

pub(crate) async fn top_dyads(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, true, &["limit"])?;
    let q = filters(&params, &state.config)?;
    let limit = number(&params, "limit", 20, 200)?;
    with_store(&state, client.0, move |s| {
        let o = Ontology::cameo();
        let dyads: Vec<Value> = s
            .top_dyads(&q, limit)?
            .into_iter()
            .map(|d| {
                let mut v = json!(d);
                v["source_label"] = json!(o.actor_name(&d.source));
                v["target_label"] = json!(o.actor_name(&d.target));
                v
            })
            .collect();
        Ok(Json(json!({ "dyads": dyads })))
    })
    .await
}

/// GET /api/places: located events per place, for the map.
pub(crate) async fn places(State(state): State<Shared>, client: Client, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    check_params(&params, true, &["limit"])?;
    let q = filters(&params, &state.config)?;
    let limit = number(&params, "limit", 500, 5000)?;
    with_store(&state, client.0, move |s| Ok(Json(json!({ "places": s.places(&q, limit)? })))).await
}
