//! The dictionary options shared by `code`, `ingest`, `explain`,
//! `unknown-actors`, `convert-dict` and `serve`.

use std::path::{Path, PathBuf};

use anyhow::Result;

use dyads_code::{load_petrarch, Coder, CoderOptions, DictKind};

#[derive(clap::Args)]
pub struct DictArgs {
    /// Format of --actors/--agents/--verbs/--discards files. Without any of
    /// them, the dictionaries built into dyads are used.
    #[arg(long, value_enum, default_value_t = DictFormat::Dyads)]
    dict_format: DictFormat,
    /// Files in dyads' own format (any kinds mixed), added to or replacing
    /// the built-in set.
    #[arg(long)]
    dict: Vec<PathBuf>,
    /// Actor dictionary files (repeatable).
    #[arg(long)]
    actors: Vec<PathBuf>,
    /// Agent dictionary files: role nouns such as "police" -> ~COP (repeatable).
    #[arg(long)]
    agents: Vec<PathBuf>,
    /// Verb dictionary files: verb blocks and their patterns (repeatable).
    #[arg(long)]
    verbs: Vec<PathBuf>,
    /// Discard files: phrases that skip a sentence or story (repeatable).
    #[arg(long)]
    discards: Vec<PathBuf>,
    /// Skip malformed dictionary entries (listing them) instead of stopping.
    #[arg(long)]
    keep_going: bool,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum DictFormat {
    /// dyads' own format (what ships in data/dict/).
    Dyads,
    /// PETRARCH2/TABARI .actors, .agents, verb and discard files.
    Petrarch,
}

impl DictArgs {
    /// No dictionary files named: the set built into dyads.
    pub fn is_builtin(&self) -> bool {
        self.dict.is_empty() && self.actors.is_empty() && self.agents.is_empty() && self.verbs.is_empty() && self.discards.is_empty()
    }

    pub fn load(&self) -> Result<Coder> {
        let d = self.dictionaries()?;
        Ok(Coder::new(d, CoderOptions::default()))
    }

    pub fn dictionaries(&self) -> Result<dyads_code::Dictionaries> {
        let mut files: Vec<(DictKind, &Path)> = Vec::new();
        files.extend(self.actors.iter().map(|p| (DictKind::Actors, p.as_path())));
        files.extend(self.agents.iter().map(|p| (DictKind::Agents, p.as_path())));
        files.extend(self.verbs.iter().map(|p| (DictKind::Verbs, p.as_path())));
        files.extend(self.discards.iter().map(|p| (DictKind::Discards, p.as_path())));
        let d = if files.is_empty() && self.dict.is_empty() {
            dyads_code::default_dictionaries()
        } else if self.dict_format == DictFormat::Petrarch {
            load_petrarch(&files, self.keep_going)?
        } else {
            let mut paths: Vec<&Path> = self.dict.iter().map(|p| p.as_path()).collect();
            paths.extend(files.iter().map(|f| f.1));
            dyads_code::load_native(&paths, self.keep_going)?
        };
        for w in &d.warnings {
            eprintln!("dyads: skipped: {w}");
        }
        let problems = d.check(dyads_code::Ontology::cameo());
        if !(problems.is_empty() || (files.is_empty() && self.dict.is_empty())) {
            for p in problems.iter().take(20) {
                eprintln!("dyads: warning: {p}");
            }
            if problems.len() > 20 {
                eprintln!("dyads: warning: ... and {} more", problems.len() - 20);
            }
        }
        Ok(d)
    }
}
