"""Benchmark: growing a graph with kg add, and parsing on Dask (prints figures; not a test).

usage: python bench/incremental_speed.py add [--base 3778] [--new 10] [--graph DIR]
       python bench/incremental_speed.py dask [--articles 1000] [--workers 2]

`add`: builds the first --base news articles (or takes --graph, a folder kg build wrote from them), then,
each in a fresh process: `kg add` of the next --new articles to a copy of it, the same articles built
alone, and the same `kg add` run again (nothing to do). Prints wall times, their ratio, and where the
add's time goes (the build's stages as it reports them).

`dask`: the first --articles articles built with `--processes N` and with `--dask local:N`, each in a
fresh process, with the time to the first parsed chunk (start-up: pool or cluster, model loading).

The articles come from ../shared/data/news_corpus.py (cached like build_speed.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import CACHE, corpus  # noqa: E402

STAGED = """
import json, sys, time
from pathlib import Path
from kg.pipeline import BuildConfig, build
started = time.perf_counter()
marks = []
first_chunk = []
def progress(stage, done):
    if not marks or marks[-1][0] != stage:
        marks.append((stage, time.perf_counter() - started))
    if stage == "reading" and done and not first_chunk:
        first_chunk.append(time.perf_counter() - started)
config = BuildConfig((sys.argv[1],), Path(sys.argv[2]), add=sys.argv[3] == "add", n_process=int(sys.argv[4]),
                     dask=sys.argv[5] or None)
summary = build(config, progress)
marks.append(("end", time.perf_counter() - started))
print(json.dumps({"marks": marks, "documents": summary.documents, "changed": summary.changed,
                  "first_chunk": first_chunk[0] if first_chunk else None}))
"""


def run(source: Path, out: Path, mode: str = "build", processes: int = 0, dask: str = "") -> tuple[float, dict]:
    """Wall seconds of a fresh process running the build, and what it reported."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STAGED, str(source), str(out), mode, str(processes), dask],
                          check=True, capture_output=True, text=True)
    return time.perf_counter() - started, json.loads(done.stdout.strip().splitlines()[-1])


def stages(report: dict) -> str:
    marks = report["marks"]
    first = f", first chunk parsed at {report['first_chunk']:.2f} s" if report.get("first_chunk") else ""
    return ", ".join(f"{stage} {marks[i + 1][1] - at:.2f} s" for i, (stage, at) in enumerate(marks[:-1])) + \
        f" (first report at {marks[0][1]:.2f} s{first})"


def bench_add(args) -> None:
    everything = corpus(args.base + args.new)
    lines = everything.read_text(encoding="utf-8").splitlines(keepends=True)
    base_file, new_file = CACHE / f"news-first-{args.base}.jsonl", CACHE / f"news-next-{args.new}.jsonl"
    base_file.write_text("".join(lines[:args.base]), encoding="utf-8")
    new_file.write_text("".join(lines[args.base:args.base + args.new]), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        base = args.graph
        if base is None:
            base = Path(scratch) / "base"
            seconds, _ = run(base_file, base)
            print(f"built the base graph of {args.base} articles in {seconds:.1f} s")
        grown = Path(scratch) / "grown"
        shutil.copytree(base, grown)
        add_seconds, add_report = run(new_file, grown, "add")
        alone_seconds, alone_report = run(new_file, Path(scratch) / "alone")
        again_seconds, again_report = run(new_file, grown, "add")
        state = sum(p.stat().st_size for p in (grown / "state").iterdir()) / 1e6
        print(f"kg add of {args.new} articles to {args.base}: {add_seconds:.2f} s "
              f"({add_report['documents']} documents after); stages: {stages(add_report)}")
        print(f"kg build of the same {args.new} alone: {alone_seconds:.2f} s; stages: {stages(alone_report)}")
        print(f"ratio add / alone: {add_seconds / alone_seconds:.2f}")
        print(f"kg add of the same articles again: {again_seconds:.2f} s (changed: {again_report['changed']})")
        print(f"state kept with the graph: {state:.1f} MB")


def bench_dask(args) -> None:
    source = corpus(args.articles)
    with tempfile.TemporaryDirectory() as scratch:
        local_seconds, local_report = run(source, Path(scratch) / "local", processes=args.workers)
        dask_seconds, dask_report = run(source, Path(scratch) / "dask", dask=f"local:{args.workers}")
        print(f"--processes {args.workers}: {local_seconds:.1f} s; stages: {stages(local_report)}")
        print(f"--dask local:{args.workers}: {dask_seconds:.1f} s; stages: {stages(dask_report)}")
        print(f"ratio dask / processes: {dask_seconds / local_seconds:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    add = sub.add_parser("add")
    add.add_argument("--base", type=int, default=3778)
    add.add_argument("--new", type=int, default=10)
    add.add_argument("--graph", type=Path, help="a folder kg build wrote from the first --base articles")
    dask = sub.add_parser("dask")
    dask.add_argument("--articles", type=int, default=1000)
    dask.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    bench_add(args) if args.what == "add" else bench_dask(args)


if __name__ == "__main__":
    main()
