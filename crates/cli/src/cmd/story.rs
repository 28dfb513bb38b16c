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
    // Copies are counted once, under their original: "5 articles (2 copies) from 2 outlets (+1 republishing)".
    let copies = if s.copies > 0 {
        format!(" ({} cop{})", s.copies, if s.copies == 1 { "y" } else { "ies" })
    } else {
        String::new()
    };
    let republishing = c.outlets.len().saturating_sub(s.reporting_outlets.len());
    let republishing =
        if republishing > 0 { format!(" (+{republishing} republishing)") } else { String::new() };
    writeln!(
        out,
        "{} articles{copies} from {} outlets{republishing}, {} → {}",
        s.article_count,
        s.reporting_outlets.len(),
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
    // Originals by time, each with its copies listed under it.
    let in_story = |id: &str| c.timeline.iter().any(|e| e.id == id);
    for e in c.timeline.iter().filter(|e| e.copy_of.as_deref().is_none_or(|of| !in_story(of))) {
        let title = e.title.as_deref().unwrap_or("(untitled)");
        writeln!(out, "  {}  {:<24} {}  [{}]", when(e.time), e.outlet, title, e.id)?;
        for copy in c.timeline.iter().filter(|x| x.copy_of.as_deref() == Some(e.id.as_str())) {
            let record = s.articles.iter().find(|a| a.article.id == copy.id).and_then(|a| a.copy.as_ref());
            let how = record
                .map_or(String::from("copy"), |r| format!("{} copy, similarity {:.2}", r.kind, r.similarity));
            writeln!(out, "      └ {}  {:<24} {}  [{}]", when(copy.time), copy.outlet, how, copy.id)?;
        }
        if let Some(of) = &e.copy_of {
            writeln!(out, "      copy of {of}")?;
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
