//! The main text of an HTML page, found on the arena of [`crate::dom`] in a few linear passes.
//!
//! 1. **Scoring.** Every block that directly holds at least 25 characters of text outside furniture
//!    (navigation, asides, footers, hidden parts, containers whose class names share bars, comments, related
//!    links...; cookie-consent, privacy and terms panels, `<footer>`s and `<nav>`s whatever their size, and
//!    so the page's own header, sidebars and landmarks outside any article or main landmark; on a product's
//!    page, its customer reviews) is a paragraph. The header of one of several `<article>` cards side by
//!    side is the card's title and summary, not furniture; a furniture name inside a link (a card's
//!    `caption`) labels a part of the link, which stays or goes as a whole. On a thread page (see
//!    [`crate::dom`]: comment-named containers hold most of the prose and little comes before them, and no
//!    structured data calls it an article or a product) the comments are the posts, not furniture; on a
//!    page that does not declare itself an article, slides (a carousel, a slideshow) are content. It
//!    scores 1, plus its commas, plus a point per 100 characters (at most 3), and gives that score to its
//!    parent, half to its grandparent and a third or less to the three ancestors above. A container's
//!    score starts from its tag and class (`article-body` up, `comments` down) and is scaled by the share
//!    of its text outside links.
//! 2. **Choosing.** The best container wins; when several near-best containers share an ancestor, or its
//!    parent scores higher, the choice moves up. Siblings that score well, share its class, or are plain
//!    paragraphs of prose join it.
//! 3. **Reading.** A walker turns the chosen subtrees into paragraphs on block boundaries and double `<br>`
//!    (sibling inline elements with text and nothing between them, the parts of a card laid out by its
//!    style, are separate words), skipping furniture inside them; paragraphs that are mostly links (unless
//!    a sentence, or a list item, with part of it outside its link), the title again, or boilerplate lines (see
//!    [`crate::rules`]) are dropped, and so are teaser cards after the story (a linked headline over one
//!    short excerpt, at least twice, with no prose after them). Repeats go when they are copies: a
//!    paragraph of ten words or more seen before, and the short lines next to it; short lines that recur on
//!    their own (the steps of a plan) stay.
//!
//! When the page has no such paragraphs (a product grid, a forum of short posts), or the chosen text covers
//! little of the page's readable text, the page is read broadly instead: its `<main>` (or body) less the
//! furniture, link lists and prices included when they are the content (a page whose article reading has
//! next to no prose while the broad reading has some size is such a listing), every repeated line dropped.
//! So is a page whose article reading is a fragment: blocks of a line or two on average (under 160
//! characters) holding under 55% of the page's prose, one part of a page of many parts; on a page that
//! declares itself an article only when the broad reading also finds twice its long paragraphs (a story
//! split over containers, not one followed by comments). [`read_main`] makes that choice.

use std::collections::HashSet;

use crate::dom::{
    BOILER, CARD, COMMENT, DIALOG, Dom, HIDDEN, IN_CONTENT, IN_LINK, MAIN, NAV_ROLE, NONE, Node, POSITIVE,
    REVIEW, SLIDES, Tag,
};
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
    /// Characters (non-whitespace) of the text inside `<a>` elements.
    pub link_chars: usize,
    /// Characters (non-whitespace) of the text.
    pub chars: usize,
}

impl Block {
    fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.link_chars as f64 / self.chars as f64 }
    }
}

/// A paragraph needs this many characters of its own to be scored.
const MIN_PARAGRAPH: u32 = 25;

/// Per-node working state of the scorer.
#[derive(Clone, Copy, Default)]
struct Work {
    /// Furniture: not scored, not read.
    excluded: bool,
    /// The nearest block ancestor (the paragraph a text node belongs to).
    owner: u32,
    /// Text held directly (through inline elements) by this block.
    own_chars: u32,
    own_link: u32,
    own_commas: u32,
    /// Content score; `None` until the node becomes a candidate.
    score: Option<f32>,
}

/// Whether a node is furniture by itself (its subtree is left out of scoring and reading).
fn is_furniture(dom: &Dom, i: usize, guard: u32) -> bool {
    let n = &dom.nodes[i];
    if n.flags & HIDDEN != 0 || n.tag == Tag::Skip {
        return true;
    }
    // A dialog over the page (cookie consent, a privacy panel) is furniture whatever its size, unless it
    // holds the headline.
    if n.flags & DIALOG != 0 && !dom.head.h1.first().is_some_and(|&h| h > i as u32 && h < n.end) {
        return true;
    }
    // A product's customer reviews are not the product's page.
    if dom.product && n.flags & REVIEW != 0 && n.chars < guard {
        return true;
    }
    if n.flags & MAIN != 0 {
        return false;
    }
    // A page's footer and menus are furniture whatever their size (a shop's mega-footer and mega-menu
    // around a page its scripts build).
    if matches!(n.tag, Tag::Footer | Tag::Nav) {
        return true;
    }
    if matches!(n.tag, Tag::Aside | Tag::Form) || n.flags & NAV_ROLE != 0 {
        // Outside any article or main landmark, a sidebar or a landmark of the site's is furniture whatever
        // its size.
        if (n.tag == Tag::Aside || n.flags & NAV_ROLE != 0) && outside_content(dom, i) {
            return true;
        }
        return n.chars < guard;
    }
    if n.tag == Tag::Header {
        // A page header holds menus; an article's header holds its title and byline. Both go, but for the
        // header of one of several `<article>` cards side by side (a river of teasers): the card's title
        // and summary.
        if n.parent != NONE && dom.nodes[n.parent as usize].flags & CARD != 0 {
            return false;
        }
        // The page's own header (outside any article or main landmark) is furniture whatever its size.
        return n.chars < guard || outside_content(dom, i);
    }
    // Inside a link, a furniture name labels a part of the link (a card's `caption`, its `date`): the link
    // is kept or dropped as a whole.
    n.flags & BOILER != 0
        && n.flags & POSITIVE == 0
        && (n.tag == Tag::A || n.flags & IN_LINK == 0)
        && n.chars < guard
        && !furniture_name_is_content(dom, n)
}

