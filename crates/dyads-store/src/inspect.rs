//! What a database path holds before anything writes to it, so `ingest`
//! can refuse an SQLite file that is not a dyads store instead of quietly
//! adding dyads' tables to it and switching it to WAL.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// What [`inspect`] found at a database path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbFile {
    /// Nothing there: `Store::open` creates a dyads store.
    Missing,
    /// An empty file (e.g. made by `touch`): safe to make a store of.
    Empty,
    /// A dyads store at this schema version.
    Dyads { version: u32 },
    /// Something else; the reason says what.
    Foreign { reason: String },
}

/// Looks at `path` without changing it (opened read-only, no WAL switch).
pub fn inspect(path: &Path) -> std::io::Result<DbFile> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DbFile::Missing),
        Err(e) => return Err(e),
    };
    if meta.is_dir() {
        return Ok(DbFile::Foreign { reason: "it is a directory".into() });
    }
    if meta.len() == 0 {
        return Ok(DbFile::Empty);
    }
    let mut magic = [0u8; 16];
    let n = std::fs::File::open(path)?.read(&mut magic)?;
    if n < 16 || &magic != b"SQLite format 3\0" {
        return Ok(DbFile::Foreign { reason: "it is not an SQLite database".into() });
    }
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
        Ok(c) => c,
        Err(e) => return Ok(DbFile::Foreign { reason: format!("SQLite cannot open it ({e})") }),
    };
    let tables = |conn: &Connection| -> rusqlite::Result<(u32, Vec<String>)> {
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?;
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((version, names))
    };
    let (version, names) = match tables(&conn) {
        Ok(t) => t,
        Err(e) => return Ok(DbFile::Foreign { reason: format!("SQLite cannot read it ({e})") }),
    };
    let ours = ["documents", "events", "mentions"].iter().all(|t| names.iter().any(|n| n == t));
    Ok(if ours && version > 0 {
        DbFile::Dyads { version }
    } else if names.is_empty() {
        DbFile::Foreign { reason: "it is an SQLite database with no tables, not a dyads store".into() }
    } else {
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        DbFile::Foreign {
            reason: format!(
                "it is an SQLite database with other tables ({}{}), not a dyads store",
                shown.join(", "),
                if names.len() > 5 { ", ..." } else { "" }
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_a_store_from_other_files() {
        let dir = std::env::temp_dir().join(format!("dyads-inspect-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(inspect(&dir.join("none.db")).unwrap(), DbFile::Missing);
        std::fs::write(dir.join("empty.db"), b"").unwrap();
        assert_eq!(inspect(&dir.join("empty.db")).unwrap(), DbFile::Empty);
        std::fs::write(dir.join("text.db"), b"hello, this is not sqlite at all").unwrap();
        assert!(matches!(inspect(&dir.join("text.db")).unwrap(), DbFile::Foreign { reason } if reason.contains("not an SQLite")));
        let other = dir.join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE customers (id INTEGER)").unwrap();
        assert!(matches!(inspect(&other).unwrap(), DbFile::Foreign { reason } if reason.contains("customers")));
        let ours = dir.join("ours.db");
        drop(crate::Store::open(&ours).unwrap());
        assert!(matches!(inspect(&ours).unwrap(), DbFile::Dyads { version } if version == crate::SCHEMA_VERSION));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
