//! The accept loop: connection caps (overall and per client address),
//! bounded per-connection buffers, the header timeout, and short canned
//! answers for the connections over a cap (a 503 or 429 with
//! `Retry-After`, rather than a silent close the client cannot tell from
//! a crash).

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::guard::{ConnInfo, SECURITY_HEADERS};
use crate::{router, Config};

/// Read buffer per connection at most (hyper's default is 400 KiB): the
/// request line and headers must fit; bodies stream past it.
const MAX_BUF_BYTES: usize = 64 * 1024;
/// Canned refusals being written at once at most; beyond, a connection
/// over the cap is closed unanswered (a flood must not make the refusals
/// themselves a load).
const PARALLEL_REFUSALS: usize = 128;
/// How long a refusal waits to write its answer and to drain what the
/// client sent (closing with unread input would reset the connection and
/// lose the answer).
const REFUSAL_TIME: Duration = Duration::from_secs(1);

/// Open connections per client address.
struct PerAddress {
    open: Mutex<HashMap<IpAddr, usize>>,
    max: usize,
}

/// One open connection of an address, released when dropped.
struct AddressSlot(Arc<PerAddress>, IpAddr);

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.0.open.lock().expect("per-address lock");
        if let Some(n) = open.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.1);
            }
        }
    }
}

impl PerAddress {
    fn take(self: &Arc<Self>, ip: IpAddr) -> Option<AddressSlot> {
        let mut open = self.open.lock().expect("per-address lock");
        let n = open.entry(ip).or_insert(0);
        if self.max > 0 && *n >= self.max {
            return None;
        }
        *n += 1;
        Some(AddressSlot(self.clone(), ip))
    }
}

/// Answers `status` with a JSON error and closes, within `REFUSAL_TIME`.
async fn refuse(mut stream: TcpStream, status: &str, message: &str) {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n", body.len());
    for (k, v) in SECURITY_HEADERS {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(&body);
    let _ = tokio::time::timeout(REFUSAL_TIME, async {
        stream.write_all(head.as_bytes()).await?;
        stream.shutdown().await?;
        let mut buf = [0u8; 4096];
        let mut drained = 0usize;
        while drained < MAX_BUF_BYTES {
            match stream.read(&mut buf).await? {
                0 => break,
                n => drained += n,
            }
        }
        std::io::Result::Ok(())
    })
    .await;
}

/// Gives freed memory back to the system once a burst of load is over:
/// glibc keeps the heap pages of freed buffers (thousands of connections'
/// worth) mapped otherwise, and the server's memory would stay at its peak.
/// Checks every few seconds; trims once after a quiet interval that
/// follows activity.
async fn trim_after_load(accepted: Arc<std::sync::atomic::AtomicU64>) {
    let mut seen = 0u64;
    let mut dirty = false;
    loop {
        tokio::time::sleep(Duration::from_secs(3)).await;
        let now = accepted.load(std::sync::atomic::Ordering::Relaxed);
        if now != seen {
            seen = now;
            dirty = true;
        } else if dirty {
            dirty = false;
            #[cfg(all(target_os = "linux", target_env = "gnu"))]
            // SAFETY: malloc_trim only returns free heap pages to the kernel.
            unsafe {
                libc::malloc_trim(0);
            }
        }
    }
}

/// Binds `addr` and serves until Ctrl-C; `ready` is called with the bound
/// address (useful with port 0). In-flight requests get 10 s to finish.
pub fn run(addr: &str, mut config: Config, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    config.token = crate::check_token(config.token.take()).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    config.read_connections = config.read_connections.max(1);
    // Blocking threads: the read pool's, the writes', the downloads' (each
    // bounded by its own semaphore) and a few spare.
    let blocking = config.read_connections + crate::api::write::PARALLEL_WRITES + crate::api::download::PARALLEL_DOWNLOADS + 2;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().max_blocking_threads(blocking).build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        ready(bound);
        let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
        let per_address = Arc::new(PerAddress { open: Mutex::new(HashMap::new()), max: config.max_connections_per_ip });
        let refusals = Arc::new(Semaphore::new(PARALLEL_REFUSALS));
        let accepted = Arc::new(std::sync::atomic::AtomicU64::new(0));
        tokio::spawn(trim_after_load(accepted.clone()));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(config.header_read_timeout).max_buf_size(MAX_BUF_BYTES);
        let app = router(config, Some(bound));
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
        loop {
            let (stream, peer) = tokio::select! {
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
            accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let over = match (per_address.take(peer.ip()), slots.clone().try_acquire_owned()) {
                (Some(a), Ok(s)) => Ok((a, s)),
                (None, _) => Err(("429 Too Many Requests", "too many connections from your address; retry shortly")),
                (_, Err(_)) => Err(("503 Service Unavailable", "server at its connection limit; retry shortly")),
            };
            let (address_slot, slot) = match over {
                Ok(slots) => slots,
                Err((status, message)) => {
                    if let Ok(r) = refusals.clone().try_acquire_owned() {
                        tokio::spawn(async move {
                            refuse(stream, status, message).await;
                            drop(r);
                        });
                    }
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let info = ConnInfo { peer, local: stream.local_addr().unwrap_or(bound) };
            let app = app.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(info);
                let mut app = app.clone();
                async move { tower_service::Service::call(&mut app, req).await }
            });
            let conn = graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
            tokio::spawn(async move {
                let _ = conn.await;
                drop((slot, address_slot));
            });
        }
        tokio::select! {
            _ = graceful.shutdown() => {}
            _ = tokio::time::sleep(Duration::from_secs(10)) => {}
        }
        Ok(())
    })
}
