//! `samestory demo`: the bundled demo corpus, ingested into a fresh store, its stories printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use samestory_source::Input;
use samestory_store::StoryQuery;

use super::UserError;
use crate::output;

/// The demo corpus in the source tree.
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/corpus");

/// Arguments of `samestory demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The corpus to ingest.
    #[arg(long, value_name = "DIR", default_value = CORPUS)]
    corpus: PathBuf,
    /// The store to create; it is emptied first.
    #[arg(long, value_name = "PATH", default_value = "samestory-demo.db")]
    db: PathBuf,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    if !args.corpus.is_dir() {
        return Err(
            UserError(format!("demo corpus {} not found (use --corpus DIR)", args.corpus.display())).into()
        );
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut path = args.db.clone().into_os_string();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e)
                    .with_context(|| format!("cannot remove the old demo store {}", args.db.display()));
            }
            _ => {}
        }
    }
    let ingestor = super::open_ingestor(&args.db)?;
    let report = super::ingest::ingest(ingestor, vec![Input::Path(args.corpus.clone())])?;
    let store = super::open_store(&args.db)?;
    let mut out = output::stdout();
    writeln!(out, "ingested {} into {}", args.corpus.display(), args.db.display())?;
    super::ingest::print_report(&mut out, &report)?;
    writeln!(out)?;
    let stories = store.stories(&StoryQuery { limit: 1000, ..StoryQuery::default() })?;
    super::stories::print_stories(&mut out, &stories)?;
    writeln!(out, "see one story side by side: samestory story --db {} ID", args.db.display())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