/// Whether no `<article>`, `<main>` or main-content landmark is around a node.
fn outside_content(dom: &Dom, i: usize) -> bool {
    dom.nodes[i].flags & IN_CONTENT == 0
}

/// Whether a node named as furniture is content of this page: a post of a discussion page (named as a
/// comment on a page that is a thread), or slides (a carousel, a slideshow) on a page that is not an
/// article (a landing page's testimonials, a shop's featured products; around an article, slides are
/// other stories or a gallery's captions).
fn furniture_name_is_content(dom: &Dom, n: &Node) -> bool {
    (dom.thread && n.flags & COMMENT != 0) || (!dom.article && n.flags & SLIDES != 0)
}

/// The subtrees holding the page's main text, in document order.
pub(crate) fn main_roots(dom: &Dom) -> Vec<u32> {
    let Some(body) = dom.body else { return Vec::new() };
    let nodes = &dom.nodes;
    let body_chars = nodes[body as usize].chars;
    // Furniture that holds most of the page is not furniture (a story wrapped in `class="share-wrap"`).
    let guard = (body_chars / 3).max(300);
    let mut work = vec![Work { owner: NONE, ..Work::default() }; nodes.len()];

    // Pass 1 (document order): furniture, owners, own text.
    for i in body as usize..nodes[body as usize].end as usize {
        let n = &nodes[i];
        let parent = n.parent as usize;
        let inherited = i != body as usize && work[parent].excluded;
        work[i].excluded = inherited || (i != body as usize && is_furniture(dom, i, guard));
        work[i].owner = if i == body as usize {
            NONE
        } else if nodes[parent].tag.is_block() {
            parent as u32
        } else {
            work[parent].owner
        };
        if n.tag == Tag::Text && !work[i].excluded && n.flags & HIDDEN == 0 {
            let o = work[i].owner;
            if o != NONE {
                let w = &mut work[o as usize];
                w.own_chars += n.chars;
                w.own_link += n.link;
                w.own_commas += n.commas;
            }
        }
    }

    // Pass 2: paragraphs give their score to their ancestors.
    let mut candidates: Vec<u32> = Vec::new();
    for i in body as usize..nodes[body as usize].end as usize {
        let w = work[i];
        if w.excluded
            || !matches!(
                nodes[i].tag,
                Tag::P
                    | Tag::Pre
                    | Tag::Cell
                    | Tag::Div
                    | Tag::Section
                    | Tag::Article
                    | Tag::Main
                    | Tag::Blockquote
                    | Tag::Dd
            )
        {
            continue;
        }
        let text = w.own_chars.saturating_sub(w.own_link);
        if text < MIN_PARAGRAPH {
            continue;
        }
        let score = 1.0 + w.own_commas as f32 + (text as f32 / 100.0).min(3.0);
        // Text held directly by a container (no `<p>`): the container is the paragraph's parent.
        let holds_inline =
            matches!(nodes[i].tag, Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Cell);
        let mut a = if holds_inline { i as u32 } else { nodes[i].parent };
        let mut level = 0;
        while a != NONE && level < 5 && a >= body {
            let wa = &mut work[a as usize];
            if wa.score.is_none() {
                wa.score = Some(initial_score(dom, &nodes[a as usize]));
                candidates.push(a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            *wa.score.as_mut().expect("set above") += score / divider;
            a = nodes[a as usize].parent;
            level += 1;
        }
    }
    for &c in &candidates {
        let n = &nodes[c as usize];
        let density = if n.chars == 0 { 0.0 } else { n.link as f32 / n.chars as f32 };
        if let Some(s) = work[c as usize].score.as_mut() {
            *s *= 1.0 - density;
        }
    }
    let score_of = |i: u32| work[i as usize].score;
    let Some(mut top) = candidates
        .iter()
        .copied()
        .max_by(|a, b| score_of(*a).unwrap_or(0.0).total_cmp(&score_of(*b).unwrap_or(0.0)).then(b.cmp(a)))
    else {
        return Vec::new();
    };
    let top_score = score_of(top).unwrap_or(0.0);

    // Several near-best candidates under one ancestor: the ancestor holds the article.
    let alternatives: Vec<u32> = candidates
        .iter()
        .copied()
        .filter(|&c| c != top && score_of(c).unwrap_or(0.0) >= 0.75 * top_score)
        .collect();
    if alternatives.len() >= 3 {
        let mut a = nodes[top as usize].parent;
        while a != NONE && a > body {
            let inside = alternatives.iter().filter(|&&c| c > a && c < nodes[a as usize].end).count();
            if inside >= 3 {
                top = a;
                break;
            }
            a = nodes[a as usize].parent;
        }
    }
    // A parent that scores higher than the top holds more of the article.
    let mut last = score_of(top).unwrap_or(0.0);
    let mut p = nodes[top as usize].parent;
    while p != NONE && p > body {
        match score_of(p) {
            None => {}
            Some(s) if s < last / 3.0 => break,
            Some(s) if s > last => {
                top = p;
                break;
            }
            Some(s) => last = s,
        }
        p = nodes[p as usize].parent;
    }
    // An only child with text stands for its parent (an empty embed slot or icon beside it does not count):
    // its siblings are then the parent's, the other blocks of a story split by images or ads.
    loop {
        let parent = nodes[top as usize].parent;
        if parent == NONE || parent <= body {
            break;
        }
        if element_children(dom, parent)
            .filter(|&c| !work[c as usize].excluded && nodes[c as usize].chars > 0)
            .count()
            != 1
        {
            break;
        }
        top = parent;
    }

    // Siblings that belong to the article.
    let top_score = score_of(top).unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let parent = nodes[top as usize].parent;
    if parent == NONE || top == body {
        return vec![top];
    }
    let top_attr = dom.attr_of(top);
    let mut roots = Vec::new();
    for s in element_children(dom, parent) {
        if s == top {
            roots.push(s);
            continue;
        }
        if work[s as usize].excluded {
            continue;
        }
        let n = &nodes[s as usize];
        let mut bonus = 0.0;
        if !top_attr.is_empty() && dom.attr_of(s) == top_attr {
            bonus += top_score * 0.2;
        }
        if score_of(s).is_some_and(|sc| sc + bonus >= threshold) {
            roots.push(s);
            continue;
        }
        if n.tag == Tag::P {
            let density = if n.chars == 0 { 1.0 } else { n.link as f32 / n.chars as f32 };
            if n.chars > 80 && density < 0.25 {
                roots.push(s);
            } else if n.chars > 0 && n.chars <= 80 && n.link == 0 {
                let t = dom.plain_text(s, false);
                if t.ends_with('.') || t.contains(". ") {
                    roots.push(s);
                }
            }
        }
    }
    roots
}

fn initial_score(dom: &Dom, n: &Node) -> f32 {
    let mut s: f32 = match n.tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Cell | Tag::Blockquote => 3.0,
        Tag::List | Tag::Li | Tag::Dd | Tag::Dt | Tag::Form | Tag::Block => -3.0,
        Tag::H(_) => -5.0,
        _ => 0.0,
    };
    if n.flags & POSITIVE != 0 {
        s += 25.0;
    }
    if n.flags & BOILER != 0 && !furniture_name_is_content(dom, n) {
        s -= 25.0;
    }
    if n.flags & MAIN != 0 {
        s += 25.0;
    }
    s
}

/// The element children of a node.
fn element_children(dom: &Dom, parent: u32) -> impl Iterator<Item = u32> + '_ {
    let end = dom.nodes[parent as usize].end;
    let mut i = parent + 1;
    std::iter::from_fn(move || {
        while i < end {
            let c = i;
            i = dom.nodes[c as usize].end;
            if dom.nodes[c as usize].tag != Tag::Text {
                return Some(c);
            }
        }
        None
    })
}

