//! `samestory quotes`: quotations and their speakers, JSON Lines in and out. This is an evaluation interface:
//! keep its output stable.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde_json::Value;

use crate::output;

/// Arguments of `samestory quotes`.
#[derive(Args, Debug)]
pub struct QuotesArgs {
    /// JSON Lines articles `{"id", "text"}`, `-` for stdin; gzip is undone.
    #[arg(long, default_value = "-", value_name = "FILE")]
    input: String,
    /// Where to write the JSON Lines result, `-` for stdout.
    #[arg(long, default_value = "-", value_name = "FILE")]
    output: String,
}

/// Opens a file or stdin, undoing gzip when the bytes start with its magic number.
pub fn open_input(path: &str) -> anyhow::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = match path {
        "-" => Box::new(std::io::stdin().lock()),
        p => Box::new(std::fs::File::open(p).with_context(|| format!("cannot open input file {p}"))?),
    };
    let mut reader = BufReader::new(raw);
    let gz = reader.fill_buf().with_context(|| format!("cannot read {path}"))?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    })
}

/// One output line for one input line: the quotes, or the reason the line was not taken.
fn quotes_line(line: &str, number: usize) -> OutLine {
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return OutLine::rejected(Value::Null, format!("line {number}: not JSON: {e}")),
    };
    let id = match value.get("id") {
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(Value::Number(n)) => Value::String(n.to_string()),
        _ => Value::Null,
    };
    let Some(text) = value.get("text").and_then(Value::as_str) else {
        return OutLine::rejected(id, format!("line {number}: no \"text\" string"));
    };
    let quotes: Vec<OutQuote> = samestory_quotes::extract_quotes(text)
        .into_iter()
        .map(|q| OutQuote { text: q.text, speaker: q.speaker, start: q.start, end: q.end, cue: q.cue })
        .collect();
    OutLine { id, quotes, error: None }
}

/// One quote of the output, fields in the documented order.
#[derive(serde::Serialize)]
struct OutQuote {
    text: String,
    speaker: Option<String>,
    start: usize,
    end: usize,
    cue: Option<String>,
}

/// One output line: `{"id", "quotes"}`, with `"error"` when the input line was not taken.
#[derive(serde::Serialize)]
struct OutLine {
    id: Value,
    quotes: Vec<OutQuote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl OutLine {
    fn rejected(id: Value, error: String) -> Self {
        OutLine { id, quotes: Vec::new(), error: Some(error) }
    }
}

pub fn run(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let input = open_input(&args.input)?;
    let mut out: Box<dyn Write> = match args.output.as_str() {
        "-" => Box::new(output::stdout()),
        path => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create output file {path}"))?,
        )),
    };
    let mut rejected = 0usize;
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {} at line {}", args.input, i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let result = quotes_line(&line, i + 1);
        if let Some(e) = &result.error {
            rejected += 1;
            eprintln!("rejected {}: {e}", args.input);
        }
        output::json_line(&mut out, &result)?;
    }
    out.flush()?;
    if rejected > 0 {
        tracing::warn!(rejected, "some input lines were rejected");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(input: &str, number: usize) -> Value {
        serde_json::to_value(quotes_line(input, number)).unwrap()
    }

    #[test]
    fn a_line_gives_quotes_with_character_offsets() {
        let v = line(r#"{"id": 7, "text": "Éa “We can,” she said."}"#, 1);
        assert_eq!(v["id"], "7");
        assert_eq!(v["quotes"][0]["text"], "We can,");
        assert_eq!(v["quotes"][0]["start"], 4);
        assert_eq!(v["quotes"][0]["end"], 11);
        assert_eq!(v["quotes"][0]["cue"], "said");
        assert!(v.get("error").is_none());
        // The documented field order.
        let text =
            serde_json::to_string(&quotes_line(r#"{"id": "x", "text": "“Yes,” he said."}"#, 1)).unwrap();
        assert!(
            text.starts_with(
                r#"{"id":"x","quotes":[{"text":"Yes,","speaker":null,"start":1,"end":5,"cue":"said"}]"#
            ),
            "{text}"
        );
    }

    #[test]
    fn bad_lines_are_reported_in_place() {
        assert!(line("{not json", 3)["error"].as_str().unwrap().contains("line 3"));
        let v = line(r#"{"id": "a"}"#, 4);
        assert_eq!(v["id"], "a");
        assert!(v["error"].as_str().unwrap().contains("text"));
    }
}
