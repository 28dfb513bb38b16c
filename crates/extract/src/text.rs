//! Cleaning text that arrives already extracted (an aggregator's copy, a feed's content): paragraphs are
//! split out, site furniture is dropped, and bylines, datelines and the copyright holder become metadata.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::Extracted;
use crate::rules;

/// `MEXICO CITY (AP) — `, `Mexico City - `, `BAAR, Switzerland, Nov 19 (Reuters) - ` at the start of a story.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?:
          (?P<place>\p{Lu}[\p{L}.'’]*(?:[\s,]+\p{Lu}[\p{L}.'’]*){0,4})       # capitalized place words
          (?:,?\s+(?:[A-Z][a-z]{2}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2}\.?))?   # optional date
          \s*(?:\((?:AP|Reuters|AFP|UPI|dpa|DPA|EFE|ANSA|IANS|PTI|CNN|Xinhua|[A-Z][\w.& ]{1,24})\))?
          \s*(?:[-–—]{1,2}|:)\s+
        | \((?:AP|Reuters|AFP|UPI|CNN|CNBC|Bloomberg)\)\s*(?:[-–—]{1,2}\s*)?       # (CNN)President ...
        )
        (?P<rest>[\p{Lu}\p{N}“\x22‘'].*)$",
    )
    .expect("valid regex")
});

/// `Jane Doe and Reuters contributed to this report.`
static CONTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?P<who>.{2,160}?)\s+(?:also\s+)?contributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story|article)\.?\s*$",
    )
    .expect("valid regex")
});

/// Splits `text` into paragraphs: on blank lines when it has any, else one paragraph per line.
/// Lines inside a blank-line paragraph are joined with spaces; whitespace runs become one space.
pub(crate) fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let raw: Vec<String> = if has_blank_line_separator(&text) {
        let mut out = Vec::new();
        let mut cur: Vec<&str> = Vec::new();
        for line in text.split('\n') {
            if line.trim().is_empty() {
                if !cur.is_empty() {
                    out.push(cur.join(" "));
                    cur.clear();
                }
            } else {
                cur.push(line);
            }
        }
        if !cur.is_empty() {
            out.push(cur.join(" "));
        }
        out
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    raw.into_iter().map(|p| collapse_ws(&p)).filter(|p| !p.is_empty()).collect()
}

/// Whether non-empty lines are separated by at least one blank line somewhere.
fn has_blank_line_separator(text: &str) -> bool {
    let mut seen_text = false;
    let mut blank_after_text = false;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if seen_text {
                blank_after_text = true;
            }
        } else {
            if blank_after_text {
                return true;
            }
            seen_text = true;
        }
    }
    false
}

pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Removes a dateline (`MEXICO CITY (AP) — `) from the start of a first paragraph; returns the rest.
pub(crate) fn strip_dateline(paragraph: &str) -> Option<String> {
    let caps = DATELINE.captures(paragraph)?;
    let place = caps.name("place").map_or("", |m| m.as_str());
    let rest = caps.name("rest")?.as_str();
    // A place is a few words, and what follows is a sentence of its own.
    if rules::word_count(place) > 5 || rules::word_count(rest) < 4 {
        return None;
    }
    Some(rest.to_string())
}

/// Who contributed, from a `X contributed to this report.` line, when the line is only that.
pub(crate) fn contributors(line: &str) -> Option<String> {
    // The regex is costly; most lines are ruled out by length or by the word itself.
    if line.len() > 400 || !line.to_ascii_lowercase().contains("contributed") {
        return None;
    }
    let caps = CONTRIBUTED.captures(line)?;
    Some(caps.name("who")?.as_str().trim().to_string())
}

/// Applies the line rules to paragraphs, collecting metadata on the way. Shared by HTML and text cleaning.
#[derive(Default)]
pub(crate) struct Cleaner {
    /// Author found in a byline or contributor line.
    pub author: Option<String>,
    /// Copyright holder found in a copyright line.
    pub holder: Option<String>,
    /// Verdicts already reached, by the line's hash: a page's readings see the same short lines again.
    memo: rustc_hash::FxHashMap<u64, Verdict>,
}

/// What the line rules say of one line.
#[derive(Clone)]
enum Verdict {
    Keep,
    Drop,
    Holder(String),
    Author(String),
    Contributors(String),
}

impl Cleaner {
    pub(crate) fn new() -> Cleaner {
        Cleaner::default()
    }

    /// A fresh cleaner (no metadata found yet) that reuses this one's verdicts.
    pub(crate) fn fork(&mut self) -> Cleaner {
        Cleaner { author: None, holder: None, memo: std::mem::take(&mut self.memo) }
    }

    /// Whether a paragraph is kept as article text; metadata lines are recorded before they are dropped.
    pub(crate) fn keep(&mut self, p: &str) -> bool {
        let key = xxhash_rust::xxh3::xxh3_64(p.as_bytes());
        let verdict = match self.memo.get(&key) {
            Some(v) => v.clone(),
            None => {
                let v = judge(p);
                self.memo.insert(key, v.clone());
                v
            }
        };
        match verdict {
            Verdict::Keep => true,
            Verdict::Drop => false,
            Verdict::Holder(h) => {
                self.holder.get_or_insert(h);
                false
            }
            Verdict::Author(a) => {
                self.author.get_or_insert(a);
                false
            }
            Verdict::Contributors(who) => {
                // Kept as the author only when it is a short list of names.
                if rules::word_count(&who) <= 10 && self.author.is_none() {
                    self.author = Some(who);
                }
                false
            }
        }
    }
}

