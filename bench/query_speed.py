"""Benchmark: `kg query` against raw pyoxigraph on the same store, process start included (prints figures).

usage: python bench/query_speed.py GRAPH_FOLDER [--runs 5]

GRAPH_FOLDER is the output of `kg build` (for the issue's figure, the 3,788-article graph). Each of five
representative queries runs `--runs` times as `kg query FOLDER QUERY --format csv` and as a fresh Python
process that opens the store with pyoxigraph and writes the same rows as CSV; the best wall time of each
is kept. Prints both times and their ratio per query.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

PREFIXES = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

QUERIES = {
    "meetings": """SELECT ?a ?b ?date ?place WHERE {
  ?e a dip:Consult ; dip:actor ?x ; dip:recipient ?y .
  ?x rdfs:label ?a . ?y rdfs:label ?b .
  OPTIONAL { ?e dip:date ?date } OPTIONAL { ?e dip:place/rdfs:label ?place } } LIMIT 200""",
    "offices": """SELECT ?person ?title ?of WHERE {
  ?p dip:holdsRole ?r ; rdfs:label ?person . ?r dip:title ?title . OPTIONAL { ?r dip:roleOf/rdfs:label ?of } }""",
    "between two states": """SELECT ?cls (COUNT(?e) AS ?n) WHERE {
  ?e a ?cls ; dip:actor ?a ; dip:recipient ?b .
  ?a dip:isoCode "USA" . ?b dip:isoCode "RUS" } GROUP BY ?cls ORDER BY DESC(?n)""",
    "evidence": """SELECT ?e ?sentence ?doc WHERE {
  ?e prov:wasDerivedFrom ?ev . ?ev dip:sentence ?sentence ; dip:inDocument/dcterms:identifier ?doc } LIMIT 500""",
    "most active": """SELECT ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e dip:actor ?a . ?a rdfs:label ?label } GROUP BY ?label ORDER BY DESC(?n) LIMIT 10""",
}

RAW = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1] + "/store")
result = store.query(sys.argv[2], use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
"""


def best_of(runs: int, command: list[str]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    print(f"{'query':20s} {'kg query s':>10} {'pyoxigraph s':>12} {'ratio':>6}")
    for name, query in QUERIES.items():
        ours = best_of(args.runs, [kg, "query", str(args.folder), query, "--format", "csv"])
        raw = best_of(args.runs, [sys.executable, "-c", RAW, str(args.folder), PREFIXES + query])
        print(f"{name:20s} {ours:>10.3f} {raw:>12.3f} {ours / raw:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