struct Walker<'a> {
    dom: &'a Dom,
    blocks: Vec<Block>,
    cur: String,
    cur_chars: usize,
    cur_links: usize,
    space: bool,
    brs: u8,
    kinds: Vec<BlockKind>,
    /// Furniture holding less text than this is skipped inside the main text.
    guard: u32,
    /// Text before this node is not read (a broad reading starts at the headline).
    start_at: u32,
}

impl<'a> Walker<'a> {
    fn new(dom: &'a Dom, guard: u32) -> Walker<'a> {
        Walker {
            dom,
            blocks: Vec::new(),
            cur: String::new(),
            cur_chars: 0,
            cur_links: 0,
            space: false,
            brs: 0,
            kinds: vec![BlockKind::Text],
            guard,
            start_at: 0,
        }
    }

    fn flush(&mut self) {
        if self.cur_chars > 0 {
            let kind = *self.kinds.last().unwrap_or(&BlockKind::Text);
            let text = std::mem::take(&mut self.cur);
            self.blocks.push(Block { text, kind, link_chars: self.cur_links, chars: self.cur_chars });
        }
        self.cur.clear();
        self.cur_chars = 0;
        self.cur_links = 0;
        self.space = false;
        self.brs = 0;
    }

    fn push_text(&mut self, text: &str, in_link: bool) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' || c == '\u{ad}' {
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
            self.cur_chars += 1;
            if in_link {
                self.cur_links += 1;
            }
        }
    }

    /// Whether inline element `i` comes right after a sibling element with text, no text between them
    /// (`<a><span>HOKA</span><span>Clifton 9</span></a>`): the parts of a card, laid out as separate lines
    /// by its style, are separate words.
    fn after_sibling_element(&self, i: u32) -> bool {
        let nodes = &self.dom.nodes;
        let n = &nodes[i as usize];
        if i == 0 || n.parent == i - 1 {
            return false;
        }
        let prev = &nodes[i as usize - 1];
        if prev.tag == Tag::Text && prev.parent == n.parent {
            return false;
        }
        // The previous sibling: the ancestor of node `i - 1` whose parent is ours.
        let mut s = i - 1;
        while s != NONE && nodes[s as usize].parent != n.parent {
            s = nodes[s as usize].parent;
        }
        s != NONE && nodes[s as usize].tag != Tag::Text && nodes[s as usize].chars > 0
    }

    /// Reads the subtree under `root` in document order (no recursion: closing steps are kept on a stack).
    fn walk(&mut self, root: u32) {
        let nodes = &self.dom.nodes;
        let end = nodes[root as usize].end;
        // Open blocks: (end index, pushed a kind).
        let mut open: Vec<(u32, bool)> = Vec::new();
        let mut i = root;
        while i < end {
            while let Some(&(e, pushed)) = open.last() {
                if i < e {
                    break;
                }
                open.pop();
                self.flush();
                if pushed {
                    self.kinds.pop();
                }
            }
            let n = &nodes[i as usize];
            if i != root && is_furniture(self.dom, i as usize, self.guard) {
                i = n.end;
                continue;
            }
            match n.tag {
                Tag::Text if i >= self.start_at => {
                    let t = &self.dom.text[n.text.0 as usize..n.text.1 as usize];
                    self.push_text(t, n.link > 0);
                }
                Tag::Text => {}
                Tag::Br => self.brs = self.brs.saturating_add(1),
                Tag::Cell => self.space = true,
                Tag::Inline | Tag::A if n.chars > 0 && self.after_sibling_element(i) => self.space = true,
                Tag::Figcaption => {
                    i = n.end;
                    continue;
                }
                t if t.is_block() => {
                    self.flush();
                    let kind = match t {
                        Tag::H(_) => Some(BlockKind::Heading),
                        Tag::Li | Tag::Dt | Tag::Dd => Some(BlockKind::ListItem),
                        Tag::Blockquote => Some(BlockKind::Quote),
                        Tag::Pre => Some(BlockKind::Pre),
                        Tag::P => Some(BlockKind::Text),
                        Tag::Tr => Some(BlockKind::Row),
                        _ => None,
                    };
                    if let Some(k) = kind {
                        self.kinds.push(k);
                    }
                    open.push((n.end, kind.is_some()));
                }
                _ => {}
            }
            i += 1;
        }
        while let Some((_, pushed)) = open.pop() {
            self.flush();
            if pushed {
                self.kinds.pop();
            }
        }
        self.flush();
    }
}

