"""networkx views of a built graph: what the analytics and the explorer page read.

The store is read through SPARQL once into plain records (`Facts`: entities, events with their
sides, date and every report, offices); the views are built from those records in Python:

- `actor_graph`: entities as nodes; one edge per related pair carrying its events (class, quad
  class, sign, dates, count, reports) and the offices linking a person to a state or organisation;
- `event_graph`: events as nodes, each linked from its actors, to its recipients and to its place.

`Filters` (a date range, event classes, quad classes, a minimum number of reports) narrow the
events a view carries, the same way for every command and for the page.
"""
from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import pyoxigraph as ox

from .errors import UserError
from .iris import DIP_IRI, PREFIXES

ENTITY_CLASSES = ("Person", "State", "Organization", "InternationalOrganization", "GovernmentBody", "Group", "Place")
# PLOVER's quad classes, each with its sign: cooperation +1, conflict -1
QUADS = {"VerbalCooperation": 1, "MaterialCooperation": 1, "VerbalConflict": -1, "MaterialConflict": -1}
QUAD_WORDS = {"verbal cooperation": ("VerbalCooperation",), "material cooperation": ("MaterialCooperation",),
              "verbal conflict": ("VerbalConflict",), "material conflict": ("MaterialConflict",),
              "cooperation": ("VerbalCooperation", "MaterialCooperation"),
              "conflict": ("VerbalConflict", "MaterialConflict")}
EVENT_CLASSES = ("Agree", "Consult", "Support", "Concede", "Cooperate", "Aid", "Retreat", "Request", "Accuse",
                 "Reject", "Threaten", "Protest", "Sanction", "Mobilize", "Coerce", "Assault")

_VALUES = " ".join(f"dip:{name}" for name in ENTITY_CLASSES)
ENTITIES_QUERY = f"""
SELECT ?node ?label ?cls ?mentions WHERE {{
  ?node rdfs:label ?label ; a ?cls . VALUES ?cls {{ {_VALUES} }}
  OPTIONAL {{ ?node dip:mentionCount ?mentions }}
}}"""
ALT_LABELS_QUERY = f"""
SELECT ?node ?name WHERE {{ ?node skos:altLabel ?name ; a ?cls . VALUES ?cls {{ {_VALUES} }} }}"""
EVENTS_QUERY = """
SELECT ?event ?cls ?quad ?date ?status ?place WHERE {
  ?event a ?cls . ?cls rdfs:subClassOf ?quad . ?quad rdfs:subClassOf dip:Event .
  OPTIONAL { ?event dip:date ?date } OPTIONAL { ?event dip:status ?status } OPTIONAL { ?event dip:place ?place }
}"""
SIDES_QUERY = """
SELECT ?event ?side ?entity WHERE { VALUES ?side { dip:actor dip:recipient } ?event ?side ?entity }"""
OFFICES_QUERY = """
SELECT ?role ?person ?of ?title ?former WHERE {
  ?person dip:holdsRole ?role . ?role dip:title ?title .
  OPTIONAL { ?role dip:roleOf ?of } OPTIONAL { ?role dip:former ?former }
}"""
REPORTS_QUERY = """
SELECT ?subject ?sentence ?confidence ?doc WHERE {
  ?subject prov:wasDerivedFrom ?evidence . ?evidence dip:sentence ?sentence ; dip:inDocument ?doc .
  OPTIONAL { ?evidence dip:confidence ?confidence }
}"""
DOCUMENTS_QUERY = """
SELECT ?doc ?id ?title ?date ?url WHERE {
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date } OPTIONAL { ?doc schema:url ?url }
}"""


@dataclass(frozen=True)
class Report:
    """One sentence that supports an event or an office, and the document it is in."""
    sentence: str
    document: str  # the document's identifier
    confidence: float = 0.0
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    kind: str  # Person, State, ... (the ontology's local name)
    mentions: int = 0
    names: tuple[str, ...] = ()  # the other names seen for it


