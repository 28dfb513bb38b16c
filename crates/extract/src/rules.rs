//! General boilerplate rules shared by HTML and plain-text cleaning: lines that are share bars, promos,
//! credits, datelines or related-story headlines rather than article sentences, and HTML containers whose
//! class or id marks them as such.

use std::sync::LazyLock;

use regex::Regex;

/// Whole short lines that are site furniture: share and comment prompts, app and newsletter promos,
/// "read more" links, copyright notices, ad labels.
static JUNK_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}\p{S}]*(?:
            share(?:\s+(?:this|the)(?:\s+(?:article|story|post|page))?)?(?:\s+(?:on|via)\s+\w+)?
          | sharing\s+is\s+caring
          | (?:like\s+this\s+story\?\s*)?share\s+it\s+with\s+a\s+friend
          | tweet | email | e-mail | print | pin(?:\s+it)? | whatsapp | facebook | twitter | linkedin | reddit
          | advertisement | advert | ad | sponsored(?:\s+(?:content|links?))? | story\s+continues\s+below(?:\s+advertisement)?
          | continue\s+reading(?:\s+(?:below|the\s+main\s+story))?
          | read\s+(?:the\s+)?(?:full|whole|original|complete)\s+(?:article|story|post)(?:\s+(?:here|on\s+[^.,;!?]{1,40}))?
          | read\s+more(?:\s+(?:here|about\s+[^.,;!?]{1,60}|at\s+[^.,;!?]{1,40}))?
          | (?:see|read|watch)\s+more | see\s+also | more | also | related | don'?t\s+miss | more\s+on\s+this
          | leave\s+a\s+(?:reply|comment) | (?:\d+\s+)?comments? | add\s+a\s+comment | post\s+a\s+comment
          | join\s+the\s+(?:discussion|conversation) | tell\s+us\s+what\s+you\s+think
          | (?:click|tap)\s+(?:here\s+)?to\s+(?:get|download)\s+the\s+[^.,;!?]{1,40}\s+app
          | get\s+the\s+[^.,;!?]{1,40}\s+app | download\s+(?:the|our)\s+[^.,;!?]{1,40}\s+app
          | (?:click|tap)\s+here\s+(?:to|for)\s+[^.,;!?]{1,60}
          | [^.,;!?]{1,60}\s+by\s+clicking\s+here
          | sign\s+up\s+(?:for|to)\s+[^.,;!?]{1,80} | sign\s+up | subscribe(?:\s+(?:now|today|here|to\s+[^.,;!?]{1,80}))?
          | follow\s+us(?:\s+on\s+[^.,;!?]{1,60})?
          | (?:image|slide|photo)\s+\d+\s+(?:of|/)\s*/?\s*\d+ | caption | close | expand | enlarge | toggle\s+caption
          | this\s+slideshow\s+requires\s+javascript
          | want\s+more\s+stories\s+like\s+this\?
          | breaking\s+news\s+emails
          | skip\s+(?:to\s+)?(?:main\s+)?content | back\s+to\s+top | scroll\s+to\s+top
          | skip\s+to\s+(?:the\s+)?(?:navigation|search(?:\s+results)?|results|footer|product\s+information)
          | loading
          | replay | (?:more|related|latest)\s+videos? | must\s+watch | now\s+playing | up\s+next
          | like\s+this | like\s+loading(?:\.{3}|…)? | (?:previous|next)\s+(?:post|article|story)
          | you\s+may\s+also\s+like | text\s+size | explore\s+further | more\s+great\s+\w+\s+stories
          | popular\s+on\s+[^.,;!?]{1,30} | filed\s+under(?:\s*:\s*[^.;!?]{0,60})? | tags?(?:\s*:\s*[^.;!?]{0,80})?
          | table\s+of\s+contents | \d+\s+min(?:ute)?s?\s+read
          | iklan | publicidad | publicidade | publicité | pubblicità | anzeige | werbung | reklama | реклама
          | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
          | (?:[\d.,]+k?\s+)?(?:views?|replies|likes?|posts?|messages|reactions?)(?:\s*:\s*[\d.,]+k?)? | offline | online
          | joined(?:\s*:?\s*[^.;!?]{0,30})? | registered(?:\s*:\s*[^.;!?]{0,30})? | last\s+edited(?:\s+by\s+[^.;!?]{0,40})?
          | reply(?:\s+\d+)? | quote | member | location
          | click\s+to\s+expand(?:\.{3}|…)? | similar\s+threads | recently\s+viewed(?:\s+\w+)? | original\s+poster
          | (?:explore\s+)?related\s+(?:articles|posts|stories|threads|questions|content|reading)
          | learn\s+more | apply\s+now
          | all\s+rights\s+reserved
          | add\s+to\s+(?:cart|bag|basket|wish\s?list) | buy\s+(?:it\s+)?now | quick\s+(?:view|shop)
        )[\s\p{P}\p{S}]*$",
    )
    .expect("valid regex")
});

