//! `dyads upgrade`: brings an older store's schema up to date. The only
//! command besides `ingest` that changes a store's schema; the reading
//! commands (`query`, `series`, `export`, `serve`) refuse an older one and
//! point here.

use std::path::PathBuf;

use anyhow::Result;

use dyads_store::Store;

#[derive(clap::Args)]
pub struct UpgradeArgs {
    /// The database file (made by `dyads ingest`).
    #[arg(long)]
    db: PathBuf,
}

pub fn upgrade(args: UpgradeArgs) -> Result<()> {
    let (from, to) = Store::upgrade(&args.db)?;
    if from == to {
        eprintln!("dyads: {}: schema version {to} is current; nothing to do", args.db.display());
    } else {
        eprintln!("dyads: {}: upgraded from schema version {from} to {to}", args.db.display());
    }
    Ok(())
}
