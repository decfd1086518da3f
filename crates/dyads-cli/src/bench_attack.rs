//! `dyads bench-serve --attack`: hostile load against a real `dyads serve`
//! on loopback, bounded in count and time, stopping by itself. Each
//! scenario starts a fresh server, measures its idle memory, runs the
//! attack while a few ordinary clients (a fresh connection per request,
//! the dashboard's calls) keep asking, then stops the attack and measures
//! memory again after a pause. Attackers connect from other loopback
//! addresses (127.0.0.2 and up), as a remote attacker would come from an
//! address of its own; ordinary clients from 127.0.0.1.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::bench_serve::{rss_kib, start_server, BenchServeArgs};

/// The write token of the scenarios that configure one (attackers send a
/// wrong one, or this one where they are "authorized").
const TOKEN: &str = "bench-attack-token-0123456789abcdef";
/// An ordinary request unanswered after this long counts as unanswered.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, PartialEq)]
enum Attack {
    /// POST with Content-Length: 1000000, then one byte every 5 s.
    SlowBody,
    /// POST with about 1 MB of its 1,000,000 bytes sent, then silence.
    StalledBody,
    /// Keep-alive GETs as fast as answers come.
    GetFlood,
    /// None: only the ordinary clients (with a server setting).
    None,
}

struct Scenario {
    name: &'static str,
    attack: Attack,
    attackers: usize,
    /// Authorization the attackers send (None: none).
    attacker_token: Option<&'static str>,
    server_flags: Vec<String>,
    /// Ordinary clients ask only this (default: the dashboard's mix).
    ordinary_path: Option<&'static str>,
}

fn scenarios(scale: f64) -> Vec<Scenario> {
    let n = |k: usize| ((k as f64 * scale).round() as usize).max(1);
    let token = vec!["--token".to_string(), TOKEN.to_string()];
    vec![
        Scenario { name: "slow-body", attack: Attack::SlowBody, attackers: n(1100), attacker_token: None, server_flags: vec![], ordinary_path: None },
        Scenario {
            name: "slow-body-wrong-token",
            attack: Attack::SlowBody,
            attackers: n(1100),
            attacker_token: Some("not-the-token-but-long-enough"),
            server_flags: token.clone(),
            ordinary_path: None,
        },
        Scenario { name: "stalled-1mb-body", attack: Attack::StalledBody, attackers: n(1000), attacker_token: None, server_flags: vec![], ordinary_path: None },
        Scenario {
            name: "stalled-1mb-body-authorized",
            attack: Attack::StalledBody,
            attackers: n(1000),
            attacker_token: Some(TOKEN),
            server_flags: token,
            ordinary_path: None,
        },
        Scenario { name: "get-flood", attack: Attack::GetFlood, attackers: n(2000), attacker_token: None, server_flags: vec![], ordinary_path: None },
        Scenario {
            name: "query-timeout-3ms",
            attack: Attack::None,
            attackers: 0,
            attacker_token: None,
            server_flags: vec!["--query-timeout-ms".into(), "3".into()],
            ordinary_path: Some("/api/events?limit=1000"),
        },
    ]
}

const ORDINARY_PATHS: &[&str] = &[
    "/api/events?dyad=USA,IRN&limit=10&evidence=true",
    "/api/series?dyad=USA,IRN&by=month",
    "/api/dyads/top?since=2015&until=2015",
    "/api/actors?prefix=IR",
    "/api/stats",
    "/api/places?limit=100",
];

const FLOOD_PATHS: &[&str] = &["/api/events?limit=100", "/api/series?source=RUS&by=day", "/api/stats", "/api/dyads/top"];

#[derive(serde::Serialize, Default)]
struct Outcome {
    scenario: String,
    attackers: usize,
    seconds: f64,
    ordinary_requests: usize,
    /// Ordinary requests answered with a 200.
    ordinary_ok_share: f64,
    /// Ordinary requests that got any answer (a 503/429 with Retry-After
    /// counts: the client was told to retry).
    ordinary_answered_share: f64,
    ordinary_statuses: BTreeMap<String, usize>,
    p50_ms: f64,
    p99_ms: f64,
    /// What the attackers got back ("closed": the connection was closed
    /// without an answer; "connect-failed": no connection).
    attacker_statuses: BTreeMap<String, usize>,
    rss_idle_mib: f64,
    rss_peak_mib: f64,
    rss_after_mib: f64,
    /// After-load memory within 20% of the idle baseline.
    memory_returned: bool,
}

type Tally = Arc<Mutex<BTreeMap<String, usize>>>;

fn count(t: &Tally, key: impl Into<String>) {
    *t.lock().expect("tally").entry(key.into()).or_insert(0) += 1;
}

async fn connect_from(src: IpAddr, addr: SocketAddr) -> std::io::Result<TcpStream> {
    let s = TcpSocket::new_v4()?;
    s.bind(SocketAddr::new(src, 0))?;
    s.connect(addr).await
}

