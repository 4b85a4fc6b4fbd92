"""The diplomacy vocabulary, read from `ontology/diplomacy.ttl`.

`DIP` is a closed namespace: using a term the ontology does not define raises at once, so code
and ontology cannot drift apart.
"""
from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import ClosedNamespace

from .iris import DEFAULT_BASE, DIP_IRI, ONTOLOGY_DIR, ONTOLOGY_PATH, PREFIXES, SCHEMA_IRI, SHAPES_PATH  # noqa: F401

SCHEMA = Namespace(SCHEMA_IRI)


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return graph


def _defined_terms() -> list[str]:
    graph = ontology_graph()
    return sorted({str(s)[len(DIP_IRI):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(DIP_IRI)
                   and str(s) != DIP_IRI})


DIP = ClosedNamespace(DIP_IRI, _defined_terms())
