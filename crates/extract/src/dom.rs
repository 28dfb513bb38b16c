//! The page as a compact arena, built in one pass over the parsed document: elements and text nodes in
//! document order, each with the extent of its subtree, and the text statistics the content scorer needs.
//! The same pass collects what the metadata rules read (`<meta>`, `<title>`, `<link>`, `<time>`, `<html
//! lang>`), so the parsed document is walked once and never queried with selectors.
//!
//! Walks are iterative: a page nested 100,000 levels deep costs memory in proportion, never stack.

use rustc_hash::FxHashMap as HashMap;

use dom_query::{Document, NodeData, NodeId, NodeRef};

use crate::rules;

/// No node (the parent of the root).
pub(crate) const NONE: u32 = u32::MAX;

/// What an arena node is. Elements the extractor does not tell apart are `Inline` or `Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Root,
    Text,
    Html,
    Head,
    Body,
    P,
    Div,
    Section,
    Article,
    Main,
    Header,
    Footer,
    Nav,
    Aside,
    Form,
    A,
    Br,
    Li,
    List,
    Dt,
    Dd,
    H(u8),
    Blockquote,
    Pre,
    Table,
    Tr,
    Cell,
    Figure,
    Figcaption,
    Time,
    /// Other block-level elements (`address`, `details`, `hr`, `center`, ...).
    Block,
    /// Elements that flow inside a paragraph (`span`, `b`, `em`, unknown tags, ...).
    Inline,
    /// Elements never read as text (`script`, `button`, `select`, `svg`, ...); their subtree is not kept.
    Skip,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "a" => Tag::A,
            "br" => Tag::Br,
            "li" => Tag::Li,
            "ul" | "ol" | "dl" | "menu" => Tag::List,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Cell,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "time" => Tag::Time,
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "script" | "style" | "template" | "svg" | "math" | "button" | "select" | "option" | "input"
            | "textarea" | "iframe" | "object" | "embed" | "canvas" | "video" | "audio" | "label"
            | "dialog" | "img" | "picture" | "source" | "map" | "meta" | "link" | "title" | "base" => {
                Tag::Skip
            }
            "address" | "details" | "summary" | "hr" | "center" | "fieldset" | "caption" | "thead"
            | "tbody" | "tfoot" | "legend" | "hgroup" | "search" | "noscript" => Tag::Block,
            _ => Tag::Inline,
        }
    }

    /// Whether the element starts and ends a paragraph.
    pub(crate) fn is_block(self) -> bool {
        !matches!(self, Tag::Text | Tag::A | Tag::Br | Tag::Time | Tag::Inline | Tag::Skip)
    }
}

/// Flag: hidden by `hidden` or an inline `display:none` / `visibility:hidden`. Not by `aria-hidden="true"`:
/// that hides a part from screen readers, not from the eye (a product card's printed labels, a collapsed
/// panel of answers, the visible twin of a screen-reader caption), and a reader sees it.
pub(crate) const HIDDEN: u16 = 1;
/// Flag: class or id names site furniture (share bars, related links, comments, ...).
pub(crate) const BOILER: u16 = 2;
/// Flag: class or id names article content (`article-body`, `entry-content`, `post`, ...).
pub(crate) const POSITIVE: u16 = 4;
/// Flag: marked as the page's main content (`itemprop=articleBody`, `role=main`).
pub(crate) const MAIN: u16 = 8;
/// Flag: a navigation landmark by role (`role=navigation|banner|contentinfo|complementary|menu|dialog`).
pub(crate) const NAV_ROLE: u16 = 16;
/// Flag: inside a link.
pub(crate) const IN_LINK: u16 = 32;
/// Flag: class or id names comments and nothing else of the furniture (`comments`, `comment-body`).
pub(crate) const COMMENT: u16 = 64;
/// Flag: a panel over the page named as cookie consent or privacy notice, or a box opening with a heading
/// named as related stories: never the content.
pub(crate) const DIALOG: u16 = 128;

/// Flag: class or id names customer reviews or ratings (furniture of a product page).
pub(crate) const REVIEW: u16 = 256;

