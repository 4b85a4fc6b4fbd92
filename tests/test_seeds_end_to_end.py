"""The two seed articles, built once per session: what a reader of the graph must find in it."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.ingest import read_inputs
from kg.nlp import DEFAULT_MODEL, MODEL_ALIASES, parse
from kg.vocab import DIP, DIP_IRI, PREFIXES, SCHEMA, ontology_graph

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def seed_texts() -> dict[str, str]:
    """Each seed document's text exactly as the build reads it (offsets count in this string)."""
    return {p.stem: p.read_bytes().decode("utf-8-sig") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def graph(seeds_build) -> Graph:
    return Graph().parse(seeds_build / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def with_ontology(graph) -> Graph:
    """The data plus the class hierarchy, for queries that climb rdfs:subClassOf."""
    return graph + ontology_graph()


def entity(graph: Graph, label: str) -> URIRef:
    matches = list(graph.subjects(RDFS.label, Literal(label)))
    assert len(matches) == 1, f"{len(matches)} entities labelled {label!r}"
    return matches[0]


def test_outputs_exist(seeds_build):
    assert (seeds_build / "graph.ttl").stat().st_size > 0
    assert (seeds_build / "graph.html").stat().st_size > 0
    assert (seeds_build / "store").is_dir()


def test_summary_counts(seeds_summary, graph):
    """The summary the build prints tells what the graph holds."""
    assert seeds_summary.documents == 2
    for cls, count in seeds_summary.events.items():
        in_graph = {e for e in graph.subjects(RDF.type, DIP[cls]) if (e, DIP.status, Literal("negated")) not in graph}
        assert count == len(in_graph), cls
    assert seeds_summary.events["Consult"] >= 2  # the Rubio-Lavrov meeting and Kellogg's with Zelenskiy
    for kind in ("Person", "State", "Place"):
        assert seeds_summary.entities[kind] == len(set(graph.subjects(RDF.type, DIP[kind]))) >= 2, kind
    assert len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))) == 2
    assert seeds_summary.roles == len(set(graph.subjects(RDF.type, DIP.Role)))


def test_rubio_and_lavrov_consult_in_kuala_lumpur(graph):
    rubio, lavrov = entity(graph, "Marco Rubio"), entity(graph, "Sergei Lavrov")
    rows = list(graph.query(f"""
        SELECT ?event (GROUP_CONCAT(DISTINCT ?doc; separator="|") AS ?docs) WHERE {{
          ?event a dip:Consult ; dip:place/rdfs:label ?place ;
                 prov:wasDerivedFrom/dip:inDocument/dcterms:identifier ?doc .
          ?event dip:actor|dip:recipient <{rubio}> . ?event dip:actor|dip:recipient <{lavrov}> .
          FILTER (?place IN ("Kuala Lumpur", "Malaysia"))
        }} GROUP BY ?event""", initNs=PREFIXES))
    seeds = set(seed_texts())
    assert any(set(str(row.docs).split("|")) == seeds for row in rows), \
        f"no Rubio-Lavrov Consult in Kuala Lumpur/Malaysia with evidence from both {seeds}: {list(rows)}"


def test_rubio_is_secretary_of_state_of_the_united_states(graph):
    rubio, usa = entity(graph, "Marco Rubio"), entity(graph, "United States")
    roles = list(graph.objects(rubio, DIP.holdsRole))
    assert any((role, DIP.title, Literal("Secretary of State")) in graph and (role, DIP.roleOf, usa) in graph
               for role in roles), [(graph.value(r, DIP.title), graph.value(r, DIP.roleOf)) for r in roles]


def test_russia(graph):
    russia = entity(graph, "Russia")
    assert (russia, RDF.type, DIP.State) in graph
    assert list(graph.objects(russia, DIP.isoCode)) == [Literal("RUS")]
    assert (russia, SKOS.altLabel, Literal("Moscow")) in graph


def test_every_event_has_evidence_that_points_into_its_document(with_ontology):
    texts = seed_texts()
    rows = list(with_ontology.query("""
        SELECT ?event ?doc ?start ?end ?sentence WHERE {
          ?event a ?cls . ?cls rdfs:subClassOf+ dip:Event .
          OPTIONAL { ?event prov:wasDerivedFrom ?ev .
                     ?ev dip:start ?start ; dip:end ?end ; dip:sentence ?sentence ;
                         dip:inDocument/dcterms:identifier ?doc . }
        }""", initNs=PREFIXES))
    events: dict[str, bool] = {}
    for row in rows:
        good = row.doc is not None and str(row.doc) in texts and \
            texts[str(row.doc)][int(row.start):int(row.end)] == str(row.sentence)
        events[str(row.event)] = events.get(str(row.event), False) or good
    assert events, "no events in the seeds graph"
    assert all(events.values()), [e for e, ok in events.items() if not ok]


def test_every_dip_term_of_the_build_is_in_the_ontology(graph):
    defined = {s for s in ontology_graph().subjects() if isinstance(s, URIRef) and str(s).startswith(DIP_IRI)}
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(DIP_IRI)}
    assert used and used <= defined, sorted(used - defined)


def test_parse_keeps_character_offsets(nlp):
    """Evidence offsets count in the document text: boilerplate is blanked, never cut out."""
    documents = read_inputs([str(SEEDS)])
    for document, doc in parse(nlp, documents):
        assert len(doc.text) == len(document.text)
        assert all(a == b or a == " " for a, b in zip(doc.text, document.text))


def test_build_records_the_model_package(graph):
    [model] = list(graph.objects(None, DIP.model))
    name, _, version = str(model).rpartition("-")
    assert name in (DEFAULT_MODEL, MODEL_ALIASES[DEFAULT_MODEL])
    assert version
