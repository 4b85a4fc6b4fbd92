"""Benchmark: the resolve stage alone on synthetic extractions (prints figures; not a test).

usage: python bench/resolve_scale.py [--events 10000 100000 1000000] [--seed 1]

Each synthetic document names three to five of 200 states and reports five events among them:
one of the sixteen PLOVER classes, a date in 2017 (mostly a day, some a month or only the year),
about one in four retelling an event of an earlier document, so merging has work to do.
Prints, per size, the seconds `resolve` takes, microseconds per event and the events left after
merging; the cost per event should stay flat as the count grows (linear time).
"""
from __future__ import annotations

import argparse
import random
import resource
import time

from kg.records import Document, EntityRecord, EventRecord, Evidence, Extraction
from kg.resolve import resolve

CLASSES = ["Agree", "Consult", "Support", "Concede", "Cooperate", "Aid", "Retreat", "Request", "Accuse",
           "Reject", "Threaten", "Protest", "Sanction", "Mobilize", "Coerce", "Assault"]
STATES = [f"S{n:02d}" for n in range(200)]
EVENTS_PER_DOCUMENT = 5


def synthetic(events: int, rng: random.Random) -> list[Extraction]:
    extractions, told = [], []
    for number in range(events // EVENTS_PER_DOCUMENT):
        doc_id = f"doc{number:07d}"
        named = rng.sample(STATES, rng.randint(3, 5))
        entities = {f"state:{s}": EntityRecord(f"state:{s}", "State", s, iso_code=s, mentions=1) for s in named}
        reports = []
        for slot in range(EVENTS_PER_DOCUMENT):
            if told and rng.random() < 0.25:
                cls, actors, recipients, day = rng.choice(told)  # another paper's account of a known event
                for key in (*actors, *recipients):
                    entities.setdefault(key, EntityRecord(key, "State", key[6:], iso_code=key[6:], mentions=1))
            else:
                a, b = rng.sample(named, 2)
                cls, actors, recipients, day = rng.choice(CLASSES), [f"state:{a}"], [f"state:{b}"], _date(rng)
                told.append((cls, actors, recipients, day))
            reports.append(EventRecord(cls, list(actors), list(recipients), date=day,
                                       evidence=[Evidence(doc_id, "A sentence.", slot * 100, slot * 100 + 80, 0.8)]))
        extractions.append(Extraction(doc=Document(doc_id, ""), entities=entities, events=reports))
    return extractions


def _date(rng: random.Random) -> str:
    month, day, grain = rng.randint(1, 12), rng.randint(1, 28), rng.random()
    return "2017" if grain < 0.05 else f"2017-{month:02d}" if grain < 0.15 else f"2017-{month:02d}-{day:02d}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"{'events':>10} {'documents':>10} {'resolve s':>10} {'µs/event':>9} {'merged':>9}")
    for size in args.events:
        extractions = synthetic(size, random.Random(args.seed))
        start = time.perf_counter()
        corpus = resolve(extractions)
        seconds = time.perf_counter() - start
        print(f"{size:>10,} {len(extractions):>10,} {seconds:>10.2f} {seconds / size * 1e6:>9.1f} "
              f"{len(corpus.events):>9,}", flush=True)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
