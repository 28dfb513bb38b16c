#!/usr/bin/env python3
"""Write examples/corpus/warc/news.warc.gz, the demo corpus's small web archive.

The archive holds three fictional news pages as captured HTTP responses, plus the records a crawler writes
around them: one `warcinfo` record first and one `request` record for the first page. Every record is its own
gzip member (the usual `.warc.gz` layout, so readers can seek record by record), headers follow WARC/1.0 and
Content-Length is the exact byte length of each record block.

Everything in the pages is fictional (outlets, people, places, events); domains use the reserved `.example`
TLD and addresses the 192.0.2.0/24 documentation range. The output is deterministic: record ids are UUIDv5
of the target URI and gzip members carry mtime 0, so re-running the script reproduces the committed file
byte for byte.

Usage: python3 examples/make_warc.py [OUTPUT]   (default: examples/corpus/warc/news.warc.gz)
Standard library only.
"""

import base64
import gzip
import hashlib
import sys
import uuid
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

CRLF = b"\r\n"
USER_AGENT = "samestory-demo-crawler/0.1 (+https://github.com/samestory/samestory)"


def record_id(kind: str, uri: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'samestory-demo:{kind}:{uri}')}>"


def sha1_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """One WARC record (header, block, two CRLFs), gzip-compressed as its own member."""
    head = [b"WARC/1.0"]
    head += [f"{k}: {v}".encode("utf-8") for k, v in headers]
    head.append(f"Content-Length: {len(block)}".encode("ascii"))
    raw = CRLF.join(head) + CRLF + CRLF + block + CRLF + CRLF
    return gzip.compress(raw, compresslevel=9, mtime=0)


def http_date(warc_date: str) -> str:
    return format_datetime(datetime.fromisoformat(warc_date.replace("Z", "+00:00")), usegmt=True)


def http_response(page: dict) -> tuple[bytes, bytes]:
    """The HTTP response message (status line, headers, body) and its payload."""
    body = page["html"].encode("utf-8")
    headers = [
        "HTTP/1.1 200 OK",
        f"Date: {http_date(page['date'])}",
        "Server: nginx",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body)}",
        "Cache-Control: public, max-age=60",
        "Vary: Accept-Encoding",
    ]
    return "\r\n".join(headers).encode("ascii") + CRLF + CRLF + body, body


def http_request(uri: str) -> bytes:
    parts = urlsplit(uri)
    lines = [
        f"GET {parts.path or '/'} HTTP/1.1",
        f"Host: {parts.netloc}",
        f"User-Agent: {USER_AGENT}",
        "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "Accept-Language: en",
        "Connection: close",
    ]
    return "\r\n".join(lines).encode("ascii") + CRLF + CRLF


def build(pages: list[dict]) -> bytes:
    out = []
    info_id = record_id("warcinfo", "news.warc.gz")
    info = (
        "software: samestory examples/make_warc.py\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        "description: fictional news pages for the samestory demo corpus\r\n"
        "robots: obey\r\n"
    ).encode("utf-8")
    out.append(warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", pages[0]["date"]),
        ("WARC-Filename", "news.warc.gz"),
        ("WARC-Record-ID", info_id),
        ("Content-Type", "application/warc-fields"),
    ], info))
    for n, page in enumerate(pages):
        uri = page["uri"]
        resp_id = record_id("response", uri)
        if n == 0:
            req = http_request(uri)
            out.append(warc_record([
                ("WARC-Type", "request"),
                ("WARC-Target-URI", uri),
                ("WARC-Date", page["date"]),
                ("WARC-Record-ID", record_id("request", uri)),
                ("WARC-Concurrent-To", resp_id),
                ("WARC-Warcinfo-ID", info_id),
                ("WARC-Block-Digest", sha1_digest(req)),
                ("Content-Type", "application/http; msgtype=request"),
            ], req))
        block, payload = http_response(page)
        out.append(warc_record([
            ("WARC-Type", "response"),
            ("WARC-Target-URI", uri),
            ("WARC-Date", page["date"]),
            ("WARC-Record-ID", resp_id),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-IP-Address", f"192.0.2.{10 + n}"),
            ("WARC-Block-Digest", sha1_digest(block)),
            ("WARC-Payload-Digest", sha1_digest(payload)),
            ("Content-Type", "application/http; msgtype=response"),
        ], block))
    return b"".join(out)


