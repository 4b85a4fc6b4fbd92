"""`kg validate`: the seeds graph conforms to the shapes; a graph with an event that lost its actor does not,
and the report names the event and the property."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
from typer.testing import CliRunner

from kg.cli import app

DIP = "https://w3id.org/diplomacy-kg/ontology#"


def run(folder):
    return CliRunner().invoke(app, ["validate", str(folder)])


def test_the_seeds_graph_conforms(seeds_build):
    result = run(seeds_build)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:") and "triples" in result.output


def test_an_event_without_an_actor_is_reported_and_the_exit_code_says_so(seeds_build, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(seeds_build, broken)
    store = ox.Store(str(broken / "store"))
    [quad, *_] = store.quads_for_pattern(None, ox.NamedNode(DIP + "actor"), None, None)
    event = quad.subject
    for q in list(store.quads_for_pattern(event, ox.NamedNode(DIP + "actor"), None, None)):
        store.remove(q)
    store.flush()
    del store
    result = run(broken)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(event.value in line and DIP + "actor" in line and line.startswith("violation:") for line in lines)
    assert lines[-1].startswith("does not conform:")
