"""Prints the worker benchmark's table from the run's reports and stores (see run.sh)."""

import json
import pathlib
import sqlite3
import sys

out = pathlib.Path(sys.argv[1])
partitions = int(sys.argv[2])


def report(name):
    text = (out / f"{name}.json").read_text().strip()
    return json.loads(text) if text else None


def rate(reports):
    reports = [r for r in reports if r and r.get("first_message_ms") and r.get("last_commit_ms")]
    messages = sum(r["messages"] for r in reports)
    span = (max(r["last_commit_ms"] for r in reports) - min(r["first_message_ms"] for r in reports)) / 1000
    return messages, span


def stores(group):
    """Every partition's article ids (in ingest order) and stories, and next offsets."""
    result = {}
    for p in range(partitions):
        path = out / group / f"articles-{p}.sqlite"
        if not path.exists():
            result[p] = ([], None)
            continue
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = db.execute("SELECT id, story, duplicate_of FROM articles ORDER BY seq").fetchall()
        off = db.execute("SELECT next_offset FROM consumer_offsets").fetchone()
        result[p] = (rows, off[0] if off else None)
        db.close()
    return result


ingest = json.loads((out / "ingest.json").read_text())
ingest_secs = float((out / "ingest.time").read_text().split()[-1])
one_n, one_s = rate([report("w1")])
two_n, two_s = rate([report("w2a"), report("w2b")])
print()
print(f"== {ingest['read']} messages, {partitions} partitions, tansu (memory storage) on loopback, one thread per process")
print(f"{'run':<34}{'messages':>10}{'seconds':>10}{'articles/s':>12}")
print(f"{'samestory ingest (no broker)':<34}{ingest['read']:>10}{ingest_secs:>10.2f}{ingest['read'] / ingest_secs:>12.0f}")
print(f"{'samestory worker x1':<34}{one_n:>10}{one_s:>10.2f}{one_n / one_s:>12.0f}")
print(f"{'samestory worker x2 (one group)':<34}{two_n:>10}{two_s:>10.2f}{two_n / two_s:>12.0f}")

clean, fail = stores("one"), stores("fail")
clean_ids = [r[0] for p in clean.values() for r in p[0]]
fail_ids = [r[0] for p in fail.values() for r in p[0]]
lost = len(set(clean_ids) - set(fail_ids))
duplicated = len(fail_ids) - len(set(fail_ids))
extra = len(set(fail_ids) - set(clean_ids))
same = all(clean[p] == fail[p] for p in range(partitions))
killed = report("fa")
print()
print("== failover: two workers, one SIGKILLed mid-run, the survivor takes over")
print(f"articles stored: clean run {len(clean_ids)}, failover run {len(fail_ids)}")
print(f"lost {lost} · duplicated {duplicated} · unexpected {extra} · every partition equal to the clean run: {same}")
print(f"killed worker's report: {'none (killed)' if killed is None else killed}")
survivor = report("fb")
print(f"survivor: {survivor['messages']} messages in {survivor['batches']} batches, "
      f"{survivor['assigned']} partition assignments")
if lost or duplicated or extra or not same:
    sys.exit(1)
