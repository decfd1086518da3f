//! `dyads bench-serve`: a bounded load test of `dyads serve` on loopback.
//! It starts the server as a child process (so the server's memory is its
//! own), drives it from keep-alive client threads for a fixed time with a
//! mix of API requests, and reports throughput, latency percentiles, errors
//! and the server's resident memory over the run. It stops by itself and
//! fails (exit 1) when a request fails or memory keeps growing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

#[derive(clap::Args)]
pub struct BenchServeArgs {
    /// Database to serve (e.g. one built by `dyads bench-store`).
    #[arg(long)]
    pub(crate) db: PathBuf,
    /// Seconds of load after the warm-up.
    #[arg(long, default_value_t = 180)]
    seconds: u64,
    /// Seconds of load before memory is first measured.
    #[arg(long, default_value_t = 10)]
    pub(crate) warmup: u64,
    /// Concurrent keep-alive client connections.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Memory counts as flat when the final resident size is within this
    /// many percent (plus 8 MiB) of the size after warm-up.
    #[arg(long, default_value_t = 20.0)]
    max_growth_percent: f64,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Run the attack scenarios instead (slow bodies, stalled 1 MB bodies,
    /// 2,000 connections of GETs, a 3 ms query deadline): whether ordinary
    /// clients still get answers, their latency, the server's memory.
    #[arg(long)]
    pub(crate) attack: bool,
    /// With --attack: only these scenarios (repeatable; default: all).
    #[arg(long, requires = "attack")]
    pub(crate) scenario: Vec<String>,
    /// With --attack: seconds each attack lasts.
    #[arg(long, default_value_t = 20)]
    pub(crate) attack_seconds: u64,
    /// With --attack: seconds after an attack before memory is measured again.
    #[arg(long, default_value_t = 15)]
    pub(crate) settle: u64,
    /// With --attack: attacker counts times this (0.05 for a short run).
    #[arg(long, default_value_t = 1.0)]
    pub(crate) attack_scale: f64,
    /// With --attack: loopback addresses the attackers spread over
    /// (127.0.0.2 and up); more than one tests the overall caps.
    #[arg(long, default_value_t = 1)]
    pub(crate) attack_sources: usize,
    /// With --attack: ordinary clients asking during each attack.
    #[arg(long, default_value_t = 4)]
    pub(crate) ordinary_clients: usize,
    /// The dyads binary whose server is tested (default: this one), e.g.
    /// an older build for a before/after comparison.
    #[arg(long)]
    pub(crate) server_bin: Option<PathBuf>,
}

/// The request mix: the dashboard's calls plus deep and filtered pages.
const PATHS: &[&str] = &[
    "/api/events?dyad=USA,IRN&limit=10&evidence=true",
    "/api/events?source=IRN&root=19&limit=50",
    "/api/events?limit=100&offset=5000",
    "/api/series?dyad=USA,IRN&by=month",
    "/api/series?source=RUS&by=day&since=2015&until=2016",
    "/api/dyads/top?since=2015&until=2015",
    "/api/actors?prefix=IR",
    "/api/stats",
    "/api/events?code=190%27%20OR%201=1--",
];

struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: &str) -> std::io::Result<Client> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Client { stream: BufReader::new(s) })
    }

    /// One keep-alive GET; the status code.
    fn get(&mut self, addr: &str, path: &str) -> std::io::Result<u16> {
        write!(self.stream.get_mut(), "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n")?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; length];
        self.stream.read_exact(&mut body)?;
        Ok(status)
    }
}

pub(crate) fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()).and_then(|n| n.parse().ok())
}

#[derive(serde::Serialize, Default)]
struct Report {
    requests: u64,
    errors: u64,
    /// Requests answered with an unexpected status (all of the mix expect
    /// 200, but the injection string, which expects 400).
    wrong_status: u64,
    seconds: f64,
    requests_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    rss_warm_mib: f64,
    rss_max_mib: f64,
    rss_end_mib: f64,
    memory_flat: bool,
}

/// Starts `dyads serve` (this binary, or `bin`) on a free loopback port
/// with `extra` flags; the child and the address it listens on.
pub(crate) fn start_server(bin: Option<&std::path::Path>, db: &std::path::Path, extra: &[String]) -> Result<(std::process::Child, String)> {
    let exe = match bin {
        Some(b) => b.to_path_buf(),
        None => std::env::current_exe().context("locating the dyads binary")?,
    };
    let mut child = Command::new(exe)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .env_remove("DYADS_TOKEN")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .context("starting dyads serve")?;
    let mut first = String::new();
    let mut server_err = BufReader::new(child.stderr.take().expect("piped"));
    server_err.read_line(&mut first)?;
    let Some(addr) = first.split("http://").nth(1).map(|a| a.trim().trim_end_matches('/').to_string()) else {
        let _ = child.kill();
        bail!("dyads serve did not start: {first}");
    };
    // Keep reading the server's stderr: a closed pipe would make its next
    // message fail (and a full one would block it).
    std::thread::spawn(move || {
        let mut line = String::new();
        while server_err.read_line(&mut line).unwrap_or(0) > 0 {
            line.clear();
        }
    });
    Ok((child, addr))
}

