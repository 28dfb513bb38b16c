//! `samestory story ID`: one story side by side.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use samestory_compare::{DisagreementKind, EntityKind};
use samestory_pipeline::{StoryView, load_story_view};

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
    let store = super::open_store_to_read(&args.db.db)?;
    let Some(view) = load_story_view(&store, args.id)? else {
        return Err(UserError(format!("no story {} in {}", args.id, args.db.db.display())).into());
    };
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
    if let Some(asked) = s.resolved_from {
        writeln!(out, "story {asked} was merged into story {}", s.id)?;
    }
    writeln!(out, "story {}: {}", s.id, c.headline)?;
    if !s.merged_from.is_empty() {
        let ids: Vec<String> = s.merged_from.iter().map(u64::to_string).collect();
        writeln!(out, "merged into it: stories {}", ids.join(", "))?;
    }
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
            let speaker = q.speaker.as_deref().unwrap_or("(speaker unclear)");
            writeln!(out, "  {speaker}  [{}]", q.outlets.join(", "))?;
            let width = q.versions.iter().map(|v| v.outlet.chars().count()).max().unwrap_or(0).min(24);
            for v in &q.versions {
                let mut line = format!("“{}”", v.text);
                if let Some(by) = &v.quoted_by {
                    line.push_str(&format!(" (quoted by {by})"));
                } else if v.speaker.as_deref() != q.speaker.as_deref() {
                    line.push_str(&format!(" ({})", v.speaker.as_deref().unwrap_or("speaker unclear")));
                }
                write!(out, "{}", in_columns(&v.outlet, &line, width, 100))?;
            }
        }
    }
    if !c.entities.is_empty() {
        writeln!(out, "\nPEOPLE AND ORGANIZATIONS")?;
        for e in &c.entities {
            let kind = match e.kind {
                EntityKind::Person => "person",
                EntityKind::Organization => "organization",
            };
            let quotes = match e.quotes {
                0 => String::new(),
                1 => ", 1 quote".to_string(),
                n => format!(", {n} quotes"),
            };
            writeln!(out, "  {} ({kind}{quotes}): {}", e.name, e.outlets.join(", "))?;
            for r in &e.roles {
                write!(out, "{}", wrap(&format!("- {} [{}]", r.role, r.outlets.join(", ")), "      ", 100))?;
            }
        }
    }
    if !c.disagreements.is_empty() {
        writeln!(out, "\nDISAGREEMENTS")?;
        for d in &c.disagreements {
            let kind = match d.kind {
                DisagreementKind::Attribution => "attribution",
                DisagreementKind::Number => "number",
                DisagreementKind::Date => "date",
                DisagreementKind::Quote => "quote",
            };
            writeln!(out, "  {} ({kind})", d.subject)?;
            for claim in &d.claims {
                write!(out, "{}", wrap(&format!("{}: {}", claim.outlet, claim.value), "    ", 100))?;
                if claim.text != claim.value {
                    write!(out, "{}", wrap(&claim.text, "        ", 100))?;
                }
            }
        }
    }
    Ok(())
}

/// One outlet's wording in two columns: the outlet name padded to `column`, the text wrapped beside it.
fn in_columns(outlet: &str, text: &str, column: usize, width: usize) -> String {
    let indent = "    ";
    let body = wrap(text, "", width.saturating_sub(indent.len() + column + 2).max(20));
    let mut out = String::new();
    for (i, line) in body.lines().enumerate() {
        let label = if i == 0 { outlet } else { "" };
        out.push_str(&format!("{indent}{label:<column$}  {line}\n"));
    }
    out
}