/// Flag: inside an `<article>`, a `<main>` or a main-content landmark (an ancestor is one).
pub(crate) const IN_CONTENT: u16 = 512;
/// Flag: an `<article>` with a sibling `<article>` (a card of a listing, not the page's story).
pub(crate) const CARD: u16 = 1024;
/// Flag: class or id names slides (a carousel, a slideshow) and nothing else of the furniture.
pub(crate) const SLIDES: u16 = 2048;

/// One node of the arena.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub tag: Tag,
    pub flags: u16,
    pub parent: u32,
    /// Index after the last node of the subtree (the subtree is `self..end`).
    pub end: u32,
    /// Text nodes: their text is `dom.text[text.0..text.1]`.
    pub text: (u32, u32),
    /// Index into `dom.attrs` of the class and id (lowercased), or [`NONE`].
    pub attr: u32,
    /// Non-whitespace characters of visible text in the subtree.
    pub chars: u32,
    /// Of which inside links.
    pub link: u32,
    /// Commas in the subtree's visible text.
    pub commas: u32,
}

/// What the `<head>` and a few body elements say about the page, for the metadata rules.
#[derive(Debug, Default)]
pub(crate) struct HeadInfo {
    /// `<meta>` contents keyed by lowercased `property`, `name`, `itemprop` or `http-equiv`; the first wins.
    pub metas: HashMap<String, String>,
    /// Text of the first `<title>`.
    pub title: Option<String>,
    /// `href` of the first `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// `lang` or `xml:lang` of `<html>`.
    pub lang: Option<String>,
    /// `datetime` attributes of `<time>` elements with their node index, in document order.
    pub times: Vec<(u32, String)>,
    /// Nodes marked `itemprop=author` or `rel=author` (their text is read when needed).
    pub author_nodes: Vec<u32>,
    /// Body elements marked `itemprop=datePublished` (or `<time pubdate>`), with their `datetime` or
    /// `content` attribute when they have one (else their text is read when needed).
    pub published_nodes: Vec<(u32, Option<String>)>,
    /// `<h1>` nodes in document order.
    pub h1: Vec<u32>,
}

/// The arena and the page's head information.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    pub text: String,
    pub attrs: Vec<String>,
    pub head: HeadInfo,
    pub body: Option<u32>,
    /// Characters of text in hidden parts of the page.
    pub hidden_chars: u32,
    /// The page is a thread: containers named as comments hold most of its prose (a forum's posts), so
    /// they are its content rather than furniture.
    pub thread: bool,
    /// The page is a product's (its structured data says so): its customer reviews are not its content.
    pub product: bool,
    /// Structured data or `og:type` calls the page an article: slides around it are furniture.
    pub article: bool,
}

impl Dom {
    /// Builds the arena from a parsed document.
    #[cfg(test)]
    pub(crate) fn build(doc: &Document) -> Dom {
        Dom::build_with(doc, false)
    }

