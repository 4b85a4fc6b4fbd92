"""Benchmark: `kg build` against bare spaCy on the same articles, and how both grow (prints figures; not a test).

usage: python bench/build_speed.py [--articles 200 1000 3788] [--repeat 3] [--processes 2] [--batch-size 16]
                                   [--kg-only]

For each size, in the same run and on the same machine: bare `nlp.pipe` (the same model, batch size
and process count, reading the same JSON lines) and `kg build --quiet`, each in a fresh process, so
model loading and process start count for both. Prints wall seconds, the ratio kg / spaCy, documents
per second, the peak RSS of the main process and of the largest worker, and the events of the graph.
`--repeat 3` adds a run on the whole corpus written three times over (news_corpus.py --repeat 3).

The articles come from ../shared/data/news_corpus.py (3,788 international news articles of 2017),
written to a cache file on first use.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = ROOT.parent / "shared" / "data" / "news_corpus.py"
CACHE = Path.home() / ".cache" / "kg-bench"
FULL = 3788

BARE = """
import json, sys, spacy
from kg import DEFAULT_MODEL
path, processes, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nlp = spacy.load(DEFAULT_MODEL)
texts = (json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip())
print(sum(1 for _ in nlp.pipe(texts, batch_size=batch, n_process=processes)))
"""

KG = """
import sys
from pathlib import Path
from kg.pipeline import BuildConfig, build
path, processes, batch, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
summary = build(BuildConfig((path,), Path(out), batch_size=batch, n_process=processes))
print(summary.documents, sum(summary.events.values()))
"""

def corpus(articles: int, repeat: int = 1) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / (f"news-{articles}.jsonl" if repeat == 1 else f"news-{articles}x{repeat}.jsonl")
    if not target.exists():
        if not CORPUS_SCRIPT.exists():
            sys.exit(f"{CORPUS_SCRIPT}: not found; the benchmark needs the news corpus script")
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(target), "--limit", str(articles),
                        "--repeat", str(repeat)], check=True)
    return target


def measure(script: str, *args: str) -> tuple[float, str, float, float]:
    """Wall seconds, the script's output, and the peak RSS (MiB) of its main process (RUSAGE_SELF) and of
    its largest worker (RUSAGE_CHILDREN: the workers it started and waited for)."""
    wrapped = script + "\nimport resource as _r\nprint('RSS', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss, " \
                       "_r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss)"
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", wrapped, *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if run.returncode:
        sys.exit(run.stderr[-2000:])
    lines = run.stdout.strip().splitlines()
    _, main_kib, workers_kib = lines[-1].split()
    return wall, " ".join(lines[:-1]), int(main_kib) / 1024, int(workers_kib) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--repeat", type=int, default=1, help="also run the whole corpus written this many times")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--kg-only", action="store_true", help="skip bare spaCy (growth runs: time and memory of kg)")
    ap.add_argument("--keep", type=Path, help="keep each kg build in this folder (news-N, news-NxR)")
    args = ap.parse_args()
    runs = [(n, 1) for n in args.articles] + ([(FULL, args.repeat)] if args.repeat > 1 else [])
    print(f"processes {args.processes}, batch {args.batch_size}; peak RSS in MiB")
    print(f"{'articles':>9} {'spaCy s':>8} {'kg s':>8} {'ratio':>6} {'kg doc/s':>9} {'kg main':>8} "
          f"{'kg worker':>10} {'spaCy worker':>13} {'events':>7}")
    for articles, repeat in runs:
        path = str(corpus(articles, repeat))
        bare_wall, bare_worker = float("nan"), float("nan")
        if not args.kg_only:
            bare_wall, _, _, bare_worker = measure(BARE, path, str(args.processes), str(args.batch_size))
        with tempfile.TemporaryDirectory() as scratch:
            out = str(args.keep / Path(path).stem) if args.keep else scratch
            kg_wall, output, kg_main, kg_worker = measure(KG, path, str(args.processes), str(args.batch_size), out)
        documents, events = map(int, output.split())
        print(f"{documents:>9,} {bare_wall:>8.1f} {kg_wall:>8.1f} {kg_wall / bare_wall:>6.2f} "
              f"{documents / kg_wall:>9.1f} {kg_main:>8.0f} {kg_worker:>10.0f} {bare_worker:>13.0f} {events:>7,}",
              flush=True)


if __name__ == "__main__":
    main()
