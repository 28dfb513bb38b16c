"""Writes the worker benchmark's messages as JSON Lines: real article pages and synthetic event reports.

Every message carries a `desk` field (the producer's key), so the reports and copies of one event share a
partition. Deterministic for a given --n.
"""

import argparse
import gzip
import json
import pathlib
import random
import sys

PLACES = ["Carrow", "Tessel", "Brennick", "Corvel", "Aldmoor", "Quenby", "Halloway", "Marlow", "Dunmere"]
EVENTS = [
    "a flood swept through the lower town after the river burst its banks",
    "the council voted to close the old steelworks by the end of the year",
    "a fire destroyed the central library and its archive of maps",
    "striking nurses marched on the regional hospital demanding new contracts",
    "a landslide blocked the mountain railway and stranded two trains",
    "the port authority opened a new container terminal after six years of work",
]
FILLER = (
    "Residents described long queues at the town hall. Engineers inspected the damage and said repairs "
    "would take weeks. Local businesses said they expected to lose trade. The regional government promised "
    "to publish a full account of the costs. Opposition members asked why warnings had been ignored. "
    "Volunteers organised food and shelter for the families affected."
).split(". ")


def synthetic(rng, e):
    place = PLACES[e % len(PLACES)]
    what = EVENTS[(e // len(PLACES)) % len(EVENTS)]
    desk = f"desk-{e % 32}"
    day = 1 + e % 27
    out = []
    for outlet in range(rng.randint(2, 5)):
        sentences = rng.sample(FILLER, 4)
        text = (
            f"In {place}, {what}, officials said on day {day}. Outlet {outlet} counted "
            f"{10 + rng.randint(0, 90)} people affected in event {e}.\n\n" + ". ".join(sentences) + ".\n\n"
            f"The mayor of {place} said the city would review event {e} with outlet {outlet}'s reporters."
        )
        out.append({"id": f"e{e}-o{outlet}", "desk": desk, "source": f"Outlet {outlet}",
                    "title": f"{place}: {what}", "published": f"2026-03-{day:02}T{8 + outlet:02}:00:00Z",
                    "text": text})
        if rng.random() < 0.25:
            out.append({"id": f"e{e}-o{outlet}-agg", "desk": desk, "source": "Aggregator",
                        "published": f"2026-03-{day:02}T22:00:00Z",
                        "text": text + "\n\nRead the full article here."})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--shared", type=pathlib.Path, help="a directory of .html.gz article pages")
    args = ap.parse_args()
    rng = random.Random(7)
    messages = []
    if args.shared and args.shared.is_dir():
        for i, page in enumerate(sorted(args.shared.glob("*.html.gz"))):
            html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
            messages.append({"id": f"page-{page.name[:16]}", "desk": f"web-{i % 8}", "html": html})
    else:
        print("no shared article pages: synthetic articles only", file=sys.stderr)
    e = 0
    while len(messages) < args.n:
        messages.extend(synthetic(rng, e))
        e += 1
    for m in messages[: args.n]:
        print(json.dumps(m))


if __name__ == "__main__":
    main()