/// Copyright lines: `© 2025 Outlet. All Rights Reserved.`, `Copyright 2019 ...`.
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|@)?\s*(?:\d{4}|by\b))|all\s+rights\s+reserved\.?\s*$").expect("valid regex")
});

/// `© 2025 Time Bulletin. All Rights Reserved.` → `Time Bulletin`.
static COPYRIGHT_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<holder>[^.|,]*?)\s*(?:[.,|]?\s*all\s+rights\s+reserved\.?)?\s*$",
    )
    .expect("valid regex")
});

/// Photo credits and caption tails: `Photo: X, AP`, `(Image: GETTY)`, `Credit: EPA`, `Image copyright Getty Images`.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^\s*(?:photo|image|picture|credit|photograph|foto|source|illustration|video)s?\s*(?:credit)?\s*:
        | ^\s*image\s+(?:copyright|caption)\b
        | \((?:image|photo|picture|credit|pic)s?(?:\s+credit)?\s*:[^)]*\)\s*$
        | credit:\s*[^.]{1,80}$
        | \p{L}\s*/\s*(?:AP|AFP|Reuters|REUTERS|Getty\s+Images|EPA|Bloomberg|Xinhua|Shutterstock|Alamy|NurPhoto|Anadolu|Sipa|ZUMA)(?:\s+\p{L}+){0,3}\s*$
        | (?:getty\s+images|shutterstock|ap\s+photo(?:/[^)]*)?\)?|/\s*ap|/\s*reuters|/\s*afp|\bafp\s+via\s+getty\s+images)\s*$
        ",
    )
    .expect("valid regex")
});

/// Time stamps printed above or below a story: `Published 1 day ago`, `Updated: Sat 8:31 PM, Feb 17, 2018`.
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s|]*(?:
            (?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on|\s+at)?\s*:?\s*
            (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|yesterday|today|an?\s|\d+\s+\w+\s+ago)
        )",
    )
    .expect("valid regex")
});

/// A line that is only a date and maybe a time: `Nov. 20, 2019 6:02 AM EST`, `20/11/2019 - 10:48`.
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s|•·]*
        (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:
            (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}
          | \d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}
          | \d{1,4}[./-]\d{1,2}[./-]\d{1,4}
        )
        (?:[\s,@|at-]+\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}|[+-]\d{2}:?\d{2})?)?
        [\s|•·]*$",
    )
    .expect("valid regex")
});

/// `By Jane Doe`, `By Jane Doe and John Roe, Reuters`, `By Reuters - 11/18/19 11:04 PM EST`.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[Bb]y|BY|Por|Par|Von|Di)\s+(?P<who>\p{Lu}[\p{L}.'’\-]*(?:[\s,]+(?:and\s+|&\s+)?[\p{L}.'’\-]+){0,7})\s*(?:[-–|•·]\s*.*)?$")
        .expect("valid regex")
});

/// Whether a line reads as a sentence: it ends with terminal punctuation (possibly inside quotes).
pub(crate) fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ', '*']);
    t.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？'])
}

/// Whether a line is at least `min_words` words of upper-case letters not ending in a full stop: a
/// related-story link (`WHERE ARE THEY?` included) or a shouted promo (`CLICK TO GET THE FOX NEWS APP`).
pub(crate) fn is_all_caps_headline(line: &str, min_words: usize) -> bool {
    let words = line.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    if words < min_words {
        return false;
    }
    let mut letters = 0usize;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    // A shouted question or exclamation is still a headline; a full stop makes it a (shouted) sentence.
    letters >= 6 && !line.trim_end().ends_with(['.', '…', ';', ','])
}

