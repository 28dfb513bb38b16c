//! Reading what to watch and what a feed says: the feed list (URLs one per line, or OPML) and one feed's
//! items and the polling interval it asks for.

use std::time::Duration;

use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use reqwest::Url;

use crate::WatchError;

/// Reads a feed list: an OPML document (recognized by its `<opml` root, whatever the file is called),
/// taking every `outline` with an `xmlUrl`; else one URL per line, blank lines and `#` comments skipped.
/// URLs must be `http` or `https`; the same feed listed twice is kept once, in first-listed order.
///
/// `source` names the list in errors.
pub fn parse_feed_list(source: &str, bytes: &[u8]) -> Result<Vec<String>, WatchError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let urls = if looks_like_opml(bytes) { opml_urls(source, bytes)? } else { line_urls(source, bytes)? };
    let mut seen = std::collections::HashSet::new();
    let urls: Vec<String> = urls.into_iter().filter(|u| seen.insert(u.clone())).collect();
    if urls.is_empty() {
        return Err(WatchError::FeedList { list: source.into(), reason: "no feed URL in it".into() });
    }
    Ok(urls)
}

/// An XML document whose root element is `opml` (after any prolog, comments and doctype).
fn looks_like_opml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start();
    trimmed.starts_with('<') && text.contains("<opml")
}

fn check_url(source: &str, place: &str, raw: &str) -> Result<String, WatchError> {
    let bad = |reason: String| WatchError::FeedList { list: format!("{source}{place}"), reason };
    let url = Url::parse(raw.trim()).map_err(|e| bad(format!("invalid URL {raw:?}: {e}")))?;
    match url.scheme() {
        "http" | "https" => Ok(url.to_string()),
        other => Err(bad(format!("unsupported URL scheme {other:?} in {raw:?} (http or https only)"))),
    }
}

fn line_urls(source: &str, bytes: &[u8]) -> Result<Vec<String>, WatchError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| WatchError::FeedList { list: source.into(), reason: format!("not UTF-8 text: {e}") })?;
    let mut urls = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        urls.push(check_url(source, &format!(":{}", n + 1), line)?);
    }
    Ok(urls)
}

fn opml_urls(source: &str, bytes: &[u8]) -> Result<Vec<String>, WatchError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut urls = Vec::new();
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| WatchError::FeedList {
            list: source.into(),
            reason: format!("invalid OPML at byte {position}: {e}"),
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                for attr in e.attributes().flatten() {
                    if attr.key.local_name().as_ref().eq_ignore_ascii_case(b"xmlurl") {
                        let value = attr
                            .decoded_and_normalized_value(quick_xml::XmlVersion::default(), reader.decoder())
                            .map_err(|e| WatchError::FeedList {
                                list: source.into(),
                                reason: format!("invalid xmlUrl attribute at byte {position}: {e}"),
                            })?;
                        if !value.trim().is_empty() {
                            urls.push(check_url(source, &format!(" (byte {position})"), &value)?);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(urls)
}

/// One item of a feed, as far as the watcher cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's key in its feed: its GUID (Atom `id`) when given, else its link.
    pub key: String,
    /// The page the item links to (absolute).
    pub link: Option<String>,
    /// The item's title.
    pub title: Option<String>,
    /// The item's publication (else update) time.
    pub published: Option<DateTime<Utc>>,
}

/// What one fetch of a feed said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The items, in feed order; items with neither GUID nor link are left out.
    pub items: Vec<FeedItem>,
    /// The interval the feed asks for: RSS `ttl` (minutes), else `sy:updatePeriod` / `sy:updateFrequency`.
    pub interval: Option<Duration>,
}

/// Parses an RSS, Atom or JSON Feed document fetched from `url` (relative links resolve against it).
pub fn parse_feed(url: &str, bytes: &[u8]) -> Result<ParsedFeed, String> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An item without GUID keeps an empty id, so its key is its link rather than a hash of it.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    let feed = parser.parse(bytes).map_err(|e| format!("invalid feed: {e}"))?;
    let base = Url::parse(url).ok();
    let items = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let link = page_link(&entry.links, base.as_ref());
            let key =
                Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()).or_else(|| link.clone())?;
            let title = entry.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
            Some(FeedItem { key, link, title, published: entry.published.or(entry.updated) })
        })
        .collect();
    let interval =
        feed.ttl.map(|minutes| Duration::from_secs(u64::from(minutes) * 60)).or_else(|| sy_interval(bytes));
    Ok(ParsedFeed { items, interval })
}