@dataclass(frozen=True)
class Event:
    iri: str
    cls: str  # Consult, Assault, ...
    quad: str  # VerbalCooperation, ...
    actors: tuple[str, ...]
    recipients: tuple[str, ...] = ()
    date: str | None = None  # as precise as the text allows: YYYY, YYYY-MM or YYYY-MM-DD
    status: str | None = None  # future, hypothetical (negated events are not read)
    place: str | None = None
    reports: tuple[Report, ...] = ()

    @property
    def sign(self) -> int:
        """+1 for cooperation, -1 for conflict."""
        return QUADS.get(self.quad, 0)

    @property
    def when(self) -> str | None:
        """The event's date, or else the day it was first reported: an undated event happened by then."""
        if self.date:
            return self.date
        return min((r.published for r in self.reports if r.published), default=None)

    def pairs(self) -> Iterator[tuple[str, str]]:
        """The related pairs of sides: each actor with each recipient; the actors of a joint event together."""
        for actor in self.actors:
            for recipient in self.recipients:
                if actor != recipient:
                    yield actor, recipient
        if not self.recipients:
            for i, one in enumerate(self.actors):
                for other in self.actors[i + 1:]:
                    yield one, other

    @property
    def best(self) -> Report | None:
        return self.reports[0] if self.reports else None


@dataclass(frozen=True)
class Office:
    iri: str
    person: str
    of: str | None
    title: str
    former: bool = False
    reports: tuple[Report, ...] = ()


@dataclass
class Facts:
    """What the views are built from: the graph's entities, events (negated ones left out) and offices."""
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)


def select(store: ox.Store, query: str) -> Iterator[dict[str, str | None]]:
    """The rows of a SELECT over the union of the graphs, each a dict of variable -> the term's value
    (an IRI, a literal's lexical form) or None when unbound."""
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {name: term.value if (term := solution[name]) is not None else None for name in names}


def load(store: ox.Store) -> Facts:
    """Read the graph's entities, events and offices, each event and office with every report of it
    (the most confident first)."""
    names: dict[str, set[str]] = defaultdict(set)
    for row in select(store, ALT_LABELS_QUERY):
        names[row["node"]].add(row["name"])
    entities = {}
    for row in select(store, ENTITIES_QUERY):
        node = row["node"]
        if node not in entities:
            entities[node] = Entity(node, row["label"], _local(row["cls"]), int(float(row["mentions"] or 0)),
                                    tuple(sorted(names[node] - {row["label"]})))
    reports = _reports(store)
    sides: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"actor": [], "recipient": []})
    for row in select(store, SIDES_QUERY):
        if row["entity"] in entities:
            sides[row["event"]][_local(row["side"])].append(row["entity"])
    events: dict[str, Event] = {}
    for row in select(store, EVENTS_QUERY):
        event = row["event"]
        if event in events or row["status"] == "negated" or _local(row["quad"]) not in QUADS:
            continue
        events[event] = Event(event, _local(row["cls"]), _local(row["quad"]),
                              tuple(sorted(sides[event]["actor"])), tuple(sorted(sides[event]["recipient"])),
                              row["date"], row["status"], row["place"], reports.get(event, ()))
    offices = [Office(row["role"], row["person"], row["of"], row["title"], row["former"] == "true",
                      reports.get(row["role"], ()))
               for row in select(store, OFFICES_QUERY) if row["person"] in entities]
    return Facts(entities, [events[e] for e in sorted(events)], sorted(set(offices), key=lambda o: o.iri))


