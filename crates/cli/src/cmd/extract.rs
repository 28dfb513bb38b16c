//! `samestory extract`: main text and metadata of each document, as JSON Lines.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use samestory_extract::{Extracted, clean_text, extract_html};
use samestory_model::Body;
use samestory_source::{Input, Limits, read_inputs};
use serde_json::json;

use super::UserError;
use crate::output;

/// Arguments of `samestory extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// HTML or text files, directories (read recursively) or `-` for stdin; JSON Lines and WARC work too.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let inputs = args.paths.iter().map(|p| Input::parse(p)).collect();
    let mut out = output::stdout();
    let (mut done, mut rejected) = (0usize, 0usize);
    for item in read_inputs(inputs, Limits::default()) {
        match item {
            Err(rejection) => {
                rejected += 1;
                eprintln!("rejected {rejection}");
            }
            Ok(doc) => {
                let hints = &doc.hints;
                let extracted = match &doc.body {
                    Body::Html(bytes) => extract_html(bytes, hints.url.as_deref(), hints.charset.as_deref()),
                    Body::Text(text) => clean_text(text),
                };
                output::json_line(&mut out, &extract_json(&doc.origin.to_string(), &extracted))?;
                done += 1;
            }
        }
    }
    out.flush()?;
    if done == 0 {
        return Err(UserError(format!("nothing could be read ({rejected} inputs rejected)")).into());
    }
    Ok(ExitCode::SUCCESS)
}

fn extract_json(path: &str, e: &Extracted) -> serde_json::Value {
    json!({
        "path": path,
        "title": e.title,
        "text": if e.paragraphs.is_empty() { None } else { Some(e.paragraphs.join("\n\n")) },
        "author": e.author,
        "published": e.published,
        "site_name": e.site_name,
        "lang": e.lang,
        "url": e.url,
    })
}
