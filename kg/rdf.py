"""The rdf stage: a resolved Corpus -> quads under the diplomacy ontology.

Each document's node and its evidence go to the document's own named graph; entities, roles,
events and the build activity to the main graph. IRIs are stable: the same input gives the
same IRIs, and an entity's IRI depends only on what identifies it (an ISO code, a gazetteer id,
a name), so it keeps its IRI when more documents are added.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .records import Corpus, EntityRecord, EventRecord, Evidence, RoleRecord, xsd_kind
from .state import report_key
from .vocab import DIP, SCHEMA

Quad = tuple[URIRef, URIRef, URIRef | Literal | BNode, URIRef]
WIKIDATA = "http://www.wikidata.org/entity/"
KIND_CLASS = {"Person": DIP.Person, "State": DIP.State, "Organization": DIP.Organization,
              "InternationalOrganization": DIP.InternationalOrganization, "GovernmentBody": DIP.GovernmentBody,
              "Group": DIP.Group, "Place": DIP.Place}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


class Minter:
    """Stable IRIs for the records of one build."""

    def __init__(self, base: str, kept_events: dict[int, str] | None = None):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.entity_iris: dict[str, URIRef] = {}
        self.known: set[str] = set()  # entity keys of this build, for links that may point elsewhere
        self.kept_events = kept_events or {}  # id(event) -> the IRI an earlier build published it under
        self._kept_iris = set(self.kept_events.values())

    def entity(self, key: str) -> URIRef:
        """IRI from the key alone: "state/RUS", "person/marco-rubio", "place/MYS/kuala-lumpur". A key
        the slug would alter ("o'brien", "al-qaeda") also gets a hash of itself, so two keys never share
        an IRI whatever order they come in."""
        if key not in self.entity_iris:
            family, _, rest = key.partition(":")
            parts = rest.split(":")
            if family == "state":
                path = rest
            else:
                # an upper-case gazetteer id ("US_CONGRESS", "RUS") stays as it is, if it holds no character an
                # IRI cannot carry ('"A' would); anything else becomes a slug
                path = "/".join(p if p.isupper() and re.fullmatch(r"[\w.~-]+", p) else slug(p) for p in parts if p)
                if any(not re.fullmatch(r"[a-z0-9]+(?: [a-z0-9]+)*|[A-Z]{3}|", p) for p in parts):
                    path += "-" + short_hash(key)[:6]
            self.entity_iris[key] = URIRef(f"{self.base}{family}/{path}")
        return self.entity_iris[key]

    def document(self, doc_id: str) -> URIRef:
        return URIRef(self.base + "document/" + quote(doc_id, safe=""))

    def graph(self, name: str) -> URIRef:
        """The build's own graphs: "main" (entities, roles, events) and "ontology"."""
        return URIRef(self.base + "graph/" + quote(name, safe=""))

    def document_graph(self, doc_id: str) -> URIRef:
        """A document's named graph (its node and evidence), apart from the build's own graphs."""
        return URIRef(self.base + "graph/document/" + quote(doc_id, safe=""))

    def evidence(self, evidence: Evidence, about: URIRef) -> URIRef:
        return URIRef(f"{self.base}evidence/{quote(evidence.doc_id, safe='')}/{evidence.start}-{evidence.end}/"
                      f"{short_hash(about, evidence.trigger)}")

    def role(self, role: RoleRecord) -> URIRef:
        person = self.entity(role.person).rsplit("/", 1)[-1]
        office = self.entity(role.of).removeprefix(self.base).replace("/", "-") if role.of else "unknown"
        return URIRef(f"{self.base}role/{person}/{slug(role.title)}/{office}" + ("/former" if role.former else ""))

    def event(self, event: EventRecord) -> URIRef:
        """An event keeps the IRI it was first published under (`kept_events`); a new one gets a hash of
        its class, sides, date and first report."""
        if id(event) in self.kept_events:
            return URIRef(self.kept_events[id(event)])
        first = min((e.doc_id, e.start) for e in event.evidence)
        minted = (f"{self.base}event/{event.cls.lower()}/"
                  f"{short_hash(event.cls, sorted(event.actors), sorted(event.recipients), event.date, first)}")
        iri, number = minted, 1
        while iri in self._kept_iris:  # the half of a split event that lost the IRI would hash to it again
            number += 1
            iri = f"{minted}-{number}"
        return URIRef(iri)

    @property
    def build(self) -> URIRef:
        return URIRef(self.base + "build")


def oxigraph_quads(quads: Iterable[Quad]) -> Iterator[ox.Quad]:
    """The quads as pyoxigraph terms, for the store's bulk loads."""
    for subject, predicate, obj, graph in quads:
        yield ox.Quad(_oxigraph_term(subject), ox.NamedNode(predicate), _oxigraph_term(obj), ox.NamedNode(graph))


def _oxigraph_term(term: URIRef | Literal | BNode):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def corpus_quads(corpus: Corpus, base: str, model: str, kept_events: dict[int, str] | None = None,
                 published: dict[str, list[str]] | None = None) -> Iterator[Quad]:
    """The corpus as quads. `kept_events` gives events the IRIs an earlier build published them under;
    `published`, when given, receives each event IRI written with the keys of its reports."""
    mint = Minter(base, kept_events)
    mint.known = set(corpus.entities)
    main = mint.graph("main")
    yield mint.build, RDF.type, PROV.Activity, main
    yield mint.build, DIP.toolVersion, Literal(__version__), main
    yield mint.build, DIP.model, Literal(model), main
    for document in corpus.documents:
        yield from _document(document, mint)
    for record in corpus.entities.values():
        yield from _entity(record, mint, corpus.entities, main)
    known = corpus.entities
    for role in corpus.roles:
        if publishable_role(role, known):
            yield from _role(role, mint, main)
    for event in corpus.events:
        if publishable_event(event, known):
            if published is not None:
                published[str(mint.event(event))] = sorted(report_key(event.cls, e) for e in event.evidence)
            yield from _event(event, mint, corpus.entities, main)


