"""`kg export`: a built graph in the formats other tools read.

- RDF: TriG, N-Quads and JSON-LD keep one named graph per document (who said what); N-Triples and
  Turtle hold the union of the graphs. The ontology graph is not part of the data (it is in
  `ontology/`). Oxigraph's serialisers write them straight from the store.
- GraphML and GEXF: the actor graph (entities, and one edge per related pair with its weight, its
  counts of events, cooperation and conflict, its relations in words and its best evidence)
  through networkx's writers, for Gephi and the like.
- CSV: three tables for pandas and spreadsheets, `entities.csv`, `offices.csv` and `events.csv`
  (one row per event: sides, date, place, class, quad class, status, mode, evidence count).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import UserError
from .iris import DEFAULT_BASE, PREFIXES
from .store import serialize_data

DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
TRIPLE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = (*DATASET_FORMATS, *TRIPLE_FORMATS, *GRAPH_FORMATS, "csv")

ENTITIES_QUERY = """
SELECT ?entity ?label ?class ?country ?iso_code ?wikidata ?mentions
       (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?alt_labels) WHERE {
  ?entity a ?cls ; rdfs:label ?label .
  VALUES ?cls { dip:Person dip:State dip:Organization dip:InternationalOrganization dip:GovernmentBody dip:Group
                dip:Place }
  OPTIONAL { ?entity dip:country|dip:locatedIn ?c . ?c rdfs:label ?country }
  OPTIONAL { ?entity dip:isoCode ?iso_code } OPTIONAL { ?entity owl:sameAs ?wikidata }
  OPTIONAL { ?entity dip:mentionCount ?mentions } OPTIONAL { ?entity skos:altLabel ?alt }
  BIND(STRAFTER(STR(?cls), "#") AS ?class)
} GROUP BY ?entity ?label ?class ?country ?iso_code ?wikidata ?mentions ORDER BY ?class ?label"""

OFFICES_QUERY = """
SELECT ?person ?person_label ?title ?of ?of_label ?former (COUNT(DISTINCT ?evidence) AS ?evidence_count) WHERE {
  ?person dip:holdsRole ?role ; rdfs:label ?person_label .
  ?role dip:title ?title ; prov:wasDerivedFrom ?evidence .
  OPTIONAL { ?role dip:roleOf ?of . ?of rdfs:label ?of_label }
  BIND(EXISTS { ?role dip:former true } AS ?former)
} GROUP BY ?person ?person_label ?title ?of ?of_label ?former ORDER BY ?person_label ?title"""

EVENTS_QUERY = """
SELECT ?event ?class ?quad_class ?actors ?recipients ?date ?place ?status ?mode
       (COUNT(DISTINCT ?evidence) AS ?evidence_count) WHERE {
  ?event a ?cls ; prov:wasDerivedFrom ?evidence .
  ?cls rdfs:subClassOf ?quad . ?quad rdfs:subClassOf dip:Event ; rdfs:label ?quad_label .
  { SELECT ?event (GROUP_CONCAT(DISTINCT ?a; separator=" | ") AS ?actors) WHERE {
      ?event dip:actor/rdfs:label ?a } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT ?r; separator=" | ") AS ?recipients) WHERE {
      ?event dip:recipient/rdfs:label ?r } GROUP BY ?event }
  OPTIONAL { ?event dip:date ?date } OPTIONAL { ?event dip:place/rdfs:label ?place }
  OPTIONAL { ?event dip:status ?status } OPTIONAL { ?event dip:mode ?mode }
  BIND(STRAFTER(STR(?cls), "#") AS ?class)
  BIND(STR(?quad_label) AS ?quad_class)
} GROUP BY ?event ?class ?quad_class ?actors ?recipients ?date ?place ?status ?mode ORDER BY ?date ?class ?event"""

CSV_TABLES = {"entities.csv": ENTITIES_QUERY, "offices.csv": OFFICES_QUERY, "events.csv": EVENTS_QUERY}


def export(store: ox.Store, fmt: str, target: Path) -> list[Path]:
    """Write the graph in `fmt` to `target` (a folder for csv, a file otherwise); return the files written."""
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt}: unknown export format; use one of {', '.join(FORMATS)}")
    if str(target) == "-":  # standard output, for a pipe: `kg export DIR --format nt -o - | gzip`
        if fmt == "csv":
            raise UserError("-o -: csv writes a folder of three tables; pass -o FOLDER")
        sys.stdout.flush()
        _write(store, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return []
    target = Path(target)
    try:
        if fmt == "csv":
            return _write_tables(store, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            _write(store, fmt, out)
    except OSError as error:
        raise UserError(f"{target}: cannot write the export ({error.strerror or error}); pass -o a writable "
                        "path") from error
    return [target]


def _write(store: ox.Store, fmt: str, out: BinaryIO) -> None:
    if fmt in GRAPH_FORMATS:
        _write_network(store, fmt, out)
    else:
        serialize_data(store, out, (DATASET_FORMATS | TRIPLE_FORMATS)[fmt], _prefixes(fmt))


def _prefixes(fmt: str) -> dict[str, str] | None:
    return None if fmt in ("nq", "nt") else PREFIXES | {"kg": DEFAULT_BASE}


def _write_network(store: ox.Store, fmt: str, target: BinaryIO) -> None:
    import networkx as nx

    from .views import actor_graph, flat, load

    graph = flat(actor_graph(load(store)))
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, target)


def _write_tables(store: ox.Store, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, query in CSV_TABLES.items():
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        columns = [v.value for v in result.variables]
        path = folder / name
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            for solution in result:
                writer.writerow(term.value if (term := solution[c]) is not None else "" for c in columns)
        written.append(path)
    return written