pub fn run(args: BenchServeArgs) -> Result<()> {
    if args.attack {
        return crate::bench_attack::run(&args);
    }
    // Many clients from one address: no per-address cap (an older build,
    // via --server-bin, has no such flag).
    let mut flags = vec!["--max-connections".to_string(), "4096".to_string()];
    if args.server_bin.is_none() {
        flags.extend(["--max-connections-per-ip".to_string(), "0".to_string()]);
    }
    let (mut child, addr) = start_server(args.server_bin.as_deref(), &args.db, &flags)?;
    let pid = child.id();
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..args.connections.max(1))
        .map(|w| {
            let (addr, stop, measuring) = (addr.clone(), stop.clone(), measuring.clone());
            std::thread::spawn(move || {
                let mut lat: Vec<u32> = Vec::new(); // microseconds
                let (mut errors, mut wrong) = (0u64, 0u64);
                let mut client = Client::connect(&addr).ok();
                let mut k = w;
                while !stop.load(Ordering::Relaxed) {
                    let path = PATHS[k % PATHS.len()];
                    k += 1;
                    let t = Instant::now();
                    let result = match client.as_mut() {
                        Some(c) => c.get(&addr, path),
                        None => Err(std::io::ErrorKind::NotConnected.into()),
                    };
                    let us = t.elapsed().as_micros().min(u32::MAX as u128) as u32;
                    let counting = measuring.load(Ordering::Relaxed);
                    match result {
                        Ok(status) => {
                            let expected = if path.contains("%27") { 400 } else { 200 };
                            if counting {
                                lat.push(us);
                                wrong += (status != expected) as u64;
                            }
                        }
                        Err(_) => {
                            if counting {
                                errors += 1;
                            }
                            client = Client::connect(&addr).ok();
                            if client.is_none() {
                                // Refused: do not spin (the report counts it).
                                std::thread::sleep(Duration::from_millis(10));
                            }
                        }
                    }
                }
                (lat, errors, wrong)
            })
        })
        .collect();

    std::thread::sleep(Duration::from_secs(args.warmup));
    let rss_warm = rss_kib(pid).unwrap_or(0);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let mut rss_max = rss_warm;
    let mut next_report = 30;
    while started.elapsed() < Duration::from_secs(args.seconds) {
        std::thread::sleep(Duration::from_millis(500));
        let rss = rss_kib(pid).unwrap_or(0);
        rss_max = rss_max.max(rss);
        if !args.json && started.elapsed().as_secs() >= next_report {
            eprintln!("  {:>4} s: server resident memory {:.1} MiB", started.elapsed().as_secs(), rss as f64 / 1024.0);
            next_report += 30;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let server_died = child.try_wait().ok().flatten();
    let mut lat: Vec<u32> = Vec::new();
    let mut report = Report::default();
    for w in workers {
        let (l, e, wrong) = w.join().expect("client thread");
        lat.extend(l);
        report.errors += e;
        report.wrong_status += wrong;
    }
    let rss_end = rss_kib(pid).unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();

    lat.sort_unstable();
    let pct = |p: f64| lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).map_or(0.0, |&us| us as f64 / 1000.0);
    report.requests = lat.len() as u64;
    report.seconds = seconds;
    report.requests_per_s = lat.len() as f64 / seconds;
    report.p50_ms = pct(0.50);
    report.p99_ms = pct(0.99);
    report.max_ms = lat.last().map_or(0.0, |&us| us as f64 / 1000.0);
    let mib = |k: u64| k as f64 / 1024.0;
    report.rss_warm_mib = mib(rss_warm);
    report.rss_max_mib = mib(rss_max);
    report.rss_end_mib = mib(rss_end);
    report.memory_flat = (rss_end as f64) <= rss_warm as f64 * (1.0 + args.max_growth_percent / 100.0) + 8.0 * 1024.0;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} requests in {:.0} s over {} connections: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms; {} errors, {} wrong statuses",
            report.requests, seconds, args.connections, report.requests_per_s, report.p50_ms, report.p99_ms, report.max_ms, report.errors, report.wrong_status
        );
        println!(
            "server resident memory: {:.1} MiB after warm-up, {:.1} MiB at most, {:.1} MiB at the end ({})",
            report.rss_warm_mib,
            report.rss_max_mib,
            report.rss_end_mib,
            if report.memory_flat { "flat" } else { "GROWING" }
        );
    }
    if let Some(status) = server_died {
        bail!("load test failed: the server exited during the run ({status})");
    }
    if report.errors > 0 || report.wrong_status > 0 || !report.memory_flat || report.requests == 0 {
        bail!(
            "load test failed: {} errors, {} wrong statuses, memory {}",
            report.errors,
            report.wrong_status,
            if report.memory_flat { "flat" } else { "growing" }
        );
    }
    Ok(())
}
