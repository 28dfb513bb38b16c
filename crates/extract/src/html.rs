//! The main text of an HTML page: Readability (dom_smoothie) picks the article subtree, then a block walker
//! splits it into paragraphs and drops boilerplate blocks (captions, share bars, related links, ads).

use std::collections::HashSet;

use dom_query::{Document, NodeRef};

use crate::rules;
use crate::text::Cleaner;

/// What kind of block a paragraph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `<p>` or anonymous text in a `<div>`-like container.
    Text,
    /// `<h1>`..`<h6>`.
    Heading,
    /// `<li>`, `<dt>`, `<dd>`.
    ListItem,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// A table row, its cells joined by spaces.
    Row,
}

/// One paragraph found by the walker, with what is needed to judge it.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: String,
    pub kind: BlockKind,
    /// Characters of the text inside `<a>` elements.
    pub link_chars: usize,
}

impl Block {
    fn link_density(&self) -> f64 {
        let len = self.text.chars().filter(|c| !c.is_whitespace()).count();
        if len == 0 { 0.0 } else { self.link_chars as f64 / len as f64 }
    }
}

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "button",
    "select",
    "option",
    "input",
    "textarea",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "figcaption",
    "nav",
    "aside",
    "form",
    "label",
    "head",
    "title",
    "meta",
    "link",
    "dialog",
    "menu",
];

/// Elements that start and end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "figure",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "fieldset",
    "body",
    "html",
];

struct Walker {
    blocks: Vec<Block>,
    cur: String,
    cur_links: usize,
    space: bool,
    brs: u8,
    link_depth: usize,
    kinds: Vec<BlockKind>,
    /// Containers whose class marks them as boilerplate are skipped only when they hold less text than this
    /// (a page that wraps its whole story in `class="story-share-bar"` still gets its story).
    max_skip_chars: usize,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            blocks: Vec::new(),
            cur: String::new(),
            cur_links: 0,
            space: false,
            brs: 0,
            link_depth: 0,
            kinds: vec![BlockKind::Text],
            max_skip_chars: usize::MAX,
        }
    }

    fn flush(&mut self) {
        let text = self.cur.trim();
        if !text.is_empty() {
            let kind = *self.kinds.last().unwrap_or(&BlockKind::Text);
            self.blocks.push(Block { text: text.to_string(), kind, link_chars: self.cur_links });
        }
        self.cur.clear();
        self.cur_links = 0;
        self.space = false;
        self.brs = 0;
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' {
                self.space = true;
                continue;
            }
            if self.brs >= 2 {
                self.flush();
            } else if self.brs == 1 {
                self.space = true;
            }
            self.brs = 0;
            if self.space && !self.cur.is_empty() {
                self.cur.push(' ');
            }
            self.space = false;
            self.cur.push(c);
            if self.link_depth > 0 {
                self.cur_links += 1;
            }
        }
    }

    /// Walks the subtree under `root` in document order, without recursion (pages can nest deeply).
    fn walk(&mut self, root: &NodeRef) {
        let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit(exit) => self.exit(exit),
                Step::Enter(node) => {
                    if node.is_text() {
                        self.push_text(&node.text());
                    } else if node.is_element() {
                        if let Some(exit) = self.enter(&node) {
                            stack.push(Step::Exit(exit));
                            stack.extend(node.children_it(true).map(Step::Enter));
                        }
                    }
                }
            }
        }
    }

    /// Opens an element; `None` when its content is skipped.
    fn enter(&mut self, node: &NodeRef) -> Option<Exit> {
        let name = node.node_name()?;
        let name: &str = &name.to_ascii_lowercase();
        if SKIP_TAGS.contains(&name) || is_hidden(node) {
            return None;
        }
        if rules::is_boilerplate_container(node) && node.normalized_char_count() < self.max_skip_chars {
            return None;
        }
        match name {
            "br" => {
                self.brs = self.brs.saturating_add(1);
                return None;
            }
            "img" | "picture" | "source" | "wbr" => return None,
            _ => {}
        }
        if BLOCK_TAGS.contains(&name) {
            self.flush();
            let kind = match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
                "li" | "dt" | "dd" => Some(BlockKind::ListItem),
                "blockquote" => Some(BlockKind::Quote),
                "pre" => Some(BlockKind::Pre),
                "p" => Some(BlockKind::Text),
                "tr" => Some(BlockKind::Row),
                _ => None,
            };
            if let Some(k) = kind {
                self.kinds.push(k);
            }
            Some(Exit::Block { pushed: kind.is_some() })
        } else if name == "td" || name == "th" {
            self.space = true;
            Some(Exit::Cell)
        } else if name == "a" {
            self.link_depth += 1;
            Some(Exit::Link)
        } else {
            Some(Exit::Inline)
        }
    }

    fn exit(&mut self, exit: Exit) {
        match exit {
            Exit::Block { pushed } => {
                self.flush();
                if pushed {
                    self.kinds.pop();
                }
            }
            Exit::Cell => self.space = true,
            Exit::Link => self.link_depth = self.link_depth.saturating_sub(1),
            Exit::Inline => {}
        }
    }
}