    /// Builds the arena; with `reveal`, parts hidden by style or the `hidden` attribute are read as
    /// visible (a page that hides all of its content until a script runs).
    pub(crate) fn build_with(doc: &Document, reveal: bool) -> Dom {
        let tree = &doc.tree;
        let mut dom = Dom::default();
        let mut attr_flags: HashMap<String, (u32, u16)> = HashMap::default();
        let mut stack: Vec<(NodeId, u32, u16)> = vec![(doc.root().id, NONE, 0)];
        let mut in_title = NONE;
        let mut key_buf = String::new();
        while let Some((id, parent, inherited)) = stack.pop() {
            let node = NodeRef::new(id, tree);
            let index = dom.nodes.len() as u32;
            let mut new = Node {
                tag: Tag::Inline,
                flags: inherited,
                parent,
                end: index + 1,
                text: (0, 0),
                attr: NONE,
                chars: 0,
                link: 0,
                commas: 0,
            };
            let mut descend = true;
            let mut element: Option<ElementInfo> = None;
            node.query(|n| match &n.data {
                NodeData::Document | NodeData::Fragment => new.tag = Tag::Root,
                NodeData::Text { contents } => {
                    new.tag = Tag::Text;
                    let s: &str = contents;
                    let start = dom.text.len() as u32;
                    dom.text.push_str(s);
                    new.text = (start, dom.text.len() as u32);
                    let (chars, commas) = count(s);
                    new.chars = chars;
                    new.commas = commas;
                    if new.flags & IN_LINK != 0 {
                        new.link = chars;
                    }
                    descend = false;
                }
                NodeData::Element(el) => {
                    let name: &str = &el.name.local;
                    let special = matches!(name, "meta" | "link" | "html" | "title");
                    let mut info = ElementInfo {
                        name: if special { name.to_string() } else { String::new() },
                        tag: Tag::of(name),
                        ..Default::default()
                    };
                    key_buf.clear();
                    for a in &el.attrs {
                        let v: &str = &a.value;
                        match &*a.name.local {
                            "class" | "id" => {
                                // React's streamed segments (`<div hidden id="S:0">`) are moved into the
                                // page by a script: they are the page's content, not hidden parts.
                                if &*a.name.local == "id" && is_streamed_segment(v) {
                                    info.streamed = true;
                                }
                                if !key_buf.is_empty() {
                                    key_buf.push(' ');
                                }
                                key_buf.push_str(v.trim());
                            }
                            "hidden" => info.hidden_attr = true,
                            "style" => info.hidden |= hidden_style(v),
                            "role" => info.role = Some(v.trim().to_ascii_lowercase()),
                            "itemprop" => info.itemprop = Some(v.trim().to_ascii_lowercase()),
                            "rel" => info.rel = Some(v.trim().to_ascii_lowercase()),
                            "href" if special => info.href = Some(v.trim().to_string()),
                            "content" => info.content = Some(v.to_string()),
                            "pubdate" => info.pubdate = true,
                            "property" | "name" | "http-equiv" if special => {
                                info.keys.push(v.trim().to_ascii_lowercase());
                            }
                            "datetime" => info.datetime = Some(v.trim().to_string()),
                            "lang" | "xml:lang" if special => info.lang = Some(v.trim().to_string()),
                            _ => {}
                        }
                    }
                    info.hidden |= info.hidden_attr && !info.streamed;
                    if reveal {
                        info.hidden = false;
                    }
                    element = Some(info);
                }
                _ => {
                    new.tag = Tag::Skip;
                    descend = false;
                }
            });
            if let Some(info) = element {
                new.tag = info.tag;
                match info.name.as_str() {
                    "meta" => {
                        if let Some(content) =
                            info.content.as_deref().map(str::trim).filter(|c| !c.is_empty())
                        {
                            let mut keys = info.keys.clone();
                            keys.extend(info.itemprop.clone());
                            for k in keys {
                                dom.head.metas.entry(k).or_insert_with(|| content.to_string());
                            }
                        }
                    }
                    "title" if dom.head.title.is_none() && in_title == NONE => {
                        in_title = index;
                        new.tag = Tag::Inline;
                        new.flags |= HIDDEN;
                    }
                    "link" => {
                        let canonical = info
                            .rel
                            .as_deref()
                            .is_some_and(|r| r.split_whitespace().any(|t| t == "canonical"));
                        if canonical && dom.head.canonical.is_none() {
                            dom.head.canonical = info.href.clone();
                        }
                    }
                    "html" if dom.head.lang.is_none() => dom.head.lang = info.lang.clone(),
                    _ => {}
                }
                if new.tag == Tag::Time {
                    if let Some(d) = info.datetime.clone() {
                        dom.head.times.push((index, d));
                    }
                }
                if new.tag == Tag::H(1) {
                    dom.head.h1.push(index);
                }
                if new.tag == Tag::Body && dom.body.is_none() {
                    dom.body = Some(index);
                }
                if info.name != "meta"
                    && (info.itemprop.as_deref() == Some("datepublished")
                        || (new.tag == Tag::Time && info.pubdate))
                {
                    let value = info.datetime.clone().or_else(|| info.content.clone());
                    dom.head.published_nodes.push((index, value));
                }
                if info.itemprop.as_deref() == Some("author") || info.rel.as_deref() == Some("author") {
                    dom.head.author_nodes.push(index);
                }
                if new.tag == Tag::A {
                    new.flags |= IN_LINK;
                }
                if info.hidden {
                    new.flags |= HIDDEN;
                }
                if matches!(info.itemprop.as_deref(), Some("articlebody" | "text" | "reviewbody")) {
                    new.flags |= MAIN;
                }
                match info.role.as_deref() {
                    Some("main") => new.flags |= MAIN,
                    Some(
                        "navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "menubar"
                        | "dialog" | "alertdialog" | "search" | "tablist",
                    ) => new.flags |= NAV_ROLE,
                    _ => {}
                }
                key_buf.make_ascii_lowercase();
                let key = &key_buf;
                if !key.is_empty() {
                    let (attr, flags) = match attr_flags.get(key.as_str()) {
                        Some(v) => *v,
                        None => {
                            let mut f = 0;
                            if rules::is_boilerplate_attr(key) {
                                f |= BOILER;
                                if rules::is_comment_attr(key) {
                                    f |= COMMENT;
                                }
                                if rules::is_slides_attr(key) {
                                    f |= SLIDES;
                                }
                            }
                            if rules::is_dialog_attr(key) {
                                f |= DIALOG;
                            }
                            if rules::is_review_attr(key) {
                                f |= REVIEW;
                            }
                            if rules::is_positive_attr(key) && !rules::is_strong_boilerplate_attr(key) {
                                f |= POSITIVE;
                            }
                            let v = (dom.attrs.len() as u32, f);
                            dom.attrs.push(key.clone());
                            attr_flags.insert(key.clone(), v);
                            v
                        }
                    };
                    new.attr = attr;
                    new.flags |= flags;
                }
                if new.tag == Tag::Skip {
                    descend = false;
                }
            }
            let mut pass_down = new.flags & (HIDDEN | IN_LINK | IN_CONTENT);
            if matches!(new.tag, Tag::Article | Tag::Main) || new.flags & MAIN != 0 {
                pass_down |= IN_CONTENT;
            }
            dom.nodes.push(new);
            if descend {
                let first = stack.len();
                stack.extend(node.children_it(false).map(|c| (c.id, index, pass_down)));
                stack[first..].reverse();
            }
        }
        // Subtree extents and text statistics, children before parents.
        for i in (1..dom.nodes.len()).rev() {
            let (parent, end, chars, link, commas, visible) = {
                let n = &dom.nodes[i];
                let visible = n.flags & HIDDEN == 0 && n.tag != Tag::Skip;
                (n.parent, n.end, n.chars, n.link, n.commas, visible)
            };
            if parent == NONE {
                continue;
            }
            if !visible && dom.nodes[i].tag == Tag::Text {
                dom.hidden_chars = dom.hidden_chars.saturating_add(chars);
            }
            let p = &mut dom.nodes[parent as usize];
            p.end = p.end.max(end);
            if visible {
                p.chars += chars;
                p.link += link;
                p.commas += commas;
            }
        }
        dom.label_cards();
        dom.label_titled_furniture();
        dom.thread = dom.is_thread();
        if in_title != NONE {
            let t = dom.plain_text(in_title, true);
            dom.head.title = (!t.is_empty()).then_some(t);
        }
        dom
    }

