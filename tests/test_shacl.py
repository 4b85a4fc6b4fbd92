"""The seeds build against ontology/shapes.ttl, validated the way the shapes' header says."""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.vocab import DIP

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY = REPO / "ontology" / "diplomacy.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def data(seeds_build) -> Graph:
    return Graph().parse(seeds_build / "graph.ttl", format="turtle")


def validate(data: Graph, shapes: Graph, ontology: Graph):
    return pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True)


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def test_seeds_build_conforms(data, shapes, ontology):
    assert len(data) > 0
    conforms, _, text = validate(copy(data), shapes, ontology)
    assert conforms, text


def test_event_without_actor_does_not_conform(data, shapes, ontology):
    broken = copy(data)
    event = next(s for s in broken.subjects(RDF.type, DIP.Consult) if (s, DIP.actor, None) in broken)
    broken.remove((event, DIP.actor, None))
    conforms, report, text = validate(broken, shapes, ontology)
    assert not conforms
    hits = [r for r in report.subjects(RDF.type, SH.ValidationResult)
            if report.value(r, SH.focusNode) == event and report.value(r, SH.resultPath) == DIP.actor]
    assert hits, text
