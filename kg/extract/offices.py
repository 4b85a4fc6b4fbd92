"""Offices named without their holder: "the German chancellor warned", "met the US Secretary of State";
and the titles of those named with one ("the foreign minister, Sergei Lavrov, said"), which stand for them.

An office is never an entity of its own: its mention stands for its holder. Here, the holder this
document names: the person it gives that office (the latest before the mention), or a person it names
whom the people gazetteer knows held it at the document's date. Failing that, the mention stands as a
placeholder of kind "Office" ("office:DEU:chancellor:2017") that the resolve stage settles with the
corpus and the gazetteer, or else with the office's state. A role carries the mention's sentence to
whoever the holder turns out to be.
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ..knowledge import fold
from ..records import RoleRecord
from .mentions import DocumentEntities, names_one_person
from .evidence import sentence_evidence
from .roles import PERSON_COUNTRY, DocumentRoles, Office

OFFICE = "office:"


def read_office_mentions(doc_id: str, entities: DocumentEntities, roles: DocumentRoles,
                         published: date | None) -> None:
    """Point the tokens of every office named without its holder at the holder (or a placeholder)."""
    year = published.year if published else None
    for office in roles.offices:
        if office.holder is not None:  # "the foreign minister, Sergei Lavrov,": the title is his too
            for i in range(office.start, office.span.end):
                entities.token_entity.setdefault(i, office.holder)
            continue
        if not names_one_person(office.span.root) or office.span.root.dep_ == "compound":
            continue  # "a US senator", "foreign ministers"; "the President Hotel"
        state = _state(office.of, entities) if office.explicit else None
        holder = _holder_named_here(office, state, roles, entities, year)
        if holder is None and state is None:
            continue  # "the minister said", with no minister in sight: nobody can be named
        key = holder or (_placeholder(entities, office, state, year) if _one_per_state(office, entities)
                         else state)
        for i in range(office.start, office.span.end):
            entities.token_entity[i] = key
        if not key.startswith("state:"):  # "he" may stand for an office's holder, never for its state
            entities.person_mentions.append((office.span.root.i, key))
        if key.startswith(OFFICE) and not entities.knowledge.offices.get(office.span.label_, {}).get("generic"):
            # "the German leader" names Merkel, but not her office
            roles.roles.append(RoleRecord(person=key, title=office.title, of=state, former=False,
                                          evidence=[sentence_evidence(office.span.sent, doc_id, 0.6,
                                                                      office.span.doc[office.start: office.span.end].text)]))
    entities.person_mentions.sort()


def _state(of: str | None, entities: DocumentEntities) -> str | None:
    """The state an office belongs to, as far as this document tells."""
    if of is None:
        return None
    if of.startswith(PERSON_COUNTRY):  # "Trump's envoy"
        record = entities.records.get(of.removeprefix(PERSON_COUNTRY))
        return record.country if record is not None else None
    record = entities.records.get(of)
    if record is None:  # a demonym's state has no record yet ("the Dutch envoy")
        return entities.ensure_state(of.removeprefix("state:")) if of.startswith("state:") else None
    return of if record.kind == "State" else record.country


def _holder_named_here(office: Office, state: str | None, roles: DocumentRoles, entities: DocumentEntities,
                       year: int | None) -> str | None:
    """The person this document names with the office: in a role it states (the latest before the mention,
    else the first after), else a person it names whom the people gazetteer knows held the office."""
    stated = {r.person for r in roles.roles if same_office(office.title, r.title) and r.person.startswith("person:")
              and (state is None or r.of in (state, None))}
    if stated:
        return _most_salient(stated, entities, office.span.root)
    if state is None:
        return None
    known = entities.knowledge.people
    iso3 = state.removeprefix("state:")
    named = [key for key, record in entities.records.items() if record.kind == "Person"
             and (entry := known.by_name.get(key)) is not None
             and entry in known.holders(office.title, iso3, year)]
    return named[0] if len(named) == 1 else None


def _most_salient(persons: set[str], entities: DocumentEntities, mention: Token) -> str:
    """Of several holders, the one last named as a subject before the mention, else the one last named
    before it ("President Trump said ... Putin, the Russian president, ... Earlier, the president dismissed"),
    else the first named after it."""
    mentions = [(i, key) for i, key in entities.person_mentions if key in persons]
    before = [(i, key) for i, key in mentions if i < mention.i]
    subjects = [key for i, key in before if mention.doc[i].dep_ in ("nsubj", "nsubjpass")]
    if subjects or before:
        return (subjects or [key for _, key in before])[-1]
    return ([key for _, key in mentions] or sorted(persons))[0]


def same_office(mention: str, stated: str) -> bool:
    """"the minister" may be the document's Foreign Minister; "the president" is not its Vice President."""
    if mention == stated:
        return True
    words = stated.split()
    return " " not in mention and words[-1] == mention and words[0].lower() not in ("vice", "deputy")


def _one_per_state(office: Office, entities: DocumentEntities) -> bool:
    """Whether a state has one holder of the office at a time, whom the corpus or the gazetteer may name: not a
    diplomat's post (a state has an ambassador in every capital) nor a generic title ("spokesperson"), but
    "leader", its chief executive."""
    title = entities.knowledge.offices.get(office.span.label_, {})
    return title.get("sector") != "DIP" and (not title.get("generic") or office.title == "Leader")


def _placeholder(entities: DocumentEntities, office: Office, state: str, year: int | None) -> str:
    iso3 = state.removeprefix("state:")
    key = f"{OFFICE}{iso3}:{fold(office.title)}:{year or ''}"
    label = office.span.doc[office.start: office.span.end].text
    entities.add(key, "Office", label, country=state)
    return key
