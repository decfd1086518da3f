//! Ingest inputs: the files named on the command line, directories walked
//! recursively. Reading each file is `dyads_pipeline::sources`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

pub use dyads_pipeline::sources::{read_file, Item, RawDoc};

/// Extensions read when walking a directory (before an optional `.gz`).
const DIR_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml", "md", ""];

/// Expands the command-line paths into the files to read, in a stable
/// order (so a re-run visits documents in the same order).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(|e| match e {
                    Ok(e) => Some(e),
                    Err(err) => {
                        eprintln!("dyads: skipped: {err}");
                        None
                    }
                })
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                    let base = name.strip_suffix(".gz").unwrap_or(&name);
                    let ext = Path::new(base).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
                    DIR_EXTENSIONS.contains(&ext.as_str())
                })
                .collect();
            files.append(&mut found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(files)
}

/// The file's modification date, `YYYY-MM-DD`: the report date of a plain
/// file when nothing better is known.
pub fn mtime_date(path: &Path) -> Option<String> {
    let secs = std::fs::metadata(path).ok()?.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(dyads_store::iso_day(dyads_store::from_days(secs.div_euclid(86_400))))
}
