"""Benchmark: `kg serve` under load (prints figures; not a test).

usage: python bench/serve_load.py GRAPH_FOLDER [--clients 8] [--queries 2000] [--timeout 30]

Starts `kg serve GRAPH_FOLDER` on a free loopback port (a process of its own, as a user runs it), then
--clients threads send --queries queries in all, taken in turn from the query library
(kg/queries/*.rq) and a few others (a count, a lookup by label, an ASK, a CONSTRUCT), by GET and POST,
asking for JSON, CSV or Turtle. Prints the errors (any status but 200), the throughput, and the
latency percentiles p50, p90, p99 and max, overall and per query.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from kg.queries import library

EXTRA = {
    "count": ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    "label": ('SELECT ?e WHERE { ?e rdfs:label "Russia" }', "text/csv"),
    "ask": ("ASK { ?e a dip:Consult }", "application/sparql-results+json"),
    "construct": ("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a dip:State ; rdfs:label ?l }", "text/turtle"),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/query", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"kg serve did not answer at {base}")


def ask(base: str, name: str, query: str, accept: str, post: bool) -> tuple[str, int, float]:
    started = time.perf_counter()
    if post:
        request = urllib.request.Request(base + "/sparql", data=query.encode(), method="POST",
                                         headers={"Content-Type": "application/sparql-query", "Accept": accept})
    else:
        request = urllib.request.Request(base + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = -1
    return name, status, time.perf_counter() - started


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (f"p50 {pick(0.5) * 1000:7.1f} ms  p90 {pick(0.9) * 1000:7.1f} ms  p99 {pick(0.99) * 1000:7.1f} ms  "
            f"max {ordered[-1] * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()

    mix = [(q.name, q.text, "application/sparql-results+json") for q in library()]
    mix += [(name, text, accept) for name, (text, accept) in EXTRA.items()]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    kg = Path(sys.executable).parent / "kg"
    server = subprocess.Popen([str(kg), "serve", str(args.graph), "--port", str(port), "--timeout", str(args.timeout)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(base)
        results: list[tuple[str, int, float]] = []
        lock = threading.Lock()
        counter = iter(range(args.queries))

        def client() -> None:
            for number in counter:  # the shared iterator hands each query number to one thread
                name, text, accept = mix[number % len(mix)]
                result = ask(base, name, text, accept, post=number % 2 == 1)
                with lock:
                    results.append(result)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    errors = [r for r in results if r[1] != 200]
    print(f"{len(results)} queries from {args.clients} clients on {args.graph}: {len(errors)} errors, "
          f"{wall:.1f} s, {len(results) / wall:.1f} queries/s")
    print(f"all            {percentiles([r[2] for r in results])}")
    by_name = defaultdict(list)
    for name, _, seconds in results:
        by_name[name].append(seconds)
    for name, values in sorted(by_name.items()):
        print(f"{name:14s} {percentiles(values)}  (median {statistics.median(values) * 1000:.1f} ms)")
    if errors:
        print("statuses of the errors:", sorted({status for _, status, _ in errors}))


if __name__ == "__main__":
    main()