/// The blocks of some subtrees, in order.
pub(crate) fn blocks_of(dom: &Dom, roots: &[u32]) -> Vec<Block> {
    let total: u32 = roots.iter().map(|&r| dom.nodes[r as usize].chars).sum();
    let mut w = Walker::new(dom, (total / 4).max(200));
    for &r in roots {
        w.walk(r);
        w.flush();
    }
    w.blocks
}

/// Keeps the blocks that read as article text, as paragraphs; bylines and copyright lines go to `cleaner`.
pub(crate) fn filter_blocks(blocks: Vec<Block>, title: Option<&str>, cleaner: &mut Cleaner) -> Vec<Block> {
    let title_norm = title.map(samestory_model::normalize_text);
    let teasers = teaser_excerpts(&blocks);
    let mut out = Vec::new();
    for (i, b) in blocks.into_iter().enumerate() {
        if teasers.contains(&i) {
            continue;
        }
        let norm = samestory_model::normalize_text(&b.text);
        if norm.is_empty() || title_norm.as_deref() == Some(norm.as_str()) {
            continue;
        }
        let words = norm.split(' ').count();
        let density = b.link_density();
        // A sentence of the story (a paragraph, a list item) whose words are mostly a link stays when some
        // of it is outside the link and it ends as a sentence ends (a linked headline with its summary in a
        // roundup, a sentence around its link), where a link list or a teaser, all link, does not.
        let sentence = matches!(b.kind, BlockKind::Text | BlockKind::ListItem)
            && density <= 0.7
            && rules::ends_like_sentence(&b.text)
            && b.chars - b.link_chars >= 20;
        if !sentence && (density > 0.6 || (density > 0.5 && (words < 30 || b.kind == BlockKind::ListItem))) {
            continue;
        }
        if !cleaner.keep(&b.text) {
            continue;
        }
        out.push((b, norm, words));
    }
    drop_repeats(out, LONG_REPEAT)
}

/// A repeated paragraph of at least this many words is a copy (see [`drop_repeats`]).
const LONG_REPEAT: usize = 10;