/// A step of the walk: enter a node, or close an element entered earlier.
enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(Exit),
}

/// What closing an element undoes.
#[derive(Clone, Copy)]
enum Exit {
    /// A block: flush the paragraph, and pop its kind when it pushed one.
    Block { pushed: bool },
    /// A table cell: a space before what follows.
    Cell,
    /// A link: leave link text.
    Link,
    /// Anything else.
    Inline,
}

/// Whether any element of the document is nested deeper than `limit` (walked without recursion).
pub(crate) fn deeper_than(doc: &Document, limit: usize) -> bool {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        stack.extend(node.children_it(false).filter(|c| c.is_element()).map(|c| (c, depth + 1)));
    }
    false
}

fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// The blocks of a subtree, in document order.
pub(crate) fn blocks_of(node: &NodeRef) -> Vec<Block> {
    let mut w = Walker::new();
    w.max_skip_chars = (node.normalized_char_count() / 4).max(200);
    w.walk(node);
    w.flush();
    w.blocks
}

/// Pages nested deeper than this (see [`deeper_than`]) skip Readability (which recurses and slows down on such trees) and go
/// straight to the fallbacks. Real pages stay far below it.
pub(crate) const MAX_READABILITY_DEPTH: usize = 400;

/// Runs Readability on the document (consuming it) and returns the blocks of the article it found.
pub(crate) fn readability_blocks(doc: Document, url: Option<&str>) -> Vec<Block> {
    let cfg = dom_smoothie::Config { keep_classes: true, disable_json_ld: true, ..Default::default() };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut r = match dom_smoothie::Readability::with_document(doc, url, Some(cfg)) {
        Ok(r) => r,
        Err(_) => return Vec::new(),
    };
    if r.parse().is_err() {
        return Vec::new();
    }
    let root = r.doc.select_single("#readability-page-1");
    match root.nodes().first() {
        Some(node) => blocks_of(node),
        None => Vec::new(),
    }
}

/// Keeps the blocks that read as article text, as paragraphs; bylines and copyright lines go to `cleaner`.
pub(crate) fn filter_blocks(blocks: Vec<Block>, title: Option<&str>, cleaner: &mut Cleaner) -> Vec<String> {
    let title_norm = title.map(samestory_model::normalize_text);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for b in blocks {
        let norm = samestory_model::normalize_text(&b.text);
        if norm.is_empty() || title_norm.as_deref() == Some(norm.as_str()) {
            continue;
        }
        let words = norm.split(' ').count();
        let density = b.link_density();
        if density > 0.6 || (density > 0.5 && (words < 30 || b.kind == BlockKind::ListItem)) {
            continue;
        }
        if !cleaner.keep(&b.text) || !seen.insert(norm) {
            continue;
        }
        out.push(b.text);
    }
    out
}

/// The blocks of the element among `<article>`, `<main>` and `[itemprop=articleBody]` with the most text
/// outside links.
pub(crate) fn densest_candidate(doc: &Document) -> Vec<Block> {
    let mut best: Option<(usize, Vec<Block>)> = None;
    for node in doc.select("[itemprop=articleBody], article, main, [role=main]").nodes() {
        let blocks = blocks_of(node);
        let score: usize = blocks.iter().map(|b| b.text.chars().count().saturating_sub(b.link_chars)).sum();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, blocks));
        }
    }
    best.map(|(_, b)| b).unwrap_or_default()
}

/// The blocks of the whole `<body>` (the last resort for small pages Readability gives up on).
pub(crate) fn body_blocks(doc: &Document) -> Vec<Block> {
    match doc.select_single("body").nodes().first() {
        Some(body) => blocks_of(body),
        None => Vec::new(),
    }
}
