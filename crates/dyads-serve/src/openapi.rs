//! The OpenAPI 3.1 description served at `/openapi.json`. Tests walk it to
//! check every route (and that every write route demands the token).

use serde_json::{json, Value};

fn param(name: &str, kind: &str, desc: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": { "type": kind }, "description": desc })
}

fn filter_params() -> Vec<Value> {
    vec![
        param("source", "string", "Source actor code prefix (USA matches USA, USAGOV, ...)"),
        param("target", "string", "Target actor code prefix"),
        param("dyad", "string", "Directed dyad SOURCE,TARGET (code prefixes), e.g. USA,IRN"),
        param("undirected", "boolean", "With dyad: both directions"),
        param("code", "string", "Exact CAMEO event code, e.g. 042"),
        param("root", "string", "CAMEO root code, e.g. 04"),
        param("quad", "integer", "QuadClass 1-4"),
        param("since", "string", "Event date from (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)"),
        param("until", "string", "Event date until (inclusive)"),
        param("one_a_day", "boolean", "One event per day per source/target/code"),
    ]
}

fn get_op(summary: &str, mut params: Vec<Value>, extra: Vec<Value>) -> Value {
    params.extend(extra);
    json!({ "get": { "summary": summary, "parameters": params,
        "responses": { "200": { "description": "OK", "content": { "application/json": {} } }, "400": { "description": "Bad parameter" } } } })
}

pub fn openapi() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "dyads event API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "CAMEO events coded by dyads, deduplicated GDELT-style. Read-only unless the server has a token." },
        "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } },
        "paths": {
            "/api/events": get_op("Events matching the filters, newest first, with evidence", filter_params(), vec![
                param("limit", "integer", "Page size (default 50, max 1000)"),
                param("offset", "integer", "Rows to skip (max 10000; use after for deeper pages)"),
                param("after", "string", "Cursor from a previous page's next"),
                param("evidence", "boolean", "Include each event's first mention (default true)"),
            ]),
            "/api/series": get_op("Events per period by QuadClass and summed Goldstein", filter_params(), vec![
                param("by", "string", "day, week or month (default day)"),
            ]),
            "/api/dyads/top": get_op("Most frequent country-level dyads", filter_params(), vec![param("limit", "integer", "How many (default 20, max 200)")]),
            "/api/actors": get_op("Actor codes seen, most frequent first", vec![], vec![
                param("prefix", "string", "Actor code prefix"), param("limit", "integer", "How many (default 100, max 1000)"),
            ]),
            "/api/codes": get_op("The CAMEO event codes (name, QuadClass, Goldstein, PLOVER)", vec![], vec![]),
            "/api/stats": get_op("Documents, mentions and events in the store", vec![], vec![]),
            "/api/documents": { "post": {
                "summary": "Code and store documents (token required; disabled without one)",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
                    "required": ["date", "text"],
                    "properties": { "id": {"type": "string"}, "date": {"type": "string"}, "source": {"type": "string"},
                                    "url": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"} } } } } },
                "responses": { "200": { "description": "Stored" }, "401": { "description": "Missing or wrong token" },
                               "403": { "description": "Writes disabled" }, "413": { "description": "Body too large" } } } },
        }
    })
}
