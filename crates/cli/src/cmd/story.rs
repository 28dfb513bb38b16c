//! `samestory story ID`: one story side by side.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use samestory_pipeline::{StoryView, story_view};

use super::UserError;
use crate::DbArgs;
use crate::output::{self, when, wrap};

/// Arguments of `samestory story`.
#[derive(Args, Debug)]
pub struct StoryArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print the comparison as JSON.
    #[arg(long)]
    json: bool,
    /// The story id (from `samestory stories`).
    id: u64,
}

pub fn run(args: StoryArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&args.db.db)?;
    let Some(detail) = store.story(args.id)? else {
        return Err(UserError(format!("no story {} in {}", args.id, args.db.db.display())).into());
    };
    let view = story_view(&detail);
    let mut out = output::stdout();
    if args.json {
        output::json_pretty(&mut out, &view)?;
    } else {
        print_story(&mut out, &view)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_story(out: &mut impl Write, s: &StoryView) -> anyhow::Result<()> {
    let c = &s.comparison;
    writeln!(out, "story {}: {}", s.id, c.headline)?;
    writeln!(
        out,
        "{} articles from {} outlets, {} → {}",
        s.article_count,
        c.outlets.len(),
        when(Some(s.first_seen)),
        when(Some(s.last_seen))
    )?;
    if !c.summary.is_empty() {
        writeln!(out, "\nSUMMARY")?;
        for sentence in &c.summary {
            write!(out, "{}", wrap(sentence, "  ", 100))?;
        }
    }
    writeln!(out, "\nTIMELINE")?;
    for e in &c.timeline {
        let title = e.title.as_deref().unwrap_or("(untitled)");
        writeln!(out, "  {}  {:<24} {}  [{}]", when(e.time), e.outlet, title, e.id)?;
        if let Some(of) = &e.copy_of {
            let copy = s.articles.iter().find(|a| a.article.id == e.id).and_then(|a| a.copy.as_ref());
            match copy {
                Some(copy) => {
                    writeln!(out, "      {} copy of {} (similarity {:.2})", copy.kind, of, copy.similarity)?
                }
                None => writeln!(out, "      copy of {of}")?,
            }
        }
    }
    writeln!(out, "\nOUTLETS")?;
    for o in &c.outlets {
        writeln!(out, "  {:<24} {}", o.outlet, o.articles.join(", "))?;
    }
    if !c.shared_facts.is_empty() {
        writeln!(out, "\nREPORTED BY SEVERAL OUTLETS")?;
        for fact in &c.shared_facts {
            writeln!(out, "  [{}]", fact.outlets.join(", "))?;
            for v in &fact.versions {
                write!(out, "{}", wrap(&format!("{}: {}", v.outlet, v.text), "    ", 100))?;
            }
        }
    }
    if !c.unique_facts.is_empty() {
        writeln!(out, "\nREPORTED BY ONE OUTLET ONLY")?;
        for o in &c.unique_facts {
            writeln!(out, "  {}", o.outlet)?;
            for f in &o.facts {
                write!(out, "{}", wrap(&format!("- {f}"), "    ", 100))?;
            }
        }
    }
    if !c.quotes.is_empty() {
        writeln!(out, "\nQUOTES")?;
        for q in &c.quotes {
            writeln!(out, "  [{}]", q.outlets.join(", "))?;
            for v in &q.versions {
                write!(out, "{}", wrap(&format!("{}: “{}”", v.outlet, v.text), "    ", 100))?;
            }
        }
    }
    Ok(())
}