fn judge(p: &str) -> Verdict {
    if let Some(holder) = rules::copyright_holder(p) {
        return Verdict::Holder(holder);
    }
    if let Some(who) = rules::byline(p) {
        return Verdict::Author(who);
    }
    if let Some(who) = contributors(p) {
        return Verdict::Contributors(who);
    }
    if rules::is_junk_line(p) { Verdict::Drop } else { Verdict::Keep }
}

/// A caption is a short line with no sentence ending that the text repeats (a photo caption shown twice).
fn repeated_captions(paragraphs: &[String]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in paragraphs {
        if rules::word_count(p) <= 12 && !rules::ends_like_sentence(p) {
            *counts.entry(samestory_model::normalize_text(p)).or_insert(0) += 1;
        }
    }
    counts.retain(|k, n| *n > 1 && !k.is_empty());
    counts
}

/// Cleans already-extracted text; see [`crate::clean_text`].
pub(crate) fn clean(text: &str) -> Extracted {
    let paragraphs = split_paragraphs(text);
    let captions = repeated_captions(&paragraphs);
    let mut cleaner = Cleaner::new();
    let mut out: Vec<String> = Vec::new();
    for p in paragraphs {
        if captions.contains_key(&samestory_model::normalize_text(&p)) {
            continue;
        }
        if !cleaner.keep(&p) {
            continue;
        }
        let p = if out.is_empty() { strip_dateline(&p).unwrap_or(p) } else { p };
        out.push(p);
    }
    Extracted { paragraphs: out, author: cleaner.author, site_name: cleaner.holder, ..Extracted::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_blank_lines_or_lines() {
        assert_eq!(split_paragraphs("a\nb\n\nc\r\n\r\n\r\nd"), vec!["a b", "c", "d"]);
        assert_eq!(split_paragraphs("one\ntwo\nthree"), vec!["one", "two", "three"]);
        assert_eq!(split_paragraphs("\n\n  only  one \n\n"), vec!["only one"]);
        assert!(split_paragraphs("  \n \n").is_empty());
    }

    #[test]
    fn datelines() {
        assert_eq!(
            strip_dateline("Mexico City - Mexican President Claudia Sheinbaum said on Saturday that")
                .as_deref(),
            Some("Mexican President Claudia Sheinbaum said on Saturday that")
        );
        assert_eq!(
            strip_dateline("WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.").as_deref(),
            Some("The Senate voted on Tuesday to pass the bill.")
        );
        assert_eq!(
            strip_dateline("BAAR, Switzerland, Nov 19 (Reuters) - Ascom said on Tuesday it would expand.")
                .as_deref(),
            Some("Ascom said on Tuesday it would expand.")
        );
        assert_eq!(
            strip_dateline("(CNN)President Donald Trump made an unscheduled trip to the hospital.")
                .as_deref(),
            Some("President Donald Trump made an unscheduled trip to the hospital.")
        );
        assert_eq!(strip_dateline("Trump - who spoke on Friday - said no."), None);
        assert_eq!(strip_dateline("The president said: it is true and we know it."), None);
        assert_eq!(
            strip_dateline("Mexican President Claudia Sheinbaum publicly confirmed she rejected aid."),
            None
        );
    }

    #[test]
    fn contributor_lines() {
        assert_eq!(
            contributors("Fox News Digital’s Adam Shaw and the Associated Press contributed to this report.")
                .as_deref(),
            Some("Fox News Digital’s Adam Shaw and the Associated Press")
        );
        assert_eq!(contributors("He contributed $5 to the campaign."), None);
    }

    #[test]
    fn repeated_short_lines_are_captions() {
        let text = "The storm hit on Monday.\n\nPresident Jane Doe\n\nShe visited the coast.\n\nPresident Jane Doe\n\nShe left.";
        let ex = clean(text);
        assert_eq!(ex.paragraphs, vec!["The storm hit on Monday.", "She visited the coast.", "She left."]);
    }

    #[test]
    fn repeated_sentences_are_not_captions() {
        let text = "Yes.\n\nHe said it again.\n\nYes.";
        assert_eq!(clean(text).paragraphs, vec!["Yes.", "He said it again.", "Yes."]);
    }

    #[test]
    fn metadata_lines_are_split_out() {
        let text = "By Jane Doe\n\nThe storm hit on Monday, officials said.\n\nRead more\n\nCopyright 2024 Coast News. All rights reserved.";
        let ex = clean(text);
        assert_eq!(ex.paragraphs, vec!["The storm hit on Monday, officials said."]);
        assert_eq!(ex.author.as_deref(), Some("Jane Doe"));
        assert_eq!(ex.site_name.as_deref(), Some("Coast News"));
    }
}
