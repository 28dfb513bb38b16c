"""Runs one peer extractor over a benchmark's pages and writes its predictions for `samestory eval extraction`.

    peers.py trafilatura|readability scrapinghub|wcxb DIR OUT.json

The output is {"tool", "seconds", "pages": {id: {"text", "title", "author", "date"}}}; `seconds` is the time
spent in the extractor alone (reading and decompressing the pages is not counted), on one thread.
"""

import gzip
import json
import sys
import time
from pathlib import Path


def pages(dataset, root):
    """Yields (id, url, html bytes) for each page of the benchmark, sorted by id."""
    root = Path(root)
    if dataset == "scrapinghub":
        truth = json.loads((root / "ground-truth.json").read_text())
        for pid in sorted(truth):
            yield pid, truth[pid].get("url"), gzip.open(root / "html" / f"{pid}.html.gz").read()
    else:
        for gt in sorted((root / "ground-truth").glob("*.json.gz")):
            pid = gt.name[: -len(".json.gz")]
            url = json.load(gzip.open(gt)).get("url")
            yield pid, url, gzip.open(root / "html" / f"{pid}.html.gz").read()


def trafilatura_extractor():
    import trafilatura

    def run(html, url):
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=False)
        if doc is None:
            return {"text": ""}
        get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
        return {"text": get("text") or "", "title": get("title"), "author": get("author"), "date": get("date")}

    return run


def readability_extractor():
    import lxml.html
    from readability import Document

    def run(html, url):
        doc = Document(html, url=url)
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        return {"text": text, "title": doc.short_title() or None}

    return run


def main():
    tool, dataset, root, out = sys.argv[1:5]
    extractor = {"trafilatura": trafilatura_extractor, "readability": readability_extractor}[tool]()
    results, spent = {}, 0.0
    for pid, url, html in pages(dataset, root):
        started = time.perf_counter()
        try:
            pred = extractor(html, url)
        except Exception as e:  # a peer's failure on one page scores that page as empty
            print(f"{tool}: page {pid} failed: {e}", file=sys.stderr)
            pred = {"text": ""}
        spent += time.perf_counter() - started
        results[pid] = pred
    Path(out).write_text(json.dumps({"tool": tool, "seconds": spent, "pages": results}, ensure_ascii=False))
    print(f"{tool} on {dataset}: {len(results)} pages in {spent:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