/// The link to an item's page: the first `alternate` (or unqualified) link, else the first link; made
/// absolute against the feed's URL. Only `http(s)` links are taken.
fn page_link(links: &[feed_rs::model::Link], base: Option<&Url>) -> Option<String> {
    let link = links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r.eq_ignore_ascii_case("alternate")))
        .or_else(|| links.first())?;
    let href = link.href.trim();
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// The RSS syndication module's interval: `updatePeriod` (hourly, daily, weekly, monthly, yearly; daily
/// when only a frequency is given) divided by `updateFrequency` (1 when absent). Read by local name, so
/// any prefix bound to the module works.
fn sy_interval(bytes: &[u8]) -> Option<Duration> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let (mut period, mut frequency) = (None::<String>, None::<String>);
    let mut inside: Option<&'static str> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                inside = match name.as_ref() {
                    b"updatePeriod" if e.name().prefix().is_some() => Some("period"),
                    b"updateFrequency" if e.name().prefix().is_some() => Some("frequency"),
                    // The channel's settings come before its items; nothing after the first item counts.
                    b"item" | b"entry" => break,
                    _ => None,
                };
            }
            Ok(Event::Text(t)) => {
                if let Some(which) = inside {
                    let value = t.decode().ok()?.trim().to_string();
                    if which == "period" { period = Some(value) } else { frequency = Some(value) }
                }
            }
            Ok(Event::End(_)) => inside = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    if period.is_none() && frequency.is_none() {
        return None;
    }
    let seconds: u64 = match period.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("hourly") => 3600,
        None | Some("daily") => 86_400,
        Some("weekly") => 7 * 86_400,
        Some("monthly") => 30 * 86_400,
        Some("yearly") => 365 * 86_400,
        Some(_) => return None,
    };
    let frequency: u64 = match frequency {
        Some(f) => f.parse().ok().filter(|&f| f > 0)?,
        None => 1,
    };
    Some(Duration::from_secs(seconds / frequency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_list_skips_comments_and_repeats() {
        let list = b"# news\nhttp://a.test/feed.xml\n\n  https://b.test/atom  \n# http://c.test/\nhttp://a.test/feed.xml\n";
        assert_eq!(
            parse_feed_list("feeds.txt", list).unwrap(),
            ["http://a.test/feed.xml", "https://b.test/atom"]
        );
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = parse_feed_list("feeds.txt", b"http://a.test/\nnot a url\n").unwrap_err().to_string();
        assert!(err.starts_with("feeds.txt:2: invalid URL \"not a url\""), "{err}");
        let err = parse_feed_list("feeds.txt", b"ftp://a.test/feed\n").unwrap_err().to_string();
        assert!(err.contains("unsupported URL scheme \"ftp\""), "{err}");
        let err = parse_feed_list("feeds.txt", b"# nothing\n\n").unwrap_err().to_string();
        assert_eq!(err, "feeds.txt: no feed URL in it");
        assert!(parse_feed_list("feeds.txt", b"\xff\xfe").is_err());
    }

    #[test]
    fn opml_is_read_by_content() {
        let opml = br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- exported -->
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="World">
    <outline type="rss" text="One" xmlUrl="http://a.test/rss?x=1&amp;y=2" htmlUrl="http://a.test/"/>
    <outline type="rss" text="Two" xmlUrl="https://b.test/atom.xml"></outline>
  </outline>
  <outline text="no feed here" htmlUrl="http://c.test/"/>
</body></opml>"#;
        assert_eq!(
            parse_feed_list("subs.txt", opml).unwrap(),
            ["http://a.test/rss?x=1&y=2", "https://b.test/atom.xml"]
        );
        let err =
            parse_feed_list("subs.opml", b"<opml><body><outline xmlUrl=\"http://a/\"></body>").unwrap_err();
        assert!(err.to_string().starts_with("subs.opml: invalid OPML"), "{err}");
    }

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:syn="http://purl.org/rss/1.0/modules/syndication/">
<channel><title>T</title><link>http://a.test/</link>
<syn:updatePeriod>hourly</syn:updatePeriod><syn:updateFrequency>4</syn:updateFrequency>
<item><title> First </title><link>/news/1.html</link><guid isPermaLink="false">g-1</guid>
  <pubDate>Tue, 01 Apr 2025 10:00:00 GMT</pubDate></item>
<item><title>Second</title><link>http://a.test/news/2.html</link></item>
<item><title>Nothing to key it by</title></item>
</channel></rss>"#;

    #[test]
    fn rss_items_are_keyed_by_guid_else_link() {
        let feed = parse_feed("http://a.test/feed.xml", RSS.as_bytes()).unwrap();
        assert_eq!(feed.items.len(), 2);
        assert_eq!(feed.items[0].key, "g-1");
        assert_eq!(feed.items[0].link.as_deref(), Some("http://a.test/news/1.html"));
        assert_eq!(feed.items[0].title.as_deref(), Some("First"));
        assert_eq!(feed.items[0].published.unwrap().to_rfc3339(), "2025-04-01T10:00:00+00:00");
        assert_eq!(feed.items[1].key, "http://a.test/news/2.html");
        assert_eq!(feed.interval, Some(Duration::from_secs(900)));
    }

    #[test]
    fn ttl_wins_over_the_syndication_module() {
        let rss = RSS.replace("<title>T</title>", "<title>T</title><ttl>30</ttl>");
        assert_eq!(
            parse_feed("http://a.test/f", rss.as_bytes()).unwrap().interval,
            Some(Duration::from_secs(1800))
        );
        let plain = RSS.replace(
            "<syn:updatePeriod>hourly</syn:updatePeriod><syn:updateFrequency>4</syn:updateFrequency>",
            "",
        );
        assert_eq!(parse_feed("http://a.test/f", plain.as_bytes()).unwrap().interval, None);
        let odd = RSS.replace("hourly", "fortnightly");
        assert_eq!(parse_feed("http://a.test/f", odd.as_bytes()).unwrap().interval, None);
    }

    #[test]
    fn atom_takes_the_alternate_link() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id>
<entry><id>urn:e1</id><title>E</title><updated>2025-04-02T08:00:00Z</updated>
<link rel="enclosure" href="http://a.test/e1.mp3"/><link rel="alternate" href="http://a.test/e1"/></entry></feed>"#;
        let feed = parse_feed("http://a.test/atom", atom.as_bytes()).unwrap();
        assert_eq!(feed.items[0].key, "urn:e1");
        assert_eq!(feed.items[0].link.as_deref(), Some("http://a.test/e1"));
        assert_eq!(feed.items[0].published.unwrap().to_rfc3339(), "2025-04-02T08:00:00+00:00");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in
            [&b"<<<>>> not xml"[..], b"", b"\x00\x01\x02", b"<html><body>hi</body></html>", b"{\"x\": 1"]
        {
            assert!(parse_feed("http://a.test/f", bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
