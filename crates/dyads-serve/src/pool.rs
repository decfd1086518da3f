//! The read pool: a fixed number of read-only SQLite connections (one per
//! core by default), reused by every request, plus a short bounded queue in
//! front of them. When both are full the request is answered 503 with
//! `Retry-After` at once instead of piling up threads and connections
//! (each connection holds its own page cache: an unbounded pool is
//! unbounded memory).

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use dyads_store::Store;

use crate::ApiError;

pub(crate) struct ReadPool {
    db: PathBuf,
    size: usize,
    /// One permit per connection: holding one is the right to use a
    /// connection (and the blocking thread it runs on).
    slots: Arc<Semaphore>,
    /// Open connections not in use; never more than `size`.
    idle: Mutex<Vec<Store>>,
    /// Requests waiting for a slot now.
    waiting: AtomicUsize,
    queue_depth: usize,
    queue_timeout: Duration,
    /// Requests running or waiting per client address: one address may
    /// take at most a quarter of the places (connections plus queue), so a
    /// flood from one address cannot fill the queue ahead of everyone else.
    per_address: Mutex<HashMap<IpAddr, usize>>,
    per_address_max: usize,
}

/// A request's place in its address's share, given back when dropped.
pub(crate) struct Share<'a>(&'a ReadPool, Option<IpAddr>);

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if let Some(ip) = self.1 {
            let mut m = self.0.per_address.lock().expect("pool lock");
            if let Some(n) = m.get_mut(&ip) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&ip);
                }
            }
        }
    }
}

/// Counts a waiter for as long as it waits, even when its request is
/// dropped (the client left) while it waits.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

pub(crate) fn busy(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::SERVICE_UNAVAILABLE, msg.into())
}

impl ReadPool {
    pub(crate) fn new(db: PathBuf, size: usize, queue_depth: usize, queue_timeout: Duration) -> ReadPool {
        let size = size.max(1);
        ReadPool {
            db,
            size,
            slots: Arc::new(Semaphore::new(size)),
            idle: Mutex::new(Vec::with_capacity(size)),
            waiting: AtomicUsize::new(0),
            queue_depth,
            queue_timeout,
            per_address: Mutex::new(HashMap::new()),
            per_address_max: ((size + queue_depth) / 4).max(1),
        }
    }

    /// A place in `ip`'s share, or a 503 when that address already has
    /// its share running or waiting (others are unaffected).
    fn share(&self, ip: Option<IpAddr>) -> Result<Share<'_>, ApiError> {
        if let Some(ip) = ip {
            let mut m = self.per_address.lock().expect("pool lock");
            let n = m.entry(ip).or_insert(0);
            if *n >= self.per_address_max {
                return Err(busy("server busy: your address has its share of queries running or queued; retry shortly"));
            }
            *n += 1;
        }
        Ok(Share(self, ip))
    }

    /// A slot now, or after a short wait in the queue; a 503 when the
    /// queue is full or the wait runs out.
    pub(crate) async fn admit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(p) = self.slots.clone().try_acquire_owned() {
            return Ok(p);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue_depth {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(busy("server busy: every read connection is in use and the queue is full; retry shortly"));
        }
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.queue_timeout, self.slots.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            _ => Err(busy("server busy: no read connection became free in time; retry shortly")),
        }
    }

    /// Runs `f` on a pooled connection, on a blocking thread, once
    /// admitted (`ip`: the client's address, for its share).
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        ip: Option<IpAddr>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _share = self.share(ip)?;
        let permit = self.admit().await?;
        let pool = self.clone();
        // The permit moves into the task: if the client leaves, the slot
        // stays taken until the query actually ends.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.idle.lock().expect("pool lock").pop();
            let store = match store {
                Some(s) => s,
                None => Store::open_read_only(&pool.db).map_err(ApiError::from)?,
            };
            let out = f(&store);
            let mut idle = pool.idle.lock().expect("pool lock");
            if idle.len() < pool.size {
                idle.push(store);
            }
            out
        })
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("worker failed: {e}")))?
    }

    /// Open connections (idle ones; the rest are in use): at most `size`.
    #[cfg(test)]
    pub(crate) fn open_idle(&self) -> usize {
        self.idle.lock().expect("pool lock").len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dyads-serve-pool-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("events.db");
        Store::open(&path).unwrap();
        path
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_and_queue_answer_busy_then_recover() {
        let pool = Arc::new(ReadPool::new(db("busy"), 1, 0, Duration::from_millis(10)));
        let held = pool.admit().await.expect("a free slot");
        let refused = pool.admit().await.expect_err("no slot and no queue");
        assert_eq!(refused.0, StatusCode::SERVICE_UNAVAILABLE);
        drop(held);
        // Reused, never more connections than slots.
        for _ in 0..20 {
            let v = pool.run(None, |s| Ok(s.version()?)).await.expect("served");
            assert!(v > 0);
        }
        assert_eq!(pool.open_idle(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_queued_request_waits_for_a_slot_and_a_late_one_is_busy() {
        let pool = Arc::new(ReadPool::new(db("queue"), 1, 1, Duration::from_secs(30)));
        let held = pool.admit().await.unwrap();
        let p2 = pool.clone();
        let queued = tokio::spawn(async move { p2.admit().await.map(|_| ()) });
        // Wait until the second request is in the queue.
        while pool.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.admit().await.expect_err("queue of one is full").0, StatusCode::SERVICE_UNAVAILABLE);
        drop(held);
        queued.await.unwrap().expect("the queued request gets the freed slot");
        let short = Arc::new(ReadPool::new(db("late"), 1, 4, Duration::from_millis(20)));
        let _held = short.admit().await.unwrap();
        assert_eq!(short.admit().await.expect_err("the wait runs out").0, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(short.waiting.load(Ordering::Acquire), 0, "a waiter that gave up is no longer counted");
    }

    #[test]
    fn one_address_gets_its_share_and_no_more() {
        // 2 connections + 6 queued: a share is 2 places.
        let pool = ReadPool::new(db("share"), 2, 6, Duration::from_millis(10));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let held = [pool.share(Some(a)).unwrap(), pool.share(Some(a)).unwrap()];
        assert_eq!(pool.share(Some(a)).err().map(|e| e.0), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert!(pool.share(Some(b)).is_ok(), "another address is unaffected");
        drop(held);
        assert!(pool.share(Some(a)).is_ok(), "the share is given back");
    }
}