/// Number of words in a line.
pub(crate) fn word_count(line: &str) -> usize {
    line.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The opening of a line that asks the reader for something other than reading on: a membership pitch
/// after the story ("If you enjoyed this article, ... join"), a notice that the page needs JavaScript.
static PITCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s\p{P}]*(?:
            if\s+you\s+(?:enjoyed|liked|value|appreciate)\s+(?:this|our)\s+(?:article|story|post|journalism|reporting|content)
          | (?:you\s+(?:need|have)\s+to|please)\s+(?:enable|turn\s+on)\s+javascript
          | javascript\s+is\s+(?:disabled|required)
          | follow\s+[^,.!?]{1,60}\s+on\s+(?:facebook|twitter|instagram|youtube|tiktok|linkedin|threads|bluesky)\b
          | if\s+you\s+(?:buy|purchase|click)[^.!?]{0,80}\b(?:commission|share\s+of\s+the\s+sale)
          | [^.!?]{0,60}\b(?:earn|get|receive)s?\s+(?:an?\s+)?(?:affiliate\s+)?(?:commission|share\s+of\s+the\s+sale)[^.!?]{0,60}\b(?:if|when)\s+you\s+(?:buy|purchase|click)
        )",
    )
    .expect("valid regex")
});

/// A newsletter pitch: a sentence that starts by asking the reader to sign up or subscribe and names a
/// newsletter or an inbox (`Sign up for The Daily today to get the newsletter in your inbox.`).
static NEWSLETTER_PITCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[.!?]\s+)[\p{P}\s]*(?:sign\s+up|subscribe)\b(?:[^.!?]|[.!?]\S){0,120}\b(?:newsletters?|inbox)\b",
    )
    .expect("valid regex")
});

/// Whether a whole (short) line is site furniture rather than article text.
pub(crate) fn is_junk_line(line: &str) -> bool {
    let line = line.trim();
    if !line.chars().any(char::is_alphabetic) {
        return true;
    }
    let words = word_count(line);
    if words <= 16 && JUNK_PHRASE.is_match(line) {
        return true;
    }
    if words <= 24 && COPYRIGHT.is_match(line) {
        return true;
    }
    if words <= 40 && CREDIT.is_match(line) {
        return true;
    }
    if words <= 60 && PITCH.is_match(line) {
        return true;
    }
    if words <= 40 && NEWSLETTER_PITCH.is_match(line) {
        return true;
    }
    if words <= 14 && (TIMESTAMP.is_match(line) || DATE_ONLY.is_match(line)) {
        return true;
    }
    if is_all_caps_headline(line, 3) {
        return true;
    }
    if words <= 80 && is_truncated_excerpt(line) {
        return true;
    }
    if IMAGE_URL.is_match(line) {
        return true;
    }
    false
}

/// A line that is only the address of an image (a thumbnail's source printed as text).
static IMAGE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:https?:)?//\S+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]\S*)?$").expect("valid regex")
});

/// Whether a line ends the way a teaser of another page is cut short: `… [...]`, `[…]`, `Read more »`
/// after an ellipsis. An article's own sentences never end in a bracketed ellipsis.
pub(crate) fn is_truncated_excerpt(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with("[…]") || t.ends_with("[...]") || t.ends_with("[&hellip;]")
}

/// The name of a byline line (`By Jane Doe` → `Jane Doe`), when the line is only that.
pub(crate) fn byline(line: &str) -> Option<String> {
    let words = word_count(line);
    if words > 14 || (words > 5 && ends_like_sentence(line)) {
        return None;
    }
    let caps = BYLINE.captures(line)?;
    let who = caps.name("who")?.as_str().trim().trim_end_matches([',', '.']).trim();
    // A name is mostly capitalized words: "By Monday, the storm had passed" is not a byline.
    let names: Vec<&str> =
        who.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let joiners = names.iter().filter(|w| matches!(**w, "and" | "&" | "y" | "et" | "und" | "e")).count();
    let capitalized = names.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    if names.is_empty() || capitalized * 10 < (names.len() - joiners) * 7 {
        return None;
    }
    Some(who.to_string())
}

/// The holder named in a copyright line (`© 2025 Time Bulletin. All Rights Reserved.` → `Time Bulletin`).
pub(crate) fn copyright_holder(line: &str) -> Option<String> {
    if word_count(line) > 16 || !COPYRIGHT.is_match(line) {
        return None;
    }
    let caps = COPYRIGHT_HOLDER.captures(line)?;
    let holder = caps.name("holder")?.as_str().trim().trim_matches(|c: char| !c.is_alphanumeric());
    let ok = !holder.is_empty()
        && word_count(holder) <= 6
        && holder.chars().next().is_some_and(char::is_alphanumeric);
    ok.then(|| holder.to_string())
}

