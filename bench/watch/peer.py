"""The peer of `samestory watch --once`: the usual Python way to turn feeds into article text, one thread.

For each feed in the list: fetch it (requests, conditional on a stored ETag), parse it (feedparser), fetch
every item's page once (requests, with a timeout), extract its main text and metadata (trafilatura). Seen
links are remembered in a JSON file beside the output so a second run fetches nothing new. It neither finds
copies nor groups stories: it does less than samestory does, so its rate is an upper bound for that stack.

usage: peer.py FEEDS.txt STATE.json  -> prints {"articles", "pages", "seconds"} as JSON
"""
import json
import os
import sys
import time

import feedparser
import requests
import trafilatura

feeds_path, state_path = sys.argv[1], sys.argv[2]
state = {"etags": {}, "seen": []}
if os.path.exists(state_path):
    with open(state_path) as f:
        state = json.load(f)
seen = set(state["seen"])
session = requests.Session()
session.headers["User-Agent"] = "samestory-bench-peer"
start = time.perf_counter()
pages = articles = 0
with open(feeds_path) as f:
    feeds = [line.strip() for line in f if line.strip() and not line.startswith("#")]
for url in feeds:
    headers = {}
    if url in state["etags"]:
        headers["If-None-Match"] = state["etags"][url]
    response = session.get(url, headers=headers, timeout=30)
    if response.status_code == 304:
        continue
    if "ETag" in response.headers:
        state["etags"][url] = response.headers["ETag"]
    feed = feedparser.parse(response.content)
    for entry in feed.entries:
        link = entry.get("link")
        if not link or link in seen:
            continue
        page = session.get(link, timeout=30)
        pages += 1
        seen.add(link)
        if page.status_code != 200:
            continue
        extracted = trafilatura.bare_extraction(page.content, url=link, with_metadata=True)
        if extracted is not None and getattr(extracted, "text", None):
            articles += 1
elapsed = time.perf_counter() - start
state["seen"] = sorted(seen)
with open(state_path, "w") as f:
    json.dump(state, f)
print(json.dumps({"articles": articles, "pages": pages, "seconds": elapsed}))