def _reports(store: ox.Store) -> dict[str, tuple[Report, ...]]:
    documents = {row["doc"]: row for row in select(store, DOCUMENTS_QUERY)}
    found: dict[str, set[Report]] = defaultdict(set)
    for row in select(store, REPORTS_QUERY):
        doc = documents.get(row["doc"]) or {"id": row["doc"].rsplit("/", 1)[-1]}
        published = doc.get("date")
        found[row["subject"]].add(Report(row["sentence"], doc["id"], float(row["confidence"] or 0),
                                         doc.get("title"), published[:10] if published else None, doc.get("url")))
    return {subject: tuple(sorted(rs, key=lambda r: (-r.confidence, r.document, r.sentence)))
            for subject, rs in found.items()}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if iri.startswith(DIP_IRI) else iri.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class Filters:
    """Which events a view carries. A date range keeps the events whose date, at its own precision,
    lies inside it: "2017-03" is inside March 2017, "2017" is not (it may have been any month)."""
    since: date | None = None
    until: date | None = None
    classes: frozenset[str] = frozenset()  # event classes; empty: all
    quads: frozenset[str] = frozenset()  # quad classes; empty: all
    min_reports: int = 1

    @property
    def active(self) -> bool:
        return self != Filters()

    def keeps(self, event: Event) -> bool:
        if self.classes and event.cls not in self.classes or self.quads and event.quad not in self.quads:
            return False
        if len(event.reports) < self.min_reports:
            return False
        if self.since or self.until:
            when = event.when
            if when is None:
                return False
            first, last = interval(when)
            return (self.since is None or first >= self.since) and (self.until is None or last <= self.until)
        return True

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None, classes: list[str] | None = None,
              quads: list[str] | None = None, min_reports: int = 1) -> Filters:
        """Filters from command-line words; a UserError names what is wrong."""
        start = interval(_exact(since, "--since"), "--since")[0] if since else None
        end = interval(_exact(until, "--until"), "--until")[1] if until else None
        if start and end and start > end:
            raise UserError(f"--since {since} --until {until}: the range is empty; give --since before --until")
        return cls(start, end, frozenset(_event_class(c) for c in _words(classes)),
                   frozenset(q for word in _words(quads) for q in _quad(word)), min_reports)


def interval(value: str, option: str = "date") -> tuple[date, date]:
    """The first and last day of YYYY, YYYY-MM or YYYY-MM-DD.

    >>> interval("2017-02")
    (datetime.date(2017, 2, 1), datetime.date(2017, 2, 28))
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip()[:10])
    try:
        year, month, day = (int(g) if g else None for g in match.groups())
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except (AttributeError, TypeError, ValueError):
        raise UserError(f"{option} {value}: not a date; give YYYY, YYYY-MM or YYYY-MM-DD") from None


def _exact(value: str, option: str) -> str:
    """A date typed by the user, whole: `interval` reads only the first ten characters of a stored one."""
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value.strip()):
        raise UserError(f"{option} {value}: not a date; give YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _words(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: --class Consult,Agree --class Aid."""
    return [w.strip() for value in values or () for w in value.split(",") if w.strip()]


def _event_class(word: str) -> str:
    by_folded = {c.casefold(): c for c in EVENT_CLASSES}
    if word.casefold() not in by_folded:
        raise UserError(f"--class {word}: not an event class; use one of {', '.join(EVENT_CLASSES)}")
    return by_folded[word.casefold()]


def _quad(word: str) -> tuple[str, ...]:
    folded = re.sub(r"[-_\s]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word)).casefold()
    if folded not in QUAD_WORDS:
        raise UserError(f"--quad {word}: not a quad class; use one of {', '.join(w.replace(' ', '-') for w in QUAD_WORDS)}")
    return QUAD_WORDS[folded]


# --------------------------------------------------------------------------- the views

def actor_graph(facts: Facts, filters: Filters = Filters()) -> nx.Graph:
    """Entities as nodes (label, kind, mentions, names); one edge per related pair with its kept
    events, its offices, and counts: `count` (events), `cooperation`, `conflict`, `weight` (events
    and offices: how strongly the two are tied). While a filter is set, an office is kept only when
    its person takes part in a kept event, so that the filter narrows the whole view, and the graph's
    `filtered` attribute tells the measures to rank by the kept events alone."""
    graph = nx.Graph(filtered=filters.active)
    for entity in facts.entities.values():
        graph.add_node(entity.iri, label=entity.label, kind=entity.kind, mentions=entity.mentions,
                       names=entity.names)
    involved: set[str] = set()
    for event in facts.events:
        if not filters.keeps(event):
            continue
        for a, b in event.pairs():
            _link(graph, a, b)["events"].append(event)
            involved.update((a, b))
    for office in facts.offices:
        if office.of and office.of != office.person and office.of in graph \
                and (not filters.active or office.person in involved):
            _link(graph, office.person, office.of)["offices"].append(office)
    for _, _, data in graph.edges(data=True):
        data["count"] = len(data["events"])
        data["cooperation"] = sum(1 for e in data["events"] if e.sign > 0)
        data["conflict"] = sum(1 for e in data["events"] if e.sign < 0)
        data["weight"] = data["count"] + len(data["offices"])
        data["sign"] = (data["cooperation"] > data["conflict"]) - (data["cooperation"] < data["conflict"])
    return graph


def _link(graph: nx.Graph, a: str, b: str) -> dict:
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, events=[], offices=[])
    return graph.edges[a, b]