/// The status of the first answer in `buf`, if a status line is there.
fn status_of(buf: &[u8]) -> Option<u16> {
    let line = std::str::from_utf8(buf.get(..buf.len().min(16))?).ok()?;
    line.strip_prefix("HTTP/1.1 ").and_then(|r| r.get(..3)).and_then(|c| c.parse().ok())
}

/// Reads one answer (headers, then Content-Length bytes); its status.
async fn read_answer(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
            let status = status_of(buf).unwrap_or(0);
            let mut have = buf.len() - end - 4;
            while have < length {
                match s.read(&mut chunk).await? {
                    0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                    n => have += n,
                }
            }
            return Ok(status);
        }
        match s.read(&mut chunk).await? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// One attacker: connects, attacks, and on being cut off comes back after
/// a short pause, until `stop`.
async fn attacker(kind: Attack, src: IpAddr, addr: SocketAddr, token: Option<&'static str>, stop: Arc<AtomicBool>, tally: Tally) {
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let post = format!("POST /api/documents HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{auth}Content-Length: 1000000\r\n\r\n");
    let body = vec![b' '; 999_000];
    let mut buf = Vec::new();
    let mut k = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let mut s = match connect_from(src, addr).await {
            Ok(s) => s,
            Err(_) => {
                count(&tally, "connect-failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        match kind {
            Attack::GetFlood => loop {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                k += 1;
                let req = format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", FLOOD_PATHS[k % FLOOD_PATHS.len()]);
                let answer = match s.write_all(req.as_bytes()).await {
                    Ok(()) => read_answer(&mut s, &mut buf).await,
                    Err(e) => Err(e),
                };
                match answer {
                    Ok(status) => count(&tally, status.to_string()),
                    Err(_) => {
                        count(&tally, "closed");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        break;
                    }
                }
            },
            Attack::SlowBody | Attack::StalledBody => {
                let sent = match s.write_all(post.as_bytes()).await {
                    Ok(()) if kind == Attack::StalledBody => {
                        // Writes block once the server stops reading: give up
                        // on the rest then, and wait like a stalled client.
                        let _ = tokio::time::timeout(Duration::from_secs(5), s.write_all(&body)).await;
                        true
                    }
                    Ok(()) => true,
                    Err(_) => false,
                };
                let mut answer = [0u8; 512];
                let mut got = None;
                let (mut rd, mut wr) = s.split();
                let mut ticks = 0u32;
                while sent && !stop.load(Ordering::Relaxed) {
                    tokio::select! {
                        r = rd.read(&mut answer) => { got = Some(r.map(|n| status_of(&answer[..n]))); break; }
                        _ = tokio::time::sleep(Duration::from_millis(200)) => {
                            ticks += 1;
                            // One byte every 5 s.
                            if kind == Attack::SlowBody && ticks.is_multiple_of(25) && wr.write_all(b" ").await.is_err() {
                                got = Some(Ok(None));
                                break;
                            }
                        }
                    }
                }
                match got {
                    Some(Ok(Some(status))) => count(&tally, status.to_string()),
                    Some(_) => count(&tally, "closed"),
                    None if !sent => count(&tally, "closed"),
                    None => {}
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Attack::None => return,
        }
    }
}

/// One ordinary client: a fresh connection per request; (status or 0 for
/// no answer, milliseconds) of each.
async fn ordinary(addr: SocketAddr, path: Option<&'static str>, offset: usize, stop: Arc<AtomicBool>) -> Vec<(u16, f64)> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut k = offset;
    while !stop.load(Ordering::Relaxed) {
        k += 1;
        let path = path.unwrap_or(ORDINARY_PATHS[k % ORDINARY_PATHS.len()]);
        let t = Instant::now();
        let answer = tokio::time::timeout(CLIENT_TIMEOUT, async {
            let mut s = connect_from(IpAddr::V4(Ipv4Addr::LOCALHOST), addr).await?;
            s.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).await?;
            read_answer(&mut s, &mut buf).await
        })
        .await;
        let status = match answer {
            Ok(Ok(status)) => status,
            _ => 0,
        };
        out.push((status, t.elapsed().as_secs_f64() * 1000.0));
        if status != 200 {
            // Told to retry (or not answered): wait a little, as a client would.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    out
}

fn scenario_run(rt: &tokio::runtime::Runtime, args: &BenchServeArgs, sc: &Scenario) -> Result<Outcome> {
    let (mut child, addr) = start_server(args.server_bin.as_deref(), &args.db, &sc.server_flags)?;
    let pid = child.id();
    let addr: SocketAddr = addr.parse()?;
    let mib = |k: u64| k as f64 / 1024.0;
    let stop = Arc::new(AtomicBool::new(false));
    let outcome = rt.block_on(async {
        // Warm the server the ordinary way (read pool open, caches warm),
        // then take its idle baseline.
        let warm = Arc::new(AtomicBool::new(false));
        let w: Vec<_> = (0..args.ordinary_clients.max(2)).map(|c| tokio::spawn(ordinary(addr, sc.ordinary_path, c, warm.clone()))).collect();
        tokio::time::sleep(Duration::from_secs(args.warmup.clamp(1, 5))).await;
        warm.store(true, Ordering::Relaxed);
        for w in w {
            let _ = w.await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let rss_idle = rss_kib(pid).unwrap_or(0);

        let tally: Tally = Arc::default();
        let mut attackers = Vec::new();
        for i in 0..sc.attackers {
            let src = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (i % args.attack_sources.clamp(1, 250)) as u8));
            attackers.push(tokio::spawn(attacker(sc.attack, src, addr, sc.attacker_token, stop.clone(), tally.clone())));
            if i % 50 == 49 {
                tokio::task::yield_now().await;
            }
        }
        // Let the attack build up before ordinary clients start asking.
        tokio::time::sleep(Duration::from_secs(args.attack_seconds.clamp(1, 2))).await;
        let clients: Vec<_> = (0..args.ordinary_clients.max(1)).map(|c| tokio::spawn(ordinary(addr, sc.ordinary_path, c, stop.clone()))).collect();
        let started = Instant::now();
        let mut rss_peak = rss_idle;
        while started.elapsed() < Duration::from_secs(args.attack_seconds) {
            tokio::time::sleep(Duration::from_millis(250)).await;
            rss_peak = rss_peak.max(rss_kib(pid).unwrap_or(0));
        }
        let seconds = started.elapsed().as_secs_f64();
        stop.store(true, Ordering::Relaxed);
        let mut lat = Vec::new();
        let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
        for c in clients {
            for (status, ms) in c.await.unwrap_or_default() {
                *statuses.entry(if status == 0 { "unanswered".into() } else { status.to_string() }).or_insert(0) += 1;
                if status != 0 {
                    lat.push(ms);
                }
            }
        }
        // Attackers leave (their sockets close as their tasks end).
        for a in attackers {
            a.abort();
        }
        tokio::time::sleep(Duration::from_secs(args.settle)).await;
        let rss_after = rss_kib(pid).unwrap_or(0);
        lat.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied().unwrap_or(0.0);
        let total: usize = statuses.values().sum();
        let ok = statuses.get("200").copied().unwrap_or(0);
        let answered = total - statuses.get("unanswered").copied().unwrap_or(0);
        let attacker_statuses = tally.lock().expect("tally").clone();
        Outcome {
            scenario: sc.name.to_string(),
            attackers: sc.attackers,
            seconds,
            ordinary_requests: total,
            ordinary_ok_share: ok as f64 / total.max(1) as f64,
            ordinary_answered_share: answered as f64 / total.max(1) as f64,
            ordinary_statuses: statuses,
            p50_ms: pct(0.5),
            p99_ms: pct(0.99),
            attacker_statuses,
            rss_idle_mib: mib(rss_idle),
            rss_peak_mib: mib(rss_peak),
            rss_after_mib: mib(rss_after),
            memory_returned: rss_after as f64 <= rss_idle as f64 * 1.2,
        }
    });
    let _ = child.kill();
    let _ = child.wait();
    Ok(outcome)
}

pub fn run(args: &BenchServeArgs) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut outcomes = Vec::new();
    for sc in scenarios(args.attack_scale) {
        if !args.scenario.is_empty() && !args.scenario.iter().any(|s| s == sc.name) {
            continue;
        }
        if !args.json {
            eprintln!("{}: {} attackers for {} s...", sc.name, sc.attackers, args.attack_seconds);
        }
        let o = scenario_run(&rt, args, &sc)?;
        if !args.json {
            let codes: Vec<String> = o.ordinary_statuses.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let attack: Vec<String> = o.attacker_statuses.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            println!(
                "{:<28} ordinary: {} requests, {:.1}% answered ({:.1}% 200), p50 {:.1} ms, p99 {:.1} ms [{}]",
                o.scenario,
                o.ordinary_requests,
                o.ordinary_answered_share * 100.0,
                o.ordinary_ok_share * 100.0,
                o.p50_ms,
                o.p99_ms,
                codes.join(", ")
            );
            println!(
                "{:<28} server RSS: {:.1} MiB idle, {:.1} MiB peak, {:.1} MiB {} s after ({}); attackers got [{}]",
                "",
                o.rss_idle_mib,
                o.rss_peak_mib,
                o.rss_after_mib,
                args.settle,
                if o.memory_returned { "returned" } else { "NOT RETURNED" },
                attack.join(", ")
            );
        }
        outcomes.push(o);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcomes)?);
    }
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| {
            let server_errors = o.ordinary_statuses.iter().any(|(k, _)| k.starts_with('5') && k != "503") || o.ordinary_statuses.contains_key("400");
            o.ordinary_answered_share < 0.99 || server_errors || !o.memory_returned
        })
        .map(|o| o.scenario.as_str())
        .collect();
    if !failed.is_empty() {
        bail!("attack test failed in: {} (unanswered ordinary requests, 4xx/5xx errors other than 503, or memory not returned)", failed.join(", "));
    }
    Ok(())
}
