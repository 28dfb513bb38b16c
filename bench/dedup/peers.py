"""Copy-detection peers on the samestory copy corpus: datasketch MinHashLSH and rensa R-MinHash LSH.

Usage (bench/dedup/run.sh does all of it):
    peers.py --system datasketch|rensa CORPUS.jsonl   > RESULT.json
    peers.py --table RESULT.json...                    (prints one table)

Every system gets the same documents in the same order (the corpus file is in canonical order: earliest
published first), the same shingles (5 consecutive words of samestory's normalized text, the `norm` field),
128 permutations and the 0.7 threshold, and deduplicates the same way samestory does: look the document up;
if a candidate's estimated Jaccard similarity reaches the threshold it is a copy of the best one, else it is
indexed. The LSH uses 32 bands of 4 rows for both (a pair at the threshold becomes a candidate with
probability 0.9998; datasketch's own optimum at 0.7 finds far fewer). Time is this process's CPU time for
tokenizing the normalized text, shingling, signing, querying and indexing (reading the file excluded);
MB/s is over the raw text bytes, like samestory's, although samestory also normalizes the raw text.
"""

import argparse
import json
import resource
import sys
import time
from collections import Counter


def shingles(norm, k=5):
    words = norm.split()
    if len(words) <= k:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def run(system, docs):
    threshold, num_perm, bands = 0.7, 128, 32
    if system == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=(bands, num_perm // bands))

        def sign(tokens):
            m = MinHash(num_perm=num_perm, seed=1)
            m.update_batch([t.encode("utf-8") for t in tokens])
            return m

        def insert(key, m):
            lsh.insert(key, m)

        def query(m):
            return lsh.query(m)

    elif system == "rensa":
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=bands)

        def sign(tokens):
            m = RMinHash(num_perm=num_perm, seed=1)
            m.update(tokens)
            return m

        def insert(key, m):
            lsh.insert(key, m)

        def query(m):
            return lsh.query(m)

    else:
        raise SystemExit(f"unknown system {system}")

    stored = {}
    answers = []
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    for i, d in enumerate(docs):
        tokens = shingles(d["norm"])
        if not tokens:
            answers.append(None)
            continue
        m = sign(tokens)
        best, best_j = None, threshold
        for key in query(m):
            j = m.jaccard(stored[key])
            if j >= best_j and (best is None or j > best_j or key < best):
                best, best_j = key, j
        if best is None:
            insert(i, m)
            stored[i] = m
            answers.append(None)
        else:
            answers.append(best)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    return answers, cpu, wall


def pairwise(families, groups):
    pairs = lambda n: n * (n - 1) / 2
    tp = sum(pairs(n) for n in Counter(zip(families, groups)).values())
    truth = sum(pairs(n) for n in Counter(families).values())
    predicted = sum(pairs(n) for n in Counter(groups).values())
    p = tp / predicted if predicted else 1.0
    r = tp / truth if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--system")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.table:
        rows = [json.load(open(f)) for f in a.files]
        print("| system | precision | recall | F1 | docs/s | MB/s | bytes/article | bytes/original |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            if "index_bytes" in r:
                # samestory: the index's heap bytes (copies are not indexed).
                per_article = f"{r['index_bytes'] / r['documents']:.0f} (index)"
                per_original = f"{r['index_bytes'] / max(r['indexed'], 1):.0f}"
            else:
                # Peers: growth of the process's peak RSS while deduplicating (LSH and kept signatures).
                grown = (r["peak_rss_mb"] - r["rss_before_mb"]) * 1024 * 1024
                per_article = f"{grown / r['documents']:.0f} (RSS)"
                per_original = f"{grown / max(r['indexed'], 1):.0f}"
            print(
                f"| {r['system']} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} "
                f"| {r['docs_per_s']:.0f} | {r['mb_per_s']:.1f} | {per_article} | {per_original} |"
            )
        return
    docs = [json.loads(line) for line in open(a.files[0], encoding="utf-8")]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answers, cpu, wall = run(a.system, docs)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    groups = [i if ans is None else ans for i, ans in enumerate(answers)]
    p, r, f1 = pairwise([d["family"] for d in docs], groups)
    size = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    print(json.dumps({
        "system": a.system, "precision": p, "recall": r, "f1": f1,
        "docs_per_s": len(docs) / cpu, "mb_per_s": size / cpu, "seconds": cpu, "wall_seconds": wall,
        "peak_rss_mb": rss_after, "rss_before_mb": rss_before, "documents": len(docs),
        "indexed": sum(1 for ans in answers if ans is None),
    }))


if __name__ == "__main__":
    sys.exit(main())
