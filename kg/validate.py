"""`kg validate`: a built graph against the SHACL shapes of `ontology/shapes.ttl` (pyshacl).

pyshacl is an optional extra (`pip install 'diplomacy-kg[validate]'`); the command says so when it is
missing. Each violation is reported as one line: the node, the property, the shape's message.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .errors import UserError
from .iris import ONTOLOGY_PATH, SHAPES_PATH
from .store import data_quads


@dataclass(frozen=True)
class Violation:
    severity: str  # "Violation", "Warning", "Info"
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    triples: int
    violations: list[Violation]


def validate(store: ox.Store) -> Report:
    try:
        import pyshacl
    except ImportError:
        raise UserError("kg validate needs pyshacl; install it with: pip install 'diplomacy-kg[validate]'") from None
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    data = Graph()
    data.parse(data=ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in data_quads(store)),
                                 format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                            advanced=True)
    violations = [Violation(severity=str(results.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                            focus=str(results.value(r, SH.focusNode) or ""),
                            path=str(results.value(r, SH.resultPath) or ""),
                            message=str(results.value(r, SH.resultMessage) or ""))
                  for r in results.subjects(RDF.type, SH.ValidationResult)]
    return Report(bool(conforms), len(data), sorted(violations, key=lambda v: (v.severity, v.focus, v.path)))