def publishable_event(event: EventRecord, known: dict[str, EntityRecord]) -> bool:
    """An event goes into the graph with its evidence, an actor, and every side an entity of the graph."""
    return bool(event.evidence and event.actors) and all(k in known for k in (*event.actors, *event.recipients))


def publishable_role(role: RoleRecord, known: dict[str, EntityRecord]) -> bool:
    return bool(role.evidence) and role.person in known and (role.of is None or role.of in known)


def left_out(corpus: Corpus) -> tuple[list[EventRecord], list[RoleRecord]]:
    """The events and roles resolution left without one of their entities: they cannot be written."""
    return ([e for e in corpus.events if not publishable_event(e, corpus.entities)],
            [r for r in corpus.roles if not publishable_role(r, corpus.entities)])


def _document(document, mint: Minter) -> Iterator[Quad]:
    node, graph = mint.document(document.id), mint.document_graph(document.id)
    yield node, RDF.type, SCHEMA.NewsArticle, graph
    yield node, DCTERMS.identifier, Literal(document.id), graph
    if document.title:
        yield node, DCTERMS.title, Literal(document.title), graph
    if document.published:
        yield node, DCTERMS.date, Literal(document.published.isoformat(), datatype=XSD.date), graph
    if document.url:
        yield node, SCHEMA.url, URIRef(quote(document.url, safe=":/?#[]@!$&'()*+,;=%~")), graph
    if document.author:
        yield node, DCTERMS.creator, Literal(document.author), graph
    if document.site:
        yield node, DCTERMS.publisher, Literal(document.site), graph
    if document.language:
        yield node, DCTERMS.language, Literal(document.language, datatype=XSD.language), graph


def _entity(record: EntityRecord, mint: Minter, entities: dict[str, EntityRecord], graph: URIRef) -> Iterator[Quad]:
    node = mint.entity(record.key)
    yield node, RDF.type, KIND_CLASS[record.kind], graph
    yield node, RDFS.label, Literal(record.label), graph
    for alt in sorted(record.alt_labels - {record.label}):
        yield node, SKOS.altLabel, Literal(alt), graph
    if record.country and record.country in entities and record.country != record.key:
        predicate = DIP.locatedIn if record.kind == "Place" else DIP.country
        yield node, predicate, mint.entity(record.country), graph
    if record.iso_code:
        yield node, DIP.isoCode, Literal(record.iso_code), graph
    if record.wikidata:
        yield node, OWL.sameAs, URIRef(WIKIDATA + record.wikidata), graph
    if record.sector:
        yield node, DIP.sector, Literal(record.sector), graph
    yield node, DIP.mentionCount, Literal(max(record.mentions, 0)), graph


def _evidence(evidence: Evidence, about: URIRef, mint: Minter) -> Iterator[Quad]:
    node, graph = mint.evidence(evidence, about), mint.document_graph(evidence.doc_id)
    yield about, PROV.wasDerivedFrom, node, mint.graph("main")
    yield node, RDF.type, DIP.Evidence, graph
    yield node, DIP.sentence, Literal(evidence.sentence), graph
    yield node, DIP.inDocument, mint.document(evidence.doc_id), graph
    yield node, DIP.start, Literal(evidence.start), graph
    yield node, DIP.end, Literal(evidence.end), graph
    yield node, DIP.confidence, Literal(f"{evidence.confidence:.2f}", datatype=XSD.decimal), graph
    if evidence.trigger:
        yield node, DIP.trigger, Literal(evidence.trigger), graph
    if evidence.reported_by and evidence.reported_by in mint.known:
        yield node, DIP.reportedBy, mint.entity(evidence.reported_by), graph
    yield node, PROV.wasGeneratedBy, mint.build, graph


def _role(role: RoleRecord, mint: Minter, graph: URIRef) -> Iterator[Quad]:
    node = mint.role(role)
    yield mint.entity(role.person), DIP.holdsRole, node, graph
    yield node, RDF.type, DIP.Role, graph
    yield node, DIP.title, Literal(role.title), graph
    if role.of:
        yield node, DIP.roleOf, mint.entity(role.of), graph
    if role.former:
        yield node, DIP.former, Literal(True), graph
    for evidence in role.evidence:
        yield from _evidence(evidence, node, mint)


def _event(event: EventRecord, mint: Minter, entities: dict[str, EntityRecord], graph: URIRef) -> Iterator[Quad]:
    node = mint.event(event)
    yield node, RDF.type, DIP[event.cls], graph
    for actor in event.actors:
        yield node, DIP.actor, mint.entity(actor), graph
    for recipient in event.recipients:
        yield node, DIP.recipient, mint.entity(recipient), graph
    if event.place and event.place in entities:
        yield node, DIP.place, mint.entity(event.place), graph
    if event.date:
        yield node, DIP.date, Literal(event.date, datatype=XSD[xsd_kind(event.date)]), graph
    if event.mode:
        yield node, DIP.mode, Literal(event.mode), graph
    if event.status:
        yield node, DIP.status, Literal(event.status), graph
    for evidence in event.evidence:
        yield from _evidence(evidence, node, mint)
