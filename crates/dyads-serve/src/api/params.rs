//! Query-string parameters: each route names the ones it accepts, anything
//! else is a 400 naming the allowed ones (a typo fails loudly instead of
//! silently widening the result).

use std::collections::HashMap;
use std::time::Duration;

use dyads_store::EventQuery;

use crate::{bad, ApiError, Config};

pub(crate) type Params = HashMap<String, String>;

/// The event filters every event route accepts.
pub(crate) const FILTER_PARAMS: &[&str] = &["actor", "source", "target", "dyad", "undirected", "code", "root", "quad", "since", "until", "one_a_day", "place"];

/// A 400 for the first parameter that is not in `allowed` (nor a filter,
/// with `filters`).
pub(crate) fn check_params(params: &Params, filters: bool, allowed: &[&str]) -> Result<(), ApiError> {
    let known = |k: &str| allowed.contains(&k) || (filters && FILTER_PARAMS.contains(&k));
    let mut unknown: Vec<&String> = params.keys().filter(|k| !known(k)).collect();
    unknown.sort();
    if let Some(k) = unknown.first() {
        let mut names: Vec<&str> = if filters { FILTER_PARAMS.to_vec() } else { Vec::new() };
        names.extend_from_slice(allowed);
        let list = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        return Err(bad(format!("unknown parameter {k:?} (allowed: {list})")));
    }
    Ok(())
}

pub(crate) fn flag(params: &Params, k: &str) -> Result<bool, ApiError> {
    match params.get(k).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(v) => Err(bad(format!("{k} must be true or false, not {v:?}"))),
    }
}

pub(crate) fn number(params: &Params, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
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

/// The event filters of a request, checked as far as the request alone
/// can tell (the store checks codes, roots and date order).
pub(crate) fn filters(params: &Params, config: &Config) -> Result<EventQuery, ApiError> {
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
    let undirected = flag(params, "undirected")?;
    if undirected && dyad.is_none() {
        return Err(bad("undirected needs a dyad"));
    }
    Ok(EventQuery {
        actor: params.get("actor").cloned(),
        source: params.get("source").cloned(),
        target: params.get("target").cloned(),
        dyad,
        undirected,
        code: params.get("code").cloned(),
        root: params.get("root").cloned(),
        quad,
        since: params.get("since").cloned(),
        until: params.get("until").cloned(),
        one_a_day: flag(params, "one_a_day")?,
        place: params.get("place").cloned(),
        timeout: Some(Duration::from_millis(config.query_timeout_ms)),
        ..Default::default()
    })
}
