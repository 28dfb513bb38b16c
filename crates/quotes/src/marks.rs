//! Pairing double quotation marks into quoted spans, paragraph by paragraph.
//!
//! Curly (`“ ”`), straight (`"`), low (`„`) and angle (`« »`) marks are read alike: whether a mark opens or
//! closes comes from what stands beside it (space before and a word after opens; a word before and space or
//! punctuation after closes), and only when the context says nothing from its shape. A mark that opens
//! inside an open quote nests (`what he calls “hell” than`) as long as the paragraph balances; otherwise it
//! is taken as a missing close followed by a new quote. A quote still open at the end of its paragraph ends
//! there; when the next paragraph opens with a mark, the quote continues in it (the news convention for a
//! quotation over several paragraphs).

use std::ops::Range;

/// One quoted span inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// Byte range of the opening mark.
    pub open: Range<usize>,
    /// Byte range of the quoted words, without marks and surrounding white space.
    pub content: Range<usize>,
    /// Byte range of the closing mark; `None` when the paragraph ended first.
    pub close: Option<Range<usize>>,
    /// Index of the paragraph.
    pub para: usize,
    /// Whether this span continues the previous one (it was left open and this paragraph reopened it).
    pub continues: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Open,
    Close,
    Neutral,
}

fn shape(c: char) -> Option<Shape> {
    match c {
        '“' | '„' | '‟' | '«' => Some(Shape::Open),
        '”' | '»' => Some(Shape::Close),
        '"' => Some(Shape::Neutral),
        _ => None,
    }
}

/// Whether a character is a double quotation mark of any shape.
pub(crate) fn is_double_mark(c: char) -> bool {
    shape(c).is_some()
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: usize,
    opens: bool,
}

fn opens_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '‘' | '\'' | '…' | ':')
        || is_double_mark(c)
}

fn closes_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…' | '/' | '’' | '\''
        )
        || is_double_mark(c)
}

/// Decides for every mark of a paragraph whether it opens or closes.
fn classify(para: &str, base: usize) -> Vec<Mark> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut marks = Vec::new();
    let mut inside = false;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let Some(sh) = shape(c) else { continue };
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        let can_open = prev.is_none_or(opens_before) && next.is_some_and(|n| !n.is_whitespace());
        let can_close = prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(closes_after);
        let opens = match (can_open, can_close) {
            (true, false) => true,
            (false, true) => false,
            _ => match sh {
                Shape::Open => true,
                Shape::Close => false,
                Shape::Neutral => !inside,
            },
        };
        inside = opens;
        marks.push(Mark { at: base + at, len: c.len_utf8(), opens });
    }
    marks
}

/// Pairs the marks of one paragraph, nesting when `nest`; returns the spans and whether it balanced.
fn pair(text: &str, marks: &[Mark], para: Range<usize>, index: usize, nest: bool) -> (Vec<Span>, bool) {
    let mut spans = Vec::new();
    let mut open: Option<&Mark> = None;
    let mut depth = 0usize;
    let mut balanced = true;
    for m in marks {
        match open {
            None => {
                if m.opens {
                    open = Some(m);
                    depth = 1;
                }
            }
            Some(o) => {
                if m.opens {
                    if nest {
                        depth += 1;
                    } else {
                        spans.push(make(text, o, m.at, None, index));
                        open = Some(m);
                        depth = 1;
                    }
                } else if depth > 1 {
                    depth -= 1;
                } else {
                    spans.push(make(text, o, m.at, Some(m.at..m.at + m.len), index));
                    open = None;
                    depth = 0;
                }
            }
        }
    }
    if let Some(o) = open {
        if depth > 1 {
            balanced = false;
        }
        spans.push(make(text, o, para.end, None, index));
    }
    (spans, balanced)
}

fn make(text: &str, open: &Mark, end: usize, close: Option<Range<usize>>, para: usize) -> Span {
    let start = open.at + open.len;
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let content = if lead == inner.len() { start..start } else { start + lead..end - trail };
    Span { open: open.at..open.at + open.len, content, close, para, continues: false }
}

/// The byte ranges of the paragraphs of a text: maximal runs without a line break, blank ones dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            if !text[start..i].trim().is_empty() {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

/// Every quoted span of a text, in order; spans with no words are dropped.
pub(crate) fn spans(text: &str, paras: &[Range<usize>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (index, para) in paras.iter().enumerate() {
        let marks = classify(&text[para.clone()], para.start);
        if marks.is_empty() {
            continue;
        }
        let (mut found, balanced) = pair(text, &marks, para.clone(), index, true);
        if !balanced {
            found = pair(text, &marks, para.clone(), index, false).0;
        }
        for mut span in found {
            if span.content.is_empty() {
                continue;
            }
            // A paragraph that opens with a mark continues a quote the previous paragraph left open.
            if let Some(prev) = out.last() {
                let first_char_is_open = text[para.clone()]
                    .trim_start()
                    .starts_with(|c: char| is_double_mark(c))
                    && span.open.start
                        == para.start + (text[para.clone()].len() - text[para.clone()].trim_start().len());
                if prev.close.is_none() && prev.para + 1 == index && first_char_is_open {
                    span.continues = true;
                }
            }
            out.push(span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<(&str, bool, bool)> {
        let paras = paragraphs(text);
        spans(text, &paras)
            .into_iter()
            .map(|s| (&text[s.content.clone()], s.close.is_some(), s.continues))
            .collect()
    }

    #[test]
    fn curly_and_straight_marks_pair() {
        assert_eq!(
            quoted("“We can,” she said, \"but no.\""),
            [("We can,", true, false), ("but no.", true, false)]
        );
        assert_eq!(quoted("\"Oz has it,” said Gorski."), [("Oz has it,", true, false)]);
    }

    #[test]
    fn nested_double_marks_stay_inside() {
        let q = quoted("“I’d rather live in what he calls “hell” than here.” ― Adria");
        assert_eq!(q, [("I’d rather live in what he calls “hell” than here.", true, false)]);
    }

    #[test]
    fn unbalanced_nesting_falls_back_to_a_missing_close() {
        // One nested quote inside an unclosed one balances; two do not.
        assert_eq!(quoted("“First part “second part” and the end").len(), 1);
        let q = quoted("“First part “second part “third” end");
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].0, "First part");
    }

    #[test]
    fn quotes_over_paragraphs_continue() {
        let text = "He said: “One thing.\n\n“Another thing.”\n\nNot quoted.";
        assert_eq!(quoted(text), [("One thing.", false, false), ("Another thing.", true, true)]);
    }

    #[test]
    fn inch_marks_and_lone_marks_do_not_swallow_text() {
        let q = quoted("He is 6'2\" tall.\n\nA “real” test");
        assert!(q.iter().any(|x| x.0 == "real"));
    }

    #[test]
    fn paragraphs_skip_blank_lines() {
        assert_eq!(paragraphs("a\n\n \nb\r\nc"), [0..1, 5..6, 8..9]);
        assert!(paragraphs("").is_empty());
    }
}