def check(data: bytes) -> list[str]:
    """Read the archive back (all gzip members), check each record's length; return their types."""
    raw = gzip.decompress(data)
    types, pos = [], 0
    while pos < len(raw):
        end = raw.index(CRLF + CRLF, pos)
        head = raw[pos:end].decode("utf-8").split("\r\n")
        assert head[0] == "WARC/1.0", head[0]
        fields = dict(line.split(": ", 1) for line in head[1:])
        length = int(fields["Content-Length"])
        start = end + 4
        assert raw[start + length:start + length + 4] == CRLF + CRLF, "bad Content-Length"
        types.append(fields["WARC-Type"])
        pos = start + length + 4
    return types


def main() -> None:
    default = Path(__file__).resolve().parent / "corpus" / "warc" / "news.warc.gz"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    data = build(PAGES)
    types = check(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes): {', '.join(types)}")


# The three captured pages: target URI, capture time (WARC-Date) and the HTML served.
PAGES = [
    {
        "uri": "https://corvanedaily.example/europe/2026/02/10/portugal-counts-cost-of-storm-berta",
        "date": "2026-02-10T14:31:07Z",
        "html": r'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portugal counts the cost of Storm Berta: fallen trees, flooded streets and a fishing town in mourning — Corvane Daily</title>
<meta name="description" content="Aldeira woke on Tuesday to a harbour strewn with wreckage and the news that one of its own had not come home. The 63-year-old fisherman who died overnight was the first confirmed victim of Storm Berta, which swept across Portugal with gusts close to 150 km/h.">
<meta name="author" content="Lucía Brandão">
<link rel="canonical" href="https://corvanedaily.example/europe/2026/02/10/portugal-counts-cost-of-storm-berta">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Corvane Daily">
<meta property="og:title" content="Portugal counts the cost of Storm Berta: fallen trees, flooded streets and a fishing town in mourning">
<meta property="og:description" content="Aldeira woke on Tuesday to a harbour strewn with wreckage and the news that one of its own had not come home. The 63-year-old fisherman who died overnight was the first confirmed victim of Storm Berta, which swept across Portugal with gusts close to 150 km/h.">
<meta property="og:url" content="https://corvanedaily.example/europe/2026/02/10/portugal-counts-cost-of-storm-berta">
<meta property="og:image" content="https://corvanedaily.example/uploads/2026/portugal-counts-cost-of-storm-be.webp">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2026-02-10T12:05:00+00:00">

<meta property="article:section" content="News">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="Portugal counts the cost of Storm Berta: fallen trees, flooded streets and a fishing town in mourning">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Corvane Daily" href="/feed.xml">
</head>
<body>
<header class="top">
  <a class="brand" href="/">Corvane Daily</a>
  <nav><a href="/news">News</a> <a href="/explainers">Explainers</a> <a href="/climate">Climate</a> <a href="/business">Business</a> <a href="/podcast">Podcast</a> <a class="btn" href="/support">Support us</a></nav>
</header>
<div class="cookie-bar" id="cookies">We only use cookies that are necessary for this site to work, plus anonymous statistics. <a href="/cookies">Details</a> <button type="button">Got it</button></div>
<main>
<article>
  <h1>Portugal counts the cost of Storm Berta: fallen trees, flooded streets and a fishing town in mourning</h1>
  <p class="meta">By <span class="author">Lucía Brandão</span> · <time datetime="2026-02-10T12:05:00+00:00">10 February 2026 GMT</time></p>
  <p>Aldeira woke on Tuesday to a harbour strewn with wreckage and the news that one of its own had not come home. The 63-year-old fisherman who died overnight was the first confirmed victim of Storm Berta, which swept across Portugal with gusts close to 150 km/h.</p>
  <p>A second death was confirmed later in the morning: a 54-year-old woman whose car was crushed by a falling tree on the road between Vila Serrana and the coast, according to the national civil protection authority.</p>
  <p>"Our whole community is in mourning," Mayor Joaquim Ferreira Lobo said outside the town hall, where a book of condolence was opened. "We will rebuild the market, we will fix the boats, but we cannot bring him back."</p>
  <p>Commander Rui Antunes, who led the regional emergency operation, said rescue crews had worked "without a single break" since Monday evening. "There were moments when we could not send people out, because the wind would have knocked them over," he told reporters.</p>
  <p>About 200,000 homes and businesses were still without power at midday, the grid operator said. Engineers were struggling to reach damaged lines in forested areas where fallen trees blocked the access roads.</p>
  <p>The storm, named by the national weather service last Friday, formed over the Atlantic after a sharp drop in pressure west of the Azores. Meteorologists said its rapid intensification left little time for preparation.</p>
  <p>Insurers said it was too early to estimate the damage, but one industry group said claims could run into "tens of millions of euros" once roofs, cars and boats were counted.</p>
  <p>Weather warnings were to be lowered to orange overnight as Berta moved north-east towards Spain, where authorities in Galicia put coastal towns on alert.</p>
  <p class="support-ask"><em>Corvane Daily is funded by its readers. <a href="/support">Become a supporter</a>.</em></p>
</article>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Bluesky</a> <a href="#">Email</a></div>
<section class="related">
  <h2>Related</h2>
  <ul>
    <li><a href="https://corvanedaily.example/europe/portugal-storm-season-timeline">Portugal's storm season: a timeline</a></li>
    <li><a href="https://corvanedaily.example/features/fishing-families-central-coast">The fishing families of the central coast</a></li>
  </ul>
</section>
<section class="comments">
  <h2>Join the conversation</h2>
    <div class="comment"><p class="comment-meta"><span class="name">Rui S.</span> · 10 February 2026</p><p>My uncle's boat is on the promenade now. Nobody in Aldeira slept last night.</p></div>
    <div class="comment"><p class="comment-meta"><span class="name">Ana</span> · 10 February 2026</p><p>Rest in peace. Strength to the families.</p></div>
  <p><a href="/login">Log in</a> to comment.</p>
</section>
</main>
<footer>
  <p>Corvane Daily · <a href="/about">About</a> · <a href="/contact">Contact</a> · <a href="/privacy">Privacy</a> · <a href="/feed.xml">RSS</a></p>
  <p>© 2026 Corvane Daily. Text licensed for personal use only.</p>
</footer>
<script src="/js/site.js" defer></script>
</body>
</html>
''',
    },
    {
        "uri": "https://www.brightwatertribune.example/world/europe/2026/02/23/velmora-collapse-festival-turned-rescue",
        "date": "2026-02-23T13:02:44Z",
        "html": r'''<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>After the Velmora collapse, a town asks how a festival turned into a rescue | Brightwater Tribune</title>
<meta name="description" content="Fourteen people were hurt when the Passerelle Saint-Clair gave way. Now residents want to know why.">
<meta name="author" content="Inès Carvalho-Roy">
<link rel="canonical" href="https://www.brightwatertribune.example/world/europe/2026/02/23/velmora-collapse-festival-turned-rescue">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Brightwater Tribune">
<meta property="og:title" content="After the Velmora collapse, a town asks how a festival turned into a rescue">
<meta property="og:description" content="Fourteen people were hurt when the Passerelle Saint-Clair gave way. Now residents want to know why.">
<meta property="og:url" content="https://www.brightwatertribune.example/world/europe/2026/02/23/velmora-collapse-festival-turned-rescue">
<meta property="og:image" content="https://www.brightwatertribune.example/media/2026/velmora-collapse-festival-turned-rescue-1200x675.jpg">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2026-02-23T11:30:00+01:00">
<meta property="article:modified_time" content="2026-02-23T12:10:00+01:00">
<meta property="article:section" content="World">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="After the Velmora collapse, a town asks how a festival turned into a rescue">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="stylesheet" href="/assets/css/main.4f2a9c.css">
<link rel="icon" href="/favicon.ico">
<script>document.documentElement.className='js';window.dataLayer=window.dataLayer||[];function track(){dataLayer.push(arguments);}track('page','world');</script>
<script async src="https://ads.brightwatertribune.example/loader.js"></script>
<script type="application/ld+json">
{
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  "mainEntityOfPage": {
    "@type": "WebPage",
    "@id": "https://www.brightwatertribune.example/world/europe/2026/02/23/velmora-collapse-festival-turned-rescue"
  },
  "headline": "After the Velmora collapse, a town asks how a festival turned into a rescue",
  "description": "Fourteen people were hurt when the Passerelle Saint-Clair gave way. Now residents want to know why.",
  "image": [
    "https://www.brightwatertribune.example/media/2026/velmora-collapse-festival-turned-rescue-1200x675.jpg"
  ],
  "datePublished": "2026-02-23T11:30:00+01:00",
  "dateModified": "2026-02-23T12:10:00+01:00",
  "author": [
    {
      "@type": "Person",
      "name": "Inès Carvalho-Roy"
    }
  ],
  "publisher": {
    "@type": "Organization",
    "name": "Brightwater Tribune",
    "logo": {
      "@type": "ImageObject",
      "url": "https://www.brightwatertribune.example/assets/logo-600x60.png"
    }
  },
  "articleSection": "World",
  "inLanguage": "en",
  "isAccessibleForFree": true
}
</script>
</head>
<body class="article-page section-world">
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies and similar technologies to remember your settings, measure how our site is used and show you
  personalised advertising. You can change your choices at any time in Cookie settings.</p>
  <button type="button" class="cookie-banner__accept">Accept all</button>
  <button type="button" class="cookie-banner__reject">Reject non-essential</button>
  <a href="/privacy">Privacy policy</a>
</div>
<header class="site-header">
  <div class="top-bar"><span class="top-bar__date">Monday 23 February 2026</span>
    <a href="/subscribe" class="top-bar__cta">Subscribe: first month free</a> <a href="/login">Sign in</a></div>
  <a class="logo" href="/"><img src="/assets/logo.svg" alt="Brightwater Tribune" width="240" height="40"></a>
  <nav class="main-nav" aria-label="Main"><ul><li><a href="/news">News</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/science">Science</a></li><li><a href="/climate">Climate</a></li><li><a href="/culture">Culture</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li></ul></nav>
  <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
</header>
<main id="main">
  <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/world">World</a> &rsaquo; <span>Velmora bridge collapse</span></nav>
  <article class="story" itemscope itemtype="https://schema.org/NewsArticle">
    <header class="story__header">
      <p class="story__kicker">Velmora bridge collapse</p>
      <h1 class="story__headline" itemprop="headline">After the Velmora collapse, a town asks how a festival turned into a rescue</h1>
      <p class="story__standfirst">Fourteen people were hurt when the Passerelle Saint-Clair gave way. Now residents want to know why.</p>
      <div class="byline">By <a rel="author" href="/authors/inès-carvalho-roy" itemprop="author">Inès Carvalho-Roy</a>
        <time datetime="2026-02-23T11:30:00+01:00" itemprop="datePublished">Monday 23 February 2026, 11:30 CET</time> <span class="byline__updated">Updated 12:10 CET</span></div>
      <ul class="share-buttons" aria-label="Share this article">
          <li><a class="share share--facebook" href="#">Share on Facebook</a></li>
          <li><a class="share share--x" href="#">Share on X</a></li>
          <li><a class="share share--whatsapp" href="#">WhatsApp</a></li>
          <li><a class="share share--email" href="#">Email</a></li>
          <li><button class="share share--copy" type="button">Copy link</button></li>
        </ul>
    </header>
    <figure class="story__lead-image">
      <img src="https://www.brightwatertribune.example/media/2026/velmora-collapse-festival-turned-rescue-1200x675.jpg" alt="The gap left by the Passerelle Saint-Clair on Monday morning." width="1200" height="675">
      <figcaption>The gap left by the Passerelle Saint-Clair on Monday morning. <span class="credit">Photograph: Brightwater Tribune</span></figcaption>
    </figure>
    <div class="story__body" itemprop="articleBody">
        <p>On Monday morning the quay in Velmora was silent. The stalls of the winter river festival stood half-dismantled, and a crane was lifting the broken deck of the Passerelle Saint-Clair out of the river Orvane, piece by piece.</p>
        <p>Less than a day earlier, the footbridge had collapsed under the weight of spectators, plunging dozens into the water. Fourteen people were injured; on Monday two of them were still in intensive care, according to the regional hospital.</p>
        <p>"I keep seeing it again," said Nadia Benali, who runs a bakery on the quay and was among the first to wade into the river. "A little boy was under the planks. His father and I pulled him out. He was blue with cold, but he was breathing."</p>
        <div class="ad-slot ad-slot--inarticle" data-slot="mpu-1" aria-hidden="true">
          <span class="ad-slot__label">Advertisement</span>
          <div id="gpt-mpu-1"></div>
        </div>
        <p>The fire service said some 40 people had ended up in the water. Its spokesman, Captain Lionel Ferraud, praised residents for their "extraordinary reflexes" and said the shallow water had almost certainly saved lives.</p>
        <p>For many in the town, grief quickly turned to anger. Local media reported that a 2024 engineering report had warned of corroded fixings on the bridge. Mayor Renée Duchâtel said the documents had been handed to the prosecutor and that she would cooperate "fully and transparently".</p>
        <aside class="inline-related"><strong>Read more:</strong> <a href="https://www.brightwatertribune.example/world/europe/2026/02/22/velmora-footbridge-collapse">Footbridge collapses under crowd at river festival</a></aside>
        <p>"We were told it was safe. We walked across it every day to take the children to school," said Pascal Morel, a father of three, as he looked at the gap where the bridge had been.</p>
        <p>The prosecutor's office said a panel of independent engineers would examine the wreckage. An investigation for involuntary injury has been opened against persons unknown.</p>
        <p>The town has opened a support centre for witnesses at the municipal sports hall, where psychologists were available throughout the day.</p>
    </div>
    <footer class="story__footer">
      <ul class="tags"><li><a href="/topic/france">France</a></li> <li><a href="/topic/velmora">Velmora</a></li> <li><a href="/topic/bridge-collapse">Bridge collapse</a></li></ul>
      <p class="tip-line">Have a story we should know about? Email <a href="mailto:newsdesk@www.brightwatertribune.example">newsdesk@www.brightwatertribune.example</a></p>
      <ul class="share-buttons" aria-label="Share this article">
          <li><a class="share share--facebook" href="#">Share on Facebook</a></li>
          <li><a class="share share--x" href="#">Share on X</a></li>
          <li><a class="share share--whatsapp" href="#">WhatsApp</a></li>
          <li><a class="share share--email" href="#">Email</a></li>
          <li><button class="share share--copy" type="button">Copy link</button></li>
        </ul>
    </footer>
  </article>
  <section class="related-articles">
    <h2>Related articles</h2>
    <ul class="card-list">
      <li class="card"><a href="https://www.brightwatertribune.example/world/europe/2025/12/04/infrastructure-repair-bill"><img src="https://www.brightwatertribune.example/media/thumbs/0.jpg" alt="" loading="lazy"><span class="card__title">Ageing infrastructure: Europe's hidden repair bill</span></a></li>
      <li class="card"><a href="https://www.brightwatertribune.example/lifestyle/2025/07/10/festival-crowd-safety"><img src="https://www.brightwatertribune.example/media/thumbs/1.jpg" alt="" loading="lazy"><span class="card__title">Crowd safety at festivals: what organisers must do</span></a></li>
      <li class="card"><a href="https://www.brightwatertribune.example/world/europe/2025/02/23/velmora-festival-photos"><img src="https://www.brightwatertribune.example/media/thumbs/2.jpg" alt="" loading="lazy"><span class="card__title">Photos: Velmora's winter river festival</span></a></li>
    </ul>
  </section>
  <section class="newsletter-signup">
    <h2>The Morning Briefing</h2>
    <p>The day's most important stories, in your inbox before breakfast. Every weekday, free.</p>
    <form action="/newsletters/subscribe" method="post"><input type="email" name="email" placeholder="Your email address"> <button type="submit">Sign up</button></form>
  </section>
  <section id="comments" class="comments">
    <h2>Comments (2)</h2>
    <p class="comments__rules">Comments are moderated. Please read our <a href="/community-standards">community standards</a> before posting.</p>
    <ol class="comments__list">
      <li class="comment">
        <div class="comment__head"><span class="comment__author">Aurelie M</span> <span class="comment__time">1 hour ago</span></div>
        <p class="comment__text">Bravo to the baker and everyone who jumped into that cold water.</p>
        <div class="comment__actions"><button type="button">Reply</button> <button type="button" class="like">&#9650; 77</button> <a href="#" class="report">Report</a></div>
      </li>
      <li class="comment">
        <div class="comment__head"><span class="comment__author">P. Lindsay</span> <span class="comment__time">30 minutes ago</span></div>
        <p class="comment__text">A report in 2024 and no repairs. Someone will have to explain this.</p>
        <div class="comment__actions"><button type="button">Reply</button> <button type="button" class="like">&#9650; 39</button> <a href="#" class="report">Report</a></div>
      </li>
    </ol>
    <form class="comments__form"><textarea placeholder="Join the discussion&hellip;"></textarea><button type="submit">Post comment</button></form>
  </section>
</main>
<aside class="sidebar">
  <section class="most-read"><h2>Most read</h2>
    <ol>
      <li><a href="/1">After the Velmora collapse, a town asks how a festival turned into a rescue</a></li>
      <li><a href="/2">Pension reform: what changes in April</a></li>
      <li><a href="/3">How to make a bird box</a></li>
      <li><a href="/4">Opinion: the case for slower trains</a></li>
      <li><a href="/5">Quiz of the week</a></li>
    </ol>
  </section>
  <div class="ad-slot ad-slot--sky" aria-hidden="true"><span class="ad-slot__label">Advertisement</span></div>
</aside>
<footer class="site-footer">
  <nav aria-label="Footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/advertise">Advertise</a></li><li><a href="/jobs">Careers</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy</a></li><li><a href="#cookie-consent">Cookie settings</a></li></ul></nav>
  <p>&copy; 2026 Brightwater Tribune. All rights reserved. Brightwater Tribune is not responsible for the content of external sites.</p>
</footer>
<script src="/assets/js/app.8c1e.js" defer></script>
</body>
</html>
''',
    },
    {
        "uri": "https://northwinddispatch.example/explainers/lumetra-glide-s2-battery-recall-what-owners-need-to-know",
        "date": "2026-03-04T09:15:22Z",
        "html": r'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>What Glide S2 owners need to know about the Lumetra battery recall — Northwind Dispatch</title>
<meta name="description" content="Lumetra Mobility this week recalled 84,000 Glide S2 electric scooters after a string of battery fires. Here is what owners need to know.">
<meta name="author" content="Sunniva Kerr">
<link rel="canonical" href="https://northwinddispatch.example/explainers/lumetra-glide-s2-battery-recall-what-owners-need-to-know">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Northwind Dispatch">
<meta property="og:title" content="What Glide S2 owners need to know about the Lumetra battery recall">
<meta property="og:description" content="Lumetra Mobility this week recalled 84,000 Glide S2 electric scooters after a string of battery fires. Here is what owners need to know.">
<meta property="og:url" content="https://northwinddispatch.example/explainers/lumetra-glide-s2-battery-recall-what-owners-need-to-know">
<meta property="og:image" content="https://northwinddispatch.example/uploads/2026/lumetra-glide-s2-battery-recall-.webp">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2026-03-04T08:00:00+01:00">

<meta property="article:section" content="News">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="What Glide S2 owners need to know about the Lumetra battery recall">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Northwind Dispatch" href="/feed.xml">
</head>
<body>
<header class="top">
  <a class="brand" href="/">Northwind Dispatch</a>
  <nav><a href="/news">News</a> <a href="/explainers">Explainers</a> <a href="/climate">Climate</a> <a href="/business">Business</a> <a href="/podcast">Podcast</a> <a class="btn" href="/support">Support us</a></nav>
</header>
<div class="cookie-bar" id="cookies">We only use cookies that are necessary for this site to work, plus anonymous statistics. <a href="/cookies">Details</a> <button type="button">Got it</button></div>
<main>
<article>
  <h1>What Glide S2 owners need to know about the Lumetra battery recall</h1>
  <p class="meta">By <span class="author">Sunniva Kerr</span> · <time datetime="2026-03-04T08:00:00+01:00">04 March 2026 CET</time></p>
  <p>Lumetra Mobility this week recalled 84,000 Glide S2 electric scooters after a string of battery fires. Here is what owners need to know.</p>
  <h2>Which scooters are affected?</h2>
  <p>All Glide S2 scooters sold since September 2024 are affected. The model number is printed under the deck, next to the charging port. Earlier Glide S1 models and the newer Glide S3 are not included, the company said.</p>
  <h2>What is the risk?</h2>
  <p>According to Lumetra, a fault in some battery cells can cause overheating while the scooter charges. The company has linked 23 fires to the defect, and six people suffered minor burns.</p>
  <h2>What should I do?</h2>
  <p>Stop charging the scooter, and never leave it plugged in overnight or unattended. "The safest thing is to stop charging it until the battery has been replaced," Lumetra spokesperson Tobias Lindqvist told the Northwind Dispatch.</p>
  <h2>How is it fixed?</h2>
  <p>Owners can book a free battery replacement online or at a service centre. The work takes about 40 minutes. Customers who no longer want the scooter can ask for a refund of the purchase price, the company said.</p>
  <h2>Why now?</h2>
  <p>Lumetra started an investigation after a flat fire in Ellerby in December. Chief executive Dana Werhahn said tests completed last week confirmed a defect in a batch of cells. "Once we had the results, we did not wait a single day," she said.</p>
  <h2>What do consumer groups say?</h2>
  <p>The Safer Streets Consumer Forum said the recall was the right step but urged Lumetra to contact every registered owner directly rather than relying on its app and website. "Many scooters are bought second-hand, and those owners will never see a notice in an app," the group said.</p>
  <p class="support-ask"><em>Northwind Dispatch is funded by its readers. <a href="/support">Become a supporter</a>.</em></p>
</article>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Bluesky</a> <a href="#">Email</a></div>
<section class="related">
  <h2>Related</h2>
  <ul>
    <li><a href="https://northwinddispatch.example/explainers/are-e-scooters-safe">Are e-scooters safe? What the data says</a></li>
    <li><a href="https://northwinddispatch.example/business/lumetra-shares-fall">Lumetra recall: company shares fall 9%</a></li>
    <li><a href="https://northwinddispatch.example/explainers/how-product-recalls-work">How product recalls work</a></li>
  </ul>
</section>
<section class="comments">
  <h2>Join the conversation</h2>
    <div class="comment"><p class="comment-meta"><span class="name">Ben K</span> · 4 March 2026</p><p>Useful, thanks. I found the model number exactly where you said.</p></div>
    <div class="comment"><p class="comment-meta"><span class="name">L. Fairweather</span> · 4 March 2026</p><p>Would be good to know how long the refund takes.</p></div>
  <p><a href="/login">Log in</a> to comment.</p>
</section>
</main>
<footer>
  <p>Northwind Dispatch · <a href="/about">About</a> · <a href="/contact">Contact</a> · <a href="/privacy">Privacy</a> · <a href="/feed.xml">RSS</a></p>
  <p>© 2026 Northwind Dispatch. Text licensed for personal use only.</p>
</footer>
<script src="/js/site.js" defer></script>
</body>
</html>
''',
    },
]


if __name__ == "__main__":
    main()