/// Class and id fragments that mark a container as not being article text.
static BOILERPLATE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:
            caption|credit|share|sharing|social|related|newsletter|subscribe|promo|advert|sponsor|\bad\b|\bads\b
          | -ad\b|\bad-|adslot|ad_slot|dfp|byline|dateline|timestamp|\bdate\b|published|breadcrumb|comment|sidebar
          | popup|modal|cookie|consent|signup|sign-up|recommend|more-stories|read-?more|readmore|toolbar|\bprint\b
          | disclaimer|copyright|gallery|slideshow|carousel|\btags?\b|tag-list|author|\bbio\b|outbrain|taboola
          | also-read|see-also|inline-link|paywall|nav\b|menu|footer|masthead
          | trending|most-?read|most-?popular|popular-?posts|\bpolls?\b|follow-?by-?email
          | (?:content|entry|post|article)-after|after-(?:content|entry|post|article)
          | user-?(?:info|details|card|avatar|stats)\b|postprofile|signature
        )",
    )
    .expect("valid regex")
});

/// Whether a (lowercased) class-and-id string marks an element as boilerplate: captions, share bars,
/// related links, bylines, comments, ads, menus.
pub(crate) fn is_boilerplate_attr(attrs: &str) -> bool {
    BOILERPLATE_ATTR.is_match(attrs) && !EMBED_ATTR.is_match(attrs)
}

/// Class and id fragments of a post embedded in the story (a tweet, an Instagram post, quoted as part of
/// it): content, though wrapped in `social-media-embed`.
static EMBED_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"embed|twitter-tweet|instagram-media").expect("valid regex"));

/// The boilerplate names, comments left out: a container named `comments` and nothing else is furniture
/// on an article page and the content on a discussion page.
static BOILERPLATE_BUT_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&BOILERPLATE_ATTR.as_str().replace("|comment|", "|")).expect("valid regex"));

/// The boilerplate names, slides left out: a carousel or slideshow is furniture around an article (other
/// stories, a gallery's captions) and content elsewhere (a landing page's testimonials, a shop's features).
static BOILERPLATE_BUT_SLIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&BOILERPLATE_ATTR.as_str().replace("|slideshow|carousel|", "|")).expect("valid regex")
});

/// Whether a (lowercased) class-and-id string that marks boilerplate names slides (a carousel, a
/// slideshow) and nothing else of it.
pub(crate) fn is_slides_attr(attrs: &str) -> bool {
    (attrs.contains("carousel") || attrs.contains("slideshow")) && !BOILERPLATE_BUT_SLIDES.is_match(attrs)
}

/// Whether a (lowercased) class-and-id string that marks boilerplate names comments and nothing else of it.
pub(crate) fn is_comment_attr(attrs: &str) -> bool {
    attrs.contains("comment") && !BOILERPLATE_BUT_COMMENT.is_match(attrs)
}

/// Whether a (lowercased) class-and-id string names customer reviews or ratings (`product-reviews`,
/// `yotpo-review`, `rating-summary`), a preview being something else.
pub(crate) fn is_review_attr(attrs: &str) -> bool {
    attrs.match_indices("review").any(|(i, _)| i == 0 || attrs.as_bytes()[i - 1] != b'p')
        || attrs.contains("rating")
}

/// Class and id fragments of panels laid over the page: cookie consent, privacy and terms notices.
static DIALOG_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"onetrust|cookie|consent|gdpr|privacy-(?:policy|preference|center)|terms-(?:of-)?(?:service|use)",
    )
    .expect("valid regex")
});

/// Whether a (lowercased) class-and-id string names a cookie-consent or privacy panel.
pub(crate) fn is_dialog_attr(attrs: &str) -> bool {
    DIALOG_ATTR.is_match(attrs)
}

/// Class and id fragments that mark a container as not being article text even when other fragments of it
/// look like content (`article-footer`, `related-stories`, `newsletter-content`): the part names the container.
static STRONG_BOILERPLATE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)footer|related|newsletter|most-?popular|most-?read|trending|(?:content|entry|post|article)-after|after-(?:content|entry|post|article)|user-?(?:info|details|card|avatar|stats)\b|postprofile|signature").expect("valid regex")
});

/// Whether a (lowercased) class-and-id string marks an element as boilerplate whatever else it says.
pub(crate) fn is_strong_boilerplate_attr(attrs: &str) -> bool {
    STRONG_BOILERPLATE_ATTR.is_match(attrs)
}

/// Class and id fragments that mark a container as article content.
static POSITIVE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)article|\bbody\b|-body\b|body-|content|entry|hentry|h-entry|\bmain\b|\bpost\b|post-|\btext\b|story|blog|prose|rich-?text")
        .expect("valid regex")
});

