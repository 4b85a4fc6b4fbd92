"""Typed records passed between the stages (plain dataclasses, JSON-able).

ingest -> Document; extract -> Extraction (mentions resolved within one document);
resolve -> Corpus (one registry across documents). `rdf` reads only these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


# Joint events: both sides act together, so the order of actor and recipient carries no meaning.
SYMMETRIC_CLASSES = frozenset({"Consult", "Agree", "Cooperate"})


def xsd_kind(value: str) -> str:
    """Which XSD type a normalised date (an EventRecord's) has: "date", "gYearMonth" or "gYear"."""
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)]


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    origin: str = ""  # file (and line) the document came from, for messages
    author: str | None = None
    site: str | None = None  # the publication: "Deutsche Welle"
    language: str | None = None  # ISO 639-1 code, where the page says or the text tells


@dataclass
class EntityRecord:
    """One real-world thing as a document (then the corpus) knows it.

    `key` identifies it across documents: "state:RUS", "org:ASEAN", "person:marco rubio",
    "place:MYS:kuala lumpur", "group:UKR:official".
    """

    key: str
    kind: str  # Person, State, Organization, InternationalOrganization, GovernmentBody, Group, Place
    label: str
    alt_labels: set[str] = field(default_factory=set)
    country: str | None = None  # key of the State it belongs to (for a Place: the state it lies in)
    iso_code: str | None = None
    wikidata: str | None = None
    sector: str | None = None
    mentions: int = 0


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    sentence: str
    start: int
    end: int
    confidence: float
    trigger: str = ""
    reported_by: str | None = None  # entity key of the speaker, when the text attributes it


@dataclass
class RoleRecord:
    person: str  # entity key
    title: str
    of: str | None  # entity key of the State or Organization
    former: bool
    evidence: list[Evidence] = field(default_factory=list)
    # `of` is only the one state the sentence names; it gives way to what the corpus knows of the person
    guessed: bool = False


@dataclass
class EventRecord:
    cls: str  # one of the sixteen PLOVER classes
    actors: list[str]  # entity keys
    recipients: list[str] = field(default_factory=list)
    place: str | None = None  # entity key of a Place or State
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    mode: str | None = None
    status: str | None = None  # "future", "hypothetical", "negated"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    doc: Document
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    roles: list[RoleRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything the build knows after resolution: what `rdf` turns into triples."""

    documents: list[Document]
    entities: dict[str, EntityRecord]
    roles: list[RoleRecord]
    events: list[EventRecord]
