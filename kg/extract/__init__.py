"""The extract stage: one parsed document -> an Extraction (entities, roles, events, evidence).

Reads spaCy Docs only; knows nothing of RDF. Mentions are resolved within the document here;
the `resolve` stage merges across documents.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..knowledge import Knowledge, load
from ..records import Document, Extraction
from .dateline import read_dateline
from .events import find_events
from .mentions import DocumentEntities, find_entities
from .offices import read_office_mentions
from .roles import PERSON_COUNTRY, find_roles, title_spans

__all__ = ["extract"]


def extract(document: Document, doc: Doc, knowledge: Knowledge | None = None) -> Extraction:
    knowledge = knowledge or load()
    dateline = read_dateline(document.text, document.published)
    dateline_end = _token_end(doc, dateline.end) if dateline else -1
    titles = title_spans(doc)  # once per document: mentions, roles and events all read them
    title_tokens = {i for span in titles for i in range(span.start, span.end)}
    entities = find_entities(doc, knowledge, title_tokens, dateline_end)
    roles = find_roles(doc, document.id, entities, titles)
    anchor = (dateline.date if dateline and dateline.date else None) or document.published
    read_office_mentions(document.id, entities, roles, anchor)
    events = find_events(doc, document.id, knowledge, entities, roles, anchor, dateline_end, titles)
    _complete_states(entities, roles.roles, events)
    return Extraction(doc=document, entities=entities.records, roles=roles.roles, events=events)


def _token_end(doc: Doc, char: int) -> int:
    """Index of the first token at or after a character offset."""
    return next((t.i for t in doc if t.idx >= char), len(doc))


def _complete_states(entities: DocumentEntities, roles, events) -> None:
    """A state named only through a demonym ("Italian Prime Minister") still needs its node."""
    keys = {r.of for r in roles if r.of and not r.of.startswith(PERSON_COUNTRY)}
    keys |= {k for e in events for k in (*e.actors, *e.recipients, e.place) if k}
    keys |= {r.country for r in entities.records.values() if r.country}
    for key in keys:
        if key.startswith("state:"):
            entities.ensure_state(key.split(":")[1])