    /// Flags the `<article>`s that have a sibling `<article>` ([`CARD`]), in two linear passes.
    fn label_cards(&mut self) {
        let mut count: HashMap<u32, u32> = HashMap::default();
        for n in &self.nodes {
            if n.tag == Tag::Article && n.parent != NONE {
                *count.entry(n.parent).or_default() += 1;
            }
        }
        if count.values().all(|&c| c < 2) {
            return;
        }
        for n in &mut self.nodes {
            if n.tag == Tag::Article && n.parent != NONE && count.get(&n.parent).is_some_and(|&c| c >= 2) {
                n.flags |= CARD;
            }
        }
    }

    /// A container that opens with a heading named as related or most-read stories (`<h3
    /// class="related-posts-title">`) is that box, whatever its own name says (a `post` wrapper left open
    /// around the other posts by broken markup): it becomes furniture whatever its size, like a consent
    /// panel ([`DIALOG`]).
    fn label_titled_furniture(&mut self) {
        for i in 1..self.nodes.len() {
            let n = &self.nodes[i];
            if !matches!(n.tag, Tag::H(_)) || n.attr == NONE || n.flags & BOILER == 0 {
                continue;
            }
            if !rules::is_strong_boilerplate_attr(&self.attrs[n.attr as usize]) {
                continue;
            }
            let parent = n.parent;
            if parent == NONE
                || !matches!(self.nodes[parent as usize].tag, Tag::Div | Tag::Section | Tag::Article)
            {
                continue;
            }
            // The heading is the container's first element (blank text may come before it).
            let opens =
                (parent as usize + 1..i).all(|j| self.nodes[j].tag == Tag::Text && self.nodes[j].chars == 0);
            if opens {
                let p = &mut self.nodes[parent as usize];
                p.flags = (p.flags | BOILER | DIALOG) & !POSITIVE;
            }
        }
    }

