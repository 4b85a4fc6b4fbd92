"""The graph's namespaces and files as plain strings: what commands that only read a graph need.

Kept apart from `vocab` (rdflib terms checked against the ontology) so that reading a graph
imports neither rdflib nor spaCy.
"""
from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "diplomacy.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
DIP_IRI = "https://w3id.org/diplomacy-kg/ontology#"
SCHEMA_IRI = "https://schema.org/"
DEFAULT_BASE = "https://w3id.org/diplomacy-kg/resource/"

PREFIXES = {"dip": DIP_IRI, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/", "schema": SCHEMA_IRI}
