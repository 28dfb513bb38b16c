//! A byte scan before parsing: the contents of `<script>`, `<style>` and `<svg>` elements and of comments never reach
//! the HTML parser (on modern pages they are half the bytes, and tokenizing them is half the parse), except
//! the JSON-LD scripts, whose text is kept aside for the metadata.
//!
//! The same scan bounds nesting: past [`MAX_DEPTH`] open elements, further start tags (and the end tags
//! that close them) are dropped, so their content joins the enclosing element. The HTML tree builder checks
//! the stack of open elements on every tag, which makes 100,000 nested tags cost minutes; real pages stay
//! far below the limit. Elements that are commonly left open (`p`, `li`, table cells...) and void elements
//! are not counted.
//!
//! The scan follows the tokenizer's rules where they matter: a `<script` or `<style` tag name ends at
//! whitespace, `/` or `>`; the raw text ends at the first case-insensitive `</script` / `</style`; a comment
//! ends at `-->`. A construct left open runs to the end of the document, as it would in the parser.

/// Open elements beyond this depth are flattened (see the module documentation).
pub(crate) const MAX_DEPTH: usize = 1500;

/// Elements without content, or usually left open: they do not count towards the depth.
fn uncounted(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"option",
        b"optgroup",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"rb",
        b"rt",
        b"rp",
        b"html",
        b"head",
        b"body",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The document with script, style and comment contents removed and excess nesting flattened, and the
/// texts of the JSON-LD scripts.
pub(crate) fn strip_scripts(html: &str) -> (String, Vec<String>) {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut json_ld = Vec::new();
    let mut copied = 0; // html[..copied] is handled
    let mut i = 0;
    let mut depth = 0usize;
    while let Some(off) = find_byte(b'<', &b[i..]) {
        let j = i + off;
        if starts_with_ci(b, j, b"<!--") {
            let end = find(b, j + 4, b"-->").map_or(b.len(), |e| e + 3);
            out.push_str(&html[copied..j]);
            copied = end;
            i = end;
            continue;
        }
        let close: &[u8] = if tag_at(b, j, b"<script") {
            b"</script"
        } else if tag_at(b, j, b"<style") {
            b"</style"
        } else if tag_at(b, j, b"<svg") {
            // Inline graphics: long path data and no text the extractor reads.
            b"</svg"
        } else {
            // Other tags: count the depth, drop the ones past the limit.
            let end_tag = b.get(j + 1) == Some(&b'/');
            let name_start = if end_tag { j + 2 } else { j + 1 };
            let name_len =
                b[name_start.min(b.len())..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            let starts_with_letter = b.get(name_start).is_some_and(u8::is_ascii_alphabetic);
            if !starts_with_letter || uncounted(&b[name_start..name_start + name_len]) {
                i = j + 1;
                continue;
            }
            let Some(close) = tag_end(b, j) else {
                break;
            };
            let self_closing = !end_tag && close >= 2 && b[close - 2] == b'/';
            let drop = if end_tag {
                let past = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                past
            } else if self_closing {
                false
            } else {
                depth += 1;
                depth > MAX_DEPTH
            };
            if drop {
                out.push_str(&html[copied..j]);
                copied = close;
            }
            i = close;
            continue;
        };
        let Some(open_end) = tag_end(b, j) else {
            break;
        };
        let content_end = match find_ci(b, open_end, close) {
            Some(e) => e,
            // An unclosed `<svg>` is left to the parser (it may hold the page); unclosed script and style
            // run to the end of the document there too.
            None if close == b"</svg" => {
                i = open_end;
                continue;
            }
            None => b.len(),
        };
        let open_tag = &html[j..open_end];
        if close == b"</script" && is_json_ld(open_tag) {
            json_ld.push(html[open_end..content_end].to_string());
        }
        out.push_str(&html[copied..open_end]);
        copied = content_end;
        i = content_end.max(j + 1);
    }
    out.push_str(&html[copied.min(html.len())..]);
    (out, json_ld)
}

/// Whether an opening script tag declares JSON-LD.
fn is_json_ld(open_tag: &str) -> bool {
    open_tag.len() < 2000 && open_tag.to_ascii_lowercase().contains("ld+json")
}

/// Whether `b[j..]` starts the tag `name` (`<script`): the name followed by whitespace, `/` or `>`.
fn tag_at(b: &[u8], j: usize, name: &[u8]) -> bool {
    starts_with_ci(b, j, name)
        && b.get(j + name.len()).is_some_and(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
}

/// The index after the `>` closing the tag that starts at `j`, skipping quoted attribute values.
fn tag_end(b: &[u8], j: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &c) in b.iter().enumerate().skip(j + 1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(k + 1),
            None => {}
        }
    }
    None
}

fn starts_with_ci(b: &[u8], j: usize, pat: &[u8]) -> bool {
    b.len() >= j + pat.len() && b[j..j + pat.len()].eq_ignore_ascii_case(pat)
}

fn find_byte(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

/// The first index at or after `from` where `pat` starts (exact bytes).
fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut k = from;
    while let Some(off) = find_byte(pat[0], b.get(k..)?) {
        let at = k + off;
        if b[at..].starts_with(pat) {
            return Some(at);
        }
        k = at + 1;
    }
    None
}

/// Like [`find`], ASCII case-insensitive; `pat` starts with `<`.
fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut k = from;
    while let Some(off) = find_byte(b'<', b.get(k..)?) {
        let at = k + off;
        if starts_with_ci(b, at, pat) {
            return Some(at);
        }
        k = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_styles_and_comments_keeps_json_ld() {
        let html = "<p>a</p><SCRIPT src=x>if (a<b) {}</script><style type='t'>p{}</STYLE ><!-- <p>c</p> -->\
                    <script type=\"application/ld+json\">{\"x\":1}</script><p>b</p>";
        let (out, ld) = strip_scripts(html);
        assert_eq!(
            out,
            "<p>a</p><SCRIPT src=x></script><style type='t'></STYLE ><script type=\"application/ld+json\"></script><p>b</p>"
        );
        assert_eq!(ld, vec!["{\"x\":1}"]);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let n = MAX_DEPTH + 10;
        let html = format!("{}<p>x</p>{}", "<div class=a>".repeat(n), "</div>".repeat(n));
        let (out, _) = strip_scripts(&html);
        assert_eq!(out.matches("<div").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("<p>x</p>"));
        let shallow = "<div><p>a<p>b<br><img src=x><span/></div>";
        assert_eq!(strip_scripts(shallow).0, shallow);
    }

    #[test]
    fn lookalike_tags_and_open_ends() {
        let (out, _) = strip_scripts("<scripts>x</scripts><styled>y</styled><svg a=1><path d='M0'/></svg>");
        assert_eq!(out, "<scripts>x</scripts><styled>y</styled><svg a=1></svg>");
        assert_eq!(strip_scripts("<p>a<script>never closed").0, "<p>a<script>");
        assert_eq!(strip_scripts("<p>a<!-- open").0, "<p>a");
        assert_eq!(strip_scripts("<script a='>'>x</script>").0, "<script a='>'></script>");
        assert_eq!(strip_scripts("<script").0, "<script");
        assert_eq!(strip_scripts("<svg><p>kept</p>").0, "<svg><p>kept</p>");
        assert_eq!(strip_scripts("").0, "");
        assert_eq!(strip_scripts("é<!---->ü").0, "éü");
    }
}
