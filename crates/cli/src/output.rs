//! Writing results to stdout: JSON lines and plain text, with a closed pipe treated as the end.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether an error is (caused by) a closed stdout, which ends output quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// A buffered stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Writes one value as one JSON line.
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes one value as pretty JSON.
pub fn json_pretty(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The output line of an input a batch command could not take: the caller's id when it had one, `null` for
/// each of the command's result fields, and the reason, so output stays one line per input line.
pub fn rejected_line(
    id: Option<String>,
    rejection: &samestory_model::Rejection,
    fields: &[&str],
) -> serde_json::Value {
    eprintln!("rejected {rejection}");
    let mut line = serde_json::Map::new();
    line.insert("id".into(), id.into());
    for field in fields {
        line.insert((*field).into(), serde_json::Value::Null);
    }
    line.insert("error".into(), rejection.to_string().into());
    line.into()
}

/// A time for people: `2026-02-10 08:15`.
pub fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "(no date)".to_string())
}

/// Wraps text to `width` columns with an indent, for terminal output.
pub fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_indent() {
        assert_eq!(wrap("aa bb cc dd", "  ", 7), "  aa bb\n  cc dd\n");
        assert_eq!(wrap("", "  ", 7), "");
    }

    #[test]
    fn broken_pipe_is_recognized_through_context() {
        let err = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing stories");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