/// Whether a (lowercased) class-and-id string marks an element as holding the article's content.
pub(crate) fn is_positive_attr(attrs: &str) -> bool {
    POSITIVE_ATTR.is_match(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rails_of_trending_and_most_read_stories_are_boilerplate() {
        for attrs in
            ["rail rail--trending theme-news", "most-read-list", "widget mostpopular", "trending-now"]
        {
            assert!(is_boilerplate_attr(attrs), "{attrs}");
        }
        for attrs in ["article-body", "story-content", "entry-content"] {
            assert!(!is_boilerplate_attr(attrs), "{attrs}");
        }
    }

    #[test]
    fn footers_related_and_newsletter_parts_stay_boilerplate_inside_content() {
        for attrs in ["footer-bottom-text", "article-footer", "related-content", "newsletter-body"] {
            assert!(is_positive_attr(attrs) && is_boilerplate_attr(attrs), "{attrs}");
            assert!(is_strong_boilerplate_attr(attrs), "{attrs}");
        }
        for attrs in ["page-content and-w-sidebar", "post-comments", "article-body"] {
            assert!(!is_strong_boilerplate_attr(attrs), "{attrs}");
        }
        for attrs in ["post-most-popular-list", "smg-zone-content-after", "after-entry widget-area"] {
            assert!(is_boilerplate_attr(attrs) && is_strong_boilerplate_attr(attrs), "{attrs}");
        }
        // An embedded post quoted in the story is content, though wrapped in a social-named box.
        for attrs in ["social-media-embed", "twitter-tweet", "instagram-media"] {
            assert!(!is_boilerplate_attr(attrs), "{attrs}");
        }
    }

    #[test]
    fn review_and_user_card_names() {
        for attrs in ["product-reviews", "yotpo-review", "rating-summary", "reviews"] {
            assert!(is_review_attr(attrs), "{attrs}");
        }
        for attrs in ["preview-card", "article-body"] {
            assert!(!is_review_attr(attrs), "{attrs}");
        }
        // A forum post's author card and signature are furniture, though they sit inside the post.
        for attrs in ["post-user-info", "user-details", "postprofile", "post-signature"] {
            assert!(is_boilerplate_attr(attrs) && is_strong_boilerplate_attr(attrs), "{attrs}");
        }
        assert!(!is_boilerplate_attr("user-content"));
    }

    #[test]
    fn comment_and_dialog_names() {
        for attrs in ["comments", "ipscomment_content", "comment-body post"] {
            assert!(is_boilerplate_attr(attrs) && is_comment_attr(attrs), "{attrs}");
        }
        for attrs in ["comment-share-bar", "sidebar comments", "article-body"] {
            assert!(!is_comment_attr(attrs), "{attrs}");
        }
        for attrs in ["testimonial_rotator cycletwo-slideshow", "hero-carousel", "slideshow"] {
            assert!(is_boilerplate_attr(attrs) && is_slides_attr(attrs), "{attrs}");
        }
        for attrs in ["related-carousel", "carousel share", "gallery slideshow", "article-body"] {
            assert!(!is_slides_attr(attrs), "{attrs}");
        }
        for attrs in
            ["onetrust-consent-sdk", "cookie-banner", "modal-terms-of-service", "privacy-preference-center"]
        {
            assert!(is_dialog_attr(attrs), "{attrs}");
        }
        for attrs in ["cmp-container", "article-body", "modal-opener", "privacy-matters-story"] {
            assert!(!is_dialog_attr(attrs), "{attrs}");
        }
    }

    #[test]
    fn junk_phrases_are_whole_lines_only() {
        for junk in [
            "Read the full article here",
            "Share.",
            "Share this on WhatsApp",
            "Replay",
            "More Videos ...",
            "MUST WATCH",
            "Leave A Reply",
            "CLICK TO GET THE FOX NEWS APP",
            "© 2025 Time Bulletin. All Rights Reserved.",
            "Advertisement",
            "Continue Reading Below",
            "Sign up for our daily newsletter",
            "Follow us on Twitter",
            "Image 1 of 23",
            "Photo: Damian Dovarganes, AP",
            "Yersina pestis causes the plague (Image: GETTY)",
            "Updated: Sat 8:31 PM, Feb 17, 2018",
            "Published 1 day ago",
            "Nov. 20, 2019 6:02 AM EST",
            "20/11/2019 - 10:48",
            "Tuesday, 5 March 2024",
            "Mexican President Claudia Sheinbaum held a press conference on April 2, 2025. Marco Ugarte/AP Closed subtitles",
            "12",
            "Sometimes people ask me why this or that location become […]",
            "I want to tell you about another important change in the game, [...]",
            "https://cdn.example.com/images/160x160/tee_thumb_1.jpg?c=2",
            "Add to Cart",
            "If you enjoyed this article, we have a proposition for you: Join our members.",
            "You need to enable JavaScript to run this app.",
            "There's plenty more where that came from. Sign up for The Water Coolest today to get the free daily newsletter delivered to your inbox daily.",
            "Sponsored links",
            "Like this:",
            "Previous post",
            "You may also like...",
            "Filed under: Politics, Courts",
            "Tags: budget, council, harbour",
            "5 min read",
            "Table of Contents",
            "Publicidad",
            "paul.takahashi@chron.com",
            "Offline",
            "Joined: Mar 2019",
            "1.2k views",
            "Posts: 1,234",
            "Last edited by moderator",
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
            "Microsoft may earn an Affiliate Commission if you purchase something through recommended links in this article.",
            "If you buy something through this post, IGN may get a share of the sale. For more, learn more.",
            "Copyright @ 2019 The New Arab.",
            "Click to expand...",
            "Similar threads",
            "Related articles",
            "Learn more",
            "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters .",
            "Skip to search results",
            "Loading...",
        ] {
            assert!(is_junk_line(junk), "{junk}");
        }
        for keep in [
            "She said she would share the information with investigators.",
            "Read more about the plan in the report, the minister said, before leaving.",
            "“We can collaborate,” Sheinbaum said.",
            "The company posted a loss of $3 billion.",
            "Nov. 20, 2019 was the day the vote took place.",
            "Subscribers were told the service would end in May.",
            "The company asked users who sign up for its newsletter to confirm their addresses, and most did not.",
            "Tags were attached to the birds before release.",
            "Views differ on the plan.",
            "Follow the money, the senator said on Twitter.",
            "The broker will earn a commission of 2% on the sale, the filing shows.",
            "Next post office to close: Elm Street.",
            "https://example.org/report-2024",
            "Copyright law was the subject of the hearing, which ran for hours and ended without agreement on any of the proposals.",
        ] {
            assert!(!is_junk_line(keep), "{keep}");
        }
    }

    #[test]
    fn all_caps_needs_three_words_and_no_period() {
        assert!(is_all_caps_headline(
            "SINALOA CARTEL TAKES ROOT IN AMERICAN NEIGHBORHOODS: WHERE ARE THEY?",
            3
        ));
        assert!(!is_all_caps_headline("THE COURT RULED FOR THE PLAINTIFF.", 3));
        assert!(!is_all_caps_headline("NASA SAID", 3));
        assert!(is_all_caps_headline("CIA USES DRONES TO SNIFF OUT CARTELS AND FENTANYL LABS IN MEXICO", 3));
        assert!(is_all_caps_headline("CONSERVATIVE GROUP’S ROADMAP SHOWS HOW TRUMP CAN USE MILITARY", 3));
        assert!(!is_all_caps_headline("NASA AND ESA", 3) || word_count("NASA AND ESA") >= 3);
        assert!(!is_all_caps_headline("NATO MET.", 2));
        assert!(!is_all_caps_headline("The FBI and CIA met", 3));
    }

    #[test]
    fn bylines_and_holders() {
        assert_eq!(byline("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(byline("By Justine Coleman - 11/18/19 11:04 PM EST").as_deref(), Some("Justine Coleman"));
        assert_eq!(byline("By the time he arrived, the fire was out."), None);
        assert_eq!(byline("By Monday, the storm had passed."), None);
        assert_eq!(
            byline("By Meg Kinnard and Errin Haines").as_deref(),
            Some("Meg Kinnard and Errin Haines")
        );
        assert_eq!(
            copyright_holder("© 2025 Time Bulletin. All Rights Reserved.").as_deref(),
            Some("Time Bulletin")
        );
        assert_eq!(
            copyright_holder("Copyright 2019 The Associated Press").as_deref(),
            Some("The Associated Press")
        );
        assert_eq!(copyright_holder("The weather was fine."), None);
    }

    #[test]
    fn sentences_end_with_punctuation() {
        assert!(ends_like_sentence("He left."));
        assert!(ends_like_sentence("“It’s true.”"));
        assert!(!ends_like_sentence("Mexican President Claudia Sheinbaum"));
    }
}
