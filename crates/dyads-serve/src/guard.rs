//! What every request passes through: the Host allow-list (a page on
//! another site that rebinds its name to this address must not read the
//! API from a visitor's browser) and the security headers on every answer.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, Shared};

/// The connection a request came on, set by the accept loop (absent when
/// the router is driven in-process).
#[derive(Debug, Clone, Copy)]
pub struct ConnInfo {
    pub peer: SocketAddr,
    pub local: SocketAddr,
}

/// The client's connection, as a handler argument (None in-process).
pub(crate) struct Client(pub(crate) Option<ConnInfo>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Client, Self::Rejection> {
        Ok(Client(parts.extensions.get::<ConnInfo>().copied()))
    }
}

/// Scripts, styles and images from this server only; no frames, no
/// plugins, no inline code (the dashboard has none), data: images for the
/// chart and map icons.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
     font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries (the accept loop's canned refusals too).
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-resource-policy", "same-origin"),
];

pub(crate) fn add_security_headers(headers: &mut HeaderMap) {
    for (k, v) in SECURITY_HEADERS {
        headers.insert(k, HeaderValue::from_static(v));
    }
}

/// The host part of a Host header: without the port, lower case, IPv6
/// without brackets.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        match host.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => host,
        }
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `host` names this server: a localhost name, a loopback address,
/// the address the client connected to or the one bound (an IP literal
/// cannot be rebound), or a name given with `--allow-host` (`*`: any).
pub(crate) fn host_allowed(host: &str, allowed: &[String], conn: Option<ConnInfo>, bound: Option<SocketAddr>) -> bool {
    let name = host_name(host);
    if name.is_empty() {
        return false;
    }
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        if ip.is_loopback() || conn.is_some_and(|c| c.local.ip() == ip) || bound.is_some_and(|b| b.ip() == ip) {
            return true;
        }
    }
    allowed.iter().any(|a| a == "*" || host_name(a) == name)
}

/// Middleware: refuses a request for a host this server does not answer
/// to (421), and adds the security headers to every answer.
pub(crate) async fn front_door(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let conn = req.extensions().get::<ConnInfo>().copied();
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string);
    let mut res = match host {
        // HTTP/1.0 clients may send none: no browser does, so no rebinding.
        None if req.version() <= axum::http::Version::HTTP_10 => next.run(req).await,
        None => ApiError(StatusCode::BAD_REQUEST, "a Host header is required".into()).into_response(),
        Some(h) if !host_allowed(&h, &state.config.allowed_hosts, conn, state.bound) => {
            let mut r = ApiError(
                StatusCode::MISDIRECTED_REQUEST,
                format!("this server does not answer for host {:?} (start it with --allow-host {} to allow it)", h, host_name(&h)),
            )
            .into_response();
            r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        }
        Some(_) => next.run(req).await,
    };
    add_security_headers(res.headers_mut());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_this_server_pass_and_others_do_not() {
        let bound: SocketAddr = "192.168.1.5:8080".parse().unwrap();
        let conn = ConnInfo { peer: "10.0.0.9:5000".parse().unwrap(), local: "10.0.0.1:8080".parse().unwrap() };
        let allowed = vec!["events.example.org".to_string()];
        for ok in [
            "localhost:8080",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1:8080",
            "[::1]:8080",
            "192.168.1.5:8080",
            "10.0.0.1",
            "events.example.org:443",
            "Events.Example.Org.",
        ] {
            assert!(host_allowed(ok, &allowed, Some(conn), Some(bound)), "{ok}");
        }
        for bad in ["evil.example.com", "evil.example.com:8080", "localhost.evil.com", "10.0.0.2:8080", "", "example.org"] {
            assert!(!host_allowed(bad, &allowed, Some(conn), Some(bound)), "{bad}");
        }
        assert!(host_allowed("anything.at.all", &["*".to_string()], None, None));
    }
}