    /// The whitespace-collapsed text of a subtree (hidden parts included when `hidden` is true).
    pub(crate) fn plain_text(&self, root: u32, hidden: bool) -> String {
        let mut out = String::new();
        let n = &self.nodes[root as usize];
        let mut i = root as usize;
        let end = n.end as usize;
        while i < end {
            let node = &self.nodes[i];
            if i != root as usize && !hidden && (node.flags & HIDDEN != 0 || node.tag == Tag::Skip) {
                i = node.end as usize;
                continue;
            }
            if node.tag == Tag::Text {
                for w in self.text[node.text.0 as usize..node.text.1 as usize].split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
            i += 1;
        }
        out
    }

    /// Whether the page is a discussion whose posts are its content: containers named as comments
    /// (outermost ones, visible) hold most of the body's prose, and little prose comes before the first
    /// of them (an article's comments come after the article).
    fn is_thread(&self) -> bool {
        let Some(body) = self.body else { return false };
        let b = &self.nodes[body as usize];
        let body_prose = b.chars.saturating_sub(b.link);
        let mut comment_prose = 0u32;
        let mut before = 0u32;
        let mut i = body;
        while i < b.end {
            let n = &self.nodes[i as usize];
            if n.flags & HIDDEN != 0 || n.tag == Tag::Skip {
                i = n.end;
                continue;
            }
            if n.flags & COMMENT != 0 {
                comment_prose += n.chars.saturating_sub(n.link);
                i = n.end;
                continue;
            }
            if comment_prose == 0 && n.tag == Tag::Text && n.flags & IN_LINK == 0 {
                before += n.chars;
            }
            i += 1;
        }
        comment_prose >= 500
            && comment_prose * 10 >= body_prose * 6
            && before < 1000
            && before * 3 < comment_prose
    }

    /// The class and id of a node, lowercased ("" when it has none).
    pub(crate) fn attr_of(&self, i: u32) -> &str {
        let a = self.nodes[i as usize].attr;
        if a == NONE { "" } else { &self.attrs[a as usize] }
    }
}

struct ElementInfo {
    /// The name, kept only for the elements the metadata reads (`meta`, `link`, `html`, `title`).
    name: String,
    tag: Tag,
    hidden: bool,
    role: Option<String>,
    itemprop: Option<String>,
    rel: Option<String>,
    href: Option<String>,
    content: Option<String>,
    keys: Vec<String>,
    datetime: Option<String>,
    lang: Option<String>,
    pubdate: bool,
    /// The `hidden` attribute.
    hidden_attr: bool,
    /// A React streamed segment (`id="S:0"`).
    streamed: bool,
}

/// Non-whitespace characters and commas of a text.
fn count(s: &str) -> (u32, u32) {
    let (mut chars, mut commas) = (0u32, 0u32);
    for c in s.chars() {
        if !c.is_whitespace() {
            chars += 1;
            if c == ',' || c == '，' || c == '、' {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

impl Default for ElementInfo {
    fn default() -> Self {
        ElementInfo {
            name: String::new(),
            tag: Tag::Inline,
            hidden: false,
            role: None,
            itemprop: None,
            rel: None,
            href: None,
            content: None,
            keys: Vec::new(),
            datetime: None,
            lang: None,
            pubdate: false,
            hidden_attr: false,
            streamed: false,
        }
    }
}

/// Whether an inline style hides the element (`display: none`, `visibility:hidden`), without allocating.
/// `S:0`, `S:12`: the id React gives a segment it streams hidden and moves into place by script.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn hidden_style(style: &str) -> bool {
    let squeezed = style.bytes().filter(|b| !b.is_ascii_whitespace()).map(|b| b.to_ascii_lowercase());
    let mut window: Vec<u8> = Vec::new();
    if !style.as_bytes().contains(&b':') {
        return false;
    }
    for b in squeezed {
        window.push(b);
        if window.ends_with(b"display:none") || window.ends_with(b"visibility:hidden") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dom(html: &str) -> Dom {
        Dom::build(&Document::from(html))
    }

    #[test]
    fn a_box_opening_with_a_related_heading_is_furniture_whatever_its_name() {
        let d = dom(r#"<body><article class="post hentry"><p>Story.</p></article>
            <article class="post hentry"><h3 class="related-posts-title">You may like</h3><p>Other.</p></article>
            <article class="post"><p>Intro.</p><h3 class="related-title">Related</h3></article></body>"#);
        let flags: Vec<u16> =
            d.nodes.iter().filter(|n| n.tag == Tag::Article).map(|n| n.flags & (DIALOG | POSITIVE)).collect();
        assert_eq!(flags, vec![POSITIVE, DIALOG, POSITIVE]);
    }

    #[test]
    fn subtree_extents_and_counts() {
        let d = dom("<html><head><title> A  title </title><meta property='og:title' content='OG'></head>\
                     <body><div class='share'><a href='/'>Home page</a></div><p>One, two.</p>\
                     <p hidden>Hidden text</p></body></html>");
        assert_eq!(d.head.title.as_deref(), Some("A title"));
        assert_eq!(d.head.metas.get("og:title").map(String::as_str), Some("OG"));
        let body = d.body.unwrap() as usize;
        assert_eq!(d.nodes[body].chars, "Homepage".len() as u32 + "One,two.".len() as u32);
        assert_eq!(d.nodes[body].link, 8);
        assert_eq!(d.nodes[body].commas, 1);
        let share = (0..d.nodes.len()).find(|&i| d.nodes[i].flags & BOILER != 0).unwrap();
        assert_eq!(d.attr_of(share as u32), "share");
        assert_eq!(d.plain_text(body as u32, false), "Home page One, two.");
        for (i, n) in d.nodes.iter().enumerate() {
            assert!(n.end as usize > i && n.end as usize <= d.nodes.len());
        }
    }

    #[test]
    fn hidden_parts_streamed_segments_and_reveal() {
        let html = "<body><div hidden id='S:0'><p>Streamed story text.</p></div>\
                    <div style='visibility: hidden'><p>Curtained text.</p></div><p hidden>Gone.</p>\
                    <div aria-hidden='true'><p>Cushioning: Maximum</p></div>\
                    <p itemprop='datePublished' content='2025-01-02'>Jan 2</p><time pubdate>May 5, 2025</time></body>";
        let d = dom(html);
        let body = d.body.unwrap();
        // `aria-hidden` hides from screen readers only: the text is on the screen.
        assert_eq!(d.plain_text(body, false), "Streamed story text. Cushioning: Maximum Jan 2 May 5, 2025");
        assert_eq!(d.hidden_chars, "Curtainedtext.".len() as u32 + "Gone.".len() as u32);
        let shown = Dom::build_with(&Document::from(html), true);
        assert!(shown.plain_text(shown.body.unwrap(), false).contains("Curtained text. Gone."));
        assert_eq!(shown.hidden_chars, 0);
        let values: Vec<Option<&str>> = d.head.published_nodes.iter().map(|(_, v)| v.as_deref()).collect();
        assert_eq!(values, vec![Some("2025-01-02"), None]);
        assert!(!is_streamed_segment("S:") && !is_streamed_segment("S:1a") && is_streamed_segment("S:12"));
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let n = 5_000;
        let html = format!("{}<p>deep</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        let d = dom(&html);
        assert!(d.nodes.len() > 1000);
        assert_eq!(d.plain_text(0, false), "deep");
    }
}
