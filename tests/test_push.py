"""`kg push` against a real Oxigraph server (the `oxigraph` PyPI package), started by the fixture on a free
loopback port: one named graph per document, the same triples as the build, and pushing twice leaves one copy."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import data_quads, open_store

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.fixture()
def server(tmp_path):
    if not OXIGRAPH.exists():
        pytest.fail(f"{OXIGRAPH}: the oxigraph server is part of the test extra; reinstall with .[test]")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def counts(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(base + "/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    bindings = json.load(urllib.request.urlopen(request, timeout=10))["results"]["bindings"]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}


def push(*args: str):
    return CliRunner().invoke(app, ["push", *map(str, args)])


def test_push_sends_one_graph_per_document_and_pushing_twice_leaves_one_copy(seeds_build, server):
    expected: dict[str, int] = {}
    for q in data_quads(open_store(seeds_build)):
        expected[q.graph_name.value] = expected.get(q.graph_name.value, 0) + 1
    assert len(expected) == 3
    for _ in range(2):
        result = push(seeds_build, "--endpoint", server + "/store")
        assert result.exit_code == 0, result.output
        assert counts(server) == expected


def test_push_into_one_named_graph(seeds_build, server):
    result = push(seeds_build, "--endpoint", server + "/store", "--graph", "urn:kg:seeds")
    assert result.exit_code == 0, result.output
    total = sum(1 for _ in data_quads(open_store(seeds_build)))
    assert counts(server) == {"urn:kg:seeds": total}


def test_push_to_a_store_that_is_not_there_is_one_line(seeds_build):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    result = push(seeds_build, "--endpoint", f"http://127.0.0.1:{port}/store")
    assert result.exit_code == 2
    assert "cannot reach the store" in result.output and "Traceback" not in result.output
