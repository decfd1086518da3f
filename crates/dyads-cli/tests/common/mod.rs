//! What the test binaries that start dyads (`api.rs`, `serve.rs`, `serve_limits.rs`, `ingest_order.rs`) share: the binary
//! under test, a fresh scratch folder, and a `dyads serve` on a free
//! loopback port that is killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub fn dyads() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyads"))
}

/// An empty folder of its own for each test (`prefix` names the test binary).
pub fn tmp(prefix: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyads-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `dyads serve` on `db` with `extra` flags, without a token from the
/// environment; returns once it has printed the address it listens on.
pub fn serve(db: &Path, extra: &[&str]) -> Server {
    let mut child =
        dyads().args(["serve", "--db"]).arg(db).args(["--addr", "127.0.0.1:0"]).args(extra).env_remove("DYADS_TOKEN").stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).expect("serve prints its address").trim().trim_end_matches('/').to_string();
    Server { child, addr }
}