/// Drops the paragraphs that repeat an earlier one of the page: a long one (at least `long` words: a
/// section printed twice, a pull quote), and a short one next to such a long repeat (the headings of a
/// copied section). Short lines repeated on their own stay: the labels of a grid ("Price", "In stock"), the
/// steps of a plan that recur, are content each time.
fn drop_repeats(blocks: Vec<(Block, String, usize)>, long: usize) -> Vec<Block> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(blocks.len());
    let repeat: Vec<bool> = blocks.iter().map(|(_, norm, _)| !seen.insert(norm.as_str())).collect();
    let long_repeat = |i: usize| repeat[i] && blocks[i].2 >= long;
    let drop: Vec<bool> = (0..blocks.len())
        .map(|i| {
            repeat[i]
                && (long_repeat(i)
                    || (i > 0 && long_repeat(i - 1))
                    || (i + 1 < blocks.len() && long_repeat(i + 1)))
        })
        .collect();
    blocks.into_iter().zip(drop).filter(|(_, d)| !d).map(|((b, _, _), _)| b).collect()
}

/// A teaser excerpt: a short paragraph without links right after a headline that is all link. Teaser
/// cards of other stories (related, most read, more from the section) have that shape; an article's own
/// subheadings are seldom links.
const TEASER_MAX_WORDS: usize = 40;

/// The indexes of teaser excerpts after the article's last paragraph of prose, when there are at least two
/// of them (one linked subheading followed by a short paragraph can be the article's own). An excerpt
/// stands alone under its headline: the next paragraph of prose does not come before the next linked
/// headline (a linked subheading of the article, a product in a gift guide, is followed by several
/// paragraphs). Teasers come after the story; a listicle whose linked items each have one short paragraph
/// goes on with prose after them, so its items are kept.
fn teaser_excerpts(blocks: &[Block]) -> HashSet<usize> {
    let linked_heading = |b: &Block| b.kind == BlockKind::Heading && b.chars > 0 && b.link_density() > 0.9;
    let prose = |b: &Block| {
        b.kind != BlockKind::Heading && b.link_density() < 0.5 && rules::word_count(&b.text) >= 15
    };
    let found: HashSet<usize> = (1..blocks.len())
        .filter(|&j| {
            let next = &blocks[j];
            linked_heading(&blocks[j - 1])
                && next.kind != BlockKind::Heading
                && next.link_chars == 0
                && rules::word_count(&next.text) <= TEASER_MAX_WORDS
                && blocks[j + 1..].iter().find(|b| linked_heading(b) || prose(b)).is_none_or(linked_heading)
        })
        .collect();
    let last_prose = (0..blocks.len()).rev().find(|&i| !found.contains(&i) && prose(&blocks[i]));
    let found: HashSet<usize> = found.into_iter().filter(|&i| last_prose.is_none_or(|p| i > p)).collect();
    if found.len() >= 2 { found } else { HashSet::new() }
}

