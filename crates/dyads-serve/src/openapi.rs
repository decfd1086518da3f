//! The OpenAPI 3.1 description served at `/openapi.json`, with a response
//! schema for every route. Tests walk it to check every route (and that
//! every write route demands the token), and that responses carry the
//! fields their schema requires.

use serde_json::{json, Value};

fn param(name: &str, kind: &str, desc: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": { "type": kind }, "description": desc })
}

fn filter_params() -> Vec<Value> {
    vec![
        param("actor", "string", "Actor code prefix on either side (source or target)"),
        param("source", "string", "Source actor code prefix (USA matches USA, USAGOV, ...)"),
        param("target", "string", "Target actor code prefix"),
        param("dyad", "string", "Directed dyad SOURCE,TARGET (code prefixes), e.g. USA,IRN"),
        param("undirected", "boolean", "With dyad: both directions"),
        param("code", "string", "Exact CAMEO event code, e.g. 042 (must exist: see /api/codes)"),
        param("root", "string", "CAMEO root code 01-20, e.g. 04"),
        param("quad", "integer", "QuadClass 1-4"),
        param("since", "string", "Event date from (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)"),
        param("until", "string", "Event date until (inclusive; not before since)"),
        param("one_a_day", "boolean", "One event per day per source/target/code"),
        param("place", "string", "Events at this place: a key from /api/places (\"Geneva, CHE\")"),
    ]
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn ok(body: Value) -> Value {
    json!({ "description": "OK", "content": { "application/json": { "schema": body } } })
}

fn get_op(summary: &str, mut params: Vec<Value>, extra: Vec<Value>, body: Value) -> Value {
    params.extend(extra);
    let error = json!({ "description": "Bad parameter: unknown, malformed or an impossible filter",
                        "content": { "application/json": { "schema": schema("Error") } } });
    json!({ "get": { "summary": summary, "parameters": params, "responses": { "200": ok(body), "400": error } } })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

fn array_of(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

fn schemas() -> Value {
    let s = |t: &str| json!({ "type": t });
    let span = json!({ "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 });
    json!({
        "Error": object(&["error"], json!({ "error": s("string") })),
        "Location": object(&["name", "country_iso3", "lat", "lon", "geonames_id", "precision"], json!({
            "text": s("string"), "name": s("string"), "country_iso3": s("string"), "country_fips": s("string"),
            "admin1": s("string"), "lat": s("number"), "lon": s("number"), "geonames_id": s("integer"),
            "precision": { "enum": ["city", "country"] }, "span": span })),
        "Attribution": object(&["text", "kind"], json!({ "text": s("string"), "actor": s("string"),
            "kind": { "enum": ["speaker", "according_to", "via"] }, "span": span })),
        "Evidence": object(&["doc_id", "url", "title", "report_date", "sentence", "sentence_text", "trigger", "trigger_in_sentence"], json!({
            "doc_id": s("string"), "outlet": s("string"), "url": s("string"), "title": s("string"), "report_date": s("string"),
            "sentence": s("integer"), "sentence_text": s("string"), "trigger": s("string"), "trigger_in_sentence": span,
            "trigger_span": span, "rule": s("string"), "confidence": s("number") })),
        "Event": object(&["id", "source", "target", "code", "root", "quad_class", "goldstein", "event_date", "date_precision", "date_range",
                          "location", "num_mentions", "num_sources", "num_articles", "first_seen", "last_seen"], json!({
            "id": s("integer"), "source": s("string"), "target": nullable("string"), "code": s("string"), "root": s("string"),
            "quad_class": s("integer"), "goldstein": s("number"), "plover": s("string"),
            "source_text": s("string"), "target_text": nullable("string"),
            "event_date": { "type": "string", "description": "YYYY-MM-DD, YYYY-MM or YYYY" },
            "date_precision": { "enum": ["day", "week", "month", "year", "report", "range"] },
            "date_range": { "type": ["array", "null"], "items": nullable("string"), "description": "With precision range: [from, until], null when open" },
            "location": { "oneOf": [schema("Location"), { "type": "null" }] },
            "num_mentions": s("integer"), "num_sources": s("integer"), "num_articles": s("integer"),
            "first_seen": s("string"), "last_seen": s("string"), "evidence": schema("Evidence"),
            "code_name": nullable("string"), "source_label": nullable("string"), "target_label": nullable("string") })),
        "Mention": object(&["doc_id", "title", "outlet", "url", "report_date", "sentence", "sentence_text", "trigger", "trigger_in_sentence", "attribution"], json!({
            "doc_id": s("string"), "title": s("string"), "outlet": s("string"), "url": s("string"), "report_date": s("string"),
            "sentence": s("integer"), "sentence_text": s("string"), "trigger": s("string"), "trigger_in_sentence": span,
            "source_text": s("string"), "source_in_sentence": span, "target_text": nullable("string"),
            "target_in_sentence": { "type": ["array", "null"], "items": { "type": "integer" } },
            "hypothetical": s("boolean"), "rule": s("string"), "confidence": s("number"), "attribution": array_of(schema("Attribution")) })),
        "EventDetail": { "allOf": [schema("Event"), object(&["attribution", "mentions"], json!({
            "attribution": array_of(schema("Attribution")), "mentions": array_of(schema("Mention")) }))] },
        "EventPage": object(&["total", "count", "next", "events"], json!({
            "total": s("integer"), "count": s("integer"),
            "next": { "type": ["string", "null"], "description": "Cursor for the next page (after=), null on the last" },
            "events": array_of(schema("Event")) })),
        "Series": object(&["by", "series"], json!({ "by": { "enum": ["day", "week", "month"] }, "series": array_of(object(
            &["period", "events", "mentions", "quad", "goldstein_sum"], json!({ "period": s("string"), "events": s("integer"), "mentions": s("integer"),
            "quad": { "type": "array", "items": { "type": "integer" }, "minItems": 4, "maxItems": 4, "description": "Events per QuadClass 1-4" },
            "goldstein_sum": s("number") }))) })),
        "TopDyads": object(&["dyads"], json!({ "dyads": array_of(object(&["source", "target", "events", "mentions", "goldstein_mean"], json!({
            "source": s("string"), "target": s("string"), "source_label": nullable("string"), "target_label": nullable("string"),
            "events": s("integer"), "mentions": s("integer"), "goldstein_mean": s("number") }))) })),
        "Places": object(&["places"], json!({ "places": array_of(object(&["key", "location", "events", "mentions", "quad"], json!({
            "key": s("string"), "location": schema("Location"), "events": s("integer"), "mentions": s("integer"),
            "quad": { "type": "array", "items": { "type": "integer" } } }))) })),
        "Actors": object(&["actors"], json!({ "actors": array_of(object(&["code", "name", "events", "description"], json!({
            "code": s("string"), "name": nullable("string"), "events": s("integer"), "description": array_of(s("string")) }))) })),
        "Codes": object(&["codes"], json!({ "codes": array_of(object(&["code", "root", "level", "quad_class", "goldstein", "name"], json!({
            "code": s("string"), "root": s("string"), "level": s("integer"), "quad_class": s("integer"), "goldstein": s("number"),
            "name": s("string"), "plover": s("string"), "plover_mode": s("string"), "plover_context": s("string") }))) })),
        "Stats": object(&["documents", "mentions", "events", "schema_version"], json!({
            "documents": s("integer"), "mentions": s("integer"), "events": s("integer"), "schema_version": s("integer") })),
        "Health": object(&["status", "schema_version"], json!({ "status": { "const": "ok" }, "schema_version": s("integer") })),
        "Ingested": object(&["ingested", "duplicates", "mentions", "new_events"], json!({
            "ingested": s("integer"), "duplicates": s("integer"), "mentions": s("integer"), "new_events": s("integer") })),
    })
}

pub fn openapi() -> Value {
    let limit = |d: &str| param("limit", "integer", d);
    let mut detail = get_op(
        "One event with every mention (document, outlet, URL, sentence) and its attribution chain",
        vec![],
        vec![param("mentions", "integer", "Mentions at most (default 50, max 500)")],
        schema("EventDetail"),
    );
    detail["get"]["parameters"]
        .as_array_mut()
        .expect("parameters")
        .insert(0, json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }));
    detail["get"]["responses"]["404"] = json!({ "description": "No such event", "content": { "application/json": { "schema": schema("Error") } } });
    let mut export = get_op(
        "The events matching the filters as a file (streamed): CSV as `dyads query --format csv`, JSONL as `dyads export --format jsonl`",
        filter_params(),
        vec![param("format", "string", "csv or jsonl (required)"), limit("Events at most (default all, max 1000000)")],
        json!({}),
    );
    export["get"]["responses"]["200"] = json!({ "description": "The file", "content": { "text/csv": {}, "application/x-ndjson": {} } });
    export["get"]["responses"]["503"] = json!({ "description": "Too many downloads at once" });
    json!({
        "openapi": "3.1.0",
        "info": { "title": "dyads event API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "CAMEO events coded by dyads, deduplicated GDELT-style. Read-only unless the server has a token. Every error is JSON {\"error\": ...}; responses are gzip-compressed for clients that accept it." },
        "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }, "schemas": schemas() },
        "paths": {
            "/api/events": get_op("Events matching the filters, newest first, with evidence", filter_params(), vec![
                limit("Page size (default 50, max 1000)"),
                param("offset", "integer", "Rows to skip (max 10000; use after for deeper pages)"),
                param("after", "string", "Cursor from a previous page's next"),
                param("evidence", "boolean", "Include each event's first mention (default true)"),
            ], schema("EventPage")),
            "/api/events/{id}": detail,
            "/api/export": export,
            "/api/places": get_op("Located events per place, most events first (the map)", filter_params(), vec![limit("How many places (default 500, max 5000)")], schema("Places")),
            "/api/series": get_op("Events per period by QuadClass and summed Goldstein", filter_params(), vec![
                param("by", "string", "day, week or month (default day)"),
            ], schema("Series")),
            "/api/dyads/top": get_op("Most frequent dyads of countries and organisations (IGOWSTNAT, IGOUNO apart), with names", filter_params(),
                vec![limit("How many (default 20, max 200)")], schema("TopDyads")),
            "/api/actors": get_op("Actor codes seen, most frequent first, with names", vec![], vec![
                param("prefix", "string", "Actor code prefix"), limit("How many (default 100, max 1000)"),
            ], schema("Actors")),
            "/api/codes": get_op("The CAMEO event codes (name, QuadClass, Goldstein, PLOVER)", vec![], vec![], schema("Codes")),
            "/api/stats": get_op("Documents, mentions and events in the store", vec![], vec![], schema("Stats")),
            "/healthz": get_op("The store answers a read", vec![], vec![], schema("Health")),
            "/api/documents": { "post": {
                "summary": "Code and store documents (token required; disabled without one). Documents without an id get distinct ones.",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "required": ["date", "text"],
                    "properties": { "id": {"type": "string"}, "date": {"type": "string"}, "source": {"type": "string"},
                                    "url": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"} } } } } },
                "responses": { "200": ok(schema("Ingested")), "401": { "description": "Missing or wrong token" },
                               "403": { "description": "Writes disabled" }, "413": { "description": "Body too large" } } } },
        }
    })
}
