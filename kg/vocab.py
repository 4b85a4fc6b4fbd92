"""The diplomacy vocabulary, read from `ontology/diplomacy.ttl`.

`DIP` is a closed namespace: using a term the ontology does not define raises at once, so code
and ontology cannot drift apart.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "diplomacy.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
DIP_IRI = "https://w3id.org/diplomacy-kg/ontology#"
SCHEMA = Namespace("https://schema.org/")
DEFAULT_BASE = "https://w3id.org/diplomacy-kg/resource/"

PREFIXES = {"dip": DIP_IRI, "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
            "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS), "schema": str(SCHEMA)}


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