def event_graph(facts: Facts, filters: Filters = Filters()) -> nx.DiGraph:
    """Events and entities as nodes: actor -> event -> recipient, and event -> place."""
    graph = nx.DiGraph()
    for event in facts.events:
        if not filters.keeps(event):
            continue
        graph.add_node(event.iri, kind="Event", cls=event.cls, quad=event.quad, date=event.when,
                       reports=len(event.reports))
        for role, ends in (("actor", event.actors), ("recipient", event.recipients),
                           ("place", (event.place,) if event.place else ())):
            for end in ends:
                entity = facts.entities.get(end)
                if entity:
                    graph.add_node(end, kind=entity.kind, label=entity.label)
                    graph.add_edge(*((end, event.iri) if role == "actor" else (event.iri, end)), role=role)
    return graph


# characters XML 1.0 cannot carry at all (a form feed from a PDF's text, say): GraphML and GEXF would fail
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def flat(view: nx.Graph) -> nx.Graph:
    """The view with plain attributes only (text and numbers), as GraphML and GEXF hold them; characters
    XML cannot carry become spaces."""
    def text(value: str) -> str:
        return XML_ILLEGAL.sub(" ", value)

    graph = nx.Graph()
    for node, data in view.nodes(data=True):
        graph.add_node(text(node), label=text(data["label"]), kind=data["kind"], mentions=data["mentions"],
                       names=text("; ".join(data["names"])))
    for a, b, data in view.edges(data=True):
        relation, report = best_report(data)
        graph.add_edge(text(a), text(b), weight=data["weight"], events=data["count"],
                       cooperation=data["cooperation"], conflict=data["conflict"], relation=text(relations(data)),
                       sentence=text(report.sentence) if report else "",
                       document=text(report.document) if report else "")
    return graph


def relations(data: dict) -> str:
    """An edge's events and offices in words: "Consult ×2, Accuse, Foreign Minister"."""
    counts: dict[str, int] = defaultdict(int)
    for event in data["events"]:
        counts[event.cls] += 1
    for office in data["offices"]:
        counts[office.title] += 1
    return ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def best_report(data: dict) -> tuple[str, Report | None]:
    """The relation and report that best support an edge: the most confident report of its events
    and offices, an event's before an office's."""
    item, report = best_support(data)
    return (item.cls if isinstance(item, Event) else item.title), report


def best_support(data: dict) -> tuple[Event | Office, Report | None]:
    """The event or office, and its report, that best support an edge (see best_report)."""
    candidates = [(r.confidence, 1, e, r) for e in data["events"] for r in e.reports[:1]]
    candidates += [(r.confidence, 0, o, r) for o in data["offices"] for r in o.reports[:1]]
    if not candidates:
        return (data["events"][0] if data["events"] else data["offices"][0]), None
    _, _, item, report = max(candidates, key=lambda c: (c[0], c[1], c[3].document, c[3].sentence))
    return item, report


def direction(item: Event | Office, a: str, b: str) -> str:
    """Which way an event or office runs between `a` and `b`: "forward" when `a` acts on `b` (or holds an
    office of it), "backward" when `b` acts on `a`, "mutual" when they act together."""
    if isinstance(item, Office):
        return "forward" if item.person == a else "backward"
    a_acts, b_acts = a in item.actors, b in item.actors
    return "forward" if a_acts and not b_acts else "backward" if b_acts and not a_acts else "mutual"
