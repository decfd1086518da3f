//! dyads-code: the third stage of the pipeline. Reads a parsed
//! [`dyads_text::Doc`] (ours or from CoNLL-U) and codes CAMEO events with
//! their evidence.
//!
//! - [`ontology`]: CAMEO event, actor and role codes, with PLOVER mapping.
//! - [`dict`]: dictionaries in memory and their readers: [`dict::native`]
//!   (dyads' format), [`dict::petrarch`] (PETRARCH2/TABARI), [`dict::pico`].
//! - [`coder`]: parse + dictionaries -> [`Event`]s.
//! - [`calendar`]: days, date formats and the clock, for every crate.
//! - [`validate`]: PETRARCH validation records and scoring.
//! - [`event_eval`]: coded events against hand-coded gold (precision, recall, F1).

pub mod calendar;
pub mod coder;
pub mod dating;
pub mod dict;
pub mod event_eval;
pub mod geo;
pub mod ontology;
pub mod validate;

// The dictionary readers live in `dict/`; coder.rs still names them
// `crate::native`, `crate::petrarch` and `crate::pico`.
pub use dict::{native, petrarch, pico};

use std::path::Path;

pub use coder::{Coder, CoderOptions, DocEvents, Event};
pub use dict::{DictError, Dictionaries};
pub use ontology::{EventCode, Ontology, OntologyError};

/// Which reader a dictionary file needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictKind {
    Actors,
    Agents,
    Verbs,
    Discards,
}

/// Loading failed: every problem, as `file:line: reason`.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the dictionaries:\n{}", .0.len(), .0.iter().take(50).map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct LoadErrors(pub Vec<DictError>);

/// Reads PETRARCH2/TABARI dictionary files. Malformed entries are errors
/// unless `keep_going`, in which case they are skipped and listed in
/// `Dictionaries::warnings`.
pub fn load_petrarch(files: &[(DictKind, &Path)], keep_going: bool) -> Result<Dictionaries, LoadErrors> {
    let mut d = Dictionaries::default();
    for (kind, path) in files {
        let name = path.display().to_string();
        let text = match std::fs::read(path) {
            // The PETRARCH files are mostly ASCII with some Latin-1 names.
            Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|e| e.into_bytes().iter().map(|&b| b as char).collect()),
            Err(e) => {
                d.warnings.push(DictError { loc: dict::Loc { file: name, line: 0 }, reason: format!("cannot read: {e}") });
                continue;
            }
        };
        match kind {
            DictKind::Actors => petrarch::read_actors(&text, &name, &mut d),
            DictKind::Agents => petrarch::read_agents(&text, &name, &mut d),
            DictKind::Verbs => petrarch::read_verbs(&text, &name, &mut d),
            DictKind::Discards => petrarch::read_discards(&text, &name, &mut d),
        }
    }
    if !keep_going && !d.warnings.is_empty() {
        return Err(LoadErrors(std::mem::take(&mut d.warnings)));
    }
    Ok(d)
}

/// Reads files in dyads' own format (see [`native`]).
pub fn load_native(paths: &[&Path], keep_going: bool) -> Result<Dictionaries, LoadErrors> {
    let mut d = Dictionaries::default();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => native::read(&text, &name, &mut d),
            Err(e) => d.warnings.push(DictError { loc: dict::Loc { file: name, line: 0 }, reason: format!("cannot read: {e}") }),
        }
    }
    if !keep_going && !d.warnings.is_empty() {
        return Err(LoadErrors(std::mem::take(&mut d.warnings)));
    }
    Ok(d)
}

/// The dictionaries built into dyads: PETRARCH2's Phoenix set (countries,
/// international and non-state actors, agents, CAMEO 2.0 verbs, discards),
/// converted to dyads' format in `data/dict/`.
pub fn default_dictionaries() -> Dictionaries {
    let mut d = Dictionaries::default();
    for (name, text) in [
        ("data/dict/actors.txt", include_str!("../../../data/dict/actors.txt")),
        ("data/dict/current-actors.txt", include_str!("../../../data/dict/current-actors.txt")),
        ("data/dict/agents.txt", include_str!("../../../data/dict/agents.txt")),
        ("data/dict/verbs.txt", include_str!("../../../data/dict/verbs.txt")),
        ("data/dict/discards.txt", include_str!("../../../data/dict/discards.txt")),
    ] {
        native::read(text, name, &mut d);
    }
    d
}
