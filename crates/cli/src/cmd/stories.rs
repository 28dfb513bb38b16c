//! `samestory stories`: list stories, newest activity first.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use samestory_store::StoryQuery;

use crate::DbArgs;
use crate::output;

/// Arguments of `samestory stories`.
#[derive(Args, Debug)]
pub struct StoriesArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON Lines, one story per line.
    #[arg(long)]
    json: bool,
    /// At most this many stories.
    #[arg(long, default_value_t = 50, value_name = "N")]
    limit: usize,
    /// Skip this many stories first.
    #[arg(long, default_value_t = 0, value_name = "N")]
    offset: usize,
    /// Only stories with an article from this outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
}

pub fn run(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store_to_read(&args.db.db)?;
    let query =
        StoryQuery { limit: args.limit, offset: args.offset, outlet: args.outlet, ..StoryQuery::default() };
    let stories = store.stories(&query)?;
    let mut out = output::stdout();
    if args.json {
        for s in &stories {
            output::json_line(&mut out, s)?;
        }
    } else {
        print_stories(&mut out, &stories)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn print_stories(out: &mut impl Write, stories: &[samestory_store::StorySummary]) -> anyhow::Result<()> {
    if stories.is_empty() {
        writeln!(out, "no stories")?;
    }
    for s in stories {
        writeln!(
            out,
            "story {:<5} {} article{}, {} outlet{}, {} → {}",
            s.id,
            s.article_count,
            if s.article_count == 1 { "" } else { "s" },
            s.outlets.len(),
            if s.outlets.len() == 1 { "" } else { "s" },
            output::when(Some(s.first_seen)),
            output::when(Some(s.last_seen)),
        )?;
        write!(out, "{}", output::wrap(&s.headline, "    ", 100))?;
        write!(out, "{}", output::wrap(&format!("outlets: {}", s.outlets.join(", ")), "    ", 100))?;
        if !s.merged_from.is_empty() {
            let ids: Vec<String> = s.merged_from.iter().map(u64::to_string).collect();
            let line = format!(
                "merged into it: stor{} {}",
                if ids.len() == 1 { "y" } else { "ies" },
                ids.join(", ")
            );
            write!(out, "{}", output::wrap(&line, "    ", 100))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