/// The element among `[itemprop=articleBody]`, `role=main`, `<article>` and `<main>` with the most text
/// outside links.
pub(crate) fn densest_landmark(dom: &Dom) -> Option<u32> {
    let body = dom.body?;
    let mut best: Option<(u32, u32)> = None;
    for i in body..dom.nodes[body as usize].end {
        let n = &dom.nodes[i as usize];
        if n.flags & MAIN != 0 || matches!(n.tag, Tag::Article | Tag::Main) {
            let score = n.chars.saturating_sub(n.link);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The roots of a broad reading: the page's `<main>` landmark when it holds most of the readable text, else
/// the body.
pub(crate) fn broad_roots(dom: &Dom) -> Vec<u32> {
    let Some(body) = dom.body else { return Vec::new() };
    let body_text = dom.nodes[body as usize].chars;
    let mut best: Option<u32> = None;
    for i in body..dom.nodes[body as usize].end {
        let n = &dom.nodes[i as usize];
        if (n.tag == Tag::Main || (n.flags & MAIN != 0))
            && n.flags & HIDDEN == 0
            && n.chars * 2 >= body_text
            && best.is_none_or(|b| n.chars > dom.nodes[b as usize].chars)
        {
            best = Some(i);
        }
    }
    vec![best.unwrap_or(body)]
}

/// The blocks of a broad reading: from the first visible `<h1>` inside the roots on (what comes before a
/// headline is the site's header), when one is there.
pub(crate) fn broad_blocks(dom: &Dom, roots: &[u32]) -> Vec<Block> {
    let total: u32 = roots.iter().map(|&r| dom.nodes[r as usize].chars).sum();
    let mut w = Walker::new(dom, (total / 4).max(200));
    if let (Some(&first), Some(&last)) = (roots.first(), roots.last()) {
        let end = dom.nodes[last as usize].end;
        if let Some(&h) = dom.head.h1.iter().find(|&&h| {
            h > first && h < end && dom.nodes[h as usize].chars > 0 && !hidden_within(dom, h, first)
        }) {
            w.start_at = h;
        }
    }
    for &r in roots {
        w.walk(r);
        w.flush();
    }
    w.blocks
}

/// Keeps the blocks of a broad reading: furniture lines and repeats go; link text stays (in a product grid
/// or a listing the links are the content).
pub(crate) fn filter_broad(blocks: Vec<Block>, title: Option<&str>, cleaner: &mut Cleaner) -> Vec<Block> {
    let title_norm = title.map(samestory_model::normalize_text);
    let mut out = Vec::new();
    for b in blocks {
        let norm = samestory_model::normalize_text(&b.text);
        if norm.is_empty() || title_norm.as_deref() == Some(norm.as_str()) {
            continue;
        }
        let words = norm.split(' ').count();
        if !is_price(&b.text) && !cleaner.keep(&b.text) {
            continue;
        }
        out.push((b, norm, words));
    }
    // A grid repeats its cards' lines as a section copy does: a broad reading drops every repeat.
    drop_repeats(out, 0)
}

/// Whether a line is a price (`$124.93 - $155.00`, `19,99 €`): no letters, digits and a currency sign. A
/// product grid's prices are content, though a line without letters is furniture in a story.
fn is_price(line: &str) -> bool {
    let mut digits = false;
    let mut currency = false;
    for c in line.chars() {
        if c.is_alphabetic() {
            return false;
        }
        digits |= c.is_ascii_digit();
        currency |= matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽' | '₩' | '₺' | '₪' | '₫');
    }
    digits && currency
}

/// The page's main text: the article reading (the scorer's containers, see [`main_roots`]) or the broad
/// reading (the page's `<main>` or body from the headline on), with the line cleaner that read it (it holds
/// the bylines and copyright holder it dropped) and the article reading's roots (dates are looked for
/// around them). A page that declares itself an article ([`Dom::article`]) is read broadly less readily.
///
/// The article reading wins unless it misses most of what the page has to read (a listing, a product page,
/// a forum thread of short posts, a page whose text is split over many containers): it must hold a good
/// share of the broad reading's prose (a smaller one on a page that declares itself an article), and the
/// broad reading must not hold several times its long paragraphs (on a page that does not declare itself an
/// article: around an article, those are teasers and comments); a page with next to no prose but a broad
/// reading of some size (a listing, whose items are links) is read broadly. A clear article (several long
/// paragraphs, 3,000 characters of prose) is read broadly only when the broad reading has twice its prose;
/// when the page has not that much readable text, no broad reading is made.
pub(crate) fn read_main(dom: &Dom, title: Option<&str>) -> (Vec<u32>, Vec<String>, Cleaner) {
    let declared = dom.article;
    let mut cleaner = Cleaner::new();
    let main = main_roots(dom);
    let article = filter_blocks(blocks_of(dom, &main), title, &mut cleaner);
    let long_paragraphs = article.iter().filter(|b| b.chars > LONG_PARAGRAPH).count();
    let article_prose = prose_chars(&article);
    let clear = long_paragraphs >= 3 && article_prose >= 3000;
    // The broad reading's prose is at most the body's text outside links.
    let page_prose = dom.body.map_or(0, |b| {
        let n = &dom.nodes[b as usize];
        n.chars.saturating_sub(n.link) as usize
    });
    let article_chars: usize = article.iter().map(|b| b.chars).sum();
    // Blocks of a line or two that hold barely half of the page's prose: the article reading found one
    // part of a page of many parts (a service's or shop's landing page, a listing), not a story, whose
    // paragraphs are longer and which holds most of the prose of its page.
    let fragment = article_chars < FRAGMENT_BLOCK * article.len().max(1)
        && (article_prose as f64) < FRAGMENT_SHARE * page_prose as f64;
    if clear && page_prose < 2 * article_prose && !fragment {
        return (main, texts(article), cleaner);
    }
    let mut broad_cleaner = cleaner.fork();
    let broad = filter_broad(broad_blocks(dom, &broad_roots(dom)), title, &mut broad_cleaner);
    let broad_prose = prose_chars(&broad);
    let broad_chars: usize = broad.iter().map(|b| b.chars).sum();
    let broad_long = broad.iter().filter(|b| b.chars > LONG_PARAGRAPH).count();
    let keep_article = if clear {
        broad_prose < 2 * article_prose
    } else {
        let needed = if declared { 0.25 } else { 0.7 };
        let tiny = article_prose < 300 && broad_chars >= 1000;
        // Several times the long paragraphs: the article reading found one part of a text split over many
        // containers (a page built of blocks).
        let split = !declared && broad_long >= 4 && broad_long * 2 >= long_paragraphs.max(1) * 5;
        // Twice the text, most of the prose kept: a page of many parts (a landing page, a shop's front),
        // of which the article reading found one of a few paragraphs (a short story among teasers has
        // one or two).
        let parts = !declared
            && article.len() >= 3
            && broad_chars >= 2 * article_chars
            && broad_prose * 10 >= article_prose * 7;
        !tiny && !split && !parts && article_prose as f64 >= needed * broad_prose as f64
    };
    // A fragment is read broadly; on a page that declares itself an article, only when the broad reading
    // finds twice its long paragraphs (the story split over containers, not one followed by comments).
    let keep_article = keep_article && !(fragment && (!declared || broad_long >= 2 * long_paragraphs.max(1)));
    if keep_article { (main, texts(article), cleaner) } else { (main, texts(broad), broad_cleaner) }
}

/// A paragraph of more than this many characters is a long one.
const LONG_PARAGRAPH: usize = 150;

/// An article reading whose blocks average fewer characters than this (a line or two each)...
const FRAGMENT_BLOCK: usize = 160;

/// ...and that holds less than this share of the page's prose is a fragment of a page of many parts.
const FRAGMENT_SHARE: f64 = 0.55;

/// Characters of the blocks' text outside links.
pub(crate) fn prose_chars(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.chars.saturating_sub(b.link_chars)).sum()
}

/// The blocks' texts.
pub(crate) fn texts(blocks: Vec<Block>) -> Vec<String> {
    blocks.into_iter().map(|b| b.text).collect()
}

/// The first date printed near the top of the article: in the text from the first visible `<h1>` (or the
/// start of the main text) on, within `window` bytes. Bylines and "updated" lines live there, often in
/// containers that are furniture for the main text, so furniture is read too; hidden parts are not.
pub(crate) fn date_near_title(dom: &Dom, main: &[u32], window: usize) -> Option<chrono::NaiveDate> {
    let body = dom.body?;
    let start = dom
        .head
        .h1
        .iter()
        .copied()
        .find(|&h| h > body && dom.nodes[h as usize].chars > 0 && !hidden_within(dom, h, body))
        .or_else(|| main.first().copied())?;
    crate::date::date_in_text(&text_from(dom, start, window))
}

/// A date printed just before the headline (`Blog · Last updated: Dec 12, 2025` above an `<h1>`), or just
/// after the main text (`Updated on April 19, 2025` under the article).
pub(crate) fn date_around(dom: &Dom, main: &[u32], before: usize, after: usize) -> Option<chrono::NaiveDate> {
    let body = dom.body?;
    if let Some(&h) = dom.head.h1.iter().find(|&&h| h > body && !hidden_within(dom, h, body)) {
        // Walk back to a node `before` characters ahead of the headline.
        let mut i = h;
        let mut seen = 0usize;
        while i > body && seen < before {
            i -= 1;
            let n = &dom.nodes[i as usize];
            if n.tag == Tag::Text && n.flags & HIDDEN == 0 {
                seen += n.chars as usize;
            }
        }
        if let Some(d) = crate::date::date_in_text(&text_between(dom, i, h, usize::MAX)) {
            return Some(d);
        }
    }
    let last = *main.last()?;
    let after_main = dom.nodes[last as usize].end;
    if after_main < dom.nodes[body as usize].end {
        return crate::date::date_in_text(&text_from(dom, after_main, after));
    }
    None
}

/// A date labeled as published, posted or updated anywhere in the page's visible text.
pub(crate) fn labeled_date(dom: &Dom) -> Option<chrono::NaiveDate> {
    let body = dom.body?;
    crate::date::labeled_date_in_text(&text_between(dom, body, u32::MAX, 200_000))
}

/// About `window` bytes of visible text from node `start` on (furniture included).
fn text_from(dom: &Dom, start: u32, window: usize) -> String {
    text_between(dom, start, u32::MAX, window)
}

/// About `window` bytes of visible text from node `start` up to node `stop` (furniture included), words
/// separated by single spaces.
fn text_between(dom: &Dom, start: u32, stop: u32, window: usize) -> String {
    visible_text(dom, start, stop, window, None)
}

/// [`text_between`], noting in `starts` (when given) where each text node starts in the text, and its node.
pub(crate) fn visible_text(
    dom: &Dom,
    start: u32,
    stop: u32,
    window: usize,
    mut starts: Option<&mut Vec<(usize, u32)>>,
) -> String {
    let Some(body) = dom.body else { return String::new() };
    let end = dom.nodes[body as usize].end.min(stop);
    let mut text = String::new();
    let mut i = start;
    while i < end && text.len() < window {
        let n = &dom.nodes[i as usize];
        if n.flags & HIDDEN != 0 || n.tag == Tag::Skip {
            i = n.end;
            continue;
        }
        if n.tag == Tag::Text {
            if let Some(starts) = starts.as_deref_mut() {
                starts.push((text.len(), i));
            }
            for w in dom.text[n.text.0 as usize..n.text.1 as usize].split_whitespace() {
                text.push_str(w);
                text.push(' ');
            }
        } else if (n.tag.is_block() || n.tag == Tag::Time) && !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
        i += 1;
    }
    text
}

/// Whether a node or one of its ancestors up to `top` is hidden.
fn hidden_within(dom: &Dom, mut i: u32, top: u32) -> bool {
    while i != NONE && i >= top {
        if dom.nodes[i as usize].flags & HIDDEN != 0 {
            return true;
        }
        i = dom.nodes[i as usize].parent;
    }
    false
}

/// The text of the first visible `<h1>` in the body when it reads like a headline (1 to 40 words, not the
/// site's logo in a link).
pub(crate) fn headline(dom: &Dom) -> Option<String> {
    let body = dom.body?;
    let h = dom
        .head
        .h1
        .iter()
        .copied()
        .find(|&h| h > body && dom.nodes[h as usize].chars > 0 && !hidden_within(dom, h, body))?;
    let n = &dom.nodes[h as usize];
    if n.link * 2 > n.chars {
        return None;
    }
    let text = dom.plain_text(h, false);
    let words = text.split_whitespace().count();
    (1..=40).contains(&words).then_some(text)
}

/// Puts first, among the page's `<h1>`s, the first visible one that names the page's title as its metadata
/// gives it (`titles`): a page may open with an `<h1>` for its logo, its menu or a search box before the
/// headline. Nothing moves when no `<h1>` matches.
pub(crate) fn rank_headlines(dom: &mut Dom, titles: &[&str]) {
    let Some(body) = dom.body else { return };
    let titles: Vec<HashSet<String>> = titles.iter().map(|t| word_set(t)).filter(|w| !w.is_empty()).collect();
    if titles.is_empty() {
        return;
    }
    let matches = |h: u32| {
        let words = word_set(&dom.plain_text(h, false));
        !words.is_empty()
            && titles.iter().any(|t| {
                let shared = words.intersection(t).count();
                shared * 5 >= words.len() * 4 && shared * 5 >= t.len() * 2
            })
    };
    let visible = |h: u32| h > body && dom.nodes[h as usize].chars > 0 && !hidden_within(dom, h, body);
    let Some(pos) = dom.head.h1.iter().position(|&h| visible(h) && matches(h)) else { return };
    if pos > 0 {
        let h = dom.head.h1.remove(pos);
        dom.head.h1.insert(0, h);
    }
}

/// The lowercased words of a text.
fn word_set(text: &str) -> HashSet<String> {
    samestory_model::normalize_text(text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// `By Jane Doe` (or `Written by`, `Author: Jane Doe`) printed near the headline: the name.
static NEAR_BYLINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:\b[Bb]y|\bBY|Author:|Written by|Posted by)\s+(?P<name>\p{Lu}[\p{L}.'’\-]+(?:\s+(?:\p{Lu}[\p{L}.'’\-]*|de|van|von|da|del|la|le)){0,3})",
    )
    .expect("valid regex")
});

