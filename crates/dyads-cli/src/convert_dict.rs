//! `dyads convert-dict`: PETRARCH2/TABARI dictionaries to dyads' format.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::dict_args::DictArgs;

#[derive(clap::Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    dicts: DictArgs,
    /// Directory for actors.txt, agents.txt, verbs.txt, discards.txt.
    #[arg(long)]
    out: PathBuf,
}

/// PETRARCH2 dictionaries -> dyads format, one file per kind.
pub fn convert(args: ConvertArgs) -> Result<()> {
    let d = args.dicts.dictionaries()?;
    std::fs::create_dir_all(&args.out)?;
    let parts = [
        ("actors.txt", dyads_code::Dictionaries { actors: d.actors.clone(), ..Default::default() }),
        ("agents.txt", dyads_code::Dictionaries { agents: d.agents.clone(), ..Default::default() }),
        ("verbs.txt", dyads_code::Dictionaries { verbs: d.verbs.clone(), blocks: d.blocks.clone(), synsets: d.synsets.clone(), ..Default::default() }),
        ("discards.txt", dyads_code::Dictionaries { discards: d.discards.clone(), ..Default::default() }),
    ];
    for (name, part) in parts {
        let path = args.out.join(name);
        std::fs::write(&path, dyads_code::native::write(&part)).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "wrote {}: {} actors, {} agents, {} verbs in {} blocks, {} synsets, {} discards ({} entries skipped)",
        args.out.display(),
        d.actors.len(),
        d.agents.len(),
        d.verbs.len(),
        d.blocks.len(),
        d.synsets.len(),
        d.discards.len(),
        d.warnings.len()
    );
    Ok(())
}
