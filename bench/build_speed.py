"""Benchmark: build speed, memory and query latency on real news articles (prints figures; not a test).

usage: python bench/build_speed.py [--articles N] [--corpus FILE.jsonl] [--processes P]

The articles come from ../shared/data/news_corpus.py (3,788 international news articles of 2017),
written to a cache file on first use. Figures: seconds per stage, documents per second, peak
memory (RSS), triples, and the latency of a two-hop SPARQL query and of `kg central`.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import analysis
from kg.extract import extract
from kg.ingest import read_inputs
from kg.knowledge import load
from kg.nlp import load_pipeline, parse
from kg.rdf import Minter, corpus_quads
from kg.resolve import resolve
from kg.store import open_dataset, write_store, write_turtle
from kg.vocab import DEFAULT_BASE
from kg import viz

ROOT = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = ROOT.parent / "shared" / "data" / "news_corpus.py"
CACHE = Path.home() / ".cache" / "kg-bench"

TWO_HOP = """SELECT ?a ?b (COUNT(*) AS ?n) WHERE {
  ?e1 dip:actor ?a ; dip:recipient ?x . ?e2 dip:actor ?x ; dip:recipient ?b . FILTER(?a != ?b)
} GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 10"""


def corpus(path: str | None, articles: int) -> Path:
    if path:
        return Path(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"news-{articles}.jsonl"
    if not target.exists():
        if not CORPUS_SCRIPT.exists():
            sys.exit(f"{CORPUS_SCRIPT}: not found; pass --corpus FILE.jsonl with id/text/published records")
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(target), "--limit", str(articles)], check=True)
    return target


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--corpus")
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    source = corpus(args.corpus, args.articles)
    timings: dict[str, float] = {}

    def timed(name, fn, *a):
        start = time.perf_counter()
        result = fn(*a)
        timings[name] = time.perf_counter() - start
        return result

    documents = timed("ingest", read_inputs, [str(source)])
    nlp = timed("load model", load_pipeline)
    knowledge = load()
    start = time.perf_counter()
    extractions = [extract(d, doc, knowledge) for d, doc in parse(nlp, documents, 16, args.processes)]
    timings["spaCy + extract"] = time.perf_counter() - start
    corpus_ = timed("resolve", resolve, extractions)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ontology = Minter(DEFAULT_BASE).graph("ontology")
        quads = timed("store", write_store, out, corpus_quads(corpus_, DEFAULT_BASE, "bench"), ontology)
        timed("graph.ttl", write_turtle, out, ontology)
        dataset = open_dataset(out)
        view = timed("networkx view", analysis.actor_graph, dataset)
        timed("graph.html", viz.write_html, view, out / "graph.html")
        timed("two-hop SPARQL", lambda: list(dataset.query(TWO_HOP)))
        timed("pagerank", analysis.centrality, view, "pagerank", 10)
        size = (out / "graph.ttl").stat().st_size / 2**20
    chars = sum(len(d.text) for d in documents)
    build = sum(v for k, v in timings.items() if k not in ("two-hop SPARQL", "pagerank"))
    print(f"corpus: {len(documents)} documents, {chars / 1e6:.2f} M characters ({source})")
    for name, seconds in timings.items():
        print(f"  {name:18s} {seconds:8.2f} s")
    print(f"build total: {build:.1f} s, {len(documents) / build:.1f} documents/s, "
          f"{chars / timings['spaCy + extract'] / 1000:.0f} k characters/s through spaCy + extract")
    print(f"graph: {quads} quads, {len(corpus_.entities)} entities, {len(corpus_.events)} events, "
          f"{len(corpus_.roles)} roles, graph.ttl {size:.1f} MiB")
    print(f"peak memory: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