/// The author named in a byline within `window` bytes after the headline.
pub(crate) fn byline_near_title(dom: &Dom, window: usize) -> Option<String> {
    let body = dom.body?;
    let h = dom.head.h1.iter().copied().find(|&h| h > body && !hidden_within(dom, h, body))?;
    let text = text_from(dom, h, window);
    let caps = NEAR_BYLINE.captures(&text)?;
    let name = caps.name("name")?.as_str().trim_end_matches(['.', ',']).to_string();
    (name.split_whitespace().count() >= 2).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> (Block, String, usize) {
        let norm = samestory_model::normalize_text(text);
        let words = norm.split(' ').count();
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        (Block { text: text.into(), kind: BlockKind::Text, link_chars: 0, chars }, norm, words)
    }

    #[test]
    fn a_story_split_into_blocks_by_images_is_read_whole() {
        // Each block of the story wraps its paragraphs in one child with text, beside an empty embed slot;
        // image blocks stand between them.
        let para = |n: u32, w: &str| {
            format!("<p>{w} paragraph {n} of the story, with commas, clauses, and enough words to count.</p>")
        };
        let text_block = |from: u32, count: u32, w: &str| {
            let paras: String = (from..from + count).map(|n| para(n, w)).collect();
            format!(
                "<div class=\"block text\"><div class=\"embed natural\"></div><div class=\"text\">\
                     <section class=\"web-html\"><div class=\"html\">{paras}</div></section></div></div>"
            )
        };
        let image = "<div class=\"block image\"><figure><figcaption>Photo courtesy of the firm</figcaption></figure></div>";
        let html = format!(
            "<html><body><div class=\"blocks\">{}{image}{}{image}{}</div></body></html>",
            text_block(1, 8, "First"),
            text_block(9, 2, "Later"),
            text_block(11, 2, "Last")
        );
        let dom = Dom::build(&dom_query::Document::from(html.as_str()));
        let text: String = main_roots(&dom).iter().map(|&r| dom.plain_text(r, false)).collect();
        assert!(text.contains("First paragraph 1 ") && text.contains("Last paragraph 12 "), "{text}");
    }

    #[test]
    fn long_repeats_and_their_neighbours_go_short_repeats_stay() {
        let long = "This paragraph of the story has more than ten words in it, so a repeat is a copy.";
        let blocks = vec![
            block("Pre-workout meal"),
            block(long),
            block("Eat every 2 hours"),
            block("Pre-workout meal"),
            block("Eat every 2 hours"),
            block(long),
            block("Section heading"),
        ];
        let kept: Vec<String> =
            drop_repeats(blocks.clone(), LONG_REPEAT).into_iter().map(|b| b.text).collect();
        // The second "Eat every 2 hours" sits next to the repeated long paragraph: a copied section.
        assert_eq!(
            kept,
            vec!["Pre-workout meal", long, "Eat every 2 hours", "Pre-workout meal", "Section heading"]
        );
        let all: Vec<String> = drop_repeats(blocks, 0).into_iter().map(|b| b.text).collect();
        assert_eq!(all, vec!["Pre-workout meal", long, "Eat every 2 hours", "Section heading"]);
    }

    #[test]
    fn prices_are_lines_of_digits_with_a_currency_sign() {
        for p in ["$124.93 - $155.00", "19,99 €", "£5"] {
            assert!(is_price(p), "{p}");
        }
        for p in ["12", "Save $5", "2024-01-02", "$"] {
            assert!(!is_price(p), "{p}");
        }
    }
}
