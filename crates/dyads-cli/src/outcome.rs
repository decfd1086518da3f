//! How a run ends: the exit codes, the count of skipped documents, and
//! the one line an error is printed as.

use std::fmt::Display;
use std::sync::atomic::{AtomicU64, Ordering};

/// Everything was read and written.
pub const EXIT_OK: i32 = 0;
/// An error stopped the run (a file that cannot be read, a bad `--date`, a
/// database that is not dyads', a full disk).
pub const EXIT_ERROR: i32 = 1;
/// The command line itself was wrong (clap's code: unknown flag, bad value).
pub const EXIT_USAGE: i32 = 2;
/// The run finished, but some documents were reported and skipped.
pub const EXIT_SKIPPED: i32 = 3;

/// The exit codes as `--help` and the README state them.
pub const EXIT_CODES_HELP: &str = "Exit status: 0 all documents read and coded; 1 error (nothing more was done); \
2 bad command line; 3 finished, but some documents were skipped (each reported on stderr as `file[:line]: skipped: reason`). \
A closed standard output (`dyads code ... | head`) ends the run quietly with 0.";

/// A command line whose parts contradict each other, found after clap
/// parsed it: exits with [`EXIT_USAGE`] like clap's own errors.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

static SKIPPED: AtomicU64 = AtomicU64::new(0);

/// Reports a skipped document (`origin` is `file` or `file:line`) and counts it.
pub fn skip(origin: &str, reason: impl Display) {
    eprintln!("dyads: {origin}: skipped: {reason}");
    count_skipped(1);
}

/// Counts skipped documents reported elsewhere (above `ingest`'s progress bar).
pub fn count_skipped(n: u64) {
    SKIPPED.fetch_add(n, Ordering::Relaxed);
}

pub fn skipped() -> u64 {
    SKIPPED.load(Ordering::Relaxed)
}

/// The exit code of a run that returned `result`, after printing its error.
pub fn finish(result: anyhow::Result<()>) -> i32 {
    match result {
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) if e.is::<Usage>() => {
            eprintln!("dyads: error: {e}");
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("dyads: error: {}", message(&e));
            EXIT_ERROR
        }
        Ok(()) if skipped() > 0 => {
            let n = skipped();
            eprintln!("dyads: {n} document{} skipped (reported above)", if n == 1 { " was" } else { "s were" });
            EXIT_SKIPPED
        }
        Ok(()) => EXIT_OK,
    }
}

/// The error and its causes on one line, each said once: a cause whose text
/// an outer message already holds (a wrapper that prints its source) is
/// not repeated.
pub fn message(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if s.is_empty() || msg.contains(&s) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&s);
    }
    msg
}

/// Whether the run stopped because standard output was closed (a reader
/// such as `head` had enough).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (os error 28)");
        let e = anyhow::Error::new(io).context("writing events.db: No space left on device (os error 28)");
        assert_eq!(message(&e), "writing events.db: No space left on device (os error 28)");
        let e = anyhow::anyhow!("inner").context("outer");
        assert_eq!(message(&e), "outer: inner");
    }

    #[test]
    fn a_broken_pipe_is_recognised_through_context() {
        let e = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).context("writing events");
        assert!(is_broken_pipe(&e));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }
}
